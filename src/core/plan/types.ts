// Pure: the vocabulary of a sharded plan — plan.json, one line of a shard file, one shard's result, merged status.
import type { DownloadItem, FileStatus, Layout, Via } from '../transfer/types';

export const PLAN_VERSION = 1;
export const PLAN_FILE = 'plan.json';
export const RESULTS_DIR = 'results';

/** `shard-0007.jsonl`: zero-padded so a listing sorts in shard order. */
export function shardFileName(k: number): string {
  return `shard-${String(k).padStart(4, '0')}.jsonl`;
}

/** `results/shard-7.json`, as the issue names it. */
export function resultFileName(k: number): string {
  return `shard-${k}.json`;
}

/**
 * One file of an expanded, routed set: what data-set expansion yields (`cdr get --dry-run` prints the same fields)
 * plus the DownloadItem that fetches it. `path` is where it lands, relative to the destination.
 */
export interface PlannedFile {
  readonly uri: string;
  readonly via: Via;
  readonly leaf: string;
  readonly bytes: number | null;
  readonly etag: string | null;
  readonly path: string;
  readonly item: DownloadItem;
}

/** One line of a shard file: the file's route and everything a worker needs to rebuild its DownloadItem. */
export interface ShardLine {
  readonly uri: string;
  readonly via: Via;
  readonly leaf: string;
  readonly bytes: number | null;
  readonly etag: string | null;
  readonly path: string;
  readonly bucket?: string;
  readonly key?: string;
  readonly region?: string;
  readonly requesterPays?: boolean;
  readonly httpUrl?: string;
  readonly archivePath?: readonly string[];
  readonly lastModified?: string | null;
}

/** Where and as whom a plan was made; a worker compares its own with this before trusting the routes. */
export interface PlanContext {
  readonly inCloud: boolean | null;
  readonly provider: string | null;
  readonly service: string | null;
  readonly region: string | null;
  readonly platform: string | null;
}

export interface PlanCredentials {
  /** botocore's credentials.method, null for anonymous. */
  readonly source: string | null;
  readonly profile: string | null;
  readonly region: string | null;
}

export interface PlanPolicy {
  readonly via: 'auto' | Via;
  readonly allowCrossRegion: boolean;
  readonly unknownContext: 'as-not-in-cloud' | 'as-in-cloud';
}

export interface ByRoute {
  readonly files: number;
  readonly bytes: number;
}

export interface PlanTotals {
  readonly files: number;
  /** Sum of known sizes. */
  readonly bytes: number;
  /** Files whose size nobody knows yet (an HTTP-only file without a listing). */
  readonly unknownBytesFiles: number;
  readonly byVia: Readonly<Record<string, ByRoute>>;
  readonly byLeaf: Readonly<Record<string, ByRoute>>;
  readonly estimatedCostUsd: number;
}

/** The cap is on bytes pulled over S3 (what costs money), the same rule as `cdr get`. */
export interface CapDecision {
  readonly capBytes: number;
  readonly s3Bytes: number;
  readonly allowed: boolean;
  readonly reason: string | null;
}

export interface ShardSummary {
  readonly index: number;
  readonly file: string;
  readonly files: number;
  readonly bytes: number;
}

export interface PlanFile {
  readonly version: number;
  readonly planId: string;
  readonly createdAt: string;
  readonly inputs: readonly string[];
  /** Absolute path where workers put the files (a shared filesystem on a cluster); `-o` on the worker overrides it. */
  readonly destination: string;
  readonly layout: Layout;
  readonly totals: PlanTotals;
  readonly cap: CapDecision;
  readonly context: PlanContext;
  readonly credentials: PlanCredentials;
  readonly policy: PlanPolicy;
  readonly shardCount: number;
  readonly shards: readonly ShardSummary[];
  readonly cdrVersion: string;
}

/** One file in a shard's result: the engine's result plus what the plan said and whether the worker re-routed it. */
export interface ShardFileResult {
  readonly uri: string;
  readonly status: FileStatus;
  readonly path: string | null;
  readonly bytes: number | null;
  readonly via: Via;
  readonly leaf: string;
  readonly etag: string | null;
  readonly resumed: boolean;
  readonly error: string | null;
  readonly errorCode: string | null;
  /** Set when the worker's context made it choose another route than the plan's. */
  readonly rerouted?: { readonly planned: Via; readonly plannedLeaf: string; readonly reason: string };
}

export interface ContextCheck {
  /** True when the plan's context still holds here, so its routes were used as they are. */
  readonly holds: boolean;
  /** What differs, in plain words (empty when it holds). */
  readonly differences: readonly string[];
  /** Files whose route changed here. */
  readonly rerouted: number;
}

export interface ShardResult {
  readonly version: number;
  readonly planId: string;
  readonly shard: number;
  readonly host: string;
  readonly pid: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly destination: string;
  readonly context: PlanContext;
  readonly contextCheck: ContextCheck;
  readonly counts: Readonly<Record<FileStatus, number>>;
  readonly files: readonly ShardFileResult[];
}
