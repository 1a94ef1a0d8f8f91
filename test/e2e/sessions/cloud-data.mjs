// I/O: e2e for issue 10's VS Code half: browse the Cloud Data view down to a prefix of the demo's stpubdata
// (an HST visit), see the route on hover, Download… it (the cap prompt first, with the listed total and the cost),
// then find every file in the Explorer, byte-identical to what the demo's S3 serves.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { copySampleWorkspace, writeTryMe } from '../../../scripts/codeServer.mjs';
import { assert, filesUnder } from '../scenarios.mjs';
import { repoRoot } from '../../../scripts/codeServer.mjs';
import {
  explorerRow,
  openViewContainer,
  pollText,
  revealInExplorerTree,
  runCommand,
  sel,
  setSidebarWidth,
  statusItemWithIcon,
  tidyUp,
  toast,
  waitForQuickInputTitle,
} from '../workbench.mjs';

const PREFIX = 'hst/public/ib6w/';
const PATH = ['stpubdata', 'hst', 'public', 'ib6w'];
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

/** The Cloud Data pane of the sidebar (the container also holds Profiles & Context). */
function dataPane(page) {
  return page
    .locator(`${sel.sidebar} .pane`, { has: page.locator('.pane-header .title', { hasText: /^Cloud Data$/ }) })
    .first();
}

/** A row of the Cloud Data tree whose label is exactly `label`. */
function dataRow(page, label) {
  return dataPane(page)
    .locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) })
    .first();
}

async function expand(page, label) {
  const row = dataRow(page, label);
  await row.waitFor({ timeout: 20_000 });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  // A row's tooltip opens under a resting pointer and would cover the next row: move the pointer off the tree.
  await page.mouse.move(900, 600);
  return row;
}

/**
 * The summary notification: its toast, or (when VS Code kept it out of the toasts, as it was seen to do after several
 * progress notifications in a row) the same entry in the notification center.
 */
async function summaryNotification(page, re, timeout = 60_000) {
  const t = toast(page, re);
  try {
    await t.waitFor({ timeout });
    return t;
  } catch {
    console.log('      note: no toast for the summary; looking in the notification center');
    await runCommand(page, 'Notifications: Show Notifications');
    const entry = page.locator('.notifications-center .notification-list-item', { hasText: re }).first();
    await entry.waitFor({ timeout: 5_000 });
    return entry;
  }
}

/** On a failed step, keep the extension's log (its listings, routes and downloads) next to the screenshots. */
function keepLogOnFailure(run) {
  return async (ctx) => {
    try {
      await run(ctx);
    } catch (err) {
      for (const f of filesUnder(join(ctx.runDir, 'user-data/logs')).filter((p) => p.endsWith('Cloud Data Router.log')))
        copyFileSync(f, join(repoRoot, 'test-results/e2e/cloud-data-extension.log'));
      throw err;
    }
  };
}

export const sessions = [
  {
    name: 'cloud data: browse the demo bucket to a prefix and download it',
    server: { workspaceTrust: false },
    demo: { imds: 'ec2-us-east-1' },
    plainShotNames: true,
    setup({ runDir, demo }) {
      // Below the visit's 144 kB, so Download… asks first: the prompt must give the listed total and the cost. The cap
      // is a machine-scoped setting, which the remote side (code-server's Machine settings) holds, not the browser's.
      mkdirSync(join(runDir, 'user-data/Machine'), { recursive: true });
      writeFileSync(
        join(runDir, 'user-data/Machine/settings.json'),
        JSON.stringify({ 'cloudDataRouter.download.maxBytes': 100000 }, null, 2),
      );
      const workspace = copySampleWorkspace(join(runDir, 'workspace'));
      writeTryMe(workspace, demo);
      const visit = demo.files.filter((f) => f.bucket === 'stpubdata' && f.key.startsWith(PREFIX));
      if (visit.length < 6) throw new Error(`the demo's stpubdata has ${visit.length} files under ${PREFIX}`);
      return { workspace, visit };
    },
    steps: [
      {
        name: 'the Cloud Data view lists the open-data buckets; stpubdata opens one level at a time down to the visit',
        timeoutMs: 120_000,
        run: keepLogOnFailure(async ({ page, shot, fixture }) => {
          await page.locator('.explorer-folders-view').waitFor({ timeout: 20_000 });
          // The demo says EC2 in us-east-1 through its IMDS stand-in, within the detector's 1 s budget. On a machine
          // this loaded the budget was seen to run out (context unknown, so HTTPS and no cap prompt): detect again,
          // as a user would with the view's action, before judging routes.
          const status = statusItemWithIcon(page, 'key');
          try {
            await pollText(status, /us-east-1/, 20_000);
          } catch {
            console.log('      note: cloud context not detected in time (loaded machine); detecting again');
            await runCommand(page, 'Cloud Data Router: Detect Cloud Context Again');
            await pollText(status, /us-east-1/, 30_000);
          }
          await setSidebarWidth(page, 480);
          await openViewContainer(page, 'Cloud Data Router');
          const pane = dataPane(page);
          await pane.waitFor({ timeout: 20_000 });
          // Room for the listing: fold Profiles & Context away.
          const profiles = page
            .locator(`${sel.sidebar} .pane-header`, {
              has: page.locator('.title', { hasText: /^Profiles & Context$/ }),
            })
            .first();
          if ((await profiles.getAttribute('aria-expanded')) === 'true') await profiles.click();
          if ((await pane.locator('.pane-header').getAttribute('aria-expanded')) === 'false')
            await pane.locator('.pane-header').click();
          for (const bucket of ['stpubdata', 'nasa-heasarc', 'usgs-landsat'])
            await dataRow(page, bucket).waitFor({ timeout: 20_000 });
          await pollText(dataRow(page, 'usgs-landsat'), /us-west-2 · requester pays/);
          for (const seg of PATH) await expand(page, seg);
          // The visit's level: three folders, listed with S3's delimiter.
          for (const obs of ['ib6w01010', 'ib6w01rcq', 'ib6w01rdq'])
            await dataRow(page, obs).waitFor({ timeout: 20_000 });
          await pollText(dataRow(page, 'ib6w'), /3 folders/);
          const drz = fixture.visit.find((f) => f.key.endsWith('_drz.fits'));
          await expand(page, 'ib6w01010');
          const file = dataRow(page, 'ib6w01010_drz.fits');
          await file.waitFor({ timeout: 20_000 });
          await pollText(file, /69\.1 kB/);
          assert(drz.size === 69120, `the demo's drizzled image is ${drz.size} B`);
          await shot('cloud-data-a-tree');
        }),
      },
      {
        name: 'hovering the visit shows the route from here: S3, same region (the demo is EC2 in us-east-1)',
        run: keepLogOnFailure(async ({ page, shot }) => {
          await dataRow(page, 'ib6w').locator('.label-name').hover();
          const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'would come' }).first();
          await hover.waitFor({ timeout: 15_000 });
          await pollText(hover, /Files here would come over S3[\s\S]*same-region/);
          await shot('cloud-data-b-route-tooltip');
          await page.mouse.move(5, 5);
        }),
      },
      {
        name: 'Download… on the visit asks first, with the listed total and the cost, then downloads every file',
        timeoutMs: 90_000,
        run: keepLogOnFailure(async ({ page, shot, fixture }) => {
          await dataRow(page, 'ib6w').click({ button: 'right' });
          const item = page.locator('.monaco-menu .action-item', { hasText: 'Download…' }).first();
          await item.waitFor({ timeout: 10_000 });
          await shot('cloud-data-c-context-menu');
          await item.click();
          const dialog = page.locator('.monaco-dialog-box').first();
          await dialog.waitFor({ timeout: 30_000 });
          const total = fixture.visit.reduce((a, f) => a + f.size, 0);
          const text = await pollText(dialog, /lists \d+ files/);
          assert(
            text.includes(`s3://stpubdata/${PREFIX} lists ${fixture.visit.length} files, 144 kB in all`) &&
              /estimated cost \$0\.00/.test(text),
            `cap prompt (${total} B listed): ${text}`,
          );
          await shot('cloud-data-c-cap-prompt');
          await dialog.locator('.monaco-button', { hasText: 'Download Anyway' }).first().click();
          const summary = await summaryNotification(page, /Cloud Data Router: .*downloaded/);
          const summaryText = await summary.innerText();
          assert(new RegExp(`\\b${fixture.visit.length} downloaded\\b`).test(summaryText), `summary: ${summaryText}`);
          await summary
            .locator('.monaco-button', { hasText: 'Open Result Manifest' })
            .first()
            .waitFor({ timeout: 5_000 });
          await shot('cloud-data-c-downloaded');
        }),
      },
      {
        name: 'every file of the visit is in the Explorer, byte-identical to the bucket, with the result manifest',
        run: keepLogOnFailure(async ({ page, shot, fixture, workspace }) => {
          const dataDir = join(workspace, 'data');
          const onDisk = new Map(filesUnder(dataDir).map((f) => [relative(dataDir, f).split(sep).join('/'), f]));
          for (const f of fixture.visit) {
            const path = onDisk.get(`stpubdata/${f.key}`);
            assert(path, `stpubdata/${f.key} is not under data/: ${[...onDisk.keys()].join(', ')}`);
            assert(sha256(readFileSync(path)) === f.sha256, `${f.key}: bytes differ from the bucket's`);
          }
          const manifest = readFileSync(join(dataDir, 'cdr-manifest.csv'), 'utf8');
          for (const f of fixture.visit) assert(manifest.includes(f.key), `the manifest does not list ${f.key}`);

          await tidyUp(page);
          await page.locator(sel.activityEntry('Explorer')).first().click();
          await page.locator('.explorer-folders-view').waitFor({ timeout: 10_000 });
          for (const f of fixture.visit.filter((x) => /_(drz|flt)\.fits$/.test(x.key))) {
            const parts = ['data', 'stpubdata', ...f.key.split('/')];
            await revealInExplorerTree(page, parts.slice(0, -1), parts.at(-1));
          }
          await explorerRow(page, 'cdr-manifest.csv').waitFor({ timeout: 10_000 });
          await explorerRow(page, 'data').scrollIntoViewIfNeeded();
          await shot('cloud-data-d-explorer');
        }),
      },
      {
        name: "Download Observation… lists MAST's products with filters; the recommended set is already here, so nothing moves",
        timeoutMs: 90_000,
        run: keepLogOnFailure(async ({ page, shot }) => {
          await tidyUp(page);
          await runCommand(page, 'Cloud Data Router: Download Observation…');
          await waitForQuickInputTitle(page, 'Download Observation');
          await page.fill(sel.quickInputBox, 'HST/ib6w01010');
          await page.keyboard.press('Enter');
          await waitForQuickInputTitle(page, 'Products of mast:obs/HST/ib6w01010: 8 files', 30_000);
          const picks = await pollText(page.locator(sel.quickInput), /Minimum recommended products only/);
          for (const want of ['SCIENCE', 'AUXILIARY', 'DRZ', 'FLT', 'RAW'])
            assert(picks.includes(want), `the filters do not offer ${want}: ${picks}`);
          await shot('cloud-data-e-observation-filters');
          // Accept the default: the minimum recommended products (the drizzled image and the two calibrated exposures).
          await page.keyboard.press('Enter');
          const summary = await summaryNotification(page, /Cloud Data Router: .*already present/, 20_000);
          const text = await summary.innerText();
          assert(/\b0 downloaded\b/.test(text) && /\b3 already present\b/.test(text), `summary: ${text}`);
          await shot('cloud-data-e-observation-skipped');
        }),
      },
    ],
  },
];
