// Pure: the vocabulary of NASA Earthdata Cloud that login, search, routing and download share.
// (Agreed up front so the three parts can be built side by side; extend it, don't fork it.)

/** Where an Earthdata Login came from, in the order they are tried. */
export type EarthdataLoginSource = 'env-token' | 'env-password' | 'netrc' | 'secret-storage';

export interface EarthdataLogin {
  readonly source: EarthdataLoginSource;
  /** Where exactly, for messages: `EARTHDATA_TOKEN`, `/home/u/.netrc line 3`, `VS Code secret storage`. */
  readonly where: string;
  /** The EDL user id (from the JWT `uid` or the netrc login); null when unknown. */
  readonly user: string | null;
  /** A bearer token (sent as `Authorization: Bearer`) to EDL, CMR and DAAC hosts only. */
  readonly token: string | null;
  /** From the token's JWT `exp`; null without a token or when the token is not a JWT. */
  readonly tokenExpiresAt: Date | null;
  /** Basic credentials, answered only to the Earthdata Login host's own challenge. */
  readonly basic: { readonly username: string; readonly password: string } | null;
}

export interface EarthdataLoginState {
  /** The winning login, or null when none is configured (public data still works). */
  readonly login: EarthdataLogin | null;
  /** Earlier sources that were looked at and why they did not win (never containing a secret). */
  readonly skipped: readonly { readonly source: EarthdataLoginSource; readonly reason: string }[];
  /** Things the user must fix (a world-readable .netrc, an expired token, a malformed line). */
  readonly problems: readonly string[];
}

/** A DAAC: the hosts that serve it over HTTPS, its buckets, where its temporary S3 credentials come from. */
export interface Daac {
  readonly id: string;
  readonly name: string;
  /** CMR provider ids (e.g. `LPCLOUD`). */
  readonly providers: readonly string[];
  /** HTTPS origins (`https://data.lpdaac.earthdatacloud.nasa.gov`, or a full origin for a local stand-in). */
  readonly origins: readonly string[];
  readonly buckets: readonly string[];
  readonly s3CredentialsUrl: string | null;
  /** The region of its buckets (most are us-west-2; never assumed when the collection says otherwise). */
  readonly region: string;
  /**
   * True when `<origin>/<bucket>/<key>` is exactly `s3://<bucket>/<key>` for its buckets (LP DAAC, PO.DAAC, NSIDC), so a
   * lone URL may be given its twin. Absent or false: the egress app's bucket map renames paths (ORNL, GES DISC, ASF),
   * and only a CMR record can say both links.
   */
  readonly httpsPathIsBucketKey?: boolean;
}

export interface Checksum {
  /** As CMR spells it: `SHA-256`, `MD5`, `SHA-512`, … */
  readonly algorithm: string;
  readonly value: string;
}

/** One file of a granule with both its links as the CMR record gives them (never derived one from the other). */
export interface GranuleFile {
  readonly name: string;
  /** `GET DATA` (https). */
  readonly httpsUrl: string | null;
  /** `GET DATA VIA DIRECT ACCESS` (s3://). */
  readonly s3Uri: string | null;
  readonly sizeBytes: number | null;
  /**
   * Only a unit-based `Size`/`SizeUnit` was given (KB, MB, … are ambiguous between 1000^n and 1024^n): this is the
   * 1000^n reading, for totals shown to a person; never used to check the bytes. Absent when `sizeBytes` is known.
   */
  readonly approximateBytes?: number;
  readonly checksum: Checksum | null;
}

export interface Granule {
  readonly conceptId: string;
  readonly granuleUr: string;
  readonly provider: string;
  readonly collectionConceptId: string | null;
  readonly files: readonly GranuleFile[];
  /** The granule's own s3credentials link (`VIEW RELATED INFORMATION` …/s3credentials), else the DAAC table's. */
  readonly s3CredentialsUrl: string | null;
  /** The collection's `DirectDistributionInformation.Region`, else the DAAC table's; null when unknown. */
  readonly region: string | null;
}

/** What a DAAC's `/s3credentials` hands out: valid about one hour, and only in the data's region. */
export interface TemporaryS3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}
