// I/O: CMR granule search — granules.umm_json paged by CMR-Search-After, one collections query per collection.
import { CdrError, errorMessage } from '../errors';
import { daacForProvider } from './daacs';
import { cmrGranuleParams, MAX_PAGE_SIZE, type GranuleQuery } from './granuleQuery';
import type { Daac, Granule } from './types';
import { parseUmmCollection, parseUmmGranule, type CollectionFacts } from './ummGranule';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export const DEFAULT_CMR_URL = 'https://cmr.earthdata.nasa.gov';
export const CMR_CLIENT_ID = 'cloud-data-router';

/** `EARTHDATA_CMR_URL`, else the setting, else CMR's production origin; throws BadInput for a bad URL. */
export function cmrBaseUrl(env: Readonly<Record<string, string | undefined>>, setting?: string): string {
  const [name, value] = env.EARTHDATA_CMR_URL
    ? ['EARTHDATA_CMR_URL', env.EARTHDATA_CMR_URL]
    : ['cloudDataRouter.earthdata.cmrUrl', setting];
  if (!value) return DEFAULT_CMR_URL;
  if (!/^https?:\/\/[^/]/i.test(value) || !URL.canParse(value))
    throw new CdrError(`${name} must be an http(s) URL: ${value}`, { code: 'BadInput', details: { origin: name } });
  return value.replace(/\/+$/, '');
}

export interface CmrClientOptions {
  /** e.g. https://cmr.earthdata.nasa.gov, without a trailing slash. */
  readonly baseUrl: string;
  /** An Earthdata Login bearer token, sent to the CMR origin only (restricted collections); null: public search. */
  readonly token?: string | null;
  readonly daacs: readonly Daac[];
  readonly fetch?: FetchLike;
  /** Per request; CMR answers in seconds, so a minute means something is wrong. */
  readonly timeoutMs?: number;
}

export interface FoundGranule {
  readonly granule: Granule;
  readonly notes: readonly string[];
}

/** Long-lived per CLI run or search: collection facts are cached. */
export class CmrClient {
  readonly baseUrl: string;
  readonly #token: string | null;
  readonly #daacs: readonly Daac[];
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;
  readonly #collections = new Map<string, Promise<CollectionFacts | { error: string }>>();
  /** `CMR-Hits` of the last search: how many granules match in all. */
  hits: number | null = null;

  constructor(o: CmrClientOptions) {
    this.baseUrl = o.baseUrl.replace(/\/+$/, '');
    this.#token = o.token ?? null;
    this.#daacs = o.daacs;
    this.#fetch = o.fetch ?? ((i, init) => fetch(i, init));
    this.#timeoutMs = o.timeoutMs ?? 60_000;
  }

  async #get(url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    let res: Response;
    try {
      res = await this.#fetch(url, {
        headers: {
          'Client-Id': CMR_CLIENT_ID,
          Accept: 'application/json',
          ...(this.#token ? { Authorization: `Bearer ${this.#token}` } : {}),
          ...headers,
        },
        // The token belongs to CMR: a redirect elsewhere is reported, never followed with it.
        redirect: 'manual',
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      throw new CdrError(`CMR did not answer (${this.baseUrl}): ${errorMessage(e)}`, { code: 'Lookup', cause: e });
    }
    if (res.status >= 300 && res.status < 400)
      throw new CdrError(
        `CMR answered ${res.status} redirecting to ${res.headers.get('location') ?? '(nowhere)'}; not followed (set EARTHDATA_CMR_URL to the final address)`,
        { code: 'Lookup' },
      );
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      let why = text.slice(0, 300);
      try {
        const errors = (JSON.parse(text) as { errors?: unknown }).errors;
        if (Array.isArray(errors)) why = errors.map(String).join('; ');
      } catch {
        // not JSON: keep the start of the body
      }
      const expired = res.status === 401 && /expired/i.test(why);
      throw new CdrError(
        `CMR answered ${res.status}${why ? `: ${why}` : ''}${expired ? ' (renew the Earthdata token: EARTHDATA_TOKEN or cdr credentials)' : ''}`,
        { code: res.status === 400 ? 'BadInput' : 'Lookup' },
      );
    }
    return res;
  }

  /** The collection's region and s3credentials endpoint; a failure is returned, not thrown (the table fills in). */
  collection(conceptId: string, signal?: AbortSignal): Promise<CollectionFacts | { error: string }> {
    let p = this.#collections.get(conceptId);
    if (!p) {
      const url = `${this.baseUrl}/search/collections.umm_json?concept_id=${encodeURIComponent(conceptId)}`;
      p = this.#get(url, {}, signal).then(
        async (res) => {
          const body = (await res.json()) as { items?: unknown[] };
          const item = body.items?.[0];
          return item ? parseUmmCollection(item) : { error: `CMR knows no collection ${conceptId}` };
        },
        (e: unknown) => ({ error: errorMessage(e) }),
      );
      this.#collections.set(conceptId, p);
    }
    return p;
  }

  async #complete(g: NonNullable<ReturnType<typeof parseUmmGranule>>, signal?: AbortSignal): Promise<FoundGranule> {
    const notes = [...g.notes];
    let facts: CollectionFacts | null = null;
    if (g.collectionConceptId) {
      const c = await this.collection(g.collectionConceptId, signal);
      if ('error' in c)
        notes.push(
          `Could not read collection ${g.collectionConceptId} (${c.error}); region and s3credentials come from the DAAC table`,
        );
      else facts = c;
    }
    const daac = daacForProvider(this.#daacs, g.provider);
    return {
      granule: {
        conceptId: g.conceptId,
        granuleUr: g.granuleUr,
        provider: g.provider,
        collectionConceptId: g.collectionConceptId,
        files: g.files,
        s3CredentialsUrl: g.s3CredentialsUrl ?? facts?.s3CredentialsUrl ?? daac?.s3CredentialsUrl ?? null,
        region: facts?.region ?? daac?.region ?? null,
      },
      notes,
    };
  }

  /**
   * Up to `q.limit` granules, page by page: `page_size` is min(limit, 2000) on every page and the next page is asked
   * with the previous answer's `CMR-Search-After` header; paging stops when that header is missing, a page comes
   * back short, or the limit is reached. Throws BadInput when CMR rejects the query, Lookup when it fails.
   */
  async *granules(q: GranuleQuery, signal?: AbortSignal): AsyncGenerator<FoundGranule> {
    const params = cmrGranuleParams(q).toString();
    const url = `${this.baseUrl}/search/granules.umm_json?${params}`;
    const pageSize = Math.min(q.limit, MAX_PAGE_SIZE);
    let after: string | null = null;
    let count = 0;
    this.hits = null;
    for (;;) {
      const res = await this.#get(url, after ? { 'CMR-Search-After': after } : {}, signal);
      const hits = Number(res.headers.get('cmr-hits'));
      if (res.headers.get('cmr-hits') !== null && Number.isFinite(hits)) this.hits = hits;
      let body: { items?: unknown[] };
      try {
        body = (await res.json()) as { items?: unknown[] };
      } catch (e) {
        throw new CdrError(`CMR sent something other than JSON for ${url}: ${errorMessage(e)}`, { code: 'Lookup' });
      }
      const items = Array.isArray(body.items) ? body.items : [];
      for (const item of items) {
        const g = parseUmmGranule(item);
        if (!g) continue;
        yield await this.#complete(g, signal);
        if (++count >= q.limit) return;
      }
      after = res.headers.get('cmr-search-after');
      if (!after || items.length < pageSize) return;
    }
  }
}
