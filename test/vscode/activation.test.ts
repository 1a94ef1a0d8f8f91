// I/O: the extension activates in a real VS Code host, exports its API and contributes what package.json says.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, manifest } from './helpers';

suite('activation', () => {
  test('activates by id and exports the test API', async () => {
    const { extension, api } = await activateExtension();
    assert.equal(extension.isActive, true);
    assert.equal(typeof api.activatedInMs, 'number');
    assert.equal(typeof api.statusBarText, 'function');
    assert.equal(typeof api.treeProvider, 'function');
  });

  test('activation takes less than 200 ms', async () => {
    const { api, activateCallMs } = await activateExtension();
    // Printed so the runner's log records the measured value, not only that it passed.
    console.log(`CDR_ACTIVATION ${JSON.stringify({ activatedInMs: api.activatedInMs, activateCallMs })}`);
    assert.ok(api.activatedInMs < 200, `activate() took ${api.activatedInMs.toFixed(1)} ms`);
  });

  test('status bar item shows the key icon and the AWS source', async () => {
    const { api } = await activateExtension();
    assert.match(api.statusBarText(), /^\$\((key|error)\) /);
  });

  test('tree view: the first root item is "Cloud context"', async () => {
    const { api } = await activateExtension();
    const provider = api.treeProvider();
    const roots = (await provider.getChildren()) ?? [];
    assert.ok(roots.length > 0, 'the tree has no roots');
    const first = await provider.getTreeItem(roots[0]);
    const label = typeof first.label === 'string' ? first.label : first.label?.label;
    assert.equal(label, 'Cloud context');
  });
});

suite('contributions', () => {
  test('every command in package.json is registered', async () => {
    const { extension } = await activateExtension();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest(extension)
      .contributes.commands.map((c) => c.command)
      .filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], 'contributed but not registered');
  });

  test('every registered cloudDataRouter.* command is contributed in package.json', async () => {
    const { extension } = await activateExtension();
    const contributed = new Set(manifest(extension).contributes.commands.map((c) => c.command));
    // VS Code adds <viewId>.focus / resetViewLocation / toggleVisibility etc. for each view; those are the workbench's, not ours.
    const viewIds = Object.values(manifest(extension).contributes.views)
      .flat()
      .map((v) => v.id);
    const ours = (await vscode.commands.getCommands(true))
      .filter((id) => id.startsWith('cloudDataRouter.'))
      .filter((id) => !viewIds.some((v) => id.startsWith(`${v}.`)));
    assert.deepEqual(
      ours.filter((id) => !contributed.has(id)),
      [],
      'registered but not contributed',
    );
  });

  test('the view container contributes the profiles view and the workbench registered both', async () => {
    const { extension } = await activateExtension();
    const m = manifest(extension).contributes;
    assert.ok(m.viewsContainers.activitybar.some((c) => c.id === 'cloudDataRouter' && c.title === 'Cloud Data Router'));
    assert.ok(m.views.cloudDataRouter?.some((v) => v.id === 'cloudDataRouter.profiles'));
    // The workbench creates these commands only for containers and views it actually registered.
    const all = new Set(await vscode.commands.getCommands(true));
    assert.ok(all.has('workbench.view.extension.cloudDataRouter'), 'view container not registered by the workbench');
    assert.ok(all.has('cloudDataRouter.profiles.focus'), 'view not registered by the workbench');
  });

  test('the profiles view can be opened', async () => {
    await activateExtension();
    await vscode.commands.executeCommand('cloudDataRouter.profiles.focus');
  });
});
