import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CdrError } from '../../../../src/core/errors';
import { catalogTables } from '../../../../src/core/catalog/openDataBuckets';
import { parseInput } from '../../../../src/core/catalog/parseInput';

const opts = { tables: catalogTables(), mastBase: 'https://mast.stsci.edu', s3Endpoint: null };

describe('parseInput', () => {
  it('tells each kind of address apart', () => {
    assert.equal(parseInput('s3://stpubdata/hst/public/a.fits', opts).kind, 's3');
    assert.equal(parseInput('https://stpubdata.s3.amazonaws.com/hst/public/a.fits', opts).kind, 's3');
    assert.equal(parseInput('mast:JWST/product/a.fits', opts).kind, 'mast');
    assert.equal(
      parseInput('https://mast.stsci.edu/api/v0.1/Download/file?uri=mast:TESS/product/a.fits', opts).kind,
      'mast',
    );
    assert.equal(parseInput('https://heasarc.gsfc.nasa.gov/FTP/rxte/data/a.gz', opts).kind, 'heasarc');
    assert.equal(
      parseInput('https://irsa.ipac.caltech.edu/ibe/data/wise/allwise/p3am_cdd/09/0904/x/x-w1-int-3.fits', opts).kind,
      'irsa',
    );
    assert.equal(parseInput('https://example.org/data/a.fits', opts).kind, 'https');
  });

  it('a MAST Download URL carries its mast: URI', () => {
    const p = parseInput('https://mast.stsci.edu/api/v0.1/Download/file?uri=mast:HST/product/u9o40504m_c3m.fits', opts);
    assert.deepEqual(p, {
      kind: 'mast',
      input: 'https://mast.stsci.edu/api/v0.1/Download/file?uri=mast:HST/product/u9o40504m_c3m.fits',
      uri: 'mast:HST/product/u9o40504m_c3m.fits',
    });
  });

  it('maps HEASARC FTP URLs to nasa-heasarc (http or https)', () => {
    const p = parseInput(
      'http://heasarc.gsfc.nasa.gov/FTP/nicer/data/obs/2019_01/1200040101/auxil/ni1200040101.att.gz',
      opts,
    );
    assert.ok(p.kind === 'heasarc');
    assert.deepEqual(p.mirror, {
      bucket: 'nasa-heasarc',
      key: 'nicer/data/obs/2019_01/1200040101/auxil/ni1200040101.att.gz',
    });
  });

  it('maps documented IRSA collections (WISE, Spitzer SEIP, Euclid Q1) and only those', () => {
    const m = (u: string) => {
      const p = parseInput(u, opts);
      return p.kind === 'irsa' ? p.mirror : 'not irsa';
    };
    assert.deepEqual(
      m('https://irsa.ipac.caltech.edu/ibe/data/wise/allsky/4band_p1bm_frm/0a/00720a/001/00720a001-w1-int-1b.fits'),
      {
        bucket: 'nasa-irsa-wise',
        key: 'wise/allsky/images/4band_p1bm_frm/0a/00720a/001/00720a001-w1-int-1b.fits',
      },
    );
    assert.deepEqual(
      m('https://irsa.ipac.caltech.edu/ibe/data/wise/neowiser/p1bm_frm/8b/53318b/014/53318b014-w1-int-1b.fits'),
      {
        bucket: 'nasa-irsa-wise',
        key: 'wise/neowiser/images/p1bm_frm/8b/53318b/014/53318b014-w1-int-1b.fits',
      },
    );
    assert.deepEqual(
      m(
        'https://irsa.ipac.caltech.edu/data/SPITZER/Enhanced/SEIP/images/4/0019/40019821/9/40019821-9/40019821.40019821-9.IRAC.1.mosaic.fits',
      ),
      {
        bucket: 'nasa-irsa-spitzer',
        key: 'spitzer/seip/seip_science/images/4/0019/40019821/9/40019821-9/40019821.40019821-9.IRAC.1.mosaic.fits',
      },
    );
    assert.deepEqual(
      m(
        'https://irsa.ipac.caltech.edu/ibe/data/euclid/q1/MER/102018211/VIS/EUC_MER_BGSUB-MOSAIC-VIS_TILE102018211.fits',
      ),
      {
        bucket: 'nasa-irsa-euclid-q1',
        key: 'q1/MER/102018211/VIS/EUC_MER_BGSUB-MOSAIC-VIS_TILE102018211.fits',
      },
    );
    // 2MASS is not documented in S3: no cloud copy, and the note says why.
    const twomass = parseInput(
      'https://irsa.ipac.caltech.edu/ibe/data/twomass/allsky/allsky/980527n/s/image/hi0010080.fits.gz',
      opts,
    );
    assert.ok(twomass.kind === 'irsa');
    assert.equal(twomass.mirror, null);
    assert.match(twomass.note ?? '', /No known cloud copy for this IRSA path/);
  });

  it('an IRSA cutout (query string) has no cloud copy', () => {
    const p = parseInput(
      'https://irsa.ipac.caltech.edu/ibe/data/wise/allwise/p3am_cdd/09/0904/x/x-w1-int-3.fits?center=10,50&size=200pix',
      opts,
    );
    assert.ok(p.kind === 'irsa');
    assert.equal(p.mirror, null);
    assert.match(p.note ?? '', /cutout/);
  });

  it('path-style URLs under AWS_ENDPOINT_URL_S3 are S3 addresses', () => {
    const p = parseInput('http://127.0.0.1:4569/lab-data/runs/a.fits', {
      ...opts,
      s3Endpoint: 'http://127.0.0.1:4569',
    });
    assert.deepEqual(p, {
      kind: 's3',
      input: 'http://127.0.0.1:4569/lab-data/runs/a.fits',
      bucket: 'lab-data',
      key: 'runs/a.fits',
      regionHint: null,
    });
  });

  it('user mirror mappings give other HTTPS URLs a cloud copy', () => {
    const tables = catalogTables({
      userMirrors: [
        { kind: 'https', urlPrefix: 'https://data.example.org/pub/', bucket: 'lab-data', keyPrefix: 'pub/' },
      ],
    });
    const p = parseInput('https://data.example.org/pub/x/y.fits', { ...opts, tables });
    assert.ok(p.kind === 'https');
    assert.deepEqual(p.mirror, { bucket: 'lab-data', key: 'pub/x/y.fits' });
  });

  for (const bad of [
    '',
    '   ',
    'ftp://heasarc.gsfc.nasa.gov/a',
    'not a uri',
    '/local/file.fits',
    'mast:HST',
    's3://b',
    'https://s3.amazonaws.com/onlybucket',
  ]) {
    it(`rejects ${JSON.stringify(bad)} with BadInput naming the value`, () => {
      assert.throws(
        () => parseInput(bad, opts),
        (e: unknown) =>
          e instanceof CdrError &&
          e.code === 'BadInput' &&
          (bad.trim() === '' ? /Empty URI/.test(e.message) : e.message.includes(bad.trim())),
      );
    });
  }
});
