// I/O: whether the SSO token botocore would use is cached and still valid, so "deferred" can say if a login is due.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** botocore's cache file: sha1 of the sso-session name, or of the start URL for legacy profiles. */
export function ssoTokenCachePath(home: string, key: { ssoSession?: string; startUrl?: string }): string | null {
  const id = key.ssoSession ?? key.startUrl;
  if (id === undefined) return null;
  return join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(id, 'utf8').digest('hex')}.json`);
}

export async function describeSsoToken(path: string | null, now: number, loginHint: string): Promise<string> {
  if (!path) return 'no SSO token cache key';
  let o: { expiresAt?: unknown };
  try {
    o = JSON.parse(await readFile(path, 'utf8')) as { expiresAt?: unknown };
  } catch {
    return `no cached SSO token; run ${loginHint}`;
  }
  const exp = typeof o.expiresAt === 'string' ? Date.parse(o.expiresAt) : Number.NaN;
  if (Number.isNaN(exp)) return `the cached SSO token has no expiry; run ${loginHint}`;
  return exp > now
    ? `cached SSO token valid until ${new Date(exp).toISOString()}`
    : `the cached SSO token expired at ${new Date(exp).toISOString()}; run ${loginHint}`;
}
