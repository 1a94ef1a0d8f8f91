// I/O: downloads one object into `<final>.part` (parallel pinned ranges, retries, resume sidecar), verifies it and
// renames it into place; the final path only ever holds a complete, verified file.
import { setMaxListeners } from 'node:events';
import { rm, stat } from 'node:fs/promises';
import { finished } from 'node:stream';
import type { Logger } from '../util/logger';
import {
  PartFile,
  addRange,
  missingRanges,
  partPaths,
  readSidecar,
  removePartFiles,
  writeSidecar,
  type Sidecar,
} from './partFile';
import type { ProgressTracker } from './progress';
import { backoffDelay, retryFaults, sleep } from './retry';
import { Coalescer } from './coalescer';
import type { MetadataCalls } from './metadataCalls';
import type { Semaphore } from './semaphore';
import { SourceFault, type ByteSource, type ObjectInfo, type OpenedBody, type Probe } from './source';
import type { RetryPolicy } from './types';
import { catalogChecksum, verifyFile } from './verify';

export interface EngineContext {
  /** Requests in flight (every GET and HEAD of the batch holds one). */
  readonly semaphore: Semaphore;
  /** Large bodies streaming at once; taken inside a request slot, never the other way round (no deadlock). */
  readonly streams: Semaphore;
  readonly partSize: number;
  readonly retry: RetryPolicy;
  readonly random: () => number;
  readonly progress: ProgressTracker;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Called for every batch of bytes written (the download-cap ledger counts S3 bytes). */
  readonly onBytes: (n: number) => void;
  /** Creating, closing and renaming files, shared by the batch (inline until the disk is slow). */
  readonly files: MetadataCalls;
  /** The catalog's checksum for this file (hex, CMR's algorithm names); it wins over the server's own. */
  readonly checksum?: { readonly algorithm: string; readonly value: string };
}

export interface FileOutcome {
  readonly bytes: number;
  readonly etag: string | null;
  readonly sha256: string | null;
  readonly verified: string[];
  readonly resumed: boolean;
}

/** Wraps a local I/O failure so callers can tell a full disk from a network fault. */
export class DiskFault extends Error {
  constructor(
    message: string,
    readonly code: string,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'DiskFault';
  }
}

function diskFault(e: unknown, path: string): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new DiskFault(`No space left on the device writing ${path}`, 'disk-full', { cause: e });
  if (code === 'EFBIG')
    return new DiskFault(
      `File too large for this system or your file-size limit (ulimit -f) writing ${path}`,
      'file-too-large',
      { cause: e },
    );
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new DiskFault(`Cannot write ${path}: ${code}`, 'not-writable', { cause: e });
  if (code === 'ELOOP')
    return new DiskFault(`Refusing to write ${path}: it is a symbolic link`, 'unsafe-path', { cause: e });
  return e;
}

/** Reuse a sidecar only if it describes this very object version and its .part file is intact. */
async function resumableRanges(
  source: ByteSource,
  info: ObjectInfo,
  paths: { part: string; sidecar: string },
  side?: Sidecar | null,
): Promise<Array<[number, number]>> {
  if (side === undefined) side = await readSidecar(paths.sidecar);
  if (!side || info.size === null || !info.acceptRanges) return [];
  const sameVersion =
    side.source === source.id &&
    side.size === info.size &&
    side.etag === info.etag &&
    (info.etag !== null || side.lastModified === info.lastModified);
  if (!sameVersion) return [];
  const st = await stat(paths.part).catch(() => null);
  return st?.isFile() && st.size === info.size ? side.done : [];
}

/** Bytes a previous run already left in a matching .part (0 when nothing can be reused). */
export async function resumableBytes(source: ByteSource, info: ObjectInfo, finalPath: string): Promise<number> {
  const done = await resumableRanges(source, info, partPaths(finalPath));
  return done.reduce((n, [s, e]) => n + (e - s), 0);
}

/**
 * `known` null: nothing was asked yet (no HEAD); the first ranged GET tells size, ETag and range support, and its
 * body is the first part. The caller passes null only when nothing of an earlier run sits at `finalPath`.
 */
export async function downloadObject(
  source: ByteSource,
  known: ObjectInfo | null,
  finalPath: string,
  ctx: EngineContext,
): Promise<FileOutcome & { readonly info: ObjectInfo }> {
  const paths = partPaths(finalPath);
  const side = await readSidecar(paths.sidecar);
  let done = known ? await resumableRanges(source, known, paths, side) : [];
  const resumed = done.length > 0;
  const alreadyHave = done.reduce((n, [s, e]) => n + (e - s), 0);
  if (resumed)
    ctx.logger.info('transfer', `resuming ${source.label} with ${alreadyHave} of ${known?.size} bytes already on disk`);
  // A sidecar that is not reused must go before any byte is written: it would vouch for ranges of the new .part.
  if (side && !resumed) await rm(paths.sidecar, { force: true });
  let sidecarOnDisk = resumed;

  const pf = await PartFile.open(paths.part, !resumed, ctx.files).catch((e: unknown) => {
    throw diskFault(e, finalPath);
  });
  // A file-local abort: the first fatal part error stops its siblings instead of letting them run to the end.
  const local = new AbortController();
  setMaxListeners(0, local.signal);
  const onOuterAbort = () => local.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onOuterAbort, { once: true });
  let keepPart = false;
  let info = known;
  try {
    let wholeDone = false;
    /** The first ranged GET's part [0, end), still streaming while the other parts start: its headers told the size. */
    let first: { readonly end: number; readonly body: Promise<void> } | null = null;
    if (info === null) {
      let sized: (end: number) => void = () => undefined;
      const sizedNow = new Promise<number>((resolve) => (sized = resolve));
      // The probe and its body share one slot: a response left waiting for a slot would idle out its socket.
      const probing = ctx.semaphore.run(async () => {
        const probe = source.probe
          ? await retrying(
              () => (source.probe as NonNullable<ByteSource['probe']>)(ctx.partSize, local.signal),
              ctx,
              local.signal,
            )
          : null;
        info = probe ? probe.info : await source.stat(local.signal);
        ctx.progress.addTotal(info.size);
        // A file that comes whole in this one answer (most files of a many-file batch) is written from byte 0 to
        // its end: sizing it first would only add a metadata call per file.
        const oneAnswer = probe !== null && (!probe.ranged || (info.size !== null && probe.end >= info.size));
        if (info.size !== null && !oneAnswer)
          await pf.truncate(info.size).catch((e: unknown) => Promise.reject(diskFault(e, finalPath)));
        if (!probe) return;
        if (probe.ranged) {
          keepPart = true;
          // The other parts need not wait for this body: over a real network each stream is slow to start.
          sized(probe.end);
          await fetchRange(source, info, pf, 0, probe.end, ctx, local.signal, probe);
        } else {
          await fetchWhole(source, info, pf, ctx, local.signal, probe);
          wholeDone = true;
        }
      }, local.signal);
      const end = await Promise.race([sizedNow, probing.then(() => null)]);
      if (end !== null) {
        first = { end, body: probing };
        // Awaited with the other parts below; until then a failure must not count as unhandled.
        probing.catch(() => undefined);
      }
    } else {
      // A one-part file is written from byte 0 to its end by one stream: sizing it first is a metadata call for nothing.
      if (info.size !== null && (resumed || info.size > ctx.partSize))
        await pf.truncate(info.size).catch((e: unknown) => Promise.reject(diskFault(e, finalPath)));
      ctx.progress.add(alreadyHave);
    }
    const obj = info as ObjectInfo;

    if (obj.size !== null && obj.acceptRanges && obj.size > 0) {
      const size = obj.size;
      const sidecar = (): Sidecar => ({
        version: 1,
        source: source.id,
        etag: obj.etag,
        size,
        lastModified: obj.lastModified,
        done,
      });
      const parts: Array<[number, number]> = [];
      for (const [s, e] of missingRanges(first ? addRange(done, 0, first.end) : done, size)) {
        for (let p = s; p < e; p += ctx.partSize) parts.push([p, Math.min(e, p + ctx.partSize)]);
      }
      // The sidecar is written when a part finishes and others are still to come: before that it could only say
      // "nothing done" (which a missing sidecar says too), and after the last part the file is verified and renamed.
      // A one-part file (most files of a many-file batch) thus costs no sidecar I/O at all.
      let saving: Promise<void> = Promise.resolve();
      let partsLeft = parts.length + (first ? 1 : 0);
      const save = () => {
        sidecarOnDisk = true;
        return (saving = saving.then(() => writeSidecar(paths.sidecar, sidecar())));
      };
      // From here on an interruption leaves a resumable .part (a cancel, a kill, a dropped network).
      keepPart = true;
      const firstPart = async (f: NonNullable<typeof first>): Promise<void> => {
        try {
          await f.body;
        } catch (err) {
          local.abort(err);
          throw err;
        }
        done = addRange(done, 0, f.end);
        if (--partsLeft > 0) await save();
      };
      await Promise.all([
        ...(first ? [firstPart(first)] : []),
        ...parts.map(async ([s, e]) => {
          try {
            await ctx.semaphore.run(async () => {
              await fetchRange(source, obj, pf, s, e, ctx, local.signal);
            }, local.signal);
          } catch (err) {
            local.abort(err);
            throw err;
          }
          done = addRange(done, s, e);
          if (--partsLeft > 0) await save();
        }),
      ]).catch(async (err: unknown) => {
        // Every sibling has seen the abort; wait for the last sidecar write so it is not torn.
        await saving.catch(() => undefined);
        throw firstRealError(err, local.signal);
      });
      await saving;
    } else if (obj.size !== 0 && !wholeDone) {
      await ctx.semaphore.run(() => fetchWhole(source, obj, pf, ctx, local.signal), local.signal);
    }

    const actual = await pf.size();
    await pf.close();
    const check = await verifyFile(
      paths.part,
      actual,
      {
        size: obj.size,
        etag: obj.etag,
        etagApplies: true,
        checksum: (ctx.checksum && catalogChecksum(ctx.checksum)) ?? obj.checksum,
      },
      ctx.signal,
    );
    if (check.mismatch) {
      keepPart = false;
      throw new SourceFault(`${source.label}: downloaded file does not match the server's: ${check.mismatch}`, 'fatal');
    }
    await ctx.files.rename(paths.part, finalPath).catch((e: unknown) => Promise.reject(diskFault(e, finalPath)));
    if (sidecarOnDisk) await rm(paths.sidecar, { force: true });
    return { bytes: actual, etag: obj.etag, sha256: check.sha256, verified: check.verified, resumed, info: obj };
  } catch (e) {
    await pf.close().catch(() => undefined);
    const fault = ctx.signal.aborted
      ? new SourceFault('cancelled', 'cancelled', undefined, { cause: e })
      : diskFault(e, finalPath);
    const resumable =
      keepPart && (fault instanceof SourceFault ? fault.kind === 'retry' || fault.kind === 'cancelled' : false);
    // Disk full, a changed object, a refused login: the partial data is useless or must not linger.
    if (!resumable) await removePartFiles(finalPath);
    throw fault;
  } finally {
    ctx.signal.removeEventListener('abort', onOuterAbort);
  }
}

/** Retries `fn` on retryable faults (a 503, a reset before any byte) with the engine's backoff. */
function retrying<T>(fn: () => Promise<T>, ctx: EngineContext, signal: AbortSignal): Promise<T> {
  return retryFaults(fn, ctx.retry, ctx.random, signal, (fault, attempt, delay) =>
    ctx.logger.debug('transfer', `${fault.message}; retry ${attempt} in ${delay} ms`),
  );
}

/** A body at least this long takes a stream slot (ctx.streams) while it is read. */
const STREAM_BYTES = 4 * 1024 * 1024;

function firstRealError(err: unknown, signal: AbortSignal): unknown {
  // Siblings reject with the abort reason; the reason itself is the error that started it.
  return signal.aborted && signal.reason !== undefined ? signal.reason : err;
}

/**
 * Runs `fn` holding a stream slot when the body is at least STREAM_BYTES long or of unknown length (null); small
 * bodies never wait for one.
 */
function withStreamSlot<T>(
  bytes: number | null,
  ctx: EngineContext,
  signal: AbortSignal,
  fn: () => Promise<T>,
): Promise<T> {
  return bytes !== null && bytes < STREAM_BYTES ? fn() : ctx.streams.run(fn, signal);
}

/** Fetches [start, end) into the file, resuming inside the part after a reset or a short body. */
function fetchRange(
  source: ByteSource,
  info: ObjectInfo,
  pf: PartFile,
  start: number,
  end: number,
  ctx: EngineContext,
  signal: AbortSignal,
  probe?: Probe,
): Promise<number> {
  return withStreamSlot(end - start, ctx, signal, async () => {
    const cursor = { pos: start };
    let attempt = 0;
    while (cursor.pos < end) {
      attempt++;
      const before = cursor.pos;
      try {
        const opened =
          attempt === 1 && probe
            ? probe.opened
            : await source.open({ range: { start: cursor.pos, end: end - 1 }, etag: info.etag, signal });
        await pump(opened, pf, cursor, end, ctx, source.label, signal);
        if (cursor.pos < end)
          throw new SourceFault(
            `${source.label}: body ended after ${cursor.pos - start} of ${end - start} bytes (truncated)`,
            'retry',
          );
      } catch (e) {
        if (cursor.pos > before) attempt = 1; // progress was made: the connection is flaky, not dead
        const fault = e instanceof SourceFault ? e : null;
        if (!fault || fault.kind !== 'retry' || attempt >= ctx.retry.maxAttempts || signal.aborted) throw e;
        const delay = backoffDelay(attempt, ctx.retry, ctx.random, fault.retryAfterMs ?? 0);
        ctx.logger.debug('transfer', `${fault.message}; retry ${attempt} in ${delay} ms`);
        await sleep(delay, signal);
      }
    }
    return end - start;
  });
}

/** One stream from byte 0 (no ranges or unknown size); a retry starts over. */
function fetchWhole(
  source: ByteSource,
  info: ObjectInfo,
  pf: PartFile,
  ctx: EngineContext,
  signal: AbortSignal,
  probe?: Probe,
): Promise<number> {
  return withStreamSlot(info.size, ctx, signal, async () => {
    for (let attempt = 1; ; attempt++) {
      const cursor = { pos: 0 };
      try {
        const opened = attempt === 1 && probe ? probe.opened : await source.open({ etag: info.etag, signal });
        if (!(attempt === 1 && probe))
          await pf.truncate(0).catch((e: unknown) => Promise.reject(diskFault(e, pf.path.replace(/\.part$/, ''))));
        await pump(opened, pf, cursor, info.size ?? Number.MAX_SAFE_INTEGER, ctx, source.label, signal);
        if (info.size !== null && cursor.pos < info.size)
          throw new SourceFault(
            `${source.label}: body ended after ${cursor.pos} of ${info.size} bytes (truncated)`,
            'retry',
          );
        return cursor.pos;
      } catch (e) {
        ctx.progress.add(-cursor.pos);
        const fault = e instanceof SourceFault ? e : null;
        if (!fault || fault.kind !== 'retry' || attempt >= ctx.retry.maxAttempts || signal.aborted) throw e;
        await sleep(backoffDelay(attempt, ctx.retry, ctx.random, fault.retryAfterMs ?? 0), signal);
      }
    }
  });
}

/**
 * Copies a body to the file at `cursor.pos`, never past `end`, advancing the cursor as bytes land on disk. Chunks are
 * taken from 'data' events (no promise and no queue per chunk) and written synchronously at their offset, gathered
 * into 64 KiB writes by a Coalescer: at most one such buffer in memory per body.
 */
function pump(
  opened: OpenedBody,
  pf: PartFile,
  cursor: { pos: number },
  end: number,
  ctx: EngineContext,
  label: string,
  signal: AbortSignal,
): Promise<void> {
  const body = opened.body;
  const out = new Coalescer(pf, cursor, (n) => {
    ctx.progress.add(n);
    ctx.onBytes(n);
  });
  const diskPath = () => pf.path.replace(/\.part$/, '');
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (e: unknown) => {
      if (settled) return;
      settled = true;
      body.removeListener('data', onData);
      stopWatching();
      // Bytes that did arrive are good (the range is pinned to one ETag): they go to disk, the cursor says how many.
      let fault = e;
      try {
        out.flush();
      } catch (we) {
        fault = diskFault(we, diskPath());
      }
      out.release();
      if (fault === null) return resolve();
      opened.destroy();
      reject(fault);
    };
    const onData = (chunk: Uint8Array) => {
      if (cursor.pos + out.pending + chunk.byteLength > end)
        return settle(new SourceFault(`${label}: the server sent more bytes than asked for`, 'fatal'));
      try {
        out.push(chunk);
      } catch (e) {
        return settle(diskFault(e, diskPath()));
      }
    };
    const stopWatching = finished(body, (e) => {
      if (!e) return settle(null);
      settle(signal.aborted ? new SourceFault('cancelled', 'cancelled', undefined, { cause: e }) : opened.classify(e));
    });
    body.on('data', onData);
  });
}
