import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Catalog } from '../../../../src/core/catalog/catalog';
import { CdrError } from '../../../../src/core/errors';
import { startMastServer, type MastServer } from '../../../support/mastServer';

describe('Catalog.resolve', () => {
  let mast: MastServer;
  let s3: Server;
  let endpoint: string;
  before(async () => {
    mast = await startMastServer({
      paths: {
        'mast:HST/product/u9o40504m_c3m.fits': '/hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits',
        'mast:JWST/product/jw02736-o001_t001_nircam_clear-f090w_i2d.fits':
          '/jwst/public/jw02736/jw02736-o001_t001_nircam_clear-f090w_i2d.fits',
      },
    });
    // Stands in for S3's HeadBucket region header (s3rver does not send it).
    s3 = createServer((req, res) => {
      res
        .writeHead(
          req.url === '/lab-data' ? 403 : 404,
          req.url === '/lab-data' ? { 'x-amz-bucket-region': 'eu-west-1' } : {},
        )
        .end();
    });
    await new Promise<void>((r) => s3.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(s3.address() as AddressInfo).port}`;
  });
  after(async () => {
    await mast.close();
    await new Promise<void>((r) => s3.close(() => r()));
  });

  const catalog = () => new Catalog({ env: { CDR_MAST_URL: mast.url, AWS_ENDPOINT_URL_S3: endpoint } });

  it('turns mast: URIs into stpubdata Locations with one batched lookup', async () => {
    const c = catalog();
    const n = mast.requests.length;
    const [hst, jwst, missing, viaUrl] = await c.resolve([
      'mast:HST/product/u9o40504m_c3m.fits',
      'mast:JWST/product/jw02736-o001_t001_nircam_clear-f090w_i2d.fits',
      'mast:HST/product/does_not_exist.fits',
      `https://mast.stsci.edu/api/v0.1/Download/file?uri=mast:HST/product/u9o40504m_c3m.fits`,
    ]);
    assert.equal(mast.requests.length, n + 1, 'one path_lookup request for all four');
    assert.deepEqual(
      { ...hst, notes: [...hst.notes] },
      {
        input: 'mast:HST/product/u9o40504m_c3m.fits',
        kind: 'mast',
        bucket: 'stpubdata',
        key: 'hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits',
        s3Uri: 's3://stpubdata/hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits',
        region: 'us-east-1',
        requesterPays: false,
        httpUrl: `${mast.url}/api/v0.1/Download/file?uri=mast:HST/product/u9o40504m_c3m.fits`,
        bytes: null,
        httpLogin: 'mast',
        archiveUri: 'mast:HST/product/u9o40504m_c3m.fits',
        notes: [],
        lookupFailed: false,
      },
    );
    assert.equal(jwst.key, 'jwst/public/jw02736/jw02736-o001_t001_nircam_clear-f090w_i2d.fits');
    assert.equal(missing.s3Uri, null);
    assert.equal(missing.httpUrl, `${mast.url}/api/v0.1/Download/file?uri=mast:HST/product/does_not_exist.fits`);
    assert.match(missing.notes.join(), /MAST knows no cloud copy of mast:HST\/product\/does_not_exist.fits/);
    assert.equal(viaUrl.kind, 'mast');
    assert.equal(viaUrl.s3Uri, hst.s3Uri);
  });

  it('gives S3 objects their table facts and archive HTTP copies', async () => {
    const [heasarc, irsa, landsat, goes, stp] = await catalog().resolve([
      's3://nasa-heasarc/chandra/data/byobsid/2/3052/oif.fits',
      'https://nasa-irsa-wise.s3.us-west-2.amazonaws.com/wise/allwise/images/p3am_cdd/09/0904/0904m213_ac51/0904m213_ac51-w1-int-3.fits',
      's3://usgs-landsat/collection02/level-2/standard/oli-tirs/2020/027/033/x_SR_B4.TIF',
      's3://noaa-goes16/ABI-L1b-RadC/2024/001/00/x.nc',
      's3://stpubdata/hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits',
    ]);
    assert.equal(heasarc.httpUrl, 'https://heasarc.gsfc.nasa.gov/FTP/chandra/data/byobsid/2/3052/oif.fits');
    assert.equal(heasarc.region, 'us-east-1');
    assert.equal(
      irsa.httpUrl,
      'https://irsa.ipac.caltech.edu/ibe/data/wise/allwise/p3am_cdd/09/0904/0904m213_ac51/0904m213_ac51-w1-int-3.fits',
    );
    assert.equal(irsa.region, 'us-west-2');
    assert.deepEqual([landsat.requesterPays, landsat.httpUrl, landsat.region], [true, null, 'us-west-2']);
    // The bucket's own URL, under the configured endpoint (path-style) so tests stay local.
    assert.equal(goes.httpUrl, `${endpoint}/noaa-goes16/ABI-L1b-RadC/2024/001/00/x.nc`);
    assert.equal(stp.httpUrl, `${mast.url}/api/v0.1/Download/file?uri=mast:HST/product/u9o40504m_c3m.fits`);
    assert.equal(stp.httpLogin, 'mast');
  });

  it('maps archive URLs to their buckets and leaves other HTTPS without a cloud copy', async () => {
    const [h, other] = await catalog().resolve([
      'https://heasarc.gsfc.nasa.gov/FTP/rxte/data/archive/a.gz',
      'https://example.org/x.fits',
    ]);
    assert.deepEqual(
      [h.kind, h.s3Uri, h.httpUrl, h.region],
      [
        'heasarc',
        's3://nasa-heasarc/rxte/data/archive/a.gz',
        'https://heasarc.gsfc.nasa.gov/FTP/rxte/data/archive/a.gz',
        'us-east-1',
      ],
    );
    assert.deepEqual(
      [other.kind, other.s3Uri, other.httpUrl, other.httpLogin],
      ['https', null, 'https://example.org/x.fits', null],
    );
  });

  it('learns an unknown bucket region from HeadBucket and says when it cannot', async () => {
    const [lab, ghost] = await catalog().resolve(['s3://lab-data/run1/a.fits', 's3://ghost-bucket/a.fits']);
    assert.equal(lab.region, 'eu-west-1');
    assert.match(lab.notes.join(), /not in the open-data table/);
    assert.equal(ghost.region, null);
    assert.match(ghost.notes.join(), /ghost-bucket does not exist/);
  });

  it('a failing MAST lookup marks the Location lookupFailed, with no cloud copy', async () => {
    const down = await startMastServer({ lookupStatus: 500 });
    try {
      const [l] = await new Catalog({ env: { CDR_MAST_URL: down.url } }).resolve(['mast:HST/product/a.fits']);
      assert.equal(l.lookupFailed, true);
      assert.equal(l.s3Uri, null);
      assert.match(l.notes.join(), /HTTP 500; treated as having no cloud copy/);
    } finally {
      await down.close();
    }
  });

  it('throws BadInput naming the first bad URI before any lookup', async () => {
    const n = mast.requests.length;
    await assert.rejects(
      catalog().resolve(['mast:HST/product/a.fits', 'gopher://x/y']),
      (e: unknown) => e instanceof CdrError && e.code === 'BadInput' && e.message.includes('gopher://x/y'),
    );
    assert.equal(mast.requests.length, n);
  });
});
