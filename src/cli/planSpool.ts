// I/O: keeps the lines of a dry-run plan in a temporary file while the set is listed, so the totals can be printed
// first (the contract's key order) and 100,000 items never sit in memory.
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class PlanSpool {
  count = 0;
  readonly #dir: string;
  readonly #path: string;
  readonly #out: WriteStream;

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
    if (!this.#out.write(`${line}\n`)) await new Promise<void>((r) => this.#out.once('drain', () => r()));
  }

  /** Hands the lines back in order, in chunks (multi-byte characters are never split). */
  async replay(emit: (text: string) => void): Promise<void> {
    await new Promise<void>((resolve, reject) => this.#out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    for await (const chunk of createReadStream(this.#path, { encoding: 'utf8', highWaterMark: 256 * 1024 }))
      emit(chunk as string);
  }

  async dispose(): Promise<void> {
    this.#out.destroy();
    await rm(this.#dir, { recursive: true, force: true });
  }
}
