// Pure: turns a decided route and its catalog location into what the transfer engine downloads.
import type { Location } from '../catalog/types';
import type { DownloadItem, FileResult } from '../transfer/types';
import type { Route } from './types';

/**
 * astroquery's layout, `mastDownload/<collection>/<obs_id>/<file>`. From a URI alone the observation id is the
 * file name up to its first underscore (`u9o40504m_c3m.fits` → `u9o40504m`), which is how HST/JWST names are built.
 */
export function archivePathFor(location: Location): string[] | undefined {
  const uri = location.archiveUri;
  const m = uri ? /^mast:([^/]+)\/product\/(.+)$/.exec(uri) : null;
  if (m) {
    const file = m[2]!.split('/').pop()!;
    const obsId = file.includes('_') ? file.slice(0, file.indexOf('_')) : file.replace(/\.[^.]*$/, '');
    return ['mastDownload', m[1]!, obsId, file];
  }
  if (location.bucket && location.key)
    return [
      location.kind === 's3' || location.kind === 'https' || location.kind === 'earthdata'
        ? location.bucket
        : `${location.kind}Download`,
      ...location.key.split('/'),
    ];
  return undefined;
}

type MutableItem = { -readonly [K in keyof DownloadItem]: DownloadItem[K] };

/**
 * Null when the route has an error (e.g. requester pays without credentials): nothing can be fetched. Built by
 * assignment in a fixed key order rather than by conditional spreads: this runs once per file of a 100,000-key set,
 * and the spreads cost several throw-away objects per file.
 */
export function downloadItemFor(route: Route, location: Location): DownloadItem | null {
  if (route.error) return null;
  const s3 = route.via === 's3' && location.bucket && location.key;
  if (!s3 && !route.httpUrl) return null;
  const item = { uri: route.uri } as MutableItem;
  const archivePath = archivePathFor(location);
  if (archivePath) item.archivePath = archivePath;
  if (s3) {
    item.via = 's3';
    item.bucket = location.bucket!;
    item.key = location.key!;
    if (location.region) item.region = location.region;
    item.requesterPays = route.requesterPays;
    if (route.httpUrl) item.httpUrl = route.httpUrl;
    if (location.earthdata?.s3CredentialsUrl) item.credentialScope = location.earthdata.s3CredentialsUrl;
    if (location.earthdata?.checksum) item.checksum = location.earthdata.checksum;
    return item;
  }
  // Over HTTP too, a file with a cloud copy lands at bucket/key: the same place whichever route was taken.
  if (location.bucket && location.key) {
    item.bucket = location.bucket;
    item.key = location.key;
  }
  item.via = 'http';
  item.httpUrl = route.httpUrl!;
  if (location.earthdata?.checksum) item.checksum = location.earthdata.checksum;
  return item;
}

export interface DownloadPlan {
  readonly items: DownloadItem[];
  /** Files no route can fetch (e.g. requester pays without credentials), as ERROR results with the route's reason. */
  readonly refused: FileResult[];
  /** Each distinct route warning once, with the URIs it concerns (a batch of 500 files says it once). */
  readonly warnings: { readonly text: string; readonly uris: string[] }[];
}

export function planDownloads(routes: readonly Route[], locations: readonly Location[]): DownloadPlan {
  const items: DownloadItem[] = [];
  const refused: FileResult[] = [];
  const warnings = new Map<string, string[]>();
  routes.forEach((route, i) => {
    for (const w of route.warnings) warnings.set(w, [...(warnings.get(w) ?? []), route.uri]);
    const item = downloadItemFor(route, locations[i]!);
    if (item) items.push(item);
    else {
      refused.push({
        uri: route.uri,
        status: 'ERROR',
        path: null,
        bytes: null,
        via: route.via,
        etag: null,
        sha256: null,
        verified: [],
        resumed: false,
        error: route.error ?? `no way to fetch ${route.uri}`,
        errorCode: 'no-route',
      });
    }
  });
  return { items, refused, warnings: [...warnings].map(([text, uris]) => ({ text, uris })) };
}
