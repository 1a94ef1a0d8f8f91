import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSageMakerSignal } from '../../../../src/core/context/sagemaker';

describe('readSageMakerSignal', () => {
  it('reads the region and account from the resource ARN', () => {
    const s = readSageMakerSignal(
      JSON.stringify({ ResourceArn: 'arn:aws:sagemaker:eu-west-1:123456789012:notebook-instance/nb' }),
    );
    assert.equal(s?.region, 'eu-west-1');
    assert.equal(s?.accountId, '123456789012');
    assert.equal(s?.evidence.weight, 'strong');
  });

  it('counts a file that exists but cannot be read (permissions) as SageMaker', () => {
    const s = readSageMakerSignal({ error: 'EACCES' });
    assert.ok(s);
    assert.match(s.evidence.said, /present but not readable: EACCES/);
  });

  it('does not count a read that timed out: a busy machine is not SageMaker', () => {
    assert.equal(readSageMakerSignal({ error: 'no answer within 250 ms', timedOut: true }), null);
    assert.equal(readSageMakerSignal(null), null);
  });
});
