// I/O: whether the SSO token botocore would use is cached and still valid, so "deferred" can say if a login is due.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Message } from '../messages';
import { credentialMessage as m } from './credentialMessages';

/** botocore's cache file: sha1 of the sso-session name, or of the start URL for legacy profiles. */
export function ssoTokenCachePath(home: string, key: { ssoSession?: string; startUrl?: string }): string | null {
  const id = key.ssoSession ?? key.startUrl;
  if (id === undefined) return null;
  return join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(id, 'utf8').digest('hex')}.json`);
}

export async function describeSsoToken(path: string | null, now: number, loginHint: string): Promise<Message> {
  if (!path) return m('credentials.sso-token.no-key');
  let o: { expiresAt?: unknown };
  try {
    o = JSON.parse(await readFile(path, 'utf8')) as { expiresAt?: unknown };
  } catch {
    return m('credentials.sso-token.none', loginHint);
  }
  const exp = typeof o.expiresAt === 'string' ? Date.parse(o.expiresAt) : Number.NaN;
  if (Number.isNaN(exp)) return m('credentials.sso-token.no-expiry', loginHint);
  return exp > now
    ? m('credentials.sso-token.valid', new Date(exp).toISOString())
    : m('credentials.sso-token.expired', new Date(exp).toISOString(), loginHint);
}
