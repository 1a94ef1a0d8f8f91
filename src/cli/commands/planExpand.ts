// I/O: the set a plan covers — each input expanded into files with routes, sizes and ETags (before any byte moves).
import { createBucketLister, type ListedObject } from '../../core/catalog/listing';
import { OPEN_DATA_BUCKETS } from '../../core/catalog/openDataBuckets';
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

const PREFIX = /^s3:\/\/([^/]+)\/(.*)$/;

/**
 * `s3://bucket/prefix/` (ending in `/`) → every object under it, with size and ETag, listed anonymously; anything
 * else passes through as one file. The data-set expansion of `cdr get` replaces this when it lands.
 */
async function expandPrefixes(
  inputs: readonly string[],
  io: CliIo,
): Promise<{ uris: string[]; listed: Map<string, ListedObject> }> {
  const uris: string[] = [];
  const listed = new Map<string, ListedObject>();
  const prefixes = inputs.filter((i) => PREFIX.test(i) && i.endsWith('/'));
  if (!prefixes.length) return { uris: [...inputs], listed };
  const lister = await createBucketLister({ env: io.env });
  try {
    for (const input of inputs) {
      const m = PREFIX.exec(input);
      if (!m || !input.endsWith('/')) {
        uris.push(input);
        continue;
      }
      const [, bucket, prefix] = m as unknown as [string, string, string];
      const region =
        OPEN_DATA_BUCKETS.find((b) => b.bucket === bucket)?.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
      let n = 0;
      for await (const o of lister.listAll(bucket, prefix, { region: region ?? 'us-east-1' })) {
        const uri = `s3://${o.bucket}/${o.key}`;
        uris.push(uri);
        listed.set(uri, o);
        n++;
      }
      if (!n) throw new CdrError(`${input} holds no objects`, { code: 'BadInput' });
    }
  } finally {
    lister.destroy();
  }
  return { uris, listed };
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
  const { uris, listed } = await expandPrefixes(inputs, io);
  const routed = await planRoutes(uris, { io, policy, profile });
  const planned = planDownloads(routed.routes, routed.locations);
  const { refused, warnings } = planned;
  const items = planned.items.map((it) => {
    const o = listed.get(it.uri);
    return o ? { ...it, listed: { size: o.size, etag: o.etag, lastModified: o.lastModified } } : it;
  });
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
