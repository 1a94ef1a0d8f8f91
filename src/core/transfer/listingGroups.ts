// Pure: which S3 objects named one by one can be sized by listing their folder instead of one HEAD each, and when a
// listing stops paying for itself.
import type { DownloadItem } from './types';

/**
 * Below this many objects named in one folder, HEADs are left to do it: a listing page is one request, but reading its
 * up to 1,000 entries costs about 30 ms of CPU (the SDK's XML reader, measured), what some 30-60 HEADs over a
 * kept-alive connection cost. With fewer named objects than that, a folder full of others would make it a loss.
 */
export const LIST_MIN_KEYS = 32;

/** A listing page that matched fewer named objects than this cost more than the HEADs it saved: stop there. */
export const LIST_MIN_MATCHES_PER_PAGE = 50;

export interface ListingGroup {
  readonly bucket: string;
  readonly region: string;
  readonly requesterPays: boolean;
  /** The longest prefix the named keys share (at least their folder); listed one level deep (delimiter '/'). */
  readonly prefix: string;
  /** Just below the smallest named key, so the listing starts at it rather than at the folder's first object. */
  readonly startAfter: string | undefined;
  /** The largest named key: once a page reaches it, later pages cannot hold a named key (S3 lists in key order). */
  readonly lastKey: string;
  readonly keys: ReadonlySet<string>;
}

function folderOf(key: string): string {
  return key.slice(0, key.lastIndexOf('/') + 1);
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  // Never end on half a surrogate pair: the prefix is sent URL-encoded.
  if (i > 0 && /[\uD800-\uDBFF]/.test(a[i - 1])) i--;
  return a.slice(0, i);
}

/** S3 orders keys by their UTF-8 bytes; JavaScript's `<` compares UTF-16 code units, which differ above U+FFFF. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Groups the S3 items that still need a HEAD (no listed facts, no provider-scoped credentials) by bucket, region,
 * requester-pays and folder; groups smaller than `minKeys` are left to HEADs.
 */
export function listingGroups(
  items: readonly DownloadItem[],
  defaultRegion: string,
  minKeys = LIST_MIN_KEYS,
): ListingGroup[] {
  const byFolder = new Map<string, { bucket: string; region: string; requesterPays: boolean; keys: string[] }>();
  for (const item of items) {
    if (item.via !== 's3' || item.listed || item.credentialScope || !item.bucket || !item.key) continue;
    if (item.key.endsWith('/')) continue;
    const region = item.region ?? defaultRegion;
    const requesterPays = item.requesterPays === true;
    const id = JSON.stringify([item.bucket, region, requesterPays, folderOf(item.key)]);
    let g = byFolder.get(id);
    if (!g) byFolder.set(id, (g = { bucket: item.bucket, region, requesterPays, keys: [] }));
    g.keys.push(item.key);
  }
  const groups: ListingGroup[] = [];
  for (const g of byFolder.values()) {
    const keys = [...new Set(g.keys)].sort(compareKeys);
    if (keys.length < minKeys) continue;
    const first = keys[0];
    const last = keys[keys.length - 1];
    const prefix = commonPrefix(first, last);
    // `first` minus its last character sorts just before `first`: nothing between them can be a named key.
    const below = first.slice(0, -1);
    groups.push({
      bucket: g.bucket,
      region: g.region,
      requesterPays: g.requesterPays,
      prefix,
      startAfter: below.length > prefix.length ? below : undefined,
      lastKey: last,
      keys: new Set(keys),
    });
  }
  return groups;
}

/** Whether to ask for the next page, given how the one just read went. */
export function keepListing(page: {
  readonly truncated: boolean;
  readonly matched: number;
  readonly remaining: number;
  readonly lastListedKey: string | null;
  readonly lastKey: string;
}): boolean {
  if (!page.truncated || page.remaining === 0) return false;
  if (page.matched < LIST_MIN_MATCHES_PER_PAGE) return false;
  return page.lastListedKey === null || compareKeys(page.lastListedKey, page.lastKey) < 0;
}
