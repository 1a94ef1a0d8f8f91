import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CdrError } from '../../../../src/core/errors';
import {
  mastBaseUrl,
  mastDownloadUrl,
  mastUriForStpubdataKey,
  parseMastDownloadUrl,
  parseMastUri,
} from '../../../../src/core/catalog/mastUri';

describe('MAST URIs', () => {
  it('accepts HST, JWST and TESS product URIs', () => {
    for (const u of [
      'mast:HST/product/u9o40504m_c3m.fits',
      'mast:JWST/product/jw01234-o001_t001_nircam_clear-f200w_i2d.fits',
      'mast:TESS/product/tess2018206045859-s0001-0000000025155310-0120-s_lc.fits',
    ]) {
      assert.equal(parseMastUri(u).uri, u);
    }
    assert.equal(parseMastUri('mast:HST/product/a.fits').collection, 'HST');
  });

  for (const bad of ['mast:', 'mast:HST', 'mast:HST/', 'mast:HST/product/a b.fits', 'mast:/product/a.fits']) {
    it(`rejects ${JSON.stringify(bad)} as BadInput naming it`, () => {
      assert.throws(
        () => parseMastUri(bad),
        (e: unknown) => e instanceof CdrError && e.code === 'BadInput' && e.message.endsWith(bad),
      );
    });
  }

  it('builds and reads Download/file URLs, on the real host or the configured base', () => {
    const url = mastDownloadUrl('https://mast.stsci.edu', 'mast:HST/product/a.fits');
    assert.equal(url, 'https://mast.stsci.edu/api/v0.1/Download/file?uri=mast:HST/product/a.fits');
    assert.equal(parseMastDownloadUrl(new URL(url), 'http://127.0.0.1:9'), 'mast:HST/product/a.fits');
    assert.equal(
      parseMastDownloadUrl(
        new URL('http://127.0.0.1:9/api/v0.1/Download/file/?uri=mast%3AJWST%2Fproduct%2Fb.fits'),
        'http://127.0.0.1:9',
      ),
      'mast:JWST/product/b.fits',
    );
    assert.equal(
      parseMastDownloadUrl(
        new URL('https://example.org/api/v0.1/Download/file?uri=mast:HST/product/a.fits'),
        'https://mast.stsci.edu',
      ),
      undefined,
    );
    assert.throws(
      () => parseMastDownloadUrl(new URL('https://mast.stsci.edu/api/v0.1/Download/file'), 'https://mast.stsci.edu'),
      /no uri= parameter/,
    );
  });

  it('takes the base URL from CDR_MAST_URL, else the real service', () => {
    assert.equal(mastBaseUrl({ CDR_MAST_URL: 'http://127.0.0.1:8/' }), 'http://127.0.0.1:8');
    assert.equal(mastBaseUrl({}), 'https://mast.stsci.edu');
    assert.throws(
      () => mastBaseUrl({ CDR_MAST_URL: 'mast.stsci.edu' }),
      /CDR_MAST_URL must be an http\(s\) base URL such as https:\/\/mast.stsci.edu: mast.stsci.edu/,
    );
  });

  it('maps stpubdata keys of HST/JWST/TESS back to their mast: URI', () => {
    assert.equal(
      mastUriForStpubdataKey('hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits'),
      'mast:HST/product/u9o40504m_c3m.fits',
    );
    assert.equal(mastUriForStpubdataKey('tess/public/ffi/s0001/a.fits'), 'mast:TESS/product/a.fits');
    assert.equal(mastUriForStpubdataKey('kepler/public/lightcurves/a.fits'), undefined);
  });
});
