import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '../../..');

describe('l10n bundle', () => {
  it('l10n/bundle.l10n.json is what @vscode/l10n-dev extracts from src today (run `npm run l10n` after changing a string)', () => {
    const out = mkdtempSync(join(tmpdir(), 'cdr-l10n-'));
    try {
      const bin = join(root, 'node_modules/.bin/vscode-l10n-dev');
      const r = spawnSync(bin, ['export', '--outDir', out, join(root, 'src')], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const fresh = JSON.parse(readFileSync(join(out, 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
      const committed = JSON.parse(readFileSync(join(root, 'l10n/bundle.l10n.json'), 'utf8')) as Record<string, string>;
      assert.deepEqual(committed, fresh);
      assert.ok(Object.keys(fresh).length > 50);
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { l10n?: string };
      assert.equal(pkg.l10n, './l10n');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
