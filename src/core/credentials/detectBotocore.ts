// I/O: which botocore (and awscrt) a Python interpreter has, read from package metadata without importing botocore
// (about 50 ms), once per interpreter path and process.
import { execFile } from 'node:child_process';
import { errorMessage } from '../errors';
import { CURRENT_BOTOCORE, defaultBotocore, parseVersion, type BotocoreInfo } from './botocoreRules';

// awscrt's EC is what the login provider needs; Debian's awscrt 0.16 calls itself 1.0.0.dev0 and has none, so the
// probe reads awscrt/crypto.py instead of trusting the version (importing awscrt would load its native library).
const PROBE = [
  'import json, os',
  'from importlib import metadata as m, util',
  'def v(n):',
  '  try: return m.version(n)',
  '  except Exception: return None',
  'def ec():',
  '  try:',
  "    s = util.find_spec('awscrt')",
  "    return 'class EC' in open(os.path.join(os.path.dirname(s.origin), 'crypto.py')).read()",
  '  except Exception: return False',
  "print(json.dumps({'botocore': v('botocore'), 'awscrt': v('awscrt'), 'ec': ec()}))",
].join('\n');

export interface Detected {
  readonly info: BotocoreInfo;
  /** Why the default applies, when it does (no interpreter, no botocore in it, a failure). */
  readonly fallback?: string;
  /** Worth a log line: an awscrt the login provider cannot use. */
  readonly warning?: string;
}

const cache = new Map<string, Promise<Detected>>();

function probe(python: string, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<Detected> {
  return new Promise((resolve) => {
    execFile(
      python,
      // Not isolated (-I): PYTHONPATH and the user site are where boto3 users often have botocore.
      ['-c', PROBE],
      { timeout: timeoutMs, encoding: 'utf8', env },
      (err, stdout) => {
        const fallback = (why: string): Detected => ({ info: defaultBotocore(), fallback: why });
        if (err) return resolve(fallback(`${python}: ${errorMessage(err).split('\n')[0]}`));
        let o: { botocore?: string | null; awscrt?: string | null; ec?: boolean };
        try {
          o = JSON.parse(stdout.trim().split('\n').pop() ?? '') as typeof o;
        } catch {
          return resolve(fallback(`${python} did not answer the botocore probe`));
        }
        if (!o.botocore || !parseVersion(o.botocore))
          return resolve(fallback(`${python} has no botocore; botocore ${CURRENT_BOTOCORE}'s rules apply`));
        const crt = o.awscrt && o.ec ? o.awscrt : false;
        resolve({
          info: { version: o.botocore, from: python, crt },
          ...(o.awscrt && !o.ec
            ? { warning: `${python}: awscrt ${o.awscrt} has no EC module (login needs a newer one)` }
            : {}),
        });
      },
    );
  });
}

/** The botocore of `python` (a path or a command on PATH); cached, so a second call costs nothing. */
export function detectBotocore(
  python: string,
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<Detected> {
  let p = cache.get(python);
  if (!p) {
    // Generous: a Python start on a busy machine (a CI runner, a shared login node) can take seconds, and a timeout
    // here is reported as a failure of the interpreter the user named.
    p = probe(python, options.timeoutMs ?? 15_000, options.env ?? process.env);
    cache.set(python, p);
  }
  return p;
}

/** Forget cached answers (the user installed or removed packages, or picked another interpreter). */
export function forgetDetectedBotocore(): void {
  cache.clear();
}
