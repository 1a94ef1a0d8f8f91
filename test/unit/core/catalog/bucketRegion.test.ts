import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { BucketRegionLookup } from '../../../../src/core/catalog/bucketRegion';

// s3rver's HeadBucket sends no x-amz-bucket-region, so this small server plays S3's part: real S3 sends
// the header on 200 (yours or public), 301 (wrong regional endpoint) and 403 (someone else's bucket).
describe('BucketRegionLookup (HEAD, x-amz-bucket-region)', () => {
  let server: Server;
  let endpoint: string;
  const seen: string[] = [];
  before(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const bucket = (req.url ?? '').split('/')[1];
      if (bucket === 'moved-bucket') res.writeHead(301, { 'x-amz-bucket-region': 'eu-central-1' }).end();
      else if (bucket === 'private-bucket') res.writeHead(403, { 'x-amz-bucket-region': 'ap-southeast-2' }).end();
      else if (bucket === 'open-bucket') res.writeHead(200, { 'x-amz-bucket-region': 'us-west-2' }).end();
      else if (bucket === 'quiet-bucket') res.writeHead(200).end();
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('reads the region from 200, 301 and 403 answers, path-style under AWS_ENDPOINT_URL_S3', async () => {
    const l = new BucketRegionLookup({ env: { AWS_ENDPOINT_URL_S3: endpoint } });
    assert.deepEqual(await l.regionOf('open-bucket'), { region: 'us-west-2' });
    assert.deepEqual(await l.regionOf('moved-bucket'), { region: 'eu-central-1' });
    assert.deepEqual(await l.regionOf('private-bucket'), { region: 'ap-southeast-2' });
    assert.ok(seen.includes('HEAD /open-bucket'));
  });

  it('honours AWS_ENDPOINT_URL when the S3-specific variable is absent', async () => {
    const l = new BucketRegionLookup({ env: { AWS_ENDPOINT_URL: endpoint } });
    assert.deepEqual(await l.regionOf('open-bucket'), { region: 'us-west-2' });
  });

  it('caches a learned region: one request per bucket', async () => {
    const l = new BucketRegionLookup({ env: { AWS_ENDPOINT_URL_S3: endpoint } });
    const n = seen.length;
    await Promise.all([l.regionOf('moved-bucket'), l.regionOf('moved-bucket')]);
    await l.regionOf('moved-bucket');
    assert.equal(seen.length, n + 1);
  });

  it('explains a missing bucket, a missing header and an unreachable endpoint', async () => {
    const l = new BucketRegionLookup({ env: { AWS_ENDPOINT_URL_S3: endpoint } });
    const missing = await l.regionOf('no-such-bucket');
    assert.equal(missing.region, null);
    assert.match(missing.region === null ? missing.reason : '', /does not exist \(HTTP 404/);
    const quiet = await l.regionOf('quiet-bucket');
    assert.match(quiet.region === null ? quiet.reason : '', /no x-amz-bucket-region header/);
    const dead = new BucketRegionLookup({ env: { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:1' }, timeoutMs: 2000 });
    const d = await dead.regionOf('open-bucket');
    assert.match(
      d.region === null ? d.reason : '',
      /Could not ask S3 for the region of bucket open-bucket \(http:\/\/127\.0\.0\.1:1\/open-bucket\)/,
    );
  });
});
