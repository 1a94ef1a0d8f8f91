// I/O: a bucket's region from S3's `x-amz-bucket-region` header (HEAD, anonymous, cached per bucket).
import { errorMessage } from '../errors';
import type { FetchLike } from './mastPathLookup';
import { configuredS3Endpoint } from './openDataBuckets';

export type BucketRegionResult = { readonly region: string } | { readonly region: null; readonly reason: string };

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
  readonly #fetch: FetchLike;
  readonly #timeoutMs: number;
  readonly #cache = new Map<string, Promise<BucketRegionResult>>();

  constructor(opts: BucketRegionLookupOptions) {
    this.#env = opts.env;
    this.#fetch = opts.fetch ?? ((i, init) => fetch(i, init));
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
