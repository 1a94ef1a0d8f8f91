// I/O: expands what the user asked for (prefixes, globs, archive folders, observations, lists) into files with sizes.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CmrClient } from '../earthdata/cmrSearch';
import { granuleFileLocation } from '../earthdata/locate';
import { CdrError, errorMessage } from '../errors';
import type { ListedFacts } from '../transfer/types';
import type { Catalog } from './catalog';
import { passesFilters, type CompiledFilters } from './keyGlob';
import { parseListFile, type ListEntry } from './listFile';
import type { BucketLister } from './listing';
import { filterProducts, productArchivePath, type MastPortal, type MastProductFilters } from './mastProducts';
import { encodeKey, findBucket } from './openDataBuckets';
import { parseSetInput, type SetInput } from './setInput';
import type { Location } from './types';

/** One file of a set, before routing. */
export interface SetFile {
  /** The argument (or list line) it came from. */
  readonly input: string;
  /** The file's own address: `s3://b/k`, its archive URL, or a `mast:` product URI. */
  readonly uri: string;
  /** What the listing or product list said; null for a file named on its own (learned when it is fetched). */
  readonly listed: ListedFacts | null;
  /** Known without a lookup (a listed object); otherwise the catalog resolves `uri`. */
  readonly location?: Location;
  /** astroquery's `mastDownload/<collection>/<obs_id>/<file>` for MAST products. */
  readonly archivePath?: readonly string[];
}

export interface ExpandOptions {
  readonly catalog: Catalog;
  /** Created on first use: a set of single files never loads the SDK. */
  readonly lister: () => Promise<BucketLister>;
  readonly mast: () => MastPortal;
  /** Created on first use, for `earthdata:granules?…` searches. */
  readonly cmr?: () => CmrClient;
  /** Facts about a whole input worth telling once (a search that matched more granules than its limit). */
  readonly onNote?: (text: string) => void;
  /** List files are read relative to this folder. */
  readonly cwd: string;
  /** Region for listing a bucket whose region is neither in the table nor learnable (S3-compatible stores). */
  readonly defaultRegion: string;
  readonly filters?: CompiledFilters;
  readonly productFilters?: MastProductFilters;
  readonly signal?: AbortSignal;
}

/** A list file, read and parsed: bad lists are reported before anything is asked of the network. */
interface ReadList {
  readonly input: SetInput & { kind: 'list' };
  readonly entries: readonly ListEntry[];
}

export type PreparedInput = SetInput | ReadList;

function isReadList(p: PreparedInput): p is ReadList {
  return 'entries' in p;
}

/**
 * Parses every argument and reads every list file; throws BadInput naming the first bad one. Entries of a list
 * may themselves be sets (a prefix, a glob, an observation), but not other list files.
 */
export async function prepareSetInputs(inputs: readonly string[], opts: Pick<ExpandOptions, 'catalog' | 'cwd'>) {
  const out: PreparedInput[] = [];
  for (const raw of inputs) {
    const s = parseSetInput(raw, opts.catalog.tables);
    if (s.kind === 'file') opts.catalog.parse([s.input]);
    if (s.kind !== 'list') {
      out.push(s);
      continue;
    }
    const path = resolve(opts.cwd, s.path);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CdrError(
        code === 'ENOENT'
          ? `Not a URI (s3://, mast:, https://) and no list file of that name: ${s.path}`
          : `Cannot read the list file ${path}: ${errorMessage(e)}`,
        { code: 'BadInput', details: { value: s.path } },
      );
    }
    const parsed = parseListFile(text, s.path);
    for (const e of parsed.entries) {
      const at = { file: s.path, line: e.line };
      try {
        const inner = parseSetInput(e.uri, opts.catalog.tables);
        if (inner.kind === 'list') throw new CdrError(`not an address: ${e.uri}`, { code: 'BadInput' });
        if (inner.kind === 'file') opts.catalog.parse([inner.input]);
      } catch (err) {
        throw new CdrError(`${s.path}:${e.line}: ${errorMessage(err)}`, { code: 'BadInput', location: at, cause: err });
      }
    }
    out.push({ input: s, entries: parsed.entries });
  }
  return out;
}

function nothing(message: string, input: string, reason: string): CdrError {
  return new CdrError(message, { code: 'BadInput', details: { value: input, reason } });
}

async function* expandListing(s: SetInput & { kind: 'listing' }, o: ExpandOptions): AsyncGenerator<SetFile> {
  const catalog = o.catalog;
  const region = (await catalog.bucketRegion(s.bucket)) ?? s.regionHint ?? o.defaultRegion;
  const requesterPays = findBucket(catalog.tables, s.bucket)?.requesterPays ?? false;
  const lister = await o.lister();
  let listed = 0;
  let kept = 0;
  for await (const obj of lister.listAll(s.bucket, s.listPrefix, { region, requesterPays, signal: o.signal })) {
    if (s.match && !s.match.test(obj.key)) continue;
    listed++;
    const relative = obj.key.slice(s.base.length);
    if (o.filters && !passesFilters(relative, o.filters)) continue;
    kept++;
    const archive = s.archive
      ? {
          kind: s.archive.kind,
          url: s.archive.urlPrefix + encodeKey(obj.key.slice(s.archive.keyPrefix.length)),
        }
      : null;
    const location = catalog.locateListed(obj.bucket, obj.key, archive);
    yield {
      input: s.input,
      uri: location.input,
      listed: { size: obj.size, etag: obj.etag, lastModified: obj.lastModified },
      location,
    };
  }
  if (listed === 0) {
    throw s.match
      ? nothing(`No object matches ${s.input}`, s.input, 'no-match')
      : nothing(`Nothing under ${s.input} (an empty or missing prefix)`, s.input, 'empty-prefix');
  }
  if (kept === 0)
    throw nothing(`No file under ${s.input} passes --include/--exclude (${listed} listed)`, s.input, 'filtered-out');
}

async function* expandObservation(s: SetInput & { kind: 'observation' }, o: ExpandOptions): AsyncGenerator<SetFile> {
  const portal = o.mast();
  const obsids = await portal.obsids(s.collection, s.obsId, o.signal);
  const all = await portal.products(obsids, o.signal);
  const products = filterProducts(all, o.productFilters ?? {});
  let kept = 0;
  for (const p of products) {
    const name = p.productFilename.split('/').pop() ?? p.productFilename;
    if (o.filters && !passesFilters(name, o.filters)) continue;
    kept++;
    yield {
      input: s.input,
      uri: p.dataURI,
      listed: p.size === null ? null : { size: p.size, etag: null, lastModified: null },
      archivePath: productArchivePath(p),
    };
  }
  if (all.length === 0) throw nothing(`MAST lists no products for ${s.input}`, s.input, 'no-products');
  if (kept === 0)
    throw nothing(
      `No product of ${s.input} passes the filters (${all.length} products before filtering)`,
      s.input,
      'filtered-out',
    );
}

async function* expandGranules(s: SetInput & { kind: 'earthdata-search' }, o: ExpandOptions): AsyncGenerator<SetFile> {
  if (!o.cmr) throw new CdrError(`Earthdata searches are not available here: ${s.input}`, { code: 'BadInput' });
  const cmr = o.cmr();
  let granules = 0;
  let files = 0;
  let kept = 0;
  for await (const { granule } of cmr.granules(s.query, o.signal)) {
    granules++;
    for (const file of granule.files) {
      const location = granuleFileLocation(granule, file, o.catalog.tables.daacs);
      if (!location) continue;
      files++;
      if (o.filters && !passesFilters(file.name, o.filters)) continue;
      kept++;
      yield {
        input: s.input,
        uri: location.input,
        listed: file.sizeBytes === null ? null : { size: file.sizeBytes, etag: null, lastModified: null },
        location,
      };
    }
  }
  if (cmr.hits !== null && cmr.hits > granules && granules === s.query.limit)
    o.onNote?.(
      `CMR has ${cmr.hits} granules for ${s.input}; the first ${granules} are taken (raise limit= to take more)`,
    );
  if (granules === 0) throw nothing(`CMR finds no granule for ${s.input}`, s.input, 'no-match');
  if (files === 0) throw nothing(`The ${granules} granules of ${s.input} list no data file`, s.input, 'no-files');
  if (kept === 0)
    throw nothing(`No file of ${s.input} passes --include/--exclude (${files} files)`, s.input, 'filtered-out');
}

async function* expandOne(s: SetInput, o: ExpandOptions): AsyncGenerator<SetFile> {
  switch (s.kind) {
    case 'file':
      yield { input: s.input, uri: s.input, listed: null };
      return;
    case 'listing':
      yield* expandListing(s, o);
      return;
    case 'observation':
      yield* expandObservation(s, o);
      return;
    case 'earthdata-search':
      yield* expandGranules(s, o);
      return;
    case 'list':
      throw new CdrError(`List file ${s.path} was not read first`, { code: 'BadInput' });
  }
}

function listEntryFile(input: string, e: ListEntry): SetFile {
  const name = e.productFilename?.split('/').pop();
  const archivePath =
    e.obs_collection && e.obs_id && name ? ['mastDownload', e.obs_collection, e.obs_id, name] : undefined;
  return {
    input,
    uri: e.uri,
    listed: e.size !== undefined ? { size: e.size, etag: null, lastModified: null } : null,
    ...(archivePath ? { archivePath } : {}),
  };
}

/** Every file of every input, in order; listings stream page by page. Throws on the first input that yields nothing. */
export async function* expandSet(prepared: readonly PreparedInput[], o: ExpandOptions): AsyncGenerator<SetFile> {
  for (const p of prepared) {
    if (!isReadList(p)) {
      yield* expandOne(p, o);
      continue;
    }
    const seen = new Set<string>();
    for (const e of p.entries) {
      const inner = parseSetInput(e.uri, o.catalog.tables);
      if (inner.kind === 'file') {
        // Product tables repeat files across observations (astroquery dedupes by dataURI).
        if (seen.has(e.uri)) continue;
        seen.add(e.uri);
        const name =
          e.productFilename?.split('/').pop() ??
          e.uri
            .replace(/[?#].*$/, '')
            .split('/')
            .pop() ??
          e.uri;
        if (o.filters && !passesFilters(name, o.filters)) continue;
        yield listEntryFile(`${p.input.path}:${e.line}`, e);
      } else yield* expandOne(inner, o);
    }
  }
}
