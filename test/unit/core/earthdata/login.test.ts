import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeJwtClaims } from '../../../../src/core/earthdata/jwt';
import { expiredLoginProblem, resolveEarthdataLogin } from '../../../../src/core/earthdata/login';
import { earthdataSearchToken } from '../../../../src/core/earthdata/transferLogin';

function jwt(claims: object): string {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ typ: 'JWT', alg: 'RS256' })}.${b(claims)}.c2ln`;
}

const NOW = Date.parse('2026-06-01T00:00:00Z');
const live = jwt({ type: 'User', uid: 'alice', exp: NOW / 1000 + 86400, iat: NOW / 1000 });
const dead = jwt({ type: 'User', uid: 'alice', exp: NOW / 1000 - 60, iat: NOW / 1000 - 86400 });

async function home(t: { after(fn: () => Promise<void>): void }, netrc?: string, mode = 0o600): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cdr-home-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  if (netrc !== undefined) {
    await writeFile(join(dir, '.netrc'), netrc);
    await chmod(join(dir, '.netrc'), mode);
  }
  return dir;
}

describe('decodeJwtClaims', () => {
  it('reads exp and uid without verifying; a non-JWT is null', () => {
    assert.deepEqual(decodeJwtClaims(live), { exp: NOW / 1000 + 86400, iat: NOW / 1000, uid: 'alice' });
    assert.equal(decodeJwtClaims('not-a-jwt'), null);
    assert.equal(decodeJwtClaims('a.!!!.c'), null);
  });
});

describe('resolveEarthdataLogin', () => {
  const opts = (h: string) => ({ home: h, now: () => NOW, platform: 'linux' as const });

  it('1st: EARTHDATA_TOKEN (its uid and exp read from the JWT)', async (t) => {
    const h = await home(t, 'machine urs.earthdata.nasa.gov login n password p\n');
    const s = resolveEarthdataLogin(
      { EARTHDATA_TOKEN: live, EARTHDATA_USERNAME: 'u', EARTHDATA_PASSWORD: 'p' },
      opts(h),
    );
    assert.equal(s.login?.source, 'env-token');
    assert.equal(s.login?.user, 'alice');
    assert.equal(s.login?.tokenExpiresAt?.toISOString(), '2026-06-02T00:00:00.000Z');
    assert.deepEqual(s.skipped, []);
    assert.deepEqual(s.problems, []);
  });

  it('2nd: EARTHDATA_USERNAME/PASSWORD', async (t) => {
    const h = await home(t);
    const s = resolveEarthdataLogin({ EARTHDATA_USERNAME: 'u', EARTHDATA_PASSWORD: 'p' }, opts(h));
    assert.equal(s.login?.source, 'env-password');
    assert.deepEqual(s.login?.basic, { username: 'u', password: 'p' });
    assert.deepEqual(
      s.skipped.map((x) => x.source),
      ['env-token'],
    );
  });

  it('3rd: the .netrc entry of the login host of EARTHDATA_LOGIN_URL, with file and line; other hosts kept apart', async (t) => {
    const h = await home(t, 'machine other.org login o password q\nmachine edl.test login n password p\n');
    const s = resolveEarthdataLogin({ EARTHDATA_LOGIN_URL: 'https://edl.test/' }, opts(h));
    assert.equal(s.login?.source, 'netrc');
    assert.equal(s.login?.where, `${join(h, '.netrc')} line 2`);
    assert.equal(s.loginOrigin, 'https://edl.test');
    assert.deepEqual(
      s.netrcEntries.map((e) => e.machine),
      ['other.org'],
    );
  });

  it('4th: VS Code secret storage; nothing at all is no login and no problem', async (t) => {
    const h = await home(t);
    const s = resolveEarthdataLogin({}, { ...opts(h), secretStorageLogin: { token: live } });
    assert.equal(s.login?.source, 'secret-storage');
    assert.equal(s.login?.user, 'alice');
    const none = resolveEarthdataLogin({}, opts(h));
    assert.equal(none.login, null);
    assert.deepEqual(none.problems, []);
  });

  it('a world-readable .netrc is refused with a problem, and its login is not used', async (t) => {
    const h = await home(t, 'machine urs.earthdata.nasa.gov login n password p\n', 0o644);
    const s = resolveEarthdataLogin({}, opts(h));
    assert.equal(s.login, null);
    assert.match(s.problems.join('\n'), /readable by other users \(mode 0644\)/);
  });

  it('an expired token: a problem; a later source wins; alone it stays so that get can refuse it', async (t) => {
    const h = await home(t, 'machine urs.earthdata.nasa.gov login n password p\n');
    const withNetrc = resolveEarthdataLogin({ EARTHDATA_TOKEN: dead }, opts(h));
    assert.equal(withNetrc.login?.source, 'netrc');
    assert.match(withNetrc.problems[0], /EARTHDATA_TOKEN expired at 2026-05-31T23:59:00.000Z/);
    assert.equal(expiredLoginProblem(withNetrc, NOW), null);
    const alone = resolveEarthdataLogin({ EARTHDATA_TOKEN: dead }, opts(await home(t)));
    assert.equal(alone.login?.source, 'env-token');
    assert.match(expiredLoginProblem(alone, NOW) ?? '', /expired at .*make a new one/);
    assert.ok(!(expiredLoginProblem(alone, NOW) ?? '').includes(dead), 'the token itself is never printed');
  });

  it('a username without a password is said, not silently ignored', async (t) => {
    const s = resolveEarthdataLogin({ EARTHDATA_USERNAME: 'u' }, opts(await home(t)));
    assert.equal(s.login, null);
    assert.match(s.problems.join('\n'), /EARTHDATA_PASSWORD is not set/);
  });
});

describe('earthdataSearchToken', () => {
  it('a live token goes to CMR; an expired one, or a password login, sends none (public searches still work)', async (t) => {
    const h = await home(t);
    assert.equal(earthdataSearchToken({ EARTHDATA_TOKEN: live }, h, { now: NOW }), live);
    assert.equal(earthdataSearchToken({ EARTHDATA_TOKEN: dead }, h, { now: NOW }), null);
    assert.equal(earthdataSearchToken({ EARTHDATA_USERNAME: 'u', EARTHDATA_PASSWORD: 'p' }, h, { now: NOW }), null);
  });
});
