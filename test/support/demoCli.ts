// I/O (test support): runs the built `cdr` against the demo's stand-ins with only the demo's variables plus
// PATH/HOME, network-guarded, so nothing inherited steers the result.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { DemoServers } from '../../scripts/demo/demoServers';
import { cdrCli } from './runCdr';

const guard = join(__dirname, 'network-guard.cjs');

/** The child's whole environment: the demo's variables (and `extra`) over PATH/HOME and a state folder under `home`. */
export function demoCliEnv(
  demo: DemoServers,
  home: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    NODE_OPTIONS: `--require ${guard}`,
    HOME: home,
    CDR_STATE_DIR: join(home, 'state'),
    CDR_SYSTEM_BOTO_CONFIG: join(home, 'missing-boto.cfg'),
    ...demo.env,
    ...extra,
  };
}

/** Async, not spawnSync: the demo servers live in the test's process and must keep answering while the CLI runs. */
export function runDemoCdr(
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cdrCli, ...args],
      { env, encoding: 'utf8', timeout: timeoutMs },
      (err, stdout, stderr) => {
        resolve({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      },
    );
  });
}
