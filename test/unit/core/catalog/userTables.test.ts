import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Catalog } from '../../../../src/core/catalog/catalog';
import { CdrError } from '../../../../src/core/errors';
import { parseUserBuckets, parseUserMirrors } from '../../../../src/core/catalog/userTables';

describe('user bucket and mirror entries', () => {
  it('parses JSON text or values, with defaults', () => {
    assert.deepEqual(parseUserBuckets('[{"bucket":"lab-data","region":"eu-west-1"}]', 'CDR_BUCKETS'), [
      { bucket: 'lab-data', region: 'eu-west-1', requesterPays: false, http: 'bucket' },
    ]);
    assert.deepEqual(parseUserBuckets([{ bucket: 'paid-data', region: 'us-west-2', requesterPays: true }], 'setting'), [
      { bucket: 'paid-data', region: 'us-west-2', requesterPays: true, http: 'none' },
    ]);
    assert.deepEqual(
      parseUserMirrors(
        '[{"urlPrefix":"https://data.example.org/pub/","bucket":"lab-data","keyPrefix":"pub/"}]',
        'CDR_MIRRORS',
      ),
      [{ kind: 'https', urlPrefix: 'https://data.example.org/pub/', bucket: 'lab-data', keyPrefix: 'pub/' }],
    );
  });

  for (const [value, msg] of [
    ['not json', /CDR_BUCKETS is not valid JSON: not json/],
    ['{"bucket":"x"}', /must be a JSON array/],
    ['[{"bucket":"Bad_Name","region":"us-east-1"}]', /CDR_BUCKETS\[0\]: bucket must be an S3 bucket name: "Bad_Name"/],
    ['[{"bucket":"ok-name","region":"mars-1"}]', /region must be an AWS region name: "mars-1"/],
    [
      '[{"bucket":"ok-name","region":"us-east-1","http":"ftp"}]',
      /http must be one of mast, mirror, bucket, none: "ftp"/,
    ],
  ] as const) {
    it(`rejects ${value} as BadInput`, () => {
      assert.throws(
        () => parseUserBuckets(value, 'CDR_BUCKETS'),
        (e: unknown) => e instanceof CdrError && e.code === 'BadInput' && msg.test(e.message),
      );
    });
  }

  it('rejects a mirror prefix that is not an http(s) URL ending in /', () => {
    assert.throws(
      () => parseUserMirrors('[{"urlPrefix":"https://x.org/pub","bucket":"b"}]', 'CDR_MIRRORS'),
      /CDR_MIRRORS\[0\]: urlPrefix must be an http\(s\) URL ending in \//,
    );
    assert.throws(
      () => parseUserMirrors('[{"urlPrefix":"nope","bucket":"b"}]', 'CDR_MIRRORS'),
      /urlPrefix must be an http\(s\) URL: "nope"/,
    );
  });

  it('a user entry gives the Catalog the region without asking S3, and a mirror gives HTTPS URLs a cloud copy', async () => {
    // No endpoint and no network: a HEAD to S3 would be refused by the network guard and show up as a note.
    const c = new Catalog({
      env: {},
      userBuckets: parseUserBuckets('[{"bucket":"lab-data","region":"eu-west-1","http":"mirror"}]', 'CDR_BUCKETS'),
      userMirrors: parseUserMirrors(
        '[{"urlPrefix":"https://data.example.org/pub/","bucket":"lab-data","keyPrefix":"pub/"}]',
        'CDR_MIRRORS',
      ),
    });
    const [s3, web] = await c.resolve(['s3://lab-data/pub/a.fits', 'https://data.example.org/pub/b.fits']);
    assert.deepEqual([s3.region, s3.httpUrl, s3.notes], ['eu-west-1', 'https://data.example.org/pub/a.fits', []]);
    assert.deepEqual([web.kind, web.s3Uri, web.region], ['https', 's3://lab-data/pub/b.fits', 'eu-west-1']);
  });
});
