import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FaultServer } from '../../../support/faultServer';
import { COALESCE_BYTES, Coalescer } from '../../../../src/core/transfer/coalescer';
import { PartFile } from '../../../../src/core/transfer/partFile';
import { Semaphore } from '../../../../src/core/transfer/semaphore';
import { nextStreamLimit } from '../../../../src/core/transfer/streamLimit';
import { KiB, bytesAt, fetchAll, payload, tempDir } from './helpers';

const MiB = 1024 * KiB;

describe('stream slots for large bodies', () => {
  it('a large object streams at most `streams` parts at once though more request slots are free', async (t) => {
    const server = await new FaultServer().start();
    t.after(() => server.stop());
    const data = server.put('/bkt/big', payload(20 * MiB)).data;
    for (const streams of [4, 2]) {
      server.maxInFlight = 0;
      const dest = await tempDir(t);
      const [r] = await fetchAll([{ uri: 's3://bkt/big', via: 's3', bucket: 'bkt', key: 'big' }], {
        destDir: dest,
        env: { AWS_ENDPOINT_URL_S3: server.origin },
        partSize: 4 * MiB,
        concurrency: 4,
        streams,
      });
      assert.equal(r.status, 'COMPLETE');
      assert.deepEqual(await bytesAt(r.path), data);
      assert.equal(server.maxInFlight, streams, `streams ${streams}`);
    }
  });

  it('small files are not held back by the stream limit: every request slot is used', async (t) => {
    const server = await new FaultServer({ bytesPerSecond: 256 * KiB }).start();
    t.after(() => server.stop());
    const objs = [0, 1, 2, 3, 4, 5].map((i) => server.put(`/bkt/s${i}`, payload(32 * KiB)).data);
    const dest = await tempDir(t);
    const results = await fetchAll(
      objs.map((_, i) => ({ uri: `s3://bkt/s${i}`, via: 's3' as const, bucket: 'bkt', key: `s${i}` })),
      { destDir: dest, env: { AWS_ENDPOINT_URL_S3: server.origin }, concurrency: 4, streams: 1 },
    );
    for (let i = 0; i < objs.length; i++) assert.deepEqual(await bytesAt(results[i].path), objs[i]);
    assert.equal(server.maxInFlight, 4);
  });
});

describe('stream limit decision', () => {
  const base = { limit: 2, min: 2, max: 8, waiting: 3 };
  it('adds a stream while the thread mostly waits and bodies are queued, up to the request limit', () => {
    assert.equal(nextStreamLimit({ ...base, busy: 0.2 }), 3);
    assert.equal(nextStreamLimit({ ...base, limit: 8, busy: 0.2 }), 8);
    assert.equal(nextStreamLimit({ ...base, waiting: 0, busy: 0.2 }), 2);
  });
  it('gives one back when the thread is the bottleneck, never below the floor', () => {
    assert.equal(nextStreamLimit({ ...base, limit: 5, busy: 0.97 }), 4);
    assert.equal(nextStreamLimit({ ...base, busy: 0.97 }), 2);
    assert.equal(nextStreamLimit({ ...base, limit: 5, busy: 0.7 }), 5);
  });
});

describe('Semaphore.resize', () => {
  it('a raise lets waiters in at once; a cut takes effect as holders release', async () => {
    const s = new Semaphore(1);
    const r1 = await s.acquire();
    let got2 = false;
    const p2 = s.acquire().then((r) => ((got2 = true), r));
    await new Promise((r) => setImmediate(r));
    assert.equal(got2, false);
    s.resize(2);
    const r2 = await p2;
    assert.equal(s.busy, 2);
    s.resize(1);
    let got3 = false;
    const p3 = s.acquire().then((r) => ((got3 = true), r));
    r1(); // over the new limit: this slot is not handed on
    await new Promise((r) => setImmediate(r));
    assert.equal(got3, false);
    r2();
    (await p3)();
    assert.equal(got3, true);
    assert.equal(s.busy, 0);
  });
});

describe('Coalescer', () => {
  it('gathers chunks into full writes at the right offsets and advances the cursor only for bytes on disk', async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'f.part');
    const pf = await PartFile.open(path, true);
    const data = payload(COALESCE_BYTES * 2 + 5000);
    const cursor = { pos: 0 };
    let reported = 0;
    const c = new Coalescer(pf, cursor, (n) => (reported += n));
    for (let off = 0; off < data.length; off += 16_000) c.push(data.subarray(off, Math.min(data.length, off + 16_000)));
    assert.equal(cursor.pos, COALESCE_BYTES * 2);
    assert.equal(c.pending, 5000);
    c.flush();
    c.release();
    await pf.close();
    assert.equal(cursor.pos, data.length);
    assert.equal(reported, data.length);
    assert.deepEqual(await readFile(path), data);
  });
});
