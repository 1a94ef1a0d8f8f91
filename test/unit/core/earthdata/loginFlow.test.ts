// The Earthdata Login flow through the transfer engine, against local stand-ins for EDL, a TEA DAAC, a Cumulus DAAC
// and S3 that refuses presigned requests carrying an Authorization header. The headers every server received show
// where credentials went.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { EarthdataSession } from '../../../../src/core/earthdata/loginSession';
import type { EarthdataLogin } from '../../../../src/core/earthdata/types';
import type { DownloadItem } from '../../../../src/core/transfer/index';
import { startEarthdataStandIns, BUCKET, type EarthdataStandIns } from '../../../support/earthdata/standIns';
import type { RecordedRequest } from '../../../support/earthdata/recorder';
import { fetchAll, payload, tempDir, KiB } from '../transfer/helpers';

const USER = { username: 'alice', password: 'pa55:word', eulaNotAccepted: [] as string[] };
const BOB = { username: 'bob', password: 'bobpw', eulaNotAccepted: ['daac-tea', 'daac-cumulus'] };

function passwordLogin(u: { username: string; password: string }): EarthdataLogin {
  return {
    source: 'env-password',
    where: 'EARTHDATA_USERNAME/EARTHDATA_PASSWORD',
    user: u.username,
    token: null,
    tokenExpiresAt: null,
    basic: { username: u.username, password: u.password },
  };
}

function tokenLogin(token: string): EarthdataLogin {
  return { source: 'env-token', where: 'EARTHDATA_TOKEN', user: null, token, tokenExpiresAt: null, basic: null };
}

const auth = (r: RecordedRequest) => r.headers.authorization as string | undefined;
const isBasic = (r: RecordedRequest) => /^Basic /i.test(auth(r) ?? '');

describe('Earthdata Login flow through downloads', () => {
  let s: EarthdataStandIns;
  const files = new Map<string, Buffer>();

  before(async () => {
    s = await startEarthdataStandIns([USER, BOB]);
    for (let i = 0; i < 20; i++) {
      const data = payload(3 * KiB + i);
      files.set(`HLS/g${i}.tif`, data);
      await s.s3rver.put(BUCKET, `HLS/g${i}.tif`, data);
    }
    const big = payload(300 * KiB);
    files.set('HLS/big.tif', big);
    await s.s3rver.put(BUCKET, 'HLS/big.tif', big);
  });
  after(() => s.stop());

  const session = (
    login: EarthdataLogin | null,
    extra: Partial<ConstructorParameters<typeof EarthdataSession>[0]> = {},
  ) =>
    new EarthdataSession({
      loginOrigin: s.edl.origin,
      login,
      bearerOrigins: [s.tea.origin, s.cumulus.origin],
      ...extra,
    });
  const item = (origin: string, key: string): DownloadItem => ({
    uri: `${origin}/${BUCKET}/${key}`,
    via: 'http',
    httpUrl: `${origin}/${BUCKET}/${key}`,
  });
  const clear = () => {
    for (const r of [s.edl.requests, s.tea.requests, s.cumulus.requests, s.s3.requests]) r.length = 0;
  };

  it('TEA (302/301/303): 20 files, one login, Basic only to Earthdata Login, nothing extra on the presigned URLs', async (t) => {
    clear();
    const dest = await tempDir(t);
    const keys = [...files.keys()].filter((k) => k !== 'HLS/big.tif');
    const results = await fetchAll(
      keys.map((k) => item(s.tea.origin, k)),
      { destDir: dest, layout: 'flat', httpSession: session(passwordLogin(USER)) },
    );
    assert.deepEqual(
      results.map((r) => r.status),
      keys.map(() => 'COMPLETE'),
      results.map((r) => r.error).join('\n'),
    );
    for (const k of keys)
      assert.ok((await readFile(join(dest, k.split('/')[1]))).equals(files.get(k) as Buffer), `${k} content`);
    const all = s.all();
    // One login for the batch: one challenge and one answer at EDL, one code traded at the DAAC.
    const authorize = s.edl.requests.filter((r) => r.url.startsWith('/oauth/authorize'));
    assert.equal(authorize.filter(isBasic).length, 1, 'one Basic answer');
    assert.equal(authorize.length, 2, 'the challenge and its answer, once for 20 files');
    assert.equal(s.tea.requests.filter((r) => r.url.startsWith('/login')).length, 1, 'one /login at the DAAC');
    // Basic reached no host but EDL, and went there only on the authorize request that answered a challenge.
    assert.deepEqual(
      all.filter(isBasic).map((r) => r.server),
      ['edl'],
    );
    assert.equal(
      s.s3.requests.filter((r) => auth(r) !== undefined).length,
      0,
      'no Authorization on any presigned request',
    );
    assert.ok(s.s3.requests.every((r) => r.url.includes('X-Amz-Signature=')));
    assert.ok(
      s.s3.requests.every((r) => r.headers.cookie === undefined),
      'no cookie leaks to storage',
    );
  });

  it('Cumulus (307/301/307): EDL shows its login page instead of a challenge; Basic is resent to EDL only', async (t) => {
    clear();
    const dest = await tempDir(t);
    const keys = ['HLS/g1.tif', 'HLS/g2.tif', 'HLS/g3.tif', 'HLS/g4.tif', 'HLS/g5.tif'];
    const results = await fetchAll(
      keys.map((k) => item(s.cumulus.origin, k)),
      { destDir: dest, layout: 'flat', httpSession: session(passwordLogin(USER)) },
    );
    assert.deepEqual(
      results.map((r) => r.status),
      keys.map(() => 'COMPLETE'),
      results.map((r) => r.error).join('\n'),
    );
    assert.equal(s.edl.requests.filter(isBasic).length, 1);
    assert.deepEqual(
      s
        .all()
        .filter(isBasic)
        .map((r) => r.server),
      ['edl'],
    );
    assert.equal(s.cumulus.requests.filter((r) => r.url.startsWith('/login')).length, 1);
    assert.ok(
      s.cumulus.requests
        .filter((r) => !r.url.startsWith('/login'))
        .slice(-1)[0]
        .headers.cookie?.includes('accessToken='),
      'the DAAC cookie is sent back',
    );
  });

  it('a bearer token goes to the DAAC only: no login round trip, no token at EDL or S3', async (t) => {
    clear();
    const dest = await tempDir(t);
    const token = s.edl.issueToken('alice');
    const results = await fetchAll([item(s.tea.origin, 'HLS/g7.tif'), item(s.cumulus.origin, 'HLS/g8.tif')], {
      destDir: dest,
      layout: 'flat',
      httpSession: session(tokenLogin(token)),
    });
    assert.deepEqual(
      results.map((r) => r.status),
      ['COMPLETE', 'COMPLETE'],
      results.map((r) => r.error).join('\n'),
    );
    assert.equal(s.edl.requests.length, 0, 'no EDL round trip');
    const bearers = s.all().filter((r) => auth(r) === `Bearer ${token}`);
    assert.ok(bearers.length >= 2);
    assert.ok(bearers.every((r) => r.server === 'tea' || r.server === 'cumulus'));
    assert.equal(s.s3.requests.filter((r) => auth(r) !== undefined).length, 0);
  });

  it('the same token is not sent to origins outside the list', async (t) => {
    clear();
    const dest = await tempDir(t);
    const token = s.edl.issueToken('alice');
    const results = await fetchAll([item(s.tea.origin, 'HLS/g9.tif')], {
      destDir: dest,
      layout: 'flat',
      // The DAAC is not in the list: no bearer, so it falls back to the login flow (which this login cannot do).
      httpSession: session(tokenLogin(token), { bearerOrigins: [s.cumulus.origin] }),
    });
    assert.equal(results[0].status, 'ERROR');
    assert.equal(s.all().filter((r) => auth(r) !== undefined).length, 0, 'the token went nowhere');
    assert.match(results[0].error ?? '', /token was not accepted|Earthdata Login/);
  });

  it('a EULA not accepted is one readable message with the link, in both the login flow and with a token', async (t) => {
    clear();
    const dest = await tempDir(t);
    const viaLogin = await fetchAll([item(s.tea.origin, 'HLS/g1.tif')], {
      destDir: dest,
      layout: 'flat',
      httpSession: session(passwordLogin(BOB)),
    });
    assert.equal(viaLogin[0].status, 'ERROR');
    assert.match(viaLogin[0].error ?? '', /EULA must be accepted first/);
    assert.ok(viaLogin[0].error?.includes(s.edl.eulaUrl('daac-tea')), viaLogin[0].error ?? '');
    assert.equal(viaLogin[0].errorCode, 'login-required');
    clear();
    const many = await fetchAll(
      ['HLS/g1.tif', 'HLS/g2.tif', 'HLS/g3.tif', 'HLS/g4.tif'].map((k) => item(s.tea.origin, k)),
      { destDir: dest, layout: 'flat', httpSession: session(passwordLogin(BOB)) },
    );
    assert.ok(many.every((x) => x.error?.includes(s.edl.eulaUrl('daac-tea'))));
    assert.equal(s.edl.requests.filter(isBasic).length, 1, 'one login attempt for the batch, not one per file');
    const viaToken = await fetchAll([item(s.cumulus.origin, 'HLS/g1.tif')], {
      destDir: dest,
      layout: 'flat',
      httpSession: session(tokenLogin(s.edl.issueToken('bob'))),
    });
    assert.equal(viaToken[0].status, 'ERROR');
    assert.match(
      viaToken[0].error ?? '',
      /EULA must be accepted first.*accept it at .*approve_app\?client_id=daac-cumulus/,
    );
    assert.match(viaToken[0].error ?? '', /EULA Acceptance Failure/);
  });

  it('wrong password: EDL is asked once for the whole batch, each file says where the password came from', async (t) => {
    clear();
    const dest = await tempDir(t);
    const r = await fetchAll(
      ['HLS/g1.tif', 'HLS/g2.tif', 'HLS/g3.tif', 'HLS/g4.tif', 'HLS/g5.tif', 'HLS/g6.tif'].map((k) =>
        item(s.tea.origin, k),
      ),
      { destDir: dest, layout: 'flat', httpSession: session(passwordLogin({ username: 'alice', password: 'wrong' })) },
    );
    assert.deepEqual(
      r.map((x) => x.status),
      r.map(() => 'ERROR'),
    );
    assert.ok(
      r.every((x) => /Earthdata Login refused the user name and password from EARTHDATA_USERNAME/.test(x.error ?? '')),
    );
    assert.match(r[0].error ?? '', /Earthdata Login refused the user name and password from EARTHDATA_USERNAME/);
    assert.ok(!(r[0].error ?? '').includes('wrong'), 'the password is never shown');
    // Twenty wrong passwords could lock the account: one try, then every file learns the answer from the session.
    assert.equal(s.edl.requests.filter(isBasic).length, 1, 'not retried with the same bad password');
  });

  it('an expired presigned URL sends the next part back to the DAAC for a fresh one', async (t) => {
    clear();
    const dest = await tempDir(t);
    s.s3.expireAfterUses(1);
    t.after(() => s.s3.expireAfterUses(null));
    const [r] = await fetchAll([item(s.tea.origin, 'HLS/big.tif')], {
      destDir: dest,
      layout: 'flat',
      httpSession: session(passwordLogin(USER)),
    });
    assert.equal(r.status, 'COMPLETE', r.error ?? '');
    assert.ok((await readFile(join(dest, 'big.tif'))).equals(files.get('HLS/big.tif') as Buffer));
    const expired = s.s3.requests.length - new Set(s.s3.requests.map((x) => x.url)).size;
    assert.ok(expired >= 1, 'some presigned URL was refused as expired and replaced');
    assert.equal(s.edl.requests.filter(isBasic).length, 1, 'the fresh URLs needed no new login');
  });

  it('resumes an interrupted file through the redirects on the next run', async (t) => {
    clear();
    const dest = await tempDir(t);
    const opts = { destDir: dest, layout: 'flat' as const, partSize: 64 * KiB, concurrency: 1 };
    s.s3.dropBodies(10 * KiB, 1, 1);
    const [first] = await fetchAll([item(s.tea.origin, 'HLS/big.tif')], {
      ...opts,
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
      httpSession: session(passwordLogin(USER)),
    });
    assert.equal(first.status, 'ERROR', 'the dropped connection ends the first run');
    s.s3.requests.length = 0;
    const [second] = await fetchAll([item(s.tea.origin, 'HLS/big.tif')], {
      ...opts,
      httpSession: session(passwordLogin(USER)),
    });
    assert.equal(second.status, 'COMPLETE', second.error ?? '');
    assert.equal(second.resumed, true);
    assert.ok((await readFile(join(dest, 'big.tif'))).equals(files.get('HLS/big.tif') as Buffer));
    const gets = s.s3.requests.filter((r) => r.method === 'GET');
    assert.ok(gets.length > 0);
    assert.ok(
      gets.every((r) => !String(r.headers.range).startsWith('bytes=0-')),
      'the part already on disk is not fetched again',
    );
  });

  it('Authorization never reaches a presigned URL, even when configured for its origin', async (t) => {
    clear();
    const dest = await tempDir(t);
    const token = s.edl.issueToken('alice');
    const [r] = await fetchAll([item(s.tea.origin, 'HLS/g11.tif')], {
      destDir: dest,
      layout: 'flat',
      httpSession: session(tokenLogin(token), { bearerOrigins: [s.tea.origin, s.s3.endpoint] }),
      httpHeadersByOrigin: { [s.s3.endpoint]: { Authorization: 'Bearer misplaced' } },
    });
    assert.equal(r.status, 'COMPLETE', r.error ?? '');
    assert.ok(s.s3.requests.length > 0);
    assert.equal(s.s3.requests.filter((x) => auth(x) !== undefined).length, 0);
  });

  it('.netrc Basic for another archive goes to exactly that host, on its own challenge', async (t) => {
    clear();
    const seen: (string | undefined)[] = [];
    const data = payload(5 * KiB);
    const archive = createServer((req, res) => {
      seen.push(req.headers.authorization);
      if (req.headers.authorization !== `Basic ${Buffer.from('arch:pw').toString('base64')}`) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="archive"' });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-length': data.length });
      res.end(data);
    });
    await new Promise<void>((r) => archive.listen(0, '127.0.0.1', r));
    t.after(() => new Promise<void>((r) => archive.close(() => r())));
    const port = (archive.address() as AddressInfo).port;
    const dest = await tempDir(t);
    const results = await fetchAll(
      [
        { uri: 'a', via: 'http', httpUrl: `http://localhost:${port}/data/file.fits` },
        item(s.tea.origin, 'HLS/g12.tif'),
      ],
      {
        destDir: dest,
        layout: 'flat',
        httpSession: session(passwordLogin(USER), {
          netrcEntries: [{ machine: 'localhost', login: 'arch', password: 'pw', line: 3 }],
        }),
      },
    );
    assert.deepEqual(
      results.map((r) => r.status),
      ['COMPLETE', 'COMPLETE'],
      results.map((r) => r.error).join('\n'),
    );
    assert.ok((await readFile(join(dest, 'file.fits'))).equals(data));
    assert.equal(seen[0], undefined, 'nothing sent before the challenge');
    const archBasic = `Basic ${Buffer.from('arch:pw').toString('base64')}`;
    assert.ok(
      s.all().every((r) => auth(r) !== archBasic),
      'the archive password went nowhere else',
    );
    assert.ok(
      s
        .all()
        .filter(isBasic)
        .every((r) => r.server === 'edl'),
      'the Earthdata password went to EDL only',
    );
    assert.ok(!seen.some((a) => a?.startsWith('Basic ') && a !== archBasic), 'EDL Basic never reached the archive');
  });

  it('a checksum from the granule record is verified; a mismatch names the algorithm', async (t) => {
    const dest = await tempDir(t);
    const data = files.get('HLS/g3.tif') as Buffer;
    const good = createHash('sha256').update(data).digest('hex');
    const [ok] = await fetchAll(
      [{ ...item(s.tea.origin, 'HLS/g3.tif'), checksum: { algorithm: 'SHA-256', value: good } }],
      {
        destDir: dest,
        layout: 'flat',
        httpSession: session(passwordLogin(USER)),
      },
    );
    assert.equal(ok.status, 'COMPLETE', ok.error ?? '');
    assert.ok(ok.verified.includes('sha256'));
    const md5 = createHash('md5').update(Buffer.from('other')).digest('hex');
    const dest2 = await tempDir(t);
    const [bad] = await fetchAll(
      [{ ...item(s.tea.origin, 'HLS/g3.tif'), checksum: { algorithm: 'MD5', value: md5 } }],
      {
        destDir: dest2,
        layout: 'flat',
        httpSession: session(passwordLogin(USER)),
      },
    );
    assert.equal(bad.status, 'ERROR');
    assert.match(bad.error ?? '', /MD5 is [0-9a-f]{32}, the catalog says [0-9a-f]{32}/);
  });
});
