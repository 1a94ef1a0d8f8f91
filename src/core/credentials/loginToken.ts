// I/O: the token cache `aws login` writes and botocore's `login` provider reads (botocore ≥ 1.41): one JSON file per
// login session, named by the sha256 of the session name, in AWS_LOGIN_CACHE_DIRECTORY or ~/.aws/login/cache.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expandPath } from '../aws-config/paths';
import { CredentialResolveError, type Env, type FetchedCredentials } from './types';

/** The fields botocore's LoginCredentialFetcher requires before it uses a cached token. */
const REQUIRED = ['accessToken', 'refreshToken', 'dpopKey', 'clientId'] as const;

export function loginTokenCachePath(env: Env, home: string, sessionName: string): string {
  const dir = expandPath(env.AWS_LOGIN_CACHE_DIRECTORY ?? '~/.aws/login/cache', env, home);
  return join(dir, `${createHash('sha256').update(sessionName, 'utf8').digest('hex')}.json`);
}

export interface LoginToken {
  readonly file: string;
  readonly credentials: FetchedCredentials;
  readonly accountId: string | null;
  /** botocore refreshes through the sign-in service when the keys are within 5 minutes of expiry. */
  readonly expired: boolean;
}

function loadError(message: string): CredentialResolveError {
  return new CredentialResolveError('LoginTokenLoadError', `Error loading login token: ${message}`, {
    code: 'Credentials',
  });
}

/** botocore's load_cached_credentials: the keys as cached, expired or not (botocore refreshes them later). */
export async function readLoginToken(
  env: Env,
  home: string,
  sessionName: string,
  now: number,
  profileName: string,
): Promise<LoginToken> {
  const file = loginTokenCachePath(env, home, sessionName);
  let token: Record<string, unknown>;
  try {
    const o: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (!o || typeof o !== 'object') throw new Error('not an object');
    token = o as Record<string, unknown>;
  } catch {
    throw loadError(
      `Unable to load a existing login session for session ${sessionName} (${file}). Please reauthenticate with 'aws login --profile ${profileName}'.`,
    );
  }
  const missing = REQUIRED.filter((k) => !(k in token));
  if (missing.length)
    throw loadError(`Failed to load access token from ${file}, missing required fields: ${missing.join(', ')}.`);
  const at = (token.accessToken ?? {}) as Record<string, unknown>;
  for (const k of ['accessKeyId', 'secretAccessKey', 'sessionToken', 'accountId', 'expiresAt'])
    if (!(k in at))
      throw new CredentialResolveError('KeyError', `the login token in ${file} has no accessToken.${k}`, {
        code: 'Credentials',
      });
  const expiration = new Date(String(at.expiresAt));
  if (Number.isNaN(expiration.getTime()))
    throw new CredentialResolveError('ParserError', `accessToken.expiresAt in ${file} is not a date`, {
      code: 'Credentials',
    });
  return {
    file,
    credentials: {
      accessKeyId: String(at.accessKeyId),
      secretAccessKey: String(at.secretAccessKey),
      sessionToken: String(at.sessionToken),
      expiration,
    },
    accountId: at.accountId === null ? null : String(at.accountId),
    expired: expiration.getTime() - now <= 5 * 60_000,
  };
}
