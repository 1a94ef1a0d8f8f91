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

export class DownloadIndex {
  readonly path: string;
  #entries: Record<string, IndexEntry> = {};
  #writing: Promise<void> = Promise.resolve();

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

  /** Re-reads before writing, so two batches into one folder lose at most an entry, never the file. */
  record(relPath: string, entry: IndexEntry): Promise<void> {
    this.#writing = this.#writing.then(async () => {
      await this.load();
      this.#entries[relPath] = entry;
      const tmp = `${this.path}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify({ version: 1, files: this.#entries }));
      await rename(tmp, this.path);
    });
    return this.#writing;
  }
}
