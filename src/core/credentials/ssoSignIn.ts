// I/O: `aws sso login` from inside the extension: the OIDC device-authorization flow through
// @aws-sdk/client-sso-oidc (loaded on first use), or a refresh-token grant when the cached token allows one, and
// the token cache written where and as the AWS CLI v2 writes it, so boto3 and the CLI use the sign-in afterwards.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProfileMap } from '../aws-config/profiles';
import { CdrError } from '../errors';
import { ssoTokenCachePath } from './ssoTokenStatus';
import type { Env } from './types';

export interface SsoTarget {
  /** The sso-session's name; null for a legacy profile (start URL and region in the profile). */
  readonly sessionName: string | null;
  readonly startUrl: string;
  readonly region: string;
  /** sso_registration_scopes, comma-split; null when the key is absent (as the CLI keys its registration cache). */
  readonly scopes: readonly string[] | null;
}

/** What the profile signs in to; a BadInput error names what is missing. */
export function ssoTargetOf(map: ProfileMap, profile: string): SsoTarget {
  const keys = map.profiles.get(profile)?.keys;
  if (!keys) throw new CdrError(`No profile "${profile}" in the AWS config`, { code: 'BadInput' });
  const sessionName = keys.sso_session?.value ?? null;
  const source = sessionName !== null ? map.ssoSessions.get(sessionName)?.keys : keys;
  if (!source)
    throw new CdrError(`The sso-session "${sessionName}" of profile "${profile}" does not exist`, { code: 'BadInput' });
  const startUrl = source.sso_start_url?.value;
  const region = source.sso_region?.value;
  if (!startUrl || !region)
    throw new CdrError(
      `Profile "${profile}" has no ${!startUrl ? 'sso_start_url' : 'sso_region'}${sessionName !== null ? ` in [sso-session ${sessionName}]` : ''}`,
      { code: 'BadInput' },
    );
  const rawScopes = source.sso_registration_scopes?.value;
  const scopes =
    rawScopes === undefined
      ? null
      : rawScopes
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  return { sessionName, startUrl, region, scopes };
}

/** Python's json.dumps(obj, sort_keys=True) for flat objects of strings, null and string lists. */
function pyJson(o: Record<string, string | null | readonly string[]>): string {
  const v = (x: string | null | readonly string[]): string =>
    x === null ? 'null' : typeof x === 'string' ? JSON.stringify(x) : `[${x.map((s) => JSON.stringify(s)).join(', ')}]`;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}: ${v(o[k]!)}`)
    .join(', ')}}`;
}

/** The AWS CLI v2's client-registration cache file (BaseSSOTokenFetcher._registration_cache_key). */
export function registrationCachePath(home: string, t: SsoTarget): string {
  const key = pyJson({
    tool: 'botocore',
    startUrl: t.startUrl,
    region: t.region,
    scopes: t.scopes,
    session_name: t.sessionName,
  });
  return join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(key, 'utf8').digest('hex')}.json`);
}

/** The CLI's timestamps: UTC, seconds, `Z`. */
function isoZ(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

async function readJson(path: string): Promise<Record<string, unknown> | null> {
  try {
    const o: unknown = JSON.parse(await readFile(path, 'utf8'));
    return o && typeof o === 'object' ? (o as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Whole file or nothing, private to the user: a token is a secret. */
async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(value), { mode: 0o600 });
  await rename(tmp, path);
}

export interface SsoSignInOptions {
  readonly env: Env;
  readonly homedir: string;
  readonly map: ProfileMap;
  readonly profile: string;
  /** Show the user the verification URL (with the code in it) and the code; the flow then polls. */
  readonly openVerification: (url: string, userCode: string) => void | Promise<void>;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface SsoSignInResult {
  readonly tokenFile: string;
  readonly expiresAt: string;
  /** True when a refresh token gave the new access token (no browser). */
  readonly refreshed: boolean;
}

function loadOidc(): typeof import('@aws-sdk/client-sso-oidc') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, kept apart by esbuild
  return require('@aws-sdk/client-sso-oidc') as typeof import('@aws-sdk/client-sso-oidc');
}

/** AWS_ENDPOINT_URL_SSO_OIDC beats AWS_ENDPOINT_URL; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS turns both off. */
export function ssoOidcEndpointFromEnv(env: Env): string | undefined {
  if ((env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true') return undefined;
  return env.AWS_ENDPOINT_URL_SSO_OIDC || env.AWS_ENDPOINT_URL || undefined;
}

export async function signInSso(opts: SsoSignInOptions): Promise<SsoSignInResult> {
  const t = ssoTargetOf(opts.map, opts.profile);
  const home = opts.env.HOME ?? opts.homedir;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const tokenFile = ssoTokenCachePath(
    home,
    t.sessionName !== null ? { ssoSession: t.sessionName } : { startUrl: t.startUrl },
  )!;
  const { SSOOIDCClient, RegisterClientCommand, StartDeviceAuthorizationCommand, CreateTokenCommand } = loadOidc();
  const client = new SSOOIDCClient({
    region: t.region,
    endpoint: ssoOidcEndpointFromEnv(opts.env),
    ignoreConfiguredEndpointUrls: true,
    maxAttempts: 2,
  });
  try {
    const save = async (
      reg: { clientId: string; clientSecret: string; expiresAt: string },
      tok: { accessToken?: string; expiresIn?: number; refreshToken?: string },
      refreshed: boolean,
    ): Promise<SsoSignInResult> => {
      if (!tok.accessToken || !tok.expiresIn)
        throw new CdrError('IAM Identity Center answered without an access token', { code: 'Credentials' });
      const expiresAt = isoZ(now() + tok.expiresIn * 1000);
      await writeJson(tokenFile, {
        startUrl: t.startUrl,
        region: t.region,
        accessToken: tok.accessToken,
        expiresAt,
        clientId: reg.clientId,
        clientSecret: reg.clientSecret,
        registrationExpiresAt: reg.expiresAt,
        ...(tok.refreshToken ? { refreshToken: tok.refreshToken } : {}),
      });
      return { tokenFile, expiresAt, refreshed };
    };

    // A refresh token and a live registration: a new access token without the browser (botocore's SSOTokenProvider).
    const cached = await readJson(tokenFile);
    if (
      cached &&
      typeof cached.refreshToken === 'string' &&
      typeof cached.clientId === 'string' &&
      typeof cached.clientSecret === 'string' &&
      typeof cached.registrationExpiresAt === 'string' &&
      Date.parse(cached.registrationExpiresAt) > now()
    ) {
      try {
        const tok = await client.send(
          new CreateTokenCommand({
            grantType: 'refresh_token',
            clientId: cached.clientId,
            clientSecret: cached.clientSecret,
            refreshToken: cached.refreshToken,
          }),
          { abortSignal: opts.signal },
        );
        return await save(
          { clientId: cached.clientId, clientSecret: cached.clientSecret, expiresAt: cached.registrationExpiresAt },
          tok,
          true,
        );
      } catch (e) {
        if (opts.signal?.aborted) throw e;
        // A refused refresh (expired or revoked): sign in with the browser instead.
      }
    }

    // The client registration, reused while valid (the CLI's registration cache).
    const regFile = registrationCachePath(home, t);
    let reg = await readJson(regFile);
    if (
      !reg ||
      typeof reg.clientId !== 'string' ||
      typeof reg.clientSecret !== 'string' ||
      typeof reg.expiresAt !== 'string' ||
      Date.parse(reg.expiresAt) <= now() + 15 * 60_000
    ) {
      const scopes = t.scopes ? [...t.scopes] : t.sessionName !== null ? ['sso:account:access'] : undefined;
      const r = await client.send(
        new RegisterClientCommand({
          clientName: `botocore-client-${t.sessionName ?? 'legacy'}-${Math.floor(now() / 1000)}`,
          clientType: 'public',
          ...(scopes ? { scopes } : {}),
          ...(t.sessionName !== null
            ? { grantTypes: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'] }
            : {}),
        }),
        { abortSignal: opts.signal },
      );
      if (!r.clientId || !r.clientSecret || !r.clientSecretExpiresAt)
        throw new CdrError('IAM Identity Center did not register the client', { code: 'Credentials' });
      reg = {
        clientId: r.clientId,
        clientSecret: r.clientSecret,
        expiresAt: isoZ(r.clientSecretExpiresAt * 1000),
        ...(scopes ? { scopes } : {}),
      };
      await writeJson(regFile, reg);
    }
    const registration = reg as { clientId: string; clientSecret: string; expiresAt: string };

    const auth = await client.send(
      new StartDeviceAuthorizationCommand({
        clientId: registration.clientId,
        clientSecret: registration.clientSecret,
        startUrl: t.startUrl,
      }),
      { abortSignal: opts.signal },
    );
    if (!auth.deviceCode || !auth.userCode || !(auth.verificationUriComplete ?? auth.verificationUri))
      throw new CdrError('IAM Identity Center did not start the device authorization', { code: 'Credentials' });
    await opts.openVerification((auth.verificationUriComplete ?? auth.verificationUri)!, auth.userCode);

    // Poll as RFC 8628 says: every `interval` seconds, 5 more after each slow_down, until approval or expiry.
    let intervalMs = (auth.interval ?? 5) * 1000;
    const deadline = now() + (auth.expiresIn ?? 600) * 1000;
    for (;;) {
      if (opts.signal?.aborted) throw new CdrError('Sign-in cancelled', { code: 'Cancelled' });
      try {
        const tok = await client.send(
          new CreateTokenCommand({
            grantType: 'urn:ietf:params:oauth:grant-type:device_code',
            deviceCode: auth.deviceCode,
            clientId: registration.clientId,
            clientSecret: registration.clientSecret,
          }),
          { abortSignal: opts.signal },
        );
        return await save(registration, tok, false);
      } catch (e) {
        const name = (e as { name?: string }).name;
        if (opts.signal?.aborted) throw new CdrError('Sign-in cancelled', { code: 'Cancelled' });
        if (name === 'SlowDownException') intervalMs += 5000;
        else if (name !== 'AuthorizationPendingException') throw e;
      }
      if (now() + intervalMs > deadline)
        throw new CdrError('The sign-in code expired before it was approved; sign in again', { code: 'Credentials' });
      await sleep(intervalMs);
    }
  } finally {
    client.destroy();
  }
}
