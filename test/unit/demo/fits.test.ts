import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitsCard, makeFits } from '../../../scripts/demo/fits';
import { buildDemoFiles } from '../../../scripts/demo/demoFiles';

/** Header cards up to END, as a FITS reader sees them. */
function cards(buf: Buffer): string[] {
  const out: string[] = [];
  for (let i = 0; i < buf.length; i += 80) {
    const c = buf.subarray(i, i + 80).toString('ascii');
    out.push(c);
    if (c.startsWith('END ')) break;
  }
  return out;
}

describe('demo FITS writer', () => {
  it('writes 80-column cards with values in the fixed columns FITS readers expect', () => {
    assert.equal(fitsCard('SIMPLE', true), `SIMPLE  = ${'T'.padStart(20)}`.padEnd(80));
    assert.equal(fitsCard('NAXIS1', 64).slice(10, 30), '64'.padStart(20));
    assert.equal(fitsCard('EXPTIME', 1350.5).slice(10, 30), '1350.5'.padStart(20));
    assert.equal(fitsCard('TELESCOP', 'HST'), `TELESCOP= 'HST     '`.padEnd(80));
    assert.equal(fitsCard('OBJECT', "O'Neil").slice(10, 20), "'O''Neil '");
    assert.equal(fitsCard('END'), 'END'.padEnd(80));
    assert.throws(() => fitsCard('toolongkey', 1), /keyword/);
  });

  it('pads header and data to 2880-byte blocks, big-endian, deterministic', () => {
    const a = makeFits({ width: 10, height: 7, bitpix: 16, seed: 1, cards: { OBJECT: 'demo' } });
    assert.equal(a.length, 2880 * 2);
    const c = cards(a);
    assert.deepEqual(
      c.slice(0, 5).map((x) => x.slice(0, 8).trim()),
      ['SIMPLE', 'BITPIX', 'NAXIS', 'NAXIS1', 'NAXIS2'],
    );
    assert.ok(c.at(-1)?.startsWith('END'));
    assert.match(a.subarray(c.length * 80, 2880).toString('ascii'), /^ *$/);
    // Background ~100 counts with a few stars: the median pixel, read big-endian, is near 100.
    const sky = makeFits({ width: 40, height: 30, bitpix: 16, seed: 3 });
    const px = Array.from({ length: 1200 }, (_, i) => sky.readInt16BE(2880 + i * 2)).sort((x, y) => x - y);
    assert.ok(px[600] > 90 && px[600] < 110, String(px[600]));
    assert.deepEqual(makeFits({ width: 10, height: 7, bitpix: 16, seed: 1, cards: { OBJECT: 'demo' } }), a);
    assert.equal(
      makeFits({ width: 512, height: 500, bitpix: -32, seed: 2 }).length,
      2880 + Math.ceil((512 * 500 * 4) / 2880) * 2880,
    );
  });

  it('the sample files are a few KB to 1 MiB', () => {
    for (const f of buildDemoFiles()) {
      assert.ok(f.size > 500 && f.size <= 1024 * 1024, `${f.key}: ${f.size}`);
      if (f.key.endsWith('.fits')) assert.equal(f.size % 2880, 0, f.key);
    }
  });
});
