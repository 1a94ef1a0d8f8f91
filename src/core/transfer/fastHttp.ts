// I/O: a minimal HTTP/1.1 GET over plain TCP whose body goes from the socket straight into a ring buffer and from
// there to positional file writes — no parser copy, no per-chunk Buffer, no stream machinery in between.
//
// Why: profiling `cdr get` of 1 GiB from a local server (2 cores) showed the main thread spending ~10 % in the
// http module's body copy (llhttp hands every chunk to JS as a fresh copy), ~5 % in malloc/free of those chunks and
// more in Readable/async-iterator bookkeeping, next to the kernel's own recv copy. Here `net.Socket`'s `onread`
// option makes every read land in the ring at the offset where it belongs; writes take whole ring spans.
//
// Scope: plain `http:` GETs whose answer has a Content-Length (S3, nginx, most archives). Anything else — https,
// chunked or unsized bodies, a redirect — goes through the node:http path in HttpClient, which stays the reference.
import * as net from 'node:net';
import type { IncomingHttpHeaders } from 'node:http';
import type { BodySink as FastSink } from './source';

/** Longest response head accepted (S3 heads are ~1 KiB). */
const HEAD_MAX = 32 * 1024;
/** Ring per body: bytes that arrived but are not yet on disk. Two in-flight-write spans' worth keeps the socket busy. */
const RING_BYTES = 2 * 1024 * 1024;
/**
 * Largest single read asked of the kernel. Measured (1 GiB, 2 cores): 256 KiB reads made the writes that follow
 * them ~2x as expensive in the kernel (system time 1.6-1.8 s instead of 0.8-0.9 s; the written spans are no longer
 * in cache), and the whole download ~50 % slower; 64 KiB reads with 256 KiB writes were the fastest setting tried.
 */
const READ_MAX = 64 * 1024;
/** A write waits for at least this much (fewer thread-pool round trips) unless the body has ended. */
const WRITE_MIN = 256 * 1024;
/** Reading pauses when less than this is free in the ring (the socket then backs up: constant memory). */
const SPARE_BYTES = 64 * 1024;
/** Idle connections kept per origin. */
const IDLE_PER_ORIGIN = 32;
/** Rings kept for reuse across bodies (each RING_BYTES). */
const RINGS_KEPT = 16;

const rings: Buffer[] = [];
function takeRing(): Buffer {
  return rings.pop() ?? Buffer.allocUnsafeSlow(RING_BYTES);
}
function giveRing(b: Buffer): void {
  if (rings.length < RINGS_KEPT) rings.push(b);
}

export interface FastHead {
  readonly status: number;
  readonly statusMessage: string;
  readonly headers: IncomingHttpHeaders;
}


function connError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

interface Consumer {
  region(): Uint8Array;
  data(n: number, buf: Uint8Array): boolean;
  closed(err: Error): void;
}

/** One keep-alive TCP connection; reads go wherever the current consumer says. */
class Conn {
  readonly socket: net.Socket;
  consumer: Consumer | null = null;
  reusable = true;
  dead: Error | null = null;
  /** Armed while no exchange owns the connection (and for the first read of the next one, which is copied). */
  readonly #idleBuf = Buffer.allocUnsafeSlow(1024);

  constructor(
    readonly key: string,
    host: string,
    port: number,
    private readonly onIdleClose: (c: Conn) => void,
  ) {
    this.socket = net.connect({
      host,
      port,
      noDelay: true,
      onread: {
        buffer: () => (this.consumer ? this.consumer.region() : this.#idleBuf),
        callback: (n: number, buf: Uint8Array) => {
          if (this.consumer) return this.consumer.data(n, buf);
          // Bytes on an idle keep-alive connection: the server is confused; never reuse it.
          this.kill(connError('unexpected data on an idle connection', 'ECONNRESET'));
          return false;
        },
      },
    });
    const onGone = (err?: Error) => {
      const e = err ?? connError('the server closed the connection', 'ECONNRESET');
      this.dead ??= e;
      this.reusable = false;
      const c = this.consumer;
      this.consumer = null;
      if (c) c.closed(e);
      else this.onIdleClose(this);
    };
    this.socket.on('error', onGone);
    this.socket.on('end', () => {
      onGone();
      this.socket.destroy();
    });
    this.socket.on('close', () => onGone());
    this.socket.on('timeout', () => this.kill(connError(`no data for ${this.socket.timeout} ms`, 'ETIMEDOUT')));
  }

  kill(err: Error): void {
    this.reusable = false;
    this.socket.destroy(err);
  }
}

export class FastHttp {
  readonly #idle = new Map<string, Conn[]>();
  readonly #idleTimeoutMs: number;
  #destroyed = false;

  constructor(opts: { idleTimeoutMs: number }) {
    this.#idleTimeoutMs = opts.idleTimeoutMs;
  }

  destroy(): void {
    this.#destroyed = true;
    for (const list of this.#idle.values()) for (const c of list) c.socket.destroy();
    this.#idle.clear();
  }

  /**
   * Sends a GET and resolves with the response head and a body that can be copied to a file. A connection reused
   * from the pool that turns out to be closed before any byte of the answer is replaced by a fresh one, once.
   */
  async get(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<{ head: FastHead; body: FastBody }> {
    if (url.protocol !== 'http:') throw new Error('FastHttp serves plain http only');
    const key = `${url.hostname}:${url.port || '80'}`;
    const reused = this.#take(key);
    try {
      return await this.#exchange(reused ?? this.#connect(url, key), url, headers, signal);
    } catch (e) {
      if (reused && (e as { beforeAnswer?: boolean }).beforeAnswer && !signal.aborted) return this.#exchange(this.#connect(url, key), url, headers, signal);
      throw e;
    }
  }

  #connect(url: URL, key: string): Conn {
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    return new Conn(key, host, Number(url.port || 80), (c) => this.#drop(c));
  }

  #take(key: string): Conn | null {
    const list = this.#idle.get(key);
    while (list && list.length > 0) {
      const c = list.pop() as Conn;
      if (!c.dead && c.reusable && !c.socket.destroyed) {
        c.socket.ref();
        return c;
      }
    }
    return null;
  }

  #drop(c: Conn): void {
    const list = this.#idle.get(c.key);
    const i = list ? list.indexOf(c) : -1;
    if (list && i >= 0) list.splice(i, 1);
  }

  #release(c: Conn): void {
    c.consumer = null;
    if (this.#destroyed || !c.reusable || c.dead || c.socket.destroyed) {
      c.socket.destroy();
      return;
    }
    const list = this.#idle.get(c.key) ?? [];
    if (list.length >= IDLE_PER_ORIGIN) {
      c.socket.destroy();
      return;
    }
    c.socket.setTimeout(0);
    c.socket.unref();
    if (c.socket.isPaused()) c.socket.resume();
    list.push(c);
    this.#idle.set(c.key, list);
  }

  #exchange(c: Conn, url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<{ head: FastHead; body: FastBody }> {
    let text = `GET ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`;
    for (const [k, v] of Object.entries(headers)) {
      if (/[\r\n]/.test(k) || /[\r\n]/.test(String(v))) throw new Error(`header ${k} has a line break`);
      text += `${k}: ${v}\r\n`;
    }
    text += '\r\n';
    c.socket.setTimeout(this.#idleTimeoutMs);
    return new Promise((resolve, reject) => {
      const headBuf = Buffer.allocUnsafeSlow(HEAD_MAX);
      let headLen = 0;
      let settled = false;
      const onAbort = () => c.kill(Object.assign(new Error('aborted'), { name: 'AbortError', code: 'ABORT_ERR' }));
      if (signal.aborted) {
        c.kill(new Error('aborted'));
        reject(signal.reason);
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      const fail = (e: Error) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        c.consumer = null;
        c.kill(e);
        reject(Object.assign(e, { beforeAnswer: headLen === 0 }));
      };
      c.consumer = {
        region: () => headBuf.subarray(headLen),
        closed: (e) => fail(e),
        data: (n, buf) => {
          if (buf.buffer !== headBuf.buffer) {
            // The read went to the buffer armed before this exchange took the connection.
            if (headLen + n > HEAD_MAX) {
              fail(connError(`response head longer than ${HEAD_MAX} bytes`, 'EPROTO'));
              return false;
            }
            headBuf.set(buf.subarray(0, n), headLen);
          }
          const from = Math.max(0, headLen - 3);
          headLen += n;
          const endAt = headBuf.subarray(0, headLen).indexOf('\r\n\r\n', from, 'latin1');
          if (endAt < 0) {
            if (headLen >= HEAD_MAX) fail(connError(`response head longer than ${HEAD_MAX} bytes`, 'EPROTO'));
            return true;
          }
          let head: FastHead;
          try {
            head = parseHead(headBuf.toString('latin1', 0, endAt));
          } catch (e) {
            fail(e as Error);
            return false;
          }
          settled = true;
          const extra = headBuf.subarray(endAt + 4, headLen);
          const body = new FastBody(c, head, extra, signal, onAbort, (conn) => this.#release(conn));
          resolve({ head, body });
          return body.accepting();
        },
      };
      c.socket.write(text, 'latin1');
    });
  }
}

function parseHead(text: string): FastHead {
  const lines = text.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!m) throw connError(`not an HTTP/1.1 response: ${JSON.stringify((lines[0] ?? '').slice(0, 80))}`, 'EPROTO');
  const headers = Object.create(null) as Record<string, string>;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const colon = line.indexOf(':');
    if (colon <= 0) throw connError(`bad response header line ${JSON.stringify(line.slice(0, 80))}`, 'EPROTO');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { status: Number(m[1]), statusMessage: m[2] ?? '', headers };
}

/**
 * A response body of known length. Until `copyTo` is called (or `discard`), arriving bytes wait in the ring and the
 * socket pauses when it is full. The connection goes back to the pool the moment the last byte is read, before
 * the writes finish.
 */
export class FastBody {
  /** Content-Length, or null when the body cannot be handled here (chunked, unsized, no-body statuses). */
  readonly length: number | null;
  #ring: Buffer | null = null;
  readonly #spare = Buffer.allocUnsafeSlow(SPARE_BYTES);
  #got = 0;
  #written = 0;
  #inflight = false;
  #paused = false;
  #error: Error | null = null;
  #conn: Conn | null;
  #sink: FastSink | null = null;
  #done: { resolve: () => void; reject: (e: unknown) => void } | null = null;

  constructor(
    conn: Conn,
    head: FastHead,
    extra: Uint8Array,
    private readonly signal: AbortSignal,
    private readonly onAbort: () => void,
    private readonly release: (c: Conn) => void,
  ) {
    this.#conn = conn;
    const te = String(head.headers['transfer-encoding'] ?? '');
    const cl = head.headers['content-length'];
    const noBody = head.status === 204 || head.status === 304 || (head.status >= 100 && head.status < 200);
    this.length = !te && typeof cl === 'string' && /^\d+$/.test(cl) && !noBody ? Number(cl) : null;
    if (/close/i.test(String(head.headers.connection ?? ''))) conn.reusable = false;
    if (this.length === null || extra.byteLength > this.length) {
      // Not ours to parse: the caller closes this connection and asks again through node:http.
      conn.reusable = false;
      this.#conn = null;
      conn.consumer = null;
      signal.removeEventListener('abort', onAbort);
      conn.kill(connError('handed back to node:http', 'ECONNRESET'));
      return;
    }
    this.#ring = takeRing();
    if (extra.byteLength > 0) {
      this.#ring.set(extra, 0);
      this.#got = extra.byteLength;
    }
    conn.consumer = {
      region: () => this.#region(),
      data: (n, buf) => this.#data(n, buf),
      closed: (e) => this.#closed(e),
    };
    this.#checkComplete();
  }

  /** Whether the socket should keep reading right now. */
  accepting(): boolean {
    if (this.#conn === null) return true;
    return this.#free() >= SPARE_BYTES;
  }

  /** node:http-like names for `discard`, so callers can drop either kind of body the same way. */
  destroy(): void {
    this.discard();
  }

  resume(): void {
    this.discard();
  }

  /** Drops the body and its connection (an error answer, or an early stop). */
  discard(): void {
    const c = this.#conn;
    this.#detach();
    if (c) c.kill(connError('body discarded', 'ECONNRESET'));
    this.#error ??= connError('body discarded', 'ECONNRESET');
    this.#giveBack();
  }

  /**
   * Copies the body to `sink`, resolving once every byte is on disk. On a dropped connection, the bytes that did
   * arrive are written first, then it rejects (ECONNRESET-like, so the caller can resume after them).
   */
  copyTo(sink: FastSink): Promise<void> {
    if (this.length === null) return Promise.reject(new Error('no sized body'));
    this.#sink = sink;
    const p = new Promise<void>((resolve, reject) => {
      this.#done = { resolve, reject };
    });
    this.#pump();
    return p;
  }

  #free(): number {
    return RING_BYTES - (this.#got - this.#written);
  }

  #region(): Uint8Array {
    const ring = this.#ring as Buffer;
    const left = (this.length as number) - this.#got;
    const free = this.#free();
    if (left <= 0 || free < SPARE_BYTES) return this.#spare;
    const at = this.#got % RING_BYTES;
    const len = Math.min(RING_BYTES - at, free, READ_MAX, left);
    return ring.subarray(at, at + len);
  }

  #data(n: number, buf: Uint8Array): boolean {
    const ring = this.#ring as Buffer;
    if (this.#got + n > (this.length as number)) {
      // Only the spare can overshoot (regions are cut at the body's end): more bytes than the head announced.
      this.#closed(connError('the server sent more bytes than its Content-Length', 'EPROTO'));
      return false;
    }
    if (buf.buffer !== ring.buffer) {
      // A read into another buffer (the spare, after a resume; or one armed before this body took the connection):
      // copy it in, wrapping if needed.
      const at = this.#got % RING_BYTES;
      const first = Math.min(n, RING_BYTES - at);
      ring.set(buf.subarray(0, first), at);
      if (first < n) ring.set(buf.subarray(first, n), 0);
    }
    this.#got += n;
    this.#checkComplete();
    this.#pump();
    if (this.#conn !== null && this.#free() < SPARE_BYTES) {
      this.#paused = true;
      return false;
    }
    return true;
  }

  #checkComplete(): void {
    if (this.#conn !== null && this.#got === this.length) {
      const c = this.#conn;
      this.#detach();
      this.release(c);
    }
  }

  #detach(): void {
    if (this.#conn) this.#conn.consumer = null;
    this.#conn = null;
    this.signal.removeEventListener('abort', this.onAbort);
  }

  #closed(e: Error): void {
    if (this.#conn === null) return;
    const c = this.#conn;
    this.#detach();
    c.kill(e);
    this.#error ??= e;
    this.#pump();
  }

  #pump(): void {
    if (this.#sink === null || this.#inflight) return;
    const pending = this.#got - this.#written;
    const ended = this.#conn === null;
    if (pending > 0 && (pending >= WRITE_MIN || ended)) {
      this.#writeSpan(pending);
      return;
    }
    if (ended && pending === 0) this.#finish();
  }

  #writeSpan(n: number): void {
    const ring = this.#ring as Buffer;
    const sink = this.#sink as FastSink;
    const at = this.#written % RING_BYTES;
    const first = Math.min(n, RING_BYTES - at);
    const chunks = first < n ? [ring.subarray(at, at + first), ring.subarray(0, n - first)] : [ring.subarray(at, at + n)];
    this.#inflight = true;
    sink.write(chunks, sink.position + this.#written).then(
      () => {
        this.#inflight = false;
        this.#written += n;
        sink.written(n);
        if (this.#paused && this.#conn !== null && this.#free() >= SPARE_BYTES) {
          this.#paused = false;
          this.#conn.socket.resume();
        }
        this.#pump();
      },
      (e: unknown) => {
        this.#inflight = false;
        const c = this.#conn;
        this.#detach();
        if (c) c.kill(connError('write failed', 'ECONNRESET'));
        this.#settle(e);
      },
    );
  }

  #finish(): void {
    this.#settle(this.#error);
  }

  #settle(e: unknown): void {
    const d = this.#done;
    this.#done = null;
    this.#giveBack();
    if (!d) return;
    if (e) d.reject(e);
    else d.resolve();
  }

  #giveBack(): void {
    if (this.#ring && !this.#inflight) {
      giveRing(this.#ring);
      this.#ring = null;
    }
  }
}
