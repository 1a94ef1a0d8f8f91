// I/O: runs the mocha suites of out/test/vscode inside code-server's (real VS Code's) Node extension host,
// driven by headless Chromium; writes test-results/vscode.json {passed, failed} and test-results/vscode.log.
// Usage: node test/vscode/runCodeServer.mjs   (CDR_TEST_GREP=pattern to run a subset; CDR_TEST_TIMEOUT_S=seconds)
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { cleanupAll, launchBrowser, repoRoot, sampleWorkspace, startCodeServer } from '../../scripts/codeServer.mjs';
import { startSampleSts } from './stsStandIn.mjs';

const resultsDir = join(repoRoot, 'test-results');
const logFile = join(resultsDir, 'vscode.log');
const jsonFile = join(resultsDir, 'vscode.json');
const timeoutMs = Number(process.env.CDR_TEST_TIMEOUT_S ?? 180) * 1000;
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

mkdirSync(resultsDir, { recursive: true });
writeFileSync(logFile, '');
rmSync(join(resultsDir, 'vscode-timeout.png'), { force: true });
const log = (line) => appendFileSync(logFile, `${line}\n`);

function finish(counts, exitCode, why) {
  writeFileSync(jsonFile, JSON.stringify({ passed: counts.passed, failed: counts.failed }) + '\n');
  const msg = `vscode suites: ${counts.passed} passed, ${counts.failed} failed (${elapsed()})${why ? `: ${why}` : ''}`;
  (exitCode ? console.error : console.log)(msg);
  log(msg);
  process.exitCode = exitCode;
}

// Always rebuild: a stale out/ would test old code, and the build also deletes suites that no longer exist.
const build = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0 || !existsSync(join(repoRoot, 'out/test/vscode/index.js'))) {
  finish({ passed: 0, failed: 1 }, 1, 'build failed (node esbuild.config.mjs)');
  process.exit();
}

let server;
let browser;
let sts;
let result; // from the CDR_MOCHA_RESULT line
let activation;
try {
  sts = await startSampleSts();
  server = await startCodeServer({
    smokeTestDriver: true,
    guardNetwork: true,
    logFile: join(resultsDir, 'vscode-server.log'),
    env: {
      ...(process.env.CDR_TEST_GREP ? { CDR_TEST_GREP: process.env.CDR_TEST_GREP } : {}),
      AWS_ENDPOINT_URL_STS: sts.url,
    },
  });
  console.log(`code-server ready on ${server.url} (${elapsed()})`);
  browser = await launchBrowser({ tools: server.tools, runDir: server.runDir });
  const page = await browser.newPage();

  let inMocha = false;
  let settle;
  const exited = new Promise((r) => (settle = r));
  // Both must exist before the workbench loads: it looks for them once.
  await page.exposeFunction('codeAutomationLog', (level, args) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    log(`[${level}] ${text}`);
    for (const line of text.split('\n')) {
      if (line.startsWith('CDR_MOCHA_BEGIN')) inMocha = true;
      else if (line.startsWith('CDR_MOCHA_RESULT ')) {
        result = JSON.parse(line.slice('CDR_MOCHA_RESULT '.length));
        inMocha = false;
      } else if (line.startsWith('CDR_ACTIVATION ')) {
        activation = JSON.parse(line.slice('CDR_ACTIVATION '.length));
        console.log(`  ${line}`);
      } else if (inMocha) console.log(line);
    }
  });
  await page.exposeFunction('codeAutomationExit', (code) => settle({ code }));
  page.on('crash', () => settle({ code: 1, why: 'the page crashed' }));

  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://remote${repoRoot}`],
    ['extensionTestsPath', `vscode-remote://remote${repoRoot}/out/test/vscode/index`],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  await page.goto(
    `${server.url}/?folder=${encodeURIComponent(sampleWorkspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
  );
  let timer;
  const timeout = new Promise(
    (r) =>
      (timer = setTimeout(
        () => r({ code: 1, why: `TIMEOUT: no result after ${timeoutMs / 1000} s — see ${logFile}` }),
        timeoutMs,
      )),
  );
  const outcome = await Promise.race([exited, timeout]);
  clearTimeout(timer);
  if (outcome.why?.startsWith('TIMEOUT'))
    await page.screenshot({ path: join(resultsDir, 'vscode-timeout.png') }).catch(() => {});

  const counts = result ? { passed: result.passed, failed: result.failed } : { passed: 0, failed: 0 };
  // codeAutomationExit is the verdict; the counts must agree with it, and a run with no tests is a failure.
  const ok = outcome.code === 0 && counts.failed === 0 && counts.passed > 0;
  if (!ok && counts.failed === 0) counts.failed = 1;
  if (activation) log(`activation: ${JSON.stringify(activation)}`);
  finish(counts, ok ? 0 : 1, outcome.why ?? (result ? undefined : 'the suites printed no result line'));
} catch (err) {
  finish({ passed: result?.passed ?? 0, failed: Math.max(1, result?.failed ?? 0) }, 1, err.stack ?? String(err));
} finally {
  await sts?.close();
  await browser?.close();
  await server?.stop();
  await cleanupAll();
}
