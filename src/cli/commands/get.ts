// I/O: `cdr get` — downloads s3:// URIs and http(s) URLs into a folder; one result per file, exit 1 if any failed.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { mastBaseUrl } from '../../core/catalog/mastUri';
import { credentialsProviderFor } from '../../core/credentials/credentialsProviderFor';
import { CdrError } from '../../core/errors';
import { mastTokenHeaders, mergeHeaders, parseBearerTokens } from '../../core/transfer/bearerTokens';
import { planDownloads } from '../../core/routing/downloadItemFor';
import type { FileResult, Layout } from '../../core/transfer/types';
import type { CliCommand } from '../command';
import { ExitCode, type CliIo } from '../io';
import { planRoutes, routePolicyFrom } from './route';

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

export const getCommand: CliCommand = {
  name: 'get',
  summary: 'Download s3:// URIs or http(s) URLs (parallel ranges, resumable, verified) into a folder.',
  positionals: 'URI...',
  options: {
    output: {
      type: 'string',
      short: 'o',
      valueName: 'DIR',
      description: 'Destination folder (default: the current folder).',
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
    'max-bytes': {
      type: 'string',
      valueName: 'N',
      description: `Allow up to N bytes over S3 in this run (default ${DEFAULT_CLI_CAP_BYTES / 1024 ** 3} GiB); e.g. 500M, 20G.`,
    },
    layout: {
      type: 'string',
      valueName: 'mirror|flat|archive',
      description: 'mirror: bucket/key or host/path (default); flat: file names only.',
    },
    force: { type: 'boolean', description: 'Download again even when a file of the same size is present.' },
    manifest: { type: 'string', valueName: 'FILE', description: 'Write a result manifest (.csv or .json).' },
    concurrency: {
      type: 'string',
      valueName: 'N',
      description: 'Requests in flight across all files and parts (default: 2 per CPU core, 4 to 16).',
    },
    'part-size': { type: 'string', valueName: 'BYTES', description: 'Size of each ranged GET (default 16M).' },
  },
  async run({ values, positionals }, io) {
    const { downloadBatch, DownloadLedger, writeManifest } = await import('../../core/transfer/index');
    if (positionals.length === 0) throw new CdrError('cdr get needs at least one URI', { code: 'BadInput' });
    const layout = String(values.layout ?? 'mirror');
    if (!['mirror', 'flat', 'archive'].includes(layout))
      throw new CdrError(`--layout must be mirror, flat or archive: ${layout}`, { code: 'BadInput' });
    const maxBytes =
      values['max-bytes'] === undefined
        ? DEFAULT_CLI_CAP_BYTES
        : parseBytes(String(values['max-bytes']), '--max-bytes');
    const env = io.env;
    const profile = typeof values.profile === 'string' ? values.profile : undefined;
    const policy = routePolicyFrom(values, env);
    // The same plumbing as `cdr route`: catalog, context, credentials, then the decision tree for each file.
    const plan = await planRoutes(positionals, { io, policy, profile });
    const { items, refused, warnings } = planDownloads(plan.routes, plan.locations);
    for (const w of warnings)
      io.logger.warn('routing', `${w.text}${w.uris.length > 1 ? ` (${w.uris.length} files)` : ` (${w.uris[0]})`}`);
    const resolution = plan.credentials;
    const signs = items.some((i) => i.via === 's3') && resolution.source !== null && !resolution.error;
    const credentials = signs
      ? credentialsProviderFor(resolution, {
          env,
          homedir: homedir(),
          ...(profile !== undefined ? { profile } : {}),
          probeImds: plan.context.provider === 'aws' && plan.context.service === 'ec2',
          systemBotoConfig: env.CDR_SYSTEM_BOTO_CONFIG ?? '/etc/boto.cfg',
        })
      : undefined;
    // A MAST token goes to MAST's origin only; the engine drops it on redirects elsewhere.
    const httpHeadersByOrigin = mergeHeaders(
      env.CDR_BEARER_TOKENS ? parseBearerTokens(env.CDR_BEARER_TOKENS) : {},
      mastTokenHeaders(mastBaseUrl(env), env.MAST_API_TOKEN),
    );
    const region = resolution.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
    const usdPerGb = plan.context.inCloud ? policy.prices.crossRegionPerGB : policy.prices.internetPerGB;

    const abort = new AbortController();
    const onSigint = () => abort.abort(new CdrError('Cancelled', { code: 'Cancelled' }));
    process.once('SIGINT', onSigint);
    let outcome;
    try {
      outcome = !items.length
        ? { kind: 'done' as const, results: [], s3Bytes: 0 }
        : await downloadBatch(items, {
            destDir: resolve(io.cwd, String(values.output ?? '.')),
            layout: layout as Layout,
            force: values.force === true,
            env,
            region,
            credentials,
            httpHeadersByOrigin,
            concurrency: positiveInt(values.concurrency, '--concurrency'),
            partSize: positiveInt(values['part-size'], '--part-size'),
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
