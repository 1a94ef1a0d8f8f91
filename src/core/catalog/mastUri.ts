// Pure: MAST data URIs (`mast:HST/product/x.fits`), MAST's Download API URLs, and stpubdata keys.
import { CdrError } from '../errors';

export const DEFAULT_MAST_URL = 'https://mast.stsci.edu';
const DOWNLOAD_PATH = '/api/v0.1/Download/file';

/** MAST's base URL: `CDR_MAST_URL` (a mirror, or a local stand-in in tests) or the real service. */
export function mastBaseUrl(env: Readonly<Record<string, string | undefined>>): string {
  const base = (env.CDR_MAST_URL || DEFAULT_MAST_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/i.test(base) || !URL.canParse(base)) {
    throw new CdrError(`CDR_MAST_URL must be an http(s) base URL such as https://mast.stsci.edu: ${env.CDR_MAST_URL}`, {
      code: 'BadInput',
      details: { origin: 'CDR_MAST_URL' },
    });
  }
  return base;
}

/** `mast:<COLLECTION>/<rest>`, no whitespace; MAST's own dataURI shape. */
const MAST_URI = /^mast:([A-Za-z0-9_.-]+)\/(\S+)$/;

export function isMastUri(s: string): boolean {
  return /^mast:/i.test(s);
}

/** Validates a `mast:` URI; throws BadInput naming it when malformed. */
export function parseMastUri(input: string): { uri: string; collection: string; path: string } {
  const m = MAST_URI.exec(input);
  if (!m || m[2].endsWith('/')) {
    throw new CdrError(`Not a MAST data URI (expected mast:<MISSION>/product/<file>): ${input}`, {
      code: 'BadInput',
      details: { value: input },
    });
  }
  return { uri: input, collection: m[1], path: m[2] };
}

/** `:` and `/` stay readable in the query, as MAST's own links write them. */
function encodeUriParam(uri: string): string {
  return encodeURIComponent(uri).replace(/%3A/gi, ':').replace(/%2F/gi, '/');
}

export function mastDownloadUrl(base: string, uri: string): string {
  return `${base}${DOWNLOAD_PATH}?uri=${encodeUriParam(uri)}`;
}

/**
 * The `mast:` URI inside a Download API URL, from the real host or the configured base; undefined for
 * other URLs. Throws BadInput when it is a Download URL without a usable `uri` parameter.
 */
export function parseMastDownloadUrl(url: URL, base: string): string | undefined {
  const b = new URL(base);
  const onMast = url.host.toLowerCase() === 'mast.stsci.edu' || url.host.toLowerCase() === b.host.toLowerCase();
  const path = url.pathname.replace(/\/+$/, '');
  if (!onMast || !path.endsWith(DOWNLOAD_PATH)) return undefined;
  const uri = url.searchParams.get('uri');
  if (!uri)
    throw new CdrError(`MAST download URL has no uri= parameter: ${url.href}`, {
      code: 'BadInput',
      details: { value: url.href },
    });
  return parseMastUri(uri).uri;
}

/**
 * The `mast:` URI for an stpubdata key, for missions whose keys end in MAST's product file name
 * (`hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits` → `mast:HST/product/u9o40504m_c3m.fits`).
 */
export function mastUriForStpubdataKey(key: string): string | undefined {
  const m = /^(hst|jwst|tess)\/public\/(?:.+\/)?([^/]+)$/.exec(key);
  return m ? `mast:${m[1].toUpperCase()}/product/${m[2]}` : undefined;
}
