// I/O: downloads many items under one concurrency limit: size everything the cap or a skip needs (a listing, else a
// HEAD; a fresh HTTP file is sized by its first GET instead), check the download cap, then fetch, reporting progress
// and returning one result per item in input order.
import { setMaxListeners } from 'node:events';
import * as http from 'node:http';
import * as https from 'node:https';
import { lstatSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { CdrError, errorMessage } from '../errors';
import { nullLogger } from '../util/logger';
import { Destination } from './destination';
import { DownloadIndex, INDEX_FILE } from './downloadIndex';
import { DiskFault, downloadObject, resumableBytes, type EngineContext } from './fileDownload';
import { HttpClient } from './httpClient';
import { HttpSource } from './httpSource';
import { listingGroups } from './listingGroups';
import { MetadataCalls } from './metadataCalls';
import { objectId, sizeByListing } from './listingSizes';
import { partPaths } from './partFile';
import { decideBudget, type DownloadLedger } from './ledger';
import { ProgressTracker } from './progress';
import { createS3Client } from './s3Client';
import { regionalSigners, s3Signer, type S3Signer } from './s3Signer';
import { s3BucketUrl, s3HttpUrl } from './s3Urls';
import { S3Source } from './s3Source';
import { relativeSegments } from './safePath';
import { Semaphore } from './semaphore';
import { nextStreamLimit } from './streamLimit';
import { SourceFault, type ByteSource, type ObjectInfo } from './source';
import {
  DEFAULT_PART_SIZE,
  DEFAULT_RETRY,
  type DownloadItem,
  type FileResult,
  type ListedFacts,
  type TransferOptions,
} from './types';

export interface BudgetOptions {
  readonly ledger: DownloadLedger;
  readonly sessionId: string;
  readonly batchCapBytes?: number;
  readonly monthlyCapBytes?: number;
  /** Estimated price of a GB over S3 from here (internet egress by default). */
  readonly usdPerGb?: number;
  /** The user already said yes to this batch. */
  readonly confirmed?: boolean;
}

export interface BatchOptions extends TransferOptions {
  readonly budget?: BudgetOptions;
  /**
   * How unsigned S3 GETs are made: `http` (plain ranged GETs on the S3 URL, no SDK load) or `sdk` (GetObject with the
   * no-auth scheme). Signed requests always go through the SDK.
   */
  readonly anonymousS3Engine?: 'http' | 'sdk';
  /**
   * How signed S3 GETs are made: `http` (the same node:https path, each request SigV4-signed by the SDK's signer;
   * measured faster and leaner than GetObject streams) or `sdk` (GetObject).
   */
  readonly signedS3Engine?: 'http' | 'sdk';
  readonly idleTimeoutMs?: number;
  readonly now?: () => number;
  /** Large bodies in flight at once (see defaultStreams); never more than `concurrency`. */
  readonly streams?: number;
}

export type BatchOutcome =
  | { readonly kind: 'done'; readonly results: FileResult[]; readonly s3Bytes: number }
  | {
      readonly kind: 'needs-confirmation';
      /** S3 bytes this batch would download (already-present and resumed bytes excluded). */
      readonly s3Bytes: number;
      readonly estimatedCostUsd: number;
      readonly reason: string;
      /** Items that already failed their HEAD (they would not count anyway). */
      readonly results: FileResult[];
    };

interface Plan {
  readonly item: DownloadItem;
  readonly segments: string[] | null;
  readonly source: ByteSource | null;
  info: ObjectInfo | null;
  result: FileResult | null;
  remaining: number;
}

const NO_THROW = { throwIfNoEntry: false } as const;

/** What a listing said, as a HEAD would have said it (S3 serves ranges; a listing carries no checksum). */
function listedInfo(l: ListedFacts): ObjectInfo {
  return { size: l.size, etag: l.etag, lastModified: l.lastModified, acceptRanges: true, checksum: null };
}

/**
 * Requests in flight when the caller does not say: two per core, 4 to 16. On 2 shared cores over loopback HTTPS
 * fewer streams were faster (CPU, not the network, is the limit there); real S3 has ~20-50 ms to the first byte
 * and per-connection limits, which more streams hide. Two per core (rclone: 4 transfers × 4 streams) is the middle.
 */
export function defaultConcurrency(cores = availableParallelism()): number {
  return Math.min(16, Math.max(4, 2 * cores));
}

/**
 * Large bodies (parts, whole files of several MiB) streamed at once when the caller does not say: two per core, at
 * least 4 — as many as the request slots. One per core looked cheaper under heavy load, but on a quiet 2-core machine
 * it left a 1 GiB object at 0.62× rclone against 0.89× with four (3 interleaved rounds over loopback HTTPS): while one
 * stream waits on the network the other cannot keep the thread busy. Small files never take a stream slot.
 */
export function defaultStreams(cores = availableParallelism()): number {
  return Math.max(4, cores * 2);
}

/** How often the stream limit is reconsidered: long enough to average over many socket reads. */
const STREAM_TUNE_MS = 250;

function errorCodeFor(e: unknown, via: 's3' | 'http'): string {
  if (e instanceof SourceFault) {
    switch (e.kind) {
      case 'login':
        return via === 's3' ? 'access-denied' : 'login-required';
      case 'retry':
        return 'network';
      case 'fatal':
        return 'failed';
      default:
        return e.kind;
    }
  }
  if (e instanceof DiskFault) return e.code;
  if (e instanceof CdrError)
    return e.details?.reason === 'unsafe-path' ? 'unsafe-path' : e.code === 'BadInput' ? 'bad-input' : 'failed';
  return 'failed';
}

function result(plan: Plan, destDir: string, fields: Partial<FileResult> & Pick<FileResult, 'status'>): FileResult {
  return {
    uri: plan.item.uri,
    path: plan.segments ? join(destDir, ...plan.segments) : null,
    bytes: plan.info?.size ?? null,
    via: plan.item.via,
    etag: plan.info?.etag ?? null,
    sha256: null,
    verified: [],
    resumed: false,
    error: null,
    errorCode: null,
    ...fields,
  };
}

function errorResult(plan: Plan, destDir: string, e: unknown): FileResult {
  const loginUrl = e instanceof SourceFault ? e.loginUrl : undefined;
  return result(plan, destDir, {
    status: 'ERROR',
    error: errorMessage(e),
    errorCode: errorCodeFor(e, plan.item.via),
    ...(loginUrl ? { loginUrl } : {}),
  });
}

export async function downloadBatch(items: readonly DownloadItem[], opts: BatchOptions): Promise<BatchOutcome> {
  const env = opts.env ?? {};
  const layout = opts.layout ?? 'mirror';
  const concurrency = opts.concurrency ?? defaultConcurrency();
  // One internal signal, linked to the caller's: every queued part listens on it, far more than the default 10.
  const batchAbort = new AbortController();
  setMaxListeners(0, batchAbort.signal);
  const signal = batchAbort.signal;
  const onCallerAbort = () => batchAbort.abort(opts.signal?.reason);
  if (opts.signal?.aborted) onCallerAbort();
  else opts.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const logger = opts.logger ?? nullLogger;
  const idleTimeoutMs = opts.idleTimeoutMs ?? 60_000;
  const httpClient = new HttpClient({
    headersByOrigin: opts.httpHeadersByOrigin,
    idleTimeoutMs,
    maxSockets: concurrency * 2,
    session: opts.httpSession,
  });
  const agentOpts = { keepAlive: true, maxSockets: concurrency * 2 };
  const agents = { http: new http.Agent(agentOpts), https: new https.Agent(agentOpts) };
  const s3Clients = new Map<string, Promise<S3Client>>();
  /** The data providers' own keys, per scope and region. */
  const scopedSigners = new Map<string, S3Signer>();
  const semaphore = new Semaphore(concurrency);
  const streamFloor = Math.min(concurrency, opts.streams ?? defaultStreams());
  const streams = new Semaphore(streamFloor);
  // Unless the caller fixed the number, streams are added while the thread waits on the network and given back
  // when it is the bottleneck (see streamLimit.ts).
  let eluBefore = performance.eventLoopUtilization();
  const tuner =
    opts.streams === undefined && concurrency > streamFloor
      ? setInterval(() => {
          const eluNow = performance.eventLoopUtilization();
          const busy = performance.eventLoopUtilization(eluNow, eluBefore).utilization;
          eluBefore = eluNow;
          const next = nextStreamLimit({
            limit: streams.limit,
            min: streamFloor,
            max: concurrency,
            busy,
            waiting: streams.waiting,
          });
          if (next === streams.limit) return;
          logger.debug('transfer', `streams ${streams.limit} → ${next} (thread ${(busy * 100).toFixed(0)} % busy)`);
          streams.resize(next);
        }, STREAM_TUNE_MS)
      : null;
  tuner?.unref();
  const destination = new Destination(opts.destDir);
  const files = new MetadataCalls({
    onSlow: (ms) =>
      logger.debug(
        'transfer',
        `file system calls take ${ms.toFixed(1)} ms here: creating and renaming files moves off the main thread`,
      ),
  });
  const progress = new ProgressTracker({ now: opts.now ?? Date.now, emit: opts.onProgress });
  progress.filesTotal = items.length;

  const s3Client = (region: string) => {
    let c = s3Clients.get(region);
    if (!c) {
      c = createS3Client({
        region,
        env,
        credentials: opts.credentials,
        httpAgent: agents.http,
        httpsAgent: agents.https,
        idleTimeoutMs,
      });
      s3Clients.set(region, c);
    }
    return c;
  };

  /** SigV4 with the user's credentials for a region; undefined for an anonymous batch. */
  const userSigner = regionalSigners(opts.credentials);

  const sourceFor = async (item: DownloadItem): Promise<ByteSource> => {
    if (item.via === 's3') {
      if (!item.bucket || !item.key) throw new CdrError(`No bucket and key for ${item.uri}`, { code: 'BadInput' });
      const region = item.region ?? opts.region ?? 'us-east-1';
      if (item.credentialScope) {
        // The data provider's own rotating keys (only valid in its region), never the user's AWS chain.
        if (!opts.scopedCredentials)
          throw new CdrError(
            `${item.uri}: needs temporary credentials from ${item.credentialScope}, and no login can fetch them`,
            {
              code: 'BadInput',
            },
          );
        const signerKey = `${item.credentialScope} ${region}`;
        let sign = scopedSigners.get(signerKey);
        if (!sign)
          scopedSigners.set(signerKey, (sign = s3Signer(opts.scopedCredentials(item.credentialScope), region)));
        return new HttpSource(httpClient, s3HttpUrl(item.bucket, item.key, region, env), {
          label: `s3://${item.bucket}/${item.key}`,
          s3: true,
          sign,
        });
      }
      if (!opts.credentials && (opts.anonymousS3Engine ?? 'http') === 'http') {
        return new HttpSource(httpClient, s3HttpUrl(item.bucket, item.key, region, env), {
          label: `s3://${item.bucket}/${item.key}`,
          s3: true,
        });
      }
      if (opts.credentials && (opts.signedS3Engine ?? 'http') === 'http') {
        const sign = userSigner(region) as S3Signer;
        return new HttpSource(httpClient, s3HttpUrl(item.bucket, item.key, region, env), {
          label: `s3://${item.bucket}/${item.key}`,
          s3: true,
          sign,
          requesterPays: item.requesterPays === true,
        });
      }
      return new S3Source({
        client: await s3Client(region),
        bucket: item.bucket,
        key: item.key,
        requesterPays: item.requesterPays === true,
      });
    }
    if (!item.httpUrl) throw new CdrError(`No URL for ${item.uri}`, { code: 'BadInput' });
    let url: URL;
    try {
      url = new URL(item.httpUrl);
    } catch {
      throw new CdrError(`Not a URL: ${item.httpUrl}`, { code: 'BadInput' });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new CdrError(`Not an http(s) URL: ${item.uri}`, { code: 'BadInput' });
    return new HttpSource(httpClient, url);
  };

  try {
    const index = await new DownloadIndex(opts.destDir).load();
    // Many objects named one by one in one folder (a file list, a manifest): a few listing pages size them all,
    // instead of a HEAD each before the first byte moves.
    const listed = await sizeByListing(
      listingGroups(items, opts.region ?? 'us-east-1'),
      httpClient,
      { bucketUrl: (bucket, region) => s3BucketUrl(bucket, region, env), signer: userSigner },
      { signal, logger },
    );
    // 1. Plan: safe path, source, size, skip or resume — S3 sizes first, so the cap is checked before any byte moves.
    const plans = await Promise.all(
      items.map(async (item): Promise<Plan> => {
        const plan: Plan = { item, segments: null, source: null, info: null, result: null, remaining: 0 };
        try {
          (plan as { segments: string[] }).segments = relativeSegments(item, layout);
          if (plan.segments?.join('/') === INDEX_FILE) {
            throw new CdrError(`Refusing to write ${item.uri} over the download index ${INDEX_FILE}`, {
              code: 'BadInput',
              details: { reason: 'unsafe-path' },
            });
          }
          (plan as { source: ByteSource }).source = await sourceFor(item);
          const src = plan.source as ByteSource;
          const finalPath = join(opts.destDir, ...(plan.segments as string[]));
          // Sync metadata checks: no error object for a missing file, no thread-pool hop (2,000 files, 4,000 calls).
          const existing = lstatSync(finalPath, { throwIfNoEntry: false });
          const facts =
            item.via === 's3' ? (item.listed ?? listed.get(objectId(item.bucket ?? '', item.key ?? ''))) : undefined;
          if (facts) {
            // The listing already said what a HEAD would: size and ETag pin the GETs, and a rerun needs no request.
            plan.info = listedInfo(facts);
          } else if (item.via === 'http' && !existing && !lstatSync(partPaths(finalPath).sidecar, NO_THROW)) {
            // Nothing here to skip or resume, and no download cap counts HTTP bytes: the first ranged GET will
            // tell size, ETag and range support, so no HEAD is sent.
            return plan;
          } else {
            plan.info = await semaphore.run(() => src.stat(signal), signal);
          }
          if (
            !opts.force &&
            existing?.isFile() &&
            index.isCurrent((plan.segments as string[]).join('/'), existing.size, plan.info)
          ) {
            plan.result = result(plan, opts.destDir, { status: 'SKIPPED', bytes: existing.size });
          } else {
            plan.remaining =
              plan.info.size === null ? 0 : plan.info.size - (await resumableBytes(src, plan.info, finalPath));
          }
        } catch (e) {
          plan.result = errorResult(plan, opts.destDir, e);
        }
        return plan;
      }),
    );

    const todo = plans.filter((p) => p.result === null);
    const s3Needed = todo.filter((p) => p.item.via === 's3').reduce((n, p) => n + p.remaining, 0);
    if (opts.budget && !opts.budget.confirmed) {
      const b = opts.budget;
      const decision = decideBudget({
        batchBytes: s3Needed,
        usage: await b.ledger.usage(b.sessionId),
        batchCapBytes: b.batchCapBytes,
        monthlyCapBytes: b.monthlyCapBytes,
        usdPerGb: b.usdPerGb ?? 0.09,
      });
      if (!decision.ok) {
        return {
          kind: 'needs-confirmation',
          s3Bytes: s3Needed,
          estimatedCostUsd: decision.estimatedCostUsd,
          reason: decision.reason ?? '',
          results: plans.filter((p) => p.result?.status === 'ERROR').map((p) => p.result as FileResult),
        };
      }
    }

    // 2. Fetch. Files are bounded too (open descriptors); parts share the one semaphore.
    // Files without a HEAD add their size when their first GET answers (ProgressTracker.addTotal).
    progress.bytesTotal = todo.some((p) => p.info !== null && p.info.size === null)
      ? null
      : todo.reduce((n, p) => n + (p.info?.size ?? 0), 0);
    let s3Bytes = 0;
    const ledgerWrites = new Set<Promise<void>>();
    const partSize = opts.partSize ?? DEFAULT_PART_SIZE;
    const retry = { ...DEFAULT_RETRY, ...(opts.retry ?? {}) };
    const fetchFile = async (plan: Plan): Promise<void> => {
      let fileS3Bytes = 0;
      try {
        if (signal.aborted) throw signal.reason;
        const ctx: EngineContext = {
          semaphore,
          streams,
          partSize,
          retry,
          random: opts.random ?? Math.random,
          progress,
          signal,
          logger,
          onBytes: (n) => {
            if (plan.item.via === 's3') fileS3Bytes += n;
          },
          checksum: plan.item.checksum,
          files,
        };
        try {
          const finalPath = destination.prepare(plan.segments as string[]);
          const out = await downloadObject(plan.source as ByteSource, plan.info, finalPath, ctx);
          plan.info = out.info;
          index.record((plan.segments as string[]).join('/'), {
            etag: out.etag,
            size: out.bytes,
            source: (plan.source as ByteSource).id,
          });
          plan.result = result(plan, opts.destDir, {
            status: 'COMPLETE',
            path: finalPath,
            bytes: out.bytes,
            etag: out.etag,
            sha256: out.sha256,
            verified: out.verified,
            resumed: out.resumed,
          });
        } finally {
          s3Bytes += fileS3Bytes;
          // Recorded as each file ends (a killed batch still counts what it fetched), but not waited for here: a
          // file waiting for the ledger's read-modify-write before the next one starts left the runners idle.
          if (opts.budget && fileS3Bytes > 0)
            ledgerWrites.add(opts.budget.ledger.record(opts.budget.sessionId, fileS3Bytes));
        }
      } catch (e) {
        logger.warn('transfer', errorMessage(e));
        plan.result = errorResult(
          plan,
          opts.destDir,
          signal.aborted ? new SourceFault(`${plan.source?.label ?? plan.item.uri}: cancelled`, 'cancelled') : e,
        );
      } finally {
        progress.fileDone();
      }
    };
    // Files in flight are bounded (open descriptors) by a fixed set of runners taking the next file in input order:
    // one pending promise per runner, not one waiting closure and abort listener per file (2,000 of them for 2,000).
    let nextFile = 0;
    const runner = async (): Promise<void> => {
      while (nextFile < todo.length) await fetchFile(todo[nextFile++]);
    };
    await Promise.all(Array.from({ length: Math.min(todo.length, Math.max(2, concurrency * 2)) }, runner));
    for (const r of await Promise.allSettled(ledgerWrites)) {
      if (r.status === 'rejected') {
        logger.warn(
          'transfer',
          `cannot record this batch's S3 bytes in ${opts.budget?.ledger.path}: ${errorMessage(r.reason)}; the monthly cap will not count them`,
        );
        break;
      }
    }
    await index.flush().catch((e: unknown) => {
      logger.warn('transfer', `cannot record the ETags of the downloaded files in ${index.path}: ${errorMessage(e)}`);
    });
    progress.finish();
    return { kind: 'done', results: plans.map((p) => p.result as FileResult), s3Bytes };
  } finally {
    opts.signal?.removeEventListener('abort', onCallerAbort);
    if (tuner) clearInterval(tuner);
    httpClient.destroy();
    agents.http.destroy();
    agents.https.destroy();
    for (const c of s3Clients.values())
      c.then(
        (client) => client.destroy(),
        () => undefined,
      );
  }
}
