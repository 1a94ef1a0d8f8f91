import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { s3Signer } from '../../../../src/core/transfer/s3Signer';

// SigV4 as the AWS documentation spells it, written out independently of the SDK's signer: canonical request, string
// to sign, the derived key chain, HMAC. If both agree, S3 computes the same signature from what is sent.
function expectedSignature(
  secret: string,
  region: string,
  method: string,
  url: URL,
  headers: Record<string, string>,
): { signedHeaders: string; signature: string } {
  const amzDate = headers['x-amz-date'];
  const day = amzDate.slice(0, 8);
  const names = Object.keys(headers)
    .map((h) => h.toLowerCase())
    .filter((h) => h !== 'authorization' && h !== 'user-agent')
    .sort();
  const canonicalHeaders = names.map((h) => `${h}:${headers[h].trim()}\n`).join('');
  const enc = (s: string) =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const query = [...url.searchParams]
    .map(([k, v]) => [enc(k), enc(v)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonical = [
    method,
    url.pathname,
    query,
    canonicalHeaders,
    names.join(';'),
    headers['x-amz-content-sha256'],
  ].join('\n');
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  let key: Buffer = createHmac('sha256', `AWS4${secret}`).update(day).digest();
  for (const part of [region, 's3', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return { signedHeaders: names.join(';'), signature: createHmac('sha256', key).update(toSign).digest('hex') };
}

describe('SigV4 for plain S3 requests', () => {
  it('signs a ranged, pinned GET exactly as the specification says (path, query, headers, session token)', async () => {
    const creds = {
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      sessionToken: 'token/with+chars=',
    };
    const sign = s3Signer(creds, 'eu-west-2');
    const url = new URL('https://examplebucket.s3.eu-west-2.amazonaws.com/dir/a%20b%28c%29.fits?versionId=v1&x=%2F');
    const h = await sign('GET', url, {
      range: 'bytes=0-9',
      'if-match': '"abc"',
      'accept-encoding': 'identity',
      'user-agent': 'cloud-data-router',
    });
    assert.equal(h.host, 'examplebucket.s3.eu-west-2.amazonaws.com');
    assert.equal(h['x-amz-content-sha256'], 'UNSIGNED-PAYLOAD');
    assert.equal(h['x-amz-security-token'], 'token/with+chars=');
    assert.match(h['x-amz-date'], /^\d{8}T\d{6}Z$/);
    const want = expectedSignature(creds.secretAccessKey, 'eu-west-2', 'GET', url, h);
    assert.equal(
      h.authorization,
      `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/${h['x-amz-date'].slice(0, 8)}/eu-west-2/s3/aws4_request, SignedHeaders=${want.signedHeaders}, Signature=${want.signature}`,
    );
    assert.match(want.signedHeaders, /(^|;)if-match;/);
    assert.match(want.signedHeaders, /(^|;)range;/);
    assert.ok(!JSON.stringify(h).includes(creds.secretAccessKey), 'the secret itself is never sent');
  });

  it('asks the credentials provider on every request, so rotated keys are used from the next part on', async () => {
    let n = 0;
    const sign = s3Signer(async () => ({ accessKeyId: `AKID${++n}`, secretAccessKey: 's' }), 'us-east-1');
    const url = new URL('http://127.0.0.1:9/b/k');
    const first = await sign('HEAD', url, {});
    const second = await sign('GET', url, {});
    assert.match(first.authorization, /Credential=AKID1\//);
    assert.match(second.authorization, /Credential=AKID2\//);
    assert.equal(first.host, '127.0.0.1:9');
  });
});
