import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { join } from 'node:path';

// The built bundle, as a user runs it; scripts/test.mjs builds it before the unit layer.
const cli = join(__dirname, '../../../dist/cli.js');
const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string };

function cdr(...args: string[]) {
  return spawnSync(cli, args, { encoding: 'utf8', env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' } });
}

describe('cdr entry point', () => {
  it('--version prints the package version', () => {
    const r = cdr('--version');
    assert.equal(r.status, 0);
    assert.equal(r.stdout.trim(), pkg.version);
  });

  it('--help lists usage and exit codes', () => {
    const r = cdr('--help');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /Usage: cdr <command>/);
    assert.match(r.stdout, /Exit codes: 0 success, 1 .*2 bad input/);
  });

  it('an unknown command exits 2 and names it', () => {
    const r = cdr('frobnicate');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown command: frobnicate/);
  });
});
