// I/O (test support): a small S3-like HTTP server on 127.0.0.1 with scripted faults. s3rver cannot do these: it
// ignores If-Match (no 412 when an object is replaced), stores no x-amz-checksum-*, and cannot drop a connection
// mid-body, send a short body, answer 503 SlowDown on demand, redirect, or demand a login header.
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StoredObject {
  data: Buffer;
  etag: string;
  /** Extra response headers for HEAD/GET (e.g. x-amz-checksum-crc32). */
  headers?: Record<string, string>;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
}

export type FaultAction =
  /** Send the headers and this many body bytes, then destroy the socket. */
  | { readonly kind: 'reset-after'; readonly bytes: number }
  /** Send this many body bytes and end the response cleanly (Content-Length promised more). */
  | { readonly kind: 'truncate'; readonly bytes: number }
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly body?: string;
      readonly headers?: Record<string, string>;
    }
  /** Replace the object's bytes (new ETag) before answering this request normally. */
  | { readonly kind: 'replace'; readonly data: Buffer }
  /** Send the headers and this many body bytes, then the rest once `until` settles (a body still streaming). */
  | { readonly kind: 'hold-after'; readonly bytes: number; readonly until: Promise<void> };

export interface Fault {
  /** Which requests it hits; default every GET with a body. */
  readonly match?: (r: RecordedRequest) => boolean;
  readonly action: FaultAction;
  /** How many times it fires (default 1). */
  times?: number;
}

export interface FaultServerOptions {
  /** Login headers required per path: path → exact Authorization value. */
  readonly requireAuth?: Record<string, string>;
  /** path → absolute or relative Location (302). */
  readonly redirects?: Record<string, string>;
  /** Pretend ranges are unsupported (no Accept-Ranges, Range ignored). */
  readonly noRanges?: boolean;
  /** Throttle bodies to about this many bytes per second (kill-and-resume tests). */
  readonly bytesPerSecond?: number;
}

export function etagOf(data: Buffer): string {
  return `"${createHash('md5').update(data).digest('hex')}"`;
}

export class FaultServer {
  readonly objects = new Map<string, StoredObject>();
  readonly requests: RecordedRequest[] = [];
  readonly faults: Fault[] = [];
  /** Most requests in flight at once (the global concurrency limit test reads it). */
  maxInFlight = 0;
  /** Body throttle, changeable while running (slow while a child is killed, fast for the resume). */
  bytesPerSecond: number | undefined;
  #inFlight = 0;
  readonly #server: http.Server;
  readonly #opts: FaultServerOptions;
  #port = 0;

  constructor(opts: FaultServerOptions = {}) {
    this.#opts = opts;
    this.bytesPerSecond = opts.bytesPerSecond;
    this.#server = http.createServer((req, res) => this.#handle(req, res));
  }

  get origin(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  url(path: string): string {
    return `${this.origin}${path}`;
  }

  put(path: string, data: Buffer, headers?: Record<string, string>): StoredObject {
    const o = { data, etag: etagOf(data), headers };
    this.objects.set(path, o);
    return o;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Requests (GET only by default) for a path, to count retries. */
  gets(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === 'GET' && r.path === path);
  }

  #takeFault(r: RecordedRequest): FaultAction | null {
    for (const f of this.faults) {
      const hits = f.match ? f.match(r) : r.method === 'GET';
      if (hits && (f.times ?? 1) > 0) {
        f.times = (f.times ?? 1) - 1;
        return f.action;
      }
    }
    return null;
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const rec: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers };
    this.requests.push(rec);
    this.#inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.#inFlight);
    res.on('close', () => this.#inFlight--);
    const redirect = this.#opts.redirects?.[path];
    if (redirect) {
      res.writeHead(302, { location: redirect, 'content-length': 0 }).end();
      return;
    }
    const auth = this.#opts.requireAuth?.[path];
    if (auth !== undefined && req.headers.authorization !== auth) {
      // An HTML error page, as archives send: it must never end up saved as the data file.
      res.writeHead(401, { 'content-type': 'text/html' }).end('<html>please log in</html>');
      return;
    }
    const fault = this.#takeFault(rec);
    if (fault?.kind === 'status') {
      res
        .writeHead(fault.status, { 'content-type': 'application/xml', ...(fault.headers ?? {}) })
        .end(fault.body ?? '<Error><Code>SlowDown</Code></Error>');
      return;
    }
    if (fault?.kind === 'replace') {
      const o = this.objects.get(path);
      if (o) this.put(path, fault.data, o.headers);
    }
    const obj = this.objects.get(path);
    if (!obj) {
      res.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
      return;
    }
    const ifMatch = req.headers['if-match'];
    if (ifMatch && ifMatch !== obj.etag && ifMatch !== '*') {
      res.writeHead(412, { 'content-type': 'application/xml' }).end('<Error><Code>PreconditionFailed</Code></Error>');
      return;
    }
    const size = obj.data.length;
    let start = 0;
    let end = size - 1;
    let status = 200;
    const range = this.#opts.noRanges ? undefined : req.headers.range;
    const m = range ? /^bytes=(\d+)-(\d*)$/.exec(range) : null;
    if (m) {
      start = Number(m[1]);
      end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
      if (start >= size) {
        res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
        return;
      }
      status = 206;
    }
    const headers: Record<string, string | number> = {
      'content-length': end - start + 1,
      etag: obj.etag,
      'last-modified': 'Wed, 01 Jan 2025 00:00:00 GMT',
      'content-type': 'application/octet-stream',
      ...(obj.headers ?? {}),
    };
    if (!this.#opts.noRanges) headers['accept-ranges'] = 'bytes';
    if (status === 206) headers['content-range'] = `bytes ${start}-${end}/${size}`;
    res.writeHead(status, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const body = obj.data.subarray(start, end + 1);
    if (fault?.kind === 'reset-after') {
      res.write(body.subarray(0, fault.bytes), () => setTimeout(() => res.socket?.destroy(), 5));
      return;
    }
    if (fault?.kind === 'truncate') {
      // Ending early on a keep-alive response would desync the connection; close it as a real short body does.
      res.write(body.subarray(0, fault.bytes), () => res.socket?.end());
      return;
    }
    if (fault?.kind === 'hold-after') {
      res.write(body.subarray(0, fault.bytes));
      void fault.until.then(() => this.#send(res, body.subarray(fault.bytes)));
      return;
    }
    this.#send(res, body);
  }

  #send(res: http.ServerResponse, body: Buffer): void {
    const bps = this.bytesPerSecond;
    if (!bps) {
      res.end(body);
      return;
    }
    let at = 0;
    const tick = () => {
      if (res.destroyed) return;
      const chunk = Math.max(1, Math.floor((this.bytesPerSecond ?? 1 << 30) / 20));
      const piece = body.subarray(at, at + chunk);
      at += piece.length;
      if (at >= body.length) res.end(piece);
      else res.write(piece, () => setTimeout(tick, 50));
    };
    tick();
  }
}
