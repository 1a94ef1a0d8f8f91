// I/O: `npm start`: a local DEMO of the extension in code-server (real VS Code in the browser) on 127.0.0.1,
// with the sample workspace and the fake AWS profiles of sample/aws; runs until Ctrl-C, then cleans up.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isolatedEnv, isPortFree, freePort, makeRunDir, readTools, repoRoot, sampleAws, sampleWorkspace, startCodeServer } from './codeServer.mjs';

const vsix = join(repoRoot, 'dist/cloud-data-router.vsix');

function step(what, cmd, args, opts = {}) {
  console.log(`[demo] ${what}`);
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    console.error(`[demo] failed: ${what}`);
    process.exit(r.status ?? 1);
  }
}

step('installing code-server, Node 24 and Chromium if missing (scripts/setup-tools.sh)', 'bash', ['scripts/setup-tools.sh']);
// The packaged .vsix is what users get; running it (not the source tree) makes the demo honest.
step('building and packaging the extension (npm run package)', 'npm', ['run', '--silent', 'package'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (!existsSync(vsix)) throw new Error(`${vsix} was not produced`);

const tools = readTools();
const runDir = makeRunDir();
step('installing the .vsix into a throw-away extensions folder', tools.node24, [tools.codeServer, '--install-extension', vsix, '--extensions-dir', join(runDir, 'extensions'), '--user-data-dir', join(runDir, 'user-data')], {
  cwd: runDir,
  env: isolatedEnv(runDir),
  stdio: ['ignore', 'ignore', 'inherit'],
});

const wanted = Number(process.env.PORT ?? 8080);
const port = (await isPortFree(wanted)) ? wanted : await freePort();
if (port !== wanted) console.log(`[demo] port ${wanted} is busy; using ${port}`);
const server = await startCodeServer({ tools, runDir, port });

const url = `${server.url}/?folder=${encodeURI(sampleWorkspace)}`;
console.log(`
  ┌─ Cloud Data Router — DEMO ENVIRONMENT ───────────────────────────────────────
  │ Open: ${url}
  │ This is a throw-away code-server on 127.0.0.1 with the sample workspace.
  │ AWS profiles come from sample/aws (all keys are fake), not from your ~/.aws:
  │   AWS_CONFIG_FILE=${sampleAws.AWS_CONFIG_FILE}
  │   AWS_SHARED_CREDENTIALS_FILE=${sampleAws.AWS_SHARED_CREDENTIALS_FILE}
  │   AWS_EC2_METADATA_DISABLED=true (no instance metadata probes)
  │ Server log: ${server.logFile}
  │ Press Ctrl-C to stop; everything under ${runDir} is removed.
  └──────────────────────────────────────────────────────────────────────────────
`);

// Ctrl-C is handled in codeServer.mjs (kills the process group, removes the run folder); here we only
// notice a server that died on its own.
process.once('exit', () => console.log('[demo] stopped; code-server and its run folder are gone'));
server.child.on('exit', async (code, signal) => {
  if (server.stopped) return;
  console.error(`[demo] code-server exited (${signal ?? code}); see ${server.logFile}`);
  await server.stop();
  process.exit(1);
});
