import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeContext, type CloudContext } from '../../../../src/core/context/index';

const base: CloudContext = {
  inCloud: null,
  provider: null,
  service: null,
  region: null,
  instanceType: null,
  instanceId: null,
  platform: null,
  evidence: [],
};

describe('describeContext', () => {
  it('a fully known EC2 context has no hint', () => {
    const d = describeContext({
      ...base,
      inCloud: true,
      provider: 'aws',
      service: 'ec2',
      region: 'us-west-2',
      instanceType: 'm5.large',
      instanceId: 'i-0abc1234',
    });
    assert.equal(d.summary, 'AWS EC2 in us-west-2 (m5.large, i-0abc1234)');
    assert.equal(d.hint, null);
  });

  it('off cloud has no hint', () => {
    const d = describeContext({ ...base, inCloud: false });
    assert.deepEqual([d.summary, d.hint, d.summaryMessage.id], ['Not in a cloud', null, 'context.where.not-in-cloud']);
  });

  it('unknown: the hint names CDR_PLATFORM, the opt-in probe and the endpoint variable', () => {
    const d = describeContext(base);
    assert.match(d.summary, /Unknown/);
    assert.match(d.hint ?? '', /CDR_PLATFORM=name:region/);
    assert.match(d.hint ?? '', /--probe-imds/);
    assert.match(d.hint ?? '', /AWS_EC2_METADATA_SERVICE_ENDPOINT/);
  });

  it('EC2 with the region unknown (IMDS blocked) asks for it, and calls AWS_REGION a hint', () => {
    const d = describeContext({
      ...base,
      inCloud: true,
      provider: 'aws',
      service: 'ec2',
      evidence: [{ signal: 'env:AWS_REGION', said: 'us-west-2 (a hint only)', weight: 'hint' }],
    });
    assert.equal(d.summary, 'AWS EC2 in an unknown region');
    assert.match(d.hint ?? '', /AWS_REGION is set, but .* only a hint/);
  });

  it('the opt-in is phrased by the caller (the extension names its setting)', () => {
    const d = describeContext(base, { probeOptIn: 'setting cloudDataRouter.context.probeImds' });
    assert.match(d.hint ?? '', /probe \(setting cloudDataRouter\.context\.probeImds\)/);
    assert.doesNotMatch(d.hint ?? '', /--probe-imds/);
  });

  it('after a probe that got no answer, the hint does not suggest the probe again', () => {
    const d = describeContext({
      ...base,
      evidence: [{ signal: 'imds:token', said: 'no answer within 1000 ms', weight: 'none' }],
    });
    assert.match(d.hint ?? '', /^The instance-metadata service gave no region/);
    assert.doesNotMatch(d.hint ?? '', /--probe-imds/);
    assert.match(d.hint ?? '', /CDR_PLATFORM/);
  });

  it('IMDS disabled: the hint says which variable to unset', () => {
    const d = describeContext({
      ...base,
      evidence: [{ signal: 'imds', said: 'not asked: AWS_EC2_METADATA_DISABLED=true', weight: 'none' }],
    });
    assert.match(d.hint ?? '', /unset AWS_EC2_METADATA_DISABLED/);
  });

  it('platform shown; a platform without region asks for it', () => {
    const d = describeContext({
      ...base,
      inCloud: false,
      platform: { name: 'sciserver', region: null, how: 'detected' },
    });
    assert.equal(d.summary, 'Not in a cloud; platform sciserver (region unknown, detected)');
    assert.notEqual(d.hint, null);
  });

  it('other clouds', () => {
    assert.match(
      describeContext({ ...base, inCloud: true, provider: 'gcp' }).summary,
      /^Google Cloud in an unknown region/,
    );
    assert.match(describeContext({ ...base, inCloud: true }).summary, /In a cloud/);
  });
});
