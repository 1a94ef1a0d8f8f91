// I/O: runs a credential_process the way botocore does (shlex-split, no shell) with a timeout, and checks its output.
import { spawn } from 'node:child_process';
import { shlexSplit } from '../aws-config/pyText';
import { errorMessage } from '../errors';
import { CredentialResolveError, retrievalError, type Env, type FetchedCredentials } from './types';

export interface RunProcessOptions {
  readonly env: Env;
  readonly timeoutMs?: number;
  readonly cwd?: string;
}

const PROVIDER = 'custom-process';

function runRaw(
  argv: string[],
  options: RunProcessOptions,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      env: { ...options.env },
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        retrievalError(
          PROVIDER,
          `credential_process did not finish within ${options.timeoutMs ?? 30000} ms: ${argv[0]}`,
        ),
      );
    }, options.timeoutMs ?? 30000);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(
        new CredentialResolveError(
          'FileNotFoundError',
          `credential_process cannot be started: ${argv[0]}: ${errorMessage(e)}`,
          { code: 'Credentials', cause: e },
        ),
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** Parses credential_process output with botocore's rules (quirk 17); throws CredentialResolveError. */
export function parseProcessOutput(stdout: string): FetchedCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new CredentialResolveError('JSONDecodeError', 'credential_process printed something that is not JSON', {
      code: 'Credentials',
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CredentialResolveError('AttributeError', 'credential_process printed JSON that is not an object', {
      code: 'Credentials',
    });
  }
  const o = parsed as Record<string, unknown>;
  if (o.Version !== 1)
    throw retrievalError(
      PROVIDER,
      `Unsupported version '${String(o.Version ?? '<Version key not provided>')}' for credential process provider, supported versions: 1`,
    );
  for (const k of ['AccessKeyId', 'SecretAccessKey']) {
    if (!(k in o)) throw retrievalError(PROVIDER, `Missing required key in response: '${k}'`);
  }
  let expiration: Date | undefined;
  if (o.Expiration !== undefined && o.Expiration !== null) {
    expiration = new Date(String(o.Expiration));
    if (Number.isNaN(expiration.getTime()))
      throw retrievalError(PROVIDER, `Expiration is not a date: ${String(o.Expiration)}`);
  }
  return {
    accessKeyId: String(o.AccessKeyId),
    secretAccessKey: String(o.SecretAccessKey),
    ...(typeof o.SessionToken === 'string' ? { sessionToken: o.SessionToken } : {}),
    ...(expiration ? { expiration } : {}),
  };
}

export async function runCredentialProcess(command: string, options: RunProcessOptions): Promise<FetchedCredentials> {
  const argv = shlexSplit(command);
  if (argv === null)
    throw new CredentialResolveError(
      'ValueError',
      `credential_process has an unclosed quote or a trailing backslash: ${command}`,
      { code: 'BadInput' },
    );
  if (argv.length === 0)
    throw new CredentialResolveError('IndexError', 'credential_process is empty', { code: 'BadInput' });
  const r = await runRaw(argv, options);
  if (r.code !== 0)
    throw retrievalError(
      PROVIDER,
      `${argv[0]} exited with ${r.code ?? 'a signal'}: ${r.stderr.trim().split('\n')[0] ?? ''}`,
    );
  return parseProcessOutput(r.stdout);
}
