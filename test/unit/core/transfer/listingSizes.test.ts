import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCountingProxy, type CountingProxy } from '../../../support/countingProxy';
import { FaultServer } from '../../../support/faultServer';
import { startS3rver, type S3rverHarness } from '../../../support/s3rverHarness';
import {
  LIST_MIN_MATCHES_PER_PAGE,
  compareKeys,
  keepListing,
  listingGroups,
} from '../../../../src/core/transfer/listingGroups';
import type { DownloadItem } from '../../../../src/core/transfer/index';
import { KiB, bytesAt, fetchAll, payload, tempDir } from './helpers';

const named = (bucket: string, key: string, extra: Partial<DownloadItem> = {}): DownloadItem => ({
  uri: `s3://${bucket}/${key}`,
  via: 's3',
  bucket,
  key,
  region: 'us-east-1',
  ...extra,
});

describe('listingGroups (which named objects a listing sizes)', () => {
  const keys = (n: number, folder = 'obs/') =>
    Array.from({ length: n }, (_, i) => `${folder}f${String(i).padStart(4, '0')}.fits`);

  it('groups by bucket, region, requester-pays and folder, and leaves small groups to HEADs', () => {
    const items = [
      ...keys(120).map((k) => named('b', k)),
      ...keys(120, 'obs/sub/').map((k) => named('b', k)),
      ...keys(5, 'few/').map((k) => named('b', k)),
      ...keys(120).map((k) => named('b', k, { region: 'us-west-2' })),
    ];
    const groups = listingGroups(items, 'us-east-1', 100);
    assert.deepEqual(
      groups.map((g) => [g.region, g.prefix, g.keys.size]),
      [
        ['us-east-1', 'obs/f0', 120],
        ['us-east-1', 'obs/sub/f0', 120],
        ['us-west-2', 'obs/f0', 120],
      ],
    );
    assert.equal(groups[0].startAfter, 'obs/f0000.fit', 'starts just below the first named key');
    assert.equal(groups[0].lastKey, 'obs/f0119.fits');
  });

  it('never lists for items a listing or a catalog already sized, provider-scoped keys, or HTTP items', () => {
    const items = keys(150).map((k, i) =>
      i % 3 === 0
        ? named('b', k, { listed: { size: 1, etag: null, lastModified: null } })
        : i % 3 === 1
          ? named('b', k, { credentialScope: 'https://daac.example/s3credentials' })
          : { uri: k, via: 'http' as const, httpUrl: `https://x/${k}` },
    );
    assert.deepEqual(listingGroups(items, 'us-east-1', 10), []);
  });

  it('orders keys as S3 does (UTF-8 bytes), not by UTF-16 code units', () => {
    // U+FF5E (3 UTF-8 bytes, EF BD 9E) sorts before U+1F600 (F0 9F 98 80) in UTF-8, after it in UTF-16 (D83D …).
    assert.ok(compareKeys('a\uFF5E', 'a\u{1F600}') < 0);
    assert.ok('a\uFF5E' > 'a\u{1F600}');
  });

  it('stops listing when a page no longer pays, when it passed the last key, or when nothing is left', () => {
    const base = { truncated: true, matched: 900, remaining: 100, lastListedKey: 'a/500', lastKey: 'a/900' };
    assert.equal(keepListing(base), true);
    assert.equal(keepListing({ ...base, truncated: false }), false);
    assert.equal(keepListing({ ...base, remaining: 0 }), false);
    assert.equal(keepListing({ ...base, matched: LIST_MIN_MATCHES_PER_PAGE - 1 }), false);
    assert.equal(keepListing({ ...base, lastListedKey: 'a/900' }), false);
  });
});

describe('many objects named one by one are sized by listing, not by a HEAD each', () => {
  let s3: S3rverHarness;
  let proxy: CountingProxy;
  const data = new Map<string, Buffer>();
  const wanted = Array.from({ length: 120 }, (_, i) => `run/obj${String(i).padStart(4, '0')}.bin`);
  before(async () => {
    s3 = await startS3rver(['pub']);
    // Objects before, between and after the named ones, and a subfolder: none of them may be downloaded.
    for (const key of [...wanted, 'run/aaa-first.bin', 'run/zzz-last.bin', 'run/sub/obj0001.bin']) {
      const body = payload(key.startsWith('run/obj') ? 3 * KiB + wanted.indexOf(key) : KiB);
      data.set(key, body);
      await s3.put('pub', key, body);
    }
    proxy = await startCountingProxy(s3.endpoint);
  });
  after(async () => {
    await proxy.close();
    await s3.stop();
  });

  for (const [name, extra] of [
    ['signed', { credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }],
    ['anonymous', {}],
  ] as const) {
    it(`${name}: one listing request, then GETs pinned to the listed ETags; byte-identical files`, async (t) => {
      proxy.requests.length = 0;
      const dest = await tempDir(t);
      const results = await fetchAll(
        wanted.map((k) => named('pub', k)),
        { destDir: dest, env: { AWS_ENDPOINT_URL_S3: proxy.url }, ...extra },
      );
      assert.deepEqual(
        results.filter((r) => r.status !== 'COMPLETE').map((r) => r.error),
        [],
      );
      for (const [i, r] of results.entries()) assert.deepEqual(await bytesAt(r.path), data.get(wanted[i]));
      const methods = proxy.requests.map((q) => `${q.method} ${q.url.includes('list-type=2') ? 'list' : 'object'}`);
      assert.equal(methods.filter((m) => m === 'HEAD object').length, 0, 'no HEAD');
      assert.equal(methods.filter((m) => m === 'GET list').length, 1, 'one listing page');
      assert.equal(methods.filter((m) => m === 'GET object').length, wanted.length, 'one GET per object');
      const list = proxy.requests.find((q) => q.url.includes('list-type=2'));
      assert.match(list?.url ?? '', /prefix=run%2Fobj0/);
      assert.match(list?.url ?? '', /start-after=run%2Fobj0000\.bi(&|$)/);
      assert.ok(
        proxy.requests
          .filter((q) => q.method === 'GET' && !q.url.includes('list-type'))
          .every((q) => q.headers['if-match']),
        'every GET is pinned to the ETag the listing gave',
      );
      assert.ok(
        results.every((r) => r.verified.includes('md5-etag')),
        'the listed MD5 ETags are checked',
      );
      if (name === 'signed')
        assert.ok(proxy.requests.every((q) => String(q.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256')));
    });
  }

  it('objects the listing did not show (missing ones) still get a HEAD, and a clear not-found', async (t) => {
    proxy.requests.length = 0;
    const dest = await tempDir(t);
    const keys = [...wanted, 'run/obj9999-gone.bin'];
    const results = await fetchAll(
      keys.map((k) => named('pub', k)),
      { destDir: dest, env: { AWS_ENDPOINT_URL_S3: proxy.url } },
    );
    assert.equal(results.filter((r) => r.status === 'COMPLETE').length, wanted.length);
    const gone = results[results.length - 1];
    assert.equal(gone.status, 'ERROR');
    assert.equal(gone.errorCode, 'not-found');
    assert.deepEqual(
      proxy.requests.filter((q) => q.method === 'HEAD').map((q) => q.url),
      ['/pub/run/obj9999-gone.bin'],
    );
  });
});

describe('a folder that cannot be listed', () => {
  it('falls back to one HEAD per object, and every file still arrives', async (t) => {
    // The fault server serves objects but has no listing (it answers 404, as a bucket without ListBucket may 403).
    const server = await new FaultServer().start();
    t.after(() => server.stop());
    const keys = Array.from({ length: 110 }, (_, i) => `d/k${String(i).padStart(3, '0')}.bin`);
    const bodies = keys.map(() => payload(2 * KiB));
    keys.forEach((k, i) => server.put(`/bkt/${k}`, bodies[i]));
    const dest = await tempDir(t);
    const results = await fetchAll(
      keys.map((k) => named('bkt', k)),
      {
        destDir: dest,
        env: { AWS_ENDPOINT_URL_S3: server.origin },
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      },
    );
    assert.ok(
      results.every((r) => r.status === 'COMPLETE'),
      results.map((r) => r.error).join(' '),
    );
    for (const [i, r] of results.entries()) assert.deepEqual(await bytesAt(r.path), bodies[i]);
    assert.equal(server.requests.filter((q) => q.method === 'HEAD').length, keys.length);
  });
});
