// I/O: the user's Python for delegated downloads — is there one, with a recent enough astroquery — and running a
// generated script with the terminal attached (prompts work) or detached (no prompt can hang), then its manifest.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { versionAtLeast } from './archives';

export interface PythonProbe {
  readonly python: string;
  readonly pythonVersion: string;
  readonly astroquery: string | null;
}

export const ASTROQUERY_INSTALL =
  'python3 -m pip install -U astroquery (on Debian/Ubuntu: sudo apt install python3-astroquery)';

const PROBE = [
  'import json, sys',
  'try:',
  '    import astroquery',
  '    v = astroquery.__version__',
  'except Exception:',
  '    v = None',
  'print(json.dumps({"python": sys.version.split()[0], "astroquery": v}))',
].join('\n');

/** One clear message when the interpreter or astroquery is missing or too old; the probe otherwise. */
export async function probePython(
  python: string,
  env: Readonly<Record<string, string | undefined>>,
  need: { readonly minVersion: string; readonly what: string },
): Promise<{ ok: true; probe: PythonProbe } | { ok: false; message: string }> {
  const r = await new Promise<{ code: number | null; out: string; err: string; spawnError?: NodeJS.ErrnoException }>(
    (resolve) => {
      const p = spawn(python, ['-c', PROBE], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      const timer = setTimeout(() => p.kill('SIGKILL'), 30_000);
      p.stdout.on('data', (d: Buffer) => (out += d.toString()));
      p.stderr.on('data', (d: Buffer) => (err += d.toString()));
      p.on('error', (e) => {
        clearTimeout(timer);
        resolve({ code: null, out, err, spawnError: e });
      });
      p.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, out, err });
      });
    },
  );
  if (r.spawnError || r.code !== 0) {
    return {
      ok: false,
      message: `No working Python at ${python}${r.spawnError ? ` (${r.spawnError.code ?? r.spawnError.message})` : ''}: install Python 3 and astroquery: ${ASTROQUERY_INSTALL}; or choose the interpreter (CDR_PYTHON, or the Python extension's selected interpreter)`,
    };
  }
  let probe: PythonProbe;
  try {
    const j = JSON.parse(r.out.trim().split('\n').pop() ?? '') as { python: string; astroquery: string | null };
    probe = { python, pythonVersion: j.python, astroquery: j.astroquery };
  } catch {
    return { ok: false, message: `${python} did not answer like Python 3: ${r.out.slice(0, 200)}` };
  }
  if (!probe.astroquery) {
    return {
      ok: false,
      message: `astroquery is not installed for ${python}: ${ASTROQUERY_INSTALL.replace(/^python3/, python)}`,
    };
  }
  if (!versionAtLeast(probe.astroquery, need.minVersion)) {
    return {
      ok: false,
      message: `astroquery ${probe.astroquery} at ${python} is too old for ${need.what} (needs ${need.minVersion} or newer): ${python} -m pip install -U astroquery`,
    };
  }
  return { ok: true, probe };
}

export interface ManifestEntry {
  readonly uri: string;
  readonly status: 'COMPLETE' | 'ERROR' | 'SKIPPED';
  readonly path: string | null;
  readonly bytes: number | null;
  readonly error: string | null;
}

export interface DelegationManifest {
  readonly files: readonly ManifestEntry[];
  /** Why the script stopped before the files (a refused login), or null. */
  readonly stopped: string | null;
}

export async function readManifest(path: string): Promise<DelegationManifest | null> {
  try {
    const j = JSON.parse(await readFile(path, 'utf8')) as DelegationManifest;
    return Array.isArray(j.files) ? j : null;
  } catch {
    return null;
  }
}

export interface RunScriptOptions {
  readonly python: string;
  readonly scriptPath: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Attach this process's terminal (astroquery's prompts work); otherwise stdin is closed and no tty is reachable. */
  readonly interactive: boolean;
  /** Non-interactive output (astroquery's log) goes here line by line. */
  readonly onOutput?: (text: string) => void;
  readonly signal?: AbortSignal;
}

/** The exit code of the script (null when killed). */
export function runScript(opts: RunScriptOptions): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const p = spawn(opts.python, [opts.scriptPath], {
      cwd: opts.cwd,
      env: opts.env as NodeJS.ProcessEnv,
      stdio: opts.interactive ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      // A new session has no controlling terminal: getpass cannot open /dev/tty and wait there for ever.
      detached: !opts.interactive,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    p.stdout?.on('data', (d: Buffer) => opts.onOutput?.(d.toString()));
    p.stderr?.on('data', (d: Buffer) => opts.onOutput?.(d.toString()));
    p.on('error', (e) => (e.name === 'AbortError' ? resolve(null) : reject(e)));
    p.on('close', (code) => resolve(code));
  });
}
