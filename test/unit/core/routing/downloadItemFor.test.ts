import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Location } from '../../../../src/core/catalog/types';
import type { CloudContext } from '../../../../src/core/context/types';
import { decide } from '../../../../src/core/routing/decide';
import { archivePathFor, downloadItemFor } from '../../../../src/core/routing/downloadItemFor';
import { DEFAULT_POLICY } from '../../../../src/core/routing/types';

const HST = 'mast:HST/product/u9o40504m_c3m.fits';
const HST_KEY = 'hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits';
const base: Location = {
  input: HST,
  kind: 'mast',
  bucket: 'stpubdata',
  key: HST_KEY,
  s3Uri: `s3://stpubdata/${HST_KEY}`,
  region: 'us-east-1',
  requesterPays: false,
  httpUrl: `https://mast.stsci.edu/api/v0.1/Download/file?uri=${HST}`,
  bytes: null,
  httpLogin: 'mast',
  archiveUri: HST,
  notes: [],
  lookupFailed: false,
};
const ec2 = (region: string): CloudContext => ({
  inCloud: true,
  provider: 'aws',
  service: 'ec2',
  region,
  instanceType: null,
  instanceId: null,
  platform: null,
  evidence: [],
});
const anonymous = { hasCredentials: false, source: null };
const archivePath = ['mastDownload', 'HST', 'u9o40504m', 'u9o40504m_c3m.fits'];

describe('downloadItemFor (route → transfer item)', () => {
  it('an S3 route carries bucket, key, region, requester-pays, the HTTP fallback and the archive path', () => {
    const route = decide(ec2('us-east-1'), base, anonymous, DEFAULT_POLICY);
    assert.deepEqual(downloadItemFor(route, base), {
      uri: HST,
      archivePath,
      via: 's3',
      bucket: 'stpubdata',
      key: HST_KEY,
      region: 'us-east-1',
      requesterPays: false,
      httpUrl: base.httpUrl,
    });
  });

  it('an HTTP route carries the URL; a route with an error gives no item', () => {
    const route = decide(ec2('us-west-2'), base, anonymous, DEFAULT_POLICY);
    assert.deepEqual(downloadItemFor(route, base), {
      uri: HST,
      archivePath,
      bucket: 'stpubdata',
      key: HST_KEY,
      via: 'http',
      httpUrl: base.httpUrl,
    });
    const exclusive = { ...base, bucket: null, key: null, s3Uri: null, region: null };
    assert.deepEqual(downloadItemFor(decide(ec2('us-east-1'), exclusive, anonymous, DEFAULT_POLICY), exclusive), {
      uri: HST,
      archivePath,
      via: 'http',
      httpUrl: base.httpUrl,
    });
    const paid = { ...base, bucket: 'usgs-landsat', requesterPays: true, httpUrl: null, region: 'us-west-2' };
    assert.equal(downloadItemFor(decide(ec2('us-east-1'), paid, anonymous, DEFAULT_POLICY), paid), null);
  });
});

describe('archivePathFor (astroquery-like per-archive layout)', () => {
  it('puts MAST products under mastDownload/<collection>/<obs_id>/', () => {
    assert.deepEqual(archivePathFor(base), archivePath);
    assert.deepEqual(
      archivePathFor({ ...base, archiveUri: 'mast:JWST/product/jw02736-o001_t001_nircam_clear-f090w_i2d.fits' }),
      ['mastDownload', 'JWST', 'jw02736-o001', 'jw02736-o001_t001_nircam_clear-f090w_i2d.fits'],
    );
  });

  it('puts other archives under <archive>Download/<key> and plain S3 under <bucket>/<key>', () => {
    assert.deepEqual(
      archivePathFor({
        ...base,
        kind: 'heasarc',
        archiveUri: null,
        bucket: 'nasa-heasarc',
        key: 'chandra/data/x.fits',
      }),
      ['heasarcDownload', 'chandra', 'data', 'x.fits'],
    );
    assert.deepEqual(archivePathFor({ ...base, kind: 's3', archiveUri: null, bucket: 'noaa-goes16', key: 'a/b.nc' }), [
      'noaa-goes16',
      'a',
      'b.nc',
    ]);
    assert.equal(archivePathFor({ ...base, kind: 'https', archiveUri: null, bucket: null, key: null }), undefined);
  });
});
