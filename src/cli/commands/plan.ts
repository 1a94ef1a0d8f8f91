// I/O: `cdr plan` — expands and routes a set once and writes a sharded plan for an engine that runs across machines;
// `--status` merges the shards' results; `--emit slurm` writes an array-job script.
import { randomUUID } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CdrError } from '../../core/errors';
import {
  buildPlan,
  mergeStatus,
  planContextOf,
  PLAN_FILE,
  readPlan,
  readShard,
  readShardResults,
  SLURM_SCRIPT,
  slurmScript,
  statusCsv,
  writeFileAtomic,
  writePlan,
  type MergedStatus,
  type PlanFile,
} from '../../core/plan/index';
import { DEFAULT_PRICES } from '../../core/routing/types';
import type { Layout } from '../../core/transfer/types';
import { VERSION } from '../../core/version';
import type { CliCommand } from '../command';
import { ExitCode, type CliIo } from '../io';
import { DEFAULT_CLI_CAP_BYTES, parseBytes } from './get';
import { expandForPlan } from './planExpand';
import { routePolicyFrom } from './route';
import { filterOptions, productOptions } from './setOptions';

type Values = Record<string, string | boolean | string[] | undefined>;

function str(v: Values[string]): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function shardCount(v: Values[string]): number {
  const t = str(v);
  if (t === undefined)
    throw new CdrError('cdr plan needs --shards N (how many pieces to split the set into)', {
      code: 'BadInput',
    });
  const n = Number(t);
  if (!/^\d+$/.test(t.trim()) || !Number.isSafeInteger(n) || n < 1 || n > 100_000)
    throw new CdrError(`--shards must be a whole number from 1 to 100000: ${t}`, { code: 'BadInput' });
  return n;
}

function emitKind(v: Values[string]): 'slurm' | undefined {
  const t = str(v);
  if (t === undefined) return undefined;
  if (t !== 'slurm') throw new CdrError(`--emit must be slurm: ${t}`, { code: 'BadInput' });
  return t;
}

function human(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}

function planSummary(plan: PlanFile, dir: string): string {
  const vias = Object.entries(plan.totals.byVia)
    .map(([via, r]) => `${via} ${r.files} files, ${human(r.bytes)}`)
    .join('; ');
  const unknown = plan.totals.unknownBytesFiles ? ` (${plan.totals.unknownBytesFiles} of unknown size)` : '';
  return [
    `plan ${plan.planId}: ${plan.totals.files} files, ${human(plan.totals.bytes)}${unknown} in ${plan.shardCount} shards`,
    `  routes: ${vias}; estimated cost $${plan.totals.estimatedCostUsd.toFixed(2)}`,
    `  files go to ${plan.destination} (layout ${plan.layout})`,
    `  written: ${join(dir, PLAN_FILE)} and ${plan.shards[0]?.file ?? ''}…${plan.shards.at(-1)?.file ?? ''}`,
    `  run one shard anywhere: cdr get --plan ${join(dir, plan.shards[0]?.file ?? '')}`,
    '',
  ].join('\n');
}

async function emitSlurm(dir: string, plan: PlanFile, io: CliIo): Promise<void> {
  const path = join(dir, SLURM_SCRIPT);
  await writeFileAtomic(path, slurmScript(plan, dir));
  io.err(`cdr plan: wrote ${path}; submit with: sbatch ${path}\n`);
}

async function makePlan(args: Parameters<CliCommand['run']>[0], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = args;
  const out = str(values.output);
  if (!out)
    throw new CdrError('cdr plan needs -o PLAN_DIR (where plan.json and the shard files go)', {
      code: 'BadInput',
    });
  const dir = resolve(io.cwd, out);
  const count = shardCount(values.shards);
  const layout = str(values.layout) ?? 'mirror';
  if (!['mirror', 'flat', 'archive'].includes(layout))
    throw new CdrError(`--layout must be mirror, flat or archive: ${layout}`, { code: 'BadInput' });
  const capBytes =
    values['max-bytes'] === undefined ? DEFAULT_CLI_CAP_BYTES : parseBytes(String(values['max-bytes']), '--max-bytes');
  const emit = emitKind(values.emit);
  const planPath = join(dir, PLAN_FILE);
  // Checked before the (possibly long) expansion too, not only when writing.
  if (
    await access(planPath).then(
      () => true,
      () => false,
    )
  )
    throw new CdrError(`${planPath} already holds a plan; choose another folder or remove it first`, {
      code: 'BadInput',
    });
  const policy = routePolicyFrom(values, io.env);
  const profile = str(values.profile);
  const expanded = await expandForPlan(args, { io, policy, layout: layout as Layout, profile });
  if (!expanded.files.length)
    throw new CdrError(`nothing to plan: ${positionals.join(' ')} names no files`, {
      code: 'BadInput',
    });
  const built = buildPlan({
    planId: randomUUID(),
    createdAt: new Date().toISOString(),
    inputs: positionals,
    files: expanded.files,
    shardCount: count,
    destination: resolve(io.cwd, str(values.dest) ?? '.'),
    layout: layout as Layout,
    context: planContextOf(expanded.context),
    credentials: {
      source: expanded.credentials.error ? null : expanded.credentials.source,
      profile: expanded.credentials.profile,
      region: expanded.credentials.region,
    },
    policy: { via: policy.via, allowCrossRegion: policy.allowCrossRegion, unknownContext: policy.unknownContext },
    prices: DEFAULT_PRICES,
    capBytes,
    cdrVersion: VERSION,
  });
  for (const n of built.notes) io.err(`cdr plan: ${n}\n`);
  if (!built.plan.cap.allowed) {
    io.err(
      `cdr plan: refusing to write the plan: ${built.plan.cap.reason ?? ''}. Pass --max-bytes ${built.plan.cap.s3Bytes} or more to allow it.\n`,
    );
    if (values.json) io.out(`${JSON.stringify({ refused: true, totals: built.plan.totals, cap: built.plan.cap })}\n`);
    return ExitCode.Failed;
  }
  await writePlan(dir, built);
  if (emit === 'slurm') await emitSlurm(dir, built.plan, io);
  if (values.json) io.out(`${JSON.stringify(built.plan, null, 2)}\n`);
  else io.out(planSummary(built.plan, dir));
  return ExitCode.Ok;
}

function statusText(s: MergedStatus, plan: PlanFile, manifest: string): string {
  const f = s.files;
  const list = (xs: readonly number[]) =>
    xs.length ? ` (${xs.slice(0, 20).join(', ')}${xs.length > 20 ? ', …' : ''})` : '';
  const lines = [
    `plan ${plan.planId}: ${s.complete ? 'COMPLETE' : 'INCOMPLETE'}`,
    `  files: ${f.COMPLETE} COMPLETE, ${f.SKIPPED} SKIPPED, ${f.ERROR} ERROR of ${f.total}`,
    `  shards: ${s.shards.complete.length} complete, ${s.shards.failed.length} failed${list(s.shards.failed)}, ${s.shards.missing.length} not run${list(s.shards.missing)} of ${s.shards.total}`,
  ];
  for (const p of s.problems) lines.push(`  problem: ${p}`);
  for (const n of s.contextNotes) lines.push(`  context: ${n}`);
  const errors = s.rows.filter((r) => r.Status === 'ERROR' && r.ErrorCode !== 'not-run');
  for (const r of errors.slice(0, 10)) lines.push(`  ERROR ${r.URL}: ${r.Message}`);
  if (errors.length > 10) lines.push(`  … and ${errors.length - 10} more errors in the manifest`);
  lines.push(`  manifest: ${manifest}`);
  if (s.rerun.command) lines.push(`  rerun the unfinished shards: ${s.rerun.command}`);
  return `${lines.join('\n')}\n`;
}

async function status(dirArg: string, values: Values, io: CliIo): Promise<ExitCode> {
  const dir = resolve(io.cwd, dirArg);
  const plan = await readPlan(dir);
  const [shards, results] = await Promise.all([
    Promise.all(plan.shards.map((s) => readShard(join(dir, s.file)))),
    readShardResults(dir, plan),
  ]);
  const merged = mergeStatus({ plan, planDir: dir, shards, results });
  const manifest = join(dir, 'manifest.csv');
  await writeFileAtomic(manifest, statusCsv(merged.rows));
  const slurm = join(dir, SLURM_SCRIPT);
  const hasSlurm = await access(slurm).then(
    () => true,
    () => false,
  );
  const slurmRerun =
    hasSlurm && merged.rerun.shards.length ? `sbatch --array=${merged.rerun.shards.join(',')} ${slurm}` : null;
  if (values.json) {
    io.out(`${JSON.stringify({ ...merged, manifest, rerun: { ...merged.rerun, slurm: slurmRerun } }, null, 2)}\n`);
  } else {
    io.out(statusText(merged, plan, manifest));
    if (slurmRerun) io.out(`  or on Slurm: ${slurmRerun}\n`);
  }
  return merged.complete ? ExitCode.Ok : ExitCode.Failed;
}

export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'Plan a large set once (routes, sizes, cost, cap) as shards for Dask, Slurm or any engine; --status merges.',
  positionals: 'SET...',
  options: {
    shards: { type: 'string', valueName: 'N', description: 'Split the set into N shards balanced by bytes.' },
    output: { type: 'string', short: 'o', valueName: 'PLAN_DIR', description: 'Folder for plan.json and shard files.' },
    dest: {
      type: 'string',
      valueName: 'DIR',
      description: 'Where workers put the files (default: the current folder; a shared filesystem on a cluster).',
    },
    'max-bytes': {
      type: 'string',
      valueName: 'N',
      description: `Allow up to N bytes over S3 for the whole plan (default ${DEFAULT_CLI_CAP_BYTES / 1024 ** 3} GiB).`,
    },
    profile: {
      type: 'string',
      valueName: 'P',
      description: 'Use this AWS profile (like boto3 Session(profile_name=P)).',
    },
    via: {
      type: 'string',
      valueName: 'auto|s3|http',
      description: 'Force the transport (default auto: the decision tree); env CDR_VIA.',
    },
    'allow-cross-region': {
      type: 'boolean',
      description: 'Allow S3 transfers across regions (requester pays); env CDR_ALLOW_CROSS_REGION.',
    },
    layout: { type: 'string', valueName: 'mirror|flat|archive', description: 'As in cdr get (default mirror).' },
    ...filterOptions,
    ...productOptions,
    status: {
      type: 'string',
      valueName: 'PLAN_DIR',
      description: "Merge the shards' results into PLAN_DIR/manifest.csv; exit 1 until every file is done.",
    },
    emit: {
      type: 'string',
      valueName: 'slurm',
      description:
        'Also write PLAN_DIR/cdr-plan.sbatch (an sbatch --array script; with only -o, for an existing plan).',
    },
  },
  async run(args, io) {
    const { values, positionals } = args;
    const statusDir = str(values.status);
    if (statusDir !== undefined) {
      if (positionals.length) throw new CdrError('cdr plan --status takes only PLAN_DIR', { code: 'BadInput' });
      return status(statusDir, values, io);
    }
    if (!positionals.length && emitKind(values.emit) && str(values.output)) {
      const dir = resolve(io.cwd, str(values.output) as string);
      await emitSlurm(dir, await readPlan(dir), io);
      return ExitCode.Ok;
    }
    if (!positionals.length)
      throw new CdrError('cdr plan needs a set (s3://bucket/prefix/, URIs, a list), or --status PLAN_DIR', {
        code: 'BadInput',
      });
    return makePlan(args, io);
  },
};
