// I/O: the Earthdata Login of a download batch (cdr get, VS Code): resolved once, refused up front when its token
// expired, and lent to the engine as one session (cookies, bearer per origin, Basic only on the login host's
// challenge) plus the s3credentials cache for items that carry DAAC-scoped keys.
import { CdrError } from '../errors';
import { daacTable } from './daacs';
import { userDaacsFromEnv } from './userDaacs';
import { HttpClient } from '../transfer/httpClient';
import type { DownloadItem, TransferOptions } from '../transfer/types';
import type { Logger } from '../util/logger';
import { bearerOriginsFor } from './bearerOrigins';
import { earthdataCmrUrl, expiredLoginProblem, resolveEarthdataLogin, type SecretStorageLogin } from './login';
import { EarthdataSession } from './loginSession';
import { S3CredentialsCache } from './s3Credentials';
import type { Daac } from './types';

type Env = Readonly<Record<string, string | undefined>>;

export interface EarthdataForGet {
  readonly options: Pick<TransferOptions, 'httpSession' | 'scopedCredentials'>;
  /** Items that talk to Earthdata (a DAAC origin, or DAAC-scoped S3 keys). */
  readonly earthdataItems: number;
  dispose(): void;
}

/**
 * Throws (exit 2) when an Earthdata item would be sent with an expired token, before any request. The bearer token
 * goes to CMR, the DAAC table's origins and s3credentials endpoints, and the endpoints the items name.
 */
export interface EarthdataForBatchOptions {
  readonly env: Env;
  readonly home: string;
  readonly logger: Logger;
  /** Where `CDR_EARTHDATA_DAACS=@file` is resolved from. */
  readonly cwd: string;
  /** The user's DAAC entries (a setting); without them CDR_EARTHDATA_DAACS. The built-in table is always added. */
  readonly userDaacs?: readonly Daac[];
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
  const daacs = daacTable(opts.userDaacs ?? userDaacsFromEnv(env, opts.cwd));
  const bearerOrigins = bearerOriginsFor({ cmrUrl: earthdataCmrUrl(env, opts.cmrUrl), daacs, extraUrls: scopes });
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

/** The token a CMR search may carry: the resolved login's, unless it expired (then none: public searches still work). */
export function earthdataSearchToken(
  env: Env,
  home: string,
  opts: { secretStorageLogin?: SecretStorageLogin | null; loginUrl?: string; now?: number } = {},
): string | null {
  const state = resolveEarthdataLogin(env, {
    home,
    secretStorageLogin: opts.secretStorageLogin,
    loginUrl: opts.loginUrl,
  });
  const l = state.login;
  const expired = !!l?.tokenExpiresAt && l.tokenExpiresAt.getTime() <= (opts.now ?? Date.now());
  return l?.token && !expired ? l.token : null;
}
