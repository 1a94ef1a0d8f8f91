import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseListFile, splitDelimited } from '../../../../src/core/catalog/listFile';

describe('list files', () => {
  it('one address per line, comments and blanks skipped', () => {
    const p = parseListFile('# my set\ns3://b/a.fits\n\nmast:HST/product/x.fits\nhttps://h/f.fits\n', 'set.txt');
    assert.equal(p.format, 'lines');
    assert.deepEqual(
      p.entries.map((e) => [e.uri, e.line]),
      [
        ['s3://b/a.fits', 2],
        ['mast:HST/product/x.fits', 4],
        ['https://h/f.fits', 5],
      ],
    );
  });

  it('a CSV manifest: the column that holds addresses, header skipped', () => {
    const p = parseListFile('name,url\na,s3://b/a.fits\n"b, c",s3://b/b.fits\n', 'm.csv');
    assert.equal(p.format, 'csv');
    assert.deepEqual(
      p.entries.map((e) => e.uri),
      ['s3://b/a.fits', 's3://b/b.fits'],
    );
    assert.deepEqual(p.skippedLines, [1]);
  });

  it('an astroquery product table saved as CSV: dataURI, size, obs_collection, obs_id, productFilename', () => {
    const csv = [
      'obsID,obs_collection,obs_id,dataURI,productFilename,size,productType',
      '2003520266,HST,jbtf01010,mast:HST/product/jbtf01010_drz.fits,jbtf01010_drz.fits,1234,SCIENCE',
      '2003520267,HST,jbtf01njq,mast:HST/product/jbtf01njq_flt.fits,jbtf01njq_flt.fits,,SCIENCE',
    ].join('\n');
    const p = parseListFile(csv, 'products.csv');
    assert.equal(p.format, 'product-table');
    assert.deepEqual(p.entries[0], {
      uri: 'mast:HST/product/jbtf01010_drz.fits',
      line: 2,
      size: 1234,
      obs_collection: 'HST',
      obs_id: 'jbtf01010',
      productFilename: 'jbtf01010_drz.fits',
    });
    assert.equal(p.entries[1]!.size, undefined);
  });

  it('an astroquery product table saved as ECSV (space-separated, quoted strings)', () => {
    const ecsv = [
      '# %ECSV 1.0',
      '# ---',
      '# datatype:',
      '# - {name: obs_id, datatype: string}',
      '# - {name: dataURI, datatype: string}',
      '# - {name: productFilename, datatype: string}',
      '# - {name: size, datatype: int64}',
      '# - {name: description, datatype: string}',
      '# - {name: obs_collection, datatype: string}',
      '# schema: astropy-2.0',
      'obs_id dataURI productFilename size description obs_collection',
      'jbtf01010 mast:HST/product/jbtf01010_drz.fits jbtf01010_drz.fits 5000 "DADS DRZ file" HST',
      'jbtf01010 mast:HST/product/jbtf01010_asn.fits jbtf01010_asn.fits 200 "" HST',
    ].join('\n');
    const p = parseListFile(ecsv, 'products.ecsv');
    assert.equal(p.format, 'product-table');
    assert.deepEqual(
      p.entries.map((e) => [e.uri, e.size, e.obs_id, e.obs_collection, e.line]),
      [
        ['mast:HST/product/jbtf01010_drz.fits', 5000, 'jbtf01010', 'HST', 12],
        ['mast:HST/product/jbtf01010_asn.fits', 200, 'jbtf01010', 'HST', 13],
      ],
    );
  });

  it('a list with no address, or an ECSV without dataURI, is bad input naming the file', () => {
    assert.throws(() => parseListFile('hello\nworld\n', 'empty.txt'), { code: 'BadInput', message: /empty\.txt/ });
    assert.throws(() => parseListFile('# %ECSV 1.0\n# ---\na b\n1 2\n', 't.ecsv'), {
      code: 'BadInput',
      message: /t\.ecsv: .*dataURI/,
    });
  });

  it('splits quoted cells with either delimiter', () => {
    assert.deepEqual(splitDelimited('a "b c" "" d', ' '), ['a', 'b c', '', 'd']);
    assert.deepEqual(splitDelimited('a,"b,""c""",d', ','), ['a', 'b,"c"', 'd']);
  });
});
