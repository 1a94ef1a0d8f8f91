import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const cli = join(__dirname, '../../../../dist/cli.js');
let home = '';

function cdr(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { HOME: home, AWS_EC2_METADATA_DISABLED: 'true', ...env },
  });
}

before(() => {
  home = mkdtempSync(join(tmpdir(), 'cdr-cli-prof-'));
  mkdirSync(join(home, '.aws'));
  writeFileSync(
    join(home, '.aws/config'),
    '[default]\nregion = eu-west-1\n[profile loop]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = loop\n',
  );
  writeFileSync(join(home, '.aws/credentials'), '[ci]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n');
});
after(() => rmSync(home, { recursive: true, force: true }));

describe('cdr profiles', () => {
  it('--json lists name, kind, region, file, line and problems with file:line', () => {
    const r = cdr(['profiles', '--json']);
    assert.equal(r.status, 0, r.stderr);
    const list = JSON.parse(r.stdout) as Array<{
      name: string;
      kind: string;
      region: string | null;
      file: string;
      line: number;
      problems: string[];
    }>;
    const by = Object.fromEntries(list.map((p) => [p.name, p]));
    assert.deepEqual(Object.keys(by).sort(), ['ci', 'default', 'loop']);
    assert.deepEqual(
      { kind: by.default!.kind, region: by.default!.region, file: by.default!.file, line: by.default!.line },
      { kind: 'region-only', region: 'eu-west-1', file: join(home, '.aws/config'), line: 1 },
    );
    assert.equal(by.loop!.kind, 'invalid');
    assert.deepEqual(by.loop!.problems, [`${join(home, '.aws/config')}:5: error: source_profile loop: loop -> loop`]);
    assert.deepEqual(by.ci!.problems, [
      `${join(home, '.aws/credentials')}:2: error: aws_access_key_id without aws_secret_access_key (partial credentials)`,
    ]);
  });

  it('a malformed file exits 2 with a one-line message naming file:line', () => {
    const bad = join(home, 'dup.ini');
    writeFileSync(bad, '[default]\nregion = a\n[default]\n');
    const r = cdr(['profiles', '--json'], { AWS_CONFIG_FILE: bad });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, `cdr profiles: ${bad}:3: duplicate section [default]\n`);
  });
});
