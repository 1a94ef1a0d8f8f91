import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { probeImds } from '../../../../src/core/context/probeImds';
import { startImdsServer, type ImdsServerOptions } from '../../../support/imdsServer';

const now = () => performance.now();

async function withServer<T>(
  opts: ImdsServerOptions,
  fn: (url: string, requests: Awaited<ReturnType<typeof startImdsServer>>['requests']) => Promise<T>,
): Promise<T> {
  const s = await startImdsServer(opts);
  try {
    return await fn(s.url, s.requests);
  } finally {
    await s.close();
  }
}

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('probeImds', () => {
  it('IMDSv2: token with a TTL, then region, zone, identity document and iam/info with the token', async () => {
    await withServer(
      {
        region: 'us-west-2',
        availabilityZone: 'us-west-2b',
        instanceType: 'c6i.xlarge',
        instanceId: 'i-0aaaabbbbccccdddd',
        accountId: '210987654321',
      },
      async (url, requests) => {
        const r = await probeImds({ endpoint: url, v1Disabled: false, timeoutMs: 1000, now });
        assert.equal(r.version, 'v2');
        assert.equal(r.region, 'us-west-2');
        assert.equal(r.availabilityZone, 'us-west-2b');
        assert.equal(r.instanceType, 'c6i.xlarge');
        assert.equal(r.instanceId, 'i-0aaaabbbbccccdddd');
        assert.equal(r.accountId, '210987654321');
        assert.equal(r.instanceProfileArn, 'arn:aws:iam::210987654321:instance-profile/cdr-test-role');
        const put = requests.filter((q) => q.method === 'PUT');
        assert.equal(put.length, 1);
        assert.ok(Number(put[0].headers['x-aws-ec2-metadata-token-ttl-seconds']) >= 1);
        const gets = requests.filter((q) => q.method === 'GET');
        assert.deepEqual(gets.map((q) => q.path).sort(), [
          '/latest/dynamic/instance-identity/document',
          '/latest/meta-data/iam/info',
          '/latest/meta-data/placement/availability-zone',
          '/latest/meta-data/placement/region',
        ]);
        assert.ok(gets.every((q) => typeof q.headers['x-aws-ec2-metadata-token'] === 'string' && q.status === 200));
      },
    );
  });

  it('the reads after the token run in parallel: four 300 ms answers fit a 700 ms budget', async () => {
    const delayMs = {
      'meta-data/placement/region': 300,
      'meta-data/placement/availability-zone': 300,
      'dynamic/instance-identity/document': 300,
      'meta-data/iam/info': 300,
    };
    await withServer({ delayMs }, async (url) => {
      const r = await probeImds({ endpoint: url, v1Disabled: false, timeoutMs: 700, now });
      assert.equal(r.region, 'us-east-1');
      assert.ok(r.instanceProfileArn);
    });
  });

  it('IMDSv1 fallback when the token PUT is refused (403 and 404)', async () => {
    for (const v1OnlyTokenStatus of [403, 404] as const) {
      await withServer({ mode: 'v1-only', v1OnlyTokenStatus, region: 'sa-east-1' }, async (url, requests) => {
        const r = await probeImds({ endpoint: url, v1Disabled: false, timeoutMs: 1000, now });
        assert.equal(r.version, 'v1');
        assert.equal(r.region, 'sa-east-1');
        assert.ok(
          requests.filter((q) => q.method === 'GET').every((q) => q.headers['x-aws-ec2-metadata-token'] === undefined),
        );
      });
    }
  });

  it('AWS_EC2_METADATA_V1_DISABLED: no token-less request is made', async () => {
    await withServer({ mode: 'v1-only' }, async (url, requests) => {
      const r = await probeImds({ endpoint: url, v1Disabled: true, timeoutMs: 1000, now });
      assert.equal(r.version, null);
      assert.equal(r.region, null);
      assert.equal(requests.length, 1);
      assert.match(r.evidence[0].said, /AWS_EC2_METADATA_V1_DISABLED/);
    });
  });

  it('a silent service costs the timeout and no more, and says so', async () => {
    await withServer({ silent: true }, async (url) => {
      const t0 = now();
      const r = await probeImds({ endpoint: url, v1Disabled: false, timeoutMs: 300, now });
      const took = now() - t0;
      // The upper bound only proves the probe gives up (a silent server would hang it forever); it is loose so a
      // loaded machine cannot fail it. How fast it is lives in `npm run bench:context`.
      assert.ok(took >= 290 && took < 2300, `took ${took} ms`);
      assert.equal(r.answered, false);
      assert.match(r.evidence[0].said, /no answer within/);
    });
  });

  it('a slow token eats the budget: the reads get only what is left, and the whole stays bounded', async () => {
    await withServer({ delayMs: { 'api/token': 700, 'meta-data/placement/region': 600 } }, async (url) => {
      const t0 = now();
      const r = await probeImds({ endpoint: url, v1Disabled: false, timeoutMs: 1000, now });
      const took = now() - t0;
      // A budget per request would take 700 + 1000 ms; a shared one about 1000.
      assert.ok(took < 1500, `took ${took} ms`);
      // The region read timed out, but the identity document still gave the region.
      assert.equal(r.region, 'us-east-1');
      assert.ok(r.evidence.some((e) => e.signal === 'imds:placement/region' && /no answer within/.test(e.said)));
    });
  });

  it('nothing listening: refused fast', async () => {
    const port = await closedPort();
    const t0 = now();
    const r = await probeImds({ endpoint: `http://127.0.0.1:${port}`, v1Disabled: false, timeoutMs: 5000, now });
    assert.ok(now() - t0 < 2500, 'a refusal does not wait for the timeout');
    assert.equal(r.answered, false);
    assert.match(r.evidence[0].said, /refused/);
  });

  it('no instance profile, and a failing read, are said per path', async () => {
    await withServer({ role: null, fail: { 'meta-data/placement/availability-zone': 500 } }, async (url) => {
      const r = await probeImds({ endpoint: url, v1Disabled: false, timeoutMs: 1000, now });
      assert.equal(r.region, 'us-east-1');
      assert.equal(r.instanceProfileArn, null);
      assert.ok(r.evidence.some((e) => e.signal === 'imds:iam/info' && /no instance profile/.test(e.said)));
      assert.ok(r.evidence.some((e) => e.signal === 'imds:placement/availability-zone' && /HTTP 500/.test(e.said)));
    });
  });

  it('a token PUT answered 400 stops without guessing', async () => {
    await withServer({ fail: { 'api/token': 400 } }, async (url, requests) => {
      const r = await probeImds({ endpoint: url, v1Disabled: false, timeoutMs: 1000, now });
      assert.equal(r.version, null);
      assert.equal(requests.length, 1);
    });
  });
});
