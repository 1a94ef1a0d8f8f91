import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadAwsConfig } from '../../../../src/core/aws-config/index';

let tmp = '';
before(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cdr-load-'));
});
after(() => rmSync(tmp, { recursive: true, force: true }));

describe('loadAwsConfig', () => {
  it('reads both files and reports them', async () => {
    const home = join(tmp, 'a');
    mkdirSync(join(home, '.aws'), { recursive: true });
    writeFileSync(join(home, '.aws/config'), '[profile dev]\nregion = eu-west-1\n');
    writeFileSync(
      join(home, '.aws/credentials'),
      '[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = s\n',
    );
    const cfg = await loadAwsConfig({ env: { HOME: home }, homedir: '/nowhere' });
    assert.deepEqual(
      cfg.files.map((f) => [f.kind, f.path, f.exists, f.error]),
      [
        ['config', join(home, '.aws/config'), true, null],
        ['credentials', join(home, '.aws/credentials'), true, null],
      ],
    );
    assert.deepEqual(
      cfg.profiles.map((p) => [p.name, p.kind, p.region]),
      [['dev', 'static', 'eu-west-1']],
    );
    assert.equal(cfg.fatal, null);
  });

  it('a directory or a missing path is no file; an empty variable is no file at all', async () => {
    const home = join(tmp, 'b');
    mkdirSync(join(home, '.aws/config'), { recursive: true });
    const cfg = await loadAwsConfig({ env: { HOME: home, AWS_SHARED_CREDENTIALS_FILE: '' }, homedir: home });
    assert.equal(cfg.files[0]!.exists, false);
    assert.match(cfg.files[0]!.error!, /directory/);
    assert.deepEqual(cfg.files[1], { kind: 'credentials', path: null, exists: false, error: null });
    assert.equal(cfg.profiles.length, 0);
  });

  it('a parse error is fatal with file:line, and earlier sections stay visible', async () => {
    const home = join(tmp, 'c');
    mkdirSync(join(home, '.aws'), { recursive: true });
    writeFileSync(join(home, '.aws/config'), '[default]\nregion = us-east-1\n[x\n');
    const cfg = await loadAwsConfig({ env: { HOME: home }, homedir: home });
    assert.deepEqual(cfg.fatal && { file: cfg.fatal.file, line: cfg.fatal.line }, {
      file: join(home, '.aws/config'),
      line: 3,
    });
    assert.equal(cfg.profiles[0]!.region, 'us-east-1');
    assert.match(cfg.files[0]!.error!, /^line 3: /);
  });

  it(
    'an unreadable file counts as empty but says why',
    { skip: process.getuid?.() === 0 ? 'root can read any file' : false },
    async () => {
      const home = join(tmp, 'd');
      mkdirSync(join(home, '.aws'), { recursive: true });
      writeFileSync(join(home, '.aws/config'), '[default]\nregion = us-east-1\n');
      chmodSync(join(home, '.aws/config'), 0);
      const cfg = await loadAwsConfig({ env: { HOME: home }, homedir: home });
      assert.equal(cfg.profiles.length, 0);
      assert.match(cfg.files[0]!.error!, /cannot be read/);
    },
  );
});
