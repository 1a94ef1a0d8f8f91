// I/O: the result manifest (COMPLETE / SKIPPED / ERROR per file, like astroquery's) as JSON or CSV.
import { writeFile } from 'node:fs/promises';
import type { FileResult } from './types';

function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** astroquery's columns first (Local Path, Status, Message, URL), then ours. */
export function manifestCsv(results: readonly FileResult[]): string {
  const rows = [['Local Path', 'Status', 'Message', 'URL', 'Via', 'Bytes', 'ETag', 'SHA256']];
  for (const r of results)
    rows.push([
      r.path ?? '',
      r.status,
      r.error ?? '',
      r.uri,
      r.via,
      r.bytes === null ? '' : String(r.bytes),
      r.etag ?? '',
      r.sha256 ?? '',
    ]);
  return rows.map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

/** `.csv` → CSV, anything else → JSON. */
export async function writeManifest(path: string, results: readonly FileResult[]): Promise<void> {
  const text = path.toLowerCase().endsWith('.csv') ? manifestCsv(results) : `${JSON.stringify(results, null, 2)}\n`;
  await writeFile(path, text);
}
