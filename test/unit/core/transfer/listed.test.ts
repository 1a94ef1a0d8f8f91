import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FaultServer, etagOf } from '../../../support/faultServer';
import type { BatchOptions, DownloadItem } from '../../../../src/core/transfer/index';
import { KiB, bytesAt, fetchAll, fetchOne, listFiles, payload, tempDir } from './helpers';

// Items whose size and ETag a listing already gave (DownloadItem.listed): through both S3 routes, anonymous plain
// GETs and signed requests, against a server that records every request.
const routes: Array<{ name: string; opts(s: FaultServer): Partial<BatchOptions> }> = [
  { name: 'anonymous', opts: (s) => ({ env: { AWS_ENDPOINT_URL_S3: s.origin } }) },
  {
    name: 'signed',
    opts: (s) => ({
      env: { AWS_ENDPOINT_URL_S3: s.origin },
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    }),
  },
];

function listedItem(key: string, data: Buffer, etag = etagOf(data)): DownloadItem {
  return {
    uri: `s3://bkt/${key}`,
    via: 's3',
    bucket: 'bkt',
    key,
    region: 'us-east-1',
    listed: { size: data.length, etag, lastModified: null },
  };
}

for (const route of routes) {
  describe(`listed S3 items (${route.name})`, () => {
    it('need no HEAD: the listed ETag pins every ranged GET, and a rerun makes no request at all', async (t) => {
      const server = await new FaultServer().start();
      t.after(() => server.stop());
      const a = payload(200 * KiB);
      const b = payload(10 * KiB);
      server.put('/bkt/d/a.bin', a);
      server.put('/bkt/d/b.bin', b);
      const dest = await tempDir(t);
      const items = [listedItem('d/a.bin', a), listedItem('d/b.bin', b)];
      const results = await fetchAll(items, { destDir: dest, ...route.opts(server) });
      assert.deepEqual(
        results.map((r) => r.status),
        ['COMPLETE', 'COMPLETE'],
        results.map((r) => r.error).join(' '),
      );
      assert.deepEqual(await bytesAt(results[0].path), a);
      assert.deepEqual(await bytesAt(results[1].path), b);
      assert.deepEqual(
        server.requests.map((q) => q.method),
        ['GET', 'GET', 'GET', 'GET', 'GET'],
        '4 parts of a.bin and 1 of b.bin',
      );
      assert.ok(server.requests.every((q) => q.headers['if-match'] === etagOf(q.path.endsWith('a.bin') ? a : b)));
      assert.ok(results[0].verified.includes('md5-etag'), 'a listed MD5 ETag is checked like a HEAD one');

      const before = server.requests.length;
      const again = await fetchAll(items, { destDir: dest, ...route.opts(server) });
      assert.deepEqual(
        again.map((r) => r.status),
        ['SKIPPED', 'SKIPPED'],
      );
      assert.equal(server.requests.length, before, 'an unchanged rerun asks the server nothing');
    });

    it('a listed ETag that no longer matches is a clean "changed" error, with nothing left behind', async (t) => {
      const server = await new FaultServer().start();
      t.after(() => server.stop());
      const old = payload(150 * KiB);
      const now = payload(150 * KiB);
      server.put('/bkt/k.bin', now);
      const dest = await tempDir(t);
      const r = await fetchOne(listedItem('k.bin', old), { destDir: dest, ...route.opts(server) });
      assert.equal(r.status, 'ERROR');
      assert.equal(r.errorCode, 'changed');
      assert.match(r.error ?? '', /changed on the server/);
      assert.deepEqual(await listFiles(dest), [], 'neither final nor .part files remain');
      assert.ok(server.requests.every((q) => q.method === 'GET' && q.headers['if-match'] === etagOf(old)));
    });

    it('a listed size that is wrong never becomes a file', async (t) => {
      const server = await new FaultServer().start();
      t.after(() => server.stop());
      const data = payload(100 * KiB);
      server.put('/bkt/k.bin', data);
      const dest = await tempDir(t);
      // Same ETag, a listing that says 50 KiB more than there is.
      const item: DownloadItem = {
        ...listedItem('k.bin', data),
        listed: { size: 150 * KiB, etag: etagOf(data), lastModified: null },
      };
      const r = await fetchOne(item, { destDir: dest, ...route.opts(server) });
      assert.equal(r.status, 'ERROR');
      assert.deepEqual(
        (await listFiles(dest)).filter((f) => !f.endsWith('.part') && !f.endsWith('.part.json')),
        [],
      );
    });
  });
}
