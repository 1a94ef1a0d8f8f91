// `cdr credentials` shows the Earthdata Login; `cdr get` logs in to DAACs once per batch and refuses an expired
// token before any request. Against the Earthdata stand-ins, through the built CLI as a user runs it.
import assert from 'node:assert/strict';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BUCKET, startEarthdataStandIns, type EarthdataStandIns } from '../../../support/earthdata/standIns';
import { KiB, payload, tempDir } from '../../core/transfer/helpers';
import { runCdr as cdr } from '../../../support/runCdr';

function jwt(claims: object): string {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ typ: 'JWT', alg: 'RS256' })}.${b(claims)}.c2lnbmF0dXJl`;
}

describe('cdr and Earthdata Login', () => {
  let s: EarthdataStandIns;
  const data = new Map<string, Buffer>();
  before(async () => {
    s = await startEarthdataStandIns([{ username: 'alice', password: 'pw' }]);
    for (let i = 0; i < 3; i++) {
      data.set(`g/${i}.h5`, payload(4 * KiB + i));
      await s.s3rver.put(BUCKET, `g/${i}.h5`, data.get(`g/${i}.h5`) as Buffer);
    }
  });
  after(() => s.stop());

  const baseEnv = (home: string) => ({
    HOME: home,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    EARTHDATA_LOGIN_URL: s.edl.origin,
    CDR_EARTHDATA_DAACS: JSON.stringify([
      { id: 'tea-standin', origins: [s.tea.origin], s3CredentialsUrl: s.tea.s3CredentialsUrl, region: 'us-west-2' },
    ]),
  });
  const urls = () => [...data.keys()].map((k) => `${s.tea.origin}/${BUCKET}/${k}`);

  it('credentials --json: source, where, user and expiry of the token, never the token', async (t) => {
    const home = await tempDir(t);
    const token = jwt({ uid: 'alice', exp: Math.floor(Date.now() / 1000) + 30 * 86400 });
    const r = await cdr(['credentials', '--json', '--botocore-version', '1.40.0'], {
      ...baseEnv(home),
      EARTHDATA_TOKEN: token,
    });
    assert.equal(r.status, 0, r.stderr);
    const e = (JSON.parse(r.stdout) as { earthdata: Record<string, unknown> }).earthdata;
    assert.equal(e.source, 'env-token');
    assert.equal(e.where, 'EARTHDATA_TOKEN');
    assert.equal(e.user, 'alice');
    assert.equal(e.expired, false);
    assert.match(String(e.tokenExpiresAt), /^\d{4}-\d\d-\d\dT/);
    assert.ok(!r.stdout.includes(token) && !r.stderr.includes(token));
    const text = await cdr(['credentials', '--botocore-version', '1.40.0'], {
      ...baseEnv(home),
      EARTHDATA_TOKEN: token,
    });
    assert.match(
      text.stdout,
      /earthdata: env-token \(EARTHDATA_TOKEN\)\n {2}login: {3}http:\/\/127\.0\.0\.1:\d+\n {2}user: {4}alice/,
    );
    assert.match(text.stdout, /expires: .* \(in (29|30) days\)/);
  });

  it('credentials: a .netrc others can read is a problem, with its path and mode', async (t) => {
    const home = await tempDir(t);
    await writeFile(join(home, '.netrc'), 'machine 127.0.0.1 login alice password pw\n');
    await chmod(join(home, '.netrc'), 0o644);
    const r = await cdr(['credentials', '--json', '--botocore-version', '1.40.0'], baseEnv(home));
    const e = (JSON.parse(r.stdout) as { earthdata: { source: unknown; problems: string[] } }).earthdata;
    assert.equal(e.source, null);
    assert.match(
      e.problems.join('\n'),
      new RegExp(`${join(home, '.netrc')} is readable by other users \\(mode 0644\\)`),
    );
    assert.ok(!r.stdout.includes('password pw'));
  });

  it('get: the .netrc login, one login for the batch, Basic to Earthdata Login only', async (t) => {
    const home = await tempDir(t);
    await writeFile(join(home, '.netrc'), 'machine 127.0.0.1 login alice password pw\n', { mode: 0o600 });
    for (const r of [s.edl.requests, s.tea.requests, s.s3.requests]) r.length = 0;
    const out = join(home, 'out');
    const r = await cdr(['get', ...urls(), '-o', out, '--layout', 'flat', '--json'], baseEnv(home));
    assert.equal(r.status, 0, r.stderr);
    const results = JSON.parse(r.stdout) as { status: string }[];
    assert.deepEqual(
      results.map((x) => x.status),
      ['COMPLETE', 'COMPLETE', 'COMPLETE'],
    );
    assert.ok((await readFile(join(out, '1.h5'))).equals(data.get('g/1.h5') as Buffer));
    const basic = [...s.edl.requests, ...s.tea.requests, ...s.s3.requests].filter((q) =>
      /^Basic /.test(String(q.headers.authorization ?? '')),
    );
    assert.equal(basic.length, 1);
    assert.equal(s.edl.requests.includes(basic[0]), true);
    assert.ok(s.s3.requests.every((q) => q.headers.authorization === undefined));
  });

  it('get: an expired EARTHDATA_TOKEN is refused before the first request (exit 2)', async (t) => {
    const home = await tempDir(t);
    for (const r of [s.edl.requests, s.tea.requests, s.s3.requests]) r.length = 0;
    const token = jwt({ uid: 'alice', exp: Math.floor(Date.now() / 1000) - 3600 });
    const r = await cdr(['get', ...urls(), '-o', join(home, 'out')], { ...baseEnv(home), EARTHDATA_TOKEN: token });
    assert.equal(r.status, 2, r.stderr);
    assert.match(
      r.stderr,
      /refusing to start 3 Earthdata downloads: the Earthdata token in EARTHDATA_TOKEN expired at/,
    );
    assert.ok(!r.stderr.includes(token));
    assert.equal(s.edl.requests.length + s.tea.requests.length + s.s3.requests.length, 0, 'no request was sent');
  });

  it('get: a live token goes to the DAAC as a bearer, with no login round trip', async (t) => {
    const home = await tempDir(t);
    for (const r of [s.edl.requests, s.tea.requests, s.s3.requests]) r.length = 0;
    const token = s.edl.issueToken('alice');
    const r = await cdr(['get', urls()[0], '-o', join(home, 'out')], { ...baseEnv(home), EARTHDATA_TOKEN: token });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(s.edl.requests.length, 0);
    assert.ok(s.tea.requests.every((q) => q.headers.authorization === `Bearer ${token}`));
  });
});
