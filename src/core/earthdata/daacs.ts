// Pure: the built-in table of Earthdata Cloud DAACs (hosts, buckets, s3credentials, region), user entries, lookups.
import { badEntry, userTableEntries } from '../catalog/userTables';
import type { Daac } from './types';

/**
 * Sources (see shared/earthdata.md §3, §4): earthaccess `daac.py` (providers, s3credentials endpoints) and the link
 * pairs of CMR records in earthaccess's fixtures (hosts, buckets, whether paths map one to one). A bucket is listed
 * only where a record shows it; DAACs whose buckets no source shows have none, so their s3:// URIs are not claimed.
 * ASF's OPERA products have their own endpoint: credentials from one TEA deployment cover only its bucket map.
 */
export const EARTHDATA_DAACS: readonly Daac[] = [
  {
    id: 'lpdaac',
    name: 'LP DAAC',
    providers: ['LPCLOUD'],
    origins: ['https://data.lpdaac.earthdatacloud.nasa.gov'],
    buckets: ['lp-prod-protected', 'lp-prod-public'],
    s3CredentialsUrl: 'https://data.lpdaac.earthdatacloud.nasa.gov/s3credentials',
    region: 'us-west-2',
    httpsPathIsBucketKey: true,
  },
  {
    id: 'podaac',
    name: 'PO.DAAC',
    providers: ['POCLOUD'],
    origins: ['https://archive.podaac.earthdata.nasa.gov'],
    buckets: ['podaac-ops-cumulus-protected', 'podaac-ops-cumulus-public'],
    s3CredentialsUrl: 'https://archive.podaac.earthdata.nasa.gov/s3credentials',
    region: 'us-west-2',
    httpsPathIsBucketKey: true,
  },
  {
    id: 'nsidc',
    name: 'NSIDC',
    providers: ['NSIDC_CPRD'],
    origins: ['https://data.nsidc.earthdatacloud.nasa.gov'],
    buckets: ['nsidc-cumulus-prod-protected'],
    s3CredentialsUrl: 'https://data.nsidc.earthdatacloud.nasa.gov/s3credentials',
    region: 'us-west-2',
    httpsPathIsBucketKey: true,
  },
  {
    id: 'ornldaac',
    name: 'ORNL DAAC',
    providers: ['ORNL_CLOUD'],
    origins: ['https://data.ornldaac.earthdata.nasa.gov'],
    buckets: ['ornl-cumulus-prod-protected'],
    s3CredentialsUrl: 'https://data.ornldaac.earthdata.nasa.gov/s3credentials',
    region: 'us-west-2',
  },
  {
    id: 'gesdisc',
    name: 'GES DISC',
    providers: ['GES_DISC'],
    origins: ['https://data.gesdisc.earthdata.nasa.gov'],
    buckets: ['gesdisc-cumulus-prod-protected'],
    s3CredentialsUrl: 'https://data.gesdisc.earthdata.nasa.gov/s3credentials',
    region: 'us-west-2',
  },
  {
    id: 'asf-opera',
    name: 'ASF (OPERA)',
    providers: ['ASF'],
    origins: ['https://cumulus.asf.earthdatacloud.nasa.gov'],
    buckets: ['asf-cumulus-prod-opera-products'],
    s3CredentialsUrl: 'https://cumulus.asf.earthdatacloud.nasa.gov/s3credentials',
    region: 'us-west-2',
  },
  {
    id: 'asf',
    name: 'ASF',
    providers: ['ASF'],
    origins: ['https://sentinel1.asf.alaska.edu', 'https://cumulus.asf.alaska.edu', 'https://datapool.asf.alaska.edu'],
    buckets: [],
    s3CredentialsUrl: 'https://sentinel1.asf.alaska.edu/s3credentials',
    region: 'us-west-2',
  },
  {
    id: 'ghrc',
    name: 'GHRC DAAC',
    providers: ['GHRC_DAAC'],
    origins: ['https://data.ghrc.earthdata.nasa.gov'],
    buckets: [],
    s3CredentialsUrl: 'https://data.ghrc.earthdata.nasa.gov/s3credentials',
    region: 'us-west-2',
  },
  {
    id: 'obdaac',
    name: 'OB.DAAC',
    providers: ['OB_CLOUD'],
    origins: ['https://obdaac-tea.earthdatacloud.nasa.gov'],
    buckets: [],
    s3CredentialsUrl: 'https://obdaac-tea.earthdatacloud.nasa.gov/s3credentials',
    region: 'us-west-2',
  },
  {
    id: 'laads',
    name: 'LAADS DAAC',
    providers: ['LAADS'],
    origins: ['https://data.laadsdaac.earthdatacloud.nasa.gov'],
    buckets: [],
    s3CredentialsUrl: 'https://data.laadsdaac.earthdatacloud.nasa.gov/s3credentials',
    region: 'us-west-2',
  },
  {
    id: 'asdc',
    name: 'ASDC (LaRC)',
    providers: ['LARC_CLOUD'],
    origins: ['https://data.asdc.earthdata.nasa.gov'],
    buckets: [],
    s3CredentialsUrl: 'https://data.asdc.earthdata.nasa.gov/s3credentials',
    region: 'us-west-2',
  },
];

/** User entries first: an entry with a built-in's id replaces it; others extend the table. */
export function daacTable(user: readonly Daac[] = []): readonly Daac[] {
  const ids = new Set(user.map((d) => d.id));
  return [...user, ...EARTHDATA_DAACS.filter((d) => !ids.has(d.id))];
}

/** The DAAC serving this URL's origin (scheme, host and port compared; a stand-in's `http://127.0.0.1:N` too). */
export function daacForOrigin(daacs: readonly Daac[], url: URL): Daac | undefined {
  const origin = url.origin.toLowerCase();
  return daacs.find((d) => d.origins.some((o) => o.toLowerCase() === origin));
}

export function daacForBucket(daacs: readonly Daac[], bucket: string): Daac | undefined {
  return daacs.find((d) => d.buckets.includes(bucket));
}

/** The first DAAC of a CMR provider (ASF has two deployments: a granule's own s3credentials link wins over this). */
export function daacForProvider(daacs: readonly Daac[], provider: string): Daac | undefined {
  const p = provider.toUpperCase();
  return daacs.find((d) => d.providers.some((x) => x.toUpperCase() === p));
}

function httpUrl(v: unknown): URL | null {
  if (typeof v !== 'string' || !URL.canParse(v)) return null;
  const u = new URL(v);
  return u.protocol === 'https:' || u.protocol === 'http:' ? u : null;
}

function stringList(e: Record<string, unknown>, field: string, origin: string, i: number): string[] {
  const v = e[field] ?? [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === ''))
    throw badEntry(origin, i, `${field} must be an array of strings`, v);
  return v as string[];
}

/**
 * `[{ "id", "name"?, "providers"?, "origins"?, "buckets"?, "s3CredentialsUrl"?, "region", "httpsPathIsBucketKey"? }]`
 * from a setting or CDR_EARTHDATA_DAACS (JSON text or an already parsed value). Throws BadInput naming the entry.
 */
export function parseUserDaacs(value: unknown, origin: string): Daac[] {
  return userTableEntries(value, origin).map((e, i) => {
    if (typeof e.id !== 'string' || !/^[A-Za-z0-9._-]+$/.test(e.id))
      throw badEntry(origin, i, 'id must be a short name (letters, digits, . _ -)', e.id);
    if (e.name !== undefined && typeof e.name !== 'string') throw badEntry(origin, i, 'name must be a string', e.name);
    const providers = stringList(e, 'providers', origin, i);
    const origins = stringList(e, 'origins', origin, i).map((o) => {
      const u = httpUrl(o);
      if (!u || u.pathname !== '/' || u.search || u.hash || /\/$/.test(o))
        throw badEntry(origin, i, 'origins must be http(s) origins without a path (https://host[:port])', o);
      return u.origin;
    });
    const buckets = stringList(e, 'buckets', origin, i);
    for (const b of buckets)
      if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(b))
        throw badEntry(origin, i, 'buckets must be S3 bucket names', b);
    const cred = e.s3CredentialsUrl ?? null;
    if (cred !== null && !httpUrl(cred))
      throw badEntry(origin, i, 's3CredentialsUrl must be an http(s) URL or null', cred);
    if (typeof e.region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(e.region))
      throw badEntry(origin, i, 'region must be an AWS region name', e.region);
    if (e.httpsPathIsBucketKey !== undefined && typeof e.httpsPathIsBucketKey !== 'boolean')
      throw badEntry(origin, i, 'httpsPathIsBucketKey must be true or false', e.httpsPathIsBucketKey);
    return {
      id: e.id,
      name: typeof e.name === 'string' ? e.name : e.id,
      providers,
      origins,
      buckets,
      s3CredentialsUrl: cred as string | null,
      region: e.region,
      ...(e.httpsPathIsBucketKey === true ? { httpsPathIsBucketKey: true } : {}),
    };
  });
}
