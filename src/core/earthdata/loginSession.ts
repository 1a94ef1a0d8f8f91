// Pure: the Earthdata Login session of one batch: a cookie jar per origin, the bearer token for Earthdata origins
// only, Basic credentials only in answer to the login host's (or a .netrc host's) own challenge, and one login at a
// time per origin so 20 files cost one login, not twenty.
import type { IncomingHttpHeaders } from 'node:http';
import { isPresignedUrl, type HttpSession, type LoginFailure } from '../transfer/httpSession';
import type { NetrcEntry } from './netrc';
import type { EarthdataLogin } from './types';

export interface EarthdataSessionOptions {
  /** The Earthdata Login origin (EARTHDATA_LOGIN_URL). */
  readonly loginOrigin: string;
  readonly login: EarthdataLogin | null;
  /**
   * Origins that may receive the bearer token: CMR and the DAACs (the DAAC table) and their s3credentials endpoints.
   * `https://host` or `host` (https, default port) or a full origin such as `http://127.0.0.1:8080`.
   */
  readonly bearerOrigins: readonly string[];
  /** .netrc entries for other hosts (the login host's entry excluded): Basic to exactly that host on its challenge. */
  readonly netrcEntries?: readonly NetrcEntry[];
}

function originOf(spec: string): string {
  return /^https?:\/\//i.test(spec) ? new URL(spec).origin : `https://${spec.toLowerCase()}`;
}

function basic(username: string, password: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}` };
}

export class EarthdataSession implements HttpSession {
  readonly #opts: EarthdataSessionOptions;
  readonly #bearerOrigins: Set<string>;
  readonly #jar = new Map<string, Map<string, string>>();
  readonly #generations = new Map<string, number>();
  readonly #locks = new Map<string, Promise<void>>();
  readonly #failures = new Map<string, LoginFailure>();

  constructor(opts: EarthdataSessionOptions) {
    this.#opts = opts;
    this.#bearerOrigins = new Set(opts.bearerOrigins.map(originOf));
  }

  headersFor(url: URL): Record<string, string> {
    if (isPresignedUrl(url)) return {};
    const out: Record<string, string> = {};
    const jar = this.#jar.get(url.origin);
    if (jar?.size) out.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const token = this.#opts.login?.token;
    // The login host gets Basic on its challenge instead; other hosts never see the token.
    if (token && !this.isLoginHost(url) && this.#bearerOrigins.has(url.origin)) out.Authorization = `Bearer ${token}`;
    return out;
  }

  remember(url: URL, headers: IncomingHttpHeaders): void {
    const set = headers['set-cookie'];
    if (!set?.length) return;
    let jar = this.#jar.get(url.origin);
    if (!jar) this.#jar.set(url.origin, (jar = new Map()));
    for (const line of set) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attrs.some((a) => {
        const [k, v = ''] = a.split('=').map((x) => x.trim());
        if (/^max-age$/i.test(k)) return Number(v) <= 0;
        if (/^expires$/i.test(k)) return Date.parse(v) <= Date.now();
        return false;
      });
      if (gone) jar.delete(name);
      else jar.set(name, value);
    }
    this.#generations.set(url.origin, this.generation(url.origin) + 1);
  }

  answerChallenge(url: URL, wwwAuthenticate: string | undefined, status: number): Record<string, string> | null {
    if (isPresignedUrl(url)) return null;
    // EDL's authorize shows an HTML sign-in page unless the DAAC asked for app_type=401; that page is its challenge.
    const loginPage = status === 200 && this.isLoginHost(url) && url.pathname === '/oauth/authorize';
    if (!loginPage && !/^\s*basic\b/i.test(wwwAuthenticate ?? '')) return null;
    if (this.isLoginHost(url)) {
      const b = this.#opts.login?.basic;
      return b ? basic(b.username, b.password) : null;
    }
    if (status !== 401) return null;
    const entry = this.#netrcFor(url);
    return entry?.login && entry.password ? basic(entry.login, entry.password) : null;
  }

  refusal(url: URL, answered: boolean): string | null {
    if (this.isLoginHost(url)) {
      const l = this.#opts.login;
      if (answered && l) return `Earthdata Login refused the user name and password from ${l.where} (HTTP 401)`;
      if (l?.token && !l.basic)
        return 'the DAAC sent this request to Earthdata Login, which asks for a user name and password: the token was not accepted there (is it for this user, and the DAAC app authorised?); set EARTHDATA_USERNAME/EARTHDATA_PASSWORD or a .netrc entry too';
      return `needs an Earthdata Login (HTTP 401): set EARTHDATA_TOKEN, or EARTHDATA_USERNAME and EARTHDATA_PASSWORD, or a "machine ${url.hostname}" line in ~/.netrc`;
    }
    if (answered) {
      const e = this.#netrcFor(url);
      if (e) return `the server refused the user name and password of .netrc line ${e.line} (HTTP 401)`;
    }
    return null;
  }

  isLoginHost(url: URL): boolean {
    return url.origin === this.#opts.loginOrigin;
  }

  async lock(origin: string): Promise<() => void> {
    const before = this.#locks.get(origin) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const chained = before.then(() => mine);
    this.#locks.set(origin, chained);
    await before;
    return () => {
      release();
      if (this.#locks.get(origin) === chained) this.#locks.delete(origin);
    };
  }

  generation(origin: string): number {
    return this.#generations.get(origin) ?? 0;
  }

  loginFailure(origin: string): LoginFailure | null {
    return this.#failures.get(origin) ?? null;
  }

  recordLoginFailure(origin: string, failure: LoginFailure): void {
    this.#failures.set(origin, failure);
  }

  #netrcFor(url: URL): NetrcEntry | null {
    const entries = this.#opts.netrcEntries ?? [];
    const host = url.host.toLowerCase();
    const hostname = url.hostname.toLowerCase();
    return (
      entries.find((e) => e.machine?.toLowerCase() === host) ??
      entries.find((e) => e.machine?.toLowerCase() === hostname) ??
      null
    );
  }
}
