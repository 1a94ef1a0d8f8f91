import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { KiB, bytesAt, fetchAll, fetchOne, payload, tempDir } from './helpers';

// The plain-http fast path (fastHttp.ts) against a bare node:http server: framing it must hand back to node:http,
// connection reuse, bodies larger than its ring, and a stalled disk-side reader (the socket must pause, not buffer).

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function serve(t: { after(fn: () => Promise<void> | void): void }, handler: Handler): Promise<{ url(p: string): string; connections: () => number; gets: string[] }> {
  let connections = 0;
  const gets: string[] = [];
  const server = http.createServer((req, res) => {
    if (req.method === 'GET') gets.push(String(req.headers.range ?? ''));
    handler(req, res);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return { url: (p) => `http://127.0.0.1:${port}${p}`, connections: () => connections, gets };
}

/** Serves `data` with ranges; `chunked` leaves Content-Length out of GET answers (Transfer-Encoding: chunked). */
function rangeHandler(data: Buffer, opts: { chunked?: boolean; connectionClose?: boolean } = {}): Handler {
  return (req, res) => {
    const m = /^bytes=(\d+)-(\d+)$/.exec(String(req.headers.range ?? ''));
    const [start, end] = m ? [Number(m[1]), Math.min(Number(m[2]), data.length - 1)] : [0, data.length - 1];
    const headers: Record<string, string | number> = { etag: '"v1"', 'accept-ranges': 'bytes' };
    if (m) headers['content-range'] = `bytes ${start}-${end}/${data.length}`;
    if (opts.connectionClose) headers.connection = 'close';
    if (req.method === 'HEAD' || !opts.chunked) headers['content-length'] = req.method === 'HEAD' ? data.length : end - start + 1;
    res.writeHead(m ? 206 : 200, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const body = data.subarray(start, end + 1);
    if (opts.chunked) {
      for (let at = 0; at < body.length; at += 10 * KiB) res.write(body.subarray(at, at + 10 * KiB));
      res.end();
    } else {
      res.end(body);
    }
  };
}

describe('plain-http fast path', () => {
  it('a chunked answer (no Content-Length) is handed back to node:http and arrives byte-identical', async (t) => {
    const data = payload(300 * KiB);
    const s = await serve(t, rangeHandler(data, { chunked: true }));
    const r = await fetchOne({ uri: s.url('/c.bin'), via: 'http', httpUrl: s.url('/c.bin') }, { destDir: await tempDir(t) });
    assert.equal(r.status, 'COMPLETE', r.error ?? '');
    assert.deepEqual(await bytesAt(r.path), data);
  });

  it('reuses keep-alive connections across parts and files', async (t) => {
    const data = payload(640 * KiB);
    const s = await serve(t, rangeHandler(data));
    const items = ['/a', '/b', '/c'].map((p) => ({ uri: s.url(p), via: 'http' as const, httpUrl: s.url(p) }));
    const rs = await fetchAll(items, { destDir: await tempDir(t), concurrency: 1 });
    for (const r of rs) {
      assert.equal(r.status, 'COMPLETE', r.error ?? '');
      assert.deepEqual(await bytesAt(r.path), data);
    }
    // 3 HEADs (node:http) and 30 ranged GETs (fast path), one at a time: two pools, a connection or two each.
    assert.equal(s.gets.length, 30);
    assert.ok(s.connections() <= 4, `${s.connections()} connections`);
  });

  it('Connection: close answers are not reused, and every part still arrives', async (t) => {
    const data = payload(300 * KiB);
    const s = await serve(t, rangeHandler(data, { connectionClose: true }));
    const r = await fetchOne({ uri: s.url('/x'), via: 'http', httpUrl: s.url('/x') }, { destDir: await tempDir(t), concurrency: 2 });
    assert.equal(r.status, 'COMPLETE', r.error ?? '');
    assert.deepEqual(await bytesAt(r.path), data);
  });

  it('a body several times its ring buffer (wrap-around, pause and resume) is byte-identical', async (t) => {
    const data = payload(9 * 1024 * KiB);
    const s = await serve(t, rangeHandler(data));
    const r = await fetchOne({ uri: s.url('/big'), via: 'http', httpUrl: s.url('/big') }, { destDir: await tempDir(t), partSize: 16 * 1024 * KiB, concurrency: 1 });
    assert.equal(r.status, 'COMPLETE', r.error ?? '');
    assert.equal(s.gets.length, 1);
    assert.deepEqual(await bytesAt(r.path), data);
  });

  it('more bytes than the range asked for is refused before anything is written', async (t) => {
    const data = payload(200 * KiB);
    const s = await serve(t, (req, res) => {
      if (req.method === 'HEAD') return rangeHandler(data)(req, res);
      // Claims the asked range but sends (and declares) one byte more.
      const m = /^bytes=(\d+)-(\d+)$/.exec(String(req.headers.range ?? '')) as RegExpExecArray;
      const [start, end] = [Number(m[1]), Number(m[2])];
      res.writeHead(206, { 'content-range': `bytes ${start}-${end}/${data.length}`, 'content-length': end - start + 2, etag: '"v1"' });
      res.end(Buffer.concat([data.subarray(start, end + 1), Buffer.from('!')]));
    });
    const dest = await tempDir(t);
    const r = await fetchOne({ uri: s.url('/m'), via: 'http', httpUrl: s.url('/m') }, { destDir: dest });
    assert.equal(r.status, 'ERROR');
    assert.match(r.error ?? '', /more bytes than asked for/);
  });
});
