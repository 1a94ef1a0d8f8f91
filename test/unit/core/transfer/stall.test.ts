import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { KiB, bytesAt, fetchAll, payload, tempDir } from './helpers';

// earthaccess #1128: a bulk download hung forever on its last file (no timeout). Here a server sends the last file's
// headers and half its body, then goes silent with the connection open; the batch must still end, every file whole.
describe('a server that goes silent mid-body', () => {
  // The bound makes a hang a failure instead of a stuck run; it is far above what the batch needs.
  const hangBound = { timeout: 60_000 };
  it(
    'the last file of a batch is timed out, resumed from where it stopped, and the batch completes',
    hangBound,
    async (t) => {
      const files = new Map<string, Buffer>();
      for (let i = 0; i < 8; i++) files.set(`/granules/g${i}.nc`, payload(40 * KiB + i));
      const last = '/granules/g7.nc';
      let stalled = 0;
      const ranges: string[] = [];
      const server = createServer((req, res: ServerResponse) => {
        const data = files.get(req.url ?? '');
        if (!data) return void res.writeHead(404).end();
        const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
        const start = range ? Number(range[1]) : 0;
        const end = Math.min(range && range[2] ? Number(range[2]) : data.length - 1, data.length - 1);
        if (req.url === last) ranges.push(String(req.headers.range ?? 'none'));
        const body = data.subarray(start, end + 1);
        res.writeHead(range ? 206 : 200, {
          'content-length': String(body.length),
          'accept-ranges': 'bytes',
          etag: '"v1"',
          ...(range ? { 'content-range': `bytes ${start}-${end}/${data.length}` } : {}),
        });
        if (req.method === 'HEAD') return void res.end();
        if (req.url === last && stalled === 0) {
          stalled++;
          // Half the body, then silence: the socket stays open and nothing more comes.
          res.write(body.subarray(0, Math.floor(body.length / 2)));
          return;
        }
        res.end(body);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      t.after(() => {
        server.closeAllConnections();
        server.close();
      });
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const dest = await tempDir(t);
      const items = [...files.keys()].map((p) => ({
        uri: `${origin}${p}`,
        via: 'http' as const,
        httpUrl: `${origin}${p}`,
      }));

      const results = await fetchAll(items, { destDir: dest, idleTimeoutMs: 300, concurrency: 2 });

      assert.equal(stalled, 1, 'the last file was never stalled');
      assert.deepEqual(
        results.map((r) => r.status),
        items.map(() => 'COMPLETE'),
        results.map((r) => r.error).join('; '),
      );
      for (const r of results) assert.deepEqual(await bytesAt(r.path), files.get(new URL(r.uri).pathname));
      // The retry asked only for what was missing, not the whole file again.
      assert.ok(
        ranges.slice(1).some((h) => /^bytes=[1-9]\d*-/.test(h)),
        `no resume request after the stall: ${ranges.join(', ')}`,
      );
    },
  );
});
