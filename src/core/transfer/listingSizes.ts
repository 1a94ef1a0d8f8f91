// I/O: sizes many S3 objects named one by one with a few ListObjectsV2 pages instead of a HEAD each, over the same
// node:https client (and SigV4 signer) as the downloads.
import { errorMessage } from '../errors';
import type { Logger } from '../util/logger';
import type { HttpClient } from './httpClient';
import { keepListing, type ListingGroup } from './listingGroups';
import { listObjectsPage } from './listObjects';
import type { S3Signer } from './s3Signer';
import type { ListedFacts } from './types';

/** `bucket` NUL `key`: the same object named twice is sized once. */
export function objectId(bucket: string, key: string): string {
  return `${bucket}\0${key}`;
}

export interface ListingRoute {
  /** Where the bucket is listed: the configured endpoint path-style, else the bucket's virtual host. */
  bucketUrl(bucket: string, region: string): URL;
  /** SigV4 for the region (signed batches), or undefined (anonymous). */
  signer(region: string): S3Signer | undefined;
}

/**
 * What the listings said about each named object they reached (size, ETag, last modified: exactly what a HEAD says
 * on S3, less the checksum headers). A group that cannot be listed (no ListBucket permission is common for keys
 * shared one by one) is logged and left to HEADs, as are objects the listing did not reach.
 */
export async function sizeByListing(
  groups: readonly ListingGroup[],
  client: HttpClient,
  route: ListingRoute,
  opts: { readonly signal: AbortSignal; readonly logger: Logger },
): Promise<Map<string, ListedFacts>> {
  const facts = new Map<string, ListedFacts>();
  await Promise.all(
    groups.map(async (g) => {
      const where = `s3://${g.bucket}/${g.prefix}`;
      let remaining = g.keys.size;
      let pages = 0;
      let token: string | undefined;
      try {
        for (;;) {
          const page = await listObjectsPage(
            client,
            route.bucketUrl(g.bucket, g.region),
            {
              prefix: g.prefix,
              delimiter: '/',
              continuationToken: token,
              startAfter: g.startAfter,
              requesterPays: g.requesterPays,
            },
            { sign: route.signer(g.region), signal: opts.signal },
          );
          pages++;
          let matched = 0;
          for (const o of page.objects) {
            const id = objectId(g.bucket, o.key);
            if (!g.keys.has(o.key) || facts.has(id)) continue;
            facts.set(id, o.facts);
            matched++;
          }
          remaining -= matched;
          const last = page.objects.length ? page.objects[page.objects.length - 1].key : null;
          const more = keepListing({
            truncated: page.nextToken !== null,
            matched,
            remaining,
            lastListedKey: last,
            lastKey: g.lastKey,
          });
          if (!more) break;
          token = page.nextToken as string;
        }
      } catch (e) {
        if (opts.signal.aborted) throw e;
        opts.logger.debug('transfer', `cannot list ${where} to size its objects (${errorMessage(e)}); sending HEADs`);
      }
      opts.logger.debug(
        'transfer',
        `${where}: ${g.keys.size - remaining} of ${g.keys.size} objects sized by ${pages} listing page(s)`,
      );
    }),
  );
  return facts;
}
