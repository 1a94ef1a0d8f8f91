// Pure: the built-in table of open-data buckets and archive mirrors, and the HTTP URL of an S3 object.
import { daacTable } from '../earthdata/daacs';
import type { Daac } from '../earthdata/types';
import { CdrError } from '../errors';
import type { MirrorMapping, OpenDataBucket } from './types';

/**
 * Buckets whose facts we know without asking AWS. Sources: the AWS Open Data Registry entries and the
 * archives' own cloud pages. stpubdata stopped being requester-pays in 2023 (astroquery now reads it
 * unsigned); usgs-landsat is requester-pays and has no free HTTP copy of the same objects.
 */
export const OPEN_DATA_BUCKETS: readonly OpenDataBucket[] = [
  { bucket: 'stpubdata', region: 'us-east-1', requesterPays: false, http: 'mast' },
  { bucket: 'nasa-heasarc', region: 'us-east-1', requesterPays: false, http: 'mirror' },
  { bucket: 'nasa-irsa-wise', region: 'us-west-2', requesterPays: false, http: 'mirror' },
  { bucket: 'nasa-irsa-spitzer', region: 'us-west-2', requesterPays: false, http: 'mirror' },
  { bucket: 'nasa-irsa-euclid-q1', region: 'us-east-1', requesterPays: false, http: 'mirror' },
  { bucket: 'usgs-landsat', region: 'us-west-2', requesterPays: true, http: 'none' },
  { bucket: 'sentinel-cogs', region: 'us-west-2', requesterPays: false, http: 'bucket' },
  { bucket: 'noaa-goes16', region: 'us-east-1', requesterPays: false, http: 'bucket' },
];

/**
 * Archive web areas that are byte-for-byte copies of a bucket prefix.
 * HEASARC mirrors its whole FTP area in nasa-heasarc. For IRSA, its "Map IBE to Cloud Paths" page gives
 * the rule: replace the URL up to the data product id with the bucket's prefix, which inserts `images/`
 * (e.g. ibe/data/wise/allwise/p3am_cdd/… → wise/allwise/images/p3am_cdd/…). Only collections IRSA
 * documents in S3 are listed; anything else under irsa.ipac.caltech.edu is treated as having no cloud copy.
 * The NEOWISE line follows the same documented rule; the others are IRSA's own examples.
 * Order matters for the reverse direction: the first mapping of a bucket prefix gives its HTTP URL.
 */
export const MIRROR_MAPPINGS: readonly MirrorMapping[] = [
  { kind: 'heasarc', urlPrefix: 'https://heasarc.gsfc.nasa.gov/FTP/', bucket: 'nasa-heasarc', keyPrefix: '' },
  {
    kind: 'irsa',
    urlPrefix: 'https://irsa.ipac.caltech.edu/ibe/data/wise/allwise/p3am_cdd/',
    bucket: 'nasa-irsa-wise',
    keyPrefix: 'wise/allwise/images/p3am_cdd/',
  },
  {
    kind: 'irsa',
    urlPrefix: 'https://irsa.ipac.caltech.edu/ibe/data/wise/allsky/4band_p1bm_frm/',
    bucket: 'nasa-irsa-wise',
    keyPrefix: 'wise/allsky/images/4band_p1bm_frm/',
  },
  {
    kind: 'irsa',
    urlPrefix: 'https://irsa.ipac.caltech.edu/ibe/data/wise/neowiser/p1bm_frm/',
    bucket: 'nasa-irsa-wise',
    keyPrefix: 'wise/neowiser/images/p1bm_frm/',
  },
  {
    kind: 'irsa',
    urlPrefix: 'https://irsa.ipac.caltech.edu/ibe/data/spitzer/seip_science/images/',
    bucket: 'nasa-irsa-spitzer',
    keyPrefix: 'spitzer/seip/seip_science/images/',
  },
  {
    kind: 'irsa',
    urlPrefix: 'https://irsa.ipac.caltech.edu/data/SPITZER/Enhanced/SEIP/images/',
    bucket: 'nasa-irsa-spitzer',
    keyPrefix: 'spitzer/seip/seip_science/images/',
  },
  {
    kind: 'irsa',
    urlPrefix: 'https://irsa.ipac.caltech.edu/ibe/data/euclid/q1/',
    bucket: 'nasa-irsa-euclid-q1',
    keyPrefix: 'q1/',
  },
];

export interface CatalogTables {
  readonly buckets: readonly OpenDataBucket[];
  readonly mirrors: readonly MirrorMapping[];
  /** Earthdata DAACs: URLs on their origins and objects in their buckets are Earthdata locations. */
  readonly daacs: readonly Daac[];
}

/** User entries come first so they can correct or extend the built-in ones. */
export function catalogTables(
  opts: {
    userBuckets?: readonly OpenDataBucket[];
    userMirrors?: readonly MirrorMapping[];
    userDaacs?: readonly Daac[];
  } = {},
): CatalogTables {
  return {
    buckets: [...(opts.userBuckets ?? []), ...OPEN_DATA_BUCKETS],
    mirrors: [...(opts.userMirrors ?? []), ...MIRROR_MAPPINGS],
    daacs: daacTable(opts.userDaacs),
  };
}

export function findBucket(tables: CatalogTables, bucket: string): OpenDataBucket | undefined {
  return tables.buckets.find((b) => b.bucket === bucket);
}

/** Host and path without scheme, so http:// and https:// spellings of a mirror both match. */
function hostPath(url: URL): string {
  return `${url.host.toLowerCase()}${url.pathname}`;
}

/** The mirror mapping a URL falls under, and the object key it stands for. */
export function matchMirror(tables: CatalogTables, url: URL): { mapping: MirrorMapping; key: string } | undefined {
  const target = hostPath(url);
  for (const mapping of tables.mirrors) {
    const prefix = hostPath(new URL(mapping.urlPrefix));
    if (target.startsWith(prefix) && target.length > prefix.length) {
      return { mapping, key: mapping.keyPrefix + decodePath(target.slice(prefix.length)) };
    }
  }
  return undefined;
}

function decodePath(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

/** Percent-encodes a key for a URL path, keeping `/` as separators. */
export function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}

/** The S3 endpoint the environment points at (tests, mirrors, S3-compatible stores), if any. */
export function configuredS3Endpoint(env: Readonly<Record<string, string | undefined>>): string | null {
  if ((env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true') return null;
  const name = env.AWS_ENDPOINT_URL_S3 ? 'AWS_ENDPOINT_URL_S3' : 'AWS_ENDPOINT_URL';
  const e = env[name];
  if (!e) return null;
  if (!/^https?:\/\/[^/]/i.test(e) || !URL.canParse(e)) {
    throw new CdrError(`${name} must be an http(s) URL: ${e}`, { code: 'BadInput', details: { origin: name } });
  }
  return e.replace(/\/+$/, '');
}

/** The object's URL on the bucket's own public endpoint (path-style when an endpoint is configured). */
export function bucketPublicUrl(opts: {
  bucket: string;
  key: string;
  region: string | null;
  endpoint: string | null;
}): string {
  const key = encodeKey(opts.key);
  if (opts.endpoint) return `${opts.endpoint}/${opts.bucket}/${key}`;
  // Dotted names break the TLS wildcard of virtual-hosted URLs.
  if (opts.bucket.includes('.')) return `https://s3.${opts.region ?? 'us-east-1'}.amazonaws.com/${opts.bucket}/${key}`;
  return opts.region
    ? `https://${opts.bucket}.s3.${opts.region}.amazonaws.com/${key}`
    : `https://${opts.bucket}.s3.amazonaws.com/${key}`;
}

/** The archive web URL for an object in a mirrored bucket, or undefined when no mapping covers its key. */
export function mirrorUrlFor(tables: CatalogTables, bucket: string, key: string): string | undefined {
  for (const m of tables.mirrors) {
    if (m.bucket === bucket && key.startsWith(m.keyPrefix) && key.length > m.keyPrefix.length) {
      return m.urlPrefix + encodeKey(key.slice(m.keyPrefix.length));
    }
  }
  return undefined;
}
