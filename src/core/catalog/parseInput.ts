// Pure: what the user typed → which kind of address it is and, when it can be told offline, its cloud copy.
import { parseEarthdataS3, parseEarthdataUrl, type ParsedEarthdata } from '../earthdata/locate';
import { CdrError } from '../errors';
import { isMastUri, parseMastDownloadUrl, parseMastUri } from './mastUri';
import { matchMirror, type CatalogTables } from './openDataBuckets';
import { parseS3HttpsUrl, parseS3Uri } from './parseS3Url';

export type ParsedInput =
  | {
      readonly kind: 's3';
      readonly input: string;
      readonly bucket: string;
      readonly key: string;
      readonly regionHint: string | null;
    }
  | { readonly kind: 'mast'; readonly input: string; readonly uri: string }
  | {
      readonly kind: 'heasarc' | 'irsa' | 'https';
      readonly input: string;
      readonly url: string;
      /** The mapped cloud copy, when a mirror mapping covers the URL. */
      readonly mirror: { readonly bucket: string; readonly key: string } | null;
      readonly note: string | null;
    }
  /** A DAAC URL or an object in a DAAC bucket (the Earthdata DAAC table). */
  | ParsedEarthdata;

export interface ParseInputOptions {
  readonly tables: CatalogTables;
  readonly mastBase: string;
  /** AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL: path-style URLs under it are S3 addresses too. */
  readonly s3Endpoint: string | null;
}

function bad(message: string, value: string): CdrError {
  return new CdrError(`${message}: ${value}`, { code: 'BadInput', details: { value } });
}

function archiveKind(host: string): 'heasarc' | 'irsa' | 'https' {
  if (host === 'heasarc.gsfc.nasa.gov') return 'heasarc';
  if (host === 'irsa.ipac.caltech.edu') return 'irsa';
  return 'https';
}

function parseEndpointUrl(url: URL, endpoint: string): { bucket: string; key: string } | undefined {
  const base = new URL(endpoint);
  if (url.host !== base.host) return undefined;
  const basePath = base.pathname.replace(/\/+$/, '');
  if (!url.pathname.startsWith(`${basePath}/`)) return undefined;
  const rest = url.pathname.slice(basePath.length + 1);
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  return { bucket: rest.slice(0, slash), key: decodeURIComponent(rest.slice(slash + 1)) };
}

/** Throws CdrError BadInput naming the value for anything malformed or of an unknown scheme. */
export function parseInput(raw: string, opts: ParseInputOptions): ParsedInput {
  const input = raw.trim();
  if (input === '') throw bad('Empty URI', JSON.stringify(raw));
  if (/^s3:/i.test(input)) {
    const a = parseS3Uri(input);
    return parseEarthdataS3(input, a.bucket, a.key, opts.tables.daacs) ?? { kind: 's3', input, ...a };
  }
  if (isMastUri(input)) return { kind: 'mast', input, uri: parseMastUri(input).uri };
  if (/^earthdata:/i.test(input))
    throw bad(
      'An Earthdata search is a data set, not one file: give it to cdr get (--dry-run shows the routes) or cdr search',
      input,
    );
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw bad('Not a URI this tool understands (expected s3://, mast: or https://)', input);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw bad(`Unsupported scheme ${url.protocol} (expected s3://, mast: or https://)`, input);
  }
  const mastUri = parseMastDownloadUrl(url, opts.mastBase);
  if (mastUri) return { kind: 'mast', input, uri: mastUri };
  const earthdata = parseEarthdataUrl(input, url, opts.tables.daacs);
  if (earthdata) return earthdata;
  const s3 = parseS3HttpsUrl(url);
  if (s3) return { kind: 's3', input, ...s3 };
  if (opts.s3Endpoint) {
    const e = parseEndpointUrl(url, opts.s3Endpoint);
    if (e) {
      const a = parseS3Uri(`s3://${e.bucket}/${e.key}`);
      return { kind: 's3', input, ...a };
    }
  }
  const host = url.host.toLowerCase();
  const match = matchMirror(opts.tables, url);
  if (match) {
    // A query string asks the archive for something derived (an IRSA cutout), not the stored file.
    if (url.search !== '') {
      return {
        kind: match.mapping.kind,
        input,
        url: input,
        mirror: null,
        note: `The query string ${url.search} asks ${host} for a derived product (e.g. a cutout); only the archive serves it, so there is no cloud copy`,
      };
    }
    return {
      kind: match.mapping.kind,
      input,
      url: input,
      mirror: { bucket: match.mapping.bucket, key: match.key },
      note: null,
    };
  }
  const kind = archiveKind(host);
  const note =
    kind === 'https'
      ? null
      : `No known cloud copy for this ${kind === 'irsa' ? 'IRSA' : 'HEASARC'} path (only collections the archive documents in S3 are mapped)`;
  return { kind, input, url: input, mirror: null, note };
}
