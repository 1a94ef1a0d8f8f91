import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readEnvSignals } from '../../../../src/core/context/envSignals';

describe('readEnvSignals', () => {
  it('Lambda: the runtime name and AWS_REGION (set by the runtime) are strong', () => {
    const s = readEnvSignals({
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
      AWS_LAMBDA_FUNCTION_NAME: 'fn',
      AWS_REGION: 'eu-west-1',
    });
    assert.equal(s.service, 'lambda');
    assert.equal(s.serviceRegion, 'eu-west-1');
    assert.equal(s.evidence.find((e) => e.signal === 'env:AWS_REGION')?.weight, 'strong');
  });

  it('ECS Fargate: service ecs, metadata URI v4 preferred over v3, region left to the task metadata', () => {
    const s = readEnvSignals({
      AWS_EXECUTION_ENV: 'AWS_ECS_FARGATE',
      ECS_CONTAINER_METADATA_URI_V4: 'http://127.0.0.1:1/v4/x',
      ECS_CONTAINER_METADATA_URI: 'http://127.0.0.1:1/v3/x',
      AWS_REGION: 'us-west-2',
    });
    assert.equal(s.service, 'ecs');
    assert.equal(s.ecsMetadataUri, 'http://127.0.0.1:1/v4/x');
    assert.equal(s.serviceRegion, null);
    assert.equal(s.regionHint, 'us-west-2');
  });

  it('CloudShell announces itself and sets its region', () => {
    const s = readEnvSignals({ AWS_EXECUTION_ENV: 'CloudShell', AWS_REGION: 'ap-south-1' });
    assert.equal(s.service, 'cloudshell');
    assert.equal(s.serviceRegion, 'ap-south-1');
  });

  it('a laptop with AWS_DEFAULT_REGION: a hint, not a service', () => {
    const s = readEnvSignals({ AWS_DEFAULT_REGION: 'us-east-2' });
    assert.equal(s.service, null);
    assert.equal(s.serviceRegion, null);
    assert.equal(s.regionHint, 'us-east-2');
    assert.deepEqual(
      s.evidence.map((e) => [e.signal, e.weight]),
      [['env:AWS_DEFAULT_REGION', 'hint']],
    );
  });

  it('an unknown AWS_EXECUTION_ENV and JupyterHub variables are hints only', () => {
    const s = readEnvSignals({ AWS_EXECUTION_ENV: 'AWS_SomethingNew', JUPYTERHUB_API_URL: 'http://hub:8081/hub/api' });
    assert.equal(s.service, null);
    assert.equal(s.hasHints, true);
    assert.ok(s.evidence.every((e) => e.weight === 'hint'));
  });

  it('a malformed region variable is said and ignored', () => {
    const s = readEnvSignals({ AWS_REGION: 'moon-base' });
    assert.equal(s.regionHint, null);
    assert.match(s.evidence[0].said, /not an AWS region/);
  });

  it('nothing set: one "none" line', () => {
    const s = readEnvSignals({});
    assert.equal(s.service, null);
    assert.deepEqual(
      s.evidence.map((e) => e.weight),
      ['none'],
    );
  });
});
