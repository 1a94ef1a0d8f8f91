// I/O: a prefix as one download plan: every object under it listed (with size and ETag), each routed on its own.
import type { BucketLister, ListedObject } from '../../core/catalog/listing';
import type { OpenDataBucket } from '../../core/catalog/types';
import { planDownloads, type DownloadPlan } from '../../core/routing/downloadItemFor';
import type { RouteService } from '../route/routeService';

export async function planPrefix(opts: {
  lister: BucketLister;
  routes: RouteService;
  bucket: OpenDataBucket;
  prefix: string;
  signal?: AbortSignal;
}): Promise<DownloadPlan> {
  const { bucket, prefix } = opts;
  const listed = new Map<string, ListedObject>();
  for await (const o of opts.lister.listAll(bucket.bucket, prefix, {
    region: bucket.region,
    requesterPays: bucket.requesterPays,
    signal: opts.signal,
  }))
    listed.set(`s3://${o.bucket}/${o.key}`, o);
  if (!listed.size) return { items: [], refused: [], warnings: [] };
  const { routes, locations } = await opts.routes.plan([...listed.keys()]);
  const plan = planDownloads(routes, locations);
  return {
    ...plan,
    items: plan.items.map((i) => {
      const o = listed.get(i.uri);
      return o ? { ...i, listed: { size: o.size, etag: o.etag, lastModified: o.lastModified } } : i;
    }),
  };
}
