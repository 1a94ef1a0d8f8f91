// I/O: keeps the lines of a dry-run plan in a temporary file while the set is listed, so the totals can be printed
// first (the contract's key order) and 100,000 items never sit in memory.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';

/**
 * Lines are gathered into chunks of this many characters before they reach the file, and read back through one
 * buffer of this many bytes. Both stay below V8's large-object threshold (128 KiB): larger strings and one Buffer per
 * line or per chunk are freed only by a full GC, which let a 100,000-line plan grow the process by tens of MiB.
 */
const CHUNK = 64 * 1024;

export class PlanSpool {
  count = 0;
  readonly #dir: string;
  readonly #path: string;
  readonly #out: WriteStream;
  #pending = '';

  private constructor(dir: string) {
    this.#dir = dir;
    this.#path = join(dir, 'plan.txt');
    this.#out = createWriteStream(this.#path, { mode: 0o600 });
  }

  static async create(): Promise<PlanSpool> {
    return new PlanSpool(await mkdtemp(join(tmpdir(), 'cdr-plan-')));
  }

  /** Waits when the disk is slower than the listing, so the queue stays small. */
  async add(line: string): Promise<void> {
    this.count++;
    this.#pending += `${line}\n`;
    if (this.#pending.length >= CHUNK) await this.#flush();
  }

  async #flush(): Promise<void> {
    const text = this.#pending;
    this.#pending = '';
    if (text && !this.#out.write(text)) await new Promise<void>((r) => this.#out.once('drain', () => r()));
  }

  /** Hands the lines back in order, in chunks (multi-byte characters are never split). */
  async replay(emit: (text: string) => void): Promise<void> {
    await this.#flush();
    await new Promise<void>((resolve, reject) => this.#out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    const file = await open(this.#path, 'r');
    try {
      const buf = Buffer.allocUnsafe(CHUNK);
      const decoder = new StringDecoder('utf8');
      for (;;) {
        const { bytesRead } = await file.read(buf, 0, CHUNK, null);
        if (bytesRead === 0) break;
        const text = decoder.write(bytesRead === CHUNK ? buf : buf.subarray(0, bytesRead));
        if (text) emit(text);
      }
      const rest = decoder.end();
      if (rest) emit(rest);
    } finally {
      await file.close();
    }
  }

  async dispose(): Promise<void> {
    this.#out.destroy();
    await rm(this.#dir, { recursive: true, force: true });
  }
}
