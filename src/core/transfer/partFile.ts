// I/O: the `<final>.part` file and its `<final>.part.json` resume sidecar; positional writes, atomic rename.
import { constants, existsSync, fstatSync, ftruncate, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { MetadataCalls } from './metadataCalls';

const ftruncateAsync = promisify(ftruncate);

export interface Sidecar {
  readonly version: 1;
  readonly source: string;
  readonly etag: string | null;
  readonly size: number;
  readonly lastModified: string | null;
  /** Completed byte ranges, [start, end) and merged; everything else is fetched again. */
  readonly done: Array<[number, number]>;
}

export function partPaths(finalPath: string): { part: string; sidecar: string } {
  return { part: `${finalPath}.part`, sidecar: `${finalPath}.part.json` };
}

export async function readSidecar(path: string): Promise<Sidecar | null> {
  // The usual answer is "none": say it without a failed read (and its error object) per file.
  if (!existsSync(path)) return null;
  try {
    const s = JSON.parse(await readFile(path, 'utf8')) as Sidecar;
    if (s.version !== 1 || typeof s.size !== 'number' || !Array.isArray(s.done)) return null;
    return s;
  } catch {
    // Missing or half-written (killed mid-write): start over rather than trust it.
    return null;
  }
}

/** Write-then-rename, so a kill at any moment leaves either the old or the new sidecar, never a torn one. */
export async function writeSidecar(path: string, s: Sidecar): Promise<void> {
  const tmp = `${path}.tmp`;
  await writeFile(tmp, JSON.stringify(s));
  await rename(tmp, path);
}

export async function removePartFiles(finalPath: string): Promise<void> {
  const { part, sidecar } = partPaths(finalPath);
  await Promise.all([rm(part, { force: true }), rm(sidecar, { force: true }), rm(`${sidecar}.tmp`, { force: true })]);
}

/** Adds [start, end) to a sorted, merged range list. */
export function addRange(done: Array<[number, number]>, start: number, end: number): Array<[number, number]> {
  const all = [...done, [start, end] as [number, number]].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const r of all) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** Bytes of [start, end) not yet covered by `done`, as [start, end) gaps. */
export function missingRanges(done: ReadonlyArray<readonly [number, number]>, size: number): Array<[number, number]> {
  const gaps: Array<[number, number]> = [];
  let at = 0;
  for (const [s, e] of done) {
    if (s > at) gaps.push([at, Math.min(s, size)]);
    at = Math.max(at, e);
  }
  if (at < size) gaps.push([at, size]);
  return gaps.filter(([s, e]) => e > s);
}

export class PartFile {
  private constructor(
    readonly path: string,
    private fd: number | null,
    private readonly calls: MetadataCalls,
  ) {}

  /**
   * Opens (creating if needed) without following a symlink planted at the .part name; `fresh` empties what a
   * previous run left (nothing of it is reused), in the same call.
   */
  static async open(path: string, fresh = false, calls = new MetadataCalls()): Promise<PartFile> {
    const flags = constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW | (fresh ? constants.O_TRUNC : 0);
    try {
      return new PartFile(path, await calls.open(path, flags, 0o644), calls);
    } catch (e) {
      // A symlink planted at the .part name: removed (the link, never its target), then a fresh file made.
      if (!fresh || (e as NodeJS.ErrnoException).code !== 'ELOOP') throw e;
      await rm(path, { force: true });
      return new PartFile(path, await calls.open(path, flags | constants.O_EXCL, 0o644), calls);
    }
  }

  /**
   * Writes one socket chunk at `position`, synchronously. Measured on HTTPS: a positional write to the page cache
   * takes microseconds, and doing it inline beat every asynchronous variant (a promise and a thread-pool hop per
   * chunk, write queues, copying into bigger buffers, writev), which all cost more CPU than they saved.
   */
  writeAtSync(chunk: Uint8Array, position: number): void {
    const fd = this.#fd();
    let off = 0;
    while (off < chunk.byteLength) off += writeSync(fd, chunk, off, chunk.byteLength - off, position + off);
  }

  // Creating, closing and renaming go through MetadataCalls (inline on a fast disk, the thread pool on a slow one).
  // Sizing a file up front can allocate on some file systems: it stays on the pool. fstat is cheap.
  async size(): Promise<number> {
    return fstatSync(this.#fd()).size;
  }

  /** Sets the length up front: a file-size limit (EFBIG) fails here, before any byte is fetched. */
  async truncate(size: number): Promise<void> {
    await ftruncateAsync(this.#fd(), size);
  }

  async close(): Promise<void> {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    await this.calls.close(fd);
  }

  #fd(): number {
    if (this.fd === null) throw new Error(`${this.path} is closed`);
    return this.fd;
  }
}
