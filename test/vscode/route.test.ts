// I/O: inside a real VS Code: Explain Route opens the webview panel marking the leaf this test host
// routes to, reuses it, and CodeLens and hover appear on a data address in a Python document.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Route } from '../../src/core/routing/types';
import type { RouteFeatures } from '../../src/extension/route/index';
import { activateExtension } from './helpers';

const HST = 's3://stpubdata/hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits';
const HST2 = 's3://stpubdata/hst/public/u9o4/u9o40504m/u9o40504m_raw.fits';
// The runners set AWS_EC2_METADATA_DISABLED=true and declare no platform: the context is off-cloud or
// unknown, which the default policy routes as not in the cloud.
const EXPECTED_LEAF = 'user-not-in-cloud';

async function routeFeatures(): Promise<RouteFeatures> {
  const { api } = await activateExtension();
  const routes = (api as unknown as { routes?: () => RouteFeatures }).routes?.();
  assert.ok(routes, 'CdrApi.routes() is missing: registerRouteFeatures is not wired in activate.ts');
  return routes;
}

function explainTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter(
      (t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('cloudDataRouter.explainRoute'),
    );
}

/** The tab model reaches the extension host after the panel is created: wait for the event, not a sleep. */
async function waitForExplainTab(): Promise<vscode.Tab[]> {
  if (explainTabs().length) return explainTabs();
  await new Promise<void>((resolve) => {
    const d = vscode.window.tabGroups.onDidChangeTabs(() => {
      if (explainTabs().length) {
        d.dispose();
        resolve();
      }
    });
  });
  return explainTabs();
}

suite('explain route', () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the command opens a webview panel whose tree marks the expected leaf', async () => {
    const routes = await routeFeatures();
    const route = await vscode.commands.executeCommand<Route | undefined>('cloudDataRouter.explainRoute', HST);
    assert.ok(route, 'the command returned no route (see the error notification in the log)');
    assert.equal(route.uri, HST);
    assert.equal(route.leaf, EXPECTED_LEAF);
    assert.equal(route.via, 'http');
    const html = routes.lastPanelHtml();
    assert.match(html, new RegExp(`<main data-leaf="${EXPECTED_LEAF}" data-via="http">`));
    assert.match(html, new RegExp(`<g class="leaf taken[^"]*" data-leaf="${EXPECTED_LEAF}"`));
    assert.equal([...html.matchAll(/<g class="leaf [^"]*dimmed[^"]*"/g)].length, 6, 'the six other leaves are dimmed');
    assert.match(html, /Content-Security-Policy/);
    assert.deepEqual(
      routes.lastRoutes().map((r) => r.leaf),
      [EXPECTED_LEAF],
    );
    assert.equal((await waitForExplainTab()).length, 1, 'one Explain Route panel is open');
    assert.equal(routes.panelVisible(), true);
  });

  test('a second explain reuses the panel and remembers both URIs', async () => {
    const routes = await routeFeatures();
    await vscode.commands.executeCommand('cloudDataRouter.explainRoute', { uri: HST2 });
    assert.equal(explainTabs().length, 1, 'still one panel');
    assert.ok(routes.lastPanelHtml().includes('u9o40504m_raw.fits'));
    assert.deepEqual(routes.service.recent().slice(0, 2), [HST2, HST]);
  });

  test('hover and CodeLens on a data address in a Python document', async () => {
    await routeFeatures();
    // A file on disk, not an untitled document: closing a dirty editor would ask to save.
    const file = join(mkdtempSync(join(tmpdir(), 'cdr-route-')), 'fetch.py');
    writeFileSync(file, `import astropy\npath = "${HST}"\n`);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    await vscode.window.showTextDocument(doc);
    const pos = new vscode.Position(1, 12);
    // The hover waits for the route, so afterwards the CodeLens cache holds it and the lenses are final.
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
      .join('\n');
    assert.match(text, new RegExp(EXPECTED_LEAF));
    assert.match(text, /command:cloudDataRouter\.explainRoute\?/);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      doc.uri,
      10,
    );
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(
      titles.some((t) => t.includes(`HTTPS · ${EXPECTED_LEAF}`)),
      `lens titles: ${titles.join(' | ')}`,
    );
    assert.ok(titles.includes('Download') && titles.includes('Explain'), `lens titles: ${titles.join(' | ')}`);
    assert.ok(lenses.every((l) => l.range.start.line === 1));
  });
});
