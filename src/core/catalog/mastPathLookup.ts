// I/O: MAST's path_lookup service (mast: URI → key in stpubdata), batched and cached, as astroquery does.
import { errorMessage } from '../errors';
import { VERSION } from '../version';

/** `path` null: MAST knows no cloud copy. `error`: the lookup itself failed (not cached). */
export type MastPathResult = { readonly path: string | null } | { readonly error: string };

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface MastPathLookupOptions {
  /** e.g. https://mast.stsci.edu, without a trailing slash. */
  readonly baseUrl: string;
  readonly fetch?: FetchLike;
  /** astroquery sends 40 URIs per request to stay under the server's URL length limit (HTTP 414). */
  readonly batchSize?: number;
  readonly timeoutMs?: number;
  readonly concurrency?: number;
}

/**
 * astroquery.mast.utils.get_cloud_paths: GET {base}/api/v0.1/path_lookup/ with `uri` repeated and
 * `use_cloud_path=True`; the answer maps each uri to {"path": "/hst/public/…"} or {"path": null}.
 * The key is the path without its leading `/`.
 */
export class MastPathLookup {
  readonly #opts: Required<Omit<MastPathLookupOptions, 'fetch'>> & { fetch: FetchLike };
  readonly #cache = new Map<string, string | null>();
  /** How many HTTP requests were made; lets tests and logs see batching work. */
  requests = 0;

  constructor(opts: MastPathLookupOptions) {
    this.#opts = {
      baseUrl: opts.baseUrl.replace(/\/+$/, ''),
      fetch: opts.fetch ?? ((i, init) => fetch(i, init)),
      batchSize: opts.batchSize ?? 40,
      timeoutMs: opts.timeoutMs ?? 30_000,
      concurrency: opts.concurrency ?? 4,
    };
  }

  /** Resolves every URI; each distinct URI is asked at most once per instance once answered. */
  async lookup(uris: readonly string[]): Promise<Map<string, MastPathResult>> {
    const out = new Map<string, MastPathResult>();
    const todo = [...new Set(uris)].filter((u) => {
      if (!this.#cache.has(u)) return true;
      out.set(u, { path: this.#cache.get(u) ?? null });
      return false;
    });
    const chunks: string[][] = [];
    for (let i = 0; i < todo.length; i += this.#opts.batchSize) chunks.push(todo.slice(i, i + this.#opts.batchSize));
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++];
        for (const [uri, r] of await this.#ask(chunk)) {
          if ('path' in r) this.#cache.set(uri, r.path);
          out.set(uri, r);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#opts.concurrency, chunks.length) }, worker));
    return out;
  }

  async #ask(chunk: readonly string[]): Promise<Map<string, MastPathResult>> {
    const params = new URLSearchParams();
    for (const u of chunk) params.append('uri', u);
    params.append('use_cloud_path', 'True');
    const url = `${this.#opts.baseUrl}/api/v0.1/path_lookup/?${params.toString()}`;
    const fail = (why: string) =>
      new Map(chunk.map((u) => [u, { error: `MAST path lookup failed (${this.#opts.baseUrl}): ${why}` }]));
    this.requests++;
    let body: unknown;
    try {
      const res = await this.#opts.fetch(url, {
        headers: { Accept: 'application/json', 'User-Agent': `cloud-data-router/${VERSION}` },
        signal: AbortSignal.timeout(this.#opts.timeoutMs),
      });
      if (!res.ok) return fail(`HTTP ${res.status}`);
      body = await res.json();
    } catch (e) {
      return fail(errorMessage(e));
    }
    if (typeof body !== 'object' || body === null) return fail('answer is not a JSON object');
    const answer = body as Record<string, unknown>;
    const out = new Map<string, MastPathResult>();
    for (const u of chunk) {
      const entry = answer[u];
      const path = typeof entry === 'object' && entry !== null ? (entry as { path?: unknown }).path : undefined;
      if (typeof path === 'string' && path.replace(/^\/+/, '') !== '') out.set(u, { path: path.replace(/^\/+/, '') });
      else if (path === null) out.set(u, { path: null });
      else out.set(u, { error: `MAST path lookup answer has no path for ${u}` });
    }
    return out;
  }
}
