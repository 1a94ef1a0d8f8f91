// I/O: a plan folder on disk — shard files first and plan.json last (so a plan.json means a whole plan), results
// per shard, and reading them back with errors that name the file.
import { lstat, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CdrError, errorMessage } from '../errors';
import { writeFileAtomic } from './atomicWrite';
import type { BuiltPlan } from './buildPlan';
import { parseShard, shardText } from './shardLine';
import {
  PLAN_FILE,
  PLAN_VERSION,
  RESULTS_DIR,
  resultFileName,
  shardFileName,
  type PlanFile,
  type ShardLine,
  type ShardResult,
} from './types';

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Writes a plan that the cap allows. Nothing is written for a refused plan, and an existing plan is never overwritten
 * (workers may be running it). Shards go first, plan.json last and atomically: a folder without plan.json is no plan.
 */
export async function writePlan(dir: string, built: BuiltPlan): Promise<void> {
  if (!built.plan.cap.allowed)
    throw new CdrError(`refusing to write a plan over the cap: ${built.plan.cap.reason ?? ''}`, { code: 'Transfer' });
  const planPath = join(dir, PLAN_FILE);
  if (await exists(planPath))
    throw new CdrError(`${planPath} already holds a plan; choose another folder or remove it first`, {
      code: 'BadInput',
    });
  await mkdir(dir, { recursive: true });
  // Shard files left by an interrupted earlier write (no plan.json) would be mistaken for this plan's.
  for (const name of await readdir(dir))
    if (/^shard-\d+\.jsonl$/.test(name) && !built.plan.shards.some((s) => s.file === name))
      await rm(join(dir, name), { force: true });
  for (const [k, lines] of built.shards.entries()) await writeFileAtomic(join(dir, shardFileName(k)), shardText(lines));
  await writeFileAtomic(planPath, `${JSON.stringify(built.plan, null, 2)}\n`);
}

export async function readPlan(dir: string): Promise<PlanFile> {
  const path = join(dir, PLAN_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CdrError(missing ? `no plan here: ${path} does not exist` : `cannot read ${path}: ${errorMessage(e)}`, {
      code: 'BadInput',
    });
  }
  let plan: PlanFile;
  try {
    plan = JSON.parse(text) as PlanFile;
  } catch {
    throw new CdrError(`${path}: not JSON`, { code: 'BadInput', location: { file: path, line: 0 } });
  }
  if (!plan || plan.version !== PLAN_VERSION || typeof plan.planId !== 'string' || !Array.isArray(plan.shards))
    throw new CdrError(`${path}: not a plan of version ${PLAN_VERSION}`, { code: 'BadInput' });
  return plan;
}

/** `PLAN_DIR/shard-0007.jsonl` → its plan folder and index. */
export function shardRef(shardPath: string): { dir: string; index: number } {
  const m = /^shard-(\d+)\.jsonl$/.exec(basename(shardPath));
  if (!m)
    throw new CdrError(`--plan must name a shard file such as PLAN_DIR/shard-0000.jsonl: ${shardPath}`, {
      code: 'BadInput',
    });
  return { dir: dirname(shardPath), index: Number(m[1]) };
}

export async function readShard(path: string): Promise<ShardLine[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new CdrError(`cannot read shard ${path}: ${errorMessage(e)}`, { code: 'BadInput' });
  }
  return parseShard(text, path);
}

export function resultPath(dir: string, index: number): string {
  return join(dir, RESULTS_DIR, resultFileName(index));
}

export async function writeShardResult(dir: string, result: ShardResult): Promise<string> {
  const path = resultPath(dir, result.shard);
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, `${JSON.stringify(result, null, 1)}\n`);
  return path;
}

export type ResultRead =
  | { readonly kind: 'ok'; readonly result: ShardResult }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unreadable'; readonly reason: string };

/** Each shard's result; a missing one is "not run yet", an unreadable one is said as such, never skipped. */
export async function readShardResults(dir: string, plan: PlanFile): Promise<ResultRead[]> {
  return Promise.all(
    plan.shards.map(async (s): Promise<ResultRead> => {
      const path = resultPath(dir, s.index);
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
        return { kind: 'unreadable', reason: `${path}: ${errorMessage(e)}` };
      }
      try {
        const r = JSON.parse(text) as ShardResult;
        if (!r || !Array.isArray(r.files)) return { kind: 'unreadable', reason: `${path}: not a shard result` };
        return { kind: 'ok', result: r };
      } catch {
        return { kind: 'unreadable', reason: `${path}: not JSON` };
      }
    }),
  );
}
