import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveCredentialSource } from '../../../../src/core/credentials/index';
import { render } from '../../../../src/core/messages';
import { assertWellFormed } from '../messageChecks';

let tmp = '';
let n = 0;
/** A fresh HOME with the given files; returns an env that never reaches IMDS. */
function home(files: Record<string, string>): { env: Record<string, string>; dir: string } {
  const dir = join(tmp, `h${n++}`);
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), body);
  }
  mkdirSync(dir, { recursive: true });
  return { dir, env: { HOME: dir, AWS_EC2_METADATA_DISABLED: 'true' } };
}
const resolve = (env: Record<string, string>, extra: { profile?: string } = {}) =>
  resolveCredentialSource({ env, homedir: env.HOME!, systemBotoConfig: join(tmp, 'no-boto.cfg'), ...extra });
const STATIC = 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = s\n';

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cdr-resolve-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('resolveCredentialSource', () => {
  it('names the winner, redacts the key and explains every skipped source', async () => {
    const { env } = home({
      '.aws/credentials': `[default]\n${STATIC}`,
      '.aws/config': '[default]\nregion = eu-west-1\n',
    });
    const r = await resolve(env);
    assert.equal(r.source, 'shared-credentials-file');
    assert.equal(r.accessKeyId, 'AKIA…MPLE');
    assert.equal(r.profile, null);
    assert.equal(r.region, 'eu-west-1');
    assert.match(r.regionSource!, /^profile default \(.*\/\.aws\/config:2\)$/);
    assert.deepEqual(
      r.chain.map((s) => [s.method, s.outcome]),
      [
        ['env', 'skipped'],
        ['assume-role', 'skipped'],
        ['assume-role-with-web-identity', 'skipped'],
        ['sso', 'skipped'],
        ['shared-credentials-file', 'won'],
      ],
    );
    assert.match(r.chain[0]!.reason, /AWS_ACCESS_KEY_ID is not set/);
    assert.doesNotMatch(JSON.stringify(r), /AKIAIOSFODNN7EXAMPLE|aws_secret/);
  });

  it('every reason carries a stable id, and renders to exactly the reason the CLI prints', async () => {
    const { env } = home({
      '.aws/credentials': `[base]\n${STATIC}`,
      '.aws/config':
        '[profile ops]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\n' +
        '[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n' +
        '[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n' +
        '[profile bad]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = missing\n',
    });
    const results = await Promise.all(['ops', 'dev', 'bad', 'base'].map((profile) => resolve(env, { profile })));
    for (const r of results)
      for (const s of r.chain) {
        assertWellFormed(s.message, s.method);
        assert.equal(render(s.message), s.reason);
      }
    const [ops, dev, bad] = results;
    assert.deepEqual(
      ops!.chain.map((s) => s.message.id),
      ['credentials.env.explicit-profile', 'credentials.assume-role.deferred'],
    );
    // Nested: the assume-role reason holds the source-profile chain as its own message.
    assert.equal((ops!.chain[1]!.message.args[0] as { id: string }).id, 'credentials.assume-role.source-profile');
    assert.equal(dev!.chain.at(-1)!.message.id, 'credentials.sso.session-token');
    assert.match(dev!.chain.at(-1)!.reason, /no cached SSO token; run aws sso login --profile dev$/);
    // A failure is botocore's English, carried as data.
    assert.deepEqual([bad!.chain.at(-1)!.outcome, bad!.chain.at(-1)!.message.id], ['error', 'data']);
  });

  it('env keys win over AWS_PROFILE, an explicit profile skips them', async () => {
    const { env } = home({ '.aws/credentials': `[dev]\n${STATIC}` });
    const withEnv = {
      ...env,
      AWS_PROFILE: 'dev',
      AWS_ACCESS_KEY_ID: 'AKIAENVEXAMPLE000001',
      AWS_SECRET_ACCESS_KEY: 'x',
    };
    assert.equal((await resolve(withEnv)).source, 'env');
    const explicit = await resolve(withEnv, { profile: 'dev' });
    assert.equal(explicit.source, 'shared-credentials-file');
    assert.equal(explicit.profileSource, 'explicit');
    assert.match(explicit.chain[0]!.reason, /chosen explicitly/);
  });

  it('reports a missing profile as ProfileNotFound, bad input, with no chain', async () => {
    const { env } = home({});
    const r = await resolve({
      ...env,
      AWS_PROFILE: 'nope',
      AWS_ACCESS_KEY_ID: 'AKIAENVEXAMPLE000001',
      AWS_SECRET_ACCESS_KEY: 'x',
    });
    assert.equal(r.source, null);
    assert.equal(r.errorType, 'ProfileNotFound');
    assert.equal(r.badInput, true);
    assert.match(r.error!, /\(nope\).*AWS_PROFILE/);
    assert.deepEqual(r.chain, []);
  });

  it('a parse error is fatal and names file:line, even with env keys', async () => {
    const { env, dir } = home({ '.aws/config': '[default]\nregion = a\nregion = b\n' });
    const r = await resolve({ ...env, AWS_ACCESS_KEY_ID: 'AKIAENVEXAMPLE000001', AWS_SECRET_ACCESS_KEY: 'x' });
    assert.equal(r.errorType, 'ConfigParseError');
    assert.deepEqual(r.errorLocation, { file: join(dir, '.aws/config'), line: 3 });
    assert.ok(r.error!.includes(`${join(dir, '.aws/config')}:3`));
  });

  it('assume-role is deferred: no STS call, and the error of a broken source is kept in the chain', async () => {
    const { env } = home({
      '.aws/config': `[profile base]\n${STATIC}[profile dev]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n[profile bad]\nrole_arn = r\nsource_profile = nope\n`,
    });
    const ok = await resolve({ ...env, AWS_PROFILE: 'dev' });
    assert.equal(ok.source, 'assume-role');
    assert.equal(ok.chain.at(-1)!.outcome, 'deferred');
    assert.equal(ok.accessKeyId, null);
    const bad = await resolve({ ...env, AWS_PROFILE: 'bad' });
    assert.equal(bad.errorType, 'InvalidConfigError');
    const { message, ...last } = bad.chain.at(-1)!;
    assert.deepEqual(last, { method: 'assume-role', outcome: 'error', reason: bad.error });
    assert.equal(render(message), bad.error);
    assert.match(bad.error!, /config:9\)$/);
  });

  it('SSO is deferred, and the chain says whether the cached token is still valid', async () => {
    const sha1 = createHash('sha1').update('corp').digest('hex');
    const config =
      '[profile dev]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n[sso-session corp]\nsso_start_url = https://example.invalid/start\nsso_region = us-east-1\n';
    const { env } = home({
      '.aws/config': config,
      [`.aws/sso/cache/${sha1}.json`]: JSON.stringify({ accessToken: 'x', expiresAt: '2030-01-01T00:00:00Z' }),
    });
    const at = (iso: string) =>
      resolveCredentialSource({ env: { ...env, AWS_PROFILE: 'dev' }, homedir: env.HOME!, now: () => Date.parse(iso) });
    const valid = await at('2029-12-31T00:00:00Z');
    assert.equal(valid.source, 'sso');
    assert.equal(valid.chain.at(-1)!.outcome, 'deferred');
    assert.match(valid.chain.at(-1)!.reason, /valid until 2030-01-01T00:00:00.000Z/);
    const expired = await at('2030-02-01T00:00:00Z');
    assert.match(expired.chain.at(-1)!.reason, /expired at 2030-01-01T00:00:00.000Z; run aws sso login --profile dev/);
  });

  it('reports AWS_REGION separately: boto3 ignores it', async () => {
    const { env } = home({});
    const r = await resolve({ ...env, AWS_REGION: 'eu-central-1' });
    assert.equal(r.region, null);
    assert.equal(r.jsRegion, 'eu-central-1');
  });

  it('runs credential_process without a shell and reports its expiry', async () => {
    const script = join(tmp, 'proc ok.js');
    writeFileSync(
      script,
      `process.stdout.write(JSON.stringify({Version:1,AccessKeyId:'AKIAPROCESSEXAMPLE01',SecretAccessKey:'s',Expiration:'2030-01-01T00:00:00Z',Arg:process.argv[2]}))`,
    );
    const { env } = home({ '.aws/config': `[default]\ncredential_process = ${process.execPath} "${script}" $HOME\n` });
    const r = await resolve(env);
    assert.equal(r.source, 'custom-process');
    assert.equal(r.accessKeyId, 'AKIA…LE01');
    assert.equal(r.expiresAt, '2030-01-01T00:00:00.000Z');
  });

  it('a failing credential_process is an error of that source, not a fall-through', async () => {
    const { env } = home({
      '.aws/config': `[default]\ncredential_process = ${process.execPath} -e "process.exit(4)"\n`,
    });
    const r = await resolve({ ...env, BOTO_CONFIG: '' });
    assert.equal(r.source, null);
    assert.equal(r.errorType, 'CredentialRetrievalError');
    assert.equal(r.badInput, false);
    assert.equal(r.chain.at(-1)!.method, 'custom-process');
    assert.match(r.error!, /exited with 4/);
  });

  it('does not probe IMDS unless told the context is EC2 or given an endpoint', async () => {
    const { env } = home({});
    const noDisable = { HOME: env.HOME! };
    const r = await resolve(noDisable);
    assert.equal(r.source, null);
    assert.deepEqual(r.chain.at(-1), {
      method: 'iam-role',
      outcome: 'skipped',
      reason: 'instance metadata not probed: not known to run on EC2',
      message: {
        id: 'credentials.imds.not-probed',
        text: 'instance metadata not probed: not known to run on EC2',
        args: [],
      },
    });
  });
});

describe('network sources against local servers', () => {
  let server: http.Server;
  let base = '';
  const seen: string[] = [];
  before(async () => {
    server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      if (req.url === '/creds') {
        res.end(
          JSON.stringify({
            AccessKeyId: 'ASIACONTAINER0000001',
            SecretAccessKey: 's',
            Token: 't',
            Expiration: '2031-05-01T00:00:00Z',
          }),
        );
      } else if (req.url === '/latest/api/token') res.end('TOK');
      else if (req.url === '/latest/meta-data/iam/security-credentials/') res.end('role');
      else if (req.url === '/latest/meta-data/iam/security-credentials/role')
        res.end(
          JSON.stringify({
            AccessKeyId: 'ASIAIMDS000000000001',
            SecretAccessKey: 's',
            Token: 't',
            Expiration: '2031-05-01T00:00:00Z',
          }),
        );
      else {
        res.statusCode = 500;
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('container: calls FULL_URI with the authorization token', async () => {
    const { env } = home({});
    const r = await resolve({
      ...env,
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `${base}/creds`,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'Bearer xyz',
    });
    assert.equal(r.source, 'container-role');
    assert.equal(r.expiresAt, '2031-05-01T00:00:00.000Z');
    assert.ok(seen.includes('GET /creds Bearer xyz'));
  });

  it('container: a failing endpoint is fatal, and a non-loopback host is refused before any call', async () => {
    const { env } = home({});
    const failed = await resolve({ ...env, AWS_CONTAINER_CREDENTIALS_FULL_URI: `${base}/nope` });
    assert.equal(failed.errorType, 'CredentialRetrievalError');
    const refused = await resolve({ ...env, AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://10.0.0.1/creds' });
    assert.match(refused.error!, /'10\.0\.0\.1' is not allowed/);
  });

  it('iam-role: IMDSv2 through AWS_EC2_METADATA_SERVICE_ENDPOINT', async () => {
    const { env } = home({});
    const r = await resolve({ HOME: env.HOME!, AWS_EC2_METADATA_SERVICE_ENDPOINT: base });
    assert.equal(r.source, 'iam-role');
    assert.equal(r.accessKeyId, 'ASIA…0001');
  });
});
