// I/O: the Earthdata Login of a download batch (cdr get, VS Code): resolved once, refused up front when its token
// expired, and lent to the engine as one session (cookies, bearer per origin, Basic only on the login host's
// challenge) plus the s3credentials cache for items that carry DAAC-scoped keys.
import { CdrError } from '../errors';
import { HttpClient } from '../transfer/httpClient';
import type { DownloadItem, TransferOptions } from '../transfer/types';
import type { Logger } from '../util/logger';
import { bearerOriginsFor } from './bearerOrigins';
import { earthdataCmrUrl, expiredLoginProblem, resolveEarthdataLogin, type SecretStorageLogin } from './login';
import { EarthdataSession } from './loginSession';
import { S3CredentialsCache } from './s3Credentials';
import type { Daac } from './types';

type Env = Readonly<Record<string, string | undefined>>;

/** `CDR_EARTHDATA_DAACS` (JSON array or @file): only the origins and s3credentials endpoints matter here. */
export function userDaacOrigins(
  env: Env,
  read: (path: string) => string,
): Pick<Daac, 'origins' | 's3CredentialsUrl'>[] {
  const raw = env.CDR_EARTHDATA_DAACS?.trim();
  if (!raw) return [];
  const text = raw.startsWith('@') ? read(raw.slice(1)) : raw;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new CdrError(`CDR_EARTHDATA_DAACS is not valid JSON: ${text.slice(0, 80)}`, { code: 'BadInput' });
  }
  if (!Array.isArray(v)) throw new CdrError('CDR_EARTHDATA_DAACS must be a JSON array', { code: 'BadInput' });
  return v.map((d: unknown, i) => {
    const e = (d ?? {}) as Record<string, unknown>;
    if (!Array.isArray(e.origins) || !e.origins.every((o) => typeof o === 'string'))
      throw new CdrError(`CDR_EARTHDATA_DAACS[${i}]: origins must be an array of URLs: ${JSON.stringify(e.origins)}`, {
        code: 'BadInput',
      });
    return {
      origins: e.origins as string[],
      s3CredentialsUrl: typeof e.s3CredentialsUrl === 'string' ? e.s3CredentialsUrl : null,
    };
  });
}

export interface EarthdataForGet {
  readonly options: Pick<TransferOptions, 'httpSession' | 'scopedCredentials'>;
  /** Items that talk to Earthdata (a DAAC origin, or DAAC-scoped S3 keys). */
  readonly earthdataItems: number;
  dispose(): void;
}

/**
 * Throws (exit 2) when an Earthdata item would be sent with an expired token, before any request. `daacs`: the DAAC
 * table when the caller has it (else the known egress hosts plus CDR_EARTHDATA_DAACS).
 */
export interface EarthdataForBatchOptions {
  readonly env: Env;
  readonly home: string;
  readonly logger: Logger;
  /** Reads `CDR_EARTHDATA_DAACS=@file`. */
  readonly read: (path: string) => string;
  readonly daacs?: readonly Pick<Daac, 'origins' | 's3CredentialsUrl'>[];
  readonly secretStorageLogin?: SecretStorageLogin | null;
  /** Settings that the environment variables override (EARTHDATA_LOGIN_URL, EARTHDATA_CMR_URL). */
  readonly loginUrl?: string;
  readonly cmrUrl?: string;
}

export function earthdataForBatch(items: readonly DownloadItem[], opts: EarthdataForBatchOptions): EarthdataForGet {
  const env = opts.env;
  const logger = opts.logger;
  const state = resolveEarthdataLogin(env, {
    home: opts.home,
    secretStorageLogin: opts.secretStorageLogin,
    loginUrl: opts.loginUrl,
  });
  const scopes = [...new Set(items.map((i) => i.credentialScope).filter((s): s is string => !!s))];
  const daacs = opts.daacs ?? [...userDaacOrigins(env, opts.read)];
  const bearerOrigins = bearerOriginsFor({
    cmrUrl: earthdataCmrUrl(env, opts.cmrUrl),
    ...(opts.daacs ? { daacs } : {}),
    extraUrls: [...scopes, ...daacs.flatMap((d) => [...d.origins, d.s3CredentialsUrl ?? ''])],
  });
  const isEarthdata = (i: DownloadItem) => {
    if (i.credentialScope) return true;
    try {
      return i.via === 'http' && !!i.httpUrl && bearerOrigins.includes(new URL(i.httpUrl).origin);
    } catch {
      return false;
    }
  };
  const earthdataItems = items.filter(isEarthdata).length;
  if (earthdataItems > 0) {
    const expired = expiredLoginProblem(state);
    if (expired)
      throw new CdrError(`refusing to start ${earthdataItems} Earthdata downloads: ${expired}`, { code: 'BadInput' });
    for (const p of state.problems) logger.warn('credentials', p);
    if (state.login) logger.info('credentials', `Earthdata Login from ${state.login.where}`);
  } else for (const p of state.problems.filter((x) => /netrc/.test(x))) logger.warn('credentials', p);
  if (!state.login && !state.netrcEntries.length && !scopes.length)
    return { options: {}, earthdataItems, dispose: () => undefined };
  const session = new EarthdataSession({
    loginOrigin: state.loginOrigin,
    login: state.login,
    bearerOrigins,
    netrcEntries: state.netrcEntries,
  });
  const client = scopes.length ? new HttpClient({ session, idleTimeoutMs: 60_000 }) : null;
  const cache = client ? new S3CredentialsCache({ client }) : null;
  return {
    options: {
      httpSession: session,
      ...(cache ? { scopedCredentials: (scope: string) => cache.provider(scope) } : {}),
    },
    earthdataItems,
    dispose: () => client?.destroy(),
  };
}
