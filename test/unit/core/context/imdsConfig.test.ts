import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideImdsProbe, resolveImdsConfig } from '../../../../src/core/context/imdsConfig';
import { IMDS_IPV4, IMDS_IPV6 } from '../../../../src/core/util/imdsEndpoint';

describe('resolveImdsConfig', () => {
  it('only "true", in any case, disables', () => {
    for (const v of ['true', 'TRUE', ' True '])
      assert.equal(resolveImdsConfig({ AWS_EC2_METADATA_DISABLED: v }).disabled, true, v);
    for (const v of ['1', 'yes', 'false', ''])
      assert.equal(resolveImdsConfig({ AWS_EC2_METADATA_DISABLED: v }).disabled, false, v);
  });

  it('endpoint: explicit wins over mode; IPv6 mode; default IPv4', () => {
    assert.equal(resolveImdsConfig({}).endpoint, IMDS_IPV4);
    assert.equal(resolveImdsConfig({ AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'ipv6' }).endpoint, IMDS_IPV6);
    const c = resolveImdsConfig({
      AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:9/',
      AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv6',
    });
    assert.equal(c.endpoint, 'http://127.0.0.1:9');
    assert.equal(c.explicitEndpoint, true);
  });

  it('bad endpoint or mode is bad input', () => {
    assert.throws(
      () => resolveImdsConfig({ AWS_EC2_METADATA_SERVICE_ENDPOINT: 'ftp://x' }),
      /AWS_EC2_METADATA_SERVICE_ENDPOINT/,
    );
    assert.throws(() => resolveImdsConfig({ AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv5' }), /IPv4 or IPv6/);
  });

  it('AWS_EC2_METADATA_V1_DISABLED', () => {
    assert.equal(resolveImdsConfig({ AWS_EC2_METADATA_V1_DISABLED: 'true' }).v1Disabled, true);
    assert.equal(resolveImdsConfig({}).v1Disabled, false);
  });
});

describe('decideImdsProbe', () => {
  const base = resolveImdsConfig({});
  const explicit = resolveImdsConfig({ AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:9' });
  const disabled = resolveImdsConfig({
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:9',
  });
  const cases: [string, Parameters<typeof decideImdsProbe>[0], boolean][] = [
    [
      'disabled beats everything, even always + endpoint + EC2',
      { mode: 'always', config: disabled, machineSaysEc2: true, serviceAnnounced: false },
      false,
    ],
    [
      'never beats an explicit endpoint',
      { mode: 'never', config: explicit, machineSaysEc2: true, serviceAnnounced: false },
      false,
    ],
    [
      'always probes a laptop (opt-in)',
      { mode: 'always', config: base, machineSaysEc2: false, serviceAnnounced: false },
      true,
    ],
    [
      'an explicit endpoint is an opt-in',
      { mode: 'auto', config: explicit, machineSaysEc2: false, serviceAnnounced: false },
      true,
    ],
    [
      'auto probes when DMI says EC2',
      { mode: 'auto', config: base, machineSaysEc2: true, serviceAnnounced: false },
      true,
    ],
    [
      'auto skips when ECS/Lambda is the authority',
      { mode: 'auto', config: base, machineSaysEc2: true, serviceAnnounced: true },
      false,
    ],
    [
      'auto skips a laptop: 169.254.169.254 is never touched without a reason',
      { mode: 'auto', config: base, machineSaysEc2: false, serviceAnnounced: false },
      false,
    ],
  ];
  for (const [name, args, probe] of cases) {
    it(name, () => assert.equal(decideImdsProbe(args).probe, probe));
  }
  it('a skip for a reason says the reason', () => {
    assert.match(
      decideImdsProbe({ mode: 'auto', config: disabled, machineSaysEc2: true, serviceAnnounced: false }).evidence
        ?.said ?? '',
      /AWS_EC2_METADATA_DISABLED=true/,
    );
  });
});
