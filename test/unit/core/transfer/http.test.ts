import assert from 'node:assert/strict';
import { crc32 } from 'node:zlib';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { FaultServer } from '../../../support/faultServer';
import { KiB, bytesAt, fetchAll, fetchOne, listFiles, payload, tempDir } from './helpers';

function crc32b64(b: Buffer): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(b) >>> 0);
  return out.toString('base64');
}

describe('HTTP logins and redirects', () => {
  it('sends the MAST token to its origin and gets the file', async (t) => {
    const server = await new FaultServer({ requireAuth: { '/mast/f.fits': 'token good' } }).start();
    t.after(() => server.stop());
    const data = payload(200 * KiB);
    server.put('/mast/f.fits', data);
    const dest = await tempDir(t);
    const r = await fetchOne(
      { uri: server.url('/mast/f.fits'), via: 'http', httpUrl: server.url('/mast/f.fits') },
      { destDir: dest, httpHeadersByOrigin: { [server.origin]: { Authorization: 'token good' } } },
    );
    assert.equal(r.status, 'COMPLETE', r.error ?? '');
    assert.deepEqual(await bytesAt(r.path), data);
  });

  it('an expired token (401) is a clear error naming the URL, with no saved error page', async (t) => {
    const server = await new FaultServer({ requireAuth: { '/mast/f.fits': 'token fresh' } }).start();
    t.after(() => server.stop());
    server.put('/mast/f.fits', payload(KiB));
    const dest = await tempDir(t);
    const url = `${server.url('/mast/f.fits')}?secret=sig123`;
    const r = await fetchOne(
      { uri: url, via: 'http', httpUrl: url },
      { destDir: dest, httpHeadersByOrigin: { [server.origin]: { Authorization: 'token expired' } } },
    );
    assert.equal(r.status, 'ERROR');
    assert.equal(r.errorCode, 'login-required');
    assert.equal(
      r.error,
      `${server.url('/mast/f.fits')} needs a sign-in (HTTP 401): sign in to this archive and try again`,
    );
    assert.equal(r.loginUrl, server.url('/mast/f.fits'));
    assert.doesNotMatch(r.error ?? '', /sig123|expired/);
    assert.deepEqual(await listFiles(dest), []);
  });

  it('drops the Authorization header on a redirect to another origin, keeps it on the same origin', async (t) => {
    const storage = await new FaultServer().start();
    t.after(() => storage.stop());
    const data = payload(150 * KiB);
    storage.put('/store/f.fits', data);
    const archive = await new FaultServer({
      redirects: { '/api/f.fits': '/api2/f.fits', '/api2/f.fits': storage.url('/store/f.fits') },
    }).start();
    t.after(() => archive.stop());
    const dest = await tempDir(t);
    const r = await fetchOne(
      { uri: archive.url('/api/f.fits'), via: 'http', httpUrl: archive.url('/api/f.fits') },
      { destDir: dest, httpHeadersByOrigin: { [archive.origin]: { Authorization: 'token s3cr3t' } } },
    );
    assert.equal(r.status, 'COMPLETE', r.error ?? '');
    assert.deepEqual(await bytesAt(r.path), data);
    assert.ok(archive.requests.length >= 2);
    assert.ok(
      archive.requests.every((q) => q.headers.authorization === 'token s3cr3t'),
      'same-origin hops carry the token',
    );
    assert.ok(storage.requests.length >= 2);
    assert.ok(
      storage.requests.every((q) => q.headers.authorization === undefined),
      'the other origin never sees it',
    );
    // Saved under the URL the user asked for, not the storage host.
    assert.ok(r.path?.includes(`127.0.0.1_${new URL(archive.origin).port}`));
  });

  it('an expired redirect target (presigned storage URL) is re-resolved through the original URL', async (t) => {
    const storage = await new FaultServer().start();
    t.after(() => storage.stop());
    const data = payload(200 * KiB);
    storage.put('/store/f.fits', data);
    // The second GET on storage finds its signature expired.
    let gets = 0;
    storage.faults.push({ match: (q) => q.method === 'GET' && ++gets === 2, action: { kind: 'status', status: 403 } });
    const archive = await new FaultServer({
      redirects: { '/api/f.fits': `${storage.url('/store/f.fits')}?X-Amz-Signature=abc` },
    }).start();
    t.after(() => archive.stop());
    const dest = await tempDir(t);
    const r = await fetchOne(
      { uri: archive.url('/api/f.fits'), via: 'http', httpUrl: archive.url('/api/f.fits') },
      { destDir: dest, concurrency: 1 },
    );
    assert.equal(r.status, 'COMPLETE', r.error ?? '');
    assert.deepEqual(await bytesAt(r.path), data);
    assert.equal(archive.requests.length, 2, 'HEAD, then one GET for a fresh redirect');
  });

  it('a bare host key means https on port 443 only, never plain http on another port', async (t) => {
    const server = await new FaultServer().start();
    t.after(() => server.stop());
    server.put('/f', payload(KiB));
    const dest = await tempDir(t);
    await fetchOne(
      { uri: server.url('/f'), via: 'http', httpUrl: server.url('/f') },
      { destDir: dest, httpHeadersByOrigin: { '127.0.0.1': { Authorization: 'token x' } } },
    );
    assert.ok(server.requests.every((q) => q.headers.authorization === undefined));
  });
});

describe('HTTP servers of different kinds', () => {
  it('without range support: one stream, retried from the start after a reset', async (t) => {
    const server = await new FaultServer({ noRanges: true }).start();
    t.after(() => server.stop());
    const data = payload(300 * KiB);
    server.put('/f.bin', data);
    server.faults.push({ action: { kind: 'reset-after', bytes: 50 * KiB } });
    const dest = await tempDir(t);
    const r = await fetchOne(
      { uri: server.url('/f.bin'), via: 'http', httpUrl: server.url('/f.bin') },
      { destDir: dest },
    );
    assert.equal(r.status, 'COMPLETE', r.error ?? '');
    assert.deepEqual(await bytesAt(r.path), data);
    // The first GET asks for a first part (no HEAD before it); the 200 answer carries the whole file, and the retry
    // after the reset asks for everything again.
    const gets = server.gets('/f.bin');
    assert.equal(gets.length, 2);
    assert.equal(gets[0].headers.range, `bytes=0-${64 * KiB - 1}`);
    assert.equal(gets[1].headers.range, undefined);
    assert.equal(server.requests.filter((q) => q.method === 'HEAD').length, 0);
  });

  it('a fresh file needs no HEAD: the first ranged GET tells size and ETag, and pins the other parts', async (t) => {
    const server = await new FaultServer().start();
    t.after(() => server.stop());
    const data = payload(130 * KiB);
    server.put('/f.bin', data);
    const dest = await tempDir(t);
    const events: Array<number | null> = [];
    const r = await fetchOne(
      { uri: server.url('/f.bin'), via: 'http', httpUrl: server.url('/f.bin') },
      { destDir: dest, onProgress: (e) => events.push(e.bytesTotal) },
    );
    assert.equal(r.status, 'COMPLETE', r.error ?? '');
    assert.deepEqual(await bytesAt(r.path), data);
    assert.equal(r.bytes, data.length);
    assert.ok(r.verified.includes('size'));
    assert.equal(server.requests.filter((q) => q.method === 'HEAD').length, 0);
    const gets = server.gets('/f.bin');
    assert.deepEqual(
      gets.map((g) => g.headers.range),
      [`bytes=0-${64 * KiB - 1}`, `bytes=${64 * KiB}-${128 * KiB - 1}`, `bytes=${128 * KiB}-${130 * KiB - 1}`],
    );
    assert.equal(gets[0].headers['if-match'], undefined);
    assert.ok(gets.slice(1).every((g) => g.headers['if-match'] === r.etag && r.etag !== null));
    assert.equal(events.at(-1), data.length, 'the size learnt from the first GET reaches the progress total');
  });

  it('the other parts start as soon as the first GET says the size, not after its body', async (t) => {
    const server = await new FaultServer().start();
    t.after(() => server.stop());
    const data = payload(256 * KiB);
    server.put('/f.bin', data);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    server.faults.push({
      match: (q) => q.headers.range === `bytes=0-${64 * KiB - 1}`,
      action: { kind: 'hold-after', bytes: 4 * KiB, until: held },
    });
    const dest = await tempDir(t);
    const download = fetchOne(
      { uri: server.url('/f.bin'), via: 'http', httpUrl: server.url('/f.bin') },
      { destDir: dest },
    );
    // Waits (at most 3 s) for the other three parts while the first body is held after 4 KiB.
    for (let i = 0; i < 300 && server.gets('/f.bin').length < 4; i++) await new Promise((r) => setTimeout(r, 10));
    const whileHeld = server.gets('/f.bin').map((g) => g.headers.range);
    release();
    const r = await download;
    assert.equal(r.status, 'COMPLETE', r.error ?? '');
    assert.deepEqual(await bytesAt(r.path), data);
    assert.deepEqual(whileHeld, [
      `bytes=0-${64 * KiB - 1}`,
      `bytes=${64 * KiB}-${128 * KiB - 1}`,
      `bytes=${128 * KiB}-${192 * KiB - 1}`,
      `bytes=${192 * KiB}-${256 * KiB - 1}`,
    ]);
  });

  it('a present file is checked with a HEAD; a server that refuses HEAD is sized with a 1-byte ranged GET', async (t) => {
    const server = await new FaultServer().start();
    t.after(() => server.stop());
    const data = payload(130 * KiB);
    server.put('/f.bin', data);
    const dest = await tempDir(t);
    const item = { uri: server.url('/f.bin'), via: 'http' as const, httpUrl: server.url('/f.bin') };
    assert.equal((await fetchOne(item, { destDir: dest })).status, 'COMPLETE');
    const before = server.requests.length;
    server.faults.push({ match: (q) => q.method === 'HEAD', action: { kind: 'status', status: 405 } });
    const again = await fetchOne(item, { destDir: dest });
    assert.equal(again.status, 'SKIPPED', again.error ?? '');
    const later = server.requests.slice(before);
    assert.deepEqual(
      later.map((q) => `${q.method} ${q.headers.range ?? ''}`),
      ['HEAD ', 'GET bytes=0-0'],
    );
  });

  it('404 is an ERROR naming the URL', async (t) => {
    const server = await new FaultServer().start();
    t.after(() => server.stop());
    const dest = await tempDir(t);
    const r = await fetchOne(
      { uri: server.url('/nope'), via: 'http', httpUrl: server.url('/nope') },
      { destDir: dest },
    );
    assert.equal(r.status, 'ERROR');
    assert.equal(r.errorCode, 'not-found');
    assert.ok(r.error?.includes(server.url('/nope')));
  });
});

describe('S3 checksums and batches', () => {
  it('verifies x-amz-checksum-crc32 and -sha256 of multi-part downloads; a mismatch leaves no file', async (t) => {
    const server = await new FaultServer().start();
    t.after(() => server.stop());
    const a = payload(300 * KiB);
    const b = payload(300 * KiB);
    // A multipart-style ETag: no MD5 to check, so only the checksum can vouch for the bytes.
    server.put('/bkt/a', a, { 'x-amz-checksum-crc32': crc32b64(a) }).etag = '"0123abcd-3"';
    server.put('/bkt/b', b, { 'x-amz-checksum-sha256': createHash('sha256').update(b).digest('base64') });
    server.put('/bkt/c', b, { 'x-amz-checksum-crc32': crc32b64(a) });
    const dest = await tempDir(t);
    const results = await fetchAll(
      ['a', 'b', 'c'].map((k) => ({ uri: `s3://bkt/${k}`, via: 's3' as const, bucket: 'bkt', key: k })),
      { destDir: dest, env: { AWS_ENDPOINT_URL_S3: server.origin } },
    );
    assert.deepEqual(
      results.map((r) => r.status),
      ['COMPLETE', 'COMPLETE', 'ERROR'],
    );
    assert.deepEqual(results[0].verified, ['size', 'crc32']);
    assert.ok(results[1].verified.includes('sha256'));
    assert.equal(results[1].sha256, createHash('sha256').update(b).digest('hex'));
    assert.match(results[2].error ?? '', /crc32 is .*, the server says/);
    assert.ok(
      server.requests.filter((q) => q.method === 'HEAD').every((q) => q.headers['x-amz-checksum-mode'] === 'ENABLED'),
    );
    assert.deepEqual(await listFiles(dest), ['bkt/a', 'bkt/b']);
  });

  it('one concurrency limit holds across files and parts, with progress up to the total', async (t) => {
    const server = await new FaultServer({ bytesPerSecond: 512 * KiB }).start();
    t.after(() => server.stop());
    const objs = [0, 1, 2, 3].map((i) => server.put(`/bkt/f${i}`, payload(256 * KiB)).data);
    const dest = await tempDir(t);
    const events: Array<{ bytesDone: number; bytesTotal: number | null; filesDone: number }> = [];
    const results = await fetchAll(
      objs.map((_, i) => ({ uri: `s3://bkt/f${i}`, via: 's3' as const, bucket: 'bkt', key: `f${i}` })),
      { destDir: dest, env: { AWS_ENDPOINT_URL_S3: server.origin }, concurrency: 3, onProgress: (e) => events.push(e) },
    );
    assert.ok(results.every((r) => r.status === 'COMPLETE'));
    for (let i = 0; i < 4; i++) assert.deepEqual(await bytesAt(results[i].path), objs[i]);
    assert.equal(server.maxInFlight, 3);
    const last = events[events.length - 1];
    assert.deepEqual([last.bytesDone, last.bytesTotal, last.filesDone], [1024 * KiB, 1024 * KiB, 4]);
  });
});
