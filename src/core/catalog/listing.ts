// I/O: lists S3 buckets with ListObjectsV2 — one level for browsing, or everything under a prefix page by page.
import * as http from 'node:http';
import * as https from 'node:https';
import type { ListObjectsV2CommandOutput, S3Client } from '@aws-sdk/client-s3';
import { CdrError, errorMessage } from '../errors';
import { HttpClient } from '../transfer/httpClient';
import { ListObjectsError, listObjectsPage } from '../transfer/listObjects';
import { retryFaults } from '../transfer/retry';
import { createS3Client, endpointFromEnv, loadS3Sdk } from '../transfer/s3Client';
import { regionalSigners } from '../transfer/s3Signer';
import { s3BucketUrl } from '../transfer/s3Urls';
import { SourceFault } from '../transfer/source';
import { DEFAULT_RETRY, type CredentialsInput } from '../transfer/types';

export interface ListedObject {
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly etag: string | null;
  readonly lastModified: string | null;
}

export interface ListedPrefix {
  readonly bucket: string;
  readonly prefix: string;
}

export interface ListPage {
  readonly objects: readonly ListedObject[];
  readonly prefixes: readonly ListedPrefix[];
  readonly nextToken: string | null;
}

export interface ListOptions {
  readonly region: string;
  readonly requesterPays?: boolean;
  readonly signal?: AbortSignal;
}

export interface BucketLister {
  /** One level (delimiter '/'), one page of at most maxKeys (default 1000). Folder-marker keys (ending in '/') are not objects. */
  listLevel(
    bucket: string,
    prefix: string,
    opts: ListOptions & { continuationToken?: string; maxKeys?: number },
  ): Promise<ListPage>;
  /**
   * Every object under prefix, recursively, page by page (bounded memory), over the download engine's own HTTP client
   * and signer: a `cdr get s3://bucket/prefix/` never loads the S3 client.
   */
  listAll(bucket: string, prefix: string, opts: ListOptions): AsyncIterable<ListedObject>;
  destroy(): void;
}

export interface BucketListerOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Absent: anonymous requests (the no-auth scheme), as for open-data buckets. */
  readonly credentials?: CredentialsInput;
}

function where(bucket: string, prefix: string): string {
  return `s3://${bucket}/${prefix}`;
}

/** One line a user can act on, naming the bucket and prefix; the SDK's own error is kept as the cause. */
export function listingError(e: unknown, bucket: string, prefix: string, endpoint: string | undefined): CdrError {
  const err = e as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; cause?: unknown };
  const status = err.$metadata?.httpStatusCode;
  const at = where(bucket, prefix);
  if (err.name === 'AbortError' || err.name === 'CdrError') {
    return e instanceof CdrError ? e : new CdrError(`Listing ${at} was cancelled`, { code: 'Cancelled', cause: e });
  }
  if (err.name === 'NoSuchBucket' || (status === 404 && err.name !== 'NoSuchKey')) {
    return new CdrError(`Bucket ${bucket} does not exist (listing ${at})`, {
      code: 'BadInput',
      cause: e,
      details: { value: at, reason: 'no-such-bucket' },
    });
  }
  if (err.name === 'AccessDenied' || err.name === 'AllAccessDisabled' || status === 403) {
    return new CdrError(
      `Listing ${at} was denied (AccessDenied): the bucket does not allow these credentials to list it`,
      { code: 'Lookup', cause: e, details: { value: at, reason: 'access-denied' } },
    );
  }
  if (err.name === 'PermanentRedirect' || status === 301) {
    return new CdrError(`Bucket ${bucket} is in another region than the one asked (listing ${at})`, {
      code: 'Lookup',
      cause: e,
      details: { value: at, reason: 'wrong-region' },
    });
  }
  const code = err.code ?? (err.cause as { code?: string } | undefined)?.code;
  const network = code && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code);
  const host = endpoint ?? `${bucket}.s3.amazonaws.com`;
  return new CdrError(
    network
      ? `Cannot list ${at}: ${host} is unreachable (${code})`
      : `Cannot list ${at}: ${status ? `HTTP ${status} ` : ''}${errorMessage(e)}`,
    { code: 'Lookup', cause: e, details: { value: at, reason: network ? 'network' : 'listing-failed' } },
  );
}

/**
 * Keys come back as S3 stores them: no `EncodingType: 'url'`. The JS SDK does not decode it (boto3 does), and
 * s3rver and other S3-compatible stores ignore the parameter, so asking for it and decoding would corrupt keys
 * containing `%` or `+` there. The price: a key with a control character that XML cannot carry fails to list.
 */
function objectsOf(page: ListObjectsV2CommandOutput, bucket: string): ListedObject[] {
  const out: ListedObject[] = [];
  for (const o of page.Contents ?? []) {
    if (o.Key === undefined || o.Key.endsWith('/')) continue;
    out.push({
      bucket,
      key: o.Key,
      size: o.Size ?? 0,
      etag: o.ETag ?? null,
      lastModified: o.LastModified ? o.LastModified.toISOString() : null,
    });
  }
  return out;
}

/** The engine client's faults in the SDK's shape, so both listings say the same thing for the same failure. */
function asSdkError(e: unknown): unknown {
  if (e instanceof ListObjectsError)
    return { name: e.s3Code ?? 'Error', message: e.message, $metadata: { httpStatusCode: e.status } };
  if (e instanceof SourceFault) {
    const cause = e.cause as { code?: string } | undefined;
    if (e.kind === 'cancelled') return { name: 'AbortError', message: e.message };
    return { name: 'Error', message: e.message, code: cause?.code, $metadata: { httpStatusCode: e.status } };
  }
  return e;
}

/** What the SDK's standard retry mode did for the paginator: throttling, 5xx and resets, four attempts in all. */
const LIST_RETRY = { ...DEFAULT_RETRY, maxAttempts: 4 };

export async function createBucketLister(opts: BucketListerOptions): Promise<BucketLister> {
  const endpoint = endpointFromEnv(opts.env);
  let engine: HttpClient | null = null;
  const signerFor = regionalSigners(opts.credentials);
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 8 });
  const clients = new Map<string, Promise<S3Client>>();
  const clientFor = (region: string): Promise<S3Client> => {
    let c = clients.get(region);
    if (!c) {
      c = createS3Client({
        region,
        env: opts.env,
        credentials: opts.credentials,
        httpAgent,
        httpsAgent,
        idleTimeoutMs: 60_000,
        // A listing cannot resume mid-page on its own: let the SDK retry throttling and resets (standard mode).
        maxAttempts: 4,
      });
      clients.set(region, c);
    }
    return c;
  };
  const payer = (o: ListOptions) => (o.requesterPays ? { RequestPayer: 'requester' as const } : {});

  return {
    async listLevel(bucket, prefix, o) {
      const sdk = loadS3Sdk();
      const client = await clientFor(o.region);
      let page: ListObjectsV2CommandOutput;
      try {
        page = await client.send(
          new sdk.ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            Delimiter: '/',
            MaxKeys: o.maxKeys ?? 1000,
            ...(o.continuationToken ? { ContinuationToken: o.continuationToken } : {}),
            ...payer(o),
          }),
          { abortSignal: o.signal },
        );
      } catch (e) {
        throw listingError(e, bucket, prefix, endpoint);
      }
      return {
        objects: objectsOf(page, bucket),
        prefixes: (page.CommonPrefixes ?? []).flatMap((p) => (p.Prefix ? [{ bucket, prefix: p.Prefix }] : [])),
        nextToken: page.IsTruncated && page.NextContinuationToken ? page.NextContinuationToken : null,
      };
    },

    async *listAll(bucket, prefix, o) {
      engine ??= new HttpClient({ idleTimeoutMs: 60_000, maxSockets: 8 });
      const client = engine;
      const url = s3BucketUrl(bucket, o.region, opts.env);
      const signal = o.signal ?? new AbortController().signal;
      let token: string | undefined;
      do {
        let page;
        try {
          page = await retryFaults(
            () =>
              listObjectsPage(
                client,
                url,
                { prefix, continuationToken: token, requesterPays: o.requesterPays },
                { sign: signerFor(o.region), signal },
              ),
            LIST_RETRY,
            Math.random,
            signal,
          );
        } catch (e) {
          throw listingError(asSdkError(e), bucket, prefix, endpoint);
        }
        for (const obj of page.objects) {
          // A zero-byte key ending in '/' is a folder marker, not a file.
          if (!obj.key.endsWith('/')) yield { bucket, key: obj.key, ...obj.facts };
        }
        token = page.nextToken ?? undefined;
      } while (token);
    },

    destroy() {
      engine?.destroy();
      for (const c of clients.values()) void c.then((client) => client.destroy()).catch(() => undefined);
      clients.clear();
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
