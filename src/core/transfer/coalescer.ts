// I/O: gathers one body's socket chunks into a pooled buffer and writes them at their offset in one positional write.
import type { PartFile } from './partFile';

/**
 * TLS hands the body over in 16 KiB records: written one by one, a 1 GiB object costs 65,536 write calls. Gathered
 * into 64 KiB first, that is 16,384. Not larger: the buffer is copied twice (into it, then into the page cache), and
 * while it fits in the core's L2 cache both copies stay cheap. Measured on a 2-core EPYC VM over loopback HTTPS, 4
 * interleaved rounds: 1 GiB in 2.3 s at 64 KiB against 2.5 s at 32 KiB, 2.4–3.2 s at 128 KiB and 3.7–4.2 s at
 * 256 KiB (the size used before, chosen under heavy load); 64 × 16 MiB 25 % faster than at 256 KiB; 2,000 × 256 KiB
 * unchanged. One buffer per body being read, reused from a small pool, so memory stays bounded by the request limit
 * (16 × 64 KiB at most).
 */
export const COALESCE_BYTES = 64 * 1024;
const POOL_MAX = 16;
const pool: Buffer[] = [];

export class Coalescer {
  #buf: Buffer | null = pool.pop() ?? Buffer.allocUnsafe(COALESCE_BYTES);
  #fill = 0;

  constructor(
    private readonly pf: PartFile,
    /** Advanced as bytes land on disk (never for bytes still held here). */
    private readonly cursor: { pos: number },
    private readonly onWritten: (n: number) => void,
  ) {}

  /** Bytes taken but not yet written. */
  get pending(): number {
    return this.#fill;
  }

  /** Takes a chunk (copied: the caller may reuse it); writes whenever the buffer is full. Throws what a write throws. */
  push(chunk: Uint8Array): void {
    const buf = this.#buffer();
    const n = chunk.byteLength;
    if (this.#fill === 0 && n >= COALESCE_BYTES) {
      this.#write(chunk);
      return;
    }
    let off = 0;
    while (off < n) {
      const take = Math.min(n - off, COALESCE_BYTES - this.#fill);
      buf.set(off === 0 && take === n ? chunk : chunk.subarray(off, off + take), this.#fill);
      this.#fill += take;
      off += take;
      if (this.#fill === COALESCE_BYTES) this.flush();
    }
  }

  /** Writes what is held. */
  flush(): void {
    if (this.#fill === 0) return;
    const n = this.#fill;
    this.#write(this.#buffer().subarray(0, n));
    this.#fill = 0;
  }

  /** Returns the buffer to the pool; whatever was not flushed is dropped. */
  release(): void {
    if (this.#buf && pool.length < POOL_MAX) pool.push(this.#buf);
    this.#buf = null;
    this.#fill = 0;
  }

  #write(bytes: Uint8Array): void {
    this.pf.writeAtSync(bytes, this.cursor.pos);
    this.cursor.pos += bytes.byteLength;
    this.onWritten(bytes.byteLength);
  }

  #buffer(): Buffer {
    if (!this.#buf) throw new Error('Coalescer used after release');
    return this.#buf;
  }
}
