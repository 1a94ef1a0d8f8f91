// Pure: the origins that may receive the Earthdata bearer token: CMR, the DAACs' HTTPS origins and their
// s3credentials endpoints. Everything else (S3, CloudFront, other archives) never sees it.
import type { Daac } from './types';

export interface BearerOriginsInput {
  readonly cmrUrl: string;
  /** The DAAC table (built-in + user entries, daacs.ts). */
  readonly daacs: readonly Pick<Daac, 'origins' | 's3CredentialsUrl'>[];
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
  for (const d of input.daacs) {
    d.origins.forEach(add);
    add(d.s3CredentialsUrl);
  }
  input.extraUrls?.forEach(add);
  return [...out];
}
