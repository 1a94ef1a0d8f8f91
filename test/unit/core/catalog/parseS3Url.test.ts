import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CdrError } from '../../../../src/core/errors';
import { parseS3HttpsUrl, parseS3Uri } from '../../../../src/core/catalog/parseS3Url';

describe('parseS3Uri', () => {
  it('splits s3://bucket/key, keeping slashes and spaces in the key', () => {
    assert.deepEqual(parseS3Uri('s3://stpubdata/hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits'), {
      bucket: 'stpubdata',
      key: 'hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits',
      regionHint: null,
    });
    assert.equal(parseS3Uri('s3://b-1.x/a b/c').key, 'a b/c');
  });

  for (const bad of [
    's3://',
    's3://bucket',
    's3://bucket/',
    's3://bucket/dir/',
    's3://Bad_Bucket/k',
    's3://ab/k',
    's3:/bucket/k',
  ]) {
    it(`rejects ${bad} as BadInput naming it`, () => {
      assert.throws(
        () => parseS3Uri(bad),
        (e: unknown) => e instanceof CdrError && e.code === 'BadInput' && e.message.includes(bad),
      );
    });
  }
});

describe('parseS3HttpsUrl', () => {
  const cases: [string, string, string, string | null][] = [
    ['https://stpubdata.s3.amazonaws.com/hst/public/x.fits', 'stpubdata', 'hst/public/x.fits', null],
    ['https://nasa-irsa-wise.s3.us-west-2.amazonaws.com/wise/a.fits', 'nasa-irsa-wise', 'wise/a.fits', 'us-west-2'],
    ['https://nasa-irsa-wise.s3-us-west-2.amazonaws.com/wise/a.fits', 'nasa-irsa-wise', 'wise/a.fits', 'us-west-2'],
    ['https://s3.amazonaws.com/stpubdata/tess/public/a.fits', 'stpubdata', 'tess/public/a.fits', null],
    [
      'https://s3.us-west-2.amazonaws.com/sentinel-cogs/sentinel-s2-l2a-cogs/B04.tif',
      'sentinel-cogs',
      'sentinel-s2-l2a-cogs/B04.tif',
      'us-west-2',
    ],
    [
      'https://s3-us-west-2.amazonaws.com/usgs-landsat/collection02/x.TIF',
      'usgs-landsat',
      'collection02/x.TIF',
      'us-west-2',
    ],
    [
      'https://s3.dualstack.us-east-1.amazonaws.com/noaa-goes16/ABI-L1b-RadC/a.nc',
      'noaa-goes16',
      'ABI-L1b-RadC/a.nc',
      'us-east-1',
    ],
    ['https://noaa-goes16.s3.dualstack.us-east-1.amazonaws.com/ABI/a.nc', 'noaa-goes16', 'ABI/a.nc', 'us-east-1'],
    ['https://s3-external-1.amazonaws.com/nasa-heasarc/chandra/a.fits', 'nasa-heasarc', 'chandra/a.fits', 'us-east-1'],
    ['http://my.dotted.bucket.s3.eu-west-1.amazonaws.com/a%20b.fits', 'my.dotted.bucket', 'a b.fits', 'eu-west-1'],
  ];
  for (const [url, bucket, key, region] of cases) {
    it(`reads ${url}`, () => {
      assert.deepEqual(parseS3HttpsUrl(new URL(url)), { bucket, key, regionHint: region });
    });
  }

  it('returns undefined for hosts that are not S3 (and for s3-website HTML hosts)', () => {
    assert.equal(parseS3HttpsUrl(new URL('https://heasarc.gsfc.nasa.gov/FTP/a.fits')), undefined);
    assert.equal(parseS3HttpsUrl(new URL('https://example.com/s3.amazonaws.com/b/k')), undefined);
    assert.equal(parseS3HttpsUrl(new URL('http://b.s3-website-us-east-1.amazonaws.com/k')), undefined);
  });

  it('rejects an S3 URL that names only a bucket', () => {
    assert.throws(
      () => parseS3HttpsUrl(new URL('https://s3.amazonaws.com/stpubdata')),
      /names a bucket, not an object: https:\/\/s3.amazonaws.com\/stpubdata/,
    );
    assert.throws(() => parseS3HttpsUrl(new URL('https://stpubdata.s3.amazonaws.com/')), /names a bucket/);
  });
});
