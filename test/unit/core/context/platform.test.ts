import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CdrError } from '../../../../src/core/errors';
import { parsePlatformDeclaration, resolvePlatform } from '../../../../src/core/context/platform';
import type { Markers } from '../../../../src/core/context/readMarkers';

function markers(paths: Record<string, boolean> = {}): Markers {
  const dmi = {
    sys_vendor: null,
    board_vendor: null,
    bios_vendor: null,
    product_name: null,
    product_version: null,
    bios_version: null,
    board_asset_tag: null,
    chassis_asset_tag: null,
  };
  return {
    dmi,
    hypervisorUuid: null,
    sagemakerMetadata: null,
    paths: { '/FTP': false, '/archive-data/nasa-heasarc': false, ...paths },
  };
}

describe('parsePlatformDeclaration', () => {
  it('name:region and bare name', () => {
    assert.deepEqual(parsePlatformDeclaration('Fornax:us-east-1', 'CDR_PLATFORM'), {
      name: 'fornax',
      region: 'us-east-1',
    });
    assert.deepEqual(parsePlatformDeclaration('myhub', 'CDR_PLATFORM'), { name: 'myhub', region: null });
  });

  it('malformed values are bad input naming where they came from', () => {
    for (const bad of [':us-east-1', 'hub:moon-1', 'a b:us-east-1']) {
      assert.throws(
        () => parsePlatformDeclaration(bad, 'CDR_PLATFORM'),
        (e: unknown) => e instanceof CdrError && e.code === 'BadInput' && e.message.startsWith('CDR_PLATFORM'),
        bad,
      );
    }
  });
});

describe('resolvePlatform precedence', () => {
  it('1st: CDR_PLATFORM, even over the machine setting (which is noted as overridden)', () => {
    const r = resolvePlatform({
      env: { CDR_PLATFORM: 'smce:us-west-2' },
      declared: 'fornax:us-east-1',
      markers: markers({ '/archive-data/nasa-heasarc': true }),
    });
    assert.deepEqual(r.platform, { name: 'smce', region: 'us-west-2', how: 'declared' });
    assert.equal(r.provider, 'aws');
    assert.ok(r.evidence.some((e) => e.signal === 'setting:declaredPlatform' && /overridden/.test(e.said)));
  });

  it('2nd: the declared setting, as a string or an object; a known name fills in its region', () => {
    assert.deepEqual(resolvePlatform({ env: {}, declared: { name: 'fornax' }, markers: markers() }).platform, {
      name: 'fornax',
      region: 'us-east-1',
      how: 'declared',
    });
    assert.deepEqual(resolvePlatform({ env: {}, declared: 'hub:eu-west-2', markers: markers() }).platform, {
      name: 'hub',
      region: 'eu-west-2',
      how: 'declared',
    });
  });

  it('3rd: markers — SciServer needs both HOME=/home/idies and /FTP', () => {
    assert.deepEqual(resolvePlatform({ env: { HOME: '/home/idies' }, markers: markers({ '/FTP': true }) }).platform, {
      name: 'sciserver',
      region: null,
      how: 'detected',
    });
    assert.equal(resolvePlatform({ env: { HOME: '/home/alice' }, markers: markers({ '/FTP': true }) }).platform, null);
    assert.equal(resolvePlatform({ env: { HOME: '/home/idies' }, markers: markers() }).platform, null);
  });

  it('3rd: markers — Fornax by its archive mounts, in us-east-1', () => {
    const r = resolvePlatform({ env: {}, markers: markers({ '/archive-data/nasa-heasarc': true }) });
    assert.deepEqual(r.platform, { name: 'fornax', region: 'us-east-1', how: 'detected' });
    assert.equal(r.provider, 'aws');
  });

  it('a malformed setting throws even when nothing else is set', () => {
    assert.throws(
      () => resolvePlatform({ env: {}, declared: 'x:nowhere', markers: markers() }),
      /setting declaredPlatform/,
    );
  });
});
