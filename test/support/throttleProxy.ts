// I/O (test support): an HTTP proxy in front of a real server (s3rver) that counts GETs and bytes served per path
// and slows the paths a test names (one shared rate per path), so a shard can be caught while it runs.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PathStats {
  gets: number;
  bytesServed: number;
}

export class ThrottleProxy {
  readonly stats = new Map<string, PathStats>();
  #server: http.Server | null = null;
  #chains = new Map<string, Promise<void>>();
  readonly #agent = new http.Agent({ keepAlive: true });

  constructor(
    private readonly target: string,
    private readonly slow: { readonly match: RegExp; readonly bytesPerSecond: number } | null = null,
  ) {}

  get origin(): string {
    const a = this.#server?.address() as AddressInfo;
    return `http://127.0.0.1:${a.port}`;
  }

  stat(path: string): PathStats {
    let s = this.stats.get(path);
    if (!s) this.stats.set(path, (s = { gets: 0, bytesServed: 0 }));
    return s;
  }

  async start(): Promise<this> {
    this.#server = http.createServer((req, res) => {
      const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
      const slow = this.slow && this.slow.match.test(path) ? this.slow : null;
      if (req.method === 'GET') this.stat(path).gets++;
      const up = http.request(
        `${this.target}${req.url ?? '/'}`,
        { method: req.method, headers: { ...req.headers, host: new URL(this.target).host }, agent: this.#agent },
        async (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          res.on('close', () => upRes.destroy());
          try {
            for await (const chunk of upRes as AsyncIterable<Buffer>) {
              for (let i = 0; i < chunk.length; i += 16 * 1024) {
                const piece = chunk.subarray(i, i + 16 * 1024);
                if (slow) {
                  // One rate per path, shared by its parallel ranged GETs.
                  const next = (this.#chains.get(path) ?? Promise.resolve()).then(() =>
                    sleep((piece.length / slow.bytesPerSecond) * 1000),
                  );
                  this.#chains.set(path, next);
                  await next;
                }
                if (res.destroyed) return;
                res.write(piece);
                if (req.method === 'GET') this.stat(path).bytesServed += piece.length;
              }
            }
            res.end();
          } catch {
            res.destroy();
          }
        },
      );
      up.on('error', () => res.destroy());
      req.pipe(up);
    });
    await new Promise<void>((r) => this.#server!.listen(0, '127.0.0.1', r));
    return this;
  }

  async stop(): Promise<void> {
    this.#agent.destroy();
    this.#server?.closeAllConnections();
    await new Promise<void>((r) => (this.#server ? this.#server.close(() => r()) : r()));
  }
}
