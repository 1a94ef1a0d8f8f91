// I/O: the profile tree, the status bar and the profile quick pick, driven through the real VS Code API
// against config files this suite writes; live reload is checked by rewriting them.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CredentialsSnapshot } from '../../src/extension/credentialsModel';
import type { Row } from '../../src/extension/view/row';
import { activateExtension } from './helpers';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSUITESECRET';

function waitFor<T>(event: vscode.Event<T>, predicate: (v: T) => boolean, what: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const sub = event((v) => {
      if (predicate(v)) {
        clearTimeout(timer);
        sub.dispose();
        resolve(v);
      }
    });
  });
}

function findRow(rows: readonly Row[], id: string): Row | undefined {
  for (const r of rows) {
    if (r.id === id) return r;
    const inner = findRow(r.children ?? [], id);
    if (inner) return inner;
  }
  return undefined;
}

suite('credentials: tree, status bar, quick pick', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cdr-creds-'));
  const configFile = join(dir, 'config');
  const credentialsFile = join(dir, 'credentials');
  const config = vscode.workspace.getConfiguration('cloudDataRouter');

  const writeFiles = (devKey: string) => {
    writeFileSync(
      configFile,
      [
        '[default]',
        'region = us-east-1',
        '',
        '[profile dev]',
        'region = us-west-2',
        '',
        '[profile analyst]',
        'role_arn = arn:aws:iam::123456789012:role/Analyst',
        'source_profile = dev',
        '',
        '[profile broken]',
        'role_arn = arn:aws:iam::123456789012:role/X',
        'source_profile = nowhere',
        '',
      ].join('\n'),
    );
    writeFileSync(
      credentialsFile,
      [
        '[default]',
        'aws_access_key_id = AKIAIOSFODNN7DEFAULT',
        `aws_secret_access_key = ${SECRET}`,
        '',
        '[dev]',
        `aws_access_key_id = ${devKey}`,
        `aws_secret_access_key = ${SECRET}`,
        '',
      ].join('\n'),
    );
  };

  suiteSetup(async () => {
    writeFiles('AKIAIOSFODNN7DEVAAAA');
    const { api } = await activateExtension();
    await api.ready();
    const loaded = waitFor(
      api.credentials.onDidChange,
      (s) => s.config.files.some((f) => f.path === configFile),
      'the suite config to load',
    );
    await config.update('awsConfigFile', configFile, vscode.ConfigurationTarget.Global);
    await config.update('awsCredentialsFile', credentialsFile, vscode.ConfigurationTarget.Global);
    await loaded;
    await api.credentials.select(undefined);
  });

  suiteTeardown(async () => {
    const { api } = await activateExtension();
    await api.credentials.select(undefined);
    await config.update('awsConfigFile', undefined, vscode.ConfigurationTarget.Global);
    await config.update('awsCredentialsFile', undefined, vscode.ConfigurationTarget.Global);
  });

  test('the tree lists every profile from both files, with kind, region and the broken one flagged', async () => {
    const { api } = await activateExtension();
    const roots = api.treeProvider().getChildren();
    const profiles = findRow(roots, 'profiles');
    assert.ok(profiles, 'no Profiles node');
    const names = (profiles.children ?? []).filter((r) => r.id.startsWith('profile:')).map((r) => r.label);
    assert.deepEqual([...names].sort(), ['analyst', 'broken', 'default', 'dev']);
    const dev = findRow(roots, 'profile:dev')!;
    assert.match(dev.description ?? '', /us-west-2 · static keys/);
    const analyst = findRow(roots, 'profile:analyst')!;
    assert.equal(analyst.contextValue, 'cdr.profile.assume-role');
    assert.equal(findRow(roots, 'profile:analyst/chain')?.description, 'analyst → dev');
    const broken = findRow(roots, 'profile:broken')!;
    assert.equal(broken.contextValue, 'cdr.profile.invalid');
    assert.equal(broken.icon, 'warning');
    assert.match(broken.tooltip ?? '', /nowhere/);
    const item = api.treeProvider().getTreeItem(broken);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'warning');
  });

  test('the status bar names the source in botocore words and marks the active profile in the tree', async () => {
    const { api } = await activateExtension();
    const snap = await api.credentials.get();
    if (snap.resolution.source === 'shared-credentials-file') {
      assert.equal(api.statusBarText(), '$(key) shared-credentials-file · default');
      assert.match(findRow(api.treeProvider().getChildren(), 'profile:default')?.description ?? '', /active/);
    } else {
      // The host may have been started with AWS_PROFILE or env keys; then boto3 (and we) must say so.
      assert.ok(snap.resolution.source !== null || snap.resolution.error !== null);
    }
    assert.match(api.statusBarTooltip(), /Chain, in botocore's order/);
  });

  test('choosing a profile in the quick pick switches the status bar', async () => {
    const { api } = await activateExtension();
    const changed = waitFor(
      api.credentials.onDidChange,
      (s: CredentialsSnapshot) => s.selectedProfile === 'dev',
      'the profile switch',
    );
    void vscode.commands.executeCommand('cloudDataRouter.selectProfile');
    // Let the quick pick open, type to filter it, accept: the same keys a user presses.
    await new Promise((r) => setTimeout(r, 400));
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectPrevious');
    const picks = api.credentials.snapshot!.config.profiles.map((p) => p.name).sort();
    // Items: Automatic, then profiles sorted by name; move down to "dev".
    for (let i = 0; i <= picks.indexOf('dev'); i++)
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const snap = await changed;
    assert.equal(snap.resolution.source, 'shared-credentials-file');
    assert.equal(api.statusBarText(), '$(key) shared-credentials-file · dev');
    assert.equal(findRow(api.treeProvider().getChildren(), 'profile:dev')?.contextValue, 'cdr.profile.static.active');
  });

  test('a rotated key is picked up from disk without a reload, and secrets never show', async () => {
    const { api } = await activateExtension();
    await api.credentials.select('dev');
    const rotated = waitFor(
      api.credentials.onDidChange,
      (s) => s.resolution.accessKeyId === 'AKIA…BBBB',
      'the rotated key',
      3000,
    );
    const t0 = Date.now();
    writeFiles('AKIAIOSFODNN7DEVBBBB');
    await rotated;
    const ms = Date.now() - t0;
    assert.ok(ms < 1500, `reload took ${ms} ms`);
    const everything = JSON.stringify(api.treeProvider().getChildren()) + api.statusBarTooltip() + api.statusBarText();
    assert.ok(!everything.includes(SECRET), 'a secret reached the UI');
    assert.ok(!everything.includes('AKIAIOSFODNN7DEVBBBB'), 'an unredacted key id reached the UI');
  });

  test('a malformed file turns the status bar red and names the file and line', async () => {
    const { api } = await activateExtension();
    await api.credentials.select(undefined);
    const broken = waitFor(
      api.credentials.onDidChange,
      (s) => s.resolution.errorType === 'ConfigParseError',
      'the parse error',
    );
    writeFileSync(configFile, '[default]\nregion = us-east-1\nthis line is not ini\n');
    const snap = await broken;
    assert.match(api.statusBarText(), /^\$\(error\) AWS: ConfigParseError/);
    assert.match(snap.resolution.error ?? '', new RegExp(`${configFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3`));
    const fixed = waitFor(api.credentials.onDidChange, (s) => s.resolution.error === null, 'the fix');
    writeFiles('AKIAIOSFODNN7DEVAAAA');
    await fixed;
    assert.match(api.statusBarText(), /^\$\(key\) /);
  });

  test('"Use automatic" goes back to boto3 resolution', async () => {
    const { api } = await activateExtension();
    await api.credentials.select('dev');
    await vscode.commands.executeCommand('cloudDataRouter.useAutomatic');
    assert.equal(api.credentials.selectedProfile, undefined);
  });
});
