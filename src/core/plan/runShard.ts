// I/O: runs one shard of a plan on whatever machine it lands: re-checks routes only where the plan's context no longer
// holds, downloads with the shared engine (skipping finished files, resuming parts), writes results/shard-K.json.
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { CloudContext } from '../context/types';
import { CdrError } from '../errors';
import type { RouteIdentity } from '../routing/types';
import { downloadBatch, type BatchOptions, type BudgetOptions } from '../transfer/batch';
import type { DownloadItem, FileResult, FileStatus } from '../transfer/types';
import { contextDifferences, planContextOf, routeLine } from './checkContext';
import { readPlan, readShard, shardRef, writeShardResult } from './planFiles';
import { PLAN_VERSION, type ShardFileResult, type ShardResult } from './types';

export interface RunShardOptions {
  readonly shardPath: string;
  /** Overrides the plan's destination (e.g. a node-local scratch folder). */
  readonly destDir?: string;
  /** This worker's detected context and credentials. */
  readonly context: CloudContext;
  readonly identity: RouteIdentity;
  /** Engine options; destination, layout and budget come from the plan. */
  readonly batch: Omit<BatchOptions, 'destDir' | 'layout' | 'budget'>;
  readonly budget?: Omit<BudgetOptions, 'batchCapBytes'>;
  readonly now?: () => Date;
}

export interface ShardRun {
  readonly result: ShardResult;
  readonly resultPath: string;
  /** Null when downloadBatch ran; the cap's reason when this worker's routes would pass the plan's cap. */
  readonly refusedByCap: string | null;
}

function fileResult(r: FileResult, leaf: string, rerouted?: ShardFileResult['rerouted']): ShardFileResult {
  return {
    uri: r.uri,
    status: r.status,
    path: r.path,
    bytes: r.bytes,
    via: r.via,
    leaf,
    etag: r.etag,
    resumed: r.resumed,
    error: r.error,
    errorCode: r.errorCode,
    ...(rerouted ? { rerouted } : {}),
  };
}

export async function runShard(opts: RunShardOptions): Promise<ShardRun> {
  const now = opts.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const { dir, index } = shardRef(opts.shardPath);
  const plan = await readPlan(dir);
  if (index >= plan.shardCount)
    throw new CdrError(`${opts.shardPath}: plan ${plan.planId} has shards 0–${plan.shardCount - 1} only`, {
      code: 'BadInput',
    });
  const lines = await readShard(opts.shardPath);
  const destination = resolve(opts.destDir ?? plan.destination);
  const here = planContextOf(opts.context);
  const differences = contextDifferences(plan, { context: here, hasCredentials: opts.identity.hasCredentials });
  const recheck = differences.length ? { context: opts.context, identity: opts.identity, policy: plan.policy } : null;
  const routed = lines.map((l) => routeLine(l, recheck));

  const items: DownloadItem[] = [];
  for (const r of routed) if (r.kind === 'ok') items.push(r.item);
  let refusedByCap: string | null = null;
  let engine: FileResult[] = [];
  if (items.length) {
    const outcome = await downloadBatch(items, {
      ...opts.batch,
      destDir: destination,
      layout: plan.layout,
      // The plan's cap covered the whole plan; a shard of it fits unless this worker re-routed files onto S3.
      ...(opts.budget ? { budget: { ...opts.budget, batchCapBytes: plan.cap.capBytes } } : {}),
    });
    if (outcome.kind === 'needs-confirmation') {
      refusedByCap = outcome.reason;
      engine = items.map((it) => {
        const failed = outcome.results.find((x) => x.uri === it.uri);
        return (
          failed ?? {
            uri: it.uri,
            status: 'ERROR',
            path: null,
            bytes: it.listed?.size ?? null,
            via: it.via,
            etag: it.listed?.etag ?? null,
            sha256: null,
            verified: [],
            resumed: false,
            error: `refused: ${outcome.reason}`,
            errorCode: 'over-cap',
          }
        );
      });
    } else engine = outcome.results;
  }

  let next = 0;
  const files: ShardFileResult[] = routed.map((r, i) => {
    if (r.kind === 'refused') {
      return {
        uri: lines[i]!.uri,
        status: 'ERROR',
        path: null,
        bytes: lines[i]!.bytes,
        via: r.via,
        leaf: r.leaf,
        etag: lines[i]!.etag,
        resumed: false,
        error: r.error,
        errorCode: 'no-route',
      };
    }
    return fileResult(engine[next++]!, r.leaf, r.rerouted);
  });
  const counts: Record<FileStatus, number> = { COMPLETE: 0, SKIPPED: 0, ERROR: 0 };
  for (const f of files) counts[f.status]++;
  const result: ShardResult = {
    version: PLAN_VERSION,
    planId: plan.planId,
    shard: index,
    host: hostname(),
    pid: process.pid,
    startedAt,
    finishedAt: now().toISOString(),
    destination,
    context: here,
    contextCheck: { holds: differences.length === 0, differences, rerouted: files.filter((f) => f.rerouted).length },
    counts,
    files,
  };
  return { result, resultPath: await writeShardResult(dir, result), refusedByCap };
}
