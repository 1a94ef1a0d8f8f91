// I/O: starts an isolated code-server on 127.0.0.1 (own HOME, TMPDIR, user data, extensions) and a headless
// Chromium to drive it, and tears both down — process group and run folder — however the caller ends.
// Shared by test/vscode/runCodeServer.mjs, test/e2e/run.mjs and scripts/start.mjs.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..');
export const sampleWorkspace = join(repoRoot, 'sample/workspace');
export const sampleAws = {
  AWS_CONFIG_FILE: join(repoRoot, 'sample/aws/config'),
  AWS_SHARED_CREDENTIALS_FILE: join(repoRoot, 'sample/aws/credentials'),
};

// Flags from vscode-testing.md: without them Chromium floods a closed network and fails as root.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  // Belt and braces: no host name but loopback resolves, so nothing in the page can reach off this machine.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];
const networkGuard = join(repoRoot, 'test/support/network-guard.cjs');

// Quiet, offline, no AI agent host: each of these was seen to slow runs or add network noise.
const defaultSettings = {
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'npm.autoDetect': 'off',
  'typescript.disableAutomaticTypeAcquisition': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.emptyWindow': true,
};

export function readTools() {
  const file = join(repoRoot, '.vscode-test/tools.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`bash scripts/setup-tools.sh\` first`);
  const tools = JSON.parse(readFileSync(file, 'utf8'));
  for (const key of ['node24', 'codeServer', 'chromium']) {
    if (!tools[key] || !existsSync(tools[key]))
      throw new Error(`tools.json: ${key} not found at ${tools[key]}; rerun scripts/setup-tools.sh`);
  }
  return tools;
}

export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

export function isPortFree(port) {
  return new Promise((ok) => {
    const srv = createServer();
    srv.once('error', () => ok(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => ok(true)));
  });
}

/** A short per-run folder (unix socket paths have a length limit) that HOME, XDG_* and TMPDIR point into. */
export function makeRunDir({ settings = {} } = {}) {
  const dir = mkdtempSync('/tmp/cdr-');
  for (const sub of ['home', 'tmp', 'xdg-config', 'xdg-data', 'xdg-cache', 'user-data/User', 'extensions'])
    mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(
    join(dir, 'user-data/User/settings.json'),
    JSON.stringify({ ...defaultSettings, ...settings }, null, 2),
  );
  writeFileSync(join(dir, 'config.yaml'), 'auth: none\n');
  return dir;
}

/** The environment for everything we start: nothing from the real ~/.aws, the parent editor or the cloud. */
export function isolatedEnv(runDir, extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    // A parent VS Code's variables would make code-server think it is nested; real AWS settings must not leak in.
    if (/^(VSCODE_|ELECTRON_|AWS_)/.test(k) || k === 'BOTO_CONFIG') continue;
    env[k] = v;
  }
  return {
    ...env,
    HOME: join(runDir, 'home'),
    TMPDIR: join(runDir, 'tmp'),
    XDG_CONFIG_HOME: join(runDir, 'xdg-config'),
    XDG_DATA_HOME: join(runDir, 'xdg-data'),
    XDG_CACHE_HOME: join(runDir, 'xdg-cache'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REGION: 'us-east-1',
    ...sampleAws,
    ...extra,
  };
}

/** The packaged extension; `npm run package` writes it. */
export const vsixPath = join(repoRoot, 'dist/cloud-data-router.vsix');

/**
 * Installs the .vsix into the run folder's own extensions folder (what a user gets, not the source tree). Throws with
 * code-server's output when it does not say it installed.
 */
export function installVsix(tools, runDir, vsix = vsixPath) {
  const r = spawnSync(
    tools.node24,
    [
      tools.codeServer,
      '--install-extension',
      vsix,
      '--extensions-dir',
      join(runDir, 'extensions'),
      '--user-data-dir',
      join(runDir, 'user-data'),
    ],
    { cwd: runDir, env: isolatedEnv(runDir), encoding: 'utf8', timeout: 120_000 },
  );
  if (r.status !== 0 || !/successfully installed/i.test(r.stdout))
    throw new Error(`installing the .vsix failed:\n${r.stdout}\n${r.stderr}`);
}

async function waitHealthy(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms`);
}

/** NODE_OPTIONS that preload the test network guard (once), so code-server and its extension host stay on 127.0.0.1. */
function guardedNodeOptions(current = '') {
  if (!existsSync(networkGuard) || current.includes(networkGuard)) return current;
  return `${current} --require ${networkGuard}`.trim();
}

/**
 * Starts code-server in its own process group. Options: smokeTestDriver (needed for the payload parameter),
 * workspaceTrust (false = --disable-workspace-trust), guardNetwork (preload test/support/network-guard.cjs),
 * port, env (extra variables), logFile, args (extra flags).
 */
export async function startCodeServer(opts = {}) {
  const tools = opts.tools ?? readTools();
  const runDir = opts.runDir ?? makeRunDir({ settings: opts.settings });
  const port = opts.port ?? (await freePort());
  const args = [
    tools.codeServer,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--config',
    join(runDir, 'config.yaml'),
    '--user-data-dir',
    join(runDir, 'user-data'),
    '--extensions-dir',
    opts.extensionsDir ?? join(runDir, 'extensions'),
    ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
    ...(opts.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...(opts.args ?? []),
  ];
  const logFile = opts.logFile ?? join(runDir, 'code-server.log');
  const log = createWriteStream(logFile); // one run per file: a log that grows across runs misleads
  const env = isolatedEnv(runDir, opts.env);
  if (opts.guardNetwork) env.NODE_OPTIONS = guardedNodeOptions(env.NODE_OPTIONS);
  const child = spawn(tools.node24, args, {
    cwd: runDir,
    env,
    detached: true, // own process group: it leaves children behind otherwise
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const server = { child, port, url, runDir, logFile, tools, stop: () => stopServer(server, opts.keepRunDir) };
  trackForCleanup(server);
  try {
    await waitHealthy(url, child, opts.healthTimeoutMs ?? 60_000);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

async function stopServer(server, keepRunDir) {
  if (server.stopped) return;
  server.stopped = true;
  live.delete(server);
  killGroup(server.child, 'SIGTERM');
  const exited =
    server.child.exitCode !== null || server.child.signalCode !== null
      ? Promise.resolve()
      : new Promise((r) => server.child.once('exit', r));
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
  killGroup(server.child, 'SIGKILL'); // children that ignored SIGTERM (file watcher, pty host)
  if (!keepRunDir) rmSync(server.runDir, { recursive: true, force: true, maxRetries: 3 });
}

/** Headless Chromium via playwright-core, with the run's HOME so it writes nothing outside it. */
export async function launchBrowser({ tools = readTools(), runDir, headless = true } = {}) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: tools.chromium,
    headless,
    args: chromiumArgs,
    env: runDir ? isolatedEnv(runDir) : undefined,
  });
  trackForCleanup(browser);
  const close = browser.close.bind(browser);
  browser.close = async () => {
    live.delete(browser);
    await close().catch(() => {});
  };
  return browser;
}

/**
 * Starts the demo's local stand-ins (scripts/demo/demoServers.ts: S3, MAST, instance metadata, HEASARC mirror,
 * Earthdata Login, two DAACs, CMR) in this process; `imds`: 'ec2-us-east-1' | 'ec2-us-west-2' | 'off'. Their `env` must be merged last over isolatedEnv() (it turns
 * IMDS back on). They are closed by cleanupAll() too, so Ctrl-C leaves nothing listening.
 */
export async function startDemo({ dir, imds = 'ec2-us-east-1', mastToken } = {}) {
  const { tsImport } = await import('tsx/esm/api');
  const { startDemoServers } = await tsImport('./demo/demoServers.ts', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const demo = await startDemoServers({ dir, imds, mastToken, repoRoot });
  const tracked = {
    close: async () => {
      live.delete(tracked);
      await demo.close();
    },
  };
  trackForCleanup(tracked);
  return {
    env: demo.env,
    urls: demo.urls,
    files: demo.files,
    mastToken: demo.mastToken,
    earthdata: demo.earthdata,
    imds,
    close: tracked.close,
  };
}

/** A throw-away copy of sample/workspace (tests and the demo write downloads into it; the repo's copy stays clean). */
export function copySampleWorkspace(dest) {
  cpSync(sampleWorkspace, dest, { recursive: true });
  return dest;
}

/** The demo's sample files by role, from `demo.files` (scripts/demo/demoFiles.ts). */
export function demoPicks(demo) {
  const find = (pred, what) => {
    const f = demo.files.find(pred);
    if (!f) throw new Error(`demo.files has no ${what}`);
    return f;
  };
  return {
    hst: find((f) => f.bucket === 'stpubdata' && f.key.endsWith('_c3m.fits'), 'HST stpubdata image'),
    jwst: find((f) => f.bucket === 'stpubdata' && f.key.startsWith('jwst/'), 'JWST file'),
    exclusive: find((f) => f.exclusive && f.mastUri, 'exclusive-access MAST file'),
    chandra: find((f) => f.bucket === 'nasa-heasarc' && f.key.startsWith('chandra/'), 'Chandra file'),
    landsat: find((f) => f.bucket === 'usgs-landsat', 'Landsat file'),
    // Earthdata granules, one per DAAC region (scripts/demo/earthdataDemo.ts).
    earthdataWest: (() => {
      const g = demo.earthdata.granules.find((x) => x.region === 'us-west-2');
      if (!g) throw new Error('demo.earthdata has no us-west-2 granule');
      return g;
    })(),
    earthdataEast: (() => {
      const g = demo.earthdata.granules.find((x) => x.region === 'us-east-1');
      if (!g) throw new Error('demo.earthdata has no us-east-1 granule');
      return g;
    })(),
  };
}

/**
 * The demo's Earthdata settings (cloudDataRouter.earthdata.*: login host, CMR, the demo DAACs) added to the run's
 * Machine settings, where code-server keeps the remote side's settings (the extension runs there): VS Code is
 * pointed at the stand-ins as a user would point it at UAT, not through variables.
 */
export function writeEarthdataSettings(runDir, demo) {
  const file = join(runDir, 'user-data/Machine/settings.json');
  mkdirSync(join(runDir, 'user-data/Machine'), { recursive: true });
  const current = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  writeFileSync(file, JSON.stringify({ ...current, ...demo.earthdata.settings }, null, 2));
}

/** `try-me.py` for a demo workspace: one data address of each kind, so the CodeLens shows what routing does. */
export function writeTryMe(workspaceDir, demo) {
  const p = demoPicks(demo);
  const realHeasarc = `https://heasarc.gsfc.nasa.gov/FTP/${p.chandra.key}`;
  const region = demo.imds === 'ec2-us-west-2' ? 'us-west-2' : 'us-east-1';
  const machine =
    demo.imds === 'off'
      ? 'a laptop (no instance metadata)'
      : `an EC2 instance in ${region} (simulated instance metadata)`;
  const ed = demo.earthdata;
  const text = `"""Cloud Data Router demo: a CodeLens above each data address says how it would travel.

Click the route (or Explain) for the decision tree, or Download to fetch the file into data/.
The archives are local stand-ins on 127.0.0.1 started by \`npm start\`; every file is synthetic.
This "machine" is ${machine}.
"""

# HST image in the stpubdata open-data bucket (us-east-1).
hst_image = "${p.hst.s3Uri}"

# A JWST file by its MAST URI: MAST's path_lookup finds the cloud copy in stpubdata.
jwst_image = "${p.jwst.mastUri}"

# Still in its exclusive-access period: no cloud copy, only MAST over HTTPS with a MAST token.
# Run "Cloud Data Router: Sign In to MAST…" first; the demo's token is ${demo.mastToken}
proprietary = "${p.exclusive.mastUri}"

# Chandra at HEASARC, by its archive URL: the same file lives in the nasa-heasarc bucket.
chandra = "${realHeasarc}"

# The same Chandra file on this demo's HEASARC mirror (CDR_MIRRORS maps it to the bucket).
chandra_mirror = "${p.chandra.mirrorUrl}"

${
  region === 'us-west-2' && demo.imds !== 'off'
    ? '# Landsat scene metadata: requester pays, in us-west-2 like this machine: S3 with RequestPayer.'
    : '# Landsat scene metadata: requester pays, in us-west-2. Cross-region S3 is off by default\n# (setting cloudDataRouter.allowCrossRegion) and Landsat has no free HTTPS copy: the lens says so.'
}
landsat = "${p.landsat.s3Uri}"

# NASA Earthdata Cloud (Earthdata Login, two DAACs and CMR are stand-ins too). Run
# "Cloud Data Router: Sign In to Earthdata…" first: user ${ed.user}, password ${ed.password}.
# In the data's region a granule comes over S3 with the DAAC's temporary credentials (/s3credentials);
# anywhere else over HTTPS through Earthdata Login.
# A sea-surface-temperature granule at a TEA-style DAAC in us-west-2, by its HTTPS URL:
sst_granule = "${p.earthdataWest.httpsUrl}"

# A snow granule at a Cumulus-style DAAC in us-east-1, by its S3 URI:
snow_granule = "${p.earthdataEast.s3Uri}"

# A CMR search as a data set ("Cloud Data Router: Search Earthdata Granules…" builds these):
sst_search = "earthdata:granules?short_name=${p.earthdataWest.shortName}&version=${p.earthdataWest.version}"
`;
  writeFileSync(join(workspaceDir, 'try-me.py'), text);
  return { text, picks: p, realHeasarc };
}

// Last-resort cleanup: Ctrl-C, SIGTERM from CI, or an uncaught error must not leave code-server running.
const live = new Set();
let handlersInstalled = false;
function trackForCleanup(thing) {
  live.add(thing);
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, async () => {
      await cleanupAll();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
  process.once('exit', () => {
    for (const t of live) if (t.child) killGroup(t.child, 'SIGKILL');
  });
}

export async function cleanupAll() {
  for (const t of [...live]) {
    if (t.child) await t.stop();
    else await t.close();
  }
}
