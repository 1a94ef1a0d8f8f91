// I/O: "Plan Large Download…" and "Show Plan Status" inside the real VS Code: a plan of named files is written into
// the workspace with plan.json opened, and its status (nothing run yet) names every shard as not run.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateExtension } from './helpers';

suite('plan', () => {
  const config = vscode.workspace.getConfiguration('cloudDataRouter');
  const dest = mkdtempSync(join(tmpdir(), 'cdr-plan-vscode-'));
  let planDir: string | undefined;

  suiteSetup(async () => {
    await activateExtension();
    // Named files need no listing and no request to plan: an endpoint nobody answers is enough.
    await config.update('endpoints.s3', 'http://127.0.0.1:9', vscode.ConfigurationTarget.Global);
    await config.update('download.directory', dest, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    for (const k of ['endpoints.s3', 'download.directory'])
      await config.update(k, undefined, vscode.ConfigurationTarget.Global);
    if (planDir) rmSync(join(planDir, '..'), { recursive: true, force: true });
    rmSync(dest, { recursive: true, force: true });
  });

  test('Plan Large Download writes plan.json and shards into the workspace and opens plan.json', async () => {
    planDir = await vscode.commands.executeCommand<string>(
      'cloudDataRouter.planLargeDownload',
      's3://stpubdata/hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits s3://stpubdata/hst/public/u9o4/u9o40504m/u9o40504m_drz.fits',
      { shards: 2 },
    );
    assert.ok(planDir, 'no plan folder returned');
    assert.ok(planDir.startsWith(vscode.workspace.workspaceFolders![0]!.uri.fsPath), planDir);
    assert.deepEqual(readdirSync(planDir).sort(), ['plan.json', 'shard-0000.jsonl', 'shard-0001.jsonl']);
    const plan = JSON.parse(readFileSync(join(planDir, 'plan.json'), 'utf8'));
    assert.deepEqual([plan.totals.files, plan.shardCount, plan.destination], [2, 2, dest]);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, join(planDir, 'plan.json'));
  });

  test('Show Plan Status merges the (absent) results into manifest.csv and says nothing has run', async () => {
    assert.ok(planDir);
    const s = await vscode.commands.executeCommand<{ complete: boolean; text: string }>(
      'cloudDataRouter.planStatus',
      vscode.Uri.file(join(planDir, 'plan.json')),
    );
    assert.equal(s?.complete, false);
    assert.match(s?.text ?? '', /0 COMPLETE, 0 SKIPPED, 2 ERROR of 2 files; shards: 0 complete, 0 failed, 2 not run/);
    assert.ok(existsSync(join(planDir, 'manifest.csv')));
    assert.match(readFileSync(join(planDir, 'manifest.csv'), 'utf8'), /^Local Path,Status,Message,URL,/);
  });
});
