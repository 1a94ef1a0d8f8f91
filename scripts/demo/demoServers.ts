// I/O: the demo's stand-ins for the real services, all on 127.0.0.1 with OS-chosen ports: s3rver with sample
// open-data buckets, MAST (path_lookup + Download/file), an EC2 instance-metadata server, a HEASARC mirror, and NASA
// Earthdata Cloud (Earthdata Login, two DAACs, CMR: earthdataDemo.ts). `env` points the product at them through the
// variables it already honours, so nothing in src/ knows a demo.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startImdsServer, type ImdsServer } from '../../test/support/imdsServer';
import { startMastServer, type MastObservation, type MastServer } from '../../test/support/mastServer';
import { buildDemoFiles, type DemoFile } from './demoFiles';
import { EARTHDATA_DEMO_BUCKETS, earthdataDemoGranules, startEarthdataDemo, type EarthdataDemo } from './earthdataDemo';
import { startMirrorServer, type MirrorServer } from './mirrorServer';

export type DemoImds = 'ec2-us-east-1' | 'ec2-us-west-2' | 'off';

export interface DemoServerOptions {
  /** A folder the caller owns; s3rver's store and (if sample/aws is missing) fallback AWS files go below it. */
  readonly dir: string;
  /**
   * `ec2-us-east-1` / `ec2-us-west-2`: answer as an EC2 instance in that region with an instance role (us-west-2 is
   * where most Earthdata Cloud data lives); `off`: no metadata service (a laptop).
   */
  readonly imds: DemoImds;
  /** Token MAST wants for the exclusive-access file; a fixed demo value when omitted. */
  readonly mastToken?: string;
  /** The repository, for sample/aws; callers that load this file through a loader (tsx's tsImport) must pass it. */
  readonly repoRoot?: string;
}

export interface DemoUrls {
  /** S3 API (s3rver), path-style. */
  readonly s3: string;
  /** MAST base URL (CDR_MAST_URL). */
  readonly mast: string;
  /** Instance metadata endpoint, or null when imds is off. */
  readonly imds: string | null;
  /** HEASARC's FTP area stand-in: `http://127.0.0.1:P/FTP/`. */
  readonly heasarc: string;
  /** Earthdata Login, CMR and the two DAACs. */
  readonly earthdataLogin: string;
  readonly cmr: string;
  readonly daacs: readonly string[];
}

/** One sample file and where each route would fetch it. */
export interface DemoServedFile extends Omit<DemoFile, 'data'> {
  /** MAST's Download/file URL for it (when MAST serves it). */
  readonly mastDownloadUrl: string | null;
  /** The mirror URL (HEASARC files). */
  readonly mirrorUrl: string | null;
  readonly data: Buffer;
}

export interface DemoServers {
  /**
   * The variables that point a process at the stand-ins; Earthdata's three (EARTHDATA_LOGIN_URL, EARTHDATA_CMR_URL,
   * CDR_EARTHDATA_DAACS) are in `earthdata.env` instead, so the demo's VS Code is pointed at them by its settings
   * (`earthdata.settings`) as a user would do it. A shell running `cdr` wants both.
   */
  readonly env: Record<string, string>;
  readonly earthdata: EarthdataDemo;
  readonly urls: DemoUrls;
  readonly files: readonly DemoServedFile[];
  readonly mastToken: string;
  close(): Promise<void>;
}

export const DEMO_MAST_TOKEN = 'cdr-demo-mast-token';
export const DEMO_REGION = 'us-east-1';
const BUCKETS = ['stpubdata', 'nasa-heasarc', 'usgs-landsat'] as const;

const defaultRepoRoot = resolve(__dirname, '../..');

type S3rverCtor = new (o: object) => { run(): Promise<AddressInfo>; close(): Promise<void> };

/**
 * s3rver knows one key (S3RVER) and answers any other with InvalidAccessKeyId, though it never checks SigV4
 * signatures. Real open-data buckets accept any AWS identity, and the demo signs with sample/aws keys or the
 * instance role's, so every key is mapped to s3rver's one account. Its registry is module-global: this
 * affects every s3rver in this process, which for the demo (and its test file) is only ours.
 */
function acceptAnyAccessKey(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const account = require('s3rver/lib/models/account') as { registry: Map<string, unknown>; DUMMY_ACCOUNT: unknown };
  const registry = account.registry;
  if ((registry as { cdrDemo?: boolean }).cdrDemo) return;
  const get = Map.prototype.get;
  registry.get = (key: string) => get.call(registry, key) ?? account.DUMMY_ACCOUNT;
  (registry as { cdrDemo?: boolean }).cdrDemo = true;
}

interface S3Object {
  readonly bucket: string | null;
  readonly key: string;
  readonly data: Buffer;
}

async function startS3(dir: string, files: readonly S3Object[]): Promise<{ url: string; close(): Promise<void> }> {
  // require, not import(): s3rver ships no types, and tsx's tsImport() runs this file from a data: URL where
  // a bare import() specifier cannot be resolved (require is bound to this file's path there).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const S3rver = require('s3rver') as S3rverCtor;
  acceptAnyAccessKey();
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory: dir,
    silent: true,
    configureBuckets: [...BUCKETS, ...EARTHDATA_DEMO_BUCKETS].map((name) => ({ name })),
  });
  const { port } = await server.run();
  const url = `http://127.0.0.1:${port}`;
  // s3rver's one key; Buffer bodies, because the SDK's default checksummed streams are stored corrupted (local-servers.md).
  const client = new S3Client({
    region: DEMO_REGION,
    endpoint: url,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  try {
    for (const f of files)
      if (f.bucket)
        await client.send(
          new PutObjectCommand({
            Bucket: f.bucket,
            Key: f.key,
            Body: f.data,
            ContentType: f.key.endsWith('.fits')
              ? 'application/fits'
              : /\.(nc|h5)$/.test(f.key)
                ? 'application/x-hdf5'
                : 'text/plain',
          }),
        );
    // s3rver's delimiter listing prunes folders two or more levels below the prefix before it has seen an object in
    // them, so `hst/` would not be listed at the root (its files are deeper). The zero-byte folder markers the S3
    // console writes ("Create folder") make every level browsable, and listings skip them as real S3 users expect.
    for (const [bucket, folder] of folderMarkers(files))
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: folder, Body: Buffer.alloc(0) }));
  } finally {
    client.destroy();
  }
  return { url, close: () => server.close() };
}

/** The demo's HST visit as MAST's portal lists it: one observation, its products typed as astroquery sees them. */
export const DEMO_OBSERVATION = { collection: 'HST', obsId: 'ib6w01010', obsid: '2003520267' } as const;

export function demoObservations(files: readonly DemoFile[]): MastObservation[] {
  const products = files
    .filter((f) => f.bucket === 'stpubdata' && f.mastUri && f.key.startsWith('hst/public/ib6w/'))
    .map((f) => {
      const file = f.key.split('/').pop()!;
      const sub = (/_([a-z0-9]+)\.fits$/.exec(file)?.[1] ?? '').toUpperCase();
      return {
        obsID: DEMO_OBSERVATION.obsid,
        obs_collection: DEMO_OBSERVATION.collection,
        obs_id: DEMO_OBSERVATION.obsId,
        dataURI: f.mastUri!,
        productFilename: file,
        productType: sub === 'ASN' ? 'AUXILIARY' : 'SCIENCE',
        productSubGroupDescription: sub,
        // What MAST marks for HST: the drizzled product and the calibrated exposures.
        productGroupDescription: sub === 'DRZ' || sub === 'FLT' ? 'Minimum Recommended Products' : null,
        size: f.size,
      };
    });
  return [
    {
      obsid: DEMO_OBSERVATION.obsid,
      obs_collection: DEMO_OBSERVATION.collection,
      obs_id: DEMO_OBSERVATION.obsId,
      products,
    },
  ];
}

/** Every folder above each file, as [bucket, `a/b/`] pairs, each once. */
export function folderMarkers(
  files: readonly { readonly bucket: string | null; readonly key: string }[],
): [string, string][] {
  const out = new Map<string, [string, string]>();
  for (const f of files) {
    if (!f.bucket) continue;
    const parts = f.key.split('/').slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const folder = `${parts.slice(0, i).join('/')}/`;
      out.set(`${f.bucket}/${folder}`, [f.bucket, folder]);
    }
  }
  return [...out.values()];
}

/** sample/aws if the repo has it (read only); otherwise a minimal default profile with AWS's documented example keys. */
async function awsFiles(dir: string, repoRoot: string): Promise<{ config: string; credentials: string }> {
  const config = join(repoRoot, 'sample/aws/config');
  const credentials = join(repoRoot, 'sample/aws/credentials');
  if (existsSync(config) && existsSync(credentials)) return { config, credentials };
  const aws = join(dir, 'aws');
  await mkdir(aws, { recursive: true });
  await writeFile(join(aws, 'config'), `[default]\nregion = ${DEMO_REGION}\n`);
  await writeFile(
    join(aws, 'credentials'),
    '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
  );
  return { config: join(aws, 'config'), credentials: join(aws, 'credentials') };
}

export async function startDemoServers(opts: DemoServerOptions): Promise<DemoServers> {
  const mastToken = opts.mastToken ?? DEMO_MAST_TOKEN;
  const files = buildDemoFiles();
  const storeDir = join(opts.dir, 's3rver');
  await mkdir(storeDir, { recursive: true });

  // Started in order and closed in reverse, so a failure half-way leaves nothing listening.
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch(() => {});
    await rm(storeDir, { recursive: true, force: true });
  };
  try {
    const granules = earthdataDemoGranules();
    const s3 = await startS3(storeDir, [...files, ...granules]);
    closers.push(s3.close);
    const earthdata = await startEarthdataDemo({ s3Url: s3.url });
    closers.push(() => earthdata.close());

    const mastPaths: Record<string, string | null> = {};
    const mastFiles: Record<string, Buffer> = {};
    for (const f of files) {
      if (!f.mastUri) continue;
      // MAST answers path_lookup with a leading slash; exclusive-access data has no public cloud copy.
      mastPaths[f.mastUri] = f.bucket === 'stpubdata' && !f.exclusive ? `/${f.key}` : null;
      mastFiles[f.mastUri] = f.data;
    }
    const mast: MastServer = await startMastServer({
      paths: mastPaths,
      files: mastFiles,
      proprietary: files.filter((f) => f.exclusive && f.mastUri).map((f) => f.mastUri as string),
      token: mastToken,
      observations: demoObservations(files),
    });
    closers.push(() => mast.close());

    const mirror: MirrorServer = await startMirrorServer({
      files: new Map(files.filter((f) => f.bucket === 'nasa-heasarc').map((f) => [f.key, f.data])),
    });
    closers.push(() => mirror.close());

    let imds: ImdsServer | null = null;
    const region = opts.imds === 'ec2-us-west-2' ? 'us-west-2' : DEMO_REGION;
    if (opts.imds !== 'off') {
      imds = await startImdsServer({
        region,
        availabilityZone: `${region}a`,
        role: 'cdr-demo-instance-role',
        instanceType: 'm6i.large',
      });
      closers.push(() => (imds as ImdsServer).close());
    }

    const aws = await awsFiles(opts.dir, opts.repoRoot ?? defaultRepoRoot);
    const env: Record<string, string> = {
      CDR_DEMO: '1',
      AWS_ENDPOINT_URL_S3: s3.url,
      CDR_MAST_URL: mast.url,
      // User mirrors come before the built-in HEASARC mapping, so s3://nasa-heasarc keys route to this server over HTTP.
      CDR_MIRRORS: JSON.stringify([{ urlPrefix: mirror.prefixUrl, bucket: 'nasa-heasarc', keyPrefix: '' }]),
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_CONFIG_FILE: aws.config,
      AWS_SHARED_CREDENTIALS_FILE: aws.credentials,
      // 'false' spelled out when on: callers merge this over a base that disables IMDS (scripts/codeServer.mjs does).
      ...(imds
        ? { AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url, AWS_EC2_METADATA_DISABLED: 'false' }
        : { AWS_EC2_METADATA_DISABLED: 'true' }),
    };
    const served = files.map((f) => ({
      ...f,
      mastDownloadUrl: f.mastUri ? `${mast.url}/api/v0.1/Download/file?uri=${f.mastUri}` : null,
      mirrorUrl: f.bucket === 'nasa-heasarc' ? `${mirror.prefixUrl}${f.key}` : null,
    }));
    return {
      env,
      earthdata,
      urls: {
        s3: s3.url,
        mast: mast.url,
        imds: imds?.url ?? null,
        heasarc: mirror.prefixUrl,
        earthdataLogin: earthdata.edl.origin,
        cmr: earthdata.cmr.url,
        daacs: Object.values(earthdata.daacs).map((d) => d.origin),
      },
      files: served,
      mastToken,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
