// I/O: one HTTP(S) exchange with manual redirects, so login headers go only to the origins they belong to.
import * as http from 'node:http';
import * as https from 'node:https';
import { redact } from '../util/redact';
import { eulaLink, isPresignedUrl, type HttpSession } from './httpSession';
import type { S3Signer } from './s3Signer';
import { SourceFault, faultKindForStatus, isTransientNetworkError } from './source';

export interface RequestOptions {
  readonly method: 'GET' | 'HEAD';
  readonly headers?: Record<string, string>;
  readonly signal: AbortSignal;
  /**
   * Signs each request (SigV4). A signed request never follows a redirect: its signature and session token belong
   * to the host it was made for, and S3 redirects only to say "wrong region".
   */
  readonly sign?: S3Signer;
}

export type HeadersByOrigin = Readonly<Record<string, Readonly<Record<string, string>>>>;

export interface HttpClientOptions {
  readonly headersByOrigin?: HeadersByOrigin;
  /** Sockets are idle-timed out after this (a stalled server becomes a retryable ETIMEDOUT). */
  readonly idleTimeoutMs?: number;
  readonly maxSockets?: number;
  readonly userAgent?: string;
  /** A login session for the whole batch (cookies, bearer per origin, Basic answered to the login host only). */
  readonly session?: HttpSession;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly url: URL;
  readonly body: http.IncomingMessage;
}

const MAX_REDIRECTS = 10;

/** `https://host/…` → `host`; anything else (or a non-default port) → the full origin. */
function originKeys(url: URL): string[] {
  const keys = [url.origin];
  if (url.protocol === 'https:' && url.port === '') keys.push(url.hostname);
  return keys;
}

/** Shows a URL in messages without query-string secrets (presigned signatures, tokens). */
export function displayUrl(url: URL | string): string {
  const u = typeof url === 'string' ? new URL(url) : url;
  return redact(`${u.origin}${u.pathname}`);
}

export class HttpClient {
  readonly #opts: HttpClientOptions;
  readonly #agents: { http: http.Agent; https: https.Agent };

  constructor(opts: HttpClientOptions = {}) {
    this.#opts = opts;
    const agentOpts = { keepAlive: true, maxSockets: opts.maxSockets ?? 64, scheduling: 'lifo' as const };
    this.#agents = { http: new http.Agent(agentOpts), https: new https.Agent(agentOpts) };
  }

  /** The login headers for exactly this origin (bare-host keys only match https on port 443). */
  loginHeaders(url: URL): Record<string, string> {
    const map = this.#opts.headersByOrigin ?? {};
    for (const k of originKeys(url)) {
      const h = map[k] ?? map[k.toLowerCase()];
      if (h) return { ...h };
    }
    return {};
  }

  /**
   * Sends `method` to `url`, following redirects one hop at a time. Each hop gets the login headers of its own
   * origin only, so a token for the archive never reaches the storage host it redirects to. Statuses ≥ 400 become
   * classified SourceFaults after the body is discarded (an error page is never handed to a file).
   */
  async request(url: URL, opts: RequestOptions): Promise<HttpResponse> {
    const session = opts.sign ? undefined : this.#opts.session;
    let current = url;
    let extra: Record<string, string> = {};
    let answered = false;
    let release: (() => void) | null = null;
    let lockedOrigin = '';
    try {
      for (let hop = 0; hop <= MAX_REDIRECTS + 2; hop++) {
        const generation = session?.generation(current.origin) ?? 0;
        const res = await this.#once(current, opts, extra);
        const status = res.statusCode ?? 0;
        session?.remember(current, res.headers);
        if ((status === 401 || (status === 200 && session?.isLoginHost(current))) && session && !answered) {
          // Basic goes out only in answer to this origin's own challenge (the login host, or a .netrc host); the
          // login host may show its sign-in page to a client it took for a browser, which is answered the same way.
          const answer = session.answerChallenge(current, res.headers['www-authenticate'], status);
          if (answer) {
            res.resume();
            extra = answer;
            answered = true;
            continue;
          }
        }
        extra = {};
        if (status >= 300 && status < 400 && status !== 304 && res.headers.location) {
          res.resume();
          if (opts.sign)
            throw new SourceFault(
              `${displayUrl(current)}: HTTP ${status} redirect, not followed for a signed request`,
              'fatal',
              status,
            );
          const next = new URL(res.headers.location, current);
          if (next.protocol !== 'http:' && next.protocol !== 'https:') {
            throw new SourceFault(
              `${displayUrl(current)} redirects to an unsupported scheme ${next.protocol}`,
              'fatal',
              status,
            );
          }
          answered = false;
          if (session && !release && session.isLoginHost(next) && !session.isLoginHost(current)) {
            // One login per origin per batch: wait for whoever is logging in, then retry with their cookies.
            release = await session.lock(current.origin);
            lockedOrigin = current.origin;
            const failed = session.loginFailure(current.origin);
            if (failed)
              throw new SourceFault(`${displayUrl(url)}: ${failed.message}`, 'login', failed.status, {
                loginUrl: failed.loginUrl,
              });
            if (session.generation(current.origin) !== generation) {
              release();
              release = null;
              continue;
            }
          }
          current = next;
          continue;
        }
        if (status >= 400) throw await this.#fault(current, res, session, answered);
        if (session?.isLoginHost(current) && !session.isLoginHost(url)) {
          // A login page is never the file: the flow stopped at the login host.
          res.resume();
          throw new SourceFault(
            `${displayUrl(url)}: ${session.refusal(current, answered) ?? 'stopped at the login page'}`,
            'login',
            status,
            { loginUrl: displayUrl(url) },
          );
        }
        return { status, headers: res.headers, url: current, body: res };
      }
      throw new SourceFault(`${displayUrl(url)}: more than ${MAX_REDIRECTS} redirects`, 'fatal');
    } catch (e) {
      // The login this request was doing for its origin failed: the batch's other files learn it from the session.
      // (Only when the login host or the origin itself refused, not the storage the flow ended at.)
      if (
        release &&
        session &&
        e instanceof SourceFault &&
        e.kind === 'login' &&
        (session.isLoginHost(current) || current.origin === lockedOrigin) &&
        !session.loginFailure(lockedOrigin)
      )
        session.recordLoginFailure(lockedOrigin, {
          message: e.message.replace(/^\S+: /, ''),
          status: e.status,
          loginUrl: e.loginUrl,
        });
      throw e;
    } finally {
      release?.();
    }
  }

  async #fault(
    current: URL,
    res: http.IncomingMessage,
    session: HttpSession | undefined,
    answered: boolean,
  ): Promise<SourceFault> {
    const status = res.statusCode ?? 0;
    const kind = faultKindForStatus(status);
    const where = displayUrl(current);
    const retryAfter = Number(res.headers['retry-after']);
    let message =
      kind === 'login'
        ? `${where} needs a sign-in (HTTP ${status}): sign in to this archive and try again`
        : kind === 'changed'
          ? `${where} changed on the server during the download (HTTP 412)`
          : `${where}: HTTP ${status} ${res.statusMessage ?? ''}`.trim();
    let loginUrl = kind === 'login' ? where : undefined;
    if (kind === 'login') {
      // A EULA not yet accepted says so in a small body; its link is the one thing the user needs.
      const eula = eulaLink(await readSmallBody(res));
      if (eula) {
        message = `${where}: a EULA must be accepted first (HTTP ${status})${eula.link ? `: accept it at ${eula.link}` : ''}${eula.description ? ` (${eula.description})` : ''}, then try again`;
        if (eula.link) loginUrl = eula.link;
      } else {
        const refusal = status === 401 ? session?.refusal(current, answered) : null;
        if (refusal) message = `${where}: ${refusal}`;
      }
    } else if (kind === 'fatal' && status < 500) {
      // S3 says why in XML (ExpiredToken, "Only one auth mechanism allowed", …): worth one line in the message.
      const xml = await readSmallBody(res);
      const code = /<Code>([^<]{1,80})<\/Code>/.exec(xml)?.[1];
      const detail = /<Message>([^<]{1,300})<\/Message>/.exec(xml)?.[1];
      if (code) message = `${where}: HTTP ${status} ${code}${detail ? `: ${detail}` : ''}`;
    } else res.resume();
    return new SourceFault(message, kind, status, {
      retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
      loginUrl,
    });
  }

  destroy(): void {
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }

  async #once(url: URL, opts: RequestOptions, extra: Record<string, string> = {}): Promise<http.IncomingMessage> {
    const isHttps = url.protocol === 'https:';
    let headers: Record<string, string> = {
      'accept-encoding': 'identity',
      'user-agent': this.#opts.userAgent ?? 'cloud-data-router',
      ...(opts.headers ?? {}),
      ...this.loginHeaders(url),
      ...(opts.sign ? {} : (this.#opts.session?.headersFor(url) ?? {})),
      ...extra,
    };
    // A presigned URL carries its own authentication: S3 refuses a second one ("Only one auth mechanism allowed").
    if (isPresignedUrl(url)) headers = withoutAuthorization(headers);
    if (opts.sign) headers = await opts.sign(opts.method, url, headers);
    return new Promise((resolve, reject) => {
      const req = (isHttps ? https : http).request(url, {
        method: opts.method,
        headers,
        agent: isHttps ? this.#agents.https : this.#agents.http,
        signal: opts.signal,
        timeout: this.#opts.idleTimeoutMs ?? 60_000,
      });
      req.on('timeout', () =>
        req.destroy(
          Object.assign(new Error(`no data from ${displayUrl(url)} for ${this.#opts.idleTimeoutMs ?? 60_000} ms`), {
            code: 'ETIMEDOUT',
          }),
        ),
      );
      req.on('response', resolve);
      req.on('error', (e) => reject(classifyNetworkError(e, url, opts.signal)));
      req.end();
    });
  }
}

function withoutAuthorization(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).filter(([k]) => k.toLowerCase() !== 'authorization'));
}

/** Up to 16 KiB of an error body (enough for a EULA message); the rest is discarded. */
async function readSmallBody(res: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  try {
    for await (const c of res) {
      chunks.push(c as Buffer);
      n += (c as Buffer).length;
      if (n >= 16 * 1024) break;
    }
  } catch {
    // a broken error body is no reason to hide the status
  }
  res.destroy();
  return Buffer.concat(chunks)
    .toString('utf8')
    .slice(0, 16 * 1024);
}

export function classifyNetworkError(e: unknown, url: URL, signal?: AbortSignal): SourceFault {
  if (e instanceof SourceFault) return e;
  if (signal?.aborted) return new SourceFault('cancelled', 'cancelled', undefined, { cause: e });
  const code = (e as { code?: string }).code;
  const detail = code ?? (e instanceof Error ? e.message : String(e));
  return new SourceFault(`${displayUrl(url)}: ${detail}`, isTransientNetworkError(e) ? 'retry' : 'fatal', undefined, {
    cause: e,
  });
}
