import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FaultServer } from '../../../support/faultServer';
import type { BatchOptions, DownloadItem } from '../../../../src/core/transfer/index';
import { KiB, bytesAt, fetchOne, listFiles, payload, tempDir } from './helpers';

// The same faults through each way bytes reach us: a plain URL, anonymous S3 as plain ranged GETs, and the SDK's
// signed GetObject (the fault server speaks enough path-style S3 for both S3 paths).
type Engine = {
  name: string;
  item(server: FaultServer, path: string): DownloadItem;
  opts(server: FaultServer): Partial<BatchOptions>;
};
const engines: Engine[] = [
  { name: 'http', item: (s, p) => ({ uri: s.url(p), via: 'http', httpUrl: s.url(p) }), opts: () => ({}) },
  {
    name: 's3 anonymous (plain GETs)',
    item: (_s, p) => ({
      uri: `s3:/${p}`,
      via: 's3',
      bucket: p.split('/')[1],
      key: p.split('/').slice(2).join('/'),
      region: 'us-east-1',
    }),
    opts: (s) => ({ env: { AWS_ENDPOINT_URL_S3: s.origin } }),
  },
  {
    name: 's3 signed (plain GETs, SigV4)',
    item: (_s, p) => ({
      uri: `s3:/${p}`,
      via: 's3',
      bucket: p.split('/')[1],
      key: p.split('/').slice(2).join('/'),
      region: 'us-east-1',
    }),
    opts: (s) => ({
      env: { AWS_ENDPOINT_URL_S3: s.origin },
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    }),
  },
  {
    name: 's3 signed (SDK GetObject)',
    item: (_s, p) => ({
      uri: `s3:/${p}`,
      via: 's3',
      bucket: p.split('/')[1],
      key: p.split('/').slice(2).join('/'),
      region: 'us-east-1',
    }),
    opts: (s) => ({
      env: { AWS_ENDPOINT_URL_S3: s.origin },
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      signedS3Engine: 'sdk',
    }),
  },
];

for (const engine of engines) {
  describe(`transfer faults via ${engine.name}`, () => {
    async function setup(t: Parameters<typeof tempDir>[0], size = 300 * KiB) {
      const server = await new FaultServer().start();
      t.after(() => server.stop());
      const data = payload(size);
      server.put('/bkt/dir/obj.bin', data);
      const dest = await tempDir(t);
      return {
        server,
        data,
        dest,
        item: engine.item(server, '/bkt/dir/obj.bin'),
        opts: { destDir: dest, ...engine.opts(server) },
      };
    }

    it('a connection dropped mid-part resumes inside the part and the file is byte-identical', async (t) => {
      const { server, data, dest, item, opts } = await setup(t);
      server.faults.push({ action: { kind: 'reset-after', bytes: 10 * KiB }, times: 2 });
      const r = await fetchOne(item, opts);
      assert.equal(r.status, 'COMPLETE', r.error ?? '');
      assert.deepEqual(await bytesAt(r.path), data);
      // 5 parts of 64 KiB plus the two retries, each asking only for what was missing.
      const gets = server.gets('/bkt/dir/obj.bin');
      assert.equal(gets.length, 7);
      assert.ok(
        gets.some(
          (g) =>
            /^bytes=\d*[1-9]\d*-/.test(String(g.headers.range)) &&
            Number(/=(\d+)/.exec(String(g.headers.range))?.[1]) % (64 * KiB) === 10 * KiB,
        ),
      );
      assert.deepEqual(await listFiles(dest), [r.path?.slice(dest.length + 1)]);
    });

    it('503 SlowDown then success: retried with backoff', async (t) => {
      const { server, data, item, opts } = await setup(t);
      server.faults.push({ action: { kind: 'status', status: 503 }, times: 3 });
      const r = await fetchOne(item, opts);
      assert.equal(r.status, 'COMPLETE', r.error ?? '');
      assert.deepEqual(await bytesAt(r.path), data);
      assert.equal(server.gets('/bkt/dir/obj.bin').length, 5 + 3);
    });

    it('a truncated body (clean close, fewer bytes than promised) is detected and completed', async (t) => {
      const { server, data, item, opts } = await setup(t);
      server.faults.push({ action: { kind: 'truncate', bytes: 1000 } });
      const r = await fetchOne(item, opts);
      assert.equal(r.status, 'COMPLETE', r.error ?? '');
      assert.deepEqual(await bytesAt(r.path), data);
    });

    it('an object replaced mid-download fails with 412 (If-Match) and leaves no file', async (t) => {
      const { server, dest, item, opts } = await setup(t);
      const v2 = payload(300 * KiB);
      // The third GET finds a new version: its If-Match no longer holds.
      let n = 0;
      server.faults.push({ match: (rq) => rq.method === 'GET' && ++n === 3, action: { kind: 'replace', data: v2 } });
      const r = await fetchOne(item, { ...opts, concurrency: 1 });
      assert.equal(r.status, 'ERROR');
      assert.equal(r.errorCode, 'changed');
      assert.match(r.error ?? '', /changed on the server/);
      assert.deepEqual(await listFiles(dest), [], 'neither final nor .part files remain');
      // Every GET is pinned, except over plain HTTP the first one: it is what tells the ETag (no HEAD before it).
      const pinned = server.gets('/bkt/dir/obj.bin').slice(engine.name === 'http' ? 1 : 0);
      assert.ok(pinned.length >= 2 && pinned.every((g) => g.headers['if-match'] !== undefined));
      // The next run fetches the new version whole.
      const again = await fetchOne(item, opts);
      assert.equal(again.status, 'COMPLETE');
      assert.deepEqual(await bytesAt(again.path), v2);
    });

    it('retries are bounded: a server that keeps failing gives ERROR and no final file', async (t) => {
      const { server, dest, item, opts } = await setup(t, 10 * KiB);
      server.faults.push({ action: { kind: 'status', status: 500 }, times: 100 });
      const r = await fetchOne(item, opts);
      assert.equal(r.status, 'ERROR');
      assert.equal(r.errorCode, 'network');
      assert.match(r.error ?? '', /HTTP 500/);
      assert.ok(!(await listFiles(dest)).some((f) => !f.endsWith('.part') && !f.endsWith('.part.json')));
    });

    it('cancel leaves no file at the final path, and the next run resumes to a byte-identical file', async (t) => {
      const { server, data, dest, item, opts } = await setup(t, 600 * KiB);
      const ac = new AbortController();
      // Part 2 stalls until cancelled; parts 1 and 3.. complete first.
      server.faults.push({
        match: (rq) => rq.method === 'GET' && String(rq.headers.range).startsWith(`bytes=${64 * KiB}-`),
        action: { kind: 'status', status: 503 },
        times: 100,
      });
      const r = await fetchOne(item, {
        ...opts,
        retry: { maxAttempts: 100_000, baseDelayMs: 2, maxDelayMs: 5 },
        signal: ac.signal,
        onProgress: (e) => {
          if (e.bytesDone >= 128 * KiB) ac.abort();
        },
      });
      assert.equal(r.status, 'ERROR');
      assert.equal(r.errorCode, 'cancelled');
      const files = await listFiles(dest);
      assert.ok(
        files.every((f) => f.endsWith('.part') || f.endsWith('.part.json')),
        files.join(','),
      );
      assert.ok(files.some((f) => f.endsWith('.part.json')));
      server.faults.length = 0;
      const before = server.gets('/bkt/dir/obj.bin').length;
      const again = await fetchOne(item, opts);
      assert.equal(again.status, 'COMPLETE', again.error ?? '');
      assert.equal(again.resumed, true);
      assert.deepEqual(await bytesAt(again.path), data);
      assert.ok(server.gets('/bkt/dir/obj.bin').length - before < 10, 'completed parts are not fetched again');
    });

    it('a changed object of the same size is fetched again (its recorded ETag differs); an unrecorded file is kept', async (t) => {
      const { server, dest, item, opts } = await setup(t, 10 * KiB);
      assert.equal((await fetchOne(item, opts)).status, 'COMPLETE');
      const index = JSON.parse(await readFile(join(dest, '.cdr-downloads.json'), 'utf8')) as {
        files: Record<string, { etag: string }>;
      };
      assert.deepEqual(
        Object.values(index.files).map((f) => f.etag),
        [server.objects.get('/bkt/dir/obj.bin')?.etag],
      );
      const v2 = payload(10 * KiB);
      server.put('/bkt/dir/obj.bin', v2);
      const r = await fetchOne(item, opts);
      assert.equal(r.status, 'COMPLETE');
      assert.deepEqual(await bytesAt(r.path), v2);
      // A file someone put there (no recorded ETag) is trusted by size, as astroquery does.
      await rm(join(dest, '.cdr-downloads.json'));
      server.put('/bkt/dir/obj.bin', payload(10 * KiB));
      assert.equal((await fetchOne(item, opts)).status, 'SKIPPED');
    });

    it('a present file of the same size is SKIPPED; --force downloads it again', async (t) => {
      const { server, item, opts } = await setup(t, 10 * KiB);
      const first = await fetchOne(item, opts);
      assert.equal(first.status, 'COMPLETE');
      const gets = server.gets('/bkt/dir/obj.bin').length;
      const second = await fetchOne(item, opts);
      assert.equal(second.status, 'SKIPPED');
      assert.equal(server.gets('/bkt/dir/obj.bin').length, gets);
      const forced = await fetchOne(item, { ...opts, force: true });
      assert.equal(forced.status, 'COMPLETE');
      assert.equal(server.gets('/bkt/dir/obj.bin').length, gets + 1);
    });

    it('verifies the MD5 ETag of a single-part object and rejects a corrupted one', async (t) => {
      const { server, dest, item, opts } = await setup(t, 100 * KiB);
      const r = await fetchOne(item, opts);
      assert.ok(r.verified.includes('md5-etag'), r.verified.join(','));
      assert.ok(r.sha256 && /^[0-9a-f]{64}$/.test(r.sha256));
      const obj = server.objects.get('/bkt/dir/obj.bin');
      if (obj) obj.etag = '"00000000000000000000000000000000"';
      const bad = await fetchOne(item, { ...opts, force: true });
      assert.equal(bad.status, 'ERROR');
      assert.match(bad.error ?? '', /MD5 is [0-9a-f]+, the ETag says 0+/);
      assert.ok(existsSync(r.path ?? ''), 'the earlier good file is untouched');
      assert.deepEqual(
        (await listFiles(dest)).filter((f) => f.includes('.part')),
        [],
      );
    });
  });
}
