// Pure: an expanded, routed set → plan.json's content and the shard lines, with totals, cost and the cap decision.
import type { RoutePrices } from '../routing/types';
import type { Layout } from '../transfer/types';
import { balanceShards } from './balanceShards';
import { toShardLine } from './shardLine';
import {
  PLAN_VERSION,
  shardFileName,
  type ByRoute,
  type CapDecision,
  type PlanContext,
  type PlanCredentials,
  type PlanFile,
  type PlanPolicy,
  type PlannedFile,
  type PlanTotals,
  type ShardLine,
} from './types';

export interface BuildPlanInput {
  readonly planId: string;
  readonly createdAt: string;
  readonly inputs: readonly string[];
  readonly files: readonly PlannedFile[];
  readonly shardCount: number;
  readonly destination: string;
  readonly layout: Layout;
  readonly context: PlanContext;
  readonly credentials: PlanCredentials;
  readonly policy: PlanPolicy;
  readonly prices: RoutePrices;
  readonly capBytes: number;
  readonly cdrVersion: string;
}

export interface BuiltPlan {
  readonly plan: PlanFile;
  readonly shards: readonly (readonly ShardLine[])[];
  /** Said once to the user (e.g. fewer shards than asked for). */
  readonly notes: readonly string[];
}

const GIB = 1024 ** 3;

/** USD per GiB the user's account pays for one file's S3 bytes, from where the route says they travel. */
function s3PricePerGib(leaf: string, context: PlanContext, prices: RoutePrices): number {
  if (leaf === 'same-region' || leaf === 'platform-account') return prices.sameRegionPerGB;
  if (leaf === 'cross-region-requester-pays') return prices.crossRegionPerGB;
  // A forced S3 route: from a cloud machine it crosses regions at worst, from elsewhere it leaves AWS.
  return context.inCloud ? prices.crossRegionPerGB : prices.internetPerGB;
}

function add(map: Record<string, ByRoute>, k: string, bytes: number): void {
  const prev = map[k] ?? { files: 0, bytes: 0 };
  map[k] = { files: prev.files + 1, bytes: prev.bytes + bytes };
}

export function planTotals(files: readonly PlannedFile[], context: PlanContext, prices: RoutePrices): PlanTotals {
  const byVia: Record<string, ByRoute> = {};
  const byLeaf: Record<string, ByRoute> = {};
  let bytes = 0;
  let unknown = 0;
  let usd = 0;
  for (const f of files) {
    const b = f.bytes ?? 0;
    if (f.bytes === null) unknown++;
    bytes += b;
    add(byVia, f.via, b);
    add(byLeaf, f.leaf, b);
    if (f.via === 's3') usd += (b / GIB) * s3PricePerGib(f.leaf, context, prices);
  }
  return {
    files: files.length,
    bytes,
    unknownBytesFiles: unknown,
    byVia,
    byLeaf,
    estimatedCostUsd: Math.round(usd * 100) / 100,
  };
}

export function decideCap(totals: PlanTotals, capBytes: number): CapDecision {
  const s3Bytes = totals.byVia.s3?.bytes ?? 0;
  const allowed = s3Bytes <= capBytes;
  return {
    capBytes,
    s3Bytes,
    allowed,
    reason: allowed
      ? null
      : `this plan needs ${s3Bytes} bytes over S3 (estimated $${totals.estimatedCostUsd.toFixed(2)}), more than the ${capBytes}-byte cap`,
  };
}

export function buildPlan(input: BuildPlanInput): BuiltPlan {
  const notes: string[] = [];
  // An empty shard would be a task that does nothing: never more shards than files.
  const count = Math.max(1, Math.min(input.shardCount, input.files.length));
  if (count < input.shardCount)
    notes.push(`${input.files.length} files make ${count} shards, not ${input.shardCount} (no shard is empty)`);
  const totals = planTotals(input.files, input.context, input.prices);
  const shardsOfFiles = balanceShards(input.files, count);
  const shards = shardsOfFiles.map((s) => s.map(toShardLine));
  const plan: PlanFile = {
    version: PLAN_VERSION,
    planId: input.planId,
    createdAt: input.createdAt,
    inputs: input.inputs,
    destination: input.destination,
    layout: input.layout,
    totals,
    cap: decideCap(totals, input.capBytes),
    context: input.context,
    credentials: input.credentials,
    policy: input.policy,
    shardCount: count,
    shards: shardsOfFiles.map((s, index) => ({
      index,
      file: shardFileName(index),
      files: s.length,
      bytes: s.reduce((n, f) => n + (f.bytes ?? 0), 0),
    })),
    cdrVersion: input.cdrVersion,
  };
  return { plan, shards, notes };
}
