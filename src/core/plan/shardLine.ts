// Pure: a planned file ↔ one JSON line of a shard file, and the DownloadItem a worker rebuilds from it.
import { CdrError } from '../errors';
import type { DownloadItem } from '../transfer/types';
import type { PlannedFile, ShardLine } from './types';

export function toShardLine(f: PlannedFile): ShardLine {
  const i = f.item;
  return {
    uri: f.uri,
    via: f.via,
    leaf: f.leaf,
    bytes: f.bytes,
    etag: f.etag,
    path: f.path,
    ...(i.bucket !== undefined ? { bucket: i.bucket } : {}),
    ...(i.key !== undefined ? { key: i.key } : {}),
    ...(i.region !== undefined ? { region: i.region } : {}),
    ...(i.requesterPays ? { requesterPays: true } : {}),
    ...(i.httpUrl !== undefined ? { httpUrl: i.httpUrl } : {}),
    ...(i.archivePath !== undefined ? { archivePath: i.archivePath } : {}),
    ...(i.listed?.lastModified ? { lastModified: i.listed.lastModified } : {}),
  };
}

/**
 * The item the engine downloads. A known size (and ETag) becomes `listed`, so a worker sends no HEAD and skips a
 * finished file without any request: a rerun of a shard is cheap.
 */
export function itemFromLine(l: ShardLine): DownloadItem {
  return {
    uri: l.uri,
    via: l.via,
    ...(l.bucket !== undefined ? { bucket: l.bucket } : {}),
    ...(l.key !== undefined ? { key: l.key } : {}),
    ...(l.region !== undefined ? { region: l.region } : {}),
    ...(l.requesterPays ? { requesterPays: true } : {}),
    ...(l.httpUrl !== undefined ? { httpUrl: l.httpUrl } : {}),
    ...(l.archivePath !== undefined ? { archivePath: l.archivePath } : {}),
    ...(l.bytes !== null ? { listed: { size: l.bytes, etag: l.etag, lastModified: l.lastModified ?? null } } : {}),
  };
}

export function shardText(lines: readonly ShardLine[]): string {
  return lines.map((l) => `${JSON.stringify(l)}\n`).join('');
}

const str = (v: unknown) => typeof v === 'string';
const optStr = (v: unknown) => v === undefined || typeof v === 'string';

/** Parses a shard file; a bad line is reported as `file:line` (BadInput), so a hand-edited shard fails clearly. */
export function parseShard(text: string, file: string): ShardLine[] {
  const out: ShardLine[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    const where = `${file}:${i + 1}`;
    let v: Record<string, unknown>;
    try {
      v = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      throw new CdrError(`${where}: not a JSON line`, { code: 'BadInput', location: { file, line: i + 1 } });
    }
    const bad = (what: string) =>
      new CdrError(`${where}: ${what}`, { code: 'BadInput', location: { file, line: i + 1 } });
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw bad('not a JSON object');
    if (!str(v.uri) || !str(v.path) || !str(v.leaf)) throw bad('needs "uri", "leaf" and "path" strings');
    if (v.via !== 's3' && v.via !== 'http') throw bad(`"via" must be "s3" or "http": ${JSON.stringify(v.via)}`);
    if (v.bytes !== null && !(typeof v.bytes === 'number' && Number.isInteger(v.bytes) && v.bytes >= 0))
      throw bad(`"bytes" must be a byte count or null: ${JSON.stringify(v.bytes)}`);
    if (v.etag !== null && !str(v.etag)) throw bad('"etag" must be a string or null');
    if (!optStr(v.bucket) || !optStr(v.key) || !optStr(v.region) || !optStr(v.httpUrl))
      throw bad('"bucket", "key", "region" and "httpUrl" must be strings');
    if (v.via === 's3' && (!str(v.bucket) || !str(v.key))) throw bad('an S3 line needs "bucket" and "key"');
    if (v.via === 'http' && !str(v.httpUrl)) throw bad('an HTTP line needs "httpUrl"');
    if (v.archivePath !== undefined && !(Array.isArray(v.archivePath) && v.archivePath.every(str)))
      throw bad('"archivePath" must be a list of strings');
    out.push(v as unknown as ShardLine);
  });
  return out;
}
