// I/O: the set a plan covers — the same expansion and routing as `cdr get` (prefixes, globs, observations, lists,
// filters), each file with its route, size and ETag before any byte moves.
import { prepareSetInputs } from '../../core/catalog/expandSet';
import type { DetectedContext } from '../../core/context/index';
import type { CredentialResolution } from '../../core/credentials/index';
import { CdrError } from '../../core/errors';
import type { PlannedFile } from '../../core/plan/index';
import { planDataSet } from '../../core/routing/planDataSet';
import type { RoutePolicy } from '../../core/routing/types';
import type { Layout } from '../../core/transfer/types';
import type { CliCommand } from '../command';
import type { CliIo } from '../io';
import { catalogFor, prepareRouting, signingCredentials } from './route';
import { keyFiltersFrom, productFiltersFrom } from './setOptions';

export interface ExpandedSet {
  readonly files: PlannedFile[];
  readonly context: DetectedContext;
  readonly credentials: CredentialResolution;
}

export async function expandForPlan(
  args: Parameters<CliCommand['run']>[0],
  opts: { io: CliIo; policy: RoutePolicy; layout: Layout; profile?: string },
): Promise<ExpandedSet> {
  const { io, policy, profile, layout } = opts;
  const env = io.env;
  const catalog = catalogFor(io);
  // Bad URIs and unreadable lists are reported (exit 2) before anything touches the network.
  const prepared = await prepareSetInputs(args.positionals, { catalog, cwd: io.cwd });
  const setup = await prepareRouting(catalog, { io, profile }, async () => undefined);
  const files: PlannedFile[] = [];
  const set = await planDataSet(
    prepared,
    {
      catalog,
      context: setup.context,
      identity: setup.identity,
      policy,
      layout,
      env,
      credentials: signingCredentials(setup, io, profile),
      cwd: io.cwd,
      defaultRegion: setup.credentials.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
      filters: keyFiltersFrom(args),
      productFilters: productFiltersFrom(args.values),
    },
    (f) => {
      files.push({ uri: f.uri, via: f.via, leaf: f.leaf, bytes: f.bytes, etag: f.etag, path: f.path, item: f.item });
    },
  );
  for (const w of set.warnings)
    io.logger.warn('routing', `${w.text}${w.files > 1 ? ` (${w.files} files)` : ` (${w.example})`}`);
  // A plan is handed to machines that cannot ask the user: a file no route can fetch is said now, not on a worker.
  if (set.refused.length)
    throw new CdrError(
      `cannot plan ${set.refused.length} file(s) that no route can fetch, first ${set.refused[0]!.uri}: ${set.refused[0]!.error ?? ''}`,
      { code: 'Routing' },
    );
  return { files, context: setup.context, credentials: setup.credentials };
}
