// I/O: which Earthdata Login this process has, in order: EARTHDATA_TOKEN, EARTHDATA_USERNAME/PASSWORD, the .netrc
// entry of the login host, VS Code secret storage. Reads the environment and the .netrc; sends nothing.
import type { EarthdataLogin, EarthdataLoginSource, EarthdataLoginState } from './types';
import { decodeJwtClaims } from './jwt';
import { netrcEntryFor, netrcPath, readNetrc, type NetrcEntry } from './netrc';

export const DEFAULT_EARTHDATA_LOGIN_URL = 'https://urs.earthdata.nasa.gov';
export const DEFAULT_EARTHDATA_CMR_URL = 'https://cmr.earthdata.nasa.gov';

type Env = Readonly<Record<string, string | undefined>>;

/** What the VS Code sign-in stored (SecretStorage), handed to core as plain data. */
export type SecretStorageLogin = { readonly token: string } | { readonly username: string; readonly password: string };

export interface ResolveEarthdataLoginOptions {
  readonly home: string;
  readonly secretStorageLogin?: SecretStorageLogin | null;
  /** `EARTHDATA_LOGIN_URL` or the setting; default urs.earthdata.nasa.gov. */
  readonly loginUrl?: string;
  readonly now?: () => number;
  readonly platform?: NodeJS.Platform;
}

export interface ResolvedEarthdataLogin extends EarthdataLoginState {
  /** The login origin whose challenge gets Basic credentials. */
  readonly loginOrigin: string;
  /** .netrc entries for other hosts (Basic to exactly that host on its own challenge); never the `default` entry. */
  readonly netrcEntries: readonly NetrcEntry[];
  readonly netrcPath: string;
}

// In VS Code a setting wins over the variable, as every other cloudDataRouter.* setting does over its CDR_* variable.
export function earthdataLoginUrl(env: Env, setting?: string): string {
  const url = (setting || env.EARTHDATA_LOGIN_URL || DEFAULT_EARTHDATA_LOGIN_URL).replace(/\/+$/, '');
  try {
    return new URL(url).origin;
  } catch {
    throw new Error(`${setting ? 'cloudDataRouter.earthdata.loginUrl' : 'EARTHDATA_LOGIN_URL'} is not a URL: ${url}`);
  }
}

export function earthdataCmrUrl(env: Env, setting?: string): string {
  return (setting || env.EARTHDATA_CMR_URL || DEFAULT_EARTHDATA_CMR_URL).replace(/\/+$/, '');
}

function tokenLogin(
  source: EarthdataLoginSource,
  where: string,
  token: string,
  now: number,
): { login: EarthdataLogin; expired: string | null } {
  const claims = decodeJwtClaims(token);
  const exp = claims?.exp != null ? new Date(claims.exp * 1000) : null;
  const expired =
    exp && exp.getTime() <= now
      ? `the Earthdata token in ${where} expired at ${exp.toISOString()}: make a new one (Earthdata Login → Generate Token) and set it again`
      : null;
  return {
    login: { source, where, user: claims?.uid ?? null, token: token.trim(), tokenExpiresAt: exp, basic: null },
    expired,
  };
}

/**
 * The first configured source wins, except an expired token, which is skipped when a later source can log in
 * (its expiry is still a problem to fix). With nothing else, the expired token stays the login so that `cdr get`
 * refuses before the first request instead of failing file by file.
 */
export function resolveEarthdataLogin(env: Env, opts: ResolveEarthdataLoginOptions): ResolvedEarthdataLogin {
  const now = (opts.now ?? Date.now)();
  const loginOrigin = earthdataLoginUrl(env, opts.loginUrl);
  const loginHost = new URL(loginOrigin).hostname;
  const skipped: { source: EarthdataLoginSource; reason: string }[] = [];
  const problems: string[] = [];
  let expiredFallback: EarthdataLogin | null = null;
  let login: EarthdataLogin | null = null;

  if (env.EARTHDATA_TOKEN?.trim()) {
    const t = tokenLogin('env-token', 'EARTHDATA_TOKEN', env.EARTHDATA_TOKEN, now);
    if (t.expired) {
      problems.push(t.expired);
      skipped.push({ source: 'env-token', reason: `expired at ${t.login.tokenExpiresAt?.toISOString()}` });
      expiredFallback = t.login;
    } else login = t.login;
  } else skipped.push({ source: 'env-token', reason: 'EARTHDATA_TOKEN is not set' });

  const user = env.EARTHDATA_USERNAME?.trim();
  const pass = env.EARTHDATA_PASSWORD;
  if (user && pass) {
    const l: EarthdataLogin = {
      source: 'env-password',
      where: 'EARTHDATA_USERNAME/EARTHDATA_PASSWORD',
      user,
      token: null,
      tokenExpiresAt: null,
      basic: { username: user, password: pass },
    };
    if (!login) login = l;
  } else if (user || pass) {
    const missing = user ? 'EARTHDATA_PASSWORD' : 'EARTHDATA_USERNAME';
    problems.push(`${missing} is not set, so EARTHDATA_${user ? 'USERNAME' : 'PASSWORD'} alone is not used`);
    skipped.push({ source: 'env-password', reason: `${missing} is not set` });
  } else skipped.push({ source: 'env-password', reason: 'EARTHDATA_USERNAME and EARTHDATA_PASSWORD are not set' });

  const path = netrcPath(env, opts.home);
  const netrc = readNetrc(path, { platform: opts.platform });
  problems.push(...netrc.problems);
  const entry = netrcEntryFor(netrc.entries, loginHost);
  if (entry?.login && entry.password) {
    const l: EarthdataLogin = {
      source: 'netrc',
      where: `${path} line ${entry.line}`,
      user: entry.login,
      token: null,
      tokenExpiresAt: null,
      basic: { username: entry.login, password: entry.password },
    };
    if (!login) login = l;
  } else if (entry) {
    problems.push(`${path} line ${entry.line}: machine ${loginHost} has no ${entry.login ? 'password' : 'login'}`);
    skipped.push({ source: 'netrc', reason: `${path} line ${entry.line} is incomplete` });
  } else
    skipped.push({
      source: 'netrc',
      reason: !netrc.found
        ? `${path} does not exist`
        : netrc.refused
          ? `${path} was refused`
          : `${path} has no machine ${loginHost}`,
    });

  const s = opts.secretStorageLogin;
  if (s) {
    if ('token' in s) {
      const t = tokenLogin('secret-storage', 'VS Code secret storage', s.token, now);
      if (t.expired) {
        problems.push(t.expired);
        expiredFallback ??= t.login;
      } else login ??= t.login;
    } else
      login ??= {
        source: 'secret-storage',
        where: 'VS Code secret storage',
        user: s.username,
        token: null,
        tokenExpiresAt: null,
        basic: { username: s.username, password: s.password },
      };
  } else if (opts.secretStorageLogin !== undefined)
    skipped.push({ source: 'secret-storage', reason: 'not signed in to Earthdata in VS Code' });

  // Only sources tried before the winner count as skipped.
  const order: EarthdataLoginSource[] = ['env-token', 'env-password', 'netrc', 'secret-storage'];
  const winner = login ?? expiredFallback;
  const cut = winner ? order.indexOf(winner.source) : order.length;
  return {
    login: winner,
    skipped: skipped.filter((x) => order.indexOf(x.source) < cut),
    problems,
    loginOrigin,
    netrcEntries: netrc.entries.filter((e) => e.machine !== null && e.machine.toLowerCase() !== loginHost),
    netrcPath: path,
  };
}

/** True when the winning login is a token past its `exp` and nothing else could log in: refuse before any request. */
export function expiredLoginProblem(state: EarthdataLoginState, now = Date.now()): string | null {
  const l = state.login;
  if (!l?.token || !l.tokenExpiresAt || l.tokenExpiresAt.getTime() > now || l.basic) return null;
  return `the Earthdata token in ${l.where} expired at ${l.tokenExpiresAt.toISOString()}: make a new one (Earthdata Login → Generate Token) and set it again`;
}
