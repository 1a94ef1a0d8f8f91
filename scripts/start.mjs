// I/O: `npm start`: a local DEMO of the extension in code-server (real VS Code in the browser) on 127.0.0.1.
// It starts the demo's stand-ins (scripts/demo: S3 with sample open-data buckets, MAST, EC2 instance metadata,
// a HEASARC mirror, NASA Earthdata Login with two DAACs and CMR), opens a throw-away COPY of sample/workspace (with try-me.py) so downloads never touch the
// repo, and runs until Ctrl-C, then cleans up.
//   CDR_DEMO_IMDS=off   a laptop instead of an EC2 instance in us-east-1 (no instance metadata)
//   CDR_DEMO_IMDS=ec2-us-west-2   an EC2 instance in us-west-2, where most Earthdata Cloud data lives
//   PORT=8080           where code-server listens (another free port if busy)
//   npm start -- --check   start, open try-me.py in headless Chromium, wait for its CodeLens, save
//                          test-results/start-demo.png, stop; exit 0 when the lens showed (CI smoke test)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  cleanupAll,
  copySampleWorkspace,
  demoPicks,
  freePort,
  installVsix,
  isPortFree,
  launchBrowser,
  makeRunDir,
  readTools,
  repoRoot,
  startCodeServer,
  startDemo,
  vsixPath,
  writeEarthdataSettings,
  writeTryMe,
} from './codeServer.mjs';

const vsix = vsixPath;
const check = process.argv.includes('--check');
const imds = ['off', 'ec2-us-west-2'].includes(process.env.CDR_DEMO_IMDS) ? process.env.CDR_DEMO_IMDS : 'ec2-us-east-1';
if (process.env.CDR_DEMO_IMDS && !['off', 'on', 'ec2-us-east-1', 'ec2-us-west-2'].includes(process.env.CDR_DEMO_IMDS)) {
  console.error(
    `[demo] CDR_DEMO_IMDS must be "off", "ec2-us-west-2" or "ec2-us-east-1" (the default), not ${JSON.stringify(process.env.CDR_DEMO_IMDS)}`,
  );
  process.exit(2);
}

function step(what, cmd, args, opts = {}) {
  console.log(`[demo] ${what}`);
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`[demo] failed: ${what}`);
    process.exit(r.status ?? 1);
  }
}

step('installing code-server, Node 24 and Chromium if missing (scripts/setup-tools.sh)', 'bash', [
  'scripts/setup-tools.sh',
]);
// The packaged .vsix is what users get; running it (not the source tree) makes the demo honest.
step('building and packaging the extension (npm run package)', 'npm', ['run', '--silent', 'package'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (!existsSync(vsix)) throw new Error(`${vsix} was not produced`);

const tools = readTools();
const runDir = makeRunDir();
console.log('[demo] installing the .vsix into a throw-away extensions folder');
installVsix(tools, runDir, vsix);

// The servers run in this process (after the synchronous steps above: they need its event loop).
console.log(`[demo] starting the local stand-ins (instance metadata: ${imds})`);
const demo = await startDemo({ dir: join(runDir, 'demo'), imds });
const workspace = copySampleWorkspace(join(runDir, 'workspace'));
writeTryMe(workspace, demo);
writeEarthdataSettings(runDir, demo);
const picks = demoPicks(demo);
const ed = demo.earthdata;
const inRegion = imds === 'off' ? null : imds.slice(4);

const wanted = Number(process.env.PORT ?? 8080);
const port = (await isPortFree(wanted)) ? wanted : await freePort();
if (port !== wanted) console.log(`[demo] port ${wanted} is busy; using ${port}`);
// demo.env last: it points AWS_ENDPOINT_URL_S3, CDR_MAST_URL, CDR_MIRRORS and the metadata service at the stand-ins.
const server = await startCodeServer({ tools, runDir, port, env: demo.env });

const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
const where =
  imds === 'off'
    ? 'a laptop: no instance metadata (CDR_DEMO_IMDS=off)'
    : `an EC2 instance in ${inRegion} with an instance role (simulated)`;
const s3Granule = [picks.earthdataWest, picks.earthdataEast].find((g) => g.region === inRegion);
console.log(`
  ┌─ Cloud Data Router — DEMO ENVIRONMENT ───────────────────────────────────────
  │ Open: ${url}
  │ A throw-away code-server on 127.0.0.1; the workspace is a copy in ${workspace}.
  │ This "machine" is ${where}.
  │ Local stand-ins (nothing reaches AWS or an archive; all data is synthetic):
  │   S3 (s3rver)        ${demo.urls.s3}   buckets stpubdata, nasa-heasarc, usgs-landsat
  │   MAST               ${demo.urls.mast}   path_lookup + Download/file
  │   HEASARC mirror     ${demo.urls.heasarc}
  │   instance metadata  ${demo.urls.imds ?? 'off (AWS_EC2_METADATA_DISABLED=true)'}
  │   Earthdata Login    ${demo.urls.earthdataLogin}   CMR ${demo.urls.cmr}
  │   DAACs              ${demo.urls.daacs.join('   ')}   (TEA in us-west-2, Cumulus in us-east-1)
  │ AWS profiles come from sample/aws (all keys are fake), not from your ~/.aws.
  │
  │ Things to try:
  │  1. The Cloud Data Router icon in the activity bar: the cloud context${imds === 'off' ? '' : ' (AWS EC2 · us-east-1)'} and its
  │     evidence, the profiles; the key item in the status bar switches profile.
  │  2. Open try-me.py: a CodeLens above each data address says how it would travel.
  │  3. F1 → "Cloud Data Router: Explain Route…" and type
  │       ${picks.hst.s3Uri}
  │  4. F1 → "Cloud Data Router: Sign In to MAST…" (token: ${demo.mastToken}), then
  │     F1 → "Cloud Data Router: Download…" with
  │       ${picks.hst.s3Uri} ${picks.exclusive.mastUri}
  │     Files land in data/ of the workspace copy.
  │  5. F1 → "Cloud Data Router: Sign In to Earthdata…" (user ${ed.user}, password ${ed.password}), then
  │     Download… the two granules in try-me.py: ${
    s3Granule
      ? `${s3Granule.s3Uri.split('/').pop()} comes over S3 with the DAAC's
  │     temporary credentials (same region), the other`
      : 'both come'
  } over HTTPS through Earthdata Login.
  │     F1 → "Cloud Data Router: Search Earthdata Granules…" with short name ${picks.earthdataWest.shortName}.
  │ Server log: ${server.logFile}
  │ Press Ctrl-C to stop; everything under ${runDir} is removed.
  └──────────────────────────────────────────────────────────────────────────────
`);

if (check) {
  // Smoke test of the demo itself: /healthz, the workbench, and the CodeLens on try-me.py.
  let ok = false;
  let page;
  try {
    const health = await fetch(`${server.url}/healthz`);
    console.log(`[demo] GET /healthz → ${health.status}`);
    const { waitForWorkbench, explorerRow } = await import('../test/e2e/workbench.mjs');
    const browser = await launchBrowser({ tools, runDir });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await waitForWorkbench(page);
    await explorerRow(page, 'try-me.py').click({ timeout: 30_000 });
    // A resolved lens names the route (e.g. "S3 · same-region"); the first ones say "Explain route" while routing.
    // On EC2 in us-west-2 (CDR_DEMO_IMDS=ec2-us-west-2) the Earthdata granule takes S3 as platform-account instead.
    const lens = page
      .locator('.contentWidgets .codelens-decoration a', { hasText: /same-region|platform-account/ })
      .first();
    await lens.waitFor({ timeout: 30_000 });
    const lenses = await page.locator('.contentWidgets .codelens-decoration').allInnerTexts();
    console.log(`[demo] CodeLens on try-me.py:\n${lenses.map((l) => `    ${l}`).join('\n')}`);
    mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(repoRoot, 'test-results/start-demo.png') });
    console.log('[demo] screenshot: test-results/start-demo.png');
    ok = health.status === 200;
  } catch (e) {
    console.error(`[demo] check failed: ${e?.message ?? e}`);
    // What the editor showed instead, so a failure says more than "timed out".
    const shown = await page
      ?.locator('.contentWidgets .codelens-decoration')
      .allInnerTexts()
      .catch(() => []);
    if (shown?.length) console.error(`[demo] CodeLens shown:\n${shown.map((l) => `    ${l}`).join('\n')}`);
    mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
    await page?.screenshot({ path: join(repoRoot, 'test-results/start-demo-FAILED.png') }).catch(() => {});
  }
  await cleanupAll();
  process.exit(ok ? 0 : 1);
}

// Ctrl-C is handled in codeServer.mjs (kills the process group, closes the stand-ins, removes the run folder);
// here we only notice a server that died on its own.
process.once('exit', () => console.log('[demo] stopped; code-server, the stand-ins and the run folder are gone'));
server.child.on('exit', async (code, signal) => {
  if (server.stopped) return;
  console.error(`[demo] code-server exited (${signal ?? code}); see ${server.logFile}`);
  await cleanupAll();
  process.exit(1);
});
