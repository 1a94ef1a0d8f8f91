// Pure: which data addresses the CodeLens/hover detector finds in code, strings and markdown, and where.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { dataUriAt, findDataUris } from '../../../../src/extension/route/findDataUris';

const HST = 's3://stpubdata/hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits';
const MAST_DL = 'https://mast.stsci.edu/api/v0.1/Download/file?uri=mast:HST/product/u9o40504m_c3m.fits';

function uris(text: string): string[] {
  return findDataUris(text).map((m) => m.uri);
}

test('finds an s3:// URI in a Python string and gives its exact offsets', () => {
  const text = `path = "${HST}"\n`;
  const [m] = findDataUris(text);
  assert.equal(m.uri, HST);
  assert.equal(text.slice(m.start, m.end), HST);
  assert.equal(m.start, 8);
});

test('stops at single quotes, backticks, whitespace and closing brackets', () => {
  assert.deepEqual(uris(`f('${HST}')`), [HST]);
  assert.deepEqual(uris(`run \`${HST}\` now`), [HST]);
  assert.deepEqual(uris(`[${HST}]`), [HST]);
  assert.deepEqual(uris(`{"a": "${HST}"}`), [HST]);
  assert.deepEqual(uris(`<${HST}>`), [HST]);
  assert.deepEqual(uris(`x = [${JSON.stringify(HST)}, 's3://noaa-goes16/ABI/x.nc']`), [
    HST,
    's3://noaa-goes16/ABI/x.nc',
  ]);
});

test('markdown: a link target and prose with a trailing full stop', () => {
  assert.deepEqual(uris(`See [the file](${MAST_DL}).`), [MAST_DL]);
  assert.deepEqual(uris(`Fetch ${HST}. Then plot it.`), [HST]);
  assert.deepEqual(uris(`**${HST}**`), [HST]);
});

test('mast: URIs alone, and inside a MAST download URL only once (the URL)', () => {
  assert.deepEqual(uris('uri = "mast:JWST/product/jw01234_cal.fits"'), ['mast:JWST/product/jw01234_cal.fits']);
  assert.deepEqual(uris(`u = "${MAST_DL}"`), [MAST_DL]);
});

test('HEASARC, IRSA and S3 https URLs are data; other https URLs are not', () => {
  const heasarc = 'https://heasarc.gsfc.nasa.gov/FTP/chandra/data/byobsid/2/3052/primary/acisf03052N004_cntr_img2.jpg';
  const irsa =
    'https://irsa.ipac.caltech.edu/ibe/data/wise/allwise/p3am_cdd/01/0104/0104m016_ac51/0104m016_ac51-w1-int-3_ra1.fits';
  const vhost = 'https://stpubdata.s3.us-east-1.amazonaws.com/hst/public/x.fits';
  const path = 'https://s3.amazonaws.com/stpubdata/hst/public/x.fits';
  assert.deepEqual(uris(`${heasarc} ${irsa} ${vhost} ${path}`), [heasarc, irsa, vhost, path]);
  assert.deepEqual(
    uris('docs at https://example.org/a.fits and https://mast.stsci.edu/portal/Mashup/Clients/Mast/Portal.html'),
    [],
  );
  assert.deepEqual(uris('https://heasarc.gsfc.nasa.gov/FTP/chandra/'), [], 'a directory is not a file');
});

test('commas inside a URL stay (IRSA cutouts), a trailing comma in prose goes', () => {
  const cutout =
    'https://irsa.ipac.caltech.edu/ibe/data/wise/allwise/p3am_cdd/01/0104/0104m016_ac51/0104m016_ac51-w1-int-3.fits?center=10.68,41.27&size=0.1';
  assert.deepEqual(uris(`url = "${cutout}"`), [cutout]);
  assert.deepEqual(uris(`get ${HST}, then plot`), [HST]);
  assert.deepEqual(uris(`paths: ['${HST}','s3://noaa-goes16/a.nc']`), [HST, 's3://noaa-goes16/a.nc']);
});

test('buckets, prefixes and templates are not files', () => {
  assert.deepEqual(uris('s3://stpubdata'), []);
  assert.deepEqual(uris('s3://stpubdata/hst/public/'), []);
  assert.deepEqual(uris('f"s3://stpubdata/hst/{key}"'), []);
  assert.deepEqual(uris('`s3://stpubdata/${key}`'), []);
  assert.deepEqual(uris('f"s3://{bucket}/x.fits"'), []);
});

test('no match in the middle of a word', () => {
  assert.deepEqual(uris('xs3://stpubdata/a.fits'), []);
  assert.deepEqual(uris('ast.mast:HST/product/a.fits'), []);
});

test('the limit caps the work on huge files', () => {
  const text = Array.from({ length: 50 }, (_, i) => `s3://b-${i}x/k.fits`).join('\n');
  assert.equal(findDataUris(text, 10).length, 10);
  assert.equal(findDataUris(text).length, 50);
});

test('dataUriAt finds the address under the cursor and nothing beside it', () => {
  const line = `a = "${HST}"  # comment`;
  assert.equal(dataUriAt(line, 10)?.uri, HST);
  assert.equal(dataUriAt(line, 5)?.uri, HST, 'at its first character');
  assert.equal(dataUriAt(line, 1), undefined);
  assert.equal(dataUriAt(line, line.length - 2), undefined);
});

test('findDataUris finds files under a configured mirror prefix, and only with the prefix configured', () => {
  {
    const text = 'x = "http://127.0.0.1:8123/FTP/chandra/data/obs.fits"  # and https://example.org/other.fits';
    assert.deepEqual(
      findDataUris(text).map((m) => m.uri),
      [],
    );
    assert.deepEqual(
      findDataUris(text, 500, { mirrorPrefixes: ['http://127.0.0.1:8123/FTP/'] }).map((m) => m.uri),
      ['http://127.0.0.1:8123/FTP/chandra/data/obs.fits'],
    );
    // The prefix itself (a folder) is not a file.
    assert.deepEqual(
      findDataUris('see http://127.0.0.1:8123/FTP/', 500, { mirrorPrefixes: ['http://127.0.0.1:8123/FTP/'] }),
      [],
    );
  }
});

test('findDataUris finds files on an Earthdata DAAC origin (the DAAC table), and only with the origin given', () => {
  const text =
    'g = "https://data.lpdaac.earthdatacloud.nasa.gov/lp-prod-protected/HLSL30.020/G1/G1.B01.tif"\n' +
    'h = "http://127.0.0.1:8124/demo-tea-protected/SST/g.nc"  # and http://127.0.0.1:8124/ and https://example.org/x.nc';
  const daacs = ['https://data.lpdaac.earthdatacloud.nasa.gov', 'http://127.0.0.1:8124'];
  assert.deepEqual(
    findDataUris(text).map((m) => m.uri),
    [],
  );
  assert.deepEqual(
    findDataUris(text, 500, { dataOrigins: daacs }).map((m) => m.uri),
    [
      'https://data.lpdaac.earthdatacloud.nasa.gov/lp-prod-protected/HLSL30.020/G1/G1.B01.tif',
      'http://127.0.0.1:8124/demo-tea-protected/SST/g.nc',
    ],
  );
});
