// Pure: one manifest from a plan and its shard results — per file COMPLETE / SKIPPED / ERROR in astroquery's columns
// plus ours, which shards are missing or failed, and the one command that reruns just those.
import { join } from 'node:path';
import type { FileStatus } from '../transfer/types';
import type { ResultRead } from './planFiles';
import { shardFileName, type PlanFile, type ShardFileResult, type ShardLine } from './types';

export interface StatusRow {
  readonly 'Local Path': string;
  readonly Status: FileStatus;
  readonly Message: string;
  readonly URL: string;
  readonly Via: string;
  readonly Leaf: string;
  readonly Bytes: number | null;
  readonly ETag: string | null;
  readonly Shard: number;
  /** Machine-readable reason for ERROR (`not-run` for a shard without a result). */
  readonly ErrorCode: string | null;
  readonly Rerouted: string | null;
}

export type ShardState = 'complete' | 'failed' | 'missing';

export interface MergedStatus {
  readonly planId: string;
  readonly complete: boolean;
  readonly files: Readonly<Record<FileStatus, number>> & { readonly total: number };
  readonly shards: {
    readonly total: number;
    readonly complete: readonly number[];
    readonly failed: readonly number[];
    readonly missing: readonly number[];
  };
  /** Results that cannot be used (unreadable, or written for another plan in this folder), in plain words. */
  readonly problems: readonly string[];
  /** What workers said about their context (regions that differ from the plan's, files re-routed). */
  readonly contextNotes: readonly string[];
  readonly rerun: { readonly shards: readonly number[]; readonly command: string | null };
  readonly rows: readonly StatusRow[];
}

const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
export function shellQuote(s: string): string {
  return SHELL_SAFE.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export function rerunCommand(planDir: string, shards: readonly number[]): string | null {
  if (!shards.length) return null;
  return ['cdr get', ...shards.map((k) => `--plan ${shellQuote(join(planDir, shardFileName(k)))}`)].join(' ');
}

function row(line: ShardLine, shard: number, destination: string, r: ShardFileResult | null, why: string): StatusRow {
  return {
    'Local Path': r?.path ?? join(destination, line.path),
    Status: r?.status ?? 'ERROR',
    Message: r ? (r.error ?? '') : why,
    URL: line.uri,
    Via: r?.via ?? line.via,
    Leaf: r?.leaf ?? line.leaf,
    Bytes: r?.bytes ?? line.bytes,
    ETag: r?.etag ?? line.etag,
    Shard: shard,
    ErrorCode: r ? r.errorCode : 'not-run',
    Rerouted: r?.rerouted ? `${r.rerouted.planned} → ${r.via}: ${r.rerouted.reason}` : null,
  };
}

export function mergeStatus(input: {
  readonly plan: PlanFile;
  readonly planDir: string;
  readonly shards: readonly (readonly ShardLine[])[];
  readonly results: readonly ResultRead[];
}): MergedStatus {
  const { plan, planDir } = input;
  const rows: StatusRow[] = [];
  const complete: number[] = [];
  const failed: number[] = [];
  const missing: number[] = [];
  const problems: string[] = [];
  const contextNotes: string[] = [];
  const counts: Record<FileStatus, number> = { COMPLETE: 0, SKIPPED: 0, ERROR: 0 };
  input.shards.forEach((lines, k) => {
    const read = input.results[k] ?? { kind: 'missing' };
    let result = read.kind === 'ok' ? read.result : null;
    if (read.kind === 'unreadable') problems.push(`shard ${k}: ${read.reason}`);
    if (result && result.planId !== plan.planId) {
      problems.push(`shard ${k}: the result belongs to plan ${result.planId}, not ${plan.planId}`);
      result = null;
    }
    if (result && !result.contextCheck.holds)
      contextNotes.push(
        `shard ${k} ran on ${result.host}: ${result.contextCheck.differences.join('; ')}; ${result.contextCheck.rerouted} file(s) re-routed`,
      );
    const byUri = new Map((result?.files ?? []).map((f) => [f.uri, f]));
    const why = result
      ? `shard ${k}'s result does not mention this file`
      : `not run: shard ${k} has no result${read.kind === 'unreadable' ? ' that can be read' : ''}`;
    let errors = 0;
    for (const line of lines) {
      const r = row(line, k, plan.destination, byUri.get(line.uri) ?? null, why);
      counts[r.Status]++;
      if (r.Status === 'ERROR') errors++;
      rows.push(r);
    }
    if (!result) missing.push(k);
    else if (errors) failed.push(k);
    else complete.push(k);
  });
  const rerun = [...failed, ...missing].sort((a, b) => a - b);
  return {
    planId: plan.planId,
    complete: rerun.length === 0,
    files: { total: rows.length, ...counts },
    shards: { total: input.shards.length, complete, failed, missing },
    problems,
    contextNotes,
    rerun: { shards: rerun, command: rerunCommand(planDir, rerun) },
    rows,
  };
}

function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const STATUS_COLUMNS = [
  'Local Path',
  'Status',
  'Message',
  'URL',
  'Via',
  'Leaf',
  'Bytes',
  'ETag',
  'Shard',
  'ErrorCode',
  'Rerouted',
] as const satisfies readonly (keyof StatusRow)[];

/** astroquery's manifest columns first (Local Path, Status, Message, URL), then ours. */
export function statusCsv(rows: readonly StatusRow[]): string {
  const lines = [STATUS_COLUMNS.join(',')];
  for (const r of rows) lines.push(STATUS_COLUMNS.map((c) => csvField(r[c])).join(','));
  return `${lines.join('\n')}\n`;
}
