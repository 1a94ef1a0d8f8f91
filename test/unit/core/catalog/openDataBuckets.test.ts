import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bucketPublicUrl,
  catalogTables,
  configuredS3Endpoint,
  findBucket,
  matchMirror,
  mirrorUrlFor,
} from '../../../../src/core/catalog/openDataBuckets';

describe('open-data bucket table', () => {
  const t = catalogTables();

  it('knows the regions, requester-pays flags and HTTP mirrors the brief lists', () => {
    const facts = (b: string) => {
      const e = findBucket(t, b);
      return e && [e.region, e.requesterPays, e.http];
    };
    assert.deepEqual(facts('stpubdata'), ['us-east-1', false, 'mast']);
    assert.deepEqual(facts('nasa-heasarc'), ['us-east-1', false, 'mirror']);
    assert.deepEqual(facts('nasa-irsa-wise'), ['us-west-2', false, 'mirror']);
    assert.deepEqual(facts('nasa-irsa-spitzer'), ['us-west-2', false, 'mirror']);
    assert.deepEqual(facts('nasa-irsa-euclid-q1'), ['us-east-1', false, 'mirror']);
    assert.deepEqual(facts('usgs-landsat'), ['us-west-2', true, 'none']);
    assert.deepEqual(facts('sentinel-cogs'), ['us-west-2', false, 'bucket']);
    assert.deepEqual(facts('noaa-goes16'), ['us-east-1', false, 'bucket']);
    assert.equal(findBucket(t, 'my-bucket'), undefined);
  });

  it('lets user entries override and extend the built-in ones', () => {
    const u = catalogTables({
      userBuckets: [
        { bucket: 'stpubdata', region: 'us-west-2', requesterPays: true, http: 'none' },
        { bucket: 'lab-data', region: 'eu-west-1', requesterPays: false, http: 'bucket' },
      ],
    });
    assert.equal(findBucket(u, 'stpubdata')?.region, 'us-west-2');
    assert.equal(findBucket(u, 'lab-data')?.region, 'eu-west-1');
  });

  it('maps HEASARC and IRSA URLs to keys and back', () => {
    const h = matchMirror(
      t,
      new URL('https://heasarc.gsfc.nasa.gov/FTP/chandra/data/byobsid/2/3052/primary/acisf03052N004_cntr_img2.jpg'),
    );
    assert.deepEqual(h && [h.mapping.bucket, h.key], [
      'nasa-heasarc',
      'chandra/data/byobsid/2/3052/primary/acisf03052N004_cntr_img2.jpg',
    ]);
    const w = matchMirror(
      t,
      new URL(
        'https://irsa.ipac.caltech.edu/ibe/data/wise/allwise/p3am_cdd/09/0904/0904m213_ac51/0904m213_ac51-w1-int-3.fits',
      ),
    );
    assert.deepEqual(w && [w.mapping.bucket, w.key], [
      'nasa-irsa-wise',
      'wise/allwise/images/p3am_cdd/09/0904/0904m213_ac51/0904m213_ac51-w1-int-3.fits',
    ]);
    assert.equal(
      mirrorUrlFor(
        t,
        'nasa-irsa-wise',
        'wise/allwise/images/p3am_cdd/09/0904/0904m213_ac51/0904m213_ac51-w1-int-3.fits',
      ),
      'https://irsa.ipac.caltech.edu/ibe/data/wise/allwise/p3am_cdd/09/0904/0904m213_ac51/0904m213_ac51-w1-int-3.fits',
    );
    assert.equal(mirrorUrlFor(t, 'nasa-heasarc', 'a b/c.fits'), 'https://heasarc.gsfc.nasa.gov/FTP/a%20b/c.fits');
    assert.equal(mirrorUrlFor(t, 'nasa-irsa-wise', 'unwise/neo7/x.parquet'), undefined);
    assert.equal(matchMirror(t, new URL('https://irsa.ipac.caltech.edu/ibe/data/2mass/allsky/x.fits')), undefined);
  });

  it('builds the bucket URL, path-style under a configured endpoint', () => {
    assert.equal(
      bucketPublicUrl({ bucket: 'noaa-goes16', key: 'a/b c.nc', region: 'us-east-1', endpoint: null }),
      'https://noaa-goes16.s3.us-east-1.amazonaws.com/a/b%20c.nc',
    );
    assert.equal(
      bucketPublicUrl({ bucket: 'x', key: 'k', region: null, endpoint: 'http://127.0.0.1:9' }),
      'http://127.0.0.1:9/x/k',
    );
    assert.equal(
      bucketPublicUrl({ bucket: 'a.b.c', key: 'k', region: 'eu-west-1', endpoint: null }),
      'https://s3.eu-west-1.amazonaws.com/a.b.c/k',
    );
    assert.equal(
      configuredS3Endpoint({ AWS_ENDPOINT_URL: 'http://127.0.0.1:1/', AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:2' }),
      'http://127.0.0.1:2',
    );
    assert.equal(configuredS3Endpoint({ AWS_ENDPOINT_URL: 'http://127.0.0.1:1/' }), 'http://127.0.0.1:1');
    assert.equal(
      configuredS3Endpoint({ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:2', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }),
      null,
    );
    assert.throws(
      () => configuredS3Endpoint({ AWS_ENDPOINT_URL_S3: '127.0.0.1:2' }),
      /AWS_ENDPOINT_URL_S3 must be an http\(s\) URL: 127.0.0.1:2/,
    );
  });
});
