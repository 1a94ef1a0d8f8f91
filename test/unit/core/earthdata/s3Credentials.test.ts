// Temporary S3 credentials from a DAAC's /s3credentials, used by signed S3 GETs of items that name that endpoint,
// against the stand-ins: the S3 guard refuses an expired session token (400 ExpiredToken) on a clock the test moves.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EarthdataSession } from '../../../../src/core/earthdata/loginSession';
import { S3CredentialsCache, parseS3Credentials } from '../../../../src/core/earthdata/s3Credentials';
import type { EarthdataLogin } from '../../../../src/core/earthdata/types';
import { HttpClient } from '../../../../src/core/transfer/httpClient';
import type { DownloadItem } from '../../../../src/core/transfer/index';
import { BUCKET, startEarthdataStandIns, type EarthdataStandIns } from '../../../support/earthdata/standIns';
import { fetchAll, payload, tempDir, KiB } from '../transfer/helpers';

const USER = { username: 'alice', password: 'pw' };
const login: EarthdataLogin = {
  source: 'env-password',
  where: 'EARTHDATA_USERNAME/EARTHDATA_PASSWORD',
  user: 'alice',
  token: null,
  tokenExpiresAt: null,
  basic: { username: 'alice', password: 'pw' },
};

describe('parseS3Credentials', () => {
  it("reads TEA's camelCase answer and its `YYYY-MM-DD hh:mm:ss+00:00` expiration", () => {
    const c = parseS3Credentials(
      JSON.stringify({
        accessKeyId: 'ASIA1',
        secretAccessKey: 's',
        sessionToken: 't',
        expiration: '2021-01-27 00:50:09+00:00',
      }),
      'https://daac/s3credentials',
    );
    assert.equal(c.expiration.toISOString(), '2021-01-27T00:50:09.000Z');
  });
  it('says which field is missing, and an HTML login page is not JSON', () => {
    assert.throws(
      () => parseS3Credentials('{"accessKeyId":"a"}', 'https://daac/s3credentials'),
      /https:\/\/daac\/s3credentials: the answer has no secretAccessKey, sessionToken, expiration/,
    );
    assert.throws(() => parseS3Credentials('<html>', 'https://daac/s3credentials'), /did not answer with JSON/);
  });
});

describe('S3CredentialsCache against the DAAC stand-ins', () => {
  let s: EarthdataStandIns;
  before(async () => {
    s = await startEarthdataStandIns([USER]);
    for (let i = 0; i < 30; i++) await s.s3rver.put(BUCKET, `k/${i}.nc`, payload(2 * KiB + i));
  });
  after(() => s.stop());

  const cacheFor = (refreshAt?: number) => {
    const session = new EarthdataSession({
      loginOrigin: s.edl.origin,
      login,
      bearerOrigins: [s.tea.origin, s.cumulus.origin],
    });
    const client = new HttpClient({ session });
    return { cache: new S3CredentialsCache({ client, now: s.clock.now, refreshAt }), client };
  };

  it('one fetch in flight per endpoint, through the login flow (cookies), cached afterwards', async () => {
    const { cache, client } = cacheFor();
    const before = s.tea.credentialsIssued();
    const all = await Promise.all(Array.from({ length: 10 }, () => cache.get(s.tea.s3CredentialsUrl)));
    assert.equal(s.tea.credentialsIssued() - before, 1);
    assert.equal(new Set(all.map((c) => c.sessionToken)).size, 1);
    await cache.get(s.tea.s3CredentialsUrl);
    assert.equal(s.tea.credentialsIssued() - before, 1);
    client.destroy();
  });

  const items = (): DownloadItem[] =>
    Array.from({ length: 30 }, (_, i) => ({
      uri: `s3://${BUCKET}/k/${i}.nc`,
      via: 's3' as const,
      bucket: BUCKET,
      key: `k/${i}.nc`,
      region: 'us-west-2',
      credentialScope: s.tea.s3CredentialsUrl,
    }));

  // Every S3 request moves the shared clock 5 minutes: 30 files take 150 "minutes", 2.5 lifetimes of a 1 h key.
  const warp = () => {
    s.s3.onRequest = () => s.clock.advance(5 * 60_000);
  };

  it('a batch outliving the temporary credentials completes: keys are refreshed before they expire', async (t) => {
    warp();
    t.after(() => (s.s3.onRequest = null));
    const { cache, client } = cacheFor();
    t.after(() => client.destroy());
    const before = s.tea.credentialsIssued();
    const dest = await tempDir(t);
    const results = await fetchAll(items(), {
      destDir: dest,
      concurrency: 2,
      env: { AWS_ENDPOINT_URL_S3: s.s3.endpoint },
      scopedCredentials: (scope) => cache.provider(scope),
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    assert.deepEqual(
      results.filter((r) => r.status !== 'COMPLETE').map((r) => r.error),
      [],
    );
    assert.ok(s.tea.credentialsIssued() - before >= 3, `keys fetched ${s.tea.credentialsIssued() - before} times`);
    assert.equal((await readFile(join(dest, BUCKET, 'k', '7.nc'))).length, 2 * KiB + 7);
    // The DAAC's keys, never an Authorization header on any presigned URL, and the session token on every GET.
    assert.ok(s.s3.requests.every((r) => typeof r.headers['x-amz-security-token'] === 'string'));
  });

  it('the same batch without refreshing (control): S3 refuses the expired token', async (t) => {
    warp();
    t.after(() => (s.s3.onRequest = null));
    const { cache, client } = cacheFor(10); // "refresh after 10 lifetimes": never, within this batch
    t.after(() => client.destroy());
    const dest = await tempDir(t);
    const results = await fetchAll(items(), {
      destDir: dest,
      concurrency: 2,
      env: { AWS_ENDPOINT_URL_S3: s.s3.endpoint },
      scopedCredentials: (scope) => cache.provider(scope),
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const failed = results.filter((r) => r.status === 'ERROR');
    assert.ok(failed.length > 0);
    assert.match(failed[0].error ?? '', /HTTP 400 ExpiredToken: The provided token has expired/);
  });

  it('an item naming an s3credentials endpoint with no way to fetch it fails with that endpoint named', async (t) => {
    const dest = await tempDir(t);
    const [r] = await fetchAll(items().slice(0, 1), { destDir: dest, env: { AWS_ENDPOINT_URL_S3: s.s3.endpoint } });
    assert.equal(r.status, 'ERROR');
    assert.ok(r.error?.includes(s.tea.s3CredentialsUrl));
  });
});
