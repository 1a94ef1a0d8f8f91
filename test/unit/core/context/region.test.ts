import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAwsRegion, parseArn, regionFromAvailabilityZone } from '../../../../src/core/context/region';

describe('region helpers', () => {
  it('recognises region names, including GovCloud and China, and rejects near-misses', () => {
    for (const r of ['us-east-1', 'eu-central-1', 'us-gov-west-1', 'cn-north-1', 'ap-southeast-2'])
      assert.equal(isAwsRegion(r), true, r);
    for (const r of ['us-east-1a', 'US-EAST-1', 'useast1', '', 'us-east']) assert.equal(isAwsRegion(r), false, r);
  });

  it('reads region and account from an ARN', () => {
    assert.deepEqual(parseArn('arn:aws:ecs:us-west-2:111122223333:task/default/abc'), {
      region: 'us-west-2',
      accountId: '111122223333',
    });
    assert.equal(parseArn('arn:aws:s3:::bucket'), null);
    assert.equal(parseArn('not-an-arn'), null);
  });

  it('derives a region from a zone, but not from a Local Zone', () => {
    assert.equal(regionFromAvailabilityZone('us-west-2d'), 'us-west-2');
    assert.equal(regionFromAvailabilityZone('us-west-2-lax-1a'), null);
    assert.equal(regionFromAvailabilityZone(null), null);
  });
});
