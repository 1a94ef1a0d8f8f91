// I/O: a ByteSource over plain HTTP(S): HEAD (or a 1-byte GET) for size and range support, pinned ranged GETs.
import type { IncomingHttpHeaders } from 'node:http';
import { classifyNetworkError, displayUrl, type HttpClient, type RequestOptions } from './httpClient';
import type { S3Signer } from './s3Signer';
import { SourceFault, type ByteSource, type ObjectInfo, type OpenedBody, type Probe } from './source';

function header(h: IncomingHttpHeaders, name: string): string | null {
  const v = h[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

function contentRangeTotal(h: IncomingHttpHeaders): number | null {
  const m = /^bytes \d+-\d+\/(\d+)$/.exec(header(h, 'content-range') ?? '');
  return m ? Number(m[1]) : null;
}

const CHECKSUM_HEADERS = ['crc64nvme', 'crc32c', 'crc32', 'sha256', 'sha1'] as const;

/** x-amz-checksum-* of a whole object (S3 sends them on HEAD with x-amz-checksum-mode: ENABLED); composite ones are skipped. */
function s3Checksum(h: IncomingHttpHeaders): ObjectInfo['checksum'] {
  if ((header(h, 'x-amz-checksum-type') ?? '').toUpperCase() === 'COMPOSITE') return null;
  for (const algorithm of CHECKSUM_HEADERS) {
    const value = header(h, `x-amz-checksum-${algorithm}`);
    if (value && !value.includes('-')) return { algorithm, value };
  }
  return null;
}

export interface HttpSourceOptions {
  /** Shown in messages instead of the URL (e.g. `s3://bucket/key` for anonymous S3 over plain HTTP). */
  readonly label?: string;
  /** Ask for and honour S3 checksum headers (S3 over plain HTTP(S)). */
  readonly s3?: boolean;
  /** SigV4 for every request (signed S3); redirects are then refused. */
  readonly sign?: S3Signer;
  /** Sends x-amz-request-payer (signed requester-pays buckets). */
  readonly requesterPays?: boolean;
}

export class HttpSource implements ByteSource {
  readonly label: string;
  readonly id: string;
  /** Where the last redirect chain ended: later parts go straight there (one hop instead of many). */
  #resolved: URL;

  constructor(
    private readonly client: HttpClient,
    private readonly url: URL,
    private readonly opts: HttpSourceOptions = {},
  ) {
    this.label = opts.label ?? displayUrl(url);
    this.id = opts.label ?? url.href;
    this.#resolved = url;
  }

  /** Every request of this source: signed when it must be, and S3 faults said in S3's words. */
  async #request(url: URL, opts: RequestOptions): Promise<Awaited<ReturnType<HttpClient['request']>>> {
    const headers = { ...(opts.headers ?? {}) };
    if (this.opts.requesterPays) headers['x-amz-request-payer'] = 'requester';
    try {
      return await this.client.request(url, { ...opts, headers, sign: this.opts.sign });
    } catch (e) {
      if (!this.opts.sign || !(e instanceof SourceFault)) throw e;
      const what =
        e.kind === 'login'
          ? `access denied (HTTP ${e.status}): sign in or choose a profile with access, then try again`
          : e.kind === 'changed'
            ? 'changed on the server during the download (HTTP 412)'
            : e.kind === 'not-found'
              ? `not found (HTTP ${e.status})`
              : null;
      if (what === null) throw e;
      throw new SourceFault(`${this.label}: ${what}`, e.kind, e.status, {
        cause: e,
        retryAfterMs: e.retryAfterMs,
        loginUrl: e.kind === 'login' ? this.label : undefined,
      });
    }
  }

  async stat(signal: AbortSignal): Promise<ObjectInfo> {
    let res;
    try {
      res = await this.#request(this.url, {
        method: 'HEAD',
        headers: this.opts.s3 ? { 'x-amz-checksum-mode': 'ENABLED' } : {},
        signal,
      });
    } catch (e) {
      // Some archives refuse HEAD (405/501) or answer it badly; a 1-byte GET tells the same.
      if (
        !(e instanceof SourceFault) ||
        e.kind === 'login' ||
        e.kind === 'not-found' ||
        e.kind === 'cancelled' ||
        e.kind === 'retry'
      )
        throw e;
      return this.#statByGet(signal);
    }
    // An unread response keeps its socket out of the pool; a few of these would starve the part requests.
    res.body.resume();
    this.#resolved = res.url;
    const h = res.headers;
    const length = header(h, 'content-length');
    const encoded = (header(h, 'content-encoding') ?? 'identity') !== 'identity';
    if (length === null || encoded) return this.#statByGet(signal);
    return {
      size: Number(length),
      etag: header(h, 'etag'),
      lastModified: header(h, 'last-modified'),
      // S3 always serves ranges, whether or not it says so.
      acceptRanges: this.opts.s3 === true || /bytes/i.test(header(h, 'accept-ranges') ?? ''),
      checksum: this.opts.s3 ? s3Checksum(h) : null,
    };
  }

  async #statByGet(signal: AbortSignal): Promise<ObjectInfo> {
    const res = await this.#request(this.url, { method: 'GET', headers: { range: 'bytes=0-0' }, signal });
    res.body.destroy();
    this.#resolved = res.url;
    const h = res.headers;
    const total = res.status === 206 ? contentRangeTotal(h) : null;
    const length = header(h, 'content-length');
    return {
      size: total ?? (res.status === 200 && length !== null && !header(h, 'content-encoding') ? Number(length) : null),
      etag: header(h, 'etag'),
      lastModified: header(h, 'last-modified'),
      acceptRanges: total !== null,
      checksum: null,
    };
  }

  async probe(length: number, signal: AbortSignal): Promise<Probe | null> {
    let res;
    try {
      res = await this.#request(this.url, { method: 'GET', headers: { range: `bytes=0-${length - 1}` }, signal });
    } catch (e) {
      // 416: an empty file (no byte 0); a HEAD says that more plainly.
      if (e instanceof SourceFault && e.status === 416) return null;
      throw e;
    }
    this.#resolved = res.url;
    const h = res.headers;
    const body = res.body;
    const opened: OpenedBody = {
      body,
      destroy: () => body.destroy(),
      classify: (e) => classifyNetworkError(e, res.url, signal),
    };
    const base = { etag: header(h, 'etag'), lastModified: header(h, 'last-modified'), checksum: null };
    const encoded = (header(h, 'content-encoding') ?? 'identity') !== 'identity';
    const range = /^bytes 0-(\d+)\/(\d+)$/.exec(header(h, 'content-range') ?? '');
    if (res.status === 206 && range && !encoded) {
      const end = Number(range[1]) + 1;
      return { info: { ...base, size: Number(range[2]), acceptRanges: true }, opened, ranged: true, end };
    }
    const length0 = header(h, 'content-length');
    if (res.status === 200 && !encoded) {
      const size = length0 === null ? null : Number(length0);
      return {
        info: { ...base, size, acceptRanges: false },
        opened,
        ranged: false,
        end: size ?? Number.MAX_SAFE_INTEGER,
      };
    }
    body.destroy();
    return null;
  }

  async open(options: {
    range?: { start: number; end: number };
    etag: string | null;
    signal: AbortSignal;
  }): Promise<OpenedBody> {
    const target = this.#resolved;
    try {
      return await this.#open(target, options);
    } catch (e) {
      // Redirect targets expire (presigned storage URLs): ask the original URL for a fresh one, once. Judged by the
      // target this part used, since parallel parts fail on the same expired URL together.
      if (e instanceof SourceFault && (e.kind === 'login' || e.kind === 'not-found') && target.href !== this.url.href) {
        if (this.#resolved === target) this.#resolved = this.url;
        return this.#open(this.url, options);
      }
      throw e;
    }
  }

  async #open(
    target: URL,
    options: { range?: { start: number; end: number }; etag: string | null; signal: AbortSignal },
  ): Promise<OpenedBody> {
    const headers: Record<string, string> = {};
    if (options.range) headers.range = `bytes=${options.range.start}-${options.range.end}`;
    // If-Match needs a strong ETag; with a weak one the size check and a checksum are what is left.
    if (options.etag && !options.etag.startsWith('W/')) headers['if-match'] = options.etag;
    const res = await this.#request(target, { method: 'GET', headers, signal: options.signal });
    this.#resolved = res.url;
    if (options.range && res.status !== 206) {
      res.body.destroy();
      throw new SourceFault(
        `${this.label}: asked for bytes ${options.range.start}-${options.range.end}, got HTTP ${res.status} without a range`,
        'fatal',
        res.status,
      );
    }
    const body = res.body;
    const url = res.url;
    return { body, destroy: () => body.destroy(), classify: (e) => classifyNetworkError(e, url, options.signal) };
  }
}
