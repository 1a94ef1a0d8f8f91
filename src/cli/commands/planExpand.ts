// I/O: the set a plan covers — each input expanded into files with routes, sizes and ETags (before any byte moves).
import type { DetectedContext } from '../../core/context/index';
import type { CredentialResolution } from '../../core/credentials/index';
import { CdrError } from '../../core/errors';
import type { PlannedFile } from '../../core/plan/index';
import { planDownloads } from '../../core/routing/downloadItemFor';
import type { RoutePolicy } from '../../core/routing/types';
import { relativeSegments } from '../../core/transfer/safePath';
import type { Layout } from '../../core/transfer/types';
import type { CliIo } from '../io';
import { planRoutes } from './route';

export interface ExpandedSet {
  readonly files: PlannedFile[];
  readonly context: DetectedContext;
  readonly credentials: CredentialResolution;
}

export async function expandForPlan(
  inputs: readonly string[],
  opts: {
    io: CliIo;
    policy: RoutePolicy;
    layout: Layout;
    profile?: string;
    values: Record<string, string | boolean | string[] | undefined>;
  },
): Promise<ExpandedSet> {
  const { io, policy, profile, layout } = opts;
  if (opts.values.include !== undefined || opts.values.exclude !== undefined)
    throw new CdrError('--include/--exclude need data-set expansion, which this build does not have yet', {
      code: 'BadInput',
    });
  const routed = await planRoutes(inputs, { io, policy, profile });
  const { items, refused, warnings } = planDownloads(routed.routes, routed.locations);
  for (const w of warnings)
    io.logger.warn('routing', `${w.text}${w.uris.length > 1 ? ` (${w.uris.length} files)` : ` (${w.uris[0]})`}`);
  if (refused.length)
    throw new CdrError(
      `cannot plan ${refused.length} file(s) that no route can fetch, first ${refused[0]!.uri}: ${refused[0]!.error ?? ''}`,
      { code: 'Routing' },
    );
  const byUri = new Map(routed.routes.map((r) => [r.uri, r]));
  const files = items.map((item): PlannedFile => {
    const route = byUri.get(item.uri)!;
    return {
      uri: item.uri,
      via: item.via,
      leaf: route.leaf,
      bytes: item.listed?.size ?? route.bytes,
      etag: item.listed?.etag ?? null,
      path: relativeSegments(item, layout).join('/'),
      item,
    };
  });
  return { files, context: routed.context, credentials: routed.credentials };
}
