// I/O: a bucket's region from S3's `x-amz-bucket-region` header (HEAD, anonymous, cached per bucket).
import * as http from 'node:http';
import * as https from 'node:https';
import { errorMessage } from '../errors';
import type { FetchLike } from './mastPathLookup';
import { configuredS3Endpoint } from './openDataBuckets';

export type BucketRegionResult = { readonly region: string } | { readonly region: null; readonly reason: string };

/** What the probe reads of an answer; a fetch Response has it too. */
type HeadAnswer = { readonly status: number; readonly headers: { get(name: string): string | null } };
type HeadFetch = (
  url: string,
  init: { method: 'HEAD'; redirect: 'manual'; signal: AbortSignal },
) => Promise<HeadAnswer>;

/**
 * A HEAD over node:http(s). Not the global fetch: loading undici (and compiling its WASM parser) added about
 * 40 MiB to the peak RSS of every `cdr get` that looks a region up, more than the whole download engine uses.
 */
const nodeHead: HeadFetch = (url, init) =>
  new Promise((resolve, reject) => {
    const req = (url.startsWith('https:') ? https : http).request(
      url,
      { method: 'HEAD', signal: init.signal },
      (res) => {
        res.resume();
        const h = res.headers;
        resolve({
          status: res.statusCode ?? 0,
          headers: {
            get: (name) => {
              const v = h[name.toLowerCase()];
              return Array.isArray(v) ? v.join(', ') : (v ?? null);
            },
          },
        });
      },
    );
    req.on('error', reject);
    req.end();
  });

export interface BucketRegionLookupOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch?: FetchLike;
  readonly timeoutMs?: number;
}

/**
 * S3 answers HeadBucket with the bucket's region in `x-amz-bucket-region` even to anonymous callers and
 * even on 301 (wrong region) and 403 (not yours), so no credentials are needed. An endpoint from
 * AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL is addressed path-style, as S3-compatible servers expect.
 */
export class BucketRegionLookup {
  readonly #env: BucketRegionLookupOptions['env'];
  readonly #fetch: HeadFetch;
  readonly #timeoutMs: number;
  readonly #cache = new Map<string, Promise<BucketRegionResult>>();

  constructor(opts: BucketRegionLookupOptions) {
    this.#env = opts.env;
    this.#fetch = opts.fetch ?? nodeHead;
    this.#timeoutMs = opts.timeoutMs ?? 5_000;
  }

  regionOf(bucket: string): Promise<BucketRegionResult> {
    let p = this.#cache.get(bucket);
    if (!p) {
      p = this.#probe(bucket);
      this.#cache.set(bucket, p);
      // Failures are not facts about the bucket: let a later call ask again.
      void p.then((r) => {
        if (r.region === null) this.#cache.delete(bucket);
      });
    }
    return p;
  }

  #url(bucket: string): string {
    const endpoint = configuredS3Endpoint(this.#env);
    if (endpoint) return `${endpoint}/${encodeURIComponent(bucket)}`;
    return bucket.includes('.') ? `https://s3.amazonaws.com/${bucket}` : `https://${bucket}.s3.amazonaws.com/`;
  }

  async #probe(bucket: string): Promise<BucketRegionResult> {
    const url = this.#url(bucket);
    try {
      const res = await this.#fetch(url, {
        method: 'HEAD',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      const region = res.headers.get('x-amz-bucket-region');
      if (region) return { region };
      if (res.status === 404)
        return { region: null, reason: `S3 says bucket ${bucket} does not exist (HTTP 404 from ${url})` };
      return {
        region: null,
        reason: `S3 did not say which region bucket ${bucket} is in (HTTP ${res.status} from ${url}, no x-amz-bucket-region header)`,
      };
    } catch (e) {
      return {
        region: null,
        reason: `Could not ask S3 for the region of bucket ${bucket} (${url}): ${errorMessage(e)}`,
      };
    }
  }
}
