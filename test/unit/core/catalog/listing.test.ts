import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServer } from 'node:net';
import { createBucketLister, type BucketLister } from '../../../../src/core/catalog/listing';
import { startCountingProxy, startDenyingS3, type CountingProxy } from '../../../support/countingProxy';
import { startS3rverProcess, type S3rverProcess } from '../../../support/s3rverHarness';

const ODD = ['a/b/x y.fits', 'a/b/p+q.fits', 'a/b/100%.fits', 'a/b/ünïcødé.fits', 'a/b/sub/deep.fits'];
const BIG = 2600;
const bigKey = (i: number) => `big/d${i % 4}/f${String(i).padStart(5, '0')}.fits`;

async function all(it: AsyncIterable<{ key: string }>): Promise<string[]> {
  const out: string[] = [];
  for await (const o of it) out.push(o.key);
  return out;
}

describe('bucket listing against s3rver (ListObjectsV2, several pages)', () => {
  let s3: S3rverProcess;
  let proxy: CountingProxy;
  let lister: BucketLister;
  const opts = { region: 'us-east-1' };

  before(async () => {
    s3 = await startS3rverProcess(['bkt']);
    for (const k of ODD) await s3.lay('bkt', k, Buffer.from(k));
    await s3.lay('bkt', 'a/b/', Buffer.alloc(0));
    await s3.lay('bkt', 'a/b/sub/', Buffer.alloc(0));
    await s3.lay('bkt', 'a/bx/sibling.fits', Buffer.from('sibling'));
    for (let i = 0; i < BIG; i++) await s3.lay('bkt', bigKey(i), Buffer.from(`f${i}`));
    proxy = await startCountingProxy(s3.endpoint);
    lister = await createBucketLister({ env: { AWS_ENDPOINT_URL_S3: proxy.url } });
  });
  after(async () => {
    lister.destroy();
    await proxy.close();
    await s3.stop();
  });

  it('listAll pages through every key under a prefix with the paginator (1000 per page)', async () => {
    const before = proxy.requests.length;
    const keys = await all(lister.listAll('bkt', 'big/', opts));
    assert.equal(keys.length, BIG);
    assert.equal(new Set(keys).size, BIG);
    assert.deepEqual(new Set(keys), new Set(Array.from({ length: BIG }, (_, i) => bigKey(i))));
    const lists = proxy.requests.slice(before).filter((r) => r.url.includes('list-type=2'));
    assert.equal(lists.length, 3);
    assert.ok(lists.slice(1).every((r) => r.url.includes('continuation-token=')));
  });

  it('keys with spaces, +, % and non-ASCII come through intact, with sizes and ETags; folder markers are not objects', async () => {
    const got: { key: string; size: number; etag: string | null }[] = [];
    for await (const o of lister.listAll('bkt', 'a/b/', opts)) got.push(o);
    assert.deepEqual(got.map((o) => o.key).sort(), [...ODD].sort());
    for (const o of got) {
      assert.equal(o.size, Buffer.byteLength(o.key));
      assert.match(o.etag ?? '', /^"[0-9a-f]{32}"$/);
    }
  });

  it('a/b/ does not include the sibling a/bx/', async () => {
    const keys = await all(lister.listAll('bkt', 'a/b/', opts));
    assert.ok(!keys.some((k) => k.startsWith('a/bx/')));
    assert.ok((await all(lister.listAll('bkt', 'a/', opts))).includes('a/bx/sibling.fits'));
  });

  it('listLevel gives one level: objects and sub-prefixes, paged by maxKeys with a token', async () => {
    const level = await lister.listLevel('bkt', 'a/b/', opts);
    assert.deepEqual(level.prefixes, [{ bucket: 'bkt', prefix: 'a/b/sub/' }]);
    assert.deepEqual(level.objects.map((o) => o.key).sort(), ODD.filter((k) => !k.includes('sub/')).sort());
    assert.equal(level.nextToken, null);
    // (At a level whose sub-folders hold no object directly, s3rver 3.7 reports no common prefix: it prunes its
    // directory walk one level below the prefix. `a/` works because a/b/ and a/bx/ hold objects themselves.)
    const a = await lister.listLevel('bkt', 'a/', opts);
    assert.deepEqual(
      a.prefixes.map((p) => p.prefix),
      ['a/b/', 'a/bx/'],
    );
    assert.deepEqual(a.objects, []);
    const first = await lister.listLevel('bkt', 'big/d0/', { ...opts, maxKeys: 400 });
    assert.equal(first.objects.length, 400);
    assert.ok(first.nextToken);
    const second = await lister.listLevel('bkt', 'big/d0/', {
      ...opts,
      maxKeys: 400,
      continuationToken: first.nextToken,
    });
    assert.equal(second.objects.length, BIG / 4 - 400);
    assert.equal(second.nextToken, null);
  });

  it('sends RequestPayer only when asked, and no Authorization when anonymous', async () => {
    const n = proxy.requests.length;
    await lister.listLevel('bkt', 'a/', { ...opts, requesterPays: true });
    await lister.listLevel('bkt', 'a/', opts);
    const [paid, plain] = proxy.requests.slice(n);
    assert.equal(paid!.headers['x-amz-request-payer'], 'requester');
    assert.equal(plain!.headers['x-amz-request-payer'], undefined);
    assert.equal(paid!.headers.authorization, undefined);
  });

  it('signs when given credentials', async () => {
    const signed = await createBucketLister({
      env: { AWS_ENDPOINT_URL_S3: proxy.url },
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    try {
      const n = proxy.requests.length;
      assert.equal((await signed.listLevel('bkt', 'a/b/', opts)).objects.length, 4);
      assert.match(String(proxy.requests[n]!.headers.authorization), /^AWS4-HMAC-SHA256 Credential=S3RVER\//);
      // listAll goes over the engine's own client and signer: the same signature, the same keys.
      assert.deepEqual(
        (await all(signed.listAll('bkt', 'a/b/', { ...opts, requesterPays: true }))).sort(),
        [...ODD].sort(),
      );
      const list = proxy.requests.slice(n + 1).filter((r) => r.url.includes('list-type=2'));
      assert.equal(list.length, 1);
      assert.match(
        String(list[0]!.headers.authorization),
        /^AWS4-HMAC-SHA256 Credential=S3RVER\/\d{8}\/us-east-1\/s3\//,
      );
      assert.equal(list[0]!.headers['x-amz-request-payer'], 'requester');
    } finally {
      signed.destroy();
    }
  });

  it('an unknown bucket is one BadInput line naming it', async () => {
    await assert.rejects(lister.listLevel('nope', 'x/', opts), {
      code: 'BadInput',
      message: 'Bucket nope does not exist (listing s3://nope/x/)',
    });
    await assert.rejects(all(lister.listAll('nope', '', opts)), {
      code: 'BadInput',
      message: /Bucket nope does not exist/,
    });
  });

  it('a denied listing and an unreachable endpoint are Lookup errors naming bucket and prefix', async () => {
    const deny = await startDenyingS3();
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const denied = await createBucketLister({ env: { AWS_ENDPOINT_URL_S3: deny.url } });
    const down = await createBucketLister({ env: { AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}` } });
    try {
      await assert.rejects(all(denied.listAll('private', 'p/', opts)), {
        code: 'Lookup',
        message: /^Listing s3:\/\/private\/p\/ was denied \(AccessDenied\)/,
      });
      await assert.rejects(down.listLevel('bkt', 'a/', opts), {
        code: 'Lookup',
        message: new RegExp(
          `^Cannot list s3://bkt/a/: http://127\\.0\\.0\\.1:${port} is unreachable \\(ECONNREFUSED\\)$`,
        ),
      });
    } finally {
      denied.destroy();
      down.destroy();
      await deny.close();
    }
  });
});
