import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { containerUrl, isContainerConfigured } from '../../../../src/core/credentials/fetchContainer';
import { imdsSettings } from '../../../../src/core/credentials/fetchImds';
import { isValidEndpointUrl } from '../../../../src/core/util/imdsEndpoint';
import { parseProcessOutput } from '../../../../src/core/credentials/runCredentialProcess';

describe('container and IMDS settings (pure parts)', () => {
  it('RELATIVE_URI beats FULL_URI and goes to the ECS host', () => {
    const env = {
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/x',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/y',
    };
    assert.equal(containerUrl(env), 'http://169.254.170.2/v2/x');
    assert.equal(containerUrl({ AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/y' }), 'http://127.0.0.1:1/y');
    assert.equal(isContainerConfigured({ AWS_CONTAINER_CREDENTIALS_FULL_URI: '' }), true);
    assert.equal(isContainerConfigured({}), false);
  });

  it('validates endpoints like botocore', () => {
    for (const ok of [
      'http://127.0.0.1:1338/',
      'http://169.254.169.254',
      'http://[fd00:ec2::254]/',
      'https://imds.example.invalid',
    ])
      assert.ok(isValidEndpointUrl(ok), ok);
    for (const bad of ['not a url', '127.0.0.1:80', 'http://', 'http://a\tb/'])
      assert.ok(!isValidEndpointUrl(bad), bad);
  });

  it('AWS_EC2_METADATA_DISABLED only disables for "true" in any case', () => {
    assert.equal(imdsSettings({ AWS_EC2_METADATA_DISABLED: 'TRUE' }, {}).disabled, true);
    assert.equal(imdsSettings({ AWS_EC2_METADATA_DISABLED: '1' }, {}).disabled, false);
  });

  it('bad mode, timeout or endpoint are errors; the env beats the profile', () => {
    assert.throws(() => imdsSettings({ AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'ipv5' }, {}), /ipv5/);
    assert.throws(() => imdsSettings({ AWS_METADATA_SERVICE_TIMEOUT: '1.5' }, {}), /whole number/);
    assert.throws(() => imdsSettings({}, { ec2_metadata_service_endpoint: { value: 'nope' } }), /not a valid URL/);
    assert.equal(
      imdsSettings(
        { AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:9/' },
        { ec2_metadata_service_endpoint: { value: 'nope' } },
      ).endpoint,
      'http://127.0.0.1:9/',
    );
    assert.equal(imdsSettings({ AWS_METADATA_SERVICE_TIMEOUT: ' 3 ' }, {}).timeoutMs, 3000);
  });
});

describe('credential_process output (quirk 17)', () => {
  it('accepts Version 1 with keys and parses Expiration', () => {
    const c = parseProcessOutput(
      '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"S","SessionToken":"T","Expiration":"2030-01-01T00:00:00Z"}',
    );
    assert.deepEqual(
      [c.accessKeyId, c.secretAccessKey, c.sessionToken, c.expiration?.toISOString()],
      ['A', 'S', 'T', '2030-01-01T00:00:00.000Z'],
    );
  });
  for (const [out, pattern] of [
    ['{"Version":2,"AccessKeyId":"A","SecretAccessKey":"S"}', /Unsupported version '2'/],
    ['{"AccessKeyId":"A","SecretAccessKey":"S"}', /Version key not provided/],
    ['{"Version":1,"AccessKeyId":"A"}', /Missing required key in response: 'SecretAccessKey'/],
    ['not json', /not JSON/],
    ['[1]', /not an object/],
  ] as const) {
    it(`rejects ${out}`, () => assert.throws(() => parseProcessOutput(out), pattern));
  }
});
