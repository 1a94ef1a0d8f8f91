import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadAwsConfig } from '../../../../src/core/aws-config/loadAwsConfig';
import { resolveCredentialSource } from '../../../../src/core/credentials/resolveCredentialSource';
import { profilePicks } from '../../../../src/extension/view/profilePicks';
import { profileRows } from '../../../../src/extension/view/profileRows';
import type { Row } from '../../../../src/extension/view/row';

function find(rows: readonly Row[], id: string): Row | undefined {
  for (const r of rows) {
    if (r.id === id) return r;
    const f = find(r.children ?? [], id);
    if (f) return f;
  }
  return undefined;
}

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function fixture(config: string, credentials: string, extraEnv: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'cdr-rows-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'config'), config);
  writeFileSync(join(dir, 'credentials'), credentials);
  const env = {
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extraEnv,
  };
  const cfg = await loadAwsConfig({ env, homedir: dir });
  const resolution = await resolveCredentialSource({
    env,
    homedir: dir,
    config: cfg,
    systemBotoConfig: join(dir, 'none.cfg'),
  });
  return { dir, env, cfg, resolution };
}

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('profileRows', () => {
  it('a login_session profile has its own kind and the aws login hint', async () => {
    const { cfg, resolution, env } = await fixture('[profile web]\nlogin_session = arn:aws:iam::1:user/u\n', '');
    const rows = profileRows(cfg, resolution, env);
    assert.equal(find(rows, 'profile:web')!.contextValue, 'cdr.profile.login-session');
    assert.match(find(rows, 'profile:web')!.description!, /console login/);
    assert.equal(find(rows, 'profile:web/login-hint')!.description, 'aws login --profile web');
  });

  it('shows every profile with kind and region, details with file:line, and the active one marked', async () => {
    const { cfg, resolution, env, dir } = await fixture(
      '[default]\nregion = us-east-1\n[profile ops]\nrole_arn = arn:aws:iam::1:role/Ops\nsource_profile = default\n[profile tool]\ncredential_process = /usr/bin/get-creds --token s3cr3t\n',
      `[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = ${SECRET}\n`,
    );
    const rows = profileRows(cfg, resolution, env);
    assert.match(find(rows, 'profile:default')!.description!, /^us-east-1 · static keys · active$/);
    assert.equal(find(rows, 'profile:ops')!.contextValue, 'cdr.profile.assume-role');
    assert.equal(find(rows, 'profile:ops/role_arn')!.description, 'arn:aws:iam::1:role/Ops');
    assert.equal(find(rows, 'profile:ops/chain')!.description, 'ops → default');
    assert.equal(find(rows, 'profile:default/aws_access_key_id')!.description, 'AKIA…MPLE');
    assert.equal(find(rows, 'profile:ops/file')!.description, `${join(dir, 'config')}:3`);
    const text = JSON.stringify(rows);
    assert.ok(!text.includes(SECRET), 'the secret key reached the tree');
    assert.ok(!text.includes('AKIAIOSFODNN7EXAMPLE'), 'the full key id reached the tree');
  });

  it('flags broken profiles with a warning icon and the reason with file:line', async () => {
    const { cfg, resolution, env, dir } = await fixture(
      '[profile loop-a]\nrole_arn = arn:aws:iam::1:role/A\nsource_profile = loop-b\n[profile loop-b]\nrole_arn = arn:aws:iam::1:role/B\nsource_profile = loop-a\n',
      '',
    );
    const rows = profileRows(cfg, resolution, env);
    const a = find(rows, 'profile:loop-a')!;
    assert.equal(a.icon, 'warning');
    assert.equal(a.contextValue, 'cdr.profile.invalid');
    assert.match(a.tooltip!, /loop-a -> loop-b -> loop-a/);
    const problem = a.children!.find((c) => c.contextValue === 'cdr.problem')!;
    assert.match(
      problem.description!,
      new RegExp(`${join(dir, 'config').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d`),
    );
  });

  it('shows env keys as another source, redacted, and active when they win', async () => {
    const { cfg, resolution, env } = await fixture('[default]\nregion = us-east-1\n', '', {
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7ENVKEYS',
      AWS_SECRET_ACCESS_KEY: SECRET,
    });
    const rows = profileRows(cfg, resolution, env);
    const envRow = find(rows, 'source:env')!;
    assert.equal(envRow.description, 'AKIA…KEYS · active');
    assert.ok(!JSON.stringify(rows).includes(SECRET));
  });

  it('offers to enter keys when no profile exists', async () => {
    const { cfg, resolution, env } = await fixture('', '');
    assert.equal(
      find(profileRows(cfg, resolution, env), 'profiles/none')?.command?.id,
      'cloudDataRouter.enterAccessKeys',
    );
  });

  it('quick pick: automatic first, then profiles, the current choice checked and broken ones warned', async () => {
    const { cfg } = await fixture(
      '[profile b]\nrole_arn = arn:aws:iam::1:role/B\n[profile a]\nregion = eu-west-1\n',
      '',
    );
    const picks = profilePicks(cfg, 'a');
    assert.deepEqual(
      picks.map((p) => p.profile),
      [undefined, 'a', 'b'],
    );
    assert.equal(picks[1]!.label, '$(check) a');
    assert.match(picks[2]!.label, /^\$\(warning\) b/);
    assert.equal(picks[0]!.label, 'Automatic (as boto3)');
  });
});
