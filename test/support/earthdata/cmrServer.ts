// I/O: a local stand-in for CMR search (granules.umm_json, collections.umm_json): search-after paging, CMR-Hits.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { listenLocal } from '../listenLocal';

/** One granule as the stand-in serves it; `item` is the umm_json item (`{ meta, umm }`). */
export interface CmrGranule {
  readonly shortName: string;
  readonly version: string;
  readonly item: { readonly meta: Record<string, unknown>; readonly umm: Record<string, unknown> };
}

export interface CmrServerOptions {
  readonly granules: readonly CmrGranule[];
  /** Collection concept id → its UMM-C (only DirectDistributionInformation matters here). */
  readonly collections?: Readonly<Record<string, Record<string, unknown>>>;
  /** Answer every granule search with this status and a CMR error body. */
  readonly status?: number;
  /** Leave out CMR-Search-After after this many pages (a server that stops offering more). */
  readonly dropSearchAfterAfterPages?: number;
}

export interface CmrRequest {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
}

export interface CmrServer {
  readonly url: string;
  readonly requests: CmrRequest[];
  close(): Promise<void>;
}

function matches(g: CmrGranule, q: URLSearchParams): boolean {
  const short = q.get('short_name');
  if (short && short !== g.shortName) return false;
  const version = q.get('version');
  if (version && version !== g.version) return false;
  const provider = q.get('provider');
  if (provider && provider !== g.item.meta['provider-id']) return false;
  const ids = q.getAll('concept_id[]');
  if (ids.length && !ids.some((id) => id === g.item.meta['concept-id'] || id === g.item.meta['collection-concept-id']))
    return false;
  return true;
}

export async function startCmrServer(opts: CmrServerOptions): Promise<CmrServer> {
  const requests: CmrRequest[] = [];
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    requests.push({ path: u.pathname, query: u.searchParams, headers: req.headers });
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    if (u.pathname === '/search/collections.umm_json') {
      const id = u.searchParams.get('concept_id') ?? '';
      const umm = opts.collections?.[id];
      const items = umm ? [{ meta: { 'concept-id': id }, umm }] : [];
      return json(200, { hits: items.length, took: 1, items }, { 'CMR-Hits': String(items.length) });
    }
    if (u.pathname !== '/search/granules.umm_json') return json(404, { errors: [`no route ${u.pathname}`] });
    if (opts.status) return json(opts.status, { errors: [`stand-in answers ${opts.status}`] });
    // page_num and offset are deprecated: the real CMR still takes them; the stand-in refuses to prove they are never sent.
    if (u.searchParams.has('page_num') || u.searchParams.has('offset'))
      return json(400, { errors: ['page_num/offset are not accepted by this stand-in: use CMR-Search-After'] });
    const size = Number(u.searchParams.get('page_size') ?? '10');
    if (!Number.isInteger(size) || size < 0 || size > 2000)
      return json(400, { errors: ['page_size must be a number between 0 and 2000'] });
    const all = opts.granules.filter((g) => matches(g, u.searchParams));
    const after = req.headers['cmr-search-after'];
    let start = 0;
    if (typeof after === 'string') {
      const m = /^\["stand-in",(\d+)\]$/.exec(after);
      if (!m) return json(400, { errors: [`bad CMR-Search-After: ${after}`] });
      start = Number(m[1]);
    }
    const page = all.slice(start, start + size);
    const pageNo = Math.floor(start / Math.max(size, 1)) + 1;
    const headers: Record<string, string> = { 'CMR-Hits': String(all.length) };
    const dropped = opts.dropSearchAfterAfterPages !== undefined && pageNo >= opts.dropSearchAfterAfterPages;
    if (page.length && !dropped) headers['CMR-Search-After'] = `["stand-in",${start + page.length}]`;
    return json(200, { hits: all.length, took: 1, items: page.map((g) => g.item) }, headers);
  });
  const local = await listenLocal(server);
  return { url: local.origin, requests, close: local.stop };
}

/** A UMM-G item with both links per file, the s3credentials link and ArchiveAndDistributionInformation. */
export function ummGranule(g: {
  conceptId: string;
  granuleUr: string;
  provider: string;
  collectionConceptId: string;
  files: readonly {
    name: string;
    https?: string;
    s3?: string;
    sizeInBytes?: number;
    size?: number;
    sizeUnit?: string;
    checksum?: { algorithm: string; value: string };
  }[];
  s3CredentialsUrl?: string;
}): CmrGranule['item'] {
  const related: Record<string, unknown>[] = [];
  for (const f of g.files) {
    if (f.https) related.push({ URL: f.https, Type: 'GET DATA', Description: `Download ${f.name}` });
    if (f.s3)
      related.push({
        URL: f.s3,
        Type: 'GET DATA VIA DIRECT ACCESS',
        Description: 'This link provides direct download access via S3 to the granule',
      });
  }
  if (g.s3CredentialsUrl)
    related.push({
      URL: g.s3CredentialsUrl,
      Type: 'VIEW RELATED INFORMATION',
      Description: 'api endpoint to retrieve temporary credentials valid for same-region direct s3 access',
    });
  return {
    meta: {
      'concept-id': g.conceptId,
      'provider-id': g.provider,
      'collection-concept-id': g.collectionConceptId,
      'native-id': g.granuleUr,
    },
    umm: {
      GranuleUR: g.granuleUr,
      RelatedUrls: related,
      DataGranule: {
        ArchiveAndDistributionInformation: g.files.map((f) => ({
          Name: f.name,
          ...(f.sizeInBytes !== undefined ? { SizeInBytes: f.sizeInBytes } : {}),
          ...(f.size !== undefined ? { Size: f.size } : {}),
          ...(f.sizeUnit !== undefined ? { SizeUnit: f.sizeUnit } : {}),
          ...(f.checksum ? { Checksum: { Value: f.checksum.value, Algorithm: f.checksum.algorithm } } : {}),
        })),
      },
    },
  };
}
