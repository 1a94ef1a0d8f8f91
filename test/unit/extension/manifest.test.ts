import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CommandIds } from '../../../src/extension/commandIds';
import { RESTRICTED_SETTINGS } from '../../../src/extension/restrictedSettings';

const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(join(__dirname, '../../../package.nls.json'), 'utf8')) as Record<string, string>;

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
    for (const c of pkg.contributes.commands) assert.equal(nls[c.category.slice(1, -1)], 'Cloud Data Router');
  });

  it('every user-facing manifest text is a %key% of package.nls.json, and every key is used', () => {
    const literal: string[] = [];
    const used = new Set<string>();
    const fields =
      /^(displayName|description|title|name|contextualTitle|category|markdownDescription|patternErrorMessage|contents|enumDescriptions|markdownEnumDescriptions)$/;
    const walk = (v: unknown, path: string, field: string) => {
      if (typeof v === 'string') {
        const m = /^%([^%]+)%$/.exec(v);
        if (m) used.add(m[1]!);
        else if (fields.test(field)) literal.push(path);
      } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`, field));
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`, k === 'properties' || k === 'media' ? '' : k);
    };
    walk({ displayName: pkg.displayName, description: pkg.description }, 'package', '');
    walk(pkg.contributes, 'contributes', '');
    assert.deepEqual(literal, [], 'texts not localizable');
    assert.deepEqual(
      [...used].filter((k) => !(k in nls)),
      [],
      'keys missing from package.nls.json',
    );
    assert.deepEqual(
      Object.keys(nls).filter((k) => !used.has(k)),
      [],
      'unused keys in package.nls.json',
    );
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
