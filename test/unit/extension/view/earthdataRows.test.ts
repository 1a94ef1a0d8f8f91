import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EarthdataLoginReport } from '../../../../src/core/earthdata/describeLogin';
import { earthdataRow } from '../../../../src/extension/view/earthdataRows';

const l10n = {
  t: (m: string, ...a: Array<string | number | boolean>) => m.replace(/\{(\d+)\}/g, (_, i) => String(a[Number(i)])),
};
const NOW = Date.parse('2026-06-01T00:00:00Z');
const base: EarthdataLoginReport = {
  source: null,
  where: null,
  user: null,
  kind: null,
  tokenExpiresAt: null,
  expired: false,
  loginUrl: 'https://urs.earthdata.nasa.gov',
  skipped: [],
  problems: [],
};

describe('earthdataRow', () => {
  it('signed out: says public files only, and clicking signs in', () => {
    const r = earthdataRow(base, l10n, NOW);
    assert.equal(r.label, 'Earthdata Login');
    assert.equal(r.description, 'not signed in (public files only)');
    assert.equal(r.command?.id, 'cloudDataRouter.signInEarthdata');
    assert.equal(r.contextValue, 'cdr.earthdata.signedOut');
  });

  it('a token from VS Code: user, source, expiry in days; the menu offers sign-out', () => {
    const r = earthdataRow(
      {
        ...base,
        source: 'secret-storage',
        where: 'VS Code secret storage',
        user: 'alice',
        kind: 'token',
        tokenExpiresAt: '2026-07-31T00:00:00.000Z',
      },
      l10n,
      NOW,
    );
    assert.equal(r.description, 'alice · signed in in VS Code');
    assert.equal(r.contextValue, 'cdr.earthdata.signedIn');
    assert.equal(r.icon, 'account');
    assert.ok(r.children?.some((c) => c.label === 'Token expires in 60 days'));
    assert.equal(r.command, undefined);
  });

  it('an expired token or a refused .netrc shows a warning with the reason as a child', () => {
    const r = earthdataRow(
      {
        ...base,
        source: 'env-token',
        where: 'EARTHDATA_TOKEN',
        kind: 'token',
        tokenExpiresAt: '2026-05-30T00:00:00.000Z',
        expired: true,
        problems: ['/home/u/.netrc is readable by other users (mode 0644): not used; run chmod 600 /home/u/.netrc'],
      },
      l10n,
      NOW,
    );
    assert.equal(r.icon, 'warning');
    assert.ok(r.children?.some((c) => c.label === 'Token expired 2 days ago' && c.icon === 'error'));
    assert.ok(r.children?.some((c) => /mode 0644/.test(c.label)));
  });
});
