// Pure: what the catalog says about one requested file — where its bytes live, in S3 and over HTTP.
import type { Checksum } from '../earthdata/types';

export type LocationKind = 's3' | 'mast' | 'heasarc' | 'irsa' | 'https' | 'earthdata';

/** `'mast'`: MAST's token login (proprietary data); `'earthdata'`: Earthdata Login; a host name: that host's own login. */
export type HttpLogin = null | 'mast' | 'earthdata' | string;

/** What an Earthdata file carries besides its two links (kind `earthdata`). */
export interface EarthdataFacts {
  /** The DAAC table entry's id, when the URL, bucket or provider is in the table. */
  readonly daac: string | null;
  /** Where temporary S3 credentials for this file come from (granule link, collection, else the DAAC table). */
  readonly s3CredentialsUrl: string | null;
  /** From the CMR granule record; null when not searched or not given. */
  readonly checksum: Checksum | null;
}

export interface Location {
  /** Exactly what the user typed. */
  readonly input: string;
  readonly kind: LocationKind;
  /** The cloud copy; all three are null when there is none. */
  readonly bucket: string | null;
  readonly key: string | null;
  readonly s3Uri: string | null;
  /** The bucket's region; null when there is no cloud copy or it could not be learned. */
  readonly region: string | null;
  readonly requesterPays: boolean;
  /** A free HTTP(S) copy, or null when there is none (e.g. a requester-pays bucket). */
  readonly httpUrl: string | null;
  readonly bytes: number | null;
  readonly httpLogin: HttpLogin;
  /** The archive's own identifier (e.g. `mast:HST/product/x.fits`), when the input has one. */
  readonly archiveUri: string | null;
  /** Plain-language facts the lookup learned or could not learn (shown as route warnings). */
  readonly notes: readonly string[];
  /** True when a lookup service failed, so "no cloud copy" may be wrong (CLI exit 1). */
  readonly lookupFailed: boolean;
  /** Set for kind `earthdata` only. */
  readonly earthdata?: EarthdataFacts;
}

/** How a bucket's objects can be fetched over HTTP without AWS. */
export type HttpMirror =
  /** MAST's Download API (stpubdata). */
  | 'mast'
  /** An archive web area mapped by a MirrorMapping (HEASARC, IRSA). */
  | 'mirror'
  /** The bucket's own public HTTPS endpoint. */
  | 'bucket'
  /** None: requester-pays or private. */
  | 'none';

export interface OpenDataBucket {
  readonly bucket: string;
  readonly region: string;
  readonly requesterPays: boolean;
  readonly http: HttpMirror;
}

/** `urlPrefix + rest` ↔ `s3://bucket/keyPrefix + rest`. */
export interface MirrorMapping {
  readonly kind: 'heasarc' | 'irsa' | 'https';
  readonly urlPrefix: string;
  readonly bucket: string;
  readonly keyPrefix: string;
}
