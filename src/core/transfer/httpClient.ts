// I/O: one HTTP(S) exchange with manual redirects, so login headers go only to the origins they belong to.
import * as http from 'node:http';
import * as https from 'node:https';
import { redact } from '../util/redact';
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
    let current = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const res = await this.#once(current, opts);
      const status = res.statusCode ?? 0;
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
        current = next;
        continue;
      }
      if (status >= 400) {
        res.resume();
        const kind = faultKindForStatus(status);
        const retryAfter = Number(res.headers['retry-after']);
        const where = displayUrl(current);
        const message =
          kind === 'login'
            ? `${where} needs a sign-in (HTTP ${status}): sign in to this archive and try again`
            : kind === 'changed'
              ? `${where} changed on the server during the download (HTTP 412)`
              : `${where}: HTTP ${status} ${res.statusMessage ?? ''}`.trim();
        throw new SourceFault(message, kind, status, {
          retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined,
          loginUrl: kind === 'login' ? where : undefined,
        });
      }
      return { status, headers: res.headers, url: current, body: res };
    }
    throw new SourceFault(`${displayUrl(url)}: more than ${MAX_REDIRECTS} redirects`, 'fatal');
  }

  destroy(): void {
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }

  async #once(url: URL, opts: RequestOptions): Promise<http.IncomingMessage> {
    const isHttps = url.protocol === 'https:';
    let headers: Record<string, string> = {
      'accept-encoding': 'identity',
      'user-agent': this.#opts.userAgent ?? 'cloud-data-router',
      ...(opts.headers ?? {}),
      ...this.loginHeaders(url),
    };
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

export function classifyNetworkError(e: unknown, url: URL, signal?: AbortSignal): SourceFault {
  if (e instanceof SourceFault) return e;
  if (signal?.aborted) return new SourceFault('cancelled', 'cancelled', undefined, { cause: e });
  const code = (e as { code?: string }).code;
  const detail = code ?? (e instanceof Error ? e.message : String(e));
  return new SourceFault(`${displayUrl(url)}: ${detail}`, isTransientNetworkError(e) ? 'retry' : 'fatal', undefined, {
    cause: e,
  });
}
