// I/O: one bounded HTTP request for core's metadata and credential endpoints (IMDS, ECS task metadata, container
// credentials): a hard whole-request deadline, no retries, no keep-alive, small bodies only.
import http from 'node:http';
import https from 'node:https';

export type HttpFailureKind = 'timeout' | 'refused' | 'network' | 'too-large' | 'bad-url';

export class HttpFailure extends Error {
  constructor(
    readonly kind: HttpFailureKind,
    message: string,
  ) {
    super(message);
    this.name = 'HttpFailure';
  }
}

export interface HttpRequest {
  readonly url: string;
  readonly method?: 'GET' | 'PUT';
  readonly headers?: Readonly<Record<string, string>>;
  /** Whole-request bound (connect + headers + body); the socket is destroyed when it passes. */
  readonly timeoutMs: number;
  readonly maxBytes?: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
}

export function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      reject(new HttpFailure('bad-url', `not a URL: ${req.url}`));
      return;
    }
    if (req.timeoutMs <= 0) {
      reject(new HttpFailure('timeout', 'no time left'));
      return;
    }
    const mod = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
    if (!mod) {
      reject(new HttpFailure('bad-url', `not an http(s) URL: ${req.url}`));
      return;
    }
    const max = req.maxBytes ?? 256 * 1024;
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    // agent:false: a lingering keep-alive socket would hold the process (and the CLI) open afterwards.
    const r = mod.request(url, { method: req.method ?? 'GET', headers: req.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > max) {
          finish(() => reject(new HttpFailure('too-large', `answer larger than ${max} bytes`)));
          r.destroy();
          return;
        }
        chunks.push(c);
      });
      res.on('end', () =>
        finish(() => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })),
      );
      res.on('error', (e) => finish(() => reject(new HttpFailure('network', e.message))));
    });
    const timer = setTimeout(() => {
      finish(() => reject(new HttpFailure('timeout', `no answer within ${req.timeoutMs} ms`)));
      r.destroy();
    }, req.timeoutMs);
    r.on('error', (e: NodeJS.ErrnoException) => {
      const kind: HttpFailureKind = e.code === 'ECONNREFUSED' ? 'refused' : 'network';
      finish(() =>
        reject(new HttpFailure(kind, kind === 'refused' ? 'connection refused' : `${e.code ?? 'error'}: ${e.message}`)),
      );
    });
    r.end();
  });
}

export function failureText(e: unknown): string {
  return e instanceof HttpFailure ? e.message : e instanceof Error ? e.message : String(e);
}
