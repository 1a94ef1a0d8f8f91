import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

// The built bundle, as a user runs it; scripts/test.mjs builds it before the unit layer.
const cli = join(__dirname, '../../../../dist/cli.js');
let home = '';

function cdr(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    // PATH names no python3, so the answers follow the current botocore unless a test says otherwise.
    env: { HOME: home, AWS_EC2_METADATA_DISABLED: 'true', BOTO_CONFIG: '', PATH: join(home, 'no-bin'), ...env },
  });
}

before(() => {
  home = mkdtempSync(join(tmpdir(), 'cdr-cli-cred-'));
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws/config'), '[default]\nregion = eu-west-1\n[profile dev]\nregion = us-west-2\n');
  writeFileSync(
    join(home, '.aws/credentials'),
    '[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
  );
});
after(() => rmSync(home, { recursive: true, force: true }));

describe('cdr credentials', () => {
  it('--json gives the contract fields, the key redacted and never the secret', () => {
    const r = cdr(['credentials', '--json', '--profile', 'dev']);
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.deepEqual(
      {
        source: j.source,
        profile: j.profile,
        region: j.region,
        accessKeyId: j.accessKeyId,
        expiresAt: j.expiresAt,
        error: j.error,
      },
      {
        source: 'shared-credentials-file',
        profile: 'dev',
        region: 'us-west-2',
        accessKeyId: 'AKIA…MPLE',
        expiresAt: null,
        error: null,
      },
    );
    assert.ok(Array.isArray(j.chain));
    assert.doesNotMatch(r.stdout + r.stderr, /wJalr|AKIAIOSFODNN7EXAMPLE/);
  });

  it("human output names the source in botocore's words and why earlier sources were skipped", () => {
    const r = cdr(['credentials'], { AWS_PROFILE: 'dev', AWS_REGION: 'ap-south-1' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^source: {2}shared-credentials-file$/m);
    assert.match(r.stdout, /^profile: dev \(from AWS_PROFILE\)$/m);
    assert.match(r.stdout, /skipped +env +AWS_ACCESS_KEY_ID is not set/);
    assert.match(r.stdout, /AWS_REGION=ap-south-1 is what the JS SDK/);
  });

  it('no credentials is not an error: source null, exit 0', () => {
    const r = cdr(['credentials', '--json']);
    assert.equal(r.status, 0);
    assert.equal((JSON.parse(r.stdout) as { source: unknown }).source, null);
  });

  it('an unknown profile exits 2 with a one-line message naming it', () => {
    const r = cdr(['credentials', '--json', '--profile', 'ghost']);
    assert.equal(r.status, 2);
    assert.equal((JSON.parse(r.stdout) as { errorType: string }).errorType, 'ProfileNotFound');
    assert.match(r.stderr, /^cdr credentials: The config profile \(ghost\) could not be found/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  it('a malformed file exits 2 naming file:line', () => {
    const bad = join(home, 'bad.ini');
    writeFileSync(bad, '[default]\nregion = a\nnot ini at all\n');
    const r = cdr(['credentials'], { AWS_CONFIG_FILE: bad });
    assert.equal(r.status, 2);
    assert.ok(r.stderr.includes(`${bad}:3`), r.stderr);
  });

  it('a failing fetch (container endpoint down) exits 1', () => {
    const r = cdr(['credentials', '--json'], { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9/creds' });
    assert.equal(r.status, 1);
    assert.equal((JSON.parse(r.stdout) as { source: unknown }).source, null);
  });

  it('reports the botocore whose rules apply: --botocore-version, --python, or the current release', () => {
    const v = cdr(['credentials', '--json', '--botocore-version', '1.29.27']);
    assert.deepEqual((JSON.parse(v.stdout) as { botocore: unknown }).botocore, {
      version: '1.29.27',
      from: '--botocore-version',
      crt: null,
    });
    // No python3 on PATH: the current release's rules, said so.
    const d = JSON.parse(cdr(['credentials', '--json']).stdout) as { botocore: { from: string; version: string } };
    assert.equal(d.botocore.from, 'default');
    assert.match(d.botocore.version, /^1\.4\d\./);
    const bad = cdr(['credentials', '--botocore-version', 'latest']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--botocore-version: "latest" is not a version/);
    const nopy = cdr(['credentials', '--python', join(home, 'no-python')]);
    assert.equal(nopy.status, 2);
    assert.match(nopy.stderr, /--python: .*no-python.*ENOENT/);
  });

  it('a login_session profile: current botocore without awscrt fails saying what to install; 1.29 ignores it', () => {
    writeFileSync(join(home, '.aws/config'), '[profile web]\nlogin_session = arn:aws:iam::1:user/u\n', { flag: 'a' });
    const now = cdr(['credentials', '--profile', 'web']);
    assert.equal(now.status, 1);
    assert.match(now.stderr, /pip install "botocore\[crt\]"/);
    const old = cdr(['credentials', '--json', '--profile', 'web', '--botocore-version', '1.29.27']);
    assert.equal(old.status, 0);
    assert.equal((JSON.parse(old.stdout) as { source: unknown }).source, null);
  });
});
