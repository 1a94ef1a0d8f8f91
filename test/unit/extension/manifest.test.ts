import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CommandIds } from '../../../src/extension/commandIds';
import { RESTRICTED_SETTINGS } from '../../../src/extension/restrictedSettings';

const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));

describe('package.json manifest', () => {
  it('restricts in untrusted workspaces exactly the settings the extension reads with trust checks', () => {
    assert.deepEqual(
      [...pkg.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(),
      RESTRICTED_SETTINGS.map((k) => `cloudDataRouter.${k}`).sort(),
    );
  });

  it('every restricted setting exists and cannot be set by a workspace where it redirects requests', () => {
    const props = pkg.contributes.configuration.properties;
    for (const k of RESTRICTED_SETTINGS) {
      const p = props[`cloudDataRouter.${k}`];
      assert.ok(p, `cloudDataRouter.${k} is not contributed`);
      if (k !== 'download.directory') assert.equal(p.scope, 'machine', `cloudDataRouter.${k} should be machine-scoped`);
    }
  });

  it('contributes every command id the extension registers in commands.ts, under one category', () => {
    const contributed = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
    for (const id of Object.values(CommandIds)) assert.ok(contributed.has(id), `${id} is not contributed`);
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'Cloud Data Router');
  });

  it('runs where the workspace is, activates lazily, and bundles only what runs', () => {
    assert.deepEqual(pkg.extensionKind, ['workspace']);
    assert.ok(!pkg.activationEvents.includes('*'), 'activation must not be "*"');
    assert.equal(pkg.main, './dist/extension.js');
    assert.match(pkg.engines.vscode, /^\^1\.(\d+)\.0$/);
    assert.ok(
      Number(pkg.engines.vscode.match(/^\^1\.(\d+)/)[1]) <= 139,
      'engines.vscode must not be above code-server 4.139.1 (VS Code 1.139.1)',
    );
    assert.equal(pkg.devDependencies['@types/vscode'].replace(/^\D+/, ''), pkg.engines.vscode.replace(/^\D+/, ''));
  });
});
