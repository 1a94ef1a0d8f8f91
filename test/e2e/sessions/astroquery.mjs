// I/O: the astroquery session (issue 14): the Explain panel's Copy as Python and Insert into Notebook, and a MAST
// download delegated to Debian's astroquery in an integrated terminal, against the demo's MAST stand-in.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copySampleWorkspace, demoPicks, repoRoot } from '../../../scripts/codeServer.mjs';
import { assert, explainRouteFromPalette, fetchBytes, filesUnder } from '../scenarios.mjs';
import { explorerRow, openViewContainer, pollText, tidyUp, toast, treeRow } from '../workbench.mjs';

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const DEBIAN_PYTHON = '/usr/bin/python3';

/** A notebook with one code cell: VS Code's built-in ipynb support opens it without the Jupyter extension. */
const NOTEBOOK = {
  cells: [
    {
      cell_type: 'code',
      execution_count: null,
      metadata: {},
      outputs: [],
      source: ['# analysis: data for this notebook\n', 'import os'],
    },
  ],
  metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
  nbformat: 4,
  nbformat_minor: 5,
};

async function explainMast(page, uri) {
  await explainRouteFromPalette(page, uri);
  await page
    .locator('.tab', { hasText: `Route: ${uri.split('/').pop()}` })
    .first()
    .waitFor({ timeout: 20_000 });
  return routePanelFrame(page);
}

/** The Explain panel's document, found by its content: a notebook editor has webviews of its own. */
async function routePanelFrame(page, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const f of page.frames()) {
      if (
        await f
          .locator('main[data-via="http"]')
          .count()
          .catch(() => 0)
      )
        return f;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the Explain panel (main[data-via="http"]) did not show');
}

export const sessions = [
  {
    name: 'astroquery: Python for a route, notebook cell, delegated MAST download',
    server: { workspaceTrust: false },
    // A laptop (no instance metadata): MAST files travel over HTTPS, which astroquery can do too.
    demo: { imds: 'off' },
    settings: { 'cloudDataRouter.astroquery.pythonPath': DEBIAN_PYTHON },
    setup({ runDir, demo }) {
      const workspace = copySampleWorkspace(join(runDir, 'workspace'));
      writeFileSync(join(workspace, 'analysis.ipynb'), `${JSON.stringify(NOTEBOOK, null, 1)}\n`);
      // Python started from the terminal refuses anything outside 127.0.0.0/8, like the guarded code-server.
      return { workspace, picks: demoPicks(demo), env: { PYTHONPATH: join(repoRoot, 'test/support/python-guard') } };
    },
    steps: [
      {
        name: 'Explain panel: Copy as Python puts the astroquery code on the clipboard',
        async run({ page, shot, fixture }) {
          // The extension is active (its commands registered) once its view shows the context.
          await openViewContainer(page, 'Cloud Data Router');
          await treeRow(page, 'Cloud context').waitFor({ timeout: 30_000 });
          const uri = fixture.picks.hst.mastUri;
          const doc = await explainMast(page, uri);
          await pollText(doc.locator('.banner.astroquery'), /astroquery can fetch this too \(astroquery\.mast\)/);
          await doc.locator('button[data-action="copyPython"]').click();
          await toast(page, `Python for ${uri} copied to the clipboard.`).waitFor({ timeout: 15_000 });
          await shot('astroquery-copy-python');
        },
      },
      {
        name: 'Insert into Notebook adds a cell with the route as Python to the open notebook (screenshot)',
        timeoutMs: 90_000,
        async run({ page, shot, fixture }) {
          const uri = fixture.picks.hst.mastUri;
          await openViewContainer(page, 'Explorer');
          await explorerRow(page, 'analysis.ipynb').dblclick();
          const notebook = page.locator('.notebookOverlay').first();
          await pollText(notebook, /analysis:\sdata\sfor\sthis\snotebook/, 20_000);
          const doc = await explainMast(page, uri);
          await doc.locator('button[data-action="insertNotebook"]').click();
          // Monaco draws spaces as no-break spaces: \s matches both.
          await pollText(notebook, /Observations\.download_file\(uri,\slocal_path=local_path/, 20_000);
          await pollText(notebook, /from\sastroquery\.mast\simport\sObservations/, 5_000);
          await shot('astroquery-insert-notebook');
        },
      },
      {
        name: 'Download with astroquery runs Debian astroquery in a terminal; the file arrives byte-identical',
        timeoutMs: 120_000,
        async run({ page, shot, fixture, workspace }) {
          const { hst } = fixture.picks;
          await tidyUp(page, { editors: true });
          const doc = await explainMast(page, hst.mastUri);
          await doc.locator('button[data-action="downloadAstroquery"]').click();
          // The script is shown before it runs, and the terminal runs it.
          await page.locator('.tab', { hasText: 'cdr_astroquery.py' }).first().waitFor({ timeout: 20_000 });
          await page.locator('.terminal-wrapper, .terminal').first().waitFor({ timeout: 20_000 });
          await shot('astroquery-terminal-running');
          const done = toast(page, /astroquery downloaded 1 file\(s\) into/);
          await done.waitFor({ timeout: 90_000 });
          await shot('astroquery-terminal-download');
          const expected = sha256(await fetchBytes(hst.mastDownloadUrl));
          const file = filesUnder(join(workspace, 'data')).find((f) => f.endsWith(hst.mastUri.split('/').pop()));
          assert(file, `no ${hst.mastUri.split('/').pop()} under data/`);
          assert(file.includes(join('mastDownload', 'HST')), `astroquery's layout: ${file}`);
          assert(sha256(readFileSync(file)) === expected, `${file} differs from what MAST serves`);
        },
      },
    ],
  },
];
