// I/O: sizes many S3 objects named one by one with a few ListObjectsV2 pages instead of a HEAD each, over the same
// node:https client (and SigV4 signer) as the downloads.
import { parseXML } from '@aws-sdk/xml-builder';
import { errorMessage } from '../errors';
import type { Logger } from '../util/logger';
import type { HttpClient } from './httpClient';
import { keepListing, type ListingGroup } from './listingGroups';
import { uriEscape, type S3Signer } from './s3Signer';
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

interface Page {
  readonly objects: ReadonlyArray<{ readonly key: string; readonly facts: ListedFacts }>;
  readonly nextToken: string | null;
}

/** A page of 1,000 entries is about 300 KB; anything far larger is not a listing. */
const MAX_PAGE_BYTES = 8 * 1024 * 1024;

function list<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

async function listPage(
  client: HttpClient,
  route: ListingRoute,
  g: ListingGroup,
  token: string | undefined,
  signal: AbortSignal,
): Promise<Page> {
  const url = route.bucketUrl(g.bucket, g.region);
  const params: Array<[string, string]> = [
    ['list-type', '2'],
    ['prefix', g.prefix],
    ['delimiter', '/'],
    ...(token
      ? [['continuation-token', token] as [string, string]]
      : g.startAfter
        ? [['start-after', g.startAfter] as [string, string]]
        : []),
  ];
  // Escaped as SigV4 canonicalizes (URLSearchParams would send a space as '+').
  url.search = params.map(([k, v]) => `${k}=${uriEscape(v)}`).join('&');
  const res = await client.request(url, {
    method: 'GET',
    headers: g.requesterPays ? { 'x-amz-request-payer': 'requester' } : {},
    signal,
    sign: route.signer(g.region),
  });
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const c of res.body) {
    bytes += (c as Buffer).byteLength;
    if (bytes > MAX_PAGE_BYTES) {
      res.body.destroy();
      throw new Error(`a listing page larger than ${MAX_PAGE_BYTES} bytes`);
    }
    chunks.push(c as Buffer);
  }
  // The SDK's own XML reader (what ListObjectsV2Command parses with), without loading the SDK.
  const doc = parseXML(Buffer.concat(chunks).toString('utf8')) as {
    ListBucketResult?: {
      IsTruncated?: string;
      NextContinuationToken?: string;
      Contents?: Record<string, string> | Array<Record<string, string>>;
    };
  };
  const result = doc.ListBucketResult;
  if (!result) throw new Error('the answer is not a ListBucketResult');
  const objects: Array<{ key: string; facts: ListedFacts }> = [];
  for (const c of list(result.Contents)) {
    const size = Number(c.Size);
    if (typeof c.Key !== 'string' || !Number.isSafeInteger(size) || size < 0) continue;
    const lastModified = c.LastModified ? new Date(c.LastModified) : null;
    objects.push({
      key: c.Key,
      facts: {
        size,
        etag: typeof c.ETag === 'string' ? c.ETag : null,
        lastModified: lastModified && !Number.isNaN(lastModified.getTime()) ? lastModified.toISOString() : null,
      },
    });
  }
  const truncated = result.IsTruncated === 'true';
  return { objects, nextToken: truncated && result.NextContinuationToken ? result.NextContinuationToken : null };
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
          const page = await listPage(client, route, g, token, opts.signal);
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
