// Pure: the transfer engine's vocabulary — what to download, how, and what came of it.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { Logger } from '../util/logger';
import type { HttpSession } from './httpSession';

export type Via = 's3' | 'http';

/** One resolved download: routing has already chosen `via`; the engine never second-guesses it. */
export interface DownloadItem {
  /** What the user asked for (a URI), echoed in results and the manifest. */
  readonly uri: string;
  readonly via: Via;
  readonly bucket?: string;
  readonly key?: string;
  readonly region?: string;
  readonly requesterPays?: boolean;
  readonly httpUrl?: string;
  /**
   * Path under the destination for the `archive` layout, as segments (e.g. `['mastDownload', 'HST', 'obs1', 'f.fits']`).
   * Validated like any key; without it `archive` falls back to `mirror`.
   */
  readonly archivePath?: readonly string[];
  /**
   * What a listing (ListObjectsV2, a MAST product list, a CMR granule) already said about this file. With `via: 's3'`
   * the engine needs no HEAD: the size and ETag pin the ranged GETs, and a rerun skips an unchanged file without any
   * request. Over HTTP only `size` applies (another server's ETag is not this one's).
   */
  readonly listed?: ListedFacts;
  /**
   * Temporary S3 credentials of a data provider (an Earthdata DAAC's s3credentials URL): signed S3 GETs of this item
   * use `TransferOptions.scopedCredentials(scope)` instead of the AWS chain.
   */
  readonly credentialScope?: string;
  /** A checksum from the catalog (a CMR granule record: SHA-256, MD5, SHA-512, SHA-1, hex), verified before the rename. */
  readonly checksum?: { readonly algorithm: string; readonly value: string };
}

export interface ListedFacts {
  readonly size: number;
  readonly etag: string | null;
  readonly lastModified: string | null;
}

/** `mirror`: bucket/key (host/path for HTTP); `flat`: file name only; `archive`: the item's archivePath. */
export type Layout = 'mirror' | 'flat' | 'archive';

export type FileStatus = 'COMPLETE' | 'SKIPPED' | 'ERROR';

export interface FileResult {
  readonly uri: string;
  readonly status: FileStatus;
  /** Absolute path of the file (or where it would have gone); null when no safe path exists. */
  readonly path: string | null;
  readonly bytes: number | null;
  readonly via: Via;
  readonly etag: string | null;
  /** Set when the whole file was hashed anyway (checksum verification); never computed just for show. */
  readonly sha256: string | null;
  /** `size`, `md5-etag`, `crc32`, `sha256`, … — what was checked before the rename. */
  readonly verified: readonly string[];
  readonly resumed: boolean;
  readonly error: string | null;
  /** Machine-readable reason when `status` is ERROR, e.g. `login-required`, `changed`, `disk-full`, `cancelled`. */
  readonly errorCode: string | null;
  /** The URL that needs a sign-in (redacted), for the UI's "Sign in" action. */
  readonly loginUrl?: string;
}

export interface ProgressEvent {
  readonly bytesDone: number;
  /** null while sizes are unknown (a server without Content-Length). */
  readonly bytesTotal: number | null;
  readonly bytesPerSecond: number;
  readonly etaSeconds: number | null;
  readonly filesDone: number;
  readonly filesTotal: number;
}

export interface RetryPolicy {
  /** Attempts per part (first try included). */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export type CredentialsInput = AwsCredentialIdentityProvider | AwsCredentialIdentity;

export interface TransferOptions {
  readonly destDir: string;
  readonly layout?: Layout;
  readonly force?: boolean;
  /** Injected environment: AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL / AWS_IGNORE_CONFIGURED_ENDPOINT_URLS. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Absent: anonymous S3 requests (no-auth scheme). A provider is called for every request. */
  readonly credentials?: CredentialsInput;
  /** Default region when an item has none. */
  readonly region?: string;
  /**
   * Extra headers per origin for HTTP(S) logins, e.g. `{ 'mast.stsci.edu': { Authorization: 'token …' } }`.
   * A bare host means https on the default port; `http://127.0.0.1:8080` names a full origin. Headers are sent
   * only to that origin, never to a redirect target elsewhere.
   */
  readonly httpHeadersByOrigin?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** A login session for the batch's HTTP(S) requests (Earthdata Login: cookies, bearer per origin, Basic on challenge). */
  readonly httpSession?: HttpSession;
  /** Credentials for items with a `credentialScope` (e.g. an S3CredentialsCache's provider for that endpoint). */
  readonly scopedCredentials?: (scope: string) => CredentialsInput;
  readonly partSize?: number;
  /** One limit across files and parts. */
  readonly concurrency?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly signal?: AbortSignal;
  readonly onProgress?: (e: ProgressEvent) => void;
  readonly logger?: Logger;
  /** Injected for tests (jitter); defaults to Math.random. */
  readonly random?: () => number;
}

export const DEFAULT_PART_SIZE = 16 * 1024 * 1024;
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 10_000 };
