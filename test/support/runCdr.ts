// I/O: runs the built `cdr` (dist/cli.js, as a user runs it; scripts/test.mjs builds it before the unit layer) in a
// child with only PATH, IMDS off and a region besides the given variables. Asynchronous, so stand-ins that live in
// the test's own process keep answering while it runs.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const cdrCli = join(__dirname, '../../dist/cli.js');

export interface CdrRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCdr(args: readonly string[], env: Record<string, string>, cwd?: string): Promise<CdrRun> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [cdrCli, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true', AWS_REGION: 'us-east-1', ...env },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}
