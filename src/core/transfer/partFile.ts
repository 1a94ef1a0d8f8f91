// I/O: the `<final>.part` file and its `<final>.part.json` resume sidecar; positional writes, atomic rename.
import { constants, close, fstat, ftruncate, open, write, writev } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const openAsync = promisify(open);
const closeAsync = promisify(close);
const ftruncateAsync = promisify(ftruncate);
const fstatAsync = promisify(fstat);
const writevAsync = promisify(writev);
const writeAsync = promisify(write);

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
  ) {}

  /** Opens (creating if needed) without following a symlink planted at the .part name. */
  static async open(path: string): Promise<PartFile> {
    const fd = await openAsync(path, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
    return new PartFile(path, fd);
  }

  async size(): Promise<number> {
    return (await fstatAsync(this.#fd())).size;
  }

  /** Sets the length up front: a file-size limit (EFBIG) fails here, before any byte is fetched. */
  async truncate(size: number): Promise<void> {
    await ftruncateAsync(this.#fd(), size);
  }

  /** Writes all of `chunks` at `position` (loops over short writes). */
  async writeAt(chunks: Uint8Array[], position: number): Promise<void> {
    if (chunks.length === 1) {
      // The hot path (one socket chunk): no reductions or array copies.
      const b = chunks[0];
      const { bytesWritten } = await writeAsync(this.#fd(), b, 0, b.byteLength, position);
      if (bytesWritten === b.byteLength) return;
    }
    let bufs = chunks;
    let pos = position;
    let left = bufs.reduce((n, b) => n + b.byteLength, 0);
    while (left > 0) {
      // One buffer (the usual case: a socket chunk) goes through write(), which measured cheaper than writev().
      const { bytesWritten: n } =
        bufs.length === 1
          ? await writeAsync(this.#fd(), bufs[0], 0, bufs[0].byteLength, pos)
          : await writevAsync(this.#fd(), bufs, pos);
      left -= n;
      pos += n;
      if (left > 0) bufs = skipBytes(bufs, n);
    }
  }

  async close(): Promise<void> {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    await closeAsync(fd);
  }

  #fd(): number {
    if (this.fd === null) throw new Error(`${this.path} is closed`);
    return this.fd;
  }
}

function skipBytes(bufs: Uint8Array[], n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let skip = n;
  for (const b of bufs) {
    if (skip >= b.byteLength) {
      skip -= b.byteLength;
      continue;
    }
    out.push(skip > 0 ? b.subarray(skip) : b);
    skip = 0;
  }
  return out;
}
