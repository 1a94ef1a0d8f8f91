// I/O: resolves what the user typed into Locations, batching MAST lookups and caching bucket regions.
import { earthdataLocation } from '../earthdata/locate';
import type { Daac } from '../earthdata/types';
import { BucketRegionLookup, type BucketRegionResult } from './bucketRegion';
import { MastPathLookup, type FetchLike, type MastPathResult } from './mastPathLookup';
import { mastBaseUrl, mastDownloadUrl, mastUriForStpubdataKey } from './mastUri';
import {
  bucketPublicUrl,
  catalogTables,
  configuredS3Endpoint,
  findBucket,
  mirrorUrlFor,
  type CatalogTables,
} from './openDataBuckets';
import { parseInput, type ParsedInput } from './parseInput';
import type { Location, MirrorMapping, OpenDataBucket } from './types';

export interface CatalogOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Extra or corrected bucket facts (a setting); they win over the built-in table. */
  readonly userBuckets?: readonly OpenDataBucket[];
  /** Extra URL prefix ↔ bucket prefix mappings (a setting), e.g. an institute mirror. */
  readonly userMirrors?: readonly MirrorMapping[];
  /** Extra or corrected Earthdata DAACs (a setting or CDR_EARTHDATA_DAACS); an id of the built-in table replaces it. */
  readonly userDaacs?: readonly Daac[];
  /** MAST base URL; defaults to CDR_MAST_URL from env, then https://mast.stsci.edu. */
  readonly mastBaseUrl?: string;
  readonly fetch?: FetchLike;
}

const STPUBDATA = 'stpubdata';

/** Long-lived: one per CLI run or extension session, so lookups are cached across calls. */
export class Catalog {
  readonly tables: CatalogTables;
  readonly mastBase: string;
  readonly mast: MastPathLookup;
  readonly regions: BucketRegionLookup;
  readonly #endpoint: string | null;

  constructor(opts: CatalogOptions) {
    this.tables = catalogTables({
      userBuckets: opts.userBuckets,
      userMirrors: opts.userMirrors,
      userDaacs: opts.userDaacs,
    });
    this.mastBase = (opts.mastBaseUrl ?? mastBaseUrl(opts.env)).replace(/\/+$/, '');
    this.mast = new MastPathLookup({ baseUrl: this.mastBase, fetch: opts.fetch });
    this.regions = new BucketRegionLookup({ env: opts.env, fetch: opts.fetch });
    this.#endpoint = configuredS3Endpoint(opts.env);
  }

  /** Pure part: throws CdrError BadInput naming the first malformed input. */
  parse(inputs: readonly string[]): ParsedInput[] {
    return inputs.map((i) =>
      parseInput(i, { tables: this.tables, mastBase: this.mastBase, s3Endpoint: this.#endpoint }),
    );
  }

  /** One Location per input, in order. Lookup failures become notes, never exceptions. */
  async resolve(inputs: readonly string[]): Promise<Location[]> {
    const parsed = this.parse(inputs);
    const mastUris = parsed.flatMap((p) => (p.kind === 'mast' ? [p.uri] : []));
    const paths = mastUris.length ? await this.mast.lookup(mastUris) : new Map<string, MastPathResult>();
    const unknownBuckets = new Set<string>();
    for (const p of parsed) {
      const b =
        p.kind === 's3'
          ? p.regionHint
            ? null
            : p.bucket
          : p.kind === 'mast' || p.kind === 'earthdata'
            ? null
            : (p.mirror?.bucket ?? null);
      if (b && !findBucket(this.tables, b)) unknownBuckets.add(b);
    }
    const regions = new Map(
      await Promise.all([...unknownBuckets].map(async (b) => [b, await this.regions.regionOf(b)] as const)),
    );
    return parsed.map((p) => this.#locate(p, paths, regions));
  }

  /** Settled HeadBucket answers for listed buckets, kept even when they failed (see bucketRegion). */
  readonly #listedRegions = new Map<string, BucketRegionResult>();

  /**
   * The bucket's region for listing it and for every object it lists: the table, else one HeadBucket per bucket
   * and run, remembered even when it fails, so 100,000 listed keys never mean 100,000 lookups. Null: unknown.
   */
  async bucketRegion(bucket: string): Promise<string | null> {
    const entry = findBucket(this.tables, bucket);
    if (entry) return entry.region;
    let r = this.#listedRegions.get(bucket);
    if (!r) {
      r = await this.regions.regionOf(bucket);
      this.#listedRegions.set(bucket, r);
    }
    return r.region;
  }

  /**
   * The Location of an object a listing returned, without parsing a URI or asking anything (await
   * `bucketRegion` once first). With `archive`, the object was listed for an archive folder and keeps its URL.
   */
  locateListed(
    bucket: string,
    key: string,
    archive: { readonly kind: Location['kind']; readonly url: string } | null,
  ): Location {
    const f = this.#objectFacts(bucket, key, null, this.#listedRegions);
    const s3Uri = `s3://${bucket}/${key}`;
    return {
      input: archive ? archive.url : s3Uri,
      kind: archive ? archive.kind : 's3',
      bucket,
      key,
      s3Uri,
      bytes: null,
      lookupFailed: false,
      ...f,
      ...(archive ? { httpUrl: archive.url, archiveUri: null, httpLogin: null } : {}),
    };
  }

  #objectFacts(
    bucket: string,
    key: string,
    regionHint: string | null,
    regions: Map<string, Awaited<ReturnType<BucketRegionLookup['regionOf']>>>,
  ) {
    const notes: string[] = [];
    const entry = findBucket(this.tables, bucket);
    let region = entry?.region ?? regionHint;
    if (!region) {
      const r = regions.get(bucket);
      if (r && r.region !== null) region = r.region;
      else if (r) notes.push(r.reason);
    }
    let httpUrl: string | null;
    let archiveUri: string | null = null;
    let httpLogin: Location['httpLogin'] = null;
    const publicUrl = () => bucketPublicUrl({ bucket, key, region: region ?? null, endpoint: this.#endpoint });
    switch (entry?.http) {
      case 'mast':
        archiveUri = mastUriForStpubdataKey(key) ?? null;
        httpUrl = archiveUri ? mastDownloadUrl(this.mastBase, archiveUri) : publicUrl();
        if (archiveUri) httpLogin = 'mast';
        break;
      case 'mirror':
        httpUrl = mirrorUrlFor(this.tables, bucket, key) ?? publicUrl();
        break;
      case 'bucket':
        httpUrl = publicUrl();
        break;
      case 'none':
        httpUrl = null;
        break;
      default:
        httpUrl = publicUrl();
        notes.push(`Bucket ${bucket} is not in the open-data table: assumed public and not requester-pays`);
    }
    return {
      region: region ?? null,
      requesterPays: entry?.requesterPays ?? false,
      httpUrl,
      httpLogin,
      archiveUri,
      notes,
    };
  }

  #locate(
    p: ParsedInput,
    paths: Map<string, MastPathResult>,
    regions: Map<string, Awaited<ReturnType<BucketRegionLookup['regionOf']>>>,
  ): Location {
    const none = {
      bucket: null,
      key: null,
      s3Uri: null,
      region: null,
      requesterPays: false,
      bytes: null,
      lookupFailed: false,
    };
    if (p.kind === 's3') {
      const f = this.#objectFacts(p.bucket, p.key, p.regionHint, regions);
      return {
        input: p.input,
        kind: 's3',
        bucket: p.bucket,
        key: p.key,
        s3Uri: `s3://${p.bucket}/${p.key}`,
        bytes: null,
        lookupFailed: false,
        ...f,
      };
    }
    if (p.kind === 'earthdata') return earthdataLocation(p);
    if (p.kind === 'mast') {
      const httpUrl = mastDownloadUrl(this.mastBase, p.uri);
      const base = {
        ...none,
        input: p.input,
        kind: 'mast' as const,
        httpUrl,
        httpLogin: 'mast' as const,
        archiveUri: p.uri,
      };
      const r = paths.get(p.uri) ?? { error: `MAST path lookup gave no answer for ${p.uri}` };
      if ('error' in r) return { ...base, lookupFailed: true, notes: [`${r.error}; treated as having no cloud copy`] };
      if (r.path === null) return { ...base, notes: [`MAST knows no cloud copy of ${p.uri}`] };
      const f = this.#objectFacts(STPUBDATA, r.path, null, regions);
      return {
        ...base,
        bucket: STPUBDATA,
        key: r.path,
        s3Uri: `s3://${STPUBDATA}/${r.path}`,
        region: f.region,
        requesterPays: f.requesterPays,
        notes: f.notes,
      };
    }
    const base = {
      ...none,
      input: p.input,
      kind: p.kind,
      httpUrl: p.url,
      httpLogin: null,
      archiveUri: null,
      notes: p.note ? [p.note] : [],
    };
    if (!p.mirror) return base;
    const f = this.#objectFacts(p.mirror.bucket, p.mirror.key, null, regions);
    return {
      ...base,
      bucket: p.mirror.bucket,
      key: p.mirror.key,
      s3Uri: `s3://${p.mirror.bucket}/${p.mirror.key}`,
      region: f.region,
      requesterPays: f.requesterPays,
      notes: [...base.notes, ...f.notes],
    };
  }
}
