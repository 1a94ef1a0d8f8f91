// I/O: one call from what the user typed to a routed plan: parse and read lists, expand, route (CLI, VS Code, shards).
import { expandSet, type PreparedInput } from '../catalog/expandSet';
import type { CompiledFilters } from '../catalog/keyGlob';
import { createBucketLister, type BucketLister } from '../catalog/listing';
import { MastPortal, type MastProductFilters } from '../catalog/mastProducts';
import { cmrBaseUrl, CmrClient } from '../earthdata/cmrSearch';
import type { CredentialsInput } from '../transfer/types';
import { planSet, type PlanSetContext, type PlannedFile, type SetPlan } from './planSet';

export interface DataSetOptions extends PlanSetContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Signs the listings; absent: anonymous (open-data buckets list for anyone). */
  readonly credentials?: CredentialsInput;
  /** List files are read relative to this folder. */
  readonly cwd: string;
  /** Region for listing a bucket the table does not know and S3 will not say (S3-compatible stores). */
  readonly defaultRegion: string;
  readonly filters?: CompiledFilters;
  readonly productFilters?: MastProductFilters;
  readonly signal?: AbortSignal;
  /** CMR for `earthdata:granules?…` (default EARTHDATA_CMR_URL, else CMR) and the Earthdata bearer token, if any. */
  readonly earthdata?: { readonly cmrUrl?: string; readonly token?: string | null };
  /** Told once per input (e.g. a search matched more granules than its limit). */
  readonly onNote?: (text: string) => void;
}

/**
 * `prepared` comes from `prepareSetInputs(inputs, { catalog, cwd })`, which throws BadInput for a malformed URI or
 * an unreadable list before any request. Then an empty prefix,
 * a glob or filter matching nothing, an unknown bucket or observation throws while expanding (BadInput), a denied
 * listing or an archive API failure throws Lookup. `onFile` sees each file as soon as it is routed.
 */
export async function planDataSet(
  prepared: readonly PreparedInput[],
  o: DataSetOptions,
  onFile: (f: PlannedFile) => void | Promise<void>,
): Promise<SetPlan> {
  let lister: Promise<BucketLister> | undefined;
  let portal: MastPortal | undefined;
  let cmr: CmrClient | undefined;
  try {
    const files = expandSet(prepared, {
      catalog: o.catalog,
      cwd: o.cwd,
      defaultRegion: o.defaultRegion,
      lister: () => (lister ??= createBucketLister({ env: o.env, credentials: o.credentials })),
      mast: () => (portal ??= new MastPortal({ baseUrl: o.catalog.mastBase })),
      cmr: () =>
        (cmr ??= new CmrClient({
          baseUrl: o.earthdata?.cmrUrl ?? cmrBaseUrl(o.env),
          token: o.earthdata?.token ?? null,
          daacs: o.catalog.tables.daacs,
        })),
      ...(o.onNote ? { onNote: o.onNote } : {}),
      ...(o.filters ? { filters: o.filters } : {}),
      ...(o.productFilters ? { productFilters: o.productFilters } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });
    // One listing into bucket/key cannot name a path twice; everything else may (overlaps, lists, flat names).
    const single = prepared.length === 1 && 'kind' in prepared[0]! && prepared[0].kind === 'listing';
    return await planSet(files, { ...o, dedupe: o.dedupe ?? !(single && o.layout !== 'flat') }, onFile);
  } finally {
    if (lister) (await lister).destroy();
  }
}
