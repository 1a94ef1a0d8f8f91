import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MastProduct } from '../../../../src/core/catalog/mastProducts';
import {
  filtersFromPicks,
  keptProducts,
  observationFilterGroups,
  parseObservationInput,
} from '../../../../src/extension/data/observationPicks';
import { english } from '../../../../src/extension/route/routeText';

function product(file: string, type: string, sub: string, size: number | null, mrp = false): MastProduct {
  return {
    obsID: '1',
    parent_obsid: '1',
    obs_collection: 'HST',
    obs_id: 'ib6w01010',
    dataURI: `mast:HST/product/${file}`,
    productFilename: file,
    productType: type,
    productSubGroupDescription: sub,
    productGroupDescription: mrp ? 'Minimum Recommended Products' : null,
    size,
    dataRights: 'PUBLIC',
  };
}

const products = [
  product('ib6w01010_drz.fits', 'SCIENCE', 'DRZ', 69120, true),
  product('ib6w01010_asn.fits', 'AUXILIARY', 'ASN', 5760),
  product('ib6w01rcq_flt.fits', 'SCIENCE', 'FLT', 11520, true),
  product('ib6w01rcq_raw.fits', 'SCIENCE', 'RAW', 11520),
  product('ib6w01rdq_raw.fits', 'SCIENCE', 'RAW', null),
];

describe('Download Observation… picks', () => {
  it('reads an observation as mast:obs/C/id, C/id or "C id"; anything else is not one', () => {
    for (const v of ['mast:obs/HST/ib6w01010', 'HST/ib6w01010', ' hst ib6w01010 '])
      assert.deepEqual(parseObservationInput(v), {
        collection: 'HST',
        obsId: 'ib6w01010',
        uri: 'mast:obs/HST/ib6w01010',
      });
    for (const v of ['', 'ib6w01010', 'HST/a/b', 'HST/ib6w 01010', 'mast:HST/product/x.fits', 'HST/<x>'])
      assert.equal(parseObservationInput(v), undefined, v);
  });

  it('offers the recommended set (picked), each product type and each product group, with files and sizes', () => {
    const groups = observationFilterGroups(products, english);
    assert.deepEqual(
      groups.map((g) => [g.title, g.picks.map((p) => `${p.label} (${p.description})${p.picked ? ' *' : ''}`)]),
      [
        ['Recommended', ['Minimum recommended products only (2 files · 80.6 kB) *']],
        ['Product type', ['AUXILIARY (1 file · 5.76 kB)', 'SCIENCE (4 files · 92.2 kB+)']],
        [
          'Product group',
          ['ASN (1 file · 5.76 kB)', 'DRZ (1 file · 69.1 kB)', 'FLT (1 file · 11.5 kB)', 'RAW (2 files · 11.5 kB+)'],
        ],
      ],
    );
    // One kind of product only: nothing to choose there.
    assert.deepEqual(observationFilterGroups([products[0]!], english), []);
  });

  it("filters as astroquery's filter_products: AND across fields, OR within one, nothing picked = everything", () => {
    assert.deepEqual(filtersFromPicks([]), {});
    const f = filtersFromPicks([
      { field: 'productType', value: 'SCIENCE' },
      { field: 'productSubGroupDescription', value: 'FLT' },
      { field: 'productSubGroupDescription', value: 'RAW' },
    ]);
    assert.deepEqual(f, { productType: ['SCIENCE'], productSubGroupDescription: ['FLT', 'RAW'] });
    assert.deepEqual(
      keptProducts(products, f).map((p) => p.productFilename),
      ['ib6w01rcq_flt.fits', 'ib6w01rcq_raw.fits', 'ib6w01rdq_raw.fits'],
    );
    assert.deepEqual(
      keptProducts(products, filtersFromPicks([{ field: 'mrpOnly', value: 'true' }])).map((p) => p.productFilename),
      ['ib6w01010_drz.fits', 'ib6w01rcq_flt.fits'],
    );
    assert.equal(keptProducts(products, { productSubGroupDescription: ['X1D'] }).length, 0);
  });
});
