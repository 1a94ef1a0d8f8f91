import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FaultServer } from '../../../support/faultServer';
import { KiB, bytesAt, fetchOne, listFiles, payload, tempDir } from './helpers';

const root = join(__dirname, '../../../..');
const child = join(root, 'test/support/downloadChild.ts');
const guard = join(root, 'test/support/network-guard.cjs');

function childArgs(spec: unknown): string[] {
  return ['--import', 'tsx', '--require', guard, child, JSON.stringify(spec)];
}

describe('the process dies or the disk says no', () => {
  it('a process killed mid-download resumes from the sidecar on the next run (byte-identical, no refetch)', async (t) => {
    const server = await new FaultServer({ bytesPerSecond: 256 * KiB }).start();
    t.after(() => server.stop());
    const data = payload(1024 * KiB);
    server.put('/bkt/big.bin', data);
    const dest = await tempDir(t);
    const item = { uri: 's3://bkt/big.bin', via: 's3', bucket: 'bkt', key: 'big.bin' };
    const options = { destDir: dest, env: { AWS_ENDPOINT_URL_S3: server.origin }, partSize: 64 * KiB, concurrency: 2 };
    const proc = spawn(process.execPath, childArgs({ items: [item], options }), { cwd: root, stdio: 'ignore' });
    const sidecar = join(dest, 'bkt', 'big.bin.part.json');
    let done: Array<[number, number]> = [];
    for (let i = 0; i < 200 && done.reduce((n, [s, e]) => n + e - s, 0) < 192 * KiB; i++) {
      await new Promise((r) => setTimeout(r, 50));
      done = existsSync(sidecar)
        ? ((
            JSON.parse(await readFile(sidecar, 'utf8').catch(() => '{"done":[]}')) as { done?: Array<[number, number]> }
          ).done ?? [])
        : [];
    }
    proc.kill('SIGKILL');
    await new Promise((r) => proc.once('exit', r));
    assert.ok(done.length > 0, 'the child recorded finished parts before it was killed');
    assert.ok(!existsSync(join(dest, 'bkt', 'big.bin')), 'no final file after the kill');
    const recorded = JSON.parse(await readFile(sidecar, 'utf8')) as { done: Array<[number, number]>; etag: string };
    assert.equal(recorded.etag, server.objects.get('/bkt/big.bin')?.etag);

    server.bytesPerSecond = undefined;
    const before = server.requests.length;
    const r = await fetchOne(item as never, options);
    assert.equal(r.status, 'COMPLETE', r.error ?? '');
    assert.equal(r.resumed, true);
    assert.deepEqual(await bytesAt(r.path), data);
    // The resumed run asked only for ranges the sidecar did not list as done.
    for (const q of server.requests.slice(before).filter((x) => x.method === 'GET')) {
      const [s] = /bytes=(\d+)-(\d+)/.exec(String(q.headers.range))?.slice(1).map(Number) ?? [NaN];
      assert.ok(!recorded.done.some(([a, b]) => s >= a && s < b), `refetched ${q.headers.range}`);
    }
    assert.deepEqual(await listFiles(dest), ['bkt/big.bin']);
  });

  it('a resume is refused when the object changed meanwhile (new ETag): it starts over', async (t) => {
    const server = await new FaultServer().start();
    t.after(() => server.stop());
    const v1 = payload(300 * KiB);
    server.put('/bkt/f', v1);
    const dest = await tempDir(t);
    const item = { uri: 's3://bkt/f', via: 's3' as const, bucket: 'bkt', key: 'f' };
    const env = { AWS_ENDPOINT_URL_S3: server.origin };
    const ac = new AbortController();
    server.faults.push({
      match: (q) => String(q.headers.range).startsWith(`bytes=${128 * KiB}-`),
      action: { kind: 'status', status: 503 },
      times: 1000,
    });
    const first = await fetchOne(item, {
      destDir: dest,
      env,
      signal: ac.signal,
      retry: { maxAttempts: 100_000, baseDelayMs: 2, maxDelayMs: 5 },
      onProgress: (e) => e.bytesDone >= 64 * KiB && ac.abort(),
    });
    assert.equal(first.errorCode, 'cancelled');
    server.faults.length = 0;
    const v2 = payload(300 * KiB);
    server.put('/bkt/f', v2);
    const r = await fetchOne(item, { destDir: dest, env });
    assert.equal(r.status, 'COMPLETE');
    assert.equal(r.resumed, false);
    assert.deepEqual(await bytesAt(r.path), v2);
  });

  it('a file-size limit (ulimit -f, EFBIG) gives a clear error naming the file and leaves no final file', async (t) => {
    const server = await new FaultServer().start();
    t.after(() => server.stop());
    server.put('/bkt/huge.bin', payload(1024 * KiB));
    server.put('/bkt/tiny.bin', payload(4 * KiB));
    const dest = await tempDir(t);
    const items = ['huge.bin', 'tiny.bin'].map((key) => ({ uri: `s3://bkt/${key}`, via: 's3', bucket: 'bkt', key }));
    const spec = { items, options: { destDir: dest, env: { AWS_ENDPOINT_URL_S3: server.origin }, partSize: 64 * KiB } };
    const quoted = childArgs(spec)
      .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
      .join(' ');
    // Run async: the server lives in this process and must keep answering.
    const proc = spawn('bash', ['-c', `ulimit -f 256; exec '${process.execPath}' ${quoted}`], { cwd: root });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((r) => proc.once('exit', r));
    assert.equal(code, 0, 'Node ignores SIGXFSZ, so the limit arrives as EFBIG instead of killing the process');
    const outcome = JSON.parse(out) as { results: Array<{ status: string; errorCode: string; error: string }> };
    assert.equal(outcome.results[0].status, 'ERROR');
    assert.equal(outcome.results[0].errorCode, 'file-too-large');
    assert.equal(
      outcome.results[0].error,
      `File too large for this system or your file-size limit (ulimit -f) writing ${join(dest, 'bkt', 'huge.bin')}`,
    );
    assert.equal(outcome.results[1].status, 'COMPLETE');
    assert.deepEqual(await listFiles(dest), ['bkt/tiny.bin']);
  });

  it('ENOSPC is reported as disk full naming the file (a tiny tmpfs when this user may mount one)', async (t) => {
    const mnt = join(await tempDir(t), 'mnt');
    await mkdir(mnt);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mnt]).status !== 0) {
      t.skip('cannot mount a tmpfs here (not root)');
      return;
    }
    const server = await new FaultServer().start();
    try {
      server.put('/bkt/big.bin', payload(1024 * KiB));
      const r = await fetchOne(
        { uri: 's3://bkt/big.bin', via: 's3', bucket: 'bkt', key: 'big.bin' },
        { destDir: mnt, env: { AWS_ENDPOINT_URL_S3: server.origin } },
      );
      assert.equal(r.status, 'ERROR');
      assert.equal(r.errorCode, 'disk-full');
      assert.equal(r.error, `No space left on the device writing ${join(mnt, 'bkt', 'big.bin')}`);
      assert.deepEqual(await listFiles(mnt), [], 'the partial file is removed to give the space back');
    } finally {
      await server.stop();
      // Unmounted here, not in an after hook: the temp folder's removal must come after it.
      spawnSync('umount', [mnt]);
    }
  });
});
