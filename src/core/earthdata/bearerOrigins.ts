// Pure: the origins that may receive the Earthdata bearer token: CMR, the DAACs' HTTPS origins and their
// s3credentials endpoints. Everything else (S3, CloudFront, other archives) never sees it.
import type { Daac } from './types';

/**
 * The DAAC egress hosts of earthdata.md §3/§4, until the DAAC table (daacs.ts) is wired in: `bearerOriginsFor` takes
 * that table when the caller has it. Hosts only, https on the default port.
 */
export const KNOWN_DAAC_HOSTS: readonly string[] = [
  'data.nsidc.earthdatacloud.nasa.gov',
  'data.ghrc.earthdata.nasa.gov',
  'archive.podaac.earthdata.nasa.gov',
  'sentinel1.asf.alaska.edu',
  'cumulus.asf.alaska.edu',
  'cumulus.asf.earthdatacloud.nasa.gov',
  'datapool.asf.alaska.edu',
  'data.ornldaac.earthdata.nasa.gov',
  'data.lpdaac.earthdatacloud.nasa.gov',
  'data.gesdisc.earthdata.nasa.gov',
  'obdaac-tea.earthdatacloud.nasa.gov',
  'data.laadsdaac.earthdatacloud.nasa.gov',
  'data.asdc.earthdata.nasa.gov',
];

export interface BearerOriginsInput {
  readonly cmrUrl: string;
  /** The DAAC table (built-in + user entries); without it the known egress hosts above. */
  readonly daacs?: readonly Pick<Daac, 'origins' | 's3CredentialsUrl'>[];
  /** s3credentials endpoints named by the items themselves (a CMR record's link). */
  readonly extraUrls?: readonly string[];
}

function origin(u: string): string | null {
  try {
    return new URL(/^https?:\/\//i.test(u) ? u : `https://${u}`).origin;
  } catch {
    return null;
  }
}

export function bearerOriginsFor(input: BearerOriginsInput): string[] {
  const out = new Set<string>();
  const add = (u: string | null | undefined) => {
    const o = u ? origin(u) : null;
    if (o) out.add(o);
  };
  add(input.cmrUrl);
  if (input.daacs)
    for (const d of input.daacs) {
      d.origins.forEach(add);
      add(d.s3CredentialsUrl);
    }
  else KNOWN_DAAC_HOSTS.forEach(add);
  input.extraUrls?.forEach(add);
  return [...out];
}
