// I/O: end-to-end check of the packaged extension: `npm run package`, install the .vsix into an isolated
// code-server (offline), open the sample workspace in headless Chromium and run the scenarios of scenarios.mjs.
// Writes test-results/e2e.json {passed, failed} (one test per step) and screenshots to test-results/e2e/*.png.
// CDR_E2E_ONLY=<text> runs only the sessions whose name contains it (while working on one).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  cleanupAll,
  installVsix,
  launchBrowser,
  makeRunDir,
  readTools,
  repoRoot,
  sampleWorkspace,
  startCodeServer,
  startDemo,
  vsixPath,
} from '../../scripts/codeServer.mjs';
import { sessions as coreSessions } from './scenarios.mjs';
import { waitForWorkbench } from './workbench.mjs';

// Each feature keeps its sessions in a file of its own under sessions/ (exporting `sessions`), run after the core ones.
const sessionsDir = join(import.meta.dirname, 'sessions');
const sessions = [...coreSessions];
for (const f of existsSync(sessionsDir) ? readdirSync(sessionsDir).sort() : []) {
  if (f.endsWith('.mjs')) sessions.push(...(await import(pathToFileURL(join(sessionsDir, f)).href)).sessions);
}

const resultsDir = join(repoRoot, 'test-results');
const shotsDir = join(resultsDir, 'e2e');
const vsix = vsixPath;
const stepTimeoutMs = 60_000;
const t0 = Date.now();
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
const counts = { passed: 0, failed: 0 };

rmSync(shotsDir, { recursive: true, force: true });
mkdirSync(shotsDir, { recursive: true });

function finish(why) {
  writeFileSync(join(resultsDir, 'e2e.json'), JSON.stringify(counts) + '\n');
  console.log(`e2e: ${counts.passed} passed, ${counts.failed} failed (${secs(t0)})${why ? `: ${why}` : ''}`);
  process.exitCode = counts.failed > 0 || counts.passed === 0 ? 1 : 0;
}

function packageVsix() {
  rmSync(vsix, { force: true });
  // vsce lists every file it packs; keep that in a log and show it only when packaging fails.
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, encoding: 'utf8' });
  writeFileSync(join(resultsDir, 'e2e-package.log'), `${r.stdout}\n${r.stderr}`);
  if (r.status !== 0 || !existsSync(vsix)) throw new Error(`npm run package failed:\n${r.stdout}\n${r.stderr}`);
  const kb = statSync(vsix).size / 1024;
  console.log(`packaged ${vsix} (${kb.toFixed(1)} KiB)`);
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise(
      (_, fail) => (timer = setTimeout(() => fail(new Error(`${what}: timed out after ${ms / 1000} s`)), ms)),
    ),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Session options (scenarios.mjs): `server` (startCodeServer options), `settings` (user settings), `demo`
 * ({ imds }: start the demo servers and give code-server their env), `setup({ runDir, demo })` → fixture
 * ({ workspace?, env?, close?() , ...anything the steps need }), `workspace`, `plainShotNames` (screenshots
 * named as the step says, without the NN-NN- prefix).
 */
async function runSession(session, index, tools) {
  const runDir = makeRunDir({ settings: session.settings });
  installVsix(tools, runDir);
  const closers = [];
  let browser;
  let server;
  try {
    // Started after the (synchronous) install: the demo servers live in this process and need its event loop.
    const demo = session.demo ? await startDemo({ dir: join(runDir, 'demo'), ...session.demo }) : undefined;
    if (demo) closers.push(() => demo.close());
    const fixture = (await session.setup?.({ runDir, demo })) ?? {};
    if (fixture.close) closers.push(() => fixture.close());
    const workspace = fixture.workspace ?? session.workspace ?? sampleWorkspace;
    const env = { ...session.server?.env, ...demo?.env, ...fixture.env };
    server = await startCodeServer({
      guardNetwork: true,
      ...session.server,
      env,
      tools,
      runDir,
      logFile: join(resultsDir, `e2e-server-${index + 1}.log`),
    });
    browser = await launchBrowser({ tools, runDir });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await waitForWorkbench(page);
    let n = 0;
    for (const step of session.steps) {
      n++;
      const prefix = session.plainShotNames
        ? ''
        : `${String(index + 1).padStart(2, '0')}-${String(n).padStart(2, '0')}-`;
      // Quick inputs and toasts fade in: a short pause keeps screenshots from catching them half-transparent.
      const shot = async (name) => {
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(shotsDir, `${prefix}${name}.png`) });
      };
      const ts = Date.now();
      try {
        await withTimeout(
          step.run({ page, shot, server, demo, fixture, runDir, workspace }),
          step.timeoutMs ?? stepTimeoutMs,
          step.name,
        );
        counts.passed++;
        console.log(`  ✔ ${step.name} (${secs(ts)})`);
      } catch (err) {
        counts.failed++;
        console.log(
          `  ✗ ${step.name} (${secs(ts)})\n      ${String(err?.message ?? err)
            .split('\n')
            .join('\n      ')}`,
        );
        await page
          .screenshot({
            path: join(shotsDir, `${String(index + 1).padStart(2, '0')}-${String(n).padStart(2, '0')}-FAILED.png`),
          })
          .catch(() => {});
      }
    }
  } finally {
    await browser?.close();
    await server?.stop();
    for (const c of closers.reverse()) await c().catch(() => {});
    rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

try {
  packageVsix();
  const tools = readTools();
  const only = process.env.CDR_E2E_ONLY;
  for (const [i, session] of sessions.entries()) {
    if (only && !session.name.includes(only)) continue;
    console.log(`session ${i + 1}: ${session.name}`);
    const ts = Date.now();
    try {
      await runSession(session, i, tools);
    } catch (err) {
      // A session that cannot start fails all its steps, so the totals still show what was not checked.
      counts.failed += Math.max(1, session.steps.length);
      console.log(`  ✗ session could not run: ${err?.stack ?? err}`);
    }
    console.log(`  (${secs(ts)})`);
  }
  finish();
} catch (err) {
  counts.failed = Math.max(1, counts.failed);
  finish(err?.message ?? String(err));
} finally {
  await cleanupAll();
}
