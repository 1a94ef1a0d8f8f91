// I/O: remembers the ETag each finished file was downloaded at (one small JSON file per destination folder), so a
// same-size file is skipped only while the server still has that version.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface IndexEntry {
  readonly etag: string | null;
  readonly size: number;
  readonly source: string;
}

/** The file name inside the destination folder; dot-named so listings and globs skip it. */
export const INDEX_FILE = '.cdr-downloads.json';

const FLUSH_MS = 500;

export class DownloadIndex {
  readonly path: string;
  #entries: Record<string, IndexEntry> = {};
  #writing: Promise<void> = Promise.resolve();
  /** Entries recorded while a write was under way: the next write takes them all (one write, not one per file). */
  #pending = new Map<string, IndexEntry>();
  #timer: NodeJS.Timeout | null = null;
  #failed: unknown = undefined;

  constructor(destDir: string) {
    this.path = join(destDir, INDEX_FILE);
  }

  /** A missing or unreadable index only means "no ETags recorded": files are then compared by size alone. */
  async load(): Promise<this> {
    try {
      const parsed = JSON.parse(await readFile(this.path, 'utf8')) as {
        version?: number;
        files?: Record<string, IndexEntry>;
      };
      if (parsed.version === 1 && parsed.files && typeof parsed.files === 'object') this.#entries = parsed.files;
    } catch {
      this.#entries = {};
    }
    return this;
  }

  get(relPath: string): IndexEntry | undefined {
    return Object.prototype.hasOwnProperty.call(this.#entries, relPath) ? this.#entries[relPath] : undefined;
  }

  /** Pure decision: a present file of the right size is current unless a recorded ETag says otherwise. */
  isCurrent(relPath: string, presentSize: number, remote: { size: number | null; etag: string | null }): boolean {
    if (remote.size === null || presentSize !== remote.size) return false;
    const rec = this.get(relPath);
    return !rec || rec.etag === null || remote.etag === null || rec.etag === remote.etag;
  }

  /**
   * Re-reads before writing, so two batches into one folder lose at most an entry, never the file. Entries are
   * written together at most every `FLUSH_MS` and at `flush()`: rewriting the whole index once per file made a
   * 2,000-file batch quadratic. An entry lost to a crash only means that file is compared by size on the next run.
   */
  record(relPath: string, entry: IndexEntry): void {
    this.#pending.set(relPath, entry);
    if (!this.#timer) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        // Kept for the final flush() to report.
        this.flush().catch((e: unknown) => (this.#failed ??= e));
      }, FLUSH_MS);
      this.#timer.unref?.();
    }
  }

  /** Writes what was recorded and not yet written; a failure is reported here (the caller warns). */
  flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    this.#writing = this.#writing
      .catch(() => undefined)
      .then(async () => {
        if (this.#pending.size === 0) return;
        const batch = this.#pending;
        this.#pending = new Map();
        await this.load();
        for (const [k, v] of batch) this.#entries[k] = v;
        const tmp = `${this.path}.${process.pid}.tmp`;
        await writeFile(tmp, JSON.stringify({ version: 1, files: this.#entries }));
        await rename(tmp, this.path);
      });
    return this.#writing.then(() => {
      const failed = this.#failed;
      this.#failed = undefined;
      if (failed !== undefined) throw failed;
    });
  }
}
