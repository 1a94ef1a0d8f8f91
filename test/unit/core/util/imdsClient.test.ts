// The one IMDS protocol implementation (token, IMDSv1 fallback, bounded reads) and endpoint choice that both the
// credential resolver and the context detector use.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { resolveImdsConfig } from '../../../../src/core/context/imdsConfig';
import { fetchImdsCredentials, imdsSettings } from '../../../../src/core/credentials/fetchImds';
import { ImdsClient } from '../../../../src/core/util/imdsClient';
import { chooseImdsEndpoint, IMDS_IPV4, IMDS_IPV6 } from '../../../../src/core/util/imdsEndpoint';
import { startImdsServer, type ImdsServerOptions } from '../../../support/imdsServer';

const now = () => performance.now();

async function withServer<T>(
  opts: ImdsServerOptions,
  fn: (s: Awaited<ReturnType<typeof startImdsServer>>) => Promise<T>,
): Promise<T> {
  const s = await startImdsServer(opts);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

describe('chooseImdsEndpoint (botocore, quirk 18)', () => {
  it('default IPv4, IPv6 by mode in any case, a named endpoint wins and is kept as given', () => {
    assert.deepEqual(chooseImdsEndpoint({}), { ok: true, endpoint: IMDS_IPV4, explicit: false });
    assert.deepEqual(chooseImdsEndpoint({ mode: 'IPv6' }), { ok: true, endpoint: IMDS_IPV6, explicit: false });
    assert.deepEqual(chooseImdsEndpoint({ endpoint: 'http://127.0.0.1:9//', mode: 'ipv6' }), {
      ok: true,
      endpoint: 'http://127.0.0.1:9//',
      explicit: true,
    });
    assert.deepEqual(chooseImdsEndpoint({ endpoint: '', mode: 'ipv4' }), {
      ok: true,
      endpoint: IMDS_IPV4,
      explicit: false,
    });
  });

  it('the mode is checked even beside an endpoint; an invalid endpoint is named', () => {
    assert.deepEqual(chooseImdsEndpoint({ endpoint: 'http://127.0.0.1:9', mode: 'ipv5' }), {
      ok: false,
      setting: 'mode',
      value: 'ipv5',
    });
    assert.deepEqual(chooseImdsEndpoint({ mode: '' }), { ok: false, setting: 'mode', value: '' });
    assert.deepEqual(chooseImdsEndpoint({ endpoint: 'not a url' }), {
      ok: false,
      setting: 'endpoint',
      value: 'not a url',
    });
  });

  it('the detector and the resolver read the same rules (the detector only trims and needs http(s))', () => {
    for (const env of [
      { AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:9', AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'ipv5' },
      { AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://bad_host/' },
    ]) {
      assert.throws(() => imdsSettings(env, {}), JSON.stringify(env));
      assert.throws(() => resolveImdsConfig(env), JSON.stringify(env));
    }
    const env = { AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPV6' };
    assert.equal(resolveImdsConfig(env).endpoint, imdsSettings(env, {}).endpoint);
  });
});

describe('ImdsClient', () => {
  it('IMDSv2: the token goes on every read, with the TTL asked', async () => {
    await withServer({ region: 'eu-central-1' }, async (s) => {
      const c = new ImdsClient({
        endpoint: s.url,
        timeout: { perRequestMs: 1000 },
        tokenTtlSeconds: 77,
        v1Disabled: false,
      });
      assert.deepEqual(await c.fetchToken(), { kind: 'token' });
      assert.equal(c.hasToken, true);
      assert.deepEqual(await c.get('meta-data/placement/region'), { ok: true, status: 200, body: 'eu-central-1' });
      assert.equal(s.requests[0]!.headers['x-aws-ec2-metadata-token-ttl-seconds'], '77');
      assert.equal(typeof s.requests[1]!.headers['x-aws-ec2-metadata-token'], 'string');
    });
  });

  it('403/404 allow IMDSv1; with AWS_EC2_METADATA_V1_DISABLED no token-less request is made', async () => {
    await withServer({ mode: 'v1-only', v1OnlyTokenStatus: 404 }, async (s) => {
      const c = new ImdsClient({
        endpoint: s.url,
        timeout: { perRequestMs: 1000 },
        tokenTtlSeconds: 60,
        v1Disabled: false,
      });
      assert.deepEqual(await c.fetchToken(), { kind: 'v1-fallback', status: 404 });
      assert.equal((await c.get('meta-data/placement/region')).ok, true);
      assert.equal(s.requests[1]!.headers['x-aws-ec2-metadata-token'], undefined);
    });
    await withServer({ mode: 'v1-only' }, async (s) => {
      const c = new ImdsClient({
        endpoint: s.url,
        timeout: { perRequestMs: 1000 },
        tokenTtlSeconds: 60,
        v1Disabled: true,
      });
      assert.deepEqual(await c.fetchToken(), { kind: 'v1-disabled', status: 403 });
      const a = await c.get('meta-data/placement/region');
      assert.equal(a.ok, false);
      assert.equal(s.requests.length, 1);
    });
  });

  it('400 is a bad request, any other status a refusal, silence a timeout', async () => {
    for (const [status, kind] of [
      [400, 'bad-request'],
      [405, 'v1-fallback'],
      [500, 'refused'],
    ] as const) {
      await withServer({ fail: { 'api/token': status } }, async (s) => {
        const c = new ImdsClient({
          endpoint: s.url,
          timeout: { perRequestMs: 1000 },
          tokenTtlSeconds: 60,
          v1Disabled: false,
        });
        assert.deepEqual(await c.fetchToken(), { kind, status });
      });
    }
    await withServer({ silent: true }, async (s) => {
      const c = new ImdsClient({
        endpoint: s.url,
        timeout: { perRequestMs: 150 },
        tokenTtlSeconds: 60,
        v1Disabled: false,
      });
      const t = await c.fetchToken();
      assert.equal(t.kind, 'no-answer');
      assert.ok(t.kind === 'no-answer' && t.timeout);
    });
  });

  it('one total budget is shared; a per-request budget is not', async () => {
    await withServer({ delayMs: { 'api/token': 200, 'meta-data/placement/region': 200 } }, async (s) => {
      const shared = new ImdsClient({
        endpoint: s.url,
        timeout: { totalMs: 300, now },
        tokenTtlSeconds: 60,
        v1Disabled: false,
      });
      assert.deepEqual(await shared.fetchToken(), { kind: 'token' });
      const late = await shared.get('meta-data/placement/region');
      assert.ok(!late.ok && late.timeout);
      const each = new ImdsClient({
        endpoint: s.url,
        timeout: { perRequestMs: 300 },
        tokenTtlSeconds: 60,
        v1Disabled: false,
      });
      assert.deepEqual(await each.fetchToken(), { kind: 'token' });
      assert.equal((await each.get('meta-data/placement/region')).ok, true);
    });
  });

  it("joins endpoint and path as botocore's _construct_url does", async () => {
    const seen: string[] = [];
    const srv = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    try {
      for (const endpoint of [base, `${base}/`, `${base}//`, `${base}/prefix`]) {
        await new ImdsClient({ endpoint, timeout: { perRequestMs: 1000 }, tokenTtlSeconds: 60, v1Disabled: false }).get(
          'meta-data/x',
        );
      }
    } finally {
      await new Promise<void>((r) => srv.close(() => r()));
    }
    assert.deepEqual(seen, [
      '/latest/meta-data/x',
      '/latest/meta-data/x',
      '//latest/meta-data/x',
      '/prefix/latest/meta-data/x',
    ]);
  });
});

describe('fetchImdsCredentials keeps botocore 1.29 rules on the shared client', () => {
  it('a token that times out still leads to an IMDSv1 read, each request with its own timeout', async () => {
    await withServer({ mode: 'v2-optional', delayMs: { 'api/token': 400 } }, async (s) => {
      const c = await fetchImdsCredentials({ endpoint: s.url, disabled: false, timeoutMs: 200, attempts: 1 });
      assert.ok(c?.accessKeyId);
      assert.deepEqual(s.requests.map((q) => `${q.method} ${q.path}`).slice(0, 3), [
        'PUT /latest/api/token',
        'GET /latest/meta-data/iam/security-credentials/',
        'GET /latest/meta-data/iam/security-credentials/cdr-test-role',
      ]);
    });
  });

  it('a token PUT answered 400 gives no credentials and no further request', async () => {
    await withServer({ fail: { 'api/token': 400 } }, async (s) => {
      assert.equal(
        await fetchImdsCredentials({ endpoint: s.url, disabled: false, timeoutMs: 1000, attempts: 1 }),
        null,
      );
      assert.equal(s.requests.length, 1);
    });
  });
});
