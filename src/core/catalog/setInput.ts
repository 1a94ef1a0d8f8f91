// Pure: what the user typed → one file, a listing (prefix, glob, archive directory), an observation or a list file.
import { isGranuleUri, parseGranuleUri, type GranuleQuery } from '../earthdata/granuleQuery';
import { CdrError } from '../errors';
import { hasWildcard, keyGlobRegExp, literalPrefix } from './keyGlob';
import { matchMirror, type CatalogTables } from './openDataBuckets';
import { isBucketName } from './parseS3Url';
import type { MirrorMapping } from './types';

/** `mast:obs/<collection>/<obs_id>`: an observation, expanded through MAST's product list. */
export const OBSERVATION_URI = /^mast:obs\/([A-Za-z0-9_.-]+)\/([^/\s]+)$/;

export type SetInput =
  /** One file, routed as before (`s3://b/k`, `mast:HST/product/x.fits`, an archive URL). */
  | { readonly kind: 'file'; readonly input: string }
  | {
      readonly kind: 'listing';
      readonly input: string;
      readonly bucket: string;
      /** Where ListObjectsV2 starts: the folder, or a glob's longest literal start. */
      readonly listPrefix: string;
      /** Filters (--include/--exclude) see the key below this. */
      readonly base: string;
      /** A glob's matcher over the whole key; null lists everything under listPrefix. */
      readonly match: RegExp | null;
      readonly regionHint: string | null;
      /** Set for archive directory URLs: each file keeps its archive URL. */
      readonly archive: MirrorMapping | null;
    }
  | { readonly kind: 'observation'; readonly input: string; readonly collection: string; readonly obsId: string }
  | { readonly kind: 'list'; readonly input: string; readonly path: string }
  /** `earthdata:granules?short_name=…&temporal=A,B&…`: a CMR granule search, expanded into the granules' files. */
  | { readonly kind: 'earthdata-search'; readonly input: string; readonly query: GranuleQuery };

function bad(message: string, value: string): CdrError {
  return new CdrError(`${message}: ${value}`, { code: 'BadInput', details: { value } });
}

/** The folder part of a glob's literal start: relative names are taken below it (`a/jb*` → `a/`). */
function folderOf(prefix: string): string {
  return prefix.slice(0, prefix.lastIndexOf('/') + 1);
}

function s3Set(input: string): SetInput | null {
  const m = /^s3:\/\/([^/]*)(?:\/(.*))?$/is.exec(input);
  if (!m) return null;
  const bucket = m[1]!;
  const key = m[2] ?? '';
  if (!isBucketName(bucket)) throw bad('Not a valid S3 bucket name', input);
  if (key === '' || key.endsWith('/')) {
    return { kind: 'listing', input, bucket, listPrefix: key, base: key, match: null, regionHint: null, archive: null };
  }
  if (hasWildcard(key)) {
    const listPrefix = literalPrefix(key);
    return {
      kind: 'listing',
      input,
      bucket,
      listPrefix,
      base: folderOf(listPrefix),
      match: keyGlobRegExp(key),
      regionHint: null,
      archive: null,
    };
  }
  return null;
}

function archiveSet(input: string, tables: CatalogTables): SetInput | null {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const isDir = url.pathname.endsWith('/');
  const isGlob = /[*[]/.test(decodeURIComponent(url.pathname));
  if ((!isDir && !isGlob) || url.search !== '') return null;
  const m = matchMirror(tables, url);
  if (!m) {
    throw bad(
      'This web folder has no known cloud copy to list (only HEASARC, the mapped IRSA collections and configured mirrors can be listed)',
      input,
    );
  }
  const key = m.key;
  if (!isGlob)
    return {
      kind: 'listing',
      input,
      bucket: m.mapping.bucket,
      listPrefix: key,
      base: key,
      match: null,
      regionHint: null,
      archive: m.mapping,
    };
  const listPrefix = literalPrefix(key);
  return {
    kind: 'listing',
    input,
    bucket: m.mapping.bucket,
    listPrefix,
    base: folderOf(listPrefix),
    match: keyGlobRegExp(key),
    regionHint: null,
    archive: m.mapping,
  };
}

/**
 * Classifies one argument. Anything without a scheme is a list file (a path). Throws BadInput naming the value
 * for a malformed bucket, an observation URI without an id, or a web folder that cannot be listed.
 */
export function parseSetInput(raw: string, tables: CatalogTables): SetInput {
  const input = raw.trim();
  if (input === '') throw bad('Empty URI', JSON.stringify(raw));
  if (/^mast:obs\//i.test(input)) {
    const m = OBSERVATION_URI.exec(input);
    if (!m)
      throw bad('Not an observation URI (expected mast:obs/<MISSION>/<obs_id>, e.g. mast:obs/HST/jbtf01010)', input);
    return { kind: 'observation', input, collection: m[1]!.toUpperCase(), obsId: m[2]! };
  }
  if (isGranuleUri(input)) return { kind: 'earthdata-search', input, query: parseGranuleUri(input) };
  if (/^s3:/i.test(input)) return s3Set(input) ?? { kind: 'file', input };
  if (/^https?:\/\//i.test(input)) return archiveSet(input, tables) ?? { kind: 'file', input };
  if (/^[a-z][a-z0-9+.-]*:/i.test(input) && !/^[a-z]:[\\/]/i.test(input)) return { kind: 'file', input };
  return { kind: 'list', input, path: input };
}
