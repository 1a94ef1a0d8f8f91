// The local IMDS stand-in must speak the real protocol, or tests against it prove nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startImdsServer, type ImdsServer } from '../../../support/imdsServer';

async function req(url: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  const r = await fetch(url, { method: init.method ?? 'GET', headers: init.headers });
  return { status: r.status, body: await r.text() };
}

describe('local IMDS server: protocol', () => {
  let s: ImdsServer;
  before(async () => {
    s = await startImdsServer({ region: 'eu-north-1', role: 'r1' });
  });
  after(() => s.close());

  it('token PUT needs a TTL of 1..21600 seconds', async () => {
    assert.equal((await req(`${s.url}/latest/api/token`, { method: 'PUT' })).status, 400);
    assert.equal(
      (
        await req(`${s.url}/latest/api/token`, {
          method: 'PUT',
          headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '0' },
        })
      ).status,
      400,
    );
    assert.equal(
      (
        await req(`${s.url}/latest/api/token`, {
          method: 'PUT',
          headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '21601' },
        })
      ).status,
      400,
    );
    const ok = await req(`${s.url}/latest/api/token`, {
      method: 'PUT',
      headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' },
    });
    assert.equal(ok.status, 200);
    assert.ok(ok.body.length > 10);
  });

  it('a token PUT carrying X-Forwarded-For is refused', async () => {
    const r = await req(`${s.url}/latest/api/token`, {
      method: 'PUT',
      headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60', 'x-forwarded-for': '10.0.0.1' },
    });
    assert.equal(r.status, 403);
  });

  it('v2-required: GET without a token is 401, with a bad token 401, with a good token the value', async () => {
    assert.equal((await req(`${s.url}/latest/meta-data/placement/region`)).status, 401);
    assert.equal(
      (await req(`${s.url}/latest/meta-data/placement/region`, { headers: { 'x-aws-ec2-metadata-token': 'forged' } }))
        .status,
      401,
    );
    const token = (
      await req(`${s.url}/latest/api/token`, {
        method: 'PUT',
        headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' },
      })
    ).body;
    const h = { 'x-aws-ec2-metadata-token': token };
    assert.deepEqual(await req(`${s.url}/latest/meta-data/placement/region`, { headers: h }), {
      status: 200,
      body: 'eu-north-1',
    });
    assert.equal((await req(`${s.url}/latest/meta-data/iam/security-credentials/`, { headers: h })).body, 'r1');
    const creds = JSON.parse(
      (await req(`${s.url}//latest/meta-data/iam/security-credentials/r1`, { headers: h })).body,
    ) as Record<string, string>;
    assert.equal(creds.Code, 'Success');
    assert.ok(creds.AccessKeyId && creds.SecretAccessKey && creds.Token && creds.Expiration);
    const doc = JSON.parse(
      (await req(`${s.url}/latest/dynamic/instance-identity/document`, { headers: h })).body,
    ) as Record<string, string>;
    assert.equal(doc.region, 'eu-north-1');
    assert.equal((await req(`${s.url}/latest/meta-data/nope`, { headers: h })).status, 404);
  });

  it('records every request with its answer', () => {
    assert.ok(s.requests.length >= 10);
    assert.ok(s.requests.some((r) => r.path === '/latest/meta-data/iam/security-credentials/r1' && r.status === 200));
  });
});

describe('local IMDS server: modes', () => {
  it('v2-optional answers without a token', async () => {
    const s = await startImdsServer({ mode: 'v2-optional' });
    try {
      assert.equal((await req(`${s.url}/latest/meta-data/instance-type`)).body, 'm5.large');
    } finally {
      await s.close();
    }
  });

  it('v1-only refuses the token PUT (403 or 404) and answers plain GETs', async () => {
    for (const status of [403, 404] as const) {
      const s = await startImdsServer({ mode: 'v1-only', v1OnlyTokenStatus: status });
      try {
        assert.equal(
          (
            await req(`${s.url}/latest/api/token`, {
              method: 'PUT',
              headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' },
            })
          ).status,
          status,
        );
        assert.equal((await req(`${s.url}/latest/meta-data/placement/region`)).status, 200);
      } finally {
        await s.close();
      }
    }
  });

  it('no role: iam/info is 404', async () => {
    const s = await startImdsServer({ mode: 'v2-optional', role: null });
    try {
      assert.equal((await req(`${s.url}/latest/meta-data/iam/info`)).status, 404);
    } finally {
      await s.close();
    }
  });

  it('silent mode accepts and never answers; close() still returns', async () => {
    const s = await startImdsServer({ silent: true });
    const r = await fetch(`${s.url}/latest/meta-data/`, { signal: AbortSignal.timeout(150) }).then(
      () => 'answered',
      () => 'aborted',
    );
    assert.equal(r, 'aborted');
    assert.equal(s.requests.length, 1);
    assert.equal(s.requests[0].status, null);
    await s.close();
  });
});
