import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import { FaultServer } from '../../../support/faultServer';
import { KiB, payload, tempDir } from '../../core/transfer/helpers';
import { runCdr as cdr } from '../../../support/runCdr';

describe('cdr get', () => {
  it('downloads s3:// and http URLs, prints JSON per file, writes a CSV manifest, exits 1 when one fails', async (t) => {
    const server = await new FaultServer().start();
    t.after(() => server.stop());
    const a = payload(300 * KiB);
    const b = payload(10 * KiB);
    server.put('/bkt/dir/a.fits', a);
    server.put('/web/b.fits', b);
    const dir = await tempDir(t);
    const env = { AWS_ENDPOINT_URL_S3: server.origin, HOME: dir };
    // Off cloud the tree would choose HTTPS for a bucket; --via s3 makes this an S3 download (the route says forced).
    const viaS3 = await cdr(
      ['get', 's3://bkt/dir/a.fits', '--via', 's3', '-o', join(dir, 'out'), '--json', '--part-size', '64K'],
      env,
    );
    assert.equal(viaS3.status, 0, viaS3.stderr);
    const [s3] = JSON.parse(viaS3.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual([s3.status, s3.via], ['COMPLETE', 's3']);
    assert.equal(s3.path, join(dir, 'out', 'bkt', 'dir', 'a.fits'));
    assert.equal(s3.sha256, createHash('sha256').update(a).digest('hex'));
    assert.equal(s3.etag, server.objects.get('/bkt/dir/a.fits')?.etag);
    assert.deepEqual(await readFile(join(dir, 'out', 'bkt', 'dir', 'a.fits')), a);
    assert.ok(server.requests.some((q) => q.method === 'GET' && q.path === '/bkt/dir/a.fits'));

    const r = await cdr(
      [
        'get',
        server.url('/web/b.fits'),
        server.url('/web/missing.fits'),
        '-o',
        join(dir, 'out'),
        '--json',
        '--manifest',
        join(dir, 'm.csv'),
      ],
      env,
    );
    assert.equal(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(
      out.map((e) => [e.status, e.via]),
      [
        ['COMPLETE', 'http'],
        ['ERROR', 'http'],
      ],
    );
    assert.deepEqual(await readFile(String(out[0].path)), b);
    assert.match(String(out[1].error), /missing\.fits: HTTP 404/);
    const csv = await readFile(join(dir, 'm.csv'), 'utf8');
    assert.match(csv.split('\n')[0], /^Local Path,Status,Message,URL/);
    assert.equal(csv.trim().split('\n').length, 3);
    // The S3 bytes were counted in the ledger under $HOME/.local/state.
    assert.match(await readFile(join(dir, '.local/state/cloud-data-router/download-ledger.json'), 'utf8'), /307200/);

    const again = await cdr(['get', 's3://bkt/dir/a.fits', '--via', 's3', '-o', join(dir, 'out')], env);
    assert.equal(again.status, 0);
    assert.match(again.stdout, /^SKIPPED .*a\.fits/);
  });

  it('refuses a batch over --max-bytes before downloading (exit 1), and bad input exits 2', async (t) => {
    const server = await new FaultServer().start();
    t.after(() => server.stop());
    server.put('/bkt/a', payload(300 * KiB));
    const dir = await tempDir(t);
    const env = { AWS_ENDPOINT_URL_S3: server.origin, HOME: dir };
    const r = await cdr(['get', 's3://bkt/a', '--via', 's3', '-o', dir, '--max-bytes', '100K'], env);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /refusing to start: this batch needs 307200 bytes over S3.*Pass --max-bytes 307200/);
    assert.equal(server.requests.filter((q) => q.method === 'GET').length, 0);
    assert.equal((await cdr(['get', 'ftp://x/y'], env)).status, 2);
    assert.equal((await cdr(['get', 's3://bkt/a', '--via', 'carrier-pigeon'], env)).status, 2);
    assert.equal((await cdr(['get', 's3://bkt/a', '--max-bytes', 'lots'], env)).status, 2);
  });

  it('sends a bearer token from CDR_BEARER_TOKENS to its own origin only, and says to sign in without it', async (t) => {
    const server = await new FaultServer({ requireAuth: { '/private/p.fits': 'Bearer s3cr3t-token' } }).start();
    t.after(() => server.stop());
    const body = payload(20 * KiB);
    server.put('/private/p.fits', body);
    const dir = await tempDir(t);
    const env = { HOME: dir };
    const without = await cdr(['get', server.url('/private/p.fits'), '-o', dir, '--json'], env);
    assert.equal(without.status, 1);
    const [denied] = JSON.parse(without.stdout) as Array<Record<string, unknown>>;
    assert.equal(denied.errorCode, 'login-required');
    const withToken = await cdr(['get', server.url('/private/p.fits'), '-o', dir, '--json'], {
      ...env,
      CDR_BEARER_TOKENS: `${server.origin}=s3cr3t-token`,
    });
    assert.equal(withToken.status, 0, withToken.stderr);
    const [ok] = JSON.parse(withToken.stdout) as Array<Record<string, unknown>>;
    assert.deepEqual(await readFile(String(ok.path)), body);
    assert.ok(
      !withToken.stderr.includes('s3cr3t-token') && !withToken.stdout.includes('s3cr3t-token'),
      'the token was printed',
    );
  });
});
