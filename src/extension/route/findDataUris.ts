// Pure: finds data addresses (s3://, mast:, S3/MAST/HEASARC/IRSA/Earthdata DAAC https URLs) in any text — code, strings, markdown — for CodeLens and hover.

export interface DataUriMatch {
  /** UTF-16 offsets into the text, as `TextDocument.positionAt` counts them; `end` is exclusive. */
  readonly start: number;
  readonly end: number;
  readonly uri: string;
}

/**
 * A URI ends at whitespace, quotes, backticks, angle or closing brackets, braces (templates such as
 * f"s3://{bucket}/…" cannot be routed): the delimiters of strings, lists and markdown links. Commas stay
 * (IRSA cutouts say `center=10.68,41.27`); a trailing one, as in prose, is dropped below.
 * The https alternative comes first so that a MAST download URL swallows the `mast:` in its query.
 * The lookbehind keeps `xs3://` or `ast.mast:` from matching in the middle of a word.
 */
const CANDIDATE =
  /(?<![\w.:/-])(?:https?:\/\/[^\s'"`<>()[\]{}\\]+|s3:\/\/[^\s'"`<>()[\]{}\\]+|mast:[A-Za-z0-9_.-]+\/[^\s'"`<>()[\]{}\\]+)/gi;

/** Sentence punctuation after a URI in prose ("see s3://b/k.fits.") is not part of it. */
const TRAILING = /[.,;:!?*_~]+$/;

const S3_HOST = /(?:^|\.)s3[.-](?:[a-z0-9-]+\.)*amazonaws\.com(?:\.cn)?$|^s3\.amazonaws\.com$/;

function urlOf(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

function isDataUrl(raw: string): boolean {
  const url = urlOf(raw);
  if (!url) return false;
  const host = url.hostname.toLowerCase();
  const path = url.pathname;
  if (host === 'mast.stsci.edu') return /\/api\/v0\.1\/Download\/file\/?$/.test(path) && url.searchParams.has('uri');
  if (host === 'heasarc.gsfc.nasa.gov') return /^\/FTP\/./.test(path) && !path.endsWith('/');
  if (host === 'irsa.ipac.caltech.edu') return /^\/(?:ibe\/data|data)\/./.test(path) && !path.endsWith('/');
  if (S3_HOST.test(host) && !/s3-website/.test(host)) return path.length > 1 && !path.endsWith('/');
  return false;
}

export interface FindOptions {
  /** URL prefixes of the user's mirrors (`cloudDataRouter.mirrors`, `CDR_MIRRORS`): files under them have a cloud copy. */
  readonly mirrorPrefixes?: readonly string[];
  /** Origins whose files are data (Earthdata DAACs: the built-in table and `cloudDataRouter.earthdata.daacs`). */
  readonly dataOrigins?: readonly string[];
}

function underDataOrigin(uri: string, origins: readonly string[]): boolean {
  const url = urlOf(uri);
  if (!url) return false;
  const origin = url.origin.toLowerCase();
  return origins.some((o) => o.toLowerCase() === origin) && url.pathname.length > 1 && !url.pathname.endsWith('/');
}

function isCandidate(uri: string, opts: FindOptions): boolean {
  if (/^s3:\/\//i.test(uri)) return /^s3:\/\/[^/]+\/./i.test(uri) && !uri.endsWith('/');
  if (/^mast:/i.test(uri)) return !uri.endsWith('/');
  if (opts.mirrorPrefixes?.some((p) => uri.startsWith(p) && uri.length > p.length && !uri.endsWith('/'))) return true;
  if (opts.dataOrigins && /^https?:\/\//i.test(uri) && underDataOrigin(uri, opts.dataOrigins)) return true;
  return isDataUrl(uri);
}

/** Every data address in `text`, in order; at most `limit` (a huge generated file must not cost much). */
export function findDataUris(text: string, limit = 500, opts: FindOptions = {}): DataUriMatch[] {
  const out: DataUriMatch[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    if (out.length >= limit) break;
    const start = m.index ?? 0;
    const uri = m[0].replace(TRAILING, '');
    const end = start + uri.length;
    // A template continues right after the match (`s3://b/${key}`, `s3://b/{k}`): not a concrete file.
    const next = text.charAt(start + m[0].length);
    if (next === '{' || (next === '$' && text.charAt(start + m[0].length + 1) === '{')) continue;
    if (isCandidate(uri, opts)) out.push({ start, end, uri });
  }
  return out;
}

/** The address covering `offset` (a cursor), if any. */
export function dataUriAt(text: string, offset: number, opts: FindOptions = {}): DataUriMatch | undefined {
  return findDataUris(text, 500, opts).find((m) => offset >= m.start && offset <= m.end);
}
