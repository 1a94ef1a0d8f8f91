// I/O (test support): runs Debian's python3 (the one with python3-astroquery and python3-boto3, not pyenv's first
// python3 on PATH) in a sealed home: astroquery's MAST server pointed at a stand-in, no way off 127.0.0.0/8.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const DEBIAN_PYTHON = '/usr/bin/python3';
const GUARD_DIR = join(__dirname, 'python-guard');

/** Skip reason when Debian's astroquery/boto3 are not installed (scripts/setup-tools.sh installs them). */
export function debianPythonMissing(modules: readonly string[]): string | false {
  if (!existsSync(DEBIAN_PYTHON)) return `${DEBIAN_PYTHON} is not installed`;
  for (const m of modules) {
    const dir = m.replace(/\..*$/, '');
    if (!existsSync(`/usr/lib/python3/dist-packages/${dir}`)) return `Debian's python3-${dir} is not installed`;
  }
  return false;
}

/**
 * A home for astroquery whose `[mast] server` is `mastUrl`. astropy 5.2 reads `$XDG_CONFIG_HOME/astropy/astroquery.cfg`
 * only when that folder exists, else `~/.astropy/config/astroquery.cfg`; both are written so either rule finds it.
 */
export async function sealedPythonHome(dir: string, mastUrl?: string): Promise<Record<string, string>> {
  const home = join(dir, 'home');
  const xdg = join(dir, 'xdg-config');
  const cfg = mastUrl ? `[mast]\nserver = ${mastUrl}\n` : '';
  for (const d of [join(xdg, 'astropy'), join(home, '.astropy', 'config')]) {
    await mkdir(d, { recursive: true });
    await writeFile(join(d, 'astroquery.cfg'), cfg);
  }
  return {
    HOME: home,
    XDG_CONFIG_HOME: xdg,
    XDG_CACHE_HOME: join(dir, 'xdg-cache'),
    PYTHONPATH: GUARD_DIR,
    PYTHONDONTWRITEBYTECODE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    PATH: '/usr/bin:/bin',
  };
}

export interface PythonRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Runs `script` with stdin closed; killed after `timeoutMs` (reported, never waited for longer). */
export function runPython(
  script: string,
  opts: { cwd: string; env: Record<string, string>; timeoutMs?: number },
): Promise<PythonRun> {
  return new Promise((resolve) => {
    const p = spawn(DEBIAN_PYTHON, ['-c', script], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      p.kill('SIGKILL');
    }, opts.timeoutMs ?? 60_000);
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('exit', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, timedOut });
    });
  });
}
