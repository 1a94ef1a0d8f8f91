import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startStsServer, type StsServer } from '../../../support/stsServer';

// The built bundle, as a user runs it, against a local STS stand-in reached through AWS_ENDPOINT_URL_STS.
const root = join(__dirname, '../../../..');
const cli = join(root, 'dist/cli.js');
const guard = join(root, 'test/support/network-guard.cjs');
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
let home = '';
let sts: StsServer;

function cdr(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      env: {
        HOME: home,
        PATH: join(home, 'no-bin'),
        AWS_EC2_METADATA_DISABLED: 'true',
        BOTO_CONFIG: '',
        AWS_ENDPOINT_URL_STS: sts.url,
        NODE_OPTIONS: `--require ${guard}`,
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

before(async () => {
  home = mkdtempSync(join(tmpdir(), 'cdr-verify-'));
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws/config'), '[profile dev]\nregion = eu-west-1\n');
  writeFileSync(
    join(home, '.aws/credentials'),
    `[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${SECRET}\n[wrong]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = not-the-secret\n[unknown]\naws_access_key_id = AKIAUNKNOWN000000000\naws_secret_access_key = s\n`,
  );
  sts = await startStsServer({
    AKIAIOSFODNN7EXAMPLE: {
      secretAccessKey: SECRET,
      account: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/alice',
      userId: 'AIDAEXAMPLEUSERID0001',
    },
  });
});
after(async () => {
  await sts?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('cdr credentials --verify (STS GetCallerIdentity)', () => {
  it('signs with the winning source and prints account, ARN and user id', async () => {
    const r = await cdr(['credentials', '--verify', '--json', '--profile', 'dev']);
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { identity: Record<string, string>; source: string };
    assert.equal(j.source, 'shared-credentials-file');
    assert.deepEqual(j.identity, {
      account: '123456789012',
      arn: 'arn:aws:iam::123456789012:user/alice',
      userId: 'AIDAEXAMPLEUSERID0001',
      endpoint: sts.url,
    });
    // The stand-in checked the signature; the request was signed for boto3's region.
    assert.deepEqual(sts.requests.at(-1), {
      action: 'GetCallerIdentity',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      region: 'eu-west-1',
    });
    const human = await cdr(['credentials', '--verify', '--profile', 'dev']);
    assert.match(human.stdout, /verified: account 123456789012\n\s+arn\s+arn:aws:iam::123456789012:user\/alice/);
    assert.doesNotMatch(human.stdout + human.stderr, new RegExp(SECRET.replace(/\//g, '\\/')));
  });

  it('a wrong secret or an unknown key: exit 1 with STS error code, never the secret', async () => {
    const wrong = await cdr(['credentials', '--verify', '--profile', 'wrong']);
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /--verify: STS GetCallerIdentity refused these credentials \(SignatureDoesNotMatch\)/);
    assert.doesNotMatch(wrong.stderr, /not-the-secret/);
    const unknown = await cdr(['credentials', '--verify', '--profile', 'unknown']);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /InvalidClientTokenId/);
  });

  it('is never automatic: without --verify STS is not called', async () => {
    const before = sts.requests.length;
    const r = await cdr(['credentials', '--json', '--profile', 'dev']);
    assert.equal(r.status, 0);
    assert.equal((JSON.parse(r.stdout) as { identity?: unknown }).identity, undefined);
    assert.equal(sts.requests.length, before);
  });

  it('no credentials: nothing to verify, exit 1', async () => {
    const r = await cdr(['credentials', '--verify'], { AWS_SHARED_CREDENTIALS_FILE: '' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /nothing to verify/);
  });
});
