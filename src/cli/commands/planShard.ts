// I/O: `cdr get --plan PLAN_DIR/shard-K.jsonl` — runs shards of a plan here (this machine's context and credentials)
// and writes each shard's result; exit 1 when a file failed.
import { join, resolve } from 'node:path';
import { mastBaseUrl } from '../../core/catalog/mastUri';
import { CdrError } from '../../core/errors';
import { mastTokenHeaders, mergeHeaders, parseBearerTokens } from '../../core/transfer/bearerTokens';
import { ExitCode, type CliIo } from '../io';
import { catalogFor, prepareRouting, signingCredentials } from './route';

type Values = Record<string, string | boolean | string[] | undefined>;

function stateDir(env: CliIo['env']): string {
  if (env.CDR_STATE_DIR) return env.CDR_STATE_DIR;
  const base = env.XDG_STATE_HOME || join(env.HOME || env.USERPROFILE || '.', '.local', 'state');
  return join(base, 'cloud-data-router');
}

function positiveInt(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const t = String(v);
  const m = /^(\d+)([kKmM]?)$/.exec(t.trim());
  const n = m ? Number(m[1]) * (m[2] ? (m[2].toLowerCase() === 'k' ? 1024 : 1024 ** 2) : 1) : NaN;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new CdrError(`${flag} must be a positive number: ${t}`, { code: 'BadInput' });
  return n;
}

export async function runPlanShards(values: Values, io: CliIo): Promise<ExitCode> {
  const { runShard } = await import('../../core/plan/runShard');
  const { DownloadLedger } = await import('../../core/transfer/index');
  const shards = ([] as string[]).concat((values.plan as string[] | string | undefined) ?? []);
  const env = io.env;
  const profile = typeof values.profile === 'string' ? values.profile : undefined;
  // This worker's own context and credentials: the plan's routes hold only where they match the plan's.
  const setup = await prepareRouting(catalogFor(io), { io, profile }, async () => undefined);
  const { context, identity } = setup;
  const credentials = signingCredentials(setup, io, profile);
  const httpHeadersByOrigin = mergeHeaders(
    env.CDR_BEARER_TOKENS ? parseBearerTokens(env.CDR_BEARER_TOKENS) : {},
    mastTokenHeaders(mastBaseUrl(env), env.MAST_API_TOKEN),
  );
  const abort = new AbortController();
  const onSigint = () => abort.abort(new CdrError('Cancelled', { code: 'Cancelled' }));
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  let failed = false;
  const summaries: unknown[] = [];
  try {
    for (const shard of shards) {
      const run = await runShard({
        shardPath: resolve(io.cwd, shard),
        ...(typeof values.output === 'string' ? { destDir: resolve(io.cwd, values.output) } : {}),
        context,
        identity,
        batch: {
          env,
          region: setup.credentials.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
          credentials,
          httpHeadersByOrigin,
          force: values.force === true,
          concurrency: positiveInt(values.concurrency, '--concurrency'),
          partSize: positiveInt(values['part-size'], '--part-size'),
          signal: abort.signal,
          logger: io.logger,
        },
        budget: {
          ledger: new DownloadLedger({ dir: stateDir(env) }),
          sessionId: `plan-${process.pid}-${Date.now()}`,
          usdPerGb: context.inCloud ? 0.02 : 0.09,
        },
      });
      const r = run.result;
      if (!r.contextCheck.holds)
        io.err(
          `cdr get: shard ${r.shard}: the plan's context does not hold here (${r.contextCheck.differences.join('; ')}); routes re-checked, ${r.contextCheck.rerouted} file(s) re-routed\n`,
        );
      if (run.refusedByCap) io.err(`cdr get: shard ${r.shard}: refused: ${run.refusedByCap}\n`);
      for (const f of r.files.filter((x) => x.status === 'ERROR').slice(0, 10))
        io.err(`cdr get: ERROR ${f.uri}: ${f.error ?? ''}\n`);
      if (r.counts.ERROR) failed = true;
      summaries.push({ shard: r.shard, result: run.resultPath, counts: r.counts, contextCheck: r.contextCheck });
      if (!values.json)
        io.out(
          `shard ${r.shard}: ${r.counts.COMPLETE} COMPLETE, ${r.counts.SKIPPED} SKIPPED, ${r.counts.ERROR} ERROR → ${run.resultPath}\n`,
        );
      if (abort.signal.aborted) break;
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigint);
  }
  if (values.json) io.out(`${JSON.stringify(summaries, null, 2)}\n`);
  return failed || abort.signal.aborted ? ExitCode.Failed : ExitCode.Ok;
}
