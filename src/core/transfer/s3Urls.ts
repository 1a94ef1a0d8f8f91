// Pure: where an S3 bucket and its objects are reached over plain HTTP(S): the configured endpoint path-style, else
// AWS virtual-host style.
import { endpointFromEnv } from './s3Client';
import { uriEscape } from './s3Signer';

/** Names S3 serves as virtual hosts (no dots: a dotted name would not match the wildcard certificate). */
const S3_DNS_BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** Each segment RFC 3986-escaped, which is what S3 signs: the path is sent and signed exactly as built here. */
function encodeKey(key: string): string {
  return key.split('/').map(uriEscape).join('/');
}

/** The bucket's own URL (where it is listed): the configured endpoint path-style, else AWS virtual-host style. */
export function s3BucketUrl(bucket: string, region: string, env: Readonly<Record<string, string | undefined>>): URL {
  const endpoint = endpointFromEnv(env);
  if (endpoint) return new URL(`${endpoint.replace(/\/+$/, '')}/${encodeURIComponent(bucket)}`);
  if (S3_DNS_BUCKET.test(bucket)) return new URL(`https://${bucket}.s3.${region}.amazonaws.com/`);
  return new URL(`https://s3.${region}.amazonaws.com/${encodeURIComponent(bucket)}`);
}

/** The plain-HTTP URL of an S3 object: the configured endpoint path-style, else AWS virtual-host style. */
export function s3HttpUrl(
  bucket: string,
  key: string,
  region: string,
  env: Readonly<Record<string, string | undefined>>,
): URL {
  const base = s3BucketUrl(bucket, region, env);
  return new URL(`${base.href.replace(/\/$/, '')}/${encodeKey(key)}`);
}
