// I/O: the demo's NASA Earthdata Cloud on 127.0.0.1: Earthdata Login, two DAACs (TEA style in us-west-2, Cumulus
// style in us-east-1) whose presigned URLs point at the S3 guard in front of the demo's s3rver, and CMR holding a
// granule record for each demo granule. The stand-ins are the tests' own (test/support/earthdata); the product is
// pointed at them only through its documented variables and settings.
import { createHash } from 'node:crypto';
import type { Daac } from '../../src/core/earthdata/types';
import { startCmrServer, ummGranule, type CmrServer } from '../../test/support/earthdata/cmrServer';
import { startDaacServer, type DaacServer } from '../../test/support/earthdata/daacServer';
import { startEdlServer, type EdlServer } from '../../test/support/earthdata/edlServer';
import type { RecordedRequest } from '../../test/support/earthdata/recorder';
import { startS3Guard, type S3Guard } from '../../test/support/earthdata/s3Guard';
import { rng } from '../../test/support/rng';

export const DEMO_EDL_USER = 'cdr-demo';
export const DEMO_EDL_PASSWORD = 'cdr-demo-password';

/** A DAAC of the demo: its table entry minus the origin and endpoint, which exist only once its server listens. */
interface DemoDaacSpec {
  readonly id: string;
  readonly name: string;
  readonly style: 'tea' | 'cumulus';
  readonly provider: string;
  readonly bucket: string;
  readonly region: string;
  readonly collection: { readonly conceptId: string; readonly shortName: string; readonly version: string };
}

// Real DAACs serve from us-west-2; UMM-C also allows us-east-1 (earthdata.md §3), and a second region is what lets
// one demo show both routes: the granule in the machine's region comes over S3, the other over HTTPS.
const DAACS: readonly DemoDaacSpec[] = [
  {
    id: 'demo-tea',
    name: 'Demo DAAC (TEA egress, us-west-2)',
    style: 'tea',
    provider: 'DEMO_TEA',
    bucket: 'demo-tea-protected',
    region: 'us-west-2',
    collection: { conceptId: 'C1000000001-DEMO_TEA', shortName: 'DEMO_SST_L4', version: '4.1' },
  },
  {
    id: 'demo-cumulus',
    name: 'Demo DAAC (Cumulus egress, us-east-1)',
    style: 'cumulus',
    provider: 'DEMO_CUMULUS',
    bucket: 'demo-cumulus-protected',
    region: 'us-east-1',
    collection: { conceptId: 'C1000000002-DEMO_CUMULUS', shortName: 'DEMO_SNOW_L3', version: '001' },
  },
];

export const EARTHDATA_DEMO_BUCKETS = DAACS.map((d) => d.bucket);

interface GranuleSpec {
  readonly daac: string;
  readonly conceptId: string;
  readonly granuleUr: string;
  readonly key: string;
  readonly bytes: number;
  /** What the CMR record says (PO.DAAC-style records carry MD5, ORNL-style SHA-256). */
  readonly algorithm: 'MD5' | 'SHA-256';
}

const GRANULES: readonly GranuleSpec[] = [
  {
    daac: 'demo-tea',
    conceptId: 'G1000000101-DEMO_TEA',
    granuleUr: '20240101090000-DEMO-L4_GHRSST-SST-v4.1',
    key: 'DEMO_SST_L4/20240101090000-DEMO-L4_GHRSST-SST-v4.1.nc',
    bytes: 96 * 1024,
    algorithm: 'MD5',
  },
  {
    daac: 'demo-tea',
    conceptId: 'G1000000102-DEMO_TEA',
    granuleUr: '20240102090000-DEMO-L4_GHRSST-SST-v4.1',
    key: 'DEMO_SST_L4/20240102090000-DEMO-L4_GHRSST-SST-v4.1.nc',
    bytes: 96 * 1024 + 517,
    algorithm: 'MD5',
  },
  {
    daac: 'demo-cumulus',
    conceptId: 'G1000000201-DEMO_CUMULUS',
    granuleUr: 'DEMO_SNOW_L3_20240101_001',
    key: 'DEMO_SNOW_L3/001/2024/01/01/DEMO_SNOW_L3_20240101_001.h5',
    bytes: 80 * 1024 + 33,
    algorithm: 'SHA-256',
  },
];

/** One demo granule file with both its links, as its CMR record gives them. */
export interface EarthdataDemoGranule {
  readonly daac: string;
  readonly region: string;
  readonly shortName: string;
  readonly version: string;
  readonly provider: string;
  readonly conceptId: string;
  readonly granuleUr: string;
  readonly bucket: string;
  readonly key: string;
  readonly name: string;
  readonly s3Uri: string;
  /** The DAAC's HTTPS URL (`<origin>/<bucket>/<key>`, LP DAAC style); empty until the DAAC listens. */
  readonly httpsUrl: string;
  readonly size: number;
  readonly sha256: string;
  readonly checksum: { readonly algorithm: string; readonly value: string };
  readonly data: Buffer;
}

/** Synthetic bytes: a text header saying what they are, then deterministic noise. */
function granuleBytes(name: string, size: number): Buffer {
  const header = Buffer.from(`CDR demo granule ${name}: synthetic data, not a real observation\n`);
  const next = rng(createHash('sha256').update(name).digest().readUInt32BE(0));
  const out = Buffer.alloc(size);
  header.copy(out);
  for (let i = header.length; i < size; i++) out[i] = Math.floor(next() * 256);
  return out;
}

/** The demo granules without their HTTPS URLs: what s3rver must hold before the stand-ins start. */
export function earthdataDemoGranules(): EarthdataDemoGranule[] {
  return GRANULES.map((g) => {
    const d = DAACS.find((x) => x.id === g.daac)!;
    const name = g.key.split('/').pop()!;
    const data = granuleBytes(name, g.bytes);
    const hash = (alg: string) => createHash(alg).update(data).digest('hex');
    return {
      daac: d.id,
      region: d.region,
      shortName: d.collection.shortName,
      version: d.collection.version,
      provider: d.provider,
      conceptId: g.conceptId,
      granuleUr: g.granuleUr,
      bucket: d.bucket,
      key: g.key,
      name,
      s3Uri: `s3://${d.bucket}/${g.key}`,
      httpsUrl: '',
      size: data.length,
      sha256: hash('sha256'),
      checksum: { algorithm: g.algorithm, value: g.algorithm === 'MD5' ? hash('md5') : hash('sha256') },
      data,
    };
  });
}

export interface EarthdataDemo {
  readonly edl: EdlServer;
  readonly guard: S3Guard;
  readonly daacs: Readonly<Record<string, DaacServer>>;
  readonly cmr: CmrServer;
  /** The DAAC table entries that point the product at the demo DAACs (CDR_EARTHDATA_DAACS). */
  readonly daacTable: readonly (Daac & { readonly httpsPathIsBucketKey: true })[];
  readonly granules: readonly EarthdataDemoGranule[];
  readonly user: string;
  readonly password: string;
  /** A 60-day token for the demo user, for *Sign In to Earthdata…* or EARTHDATA_TOKEN. */
  readonly token: string;
  /** EARTHDATA_LOGIN_URL, EARTHDATA_CMR_URL, CDR_EARTHDATA_DAACS. */
  readonly env: Record<string, string>;
  /** The same three as VS Code settings (cloudDataRouter.earthdata.*). */
  readonly settings: Record<string, unknown>;
  /** Every request any of the Earthdata stand-ins got (headers included), for checks of where credentials went. */
  requests(): RecordedRequest[];
  close(): Promise<void>;
}

/**
 * Starts EDL, the S3 guard (presigned URLs, in front of `s3Url`), both DAACs and CMR. The granules' objects must
 * already be in the s3rver at `s3Url` (see earthdataDemoGranules()).
 */
export async function startEarthdataDemo(opts: { readonly s3Url: string }): Promise<EarthdataDemo> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch(() => {});
  };
  try {
    const edl = await startEdlServer({ users: [{ username: DEMO_EDL_USER, password: DEMO_EDL_PASSWORD }] });
    closers.push(() => edl.stop());
    const guard = await startS3Guard({ upstream: opts.s3Url });
    closers.push(() => guard.stop());
    const daacs: Record<string, DaacServer> = {};
    for (const d of DAACS) {
      const server = await startDaacServer({ style: d.style, edl, s3: guard });
      closers.push(() => server.stop());
      daacs[d.id] = server;
    }
    const daacTable = DAACS.map((d) => ({
      id: d.id,
      name: d.name,
      providers: [d.provider],
      origins: [daacs[d.id].origin],
      buckets: [d.bucket],
      s3CredentialsUrl: daacs[d.id].s3CredentialsUrl,
      region: d.region,
      httpsPathIsBucketKey: true as const,
    }));
    const granules = earthdataDemoGranules().map((g) => ({
      ...g,
      httpsUrl: `${daacs[g.daac].origin}/${g.bucket}/${g.key}`,
    }));
    const cmr = await startCmrServer({
      granules: granules.map((g) => ({
        shortName: g.shortName,
        version: g.version,
        item: ummGranule({
          conceptId: g.conceptId,
          granuleUr: g.granuleUr,
          provider: g.provider,
          collectionConceptId: DAACS.find((d) => d.id === g.daac)!.collection.conceptId,
          files: [{ name: g.name, https: g.httpsUrl, s3: g.s3Uri, sizeInBytes: g.size, checksum: g.checksum }],
          s3CredentialsUrl: daacs[g.daac].s3CredentialsUrl,
        }),
      })),
      collections: Object.fromEntries(
        DAACS.map((d) => [
          d.collection.conceptId,
          {
            ShortName: d.collection.shortName,
            Version: d.collection.version,
            DirectDistributionInformation: {
              Region: d.region,
              S3BucketAndObjectPrefixNames: [d.bucket],
              S3CredentialsAPIEndpoint: daacs[d.id].s3CredentialsUrl,
            },
          },
        ]),
      ),
    });
    closers.push(() => cmr.close());
    return {
      edl,
      guard,
      daacs,
      cmr,
      daacTable,
      granules,
      user: DEMO_EDL_USER,
      password: DEMO_EDL_PASSWORD,
      token: edl.issueToken(DEMO_EDL_USER, 60 * 86400),
      env: {
        EARTHDATA_LOGIN_URL: edl.origin,
        EARTHDATA_CMR_URL: cmr.url,
        CDR_EARTHDATA_DAACS: JSON.stringify(daacTable),
      },
      settings: {
        'cloudDataRouter.earthdata.loginUrl': edl.origin,
        'cloudDataRouter.earthdata.cmrUrl': cmr.url,
        'cloudDataRouter.earthdata.daacs': daacTable,
      },
      requests: () => [...edl.requests, ...Object.values(daacs).flatMap((d) => d.requests), ...guard.requests],
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
