// I/O: `cdr get` — expands files and data sets, routes each file, downloads into a folder (or prints the plan).
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { prepareSetInputs } from '../../core/catalog/expandSet';
import { mastBaseUrl } from '../../core/catalog/mastUri';
import { earthdataForBatch, earthdataSearchToken } from '../../core/earthdata/transferLogin';
import { CdrError } from '../../core/errors';
import { planDataSet } from '../../core/routing/planDataSet';
import type { SetPlan, SetTotals } from '../../core/routing/planSet';
import { mastTokenHeaders, mergeHeaders, parseBearerTokens } from '../../core/transfer/bearerTokens';
import type { DownloadItem, FileResult, Layout } from '../../core/transfer/types';
import type { CliCommand } from '../command';
import { ExitCode, type CliIo } from '../io';
import { PlanSpool } from '../planSpool';
import { getViaAstroquery } from './getViaAstroquery';
import { runPlanShards } from './planShard';
import { catalogFor, prepareRouting, routePolicyFrom, signingCredentials } from './route';
import { filterOptions, keyFiltersFrom, productFiltersFrom, productOptions } from './setOptions';

/** Without --max-bytes one batch may pull this much over S3 before the CLI refuses (egress costs money). */
export const DEFAULT_CLI_CAP_BYTES = 10 * 1024 ** 3;

const UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  m: 1e6,
  g: 1e9,
  t: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

export function parseBytes(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt](?:i?b)?|b)?$/i.exec(text.trim());
  const unit = (m?.[2] ?? '')
    .toLowerCase()
    .replace(/^([kmgt])b$/, '$1')
    .replace(/^b$/, '');
  const n = m && unit in UNITS ? Math.floor(Number(m[1]) * UNITS[unit]) : NaN;
  if (!Number.isFinite(n) || n < 0)
    throw new CdrError(`${flag} must be a byte count such as 500M, 2G or 1GiB: ${text}`, { code: 'BadInput' });
  return n;
}

function positiveInt(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = parseBytes(String(v), flag);
  if (n < 1) throw new CdrError(`${flag} must be at least 1: ${String(v)}`, { code: 'BadInput' });
  return n;
}

function stateDir(env: CliIo['env']): string {
  if (env.CDR_STATE_DIR) return env.CDR_STATE_DIR;
  const base = env.XDG_STATE_HOME || join(env.HOME || env.USERPROFILE || '.', '.local', 'state');
  return join(base, 'cloud-data-router');
}

function outputEntry(r: FileResult) {
  return {
    uri: r.uri,
    status: r.status,
    path: r.path,
    bytes: r.bytes,
    via: r.via,
    sha256: r.sha256,
    etag: r.etag,
    verified: r.verified,
    resumed: r.resumed,
    error: r.error,
    errorCode: r.errorCode,
  };
}

/** The plan as JSON in the contract's key order: totals first, then the spooled items, one per line. */
async function writePlanJson(io: CliIo, totals: SetTotals, spool: PlanSpool): Promise<void> {
  const head = JSON.stringify({
    files: totals.files,
    bytes: totals.bytes,
    estimatedCostUsd: totals.estimatedCostUsd,
    byVia: totals.byVia,
    ...(totals.unknownSizes ? { unknownSizes: totals.unknownSizes } : {}),
  });
  io.out(`${head.slice(0, -1)},"items":[${spool.count ? '\n' : ''}`);
  await spool.replay((text) => io.out(text));
  io.out(']}\n');
}

function totalsLine(t: SetTotals): string {
  const via = (['s3', 'http'] as const)
    .filter((v) => t.byVia[v].files > 0)
    .map((v) => `${v}: ${t.byVia[v].files} files, ${t.byVia[v].bytes} bytes`)
    .join('; ');
  const unknown = t.unknownSizes ? ` (${t.unknownSizes} of unknown size)` : '';
  return `${t.files} files, ${t.bytes} bytes${unknown}${via ? ` (${via})` : ''}, estimated cost $${t.estimatedCostUsd.toFixed(2)}\n`;
}

export const getCommand: CliCommand = {
  name: 'get',
  summary:
    'Download files or data sets (s3:// prefixes and globs, archive folders, mast:obs/… observations, list files): routed per file, resumable, verified.',
  positionals: 'URI|LIST...',
  options: {
    output: {
      type: 'string',
      short: 'o',
      valueName: 'DIR',
      description: 'Destination folder (default: the current folder).',
    },
    'dry-run': {
      type: 'boolean',
      description:
        'List, size and route every file, print the plan (with --json: files, bytes, cost, items), write nothing.',
    },
    ...filterOptions,
    ...productOptions,
    profile: {
      type: 'string',
      valueName: 'P',
      description: 'Use this AWS profile (like boto3 Session(profile_name=P)).',
    },
    via: {
      type: 'string',
      valueName: 'auto|s3|http|astroquery',
      description:
        'Force the transport (default auto: the decision tree); env CDR_VIA. astroquery: hand MAST, ESO, ALMA, Gaia, ESA and CADC files to astroquery (its logins).',
    },
    'no-input': {
      type: 'boolean',
      description: 'With --via astroquery: never prompt; refuse up front when a login would ask for a password.',
    },
    'allow-cross-region': {
      type: 'boolean',
      description: 'Allow S3 transfers across regions (requester pays); env CDR_ALLOW_CROSS_REGION.',
    },
    'max-bytes': {
      type: 'string',
      valueName: 'N',
      description: `Allow up to N bytes over S3 in this run (default ${DEFAULT_CLI_CAP_BYTES / 1024 ** 3} GiB); e.g. 500M, 20G.`,
    },
    layout: {
      type: 'string',
      valueName: 'mirror|flat|archive',
      description:
        'mirror: bucket/key or host/path (default); flat: file names only; archive: mastDownload/<collection>/<obs_id>/ like astroquery.',
    },
    force: { type: 'boolean', description: 'Download again even when a file of the same size is present.' },
    manifest: { type: 'string', valueName: 'FILE', description: 'Write a result manifest (.csv or .json).' },
    concurrency: {
      type: 'string',
      valueName: 'N',
      description: 'Requests in flight across all files and parts (default: 2 per CPU core, 4 to 16).',
    },
    'part-size': { type: 'string', valueName: 'BYTES', description: 'Size of each ranged GET (default 16M).' },
    plan: {
      type: 'string',
      multiple: true,
      valueName: 'SHARD',
      description: 'Run a shard of a plan (PLAN_DIR/shard-K.jsonl; repeatable); writes PLAN_DIR/results/shard-K.json.',
    },
  },
  async run(args, io) {
    const { values, positionals } = args;
    if (values.plan !== undefined) {
      if (positionals.length) throw new CdrError('cdr get --plan takes shard files, not URIs', { code: 'BadInput' });
      return runPlanShards(values, io);
    }
    if (positionals.length === 0)
      throw new CdrError('cdr get needs at least one URI, prefix, observation or list file', { code: 'BadInput' });
    if (values.via === 'astroquery') return getViaAstroquery(values, positionals, io);
    const layout = String(values.layout ?? 'mirror');
    if (!['mirror', 'flat', 'archive'].includes(layout))
      throw new CdrError(`--layout must be mirror, flat or archive: ${layout}`, { code: 'BadInput' });
    const maxBytes =
      values['max-bytes'] === undefined
        ? DEFAULT_CLI_CAP_BYTES
        : parseBytes(String(values['max-bytes']), '--max-bytes');
    const concurrency = positiveInt(values.concurrency, '--concurrency');
    const partSize = positiveInt(values['part-size'], '--part-size');
    const filters = keyFiltersFrom(args);
    const productFilters = productFiltersFrom(values);
    const env = io.env;
    const profile = typeof values.profile === 'string' ? values.profile : undefined;
    const policy = routePolicyFrom(values, env);
    const dryRun = values['dry-run'] === true;

    // Bad URIs and unreadable lists are reported (exit 2) before anything touches the network.
    const catalog = catalogFor(io);
    const prepared = await prepareSetInputs(positionals, { catalog, cwd: io.cwd });
    const setup = await prepareRouting(catalog, { io, profile }, async () => undefined);
    const credentials = signingCredentials(setup, io, profile);
    const region = setup.credentials.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';

    const items: DownloadItem[] = [];
    // A dry run keeps its lines on disk until the totals are known (bounded memory for 100,000 files).
    const spool = dryRun ? await PlanSpool.create() : null;
    let plan: SetPlan;
    try {
      plan = await planDataSet(
        prepared,
        {
          catalog,
          context: setup.context,
          identity: setup.identity,
          policy,
          layout: layout as Layout,
          env,
          credentials,
          cwd: io.cwd,
          defaultRegion: region,
          filters,
          productFilters,
          // The login's token for CMR (restricted collections), never an expired one: public searches would 401.
          earthdata: { token: earthdataSearchToken(env, env.HOME || homedir()) },
          onNote: (text) => io.logger.warn('catalog', text),
        },
        async (f) => {
          if (!spool) items.push(f.item);
          else if (values.json)
            // A separator before every item but the first keeps the spooled lines a JSON array body.
            await spool.add(
              `${spool.count ? ',' : ''}${JSON.stringify({ uri: f.uri, via: f.via, leaf: f.leaf, bytes: f.bytes, path: f.path, ...(f.item.credentialScope ? { credentialScope: f.item.credentialScope } : {}), ...(f.item.checksum ? { checksum: f.item.checksum } : {}) })}`,
            );
          else
            await spool.add(
              `${f.via.padEnd(4)} ${String(f.bytes ?? '?').padStart(12)}  ${f.uri} -> ${f.path}  [${f.leaf}]`,
            );
        },
      );
      for (const w of plan.warnings)
        io.logger.warn('routing', `${w.text}${w.files > 1 ? ` (${w.files} files)` : ` (${w.example})`}`);
      if (plan.duplicates) io.logger.info('routing', `${plan.duplicates} files asked for twice are planned once`);
      if (spool) {
        if (values.json) await writePlanJson(io, plan.totals, spool);
        else {
          await spool.replay((text) => io.out(text));
          io.out(totalsLine(plan.totals));
        }
        for (const r of plan.refused) io.err(`cdr get: ERROR ${r.uri}: ${r.error}\n`);
        return plan.refused.length ? ExitCode.Failed : ExitCode.Ok;
      }
    } finally {
      await spool?.dispose();
    }
    const refused = plan.refused;

    // A MAST token goes to MAST's origin only; the engine drops it on redirects elsewhere.
    const httpHeadersByOrigin = mergeHeaders(
      env.CDR_BEARER_TOKENS ? parseBearerTokens(env.CDR_BEARER_TOKENS) : {},
      mastTokenHeaders(mastBaseUrl(env), env.MAST_API_TOKEN),
    );
    // Earthdata: an expired token is refused here, before the first request; the session spans the whole batch.
    const earthdata = earthdataForBatch(items, { env, home: env.HOME || homedir(), logger: io.logger, cwd: io.cwd });
    const usdPerGb = setup.context.inCloud ? policy.prices.crossRegionPerGB : policy.prices.internetPerGB;
    const { downloadBatch, DownloadLedger, writeManifest } = await import('../../core/transfer/index');
    const abort = new AbortController();
    const onSigint = () => abort.abort(new CdrError('Cancelled', { code: 'Cancelled' }));
    process.once('SIGINT', onSigint);
    let outcome;
    try {
      // The engine checks the cap on the S3 bytes still missing (listed sizes, minus what is present) before
      // its first GET, so a rerun of a set already here is never refused.
      outcome = !items.length
        ? { kind: 'done' as const, results: [], s3Bytes: 0 }
        : await downloadBatch(items, {
            destDir: resolve(io.cwd, String(values.output ?? '.')),
            layout: layout as Layout,
            force: values.force === true,
            env,
            region,
            ...(items.some((i) => i.via === 's3') && credentials ? { credentials } : {}),
            httpHeadersByOrigin,
            ...earthdata.options,
            concurrency,
            partSize,
            signal: abort.signal,
            logger: io.logger,
            budget: {
              ledger: new DownloadLedger({ dir: stateDir(env) }),
              sessionId: `cli-${process.pid}-${Date.now()}`,
              batchCapBytes: maxBytes,
              usdPerGb,
            },
          });
    } finally {
      process.removeListener('SIGINT', onSigint);
      earthdata.dispose();
    }
    if (outcome.kind === 'needs-confirmation') {
      io.err(
        `cdr get: refusing to start: ${outcome.reason} (estimated egress cost $${outcome.estimatedCostUsd.toFixed(2)}). Pass --max-bytes ${outcome.s3Bytes} or more to allow it.\n`,
      );
      if (values.json)
        io.out(
          `${JSON.stringify({ needsConfirmation: true, s3Bytes: outcome.s3Bytes, estimatedCostUsd: outcome.estimatedCostUsd, reason: outcome.reason })}\n`,
        );
      return ExitCode.Failed;
    }
    const results = [...refused, ...outcome.results];
    if (values.manifest) await writeManifest(resolve(io.cwd, String(values.manifest)), results);
    if (values.json) {
      io.out(`${JSON.stringify(results.map(outputEntry), null, 2)}\n`);
    } else {
      for (const r of results) {
        if (r.status === 'ERROR') io.err(`cdr get: ERROR ${r.uri}: ${r.error}\n`);
        else io.out(`${r.status} ${r.path} (${r.bytes ?? '?'} bytes via ${r.via}${r.resumed ? ', resumed' : ''})\n`);
      }
    }
    return results.some((r) => r.status === 'ERROR') ? ExitCode.Failed : ExitCode.Ok;
  },
};
