import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { probeEcs } from '../../../../src/core/context/probeEcs';
import { startEcsMetadataServer, type EcsMetadataServerOptions } from '../../../support/ecsMetadataServer';

async function probe(opts: EcsMetadataServerOptions, timeoutMs = 1000) {
  const s = await startEcsMetadataServer(opts);
  try {
    return { r: await probeEcs({ metadataUri: s.url, timeoutMs }), requests: s.requests };
  } finally {
    await s.close();
  }
}

describe('probeEcs', () => {
  it('region and account from the TaskARN, zone and launch type from the task', async () => {
    const { r, requests } = await probe({
      taskArn: 'arn:aws:ecs:eu-central-1:444455556666:task/c/abc',
      availabilityZone: 'eu-central-1b',
      launchType: 'EC2',
    });
    assert.equal(r.region, 'eu-central-1');
    assert.equal(r.accountId, '444455556666');
    assert.equal(r.availabilityZone, 'eu-central-1b');
    assert.equal(r.launchType, 'EC2');
    assert.deepEqual(
      requests.map((q) => q.path),
      ['/v4/0123456789abcdef-cdr/task'],
    );
  });

  it('zone as the fallback when the ARN has no region', async () => {
    const { r } = await probe({ taskArn: 'legacy-task-id', availabilityZone: 'ap-northeast-1c' });
    assert.equal(r.region, 'ap-northeast-1');
  });

  it('an error status or a silent endpoint leaves the region unknown, bounded by the timeout', async () => {
    assert.match((await probe({ status: 500 })).r.evidence.said, /HTTP 500/);
    const t0 = performance.now();
    const { r } = await probe({ silent: true }, 200);
    assert.ok(performance.now() - t0 < 2200, 'bounded by the timeout, not hung');
    assert.equal(r.region, null);
    assert.match(r.evidence.said, /no answer within 200 ms/);
  });
});
