// I/O: runs the same suites as runCodeServer.mjs in desktop VS Code through @vscode/test-electron, for machines
// that can download VS Code (or have one: set VSCODE_EXECUTABLE=/path/to/code). Offline, it fails with a clear message.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot, sampleAws, sampleWorkspace } from '../../scripts/codeServer.mjs';
import { startSampleSts } from './stsStandIn.mjs';

const build = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

// Own user data and extensions: the suites must not see the developer's settings or other extensions.
const runDir = mkdtempSync('/tmp/cdr-desktop-');
const sts = await startSampleSts();
try {
  process.exitCode = await runTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out/test/vscode/index'),
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    launchArgs: [
      sampleWorkspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      `--user-data-dir=${join(runDir, 'user-data')}`,
      `--extensions-dir=${join(runDir, 'extensions')}`,
    ],
    extensionTestsEnv: {
      ...sampleAws,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_STS: sts.url,
    },
  });
} catch (err) {
  const offline = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|network-guard|getaddrinfo|fetch failed/i.test(
    String(err?.stack ?? err),
  );
  console.error(
    offline
      ? 'test:desktop could not download VS Code (no network here). Use `npm run test:vscode` (code-server), or set VSCODE_EXECUTABLE to an installed VS Code.'
      : 'test:desktop failed to run VS Code:',
  );
  console.error(String(err?.message ?? err));
  process.exitCode = 1;
} finally {
  await sts.close();
  rmSync(runDir, { recursive: true, force: true });
}
