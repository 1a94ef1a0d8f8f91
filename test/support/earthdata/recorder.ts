// Pure (test support): what every stand-in records about each request it got, so tests can say where credentials went.
import type { IncomingMessage } from 'node:http';

export interface RecordedRequest {
  /** Which stand-in answered: `edl`, `tea`, `cumulus`, `s3`, `archive`. */
  readonly server: string;
  readonly method: string;
  /** Path and query as received. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export function record(log: RecordedRequest[], server: string, req: IncomingMessage): void {
  log.push({ server, method: req.method ?? 'GET', url: req.url ?? '/', headers: { ...req.headers } });
}

/** A clock the stand-ins and the client can share, so a test can move time instead of waiting for it. */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export function testClock(start = Date.now()): TestClock {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}
