// I/O (test helper): temp folders, random payloads and a downloadBatch wrapper with fast retries for the fault suites.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INDEX_FILE } from '../../../../src/core/transfer/downloadIndex';
import {
  downloadBatch,
  type BatchOptions,
  type DownloadItem,
  type FileResult,
} from '../../../../src/core/transfer/index';

export const KiB = 1024;

export function payload(bytes: number): Buffer {
  return randomBytes(bytes);
}

export async function tempDir(t: { after(fn: () => Promise<void> | void): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cdr-transfer-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Every file under `dir`, relative, sorted: proves what was (and was not) written. The ETag index that every
 * download folder gets is left out (its own tests look at it). */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(join(d, e.name), r);
      else if (e.name !== INDEX_FILE) out.push(r);
    }
  };
  await walk(dir, '');
  return out.sort();
}

export async function fetchAll(
  items: DownloadItem[],
  opts: Partial<BatchOptions> & { destDir: string },
): Promise<FileResult[]> {
  const outcome = await downloadBatch(items, {
    partSize: 64 * KiB,
    concurrency: 4,
    retry: { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
    idleTimeoutMs: 5000,
    ...opts,
  });
  if (outcome.kind !== 'done') throw new Error(`unexpected ${outcome.kind}`);
  return outcome.results;
}

export async function fetchOne(
  item: DownloadItem,
  opts: Partial<BatchOptions> & { destDir: string },
): Promise<FileResult> {
  const [r] = await fetchAll([item], opts);
  return r;
}

export async function bytesAt(path: string | null): Promise<Buffer> {
  if (!path) throw new Error('no path');
  return readFile(path);
}
