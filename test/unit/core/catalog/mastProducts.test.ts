import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  filterProducts,
  MastPortal,
  productArchivePath,
  type MastProduct,
} from '../../../../src/core/catalog/mastProducts';
import { startMastServer, type MastObservation, type MastServer } from '../../../support/mastServer';

const product = (obsID: string, obs_id: string, file: string, extra: Partial<Record<string, unknown>> = {}) => ({
  obsID,
  obs_collection: 'HST',
  obs_id,
  dataURI: `mast:HST/product/${file}`,
  productFilename: file,
  productType: 'SCIENCE',
  productSubGroupDescription: file.replace(/^.*_|\..*$/g, '').toUpperCase(),
  productGroupDescription: null,
  size: 1000,
  ...extra,
});

export const OBSERVATIONS: MastObservation[] = [
  {
    obsid: '2003520266',
    obs_collection: 'HST',
    obs_id: 'jbtf01010',
    products: [
      product('2003520266', 'jbtf01010', 'jbtf01010_drz.fits', {
        productGroupDescription: 'Minimum Recommended Products',
        size: 5000,
      }),
      product('2003520266', 'jbtf01010', 'jbtf01010_asn.fits', { productType: 'AUXILIARY', size: 200 }),
      // A member exposure: its own obs_id (astroquery puts it in its own folder).
      product('2003520267', 'jbtf01njq', 'jbtf01njq_flt.fits', { size: 3000 }),
      product('2003520266', 'jbtf01010', 'jbtf01010_drz.jpg', { productType: 'PREVIEW', size: 50 }),
      // The same file listed twice (common in MAST answers).
      product('2003520267', 'jbtf01njq', 'jbtf01njq_flt.fits', { size: 3000 }),
    ],
  },
];

describe('MAST portal API (Mast.Caom.Filtered → Mast.Caom.Products), against the stand-in', () => {
  let mast: MastServer;
  before(async () => {
    mast = await startMastServer({ observations: OBSERVATIONS, executingPolls: 1 });
  });
  after(() => mast.close());

  it('finds an observation by collection and obs_id, then lists its products; replays EXECUTING answers', async () => {
    const portal = new MastPortal({ baseUrl: mast.url, pollMs: 5 });
    const ids = await portal.obsids('HST', 'JBTF01010');
    assert.deepEqual(ids, ['2003520266']);
    const rows = await portal.products(ids);
    assert.equal(rows.length, 5);
    assert.deepEqual(rows[0], {
      obsID: '2003520266',
      parent_obsid: '2003520266',
      obs_collection: 'HST',
      obs_id: 'jbtf01010',
      dataURI: 'mast:HST/product/jbtf01010_drz.fits',
      productFilename: 'jbtf01010_drz.fits',
      productType: 'SCIENCE',
      productSubGroupDescription: 'DRZ',
      productGroupDescription: 'Minimum Recommended Products',
      size: 5000,
      dataRights: 'PUBLIC',
    });
    const filtered = mast.invokes.filter((i) => i.service === 'Mast.Caom.Filtered' && i.pagesize > 0);
    assert.deepEqual(filtered[0]!.params.filters, [
      { paramName: 'obs_collection', values: ['HST'] },
      { paramName: 'obs_id', values: ['JBTF01010'] },
    ]);
    assert.deepEqual(mast.invokes.find((i) => i.service === 'Mast.Caom.Products' && i.pagesize > 0)!.params, {
      obsid: '2003520266',
    });
    // Each request was answered EXECUTING once and replayed.
    assert.equal(mast.invokes.filter((i) => i.pagesize === 0).length, 2);
  });

  it('an unknown observation is bad input naming it; MAST down is a failed lookup', async () => {
    const portal = new MastPortal({ baseUrl: mast.url, pollMs: 5 });
    await assert.rejects(portal.obsids('HST', 'nosuch'), {
      code: 'BadInput',
      message: 'MAST knows no HST observation nosuch (mast:obs/HST/nosuch)',
    });
    const down = await startMastServer({ invokeStatus: 503 });
    try {
      await assert.rejects(new MastPortal({ baseUrl: down.url }).obsids('HST', 'x'), {
        code: 'Lookup',
        message: /^MAST Mast\.Caom\.Filtered failed \(http:\/\/127\.0\.0\.1:\d+\): HTTP 503$/,
      });
    } finally {
      await down.close();
    }
  });
});

describe('product filters (astroquery filter_products, then dedupe by dataURI)', () => {
  const rows = OBSERVATIONS[0]!.products.map((p) => ({
    ...p,
    parent_obsid: null,
    dataRights: 'PUBLIC',
  })) as unknown as MastProduct[];

  it('dedupes by dataURI and keeps MAST order', () => {
    assert.deepEqual(
      filterProducts(rows, {}).map((p) => p.productFilename),
      ['jbtf01010_drz.fits', 'jbtf01010_asn.fits', 'jbtf01njq_flt.fits', 'jbtf01010_drz.jpg'],
    );
  });

  it('AND across fields, OR within one, case-insensitive; extension is a file-name ending', () => {
    const names = (f: Parameters<typeof filterProducts>[1]) => filterProducts(rows, f).map((p) => p.productFilename);
    assert.deepEqual(names({ productType: ['science'] }), ['jbtf01010_drz.fits', 'jbtf01njq_flt.fits']);
    assert.deepEqual(names({ productSubGroupDescription: ['drz', 'FLT'], extension: ['fits'] }), [
      'jbtf01010_drz.fits',
      'jbtf01njq_flt.fits',
    ]);
    assert.deepEqual(names({ mrpOnly: true }), ['jbtf01010_drz.fits']);
    assert.deepEqual(names({ extension: ['jpg'] }), ['jbtf01010_drz.jpg']);
  });

  it("lands files in astroquery's mastDownload/<collection>/<obs_id>/<basename>", () => {
    assert.deepEqual(productArchivePath({ ...rows[2]!, productFilename: 'dir/jbtf01njq_flt.fits' }), [
      'mastDownload',
      'HST',
      'jbtf01njq',
      'jbtf01njq_flt.fits',
    ]);
  });
});
