// Pure: the words of download progress and summaries (bytes, rate, time left), shared by notification and log.
import type * as vscode from 'vscode';
import type { FileResult, ProgressEvent } from '../../core/transfer/types';
import { english } from '../route/routeText';

/** What this needs of `vscode.l10n`; strings go through `l10n.t('…')` so @vscode/l10n-dev extracts them. */
type L10n = Pick<typeof vscode.l10n, 't'>;

export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

export function formatProgress(e: ProgressEvent, l10n: L10n = english): string {
  const size =
    e.bytesTotal === null
      ? formatBytes(e.bytesDone)
      : l10n.t('{0} of {1}', formatBytes(e.bytesDone), formatBytes(e.bytesTotal));
  const parts = [l10n.t('{0}/{1} files', e.filesDone, e.filesTotal), size];
  if (e.bytesPerSecond > 0) parts.push(`${formatBytes(e.bytesPerSecond)}/s`);
  if (e.etaSeconds !== null && e.etaSeconds > 0) parts.push(l10n.t('{0} left', formatDuration(e.etaSeconds)));
  return parts.join(' · ');
}

export interface Summary {
  readonly complete: number;
  readonly skipped: number;
  readonly failed: number;
  readonly text: string;
}

export function summarizeResults(results: readonly FileResult[], l10n: L10n = english): Summary {
  const complete = results.filter((r) => r.status === 'COMPLETE').length;
  const skipped = results.filter((r) => r.status === 'SKIPPED').length;
  const failed = results.filter((r) => r.status === 'ERROR').length;
  const bytes = results.filter((r) => r.status === 'COMPLETE').reduce((a, r) => a + (r.bytes ?? 0), 0);
  const parts = [l10n.t('{0} downloaded ({1})', complete, formatBytes(bytes))];
  if (skipped) parts.push(l10n.t('{0} already present', skipped));
  if (failed) parts.push(l10n.t('{0} failed', failed));
  return { complete, skipped, failed, text: parts.join(', ') };
}
