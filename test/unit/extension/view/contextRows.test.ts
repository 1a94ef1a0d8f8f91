import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CloudContext } from '../../../../src/core/context/types';
import { contextRows, summarizeContext } from '../../../../src/extension/view/contextRows';

const ec2: CloudContext = {
  inCloud: true,
  provider: 'aws',
  service: 'ec2',
  region: 'us-east-1',
  instanceType: 'm5.large',
  instanceId: 'i-0123456789abcdef0',
  platform: null,
  evidence: [
    { signal: 'file:/sys/class/dmi/id/sys_vendor', said: 'Amazon EC2', weight: 'strong' },
    { signal: 'imds:placement/region', said: 'us-east-1', weight: 'strong' },
  ],
};

describe('contextRows', () => {
  it('says Detecting… until the detection settles', () => {
    const r = contextRows({ status: 'detecting' });
    assert.equal(r.label, 'Cloud context');
    assert.equal(r.description, 'Detecting…');
  });

  it('shows provider, service, region, instance and each piece of evidence', () => {
    const r = contextRows({ status: 'done', context: ec2, elapsedMs: 4 });
    assert.equal(r.description, 'AWS EC2 · us-east-1');
    const byId = new Map(r.children!.map((c) => [c.id, c]));
    assert.equal(byId.get('context/region')!.description, 'us-east-1');
    assert.equal(byId.get('context/instance')!.description, 'm5.large · i-0123456789abcdef0');
    const evidence = byId.get('context/evidence')!;
    assert.deepEqual(
      evidence.children!.map((e) => `${e.label}=${e.description}`),
      ['file:/sys/class/dmi/id/sys_vendor=Amazon EC2', 'imds:placement/region=us-east-1'],
    );
  });

  it('shows unknown as unknown, with a hint of what to set', () => {
    const unknown: CloudContext = {
      ...ec2,
      inCloud: null,
      provider: null,
      service: null,
      region: null,
      instanceType: null,
      instanceId: null,
      evidence: [],
    };
    const r = contextRows({ status: 'done', context: unknown, elapsedMs: 1 });
    assert.equal(r.description, 'Unknown');
    assert.equal(r.icon, 'question');
    assert.match(r.tooltip!, /CDR_PLATFORM/);
    assert.match(r.tooltip!, /cloudDataRouter\.context\.probeImds/);
  });

  it('a platform names itself and its region', () => {
    assert.equal(
      summarizeContext({ ...ec2, platform: { name: 'fornax', region: 'us-east-1', how: 'declared' } }),
      'fornax · us-east-1',
    );
    assert.equal(
      summarizeContext({ ...ec2, inCloud: false, provider: null, service: null, region: null }),
      'Not in a cloud',
    );
  });
});
