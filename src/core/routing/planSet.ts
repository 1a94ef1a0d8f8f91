// I/O: a set's files (from expandSet) → a routed plan, file by file in bounded memory, with totals for the cap and cost.
import type { Catalog } from '../catalog/catalog';
import type { SetFile } from '../catalog/expandSet';
import type { Location } from '../catalog/types';
import type { CloudContext } from '../context/types';
import { errorMessage } from '../errors';
import type { Message } from '../messages';
import { relativeSegments } from '../transfer/safePath';
import type { DownloadItem, FileResult, Layout } from '../transfer/types';
import { decide } from './decide';
import { downloadItemFor } from './downloadItemFor';
import type { Route, RouteIdentity, RouteLeaf, RoutePolicy, Via } from './types';

export interface PlannedFile {
  /** The file's own address (`s3://b/k`, its archive URL, a `mast:` product URI). */
  readonly uri: string;
  /** The argument or list line it came from. */
  readonly input: string;
  readonly via: Via;
  readonly leaf: RouteLeaf;
  /** From the listing or product list; null when the set named the file alone. */
  readonly bytes: number | null;
  readonly etag: string | null;
  /** Where it lands, relative to the destination folder, `/`-separated. */
  readonly path: string;
  readonly estimatedCostUsd: number | null;
  /** What the transfer engine downloads; carries `listed`, so an unchanged file costs no request on a rerun. */
  readonly item: DownloadItem;
}

export interface ViaTotals {
  files: number;
  bytes: number;
}

export interface SetTotals {
  readonly files: number;
  /** Sum of the known sizes. */
  readonly bytes: number;
  /** What the user's AWS account pays for the known sizes (requester-pays S3 only). */
  readonly estimatedCostUsd: number;
  readonly byVia: Readonly<Record<Via, ViaTotals>>;
  /** Files whose size is learned only when fetched (named alone, not listed). */
  readonly unknownSizes: number;
}

export interface SetPlan {
  readonly totals: SetTotals;
  /** Files no route can fetch or no safe path can hold, as ERROR results with the reason. */
  readonly refused: FileResult[];
  /** Each distinct route warning once, with how many files it concerns and one of them. */
  readonly warnings: {
    readonly text: string;
    /** The same warning as a message, for a face that translates it. */
    readonly message: Message | null;
    readonly files: number;
    readonly example: string;
  }[];
  /** The same destination path asked twice (overlapping prefixes): planned once. */
  readonly duplicates: number;
}

export interface PlanSetContext {
  readonly catalog: Catalog;
  readonly context: CloudContext;
  readonly identity: RouteIdentity;
  readonly policy: RoutePolicy;
  readonly layout: Layout;
  /**
   * Plan a destination path only once (overlapping prefixes, lists naming a file twice, flat layouts). Off only
   * when paths cannot repeat (one listing into bucket/key), which saves a set of 100,000 paths.
   */
  readonly dedupe?: boolean;
}

const GIB = 1024 ** 3;
/** Files resolved together: MAST path lookups are batched 40 per request inside the catalog. */
const BATCH = 400;

/** A template rather than an array joined: this runs once per file. */
function shapeOf(l: Location): string {
  const notes = l.notes.length ? l.notes.join('\n') : '';
  return `${l.kind}|${l.bucket ?? ''}|${l.region ?? ''}|${l.requesterPays}|${l.httpUrl !== null}|${l.s3Uri !== null}|${l.httpLogin ?? ''}|${l.lookupFailed}|${notes}|${l.earthdata?.s3CredentialsUrl ?? ''}`;
}

function refusedResult(uri: string, via: Via, error: string, errorCode: string): FileResult {
  return {
    uri,
    status: 'ERROR',
    path: null,
    bytes: null,
    via,
    etag: null,
    sha256: null,
    verified: [],
    resumed: false,
    error,
    errorCode,
  };
}

/**
 * Routes every file of a set and hands each to `onFile` as soon as it is planned; returns the totals. The decision
 * tree runs once per distinct location shape (bucket, region, requester-pays, which copies exist), not once per
 * file: 100,000 keys of one prefix cost one decide(). Files named alone are resolved through the catalog in
 * batches (MAST path lookups batched inside). Expansion errors (an empty prefix, …) propagate.
 */
export async function planSet(
  files: AsyncIterable<SetFile>,
  ctx: PlanSetContext,
  onFile: (f: PlannedFile) => void | Promise<void>,
): Promise<SetPlan> {
  const routes = new Map<string, { route: Route; perGiB: number | null }>();
  const byVia: Record<Via, ViaTotals> = { s3: { files: 0, bytes: 0 }, http: { files: 0, bytes: 0 } };
  const refused: FileResult[] = [];
  const warnings = new Map<string, { message: Message | null; files: number; example: string }>();
  const paths = new Set<string>();
  let count = 0;
  let bytes = 0;
  let cost = 0;
  let unknownSizes = 0;
  let duplicates = 0;

  const routeFor = (loc: Location): Route => {
    const key = shapeOf(loc);
    let shape = routes.get(key);
    if (!shape) {
      // Decided at 1 GiB so the route's cost is the price per GiB for this shape.
      const route = decide(ctx.context, { ...loc, bytes: GIB }, ctx.identity, ctx.policy);
      shape = { route, perGiB: route.estimatedCostUsd };
      routes.set(key, shape);
    }
    // An error names the file: decide again for this one (errors are rare and their text matters).
    if (shape.route.error) return decide(ctx.context, loc, ctx.identity, ctx.policy);
    const fileCost =
      loc.bytes === null
        ? shape.perGiB === 0
          ? 0
          : null
        : shape.perGiB === null
          ? null
          : Math.round((loc.bytes / GIB) * shape.perGiB * 10_000) / 10_000;
    return {
      ...shape.route,
      uri: loc.input,
      s3Uri: loc.s3Uri,
      httpUrl: loc.httpUrl,
      bytes: loc.bytes,
      estimatedCostUsd: fileCost,
    };
  };

  const plan = async (f: SetFile, found: Location) => {
    const loc: Location = { ...found, bytes: f.listed?.size ?? null };
    const route = routeFor(loc);
    route.warnings.forEach((w, i) => {
      const seen = warnings.get(w);
      if (seen) seen.files++;
      else warnings.set(w, { message: route.warningMessages[i] ?? null, files: 1, example: f.uri });
    });
    const base = downloadItemFor(route, loc);
    if (!base) {
      refused.push(refusedResult(f.uri, route.via, route.error ?? `no way to fetch ${f.uri}`, 'no-route'));
      return;
    }
    // downloadItemFor returns a fresh object: completed in place rather than copied (one object per file, not three).
    const item = base as { -readonly [K in keyof DownloadItem]: DownloadItem[K] };
    if (f.archivePath) item.archivePath = f.archivePath;
    if (f.listed) item.listed = f.listed;
    let path: string;
    try {
      path = relativeSegments(item, ctx.layout).join('/');
    } catch (e) {
      refused.push(refusedResult(f.uri, route.via, errorMessage(e), 'unsafe-path'));
      return;
    }
    if (ctx.dedupe !== false) {
      if (paths.has(path)) {
        duplicates++;
        return;
      }
      paths.add(path);
    }
    count++;
    byVia[route.via].files++;
    if (loc.bytes === null) unknownSizes++;
    else {
      bytes += loc.bytes;
      byVia[route.via].bytes += loc.bytes;
    }
    if (route.estimatedCostUsd) cost += route.estimatedCostUsd;
    await onFile({
      uri: f.uri,
      input: f.input,
      via: route.via,
      leaf: route.leaf,
      bytes: loc.bytes,
      etag: f.listed?.etag ?? null,
      path,
      estimatedCostUsd: route.estimatedCostUsd,
      item,
    });
  };

  let pending: SetFile[] = [];
  const flush = async () => {
    const batch = pending;
    pending = [];
    const toResolve = batch.filter((f) => !f.location).map((f) => f.uri);
    const resolved = toResolve.length ? await ctx.catalog.resolve(toResolve) : [];
    let i = 0;
    for (const f of batch) await plan(f, f.location ?? resolved[i++]!);
  };
  for await (const f of files) {
    if (f.location && pending.length === 0) await plan(f, f.location);
    else {
      pending.push(f);
      if (pending.length >= BATCH) await flush();
    }
  }
  await flush();

  return {
    totals: {
      files: count,
      bytes,
      estimatedCostUsd: Math.round(cost * 10_000) / 10_000,
      byVia,
      unknownSizes,
    },
    refused,
    warnings: [...warnings].map(([text, w]) => ({ text, ...w })),
    duplicates,
  };
}
