import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startDemoServers, type DemoServers } from '../../../scripts/demo/demoServers';
import { demoCliEnv, runDemoCdr } from '../../support/demoCli';

const cdr = (args: string[], env: Record<string, string>) => runDemoCdr(args, env, 30_000);

const HST_S3 = 's3://stpubdata/hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits';
const DRC_MAST = 'mast:HST/product/jbgu01010_drc.fits';
const DRC_KEY = 'hst/public/jbgu/jbgu01010/jbgu01010_drc.fits';
const EXCLUSIVE_MAST = 'mast:HST/product/odx501010_x1d.fits';
const CHANDRA_S3 = 's3://nasa-heasarc/chandra/data/byobsid/2/3052/primary/acisf03052N004_cntr_img2.fits';

interface JsonRoute {
  uri: string;
  via: 's3' | 'http';
  leaf: string;
  s3Uri: string | null;
  httpUrl: string | null;
  warnings: string[];
  error?: string;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function route(uris: string[], env: Record<string, string>): Promise<JsonRoute[]> {
  const r = await cdr(['route', ...uris, '--json'], env);
  assert.equal(r.status, 0, `exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as JsonRoute[];
}

describe('demo servers (issue 7), driven through the real CLI', () => {
  let home: string;
  let onEc2: DemoServers;
  let offCloud: DemoServers;
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'cdr-demo-test-'));
    [onEc2, offCloud] = await Promise.all([
      startDemoServers({ dir: join(home, 'ec2'), imds: 'ec2-us-east-1', mastToken: 't0ken' }),
      startDemoServers({ dir: join(home, 'laptop'), imds: 'off' }),
    ]);
  });
  after(async () => {
    await Promise.all([onEc2?.close(), offCloud?.close()]);
    await rm(home, { recursive: true, force: true });
  });

  it('sets exactly the standard variables, pointing at 127.0.0.1', () => {
    assert.deepEqual(Object.keys(onEc2.env).sort(), [
      'AWS_CONFIG_FILE',
      'AWS_DEFAULT_REGION',
      'AWS_EC2_METADATA_DISABLED',
      'AWS_EC2_METADATA_SERVICE_ENDPOINT',
      'AWS_ENDPOINT_URL_S3',
      'AWS_REGION',
      'AWS_SHARED_CREDENTIALS_FILE',
      'CDR_DEMO',
      'CDR_MAST_URL',
      'CDR_MIRRORS',
    ]);
    assert.equal(onEc2.env.AWS_EC2_METADATA_DISABLED, 'false');
    assert.equal(offCloud.env.AWS_EC2_METADATA_DISABLED, 'true');
    assert.equal(offCloud.env.AWS_EC2_METADATA_SERVICE_ENDPOINT, undefined);
    assert.equal(offCloud.urls.imds, null);
    for (const u of [
      onEc2.env.AWS_ENDPOINT_URL_S3,
      onEc2.env.CDR_MAST_URL,
      onEc2.env.AWS_EC2_METADATA_SERVICE_ENDPOINT,
      onEc2.urls.heasarc,
    ])
      assert.match(u, /^http:\/\/127\.0\.0\.1:\d+/);
    assert.match(onEc2.env.AWS_CONFIG_FILE, /sample\/aws\/config$/);
  });

  it('on EC2 in us-east-1: s3://stpubdata and a mast: URI go same-region over S3; exclusive data stays on MAST', async () => {
    const [hst, drc, excl, chandra] = await route(
      [HST_S3, DRC_MAST, EXCLUSIVE_MAST, CHANDRA_S3],
      demoCliEnv(onEc2, home),
    );
    assert.deepEqual([hst.leaf, hst.via, hst.s3Uri], ['same-region', 's3', HST_S3]);
    assert.deepEqual([drc.leaf, drc.via, drc.s3Uri], ['same-region', 's3', `s3://stpubdata/${DRC_KEY}`]);
    assert.deepEqual([excl.leaf, excl.via], ['data-not-in-cloud', 'http']);
    assert.equal(excl.httpUrl, `${onEc2.urls.mast}/api/v0.1/Download/file?uri=${EXCLUSIVE_MAST}`);
    assert.deepEqual([chandra.leaf, chandra.via], ['same-region', 's3']);
  });

  it('with no instance metadata: user-not-in-cloud over HTTP, to the MAST and HEASARC stand-ins', async () => {
    const [hst, chandra] = await route([HST_S3, CHANDRA_S3], demoCliEnv(offCloud, home));
    assert.deepEqual([hst.leaf, hst.via], ['user-not-in-cloud', 'http']);
    assert.equal(hst.httpUrl, `${offCloud.urls.mast}/api/v0.1/Download/file?uri=mast:HST/product/u9o40504m_c3m.fits`);
    assert.deepEqual([chandra.leaf, chandra.via], ['user-not-in-cloud', 'http']);
    assert.equal(
      chandra.httpUrl,
      `${offCloud.urls.heasarc}chandra/data/byobsid/2/3052/primary/acisf03052N004_cntr_img2.fits`,
    );
  });

  it('usgs-landsat is requester-pays in us-west-2: S3 only with --allow-cross-region', async () => {
    const landsat = onEc2.files.find((f) => f.bucket === 'usgs-landsat');
    assert.ok(landsat?.s3Uri);
    const refused = await cdr(['route', landsat.s3Uri, '--json'], demoCliEnv(onEc2, home));
    assert.equal(refused.status, 1);
    assert.equal((JSON.parse(refused.stdout) as JsonRoute[])[0].leaf, 'cross-region-not-allowed');
    const [allowed] = await route([landsat.s3Uri, '--allow-cross-region'], demoCliEnv(onEc2, home));
    assert.deepEqual([allowed.leaf, allowed.via], ['cross-region-requester-pays', 's3']);
  });

  it('MAST Download/file serves the same bytes as the s3rver object; exclusive access needs the token', async () => {
    const drc = onEc2.files.find((f) => f.mastUri === DRC_MAST);
    assert.ok(drc?.mastDownloadUrl);
    const overHttp = Buffer.from(await (await fetch(drc.mastDownloadUrl)).arrayBuffer());
    // Signed with the sample profile's key, as the product signs: s3rver must take it (it knows only S3RVER by itself).
    const s3 = new S3Client({
      region: 'us-east-1',
      endpoint: onEc2.urls.s3,
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    });
    try {
      const obj = await s3.send(new GetObjectCommand({ Bucket: 'stpubdata', Key: DRC_KEY }));
      const overS3 = Buffer.from(
        await (obj.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      );
      assert.equal(overS3.length, drc.size);
      assert.equal(sha256(overHttp), sha256(overS3));
    } finally {
      s3.destroy();
    }
    // A genuine FITS file: 2880-byte blocks, SIMPLE first, END in the header.
    assert.equal(overHttp.length % 2880, 0);
    assert.match(overHttp.subarray(0, 80).toString('ascii'), /^SIMPLE {2}= {20}T/);
    assert.match(overHttp.subarray(0, 2880).toString('ascii'), /END {77}/);

    const excl = onEc2.files.find((f) => f.exclusive);
    assert.ok(excl?.mastDownloadUrl);
    assert.equal((await fetch(excl.mastDownloadUrl)).status, 401);
    const authed = await fetch(excl.mastDownloadUrl, { headers: { Authorization: 'token t0ken' } });
    assert.equal(authed.status, 200);
    assert.equal(sha256(Buffer.from(await authed.arrayBuffer())), excl.sha256);
  });

  it('HEASARC mirror: ranges and an FTP-like listing', async () => {
    const f = onEc2.files.find((x) => x.bucket === 'nasa-heasarc');
    assert.ok(f?.mirrorUrl);
    const part = await fetch(f.mirrorUrl, { headers: { Range: 'bytes=0-79' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 0-79/${f.size}`);
    assert.match(await part.text(), /^SIMPLE/);
    const index = await (await fetch(onEc2.urls.heasarc)).text();
    assert.match(index, /chandra\//);
  });

  it('cdr get fetches one file over S3 and one over HTTP, byte-identical to the fixtures', async () => {
    const out = join(home, 'downloads');
    const hst = onEc2.files.find((f) => f.s3Uri === HST_S3);
    const drc = onEc2.files.find((f) => f.mastUri === DRC_MAST);
    assert.ok(hst && drc?.mastDownloadUrl);
    // Forced transports: the assertion is about the demo's bytes, whichever way `get` routes by default.
    // Signed (keys in the env, which `get` signs with today): the demo's s3rver must accept a key it never issued.
    const signed = {
      ...demoCliEnv(onEc2, home),
      AWS_ACCESS_KEY_ID: 'AKIAI44QH8DHBEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
    };
    const viaS3 = await cdr(['get', HST_S3, '--via', 's3', '-o', out, '--json'], signed);
    assert.equal(viaS3.status, 0, viaS3.stderr);
    const viaHttp = await cdr(
      ['get', drc.mastDownloadUrl, '--via', 'http', '-o', out, '--json'],
      demoCliEnv(offCloud, home),
    );
    assert.equal(viaHttp.status, 0, viaHttp.stderr);
    const [s3Result] = JSON.parse(viaS3.stdout) as { path: string; via: string; sha256: string }[];
    const [httpResult] = JSON.parse(viaHttp.stdout) as { path: string; via: string; sha256: string }[];
    assert.equal(s3Result.via, 's3');
    assert.equal(httpResult.via, 'http');
    assert.equal(sha256(await readFile(s3Result.path)), hst.sha256);
    assert.equal(sha256(await readFile(httpResult.path)), drc.sha256);
  });
});
