import assert from 'node:assert/strict';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FaultServer } from '../../../support/faultServer';
import { relativeSegments, safeSegments } from '../../../../src/core/transfer/index';
import { KiB, fetchAll, fetchOne, listFiles, payload, tempDir } from './helpers';

describe('object keys and URL paths cannot write outside the destination', () => {
  const bad: Array<[string, RegExp]> = [
    ['../x', /"\.\." segment/],
    ['a/../../x', /"\.\." segment/],
    ['/etc/passwd', /absolute path/],
    ['C:\\x', /absolute Windows path/],
    ['c:x', /absolute Windows path|drive letter/],
    ['dir/a\u0000b', /NUL/],
    ['dir/NUL', /reserved device name/],
    ['dir/con.txt', /reserved device name/],
    ['dir/COM1', /reserved device name/],
    ['a//b', /empty path segment/],
    ['a/./b', /"\." segment/],
    ['a\\..\\b', /character not allowed/],
    ['trailing./x', /ending in a dot/],
  ];
  for (const [key, why] of bad) {
    it(`rejects ${JSON.stringify(key)}`, () => {
      assert.throws(
        () => safeSegments(key, 'key'),
        (e: Error) => why.test(e.message) && e.message.includes(JSON.stringify(key)),
      );
    });
  }

  it('accepts ordinary archive keys', () => {
    assert.deepEqual(safeSegments('hst/public/u24r/u24r0102t/u24r0102t_c0f.fits', 'key'), [
      'hst',
      'public',
      'u24r',
      'u24r0102t',
      'u24r0102t_c0f.fits',
    ]);
  });

  it('layouts: mirror, flat, archive, and URL paths are decoded then checked', () => {
    const item = {
      uri: 's3://b/k/f.fits',
      via: 's3' as const,
      bucket: 'b',
      key: 'k/f.fits',
      archivePath: ['mastDownload', 'HST', 'obs1', 'f.fits'],
    };
    assert.deepEqual(relativeSegments(item, 'mirror'), ['b', 'k', 'f.fits']);
    assert.deepEqual(relativeSegments(item, 'flat'), ['f.fits']);
    assert.deepEqual(relativeSegments(item, 'archive'), ['mastDownload', 'HST', 'obs1', 'f.fits']);
    assert.deepEqual(
      relativeSegments({ uri: 'u', via: 'http', httpUrl: 'https://archive.stsci.edu/a/b%20c.fits?x=1' }, 'mirror'),
      ['archive.stsci.edu', 'a', 'b c.fits'],
    );
    assert.throws(
      () => relativeSegments({ uri: 'u', via: 'http', httpUrl: 'http://127.0.0.1:1/a/%2e%2e%2f%2e%2e%2fx' }, 'mirror'),
      /"\.\." segment/,
    );
    assert.throws(
      () => relativeSegments({ uri: 'u', via: 'http', httpUrl: 'http://127.0.0.1:1/a/%00b' }, 'mirror'),
      /NUL/,
    );
    assert.throws(() => relativeSegments({ ...item, archivePath: ['..', 'x'] }, 'archive'), /"\.\." segment/);
  });

  it('a batch with malicious keys writes nothing for them and still downloads the good one', async (t) => {
    const server = await new FaultServer().start();
    t.after(() => server.stop());
    const root = await tempDir(t);
    const dest = join(root, 'dest');
    server.put('/bkt/good.bin', payload(KiB));
    const env = { AWS_ENDPOINT_URL_S3: server.origin };
    const keys = ['good.bin', '../escape.bin', '/etc/passwd', 'C:\\x', 'a\u0000b', 'NUL'];
    const results = await fetchAll(
      keys.map((key) => ({ uri: `s3://bkt/${key}`, via: 's3', bucket: 'bkt', key })),
      { destDir: dest, env },
    );
    assert.deepEqual(
      results.map((r) => [r.status, r.errorCode]),
      [['COMPLETE', null], ...keys.slice(1).map(() => ['ERROR', 'unsafe-path'])],
    );
    assert.deepEqual(await listFiles(root), ['dest/bkt/good.bin']);
    // Unsafe items are refused before any request is made for them.
    assert.deepEqual([...new Set(server.requests.map((r) => r.path))], ['/bkt/good.bin']);
  });

  it('a flat-layout key named like the ETag index is refused', async (t) => {
    const dest = await tempDir(t);
    const [r] = await fetchAll(
      [{ uri: 's3://b/.cdr-downloads.json', via: 's3', bucket: 'b', key: '.cdr-downloads.json' }],
      { destDir: dest, layout: 'flat', env: { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9' } },
    );
    assert.equal(r.errorCode, 'unsafe-path');
  });

  it('never follows a symlinked folder out of the destination (but allows one that stays inside)', async (t) => {
    const server = await new FaultServer().start();
    t.after(() => server.stop());
    const root = await tempDir(t);
    const dest = join(root, 'dest');
    const outside = join(root, 'outside');
    await mkdir(join(dest, 'inside-target'), { recursive: true });
    await mkdir(outside);
    await symlink(outside, join(dest, 'bkt'));
    await symlink(join(dest, 'inside-target'), join(dest, 'ok'));
    server.put('/bkt/x/y.bin', payload(KiB));
    server.put('/ok/z.bin', payload(KiB));
    const env = { AWS_ENDPOINT_URL_S3: server.origin };
    const bad = await fetchOne(
      { uri: 's3://bkt/x/y.bin', via: 's3', bucket: 'bkt', key: 'x/y.bin' },
      { destDir: dest, env },
    );
    assert.equal(bad.status, 'ERROR');
    assert.equal(bad.errorCode, 'unsafe-path');
    assert.match(bad.error ?? '', /symbolic link leads outside/);
    assert.deepEqual(await listFiles(outside), []);
    const good = await fetchOne(
      { uri: 's3://ok/z.bin', via: 's3', bucket: 'ok', key: 'z.bin' },
      { destDir: dest, env },
    );
    assert.equal(good.status, 'COMPLETE', good.error ?? '');
    assert.deepEqual(await listFiles(join(dest, 'inside-target')), ['z.bin']);
  });

  it('a symlink planted at the final or .part name is not written through', async (t) => {
    const server = await new FaultServer().start();
    t.after(() => server.stop());
    const root = await tempDir(t);
    const dest = join(root, 'dest');
    await mkdir(join(dest, 'bkt'), { recursive: true });
    await mkdir(join(root, 'outside'));
    await symlink(join(root, 'outside', 'victim'), join(dest, 'bkt', 'f.bin.part'));
    server.put('/bkt/f.bin', payload(KiB));
    const r = await fetchOne(
      { uri: 's3://bkt/f.bin', via: 's3', bucket: 'bkt', key: 'f.bin' },
      { destDir: dest, env: { AWS_ENDPOINT_URL_S3: server.origin } },
    );
    // The stale .part link is removed (never followed) and the download lands inside.
    assert.equal(r.status, 'COMPLETE', r.error ?? '');
    assert.deepEqual(await listFiles(join(root, 'outside')), []);
  });
});

describe('layout of files fetched from archive URLs', () => {
  it('a MAST Download URL without a cloud copy lands under its archive path, not as a file called "file"', () => {
    const item = {
      uri: 'mast:HST/product/odx501010_x1d.fits',
      via: 'http' as const,
      httpUrl: 'https://mast.stsci.edu/api/v0.1/Download/file?uri=mast:HST/product/odx501010_x1d.fits',
      archivePath: ['mastDownload', 'HST', 'odx501010', 'odx501010_x1d.fits'],
    };
    assert.deepEqual(relativeSegments(item, 'mirror'), ['mastDownload', 'HST', 'odx501010', 'odx501010_x1d.fits']);
    assert.deepEqual(relativeSegments(item, 'flat'), ['odx501010_x1d.fits']);
    // With a cloud copy the bucket/key wins in mirror layout, whichever route fetched it.
    assert.deepEqual(
      relativeSegments({ ...item, bucket: 'stpubdata', key: 'hst/public/odx5/odx501010/odx501010_x1d.fits' }, 'mirror'),
      ['stpubdata', 'hst', 'public', 'odx5', 'odx501010', 'odx501010_x1d.fits'],
    );
  });
});
