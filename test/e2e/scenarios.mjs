// I/O: the e2e scenarios. A session is one code-server start (its options: workspace, trust, settings); each of
// its steps counts as one test. Add a step to a session, or a session (e.g. an untrusted workspace), here.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, relative, sep } from 'node:path';
import { copySampleWorkspace, demoPicks, writeTryMe } from '../../scripts/codeServer.mjs';
import {
  explorerRow,
  openViewContainer,
  pickQuickItem,
  pollText,
  quickInput,
  revealInExplorerTree,
  runCommand,
  sel,
  setSidebarWidth,
  sidebarRowsText,
  statusItemWithIcon,
  tidyUp,
  toast,
  treeRow,
  waitForQuickInputTitle,
  webviewContent,
} from './workbench.mjs';

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

export function assert(ok, message) {
  if (!ok) throw new Error(message);
}

/** Every file under `dir` (recursively), as absolute paths. */
export function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath ?? d.path, d.name));
}

/** GET from a demo server on 127.0.0.1, from this process: the source bytes downloads are compared with. */
export async function fetchBytes(url, headers = {}) {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/** Explain Route… from the palette; types `uri` into its input box (after "Enter a URI…" when recents exist). */
export async function explainRouteFromPalette(page, uri, shot) {
  await runCommand(page, 'Cloud Data Router: Explain Route…');
  // With recent URIs a quick pick comes first ("Enter a URI…" or a recent one); without, the input box.
  await waitForQuickInputTitle(page, 'Explain Route');
  const enter = page.locator(`${sel.quickInput} .monaco-list-row`, { hasText: 'Enter a URI' }).first();
  if (await enter.isVisible().catch(() => false)) {
    await enter.click();
    await page.locator(`${sel.quickInput} .monaco-list-row`).first().waitFor({ state: 'hidden', timeout: 10_000 });
  }
  await page.fill(sel.quickInputBox, uri);
  if (shot) await shot();
  await page.keyboard.press('Enter');
  await page.locator(sel.quickInput).waitFor({ state: 'hidden', timeout: 10_000 });
}

/** A plain HTTP server on 127.0.0.1 that answers 404 and counts every request: nothing may reach it. */
export function startCanary() {
  const requests = [];
  const srv = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(404).end();
  });
  return new Promise((ok) =>
    srv.listen(0, '127.0.0.1', () =>
      ok({
        url: `http://127.0.0.1:${srv.address().port}`,
        requests,
        close: () => new Promise((r) => srv.close(() => r())),
      }),
    ),
  );
}

const CANARY_PROFILE = 'canary-redirected-7f3a';

export const sessions = [
  {
    name: 'sample workspace, trusted',
    server: { workspaceTrust: false },
    steps: [
      {
        name: 'activity bar entry opens the Cloud Data Router view',
        async run({ page, shot }) {
          await openViewContainer(page, 'Cloud Data Router');
          await shot('view-opened');
        },
      },
      {
        name: 'tree shows "Cloud context"',
        async run({ page, shot }) {
          await openViewContainer(page, 'Cloud Data Router');
          await treeRow(page, 'Cloud context').waitFor({ timeout: 20_000 });
          await shot('tree');
        },
      },
      {
        name: 'status bar shows the key item with a credential source',
        async run({ page, shot }) {
          const item = statusItemWithIcon(page, 'key');
          await item.waitFor({ timeout: 20_000 });
          // The text after the icon is the source (e.g. "shared-credentials-file · default"); it must not stay empty.
          await pollText(item, /\S/);
          await shot('status-bar');
        },
      },
      {
        name: 'command palette: "Cloud Data Router: Show Log" shows the log',
        async run({ page, shot }) {
          await runCommand(page, 'Cloud Data Router: Show Log');
          const panel = page.locator(sel.panel);
          await panel.waitFor({ state: 'visible', timeout: 15_000 });
          // The channel picker names our channel and the editor shows our activation line.
          await pollText(panel, /\[extension\]\s+activated\s+in/);
          await shot('show-log');
        },
      },
      {
        name: 'status bar quick pick switches the profile to "dev"',
        async run({ page, shot }) {
          const item = statusItemWithIcon(page, 'key');
          await item.click();
          await page.waitForSelector(sel.quickInputBox, { state: 'visible', timeout: 10_000 });
          await shot('profile-pick');
          await pickQuickItem(page, 'dev');
          await pollText(item, /\bdev\b/);
          await shot('profile-dev');
        },
      },
      // Next: explain route, downloads.
    ],
  },
  {
    // Workspace trust on and never granted: VS Code opens the folder in Restricted Mode. package.json declares
    // limited support, so the view must still work (downloads and redirecting settings are what it withholds).
    name: 'sample workspace, untrusted (Restricted Mode)',
    server: { workspaceTrust: true },
    steps: [
      {
        name: 'the window is in Restricted Mode',
        async run({ page }) {
          await page.locator(sel.statusItem, { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 20_000 });
        },
      },
      {
        name: 'the view still shows "Cloud context" and the status bar item',
        async run({ page, shot }) {
          await openViewContainer(page, 'Cloud Data Router');
          await treeRow(page, 'Cloud context').waitFor({ timeout: 20_000 });
          await statusItemWithIcon(page, 'key').waitFor({ timeout: 20_000 });
          // Only so the screenshot shows the whole tree; what Restricted Mode hides is not asserted here yet.
          await treeRow(page, 'Profiles')
            .waitFor({ timeout: 5_000 })
            .catch(() => {});
          await shot('untrusted');
        },
      },
      // Downloads refused, redirecting settings ignored: the issue-7 session below.
    ],
  },
  {
    // Issue 7, demo mode: the demo's stand-ins say this is an EC2 instance in us-east-1 (IMDS), s3rver holds
    // stpubdata, MAST holds an exclusive-access file. A copy of the sample workspace receives the downloads.
    name: 'demo: EC2 in us-east-1 (simulated)',
    server: { workspaceTrust: false },
    demo: { imds: 'ec2-us-east-1' },
    plainShotNames: true,
    setup({ runDir, demo }) {
      const workspace = copySampleWorkspace(join(runDir, 'workspace'));
      writeTryMe(workspace, demo);
      return { workspace, picks: demoPicks(demo) };
    },
    steps: [
      {
        name: 'a. the view: Cloud context "AWS EC2 · us-east-1" with its evidence, and the profiles',
        async run({ page, shot }) {
          // Wider than the default, so the evidence in the screenshots is readable. Done on the Explorer, before our
          // view shows: dragging the sash over our tree was seen to leave "Cloud context" collapsed (see report).
          await page.locator('.explorer-folders-view').waitFor({ timeout: 20_000 });
          await setSidebarWidth(page, 480);
          await openViewContainer(page, 'Cloud Data Router');
          const ctxRow = page
            .locator(`${sel.sidebar} .monaco-list-row`, {
              has: page.locator('.label-name', { hasText: /^Cloud context$/ }),
            })
            .first();
          await ctxRow.waitFor({ timeout: 20_000 });
          await pollText(ctxRow.locator('.label-description'), /^AWS EC2 · us-east-1$/, 20_000);
          // Product race (reported): if the view was drawn while the node said "Detecting…" (no children), VS Code keeps
          // it collapsed when the children arrive. Say so in the log and open it, as a user would.
          if ((await ctxRow.getAttribute('aria-expanded')) === 'false') {
            console.log('      note: "Cloud context" was drawn collapsed (known product race; expanding it)');
            await ctxRow.click();
          }
          // Profiles of sample/aws: 6 in the config and credentials files.
          const text = await pollText(page.locator(sel.sidebar), /Profiles\s*6 in 2 files/);
          await pollText(page.locator(sel.sidebar), /Region\s*us-east-1/);
          await treeRow(page, 'Demo environment').waitFor({ timeout: 5_000 });
          // Evidence is collapsed by default: open it and look for the metadata service's strong answers.
          const evidence = page
            .locator(`${sel.sidebar} .monaco-list-row`, { has: page.locator('.label-name', { hasText: /^Evidence$/ }) })
            .first();
          await pollText(evidence, /\d+ signals? · \d+ ms/);
          if ((await evidence.getAttribute('aria-expanded')) !== 'true') await evidence.click();
          const region = page
            .locator(`${sel.sidebar} .monaco-list-row`, {
              has: page.locator('.label-name', { hasText: 'imds:placement/region' }),
            })
            .first();
          await pollText(region, /imds:placement\/region\s*us-east-1/);
          assert(
            await region.locator('.codicon-pass-filled').count(),
            'the placement/region evidence is not marked strong',
          );
          // Each profile by name. The list is virtualized and shares the sidebar with the Cloud Data view: with the
          // evidence open, later profiles may not be rendered at all, so close it while they are counted.
          await evidence.click();
          await region.waitFor({ state: 'detached', timeout: 5_000 });
          for (const name of ['default', 'dev', 'analyst', 'sso-science', 'process', 'broken']) {
            const row = treeRow(page, name);
            await row.scrollIntoViewIfNeeded().catch(() => {});
            await row.waitFor({ timeout: 5_000 }).catch(() => {
              throw new Error(`profile ${name} is not in the tree: ${text.slice(0, 400)}`);
            });
          }
          await evidence.click();
          await region.waitFor({ timeout: 5_000 });
          await evidence.scrollIntoViewIfNeeded();
          await shot('issue7-a-view');
        },
      },
      {
        name: 'b. the status bar quick pick switches the profile, and the status bar says so',
        async run({ page, shot }) {
          const item = statusItemWithIcon(page, 'key');
          const before = await pollText(item, /·\s*default\b/, 20_000);
          assert(await item.locator('.codicon-cloud').count(), `no $(cloud) region in the status bar: ${before}`);
          assert(/us-east-1/.test(before), `the status bar does not name us-east-1: ${before}`);
          await item.click();
          await quickInput(page);
          await page
            .locator(`${sel.quickInput} .monaco-list-row`, { has: page.locator('.label-name', { hasText: /^dev$/ }) })
            .first()
            .waitFor({ timeout: 10_000 });
          await shot('issue7-b-profile-pick');
          await pickQuickItem(page, 'dev');
          const after = await pollText(item, /·\s*dev\b/);
          assert(after !== before && /us-east-1/.test(after), `status bar after the switch: ${after}`);
          await shot('issue7-b-profile-dev');
        },
      },
      {
        name: 'c. Explain Route… for an s3://stpubdata URI highlights the same-region leaf',
        async run({ page, shot, fixture }) {
          const uri = fixture.picks.hst.s3Uri;
          await explainRouteFromPalette(page, uri, () => shot('issue7-c-route-input'));
          await page
            .locator('.tab', { hasText: `Route: ${uri.split('/').pop()}` })
            .first()
            .waitFor({ timeout: 20_000 });
          const doc = webviewContent(page);
          await doc.locator('main[data-leaf="same-region"][data-via="s3"]').waitFor({ timeout: 20_000 });
          const leaf = doc.locator('svg.tree g.leaf.taken');
          assert((await leaf.count()) === 1, `expected one highlighted leaf, found ${await leaf.count()}`);
          assert(
            (await leaf.getAttribute('id')) === 'leaf-same-region',
            `highlighted leaf: ${await leaf.getAttribute('id')}`,
          );
          await leaf.locator('g.chosen').waitFor({ timeout: 5_000 });
          assert((await doc.locator('svg.tree g.leaf.dimmed').count()) === 6, 'the other six leaves are not dimmed');
          await pollText(doc.locator('.verdict'), /Download over S3/);
          await shot('issue7-c-route-panel');
        },
      },
      {
        name: 'd. Sign In to MAST…, then Download… one file over S3 and one over HTTPS from MAST; both in the Explorer, bytes as served',
        timeoutMs: 90_000,
        async run({ page, shot, demo, fixture, workspace }) {
          const { hst, exclusive } = fixture.picks;
          // Without the token MAST refuses the exclusive-access file: the sign-in is what makes it work.
          const anonymous = await fetch(exclusive.mastDownloadUrl);
          assert(
            anonymous.status === 401 || anonymous.status === 403,
            `MAST served the exclusive file without a token: ${anonymous.status}`,
          );

          await runCommand(page, 'Cloud Data Router: Sign In to MAST…');
          await waitForQuickInputTitle(page, 'Sign in to MAST');
          // A password box: what is typed is never shown.
          await page.locator(`${sel.quickInput} input[type="password"]`).waitFor({ timeout: 5_000 });
          await page.fill(sel.quickInputBox, demo.mastToken);
          await shot('issue7-d-signin');
          await page.keyboard.press('Enter');
          await toast(page, 'Signed in to MAST').waitFor({ timeout: 10_000 });

          await runCommand(page, 'Cloud Data Router: Download…');
          await waitForQuickInputTitle(page, 'Cloud Data Router: download');
          await page.fill(sel.quickInputBox, `${hst.s3Uri} ${exclusive.mastUri}`);
          await shot('issue7-d-download-input');
          await page.keyboard.press('Enter');
          const summary = toast(page, /Cloud Data Router: .*downloaded/);
          await summary.waitFor({ timeout: 60_000 });
          const summaryText = await summary.innerText();
          assert(/\b2 downloaded\b/.test(summaryText), `summary: ${summaryText}`);
          await toast(page, 'Downloading 2 file(s)').waitFor({ state: 'hidden', timeout: 10_000 });
          await summary
            .locator('.monaco-button', { hasText: 'Reveal in Explorer' })
            .first()
            .waitFor({ timeout: 5_000 });
          await shot('issue7-d-downloaded');

          // On disk, under data/ of the workspace copy: one file per source, byte-identical to what the servers serve.
          const dataDir = join(workspace, 'data');
          const onDisk = filesUnder(dataDir).filter((f) => !f.endsWith('.json'));
          const s3Bytes = await fetchBytes(`${demo.urls.s3}/${hst.bucket}/${hst.key}`);
          const mastBytes = await fetchBytes(exclusive.mastDownloadUrl, { Authorization: `token ${demo.mastToken}` });
          const byHash = new Map(onDisk.map((f) => [sha256(readFileSync(f)), f]));
          const s3File = byHash.get(sha256(s3Bytes));
          const mastFile = byHash.get(sha256(mastBytes));
          assert(
            s3File,
            `no file under data/ has the S3 object's bytes (${hst.size} B); found ${onDisk.map((f) => relative(workspace, f)).join(', ')}`,
          );
          assert(
            mastFile,
            `no file under data/ has MAST's bytes (${exclusive.size} B); found ${onDisk.map((f) => relative(workspace, f)).join(', ')}`,
          );
          assert(s3File.endsWith(hst.key.split('/').pop()), `the S3 file is named ${s3File}`);

          // In the Explorer: expand data/ down to each file.
          await tidyUp(page);
          await page.locator(sel.activityEntry('Explorer')).first().click();
          await page.locator('.explorer-folders-view').waitFor({ timeout: 10_000 });
          for (const file of [s3File, mastFile]) {
            const parts = relative(workspace, file).split(sep);
            await revealInExplorerTree(page, parts.slice(0, -1), parts.at(-1));
          }
          await explorerRow(page, 'data').scrollIntoViewIfNeeded();
          fixture.downloaded = { s3File: relative(workspace, s3File), mastFile: relative(workspace, mastFile) };
          await shot('issue7-d-explorer');
        },
      },
    ],
  },
  {
    // Issue 7, the other half: a workspace whose settings try to send S3 and MAST requests, and read AWS
    // profiles, somewhere else. Trust is on and never granted (Restricted Mode), so all of it must be ignored.
    name: 'untrusted workspace tries to redirect the S3 endpoint',
    server: { workspaceTrust: true },
    demo: { imds: 'ec2-us-east-1' },
    plainShotNames: true,
    async setup({ runDir, demo }) {
      const canary = await startCanary();
      const canaryDir = join(runDir, 'canary');
      mkdirSync(canaryDir, { recursive: true });
      writeFileSync(join(canaryDir, 'config'), `[profile ${CANARY_PROFILE}]\nregion = eu-north-1\n`);
      writeFileSync(
        join(canaryDir, 'credentials'),
        `[${CANARY_PROFILE}]\naws_access_key_id = AKIACANARYCANARY7F3A\naws_secret_access_key = canary\n`,
      );
      const workspace = join(runDir, 'untrusted-workspace');
      mkdirSync(join(workspace, '.vscode'), { recursive: true });
      writeFileSync(
        join(workspace, '.vscode/settings.json'),
        JSON.stringify(
          {
            'cloudDataRouter.endpoints.s3': canary.url,
            'cloudDataRouter.endpoints.mast': canary.url,
            'cloudDataRouter.awsConfigFile': join(canaryDir, 'config'),
            'cloudDataRouter.awsCredentialsFile': join(canaryDir, 'credentials'),
          },
          null,
          2,
        ),
      );
      writeFileSync(
        join(workspace, 'README.md'),
        '# A workspace from somewhere else\n\nIts `.vscode/settings.json` points Cloud Data Router at another server.\n',
      );
      return { workspace, canary, uri: demoPicks(demo).hst.s3Uri, close: () => canary.close() };
    },
    steps: [
      {
        name: "e1. Restricted Mode: Explain Route… still routes the s3:// URI, and not through the workspace's endpoint",
        async run({ page, shot, fixture }) {
          await page.locator(sel.statusItem, { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 20_000 });
          await openViewContainer(page, 'Cloud Data Router');
          await treeRow(page, 'Profiles').waitFor({ timeout: 20_000 });
          await explainRouteFromPalette(page, fixture.uri);
          const doc = webviewContent(page);
          await doc.locator('main[data-leaf]').waitFor({ timeout: 20_000 });
          const addresses = await pollText(
            doc.locator('.addresses'),
            new RegExp(fixture.uri.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
          );
          assert(!addresses.includes(fixture.canary.url), `the route names the canary: ${addresses}`);
          await shot('issue7-e-route');
        },
      },
      {
        name: 'e2. Download… of the same URI is refused with a message about trust',
        async run({ page, shot, fixture, workspace }) {
          await runCommand(page, 'Cloud Data Router: Download…');
          const refusal = toast(page, 'untrusted workspace');
          await refusal.waitFor({ timeout: 15_000 });
          await pollText(refusal, /Downloads are off in an untrusted workspace/);
          await refusal
            .locator('.monaco-button', { hasText: 'Manage Workspace Trust' })
            .first()
            .waitFor({ timeout: 5_000 });
          // No URI box was offered: the refusal comes before any input (the palette may still be closing).
          await page.waitForTimeout(500);
          assert(
            !(await page
              .locator(sel.quickInput, { hasText: 'download' })
              .isVisible()
              .catch(() => false)),
            'the download input box opened in Restricted Mode',
          );
          assert(!existsSync(join(workspace, 'data')), 'a data/ folder appeared in the untrusted workspace');
          await shot('issue7-e-download-refused');
        },
      },
      {
        name: 'e3. the canary received no request, and its profile is not in the tree',
        async run({ page, shot, fixture }) {
          await tidyUp(page, { editors: true });
          await openViewContainer(page, 'Cloud Data Router');
          const text = await pollText(page.locator(sel.sidebar), /Profiles\s*6 in 2 files/);
          assert(!text.includes(CANARY_PROFILE), `the canary profile ${CANARY_PROFILE} is in the tree`);
          assert(!(await sidebarRowsText(page)).includes('canary'), 'a canary value is shown in the tree');
          const status = await statusItemWithIcon(page, 'key').innerText();
          assert(!status.includes(CANARY_PROFILE), `the status bar names the canary profile: ${status}`);
          assert(
            fixture.canary.requests.length === 0,
            `the canary server was contacted: ${fixture.canary.requests.join(', ')}`,
          );
          await shot('issue7-e-tree');
        },
      },
    ],
  },
];
