import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { atLeast, CURRENT_BOTOCORE, rulesFor, type BotocoreInfo } from '../../../../src/core/credentials/botocoreRules';
import { detectBotocore } from '../../../../src/core/credentials/detectBotocore';
import { resolveCredentialsDetailed } from '../../../../src/core/credentials/index';
import { loginTokenCachePath } from '../../../../src/core/credentials/loginToken';

const root = join(__dirname, '../../../..');
const SESSION = 'arn:aws:iam::123456789012:user/console-user';
const WITH_CRT: BotocoreInfo = { version: '1.43.0', from: 'test', crt: '0.29.1' };
const NO_CRT: BotocoreInfo = { version: '1.43.0', from: 'test', crt: false };
let tmp = '';
let n = 0;

function home(files: Record<string, string>): Record<string, string> {
  const dir = join(tmp, `h${n++}`);
  mkdirSync(dir, { recursive: true });
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), body);
  }
  return { HOME: dir, AWS_EC2_METADATA_DISABLED: 'true' };
}

function token(expiresAt: string, drop: string[] = []): string {
  const t: Record<string, unknown> = {
    accessToken: {
      accessKeyId: 'ASIALOGINEXAMPLE0001',
      secretAccessKey: 'login-secret',
      sessionToken: 'login-session-token',
      accountId: '123456789012',
      expiresAt,
    },
    tokenType: 'aws_sigv4',
    clientId: 'arn:aws:signin:::devtools/same-device',
    refreshToken: 'r',
    idToken: 'i',
    dpopKey: '-----BEGIN EC PRIVATE KEY-----\nAA==\n-----END EC PRIVATE KEY-----\n',
  };
  for (const k of drop) delete t[k];
  return JSON.stringify(t);
}
const key = createHash('sha256').update(SESSION).digest('hex');
const CONFIG = `[profile dev]\nlogin_session = ${SESSION}\nregion = us-west-2\n`;
const resolve = (env: Record<string, string>, botocore: BotocoreInfo, now = Date.parse('2030-01-01T00:00:00Z')) =>
  resolveCredentialsDetailed({
    env,
    homedir: env.HOME!,
    profile: 'dev',
    botocore,
    now: () => now,
    systemBotoConfig: join(tmp, 'none'),
  });

before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cdr-botover-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('botocore rules by version', () => {
  it('switches the login provider on at 1.41.0, and needs awscrt with EC for it', () => {
    assert.equal(rulesFor({ version: '1.29.27', from: 'x', crt: '0.29.1' }).loginProvider, false);
    assert.equal(rulesFor({ version: '1.40.99', from: 'x', crt: null }).loginProvider, false);
    assert.equal(rulesFor({ version: '1.41.0', from: 'x', crt: null }).loginProvider, true);
    assert.equal(rulesFor(WITH_CRT).crtForLogin, true);
    assert.equal(rulesFor({ ...WITH_CRT, crt: '0.28.3' }).crtForLogin, false);
    assert.equal(rulesFor({ ...WITH_CRT, crt: null }).crtForLogin, false);
    assert.equal(rulesFor(WITH_CRT, { BOTO_DISABLE_CRT: 'TRUE' }).crtForLogin, false);
    assert.equal(rulesFor({ version: '1.32.3', from: 'x', crt: null }).imdsV1Disable, false);
    assert.equal(rulesFor({ version: '1.32.4', from: 'x', crt: null }).imdsV1Disable, true);
    assert.ok(atLeast(CURRENT_BOTOCORE, '1.43.0'));
  });
});

describe('the login source (aws login, login_session)', () => {
  it('with awscrt: the cached keys win, with their expiry, from ~/.aws/login/cache/<sha256>.json', async () => {
    const env = home({ '.aws/config': CONFIG, [`.aws/login/cache/${key}.json`]: token('2030-06-01T00:00:00Z') });
    const r = await resolve(env, WITH_CRT);
    assert.equal(r.resolution.source, 'login', r.resolution.error ?? '');
    assert.equal(r.resolution.accessKeyId, 'ASIA…0001');
    assert.equal(r.resolution.expiresAt, '2030-06-01T00:00:00.000Z');
    assert.equal(r.credentials?.sessionToken, 'login-session-token');
    assert.match(r.resolution.chain.at(-1)!.reason, /keys valid until 2030-06-01/);
    assert.deepEqual(r.resolution.botocore, WITH_CRT);
  });

  it('expired keys still win (botocore refreshes them) and the reason says how to sign in again', async () => {
    const env = home({ '.aws/config': CONFIG, [`.aws/login/cache/${key}.json`]: token('2029-12-31T23:58:00Z') });
    const r = await resolve(env, WITH_CRT);
    assert.equal(r.resolution.source, 'login');
    assert.match(r.resolution.chain.at(-1)!.reason, /expired at 2029-12-31T23:58:00.000Z.*aws login --profile dev/);
  });

  it('honours AWS_LOGIN_CACHE_DIRECTORY (with ~ and $VAR expanded)', async () => {
    const env = home({ '.aws/config': CONFIG, [`elsewhere/${key}.json`]: token('2030-06-01T00:00:00Z') });
    const r = await resolve({ ...env, WHERE: 'elsewhere', AWS_LOGIN_CACHE_DIRECTORY: '~/$WHERE' }, WITH_CRT);
    assert.equal(r.resolution.source, 'login', r.resolution.error ?? '');
    assert.equal(loginTokenCachePath({ HOME: '/h' }, '/x', SESSION), `/h/.aws/login/cache/${key}.json`);
  });

  it('no token, or one missing a required field: LoginTokenLoadError naming the file and the fix', async () => {
    const none = await resolve(home({ '.aws/config': CONFIG }), WITH_CRT);
    assert.equal(none.resolution.errorType, 'LoginTokenLoadError');
    assert.match(none.resolution.error!, /aws login --profile dev/);
    const partial = await resolve(
      home({ '.aws/config': CONFIG, [`.aws/login/cache/${key}.json`]: token('2030-06-01T00:00:00Z', ['dpopKey']) }),
      WITH_CRT,
    );
    assert.equal(partial.resolution.errorType, 'LoginTokenLoadError');
    assert.match(partial.resolution.error!, /missing required fields: dpopKey/);
  });

  it('without awscrt: MissingDependencyException saying what to install; botocore 1.29 ignores the profile', async () => {
    const env = home({ '.aws/config': CONFIG, [`.aws/login/cache/${key}.json`]: token('2030-06-01T00:00:00Z') });
    const r = await resolve(env, NO_CRT);
    assert.equal(r.resolution.errorType, 'MissingDependencyException');
    assert.match(r.resolution.error!, /pip install "botocore\[crt\]"/);
    assert.equal(r.resolution.badInput, false);
    const old = await resolve(env, { version: '1.29.27', from: 'test', crt: false });
    assert.equal(old.resolution.source, null);
    assert.match(
      old.resolution.chain.find((s) => s.method === 'login')!.reason,
      /no login provider \(added in 1\.41\.0\)/,
    );
  });
});

const currentVenv = (() => {
  const cache = join(root, '.vscode-test');
  const d = existsSync(cache)
    ? readdirSync(cache).find((x) => existsSync(join(cache, x, '.installed')) && x.startsWith('botocore-'))
    : undefined;
  return d ? join(cache, d, 'bin', 'python') : null;
})();

describe('detectBotocore', () => {
  it(
    "reads Debian's botocore 1.29.27 and sees that its awscrt has no EC",
    { skip: existsSync('/usr/bin/python3') ? false : 'no /usr/bin/python3' },
    async () => {
      const d = await detectBotocore('/usr/bin/python3');
      if (d.fallback) return assert.match(d.fallback, /has no botocore/);
      assert.equal(d.info.version, '1.29.27');
      assert.equal(d.info.from, '/usr/bin/python3');
      assert.equal(d.info.crt, false);
    },
  );

  it('falls back to the current release, saying why, for a missing interpreter', async () => {
    const d = await detectBotocore(join(tmp, 'no-python'));
    assert.equal(d.info.version, CURRENT_BOTOCORE);
    assert.equal(d.info.from, 'default');
    assert.match(d.fallback!, /ENOENT/);
  });

  it(
    "the current botocore's own LoginTokenLoader reads the cache file where and as we do",
    { skip: currentVenv ? false : 'no botocore venv (scripts/setup-tools.sh)' },
    async () => {
      const env = home({ '.aws/config': CONFIG, [`.aws/login/cache/${key}.json`]: token('2030-06-01T00:00:00Z') });
      const py = [
        'import json, sys',
        'from botocore.utils import JSONFileCache, LoginTokenLoader, get_login_token_cache_directory',
        'from botocore.credentials import LoginCredentialFetcher',
        'f = LoginCredentialFetcher(session_name=sys.argv[1], token_loader=LoginTokenLoader(JSONFileCache(get_login_token_cache_directory())), client_creator=None)',
        'c = f.load_cached_credentials()',
        "print(json.dumps({'key': c['access_key'], 'expiry': c['expiry_time']}))",
      ].join('\n');
      const out = spawnSync(currentVenv!, ['-c', py, SESSION], { env, encoding: 'utf8' });
      assert.equal(out.status, 0, out.stderr);
      const b = JSON.parse(out.stdout) as { key: string; expiry: string };
      const ours = await resolve(env, WITH_CRT);
      assert.equal(ours.credentials?.accessKeyId, b.key);
      assert.equal(ours.credentials?.expiration?.getTime(), Date.parse(b.expiry));
    },
  );
});
