// Runs every test layer (static checks, unit + CLI, VS Code suites in code-server, e2e) and ends with
// one line `N passed, M failed` that sums them. `node scripts/test.mjs unit` runs one layer.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
process.chdir(root);
const only = process.argv[2];
const results = [];

// Every layer runs with the cloud probes pointed nowhere and explicit region and keys; the guard
// turns any attempt to leave 127.0.0.0/8 into a loud failure.
const testEnv = {
  ...process.env,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${join(root, 'test/support/network-guard.cjs')}`.trim(),
};

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: testEnv, ...opts });
  return r.status ?? 1;
}

function step(name, fn) {
  const t0 = Date.now();
  console.log(`\n=== ${name}`);
  const r = fn();
  console.log(
    `=== ${name}: ${r.failed ? 'FAILED' : 'ok'} (${r.passed} passed, ${r.failed} failed, ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
  results.push({ name, ...r });
  return r;
}

function findTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? findTests(p) : /\.test\.ts$/.test(n) ? [p] : [];
  });
}

function readCounts(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return { passed: 0, failed: 1 };
  }
}

mkdirSync('test-results', { recursive: true });

// Tools first (idempotent, seconds when cached): the unit layer needs Debian's python3-botocore for the differential
// suite, the VS Code layers code-server and Chromium. The installer talks to the npm registry and apt, so it runs
// outside the network guard.
let toolsOk = true;
if (only !== 'static') {
  toolsOk = run('bash', ['scripts/setup-tools.sh'], { env: process.env }) === 0;
  if (!toolsOk) results.push({ name: 'tool install (scripts/setup-tools.sh)', passed: 0, failed: 1 });
}

if (!only || only === 'static') {
  step('static: build, tsc --noEmit, eslint, prettier --check', () => {
    const failed = [
      run('node', ['esbuild.config.mjs']),
      run('npx', ['tsc', '--noEmit']),
      run('npx', ['eslint', '.']),
      run('npx', ['prettier', '--check', '--log-level', 'warn', '.']),
    ].filter((c) => c !== 0).length;
    return { passed: 4 - failed, failed };
  });
} else if (only !== 'static') {
  run('node', ['esbuild.config.mjs']);
}

if (!only || only === 'unit') {
  step('unit + CLI (node:test)', () => {
    const files = findTests('test/unit').sort();
    const tap = 'test-results/unit.tap';
    run('node', [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=2',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ]);
    const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
    const num = (k) => Number((text.match(new RegExp(`^# ${k} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
    const failed = num('fail') + num('cancelled');
    return { passed: num('pass'), failed: files.length === 0 ? 0 : text ? failed : 1 };
  });
}

if (!only || only === 'vscode') {
  step('VS Code extension host (code-server)', () => {
    if (!toolsOk) return { passed: 0, failed: 1 };
    run('node', ['test/vscode/runCodeServer.mjs']);
    return readCounts('test-results/vscode.json');
  });
}

if (!only || only === 'e2e') {
  step('e2e (packaged .vsix in code-server, Playwright)', () => {
    if (!toolsOk) return { passed: 0, failed: 1 };
    run('node', ['test/e2e/run.mjs']);
    return readCounts('test-results/e2e.json');
  });
}

const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
console.log('');
for (const r of results) console.log(`  ${r.failed ? '✗' : '✓'} ${r.name}: ${r.passed} passed, ${r.failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
