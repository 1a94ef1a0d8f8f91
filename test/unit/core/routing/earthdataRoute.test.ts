import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide } from '../../../../src/core/routing/decide';
import { downloadItemFor } from '../../../../src/core/routing/downloadItemFor';
import { explainRoute } from '../../../../src/core/routing/explainRoute';
import { DEFAULT_POLICY, LEAF_PATH } from '../../../../src/core/routing/types';
import { anon, creds, ctx, loc, offCloud, platformCtx } from './fixtures';
import type { Location } from '../../../../src/core/catalog/types';

const CRED = 'https://data.lpdaac.earthdatacloud.nasa.gov/s3credentials';
const granule = (over: Partial<Location> = {}) =>
  ({
    ...loc({
      input: 'https://data.lpdaac.earthdatacloud.nasa.gov/lp-prod-protected/HLSL30.020/G/G.B01.tif',
      bucket: 'lp-prod-protected',
      s3Uri: 's3://lp-prod-protected/HLSL30.020/G/G.B01.tif',
      httpUrl: 'https://data.lpdaac.earthdatacloud.nasa.gov/lp-prod-protected/HLSL30.020/G/G.B01.tif',
      region: 'us-west-2',
      httpLogin: 'earthdata',
      bytes: 1234,
    }),
    kind: 'earthdata',
    key: 'HLSL30.020/G/G.B01.tif',
    archiveUri: null,
    lookupFailed: false,
    notes: [],
    earthdata: { daac: 'lpdaac', s3CredentialsUrl: CRED, checksum: { algorithm: 'SHA-256', value: 'ab'.repeat(32) } },
    ...over,
  }) as Location;

const steps = (r: ReturnType<typeof decide>) => r.steps.filter((s) => s.node !== 'cost').map((s) => s.node);

describe('routing Earthdata files', () => {
  it('laptop → HTTPS with the Earthdata login, no login warning, checksum kept', () => {
    const l = granule();
    const r = decide(offCloud(), l, anon, DEFAULT_POLICY);
    assert.deepEqual([r.via, r.leaf], ['http', 'user-not-in-cloud']);
    assert.match(r.credentials!, /^Earthdata Login for data\.lpdaac\.earthdatacloud\.nasa\.gov/);
    assert.deepEqual(r.warnings, []);
    const item = downloadItemFor(r, l)!;
    assert.equal(item.via, 'http');
    assert.equal(item.credentialScope, undefined);
    assert.deepEqual(item.checksum, { algorithm: 'SHA-256', value: 'ab'.repeat(32) });
  });

  it('EC2 in the data region → S3 at leaf platform-account with the DAAC credentials as credentialScope', () => {
    const l = granule();
    // Own AWS credentials or none: the DAAC hands out the account either way.
    for (const who of [anon, creds]) {
      const r = decide(ctx({ region: 'us-west-2' }), l, who, DEFAULT_POLICY);
      assert.deepEqual([r.via, r.leaf, r.requesterPays], ['s3', 'platform-account', false]);
      assert.deepEqual(steps(r), LEAF_PATH['platform-account']);
      assert.equal(r.credentials, `Earthdata temporary credentials from ${CRED}`);
      const item = downloadItemFor(r, l)!;
      assert.deepEqual(
        [item.via, item.bucket, item.key, item.region],
        ['s3', 'lp-prod-protected', 'HLSL30.020/G/G.B01.tif', 'us-west-2'],
      );
      assert.equal(item.credentialScope, CRED);
      assert.deepEqual(item.archivePath?.[0], 'lp-prod-protected');
      const text = explainRoute(r);
      assert.match(text, /leaf platform-account/);
      assert.match(text, /credentials: Earthdata temporary credentials from https:\/\/data\.lpdaac/);
      assert.match(text, /the data provider \(Earthdata DAAC lpdaac\): temporary S3 credentials from/);
    }
  });

  it('the collection region decides, not a hard-coded us-west-2', () => {
    const east = granule({ region: 'us-east-1' });
    assert.equal(decide(ctx({ region: 'us-east-1' }), east, anon, DEFAULT_POLICY).leaf, 'platform-account');
    const r = decide(ctx({ region: 'us-west-2' }), east, creds, { ...DEFAULT_POLICY, allowCrossRegion: true });
    // Cross-region allowance cannot help: the DAAC keys are in-region only and own keys cannot read DAAC buckets.
    assert.deepEqual([r.via, r.leaf], ['http', 'cross-region-anonymous']);
    assert.deepEqual(steps(r), LEAF_PATH['cross-region-anonymous']);
    assert.match(r.steps.find((s) => s.node === 'account')!.answer, /work only in us-east-1/);
  });

  it('a declared platform in the data region uses the DAAC credentials too', () => {
    const r = decide(platformCtx('us-west-2'), granule(), anon, DEFAULT_POLICY);
    assert.deepEqual(
      [r.via, r.leaf, r.credentials],
      ['s3', 'platform-account', `Earthdata temporary credentials from ${CRED}`],
    );
  });

  it('no s3credentials endpoint or unknown compute region → HTTPS', () => {
    const none = granule({ earthdata: { daac: null, s3CredentialsUrl: null, checksum: null } });
    assert.equal(decide(ctx({ region: 'us-west-2' }), none, anon, DEFAULT_POLICY).via, 'http');
    assert.equal(decide(ctx({ region: null }), granule(), anon, DEFAULT_POLICY).via, 'http');
  });

  it('--via s3 outside the region is refused with the reason; no HTTPS link → says how to get one', () => {
    const r = decide(offCloud(), granule(), creds, { ...DEFAULT_POLICY, via: 's3' });
    assert.match(r.error!, /temporary S3 credentials work only in the data's region/);
    assert.equal(downloadItemFor(r, granule()), null);
    const s3only = granule({ httpUrl: null, input: 's3://gesdisc-cumulus-prod-protected/x.HDF5' });
    assert.match(decide(offCloud(), s3only, anon, DEFAULT_POLICY).error!, /no known HTTPS link .*cdr search/);
  });
});
