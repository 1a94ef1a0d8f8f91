import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FaultServer } from '../../../support/faultServer';
import { startS3rver, type S3rverHarness } from '../../../support/s3rverHarness';
import { endpointFromEnv } from '../../../../src/core/transfer/index';
import { KiB, bytesAt, fetchAll, fetchOne, payload, tempDir } from './helpers';

describe('S3 against s3rver (a real S3 API server)', () => {
  let s3: S3rverHarness;
  const big = payload(700 * KiB);
  const small = payload(5 * KiB);
  before(async () => {
    s3 = await startS3rver(['pub']);
    await s3.put('pub', 'data/big.fits', big);
    await s3.put('pub', 'data/small.fits', small);
  });
  after(() => s3.stop());

  const items = () =>
    ['data/big.fits', 'data/small.fits'].map((key) => ({
      uri: `s3://pub/${key}`,
      via: 's3' as const,
      bucket: 'pub',
      key,
      region: 'us-east-1',
    }));

  for (const [name, extra] of [
    ['signed GetObject (SDK)', { credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } }],
    ['anonymous GetObject (SDK, no-auth scheme)', { anonymousS3Engine: 'sdk' as const }],
    ['anonymous plain ranged GETs', { anonymousS3Engine: 'http' as const }],
  ] as const) {
    it(`${name}: parallel ranges into bucket/key, byte-identical`, async (t) => {
      const dest = await tempDir(t);
      const results = await fetchAll(items(), { destDir: dest, env: { AWS_ENDPOINT_URL_S3: s3.endpoint }, ...extra });
      assert.deepEqual(
        results.map((r) => [r.status, r.error]),
        [
          ['COMPLETE', null],
          ['COMPLETE', null],
        ],
      );
      assert.equal(results[0].path, `${dest}/pub/data/big.fits`);
      assert.deepEqual(await bytesAt(results[0].path), big);
      assert.deepEqual(await bytesAt(results[1].path), small);
      assert.ok(results[1].verified.includes('md5-etag'), results[1].verified.join(','));
    });
  }

  it('AWS_ENDPOINT_URL is used when AWS_ENDPOINT_URL_S3 is absent; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is honoured', async (t) => {
    const dest = await tempDir(t);
    const ok = await fetchOne(items()[1], {
      destDir: dest,
      env: { AWS_ENDPOINT_URL: s3.endpoint },
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    assert.equal(ok.status, 'COMPLETE', ok.error ?? '');
    assert.equal(endpointFromEnv({ AWS_ENDPOINT_URL: 'http://a', AWS_ENDPOINT_URL_S3: 'http://b' }), 'http://b');
    assert.equal(
      endpointFromEnv({ AWS_ENDPOINT_URL: 'http://a', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }),
      undefined,
    );
    assert.equal(endpointFromEnv({}), undefined);
  });
});

describe('S3 request details (fault server records the headers)', () => {
  it('calls the credentials provider per request, so keys rotated mid-transfer are used', async (t) => {
    const server = await new FaultServer().start();
    t.after(() => server.stop());
    const data = payload(640 * KiB);
    server.put('/bkt/k', data);
    const dest = await tempDir(t);
    let calls = 0;
    const provider = async () => ({
      accessKeyId: `AKIAROTATE${String(++calls).padStart(10, '0')}`,
      secretAccessKey: 'secret',
    });
    const r = await fetchOne(
      { uri: 's3://bkt/k', via: 's3', bucket: 'bkt', key: 'k' },
      { destDir: dest, env: { AWS_ENDPOINT_URL_S3: server.origin }, credentials: provider, concurrency: 2 },
    );
    assert.equal(r.status, 'COMPLETE', r.error ?? '');
    assert.deepEqual(await bytesAt(r.path), data);
    const keyIdOf = (q: { headers: Record<string, unknown> }) =>
      /Credential=([A-Z0-9]+)\//.exec(String(q.headers.authorization))?.[1];
    const keyIds = new Set(server.requests.map(keyIdOf));
    assert.ok(!keyIds.has(undefined), 'every request is signed');
    // Concurrent requests may share one in-flight provider call; sequential ones never reuse an identity.
    assert.ok(
      keyIds.size >= Math.ceil(server.requests.length / 2),
      `${keyIds.size} identities for ${server.requests.length} requests`,
    );
    assert.notEqual(keyIdOf(server.requests[0]), keyIdOf(server.requests[server.requests.length - 1]));
    assert.ok(calls >= server.requests.length);
  });

  it('sends x-amz-request-payer only when the item asks for requester pays', async (t) => {
    const server = await new FaultServer().start();
    t.after(() => server.stop());
    server.put('/bkt/a', payload(KiB));
    server.put('/bkt/b', payload(KiB));
    const dest = await tempDir(t);
    const results = await fetchAll(
      [
        { uri: 's3://bkt/a', via: 's3', bucket: 'bkt', key: 'a', requesterPays: true },
        { uri: 's3://bkt/b', via: 's3', bucket: 'bkt', key: 'b' },
      ],
      {
        destDir: dest,
        env: { AWS_ENDPOINT_URL_S3: server.origin },
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 's' },
      },
    );
    assert.ok(results.every((r) => r.status === 'COMPLETE'));
    assert.ok(
      server.requests.filter((q) => q.path === '/bkt/a').every((q) => q.headers['x-amz-request-payer'] === 'requester'),
    );
    assert.ok(
      server.requests.filter((q) => q.path === '/bkt/b').every((q) => q.headers['x-amz-request-payer'] === undefined),
    );
  });

  it('403 from S3 is an access-denied error that says to sign in, and no file is written', async (t) => {
    const server = await new FaultServer().start();
    t.after(() => server.stop());
    server.put('/bkt/k', payload(KiB));
    server.faults.push({
      match: () => true,
      action: { kind: 'status', status: 403, body: '<Error><Code>AccessDenied</Code></Error>' },
      times: 10,
    });
    const dest = await tempDir(t);
    const r = await fetchOne(
      { uri: 's3://bkt/k', via: 's3', bucket: 'bkt', key: 'k' },
      {
        destDir: dest,
        env: { AWS_ENDPOINT_URL_S3: server.origin },
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 's' },
      },
    );
    assert.equal(r.status, 'ERROR');
    assert.equal(r.errorCode, 'access-denied');
    assert.match(r.error ?? '', /^s3:\/\/bkt\/k: access denied \(HTTP 403.*sign in/);
    assert.doesNotMatch(r.error ?? '', /AKIDEXAMPLE/);
  });
});
