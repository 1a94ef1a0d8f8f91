import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compileFilters,
  hasWildcard,
  keyGlobRegExp,
  literalPrefix,
  passesFilters,
} from '../../../../src/core/catalog/keyGlob';

describe('key globs', () => {
  it('lists from the longest literal start', () => {
    assert.equal(literalPrefix('hst/public/u9o4/*_drz.fits'), 'hst/public/u9o4/');
    assert.equal(literalPrefix('a/jb*_drz.fits'), 'a/jb');
    assert.equal(literalPrefix('a/b?c'), 'a/b');
    assert.equal(literalPrefix('plain/key'), 'plain/key');
    assert.ok(hasWildcard('a/*') && hasWildcard('a/[ab]') && !hasWildcard('a/b'));
  });

  it('* and ? stay within one level, ** crosses levels', () => {
    const one = keyGlobRegExp('a/*_drz.fits');
    assert.ok(one.test('a/x_drz.fits'));
    assert.ok(!one.test('a/b/x_drz.fits'));
    assert.ok(!one.test('a/x_flt.fits'));
    const deep = keyGlobRegExp('a/**/x.fits');
    assert.ok(deep.test('a/x.fits') && deep.test('a/b/x.fits') && deep.test('a/b/c/x.fits'));
    assert.ok(!deep.test('ab/x.fits'));
    const all = keyGlobRegExp('a/**');
    assert.ok(all.test('a/b/c') && !all.test('b/c'));
    assert.ok(keyGlobRegExp('f?.fits').test('f1.fits') && !keyGlobRegExp('f?.fits').test('f/.fits'));
    assert.ok(keyGlobRegExp('f[0-2].fits').test('f1.fits') && !keyGlobRegExp('f[0-2].fits').test('f5.fits'));
    assert.ok(keyGlobRegExp('f[!0-2].fits').test('f5.fits') && !keyGlobRegExp('f[!0-2].fits').test('f1.fits'));
    // Regex characters in keys are literals.
    assert.ok(keyGlobRegExp('a+b/(1).fits').test('a+b/(1).fits'));
    assert.ok(!keyGlobRegExp('a.b').test('axb'));
  });
});

describe('--include/--exclude (aws s3 cp semantics)', () => {
  const f = (...spec: [string, string][]) =>
    compileFilters(spec.map(([kind, pattern]) => ({ kind: kind as 'include' | 'exclude', pattern })));

  it('everything passes without filters; later filters win; * also matches /', () => {
    assert.ok(passesFilters('x.fits', f()));
    const onlyDrz = f(['exclude', '*'], ['include', '*_drz.fits']);
    assert.ok(passesFilters('sub/dir/a_drz.fits', onlyDrz));
    assert.ok(!passesFilters('a_flt.fits', onlyDrz));
    // The reverse order excludes everything: the last match wins.
    assert.ok(!passesFilters('a_drz.fits', f(['include', '*_drz.fits'], ['exclude', '*'])));
    assert.ok(!passesFilters('sub/a.fits', f(['exclude', 'sub/*'])));
    assert.ok(passesFilters('other/a.fits', f(['exclude', 'sub/*'])));
    assert.ok(passesFilters('a1.fits', f(['exclude', '*'], ['include', 'a?.fits'])));
  });

  it('an empty pattern is bad input', () => {
    assert.throws(() => f(['include', '']), { code: 'BadInput' });
  });
});
