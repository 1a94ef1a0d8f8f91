import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { credentialMessage } from '../../../../src/core/credentials/credentialMessages';
import type { CredentialResolution } from '../../../../src/core/credentials/types';
import { renderCredentialsStatus } from '../../../../src/extension/view/credentialsStatus';

const base: CredentialResolution = {
  botocore: { version: '1.43.107', from: 'default', crt: null },
  source: 'shared-credentials-file',
  profile: null,
  profileSource: null,
  region: 'us-east-1',
  regionSource: 'profile default',
  accessKeyId: 'AKIA…MPLE',
  expiresAt: null,
  error: null,
  errorType: null,
  errorLocation: null,
  badInput: false,
  chain: [
    {
      method: 'env',
      outcome: 'skipped',
      reason: 'AWS_ACCESS_KEY_ID is not set',
      message: credentialMessage('credentials.env.unset'),
    },
    {
      method: 'shared-credentials-file',
      outcome: 'won',
      reason: 'aws_access_key_id at /h/.aws/credentials:2',
      message: credentialMessage('credentials.static.key', '/h/.aws/credentials', 2),
    },
  ],
};
const now = new Date('2026-11-29T12:00:00Z');
const input = { selectedProfile: undefined, context: undefined, activeProfileBroken: false, now };

describe('renderCredentialsStatus', () => {
  it('names the source in botocore words and the default profile', () => {
    const r = renderCredentialsStatus({ ...input, resolution: base });
    assert.equal(r.text, '$(key) shared-credentials-file · default');
    assert.equal(r.severity, 'ok');
  });

  it('names a profile chosen through AWS_PROFILE, and no profile for env keys', () => {
    assert.equal(
      renderCredentialsStatus({ ...input, resolution: { ...base, profile: 'dev' } }).text,
      '$(key) shared-credentials-file · dev',
    );
    assert.equal(renderCredentialsStatus({ ...input, resolution: { ...base, source: 'env' } }).text, '$(key) env');
  });

  it('lists the chain in order with why each earlier source was skipped', () => {
    const r = renderCredentialsStatus({ ...input, resolution: base });
    const env = r.tooltip.indexOf('`env` — AWS\\_ACCESS\\_KEY\\_ID is not set');
    const won = r.tooltip.indexOf('`shared-credentials-file` — aws\\_access\\_key\\_id at /h/.aws/credentials:2');
    assert.ok(env > 0 && won > env, r.tooltip);
  });

  it('is red with the botocore error type on errors, and says where', () => {
    const r = renderCredentialsStatus({
      ...input,
      resolution: {
        ...base,
        source: null,
        error: 'Unable to parse config file: /x/config:3: bad line',
        errorType: 'ConfigParseError',
        errorLocation: { file: '/x/config', line: 3 },
      },
    });
    assert.equal(r.severity, 'error');
    assert.equal(r.text, '$(error) AWS: ConfigParseError');
    assert.match(r.tooltip, /\/x\/config:3/);
  });

  it('warns when the credentials have expired or the active profile is broken', () => {
    assert.equal(
      renderCredentialsStatus({ ...input, resolution: { ...base, expiresAt: '2026-11-29T11:00:00Z' } }).severity,
      'warning',
    );
    assert.match(
      renderCredentialsStatus({ ...input, resolution: { ...base, expiresAt: '2026-11-29T11:00:00Z' } }).text,
      /\(expired\)/,
    );
    assert.equal(
      renderCredentialsStatus({ ...input, resolution: { ...base, expiresAt: '2026-11-29T13:00:00Z' } }).severity,
      'ok',
    );
    assert.equal(
      renderCredentialsStatus({ ...input, resolution: base, activeProfileBroken: true }).severity,
      'warning',
    );
  });

  it('says anonymous when there are no credentials, and shows the region once the context knows it', () => {
    const ctx = {
      inCloud: true,
      provider: 'aws',
      service: 'ec2',
      region: 'us-west-2',
      instanceType: null,
      instanceId: null,
      platform: null,
      evidence: [],
    } as const;
    const r = renderCredentialsStatus({ ...input, resolution: { ...base, source: null, chain: [] }, context: ctx });
    assert.equal(r.text, '$(key) AWS: anonymous · $(cloud) us-west-2');
  });

  it('notes when AWS_REGION (the JS SDK region) differs from boto3 region', () => {
    const r = renderCredentialsStatus({ ...input, resolution: { ...base, jsRegion: 'eu-west-1' } });
    assert.match(r.tooltip, /AWS_REGION=`eu-west-1`/);
  });
});
