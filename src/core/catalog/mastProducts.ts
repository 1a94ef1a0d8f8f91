// I/O: MAST's portal API as astroquery's Observations uses it: observation id → obsid → product list.
import { randomUUID } from 'node:crypto';
import { CdrError, errorMessage } from '../errors';
import { VERSION } from '../version';
import type { FetchLike } from './mastPathLookup';

/** One row of `Mast.Caom.Products` (the columns this tool reads; MAST sends more). */
export interface MastProduct {
  readonly obsID: string;
  readonly parent_obsid: string | null;
  readonly obs_collection: string;
  readonly obs_id: string;
  readonly dataURI: string;
  readonly productFilename: string;
  readonly productType: string | null;
  readonly productSubGroupDescription: string | null;
  readonly productGroupDescription: string | null;
  readonly size: number | null;
  readonly dataRights: string | null;
}

/** astroquery's `filter_products` subset: AND across fields, OR within one, strings case-insensitive. */
export interface MastProductFilters {
  /** e.g. SCIENCE, AUXILIARY, PREVIEW. */
  readonly productType?: readonly string[];
  /** e.g. DRZ, FLT, X1D, C3M. */
  readonly productSubGroupDescription?: readonly string[];
  /** File name endings, e.g. `fits` or `_drz.fits` (as astroquery: `fits` does not match `.fits.gz`). */
  readonly extension?: readonly string[];
  /** Only "Minimum Recommended Products". */
  readonly mrpOnly?: boolean;
}

export interface MastPortalOptions {
  readonly baseUrl: string;
  readonly fetch?: FetchLike;
  readonly timeoutMs?: number;
  /** Delay between replays of an EXECUTING request (astroquery replays at once; MAST asks for patience). */
  readonly pollMs?: number;
}

interface InvokeAnswer {
  status?: string;
  msg?: string;
  data?: Record<string, unknown>[];
  paging?: { page?: number; pagesFiltered?: number };
}

const PAGE_SIZE = 50_000;
/** MAST's advice for product lists: a few observations per request. */
const OBSIDS_PER_REQUEST = 5;

function str(v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  return String(v);
}

function asProduct(r: Record<string, unknown>): MastProduct | null {
  const dataURI = str(r.dataURI);
  if (!dataURI) return null;
  const size = typeof r.size === 'number' ? r.size : r.size != null && r.size !== '' ? Number(r.size) : null;
  return {
    obsID: String(r.obsID ?? r.obsid ?? ''),
    parent_obsid: str(r.parent_obsid),
    obs_collection: String(r.obs_collection ?? ''),
    obs_id: String(r.obs_id ?? ''),
    dataURI,
    productFilename: String(r.productFilename ?? dataURI.split('/').pop() ?? ''),
    productType: str(r.productType),
    productSubGroupDescription: str(r.productSubGroupDescription),
    productGroupDescription: str(r.productGroupDescription),
    size: size !== null && Number.isFinite(size) && size >= 0 ? size : null,
    dataRights: str(r.dataRights),
  };
}

/** Pure: astroquery's filter_products (HEAD semantics for the fields above), then its dedupe by dataURI. */
export function filterProducts(rows: readonly MastProduct[], f: MastProductFilters): MastProduct[] {
  const oneOf = (value: string | null, wanted: readonly string[] | undefined) =>
    !wanted || wanted.length === 0 || wanted.some((w) => (value ?? '').toLowerCase() === w.toLowerCase());
  const seen = new Set<string>();
  return rows.filter((p) => {
    if (f.mrpOnly && p.productGroupDescription !== 'Minimum Recommended Products') return false;
    if (!oneOf(p.productType, f.productType)) return false;
    if (!oneOf(p.productSubGroupDescription, f.productSubGroupDescription)) return false;
    if (f.extension?.length && !f.extension.some((e) => p.productFilename.toLowerCase().endsWith(e.toLowerCase())))
      return false;
    if (seen.has(p.dataURI)) return false;
    seen.add(p.dataURI);
    return true;
  });
}

/** Spitzer product file names are paths; astroquery keeps the base name. */
export function productArchivePath(p: MastProduct): string[] {
  return ['mastDownload', p.obs_collection, p.obs_id, p.productFilename.split('/').pop() ?? p.productFilename];
}

export class MastPortal {
  readonly #base: string;
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;
  readonly #pollMs: number;
  requests = 0;

  constructor(opts: MastPortalOptions) {
    this.#base = opts.baseUrl.replace(/\/+$/, '');
    this.#fetch = opts.fetch ?? ((i, init) => fetch(i, init));
    this.#timeoutMs = opts.timeoutMs ?? 600_000;
    this.#pollMs = opts.pollMs ?? 1000;
  }

  /**
   * POST {base}/api/v0/invoke with `request=<url-encoded JSON>`; replays an EXECUTING answer unchanged (MAST's
   * long polling) and fetches every page. Failures become CdrError Lookup naming the service.
   */
  async invoke(
    service: string,
    params: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<Record<string, unknown>[]> {
    const cacheBreaker = randomUUID();
    const deadline = Date.now() + this.#timeoutMs;
    const rows: Record<string, unknown>[] = [];
    for (let page = 1; ; page++) {
      const body = `request=${encodeURIComponent(JSON.stringify({ service, params, format: 'json', pagesize: PAGE_SIZE, page, cacheBreaker }))}`;
      let answer: InvokeAnswer;
      for (;;) {
        answer = await this.#post(service, body, signal);
        if (answer.status !== 'EXECUTING') break;
        if (Date.now() > deadline)
          throw new CdrError(`MAST ${service} did not finish within ${this.#timeoutMs / 1000} s (${this.#base})`, {
            code: 'Lookup',
          });
        await new Promise((r) => setTimeout(r, this.#pollMs));
      }
      if (answer.status === 'ERROR')
        throw new CdrError(`MAST ${service} failed: ${answer.msg ?? 'ERROR'} (${this.#base})`, { code: 'Lookup' });
      rows.push(...(answer.data ?? []));
      const pages = answer.paging?.pagesFiltered ?? 1;
      if (page >= pages) return rows;
    }
  }

  async #post(service: string, body: string, signal?: AbortSignal): Promise<InvokeAnswer> {
    this.requests++;
    const fail = (why: string) => new CdrError(`MAST ${service} failed (${this.#base}): ${why}`, { code: 'Lookup' });
    let res: Response;
    try {
      res = await this.#fetch(`${this.#base}/api/v0/invoke`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'text/plain',
          'User-Agent': `cloud-data-router/${VERSION}`,
        },
        body,
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(120_000)]) : AbortSignal.timeout(120_000),
      });
    } catch (e) {
      throw fail(errorMessage(e));
    }
    if (!res.ok) throw fail(`HTTP ${res.status}`);
    try {
      const json = (await res.json()) as unknown;
      if (typeof json !== 'object' || json === null) throw new Error('answer is not a JSON object');
      return json as InvokeAnswer;
    } catch (e) {
      throw fail(errorMessage(e));
    }
  }

  /**
   * astroquery's `query_criteria(obs_collection=…, obs_id=…)`: the numeric obsids of an observation. An unknown
   * id is the user's input (BadInput, exit 2); MAST being down is a failed lookup (exit 1).
   */
  async obsids(collection: string, obsId: string, signal?: AbortSignal): Promise<string[]> {
    const rows = await this.invoke(
      'Mast.Caom.Filtered',
      {
        columns: '*',
        filters: [
          { paramName: 'obs_collection', values: [collection] },
          { paramName: 'obs_id', values: [obsId] },
        ],
      },
      signal,
    );
    const ids = [...new Set(rows.map((r) => str(r.obsid ?? r.obsID)).filter((v): v is string => v !== null))];
    if (ids.length === 0)
      throw new CdrError(`MAST knows no ${collection} observation ${obsId} (mast:obs/${collection}/${obsId})`, {
        code: 'BadInput',
        details: { value: `mast:obs/${collection}/${obsId}`, reason: 'unknown-observation' },
      });
    return ids;
  }

  /** `Mast.Caom.Products` for these obsids, a few per request as MAST advises; rows in MAST's order. */
  async products(obsids: readonly string[], signal?: AbortSignal): Promise<MastProduct[]> {
    const out: MastProduct[] = [];
    for (let i = 0; i < obsids.length; i += OBSIDS_PER_REQUEST) {
      const rows = await this.invoke(
        'Mast.Caom.Products',
        { obsid: obsids.slice(i, i + OBSIDS_PER_REQUEST).join(',') },
        signal,
      );
      for (const r of rows) {
        const p = asProduct(r);
        if (p) out.push(p);
      }
    }
    return out;
  }
}
