import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MastPathLookup } from '../../../../src/core/catalog/mastPathLookup';
import { startMastServer, type MastServer } from '../../../support/mastServer';

describe('MastPathLookup against a local path_lookup stand-in', () => {
  let mast: MastServer;
  const paths: Record<string, string | null> = {
    'mast:HST/product/u9o40504m_c3m.fits': '/hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits',
  };
  for (let i = 0; i < 85; i++) paths[`mast:TESS/product/t${i}.fits`] = `/tess/public/ffi/t${i}.fits`;

  before(async () => {
    mast = await startMastServer({ paths });
  });
  after(() => mast.close());

  it('asks as astroquery does: GET, uri repeated, use_cloud_path=True; strips the leading slash', async () => {
    const l = new MastPathLookup({ baseUrl: mast.url });
    const r = await l.lookup(['mast:HST/product/u9o40504m_c3m.fits', 'mast:HST/product/does_not_exist.fits']);
    assert.deepEqual(r.get('mast:HST/product/u9o40504m_c3m.fits'), {
      path: 'hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits',
    });
    assert.deepEqual(r.get('mast:HST/product/does_not_exist.fits'), { path: null });
    const req = mast.requests.at(-1);
    assert.equal(req?.method, 'GET');
    assert.equal(req?.useCloudPath, 'True');
    assert.deepEqual(req?.uris, ['mast:HST/product/u9o40504m_c3m.fits', 'mast:HST/product/does_not_exist.fits']);
  });

  it('batches 85 URIs into 3 requests of at most 40, and caches answers (including "no copy")', async () => {
    const l = new MastPathLookup({ baseUrl: mast.url });
    const uris = Object.keys(paths).filter((u) => u.startsWith('mast:TESS'));
    const before = mast.requests.length;
    const r = await l.lookup([...uris, uris[0], 'mast:TESS/product/missing.fits']);
    assert.equal(r.size, 86);
    assert.equal(
      r.get('mast:TESS/product/t84.fits') && 'path' in r.get('mast:TESS/product/t84.fits')!
        ? (r.get('mast:TESS/product/t84.fits') as { path: string }).path
        : '',
      'tess/public/ffi/t84.fits',
    );
    const made = mast.requests.slice(before);
    assert.equal(made.length, 3);
    assert.ok(made.every((q) => q.uris.length <= 40));
    assert.equal(l.requests, 3);
    const again = await l.lookup([uris[5], 'mast:TESS/product/missing.fits']);
    assert.equal(mast.requests.length, before + 3, 'answered from the cache');
    assert.deepEqual(again.get('mast:TESS/product/missing.fits'), { path: null });
  });

  it('reports a failing service per URI and does not cache the failure', async () => {
    const down = await startMastServer({ lookupStatus: 503 });
    try {
      const l = new MastPathLookup({ baseUrl: down.url });
      const r = await l.lookup(['mast:HST/product/a.fits']);
      const a = r.get('mast:HST/product/a.fits');
      assert.ok(a && 'error' in a);
      assert.match(a.error, /HTTP 503/);
      await l.lookup(['mast:HST/product/a.fits']);
      assert.equal(down.requests.length, 2, 'asked again after a failure');
    } finally {
      await down.close();
    }
  });

  it('reports a refused connection as a lookup error naming the base URL', async () => {
    const closed = await startMastServer();
    const url = closed.url;
    await closed.close();
    const r = await new MastPathLookup({ baseUrl: url, timeoutMs: 2000 }).lookup(['mast:HST/product/a.fits']);
    const a = r.get('mast:HST/product/a.fits');
    assert.ok(a && 'error' in a);
    assert.ok(a.error.includes(url));
  });
});
