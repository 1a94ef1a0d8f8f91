// Pure: Earthdata addresses (a DAAC URL, an s3:// URI in a DAAC bucket, a CMR granule file) → catalog Locations.
import type { Location } from '../catalog/types';
import { daacForBucket, daacForOrigin, daacForProvider } from './daacs';
import type { Daac, Granule, GranuleFile } from './types';

/** What can be told offline about a URL or s3:// URI the DAAC table claims. */
export interface ParsedEarthdata {
  readonly kind: 'earthdata';
  readonly input: string;
  readonly daac: Daac;
  readonly httpUrl: string | null;
  readonly bucket: string | null;
  readonly key: string | null;
  readonly note: string | null;
}

function decodePath(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

/** A URL on a DAAC origin; its S3 twin only where the table says paths are `/<bucket>/<key>` (never guessed). */
export function parseEarthdataUrl(input: string, url: URL, daacs: readonly Daac[]): ParsedEarthdata | undefined {
  const daac = daacForOrigin(daacs, url);
  if (!daac) return undefined;
  const path = url.pathname.replace(/^\/+/, '');
  const slash = path.indexOf('/');
  const bucket = slash > 0 ? path.slice(0, slash) : '';
  const key = slash > 0 ? decodePath(path.slice(slash + 1)) : '';
  if (daac.httpsPathIsBucketKey && url.search === '' && daac.buckets.includes(bucket) && key !== '') {
    return { kind: 'earthdata', input, daac, httpUrl: input, bucket, key, note: null };
  }
  return {
    kind: 'earthdata',
    input,
    daac,
    httpUrl: input,
    bucket: null,
    key: null,
    note: `No S3 link is derived for ${input}: ${daac.name}'s URL paths do not map one to one onto its buckets; search CMR for the granule (cdr search) to get both links`,
  };
}

/** An s3:// object in a DAAC bucket; its HTTPS twin only where the table says paths map one to one. */
export function parseEarthdataS3(
  input: string,
  bucket: string,
  key: string,
  daacs: readonly Daac[],
): ParsedEarthdata | undefined {
  const daac = daacForBucket(daacs, bucket);
  if (!daac) return undefined;
  const origin = daac.origins[0];
  if (daac.httpsPathIsBucketKey && origin) {
    return {
      kind: 'earthdata',
      input,
      daac,
      httpUrl: `${origin}/${bucket}/${encodeKey(key)}`,
      bucket,
      key,
      note: null,
    };
  }
  return {
    kind: 'earthdata',
    input,
    daac,
    httpUrl: null,
    bucket,
    key,
    note: `No HTTPS link is derived for ${input}: ${daac.name}'s URL paths do not map one to one onto its buckets; outside ${daac.region} search CMR for the granule (cdr search) to get its HTTPS link`,
  };
}

export function earthdataLocation(p: ParsedEarthdata): Location {
  const s3 = p.bucket !== null && p.key !== null;
  return {
    input: p.input,
    kind: 'earthdata',
    bucket: s3 ? p.bucket : null,
    key: s3 ? p.key : null,
    s3Uri: s3 ? `s3://${p.bucket}/${p.key}` : null,
    region: s3 ? p.daac.region : null,
    requesterPays: false,
    httpUrl: p.httpUrl,
    bytes: null,
    httpLogin: 'earthdata',
    archiveUri: null,
    notes: p.note ? [p.note] : [],
    lookupFailed: false,
    earthdata: { daac: p.daac.id, s3CredentialsUrl: p.daac.s3CredentialsUrl, checksum: null },
  };
}

function splitS3(uri: string | null): { bucket: string; key: string } | null {
  const m = uri ? /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/.exec(uri) : null;
  return m && !m[2]!.endsWith('/') ? { bucket: m[1]!, key: m[2]! } : null;
}

/** One file of a CMR granule, with both links exactly as the record gives them; null when it has neither. */
export function granuleFileLocation(granule: Granule, file: GranuleFile, daacs: readonly Daac[]): Location | null {
  const input = file.httpsUrl ?? file.s3Uri;
  if (!input) return null;
  const s3 = splitS3(file.s3Uri);
  let httpsDaac: Daac | undefined;
  if (file.httpsUrl && URL.canParse(file.httpsUrl)) httpsDaac = daacForOrigin(daacs, new URL(file.httpsUrl));
  const daac =
    (s3 ? daacForBucket(daacs, s3.bucket) : undefined) ?? httpsDaac ?? daacForProvider(daacs, granule.provider);
  const notes: string[] = [];
  // Said per collection, not per file: a set of 1,000 granules gets each note once.
  const of = `files of ${granule.collectionConceptId ?? `provider ${granule.provider}`}`;
  if (!s3) notes.push(`CMR gives no direct-access (s3://) link for ${of}`);
  else if (!granule.region) notes.push(`Region unknown for ${of}: neither the collection nor the DAAC table says`);
  if (!file.httpsUrl) notes.push(`CMR gives no HTTPS link for ${of}`);
  return {
    input,
    kind: 'earthdata',
    bucket: s3?.bucket ?? null,
    key: s3?.key ?? null,
    s3Uri: s3 ? file.s3Uri : null,
    region: s3 ? granule.region : null,
    requesterPays: false,
    httpUrl: file.httpsUrl,
    bytes: file.sizeBytes,
    httpLogin: 'earthdata',
    archiveUri: null,
    notes,
    lookupFailed: false,
    earthdata: { daac: daac?.id ?? null, s3CredentialsUrl: granule.s3CredentialsUrl, checksum: file.checksum },
  };
}
