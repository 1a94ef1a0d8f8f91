// Pure: `s3://bucket/key` and every common spelling of an S3 HTTPS URL → bucket, key and region hint.
import { CdrError } from '../errors';

export interface S3Address {
  readonly bucket: string;
  readonly key: string;
  /** The region spelled in the host name, if any (`bucket.s3.us-west-2.amazonaws.com`). */
  readonly regionHint: string | null;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+$/;
/** `[bucket.]s3[.-rest].amazonaws.com[.cn]`; greedy so a bucket containing `.s3.` still parses. */
const S3_HOST = /^(?:(.+)\.)?s3(?:[.-]([a-z0-9.-]+?))?\.amazonaws\.com(?:\.cn)?$/;

export function isBucketName(name: string): boolean {
  return BUCKET_NAME.test(name) && !name.includes('..');
}

function bad(message: string, value: string): CdrError {
  return new CdrError(`${message}: ${value}`, { code: 'BadInput', details: { value } });
}

function checkObject(bucket: string, key: string, input: string): void {
  if (!BUCKET_NAME.test(bucket) || bucket.includes('..')) throw bad('Not a valid S3 bucket name', input);
  if (key === '') throw bad('S3 address names a bucket, not an object', input);
  if (key.endsWith('/')) throw bad('S3 address names a prefix (a "folder"), not an object', input);
}

/** Parses `s3://bucket/key`; throws BadInput naming the value when malformed. */
export function parseS3Uri(input: string): S3Address {
  const m = /^s3:\/\/([^/]*)\/?(.*)$/i.exec(input);
  if (!m) throw bad('Not an s3:// URI', input);
  checkObject(m[1], m[2], input);
  return { bucket: m[1], key: m[2], regionHint: null };
}

function regionFrom(rest: string | undefined): string | null {
  if (!rest) return null;
  const r = rest.replace(/^dualstack\./, '');
  if (r === 'external-1') return 'us-east-1';
  return REGION.test(r) ? r : null;
}

function decode(p: string, input: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    throw bad('S3 URL has a malformed percent-encoding', input);
  }
}

/**
 * The bucket and key of an S3 HTTPS URL (virtual-hosted, path-style, legacy `s3-region`, dualstack),
 * or undefined when the host is not S3. Throws BadInput when it is S3 but names no object.
 */
export function parseS3HttpsUrl(url: URL): S3Address | undefined {
  const host = url.hostname.toLowerCase();
  const m = S3_HOST.exec(host);
  if (!m) return undefined;
  const [, vhostBucket, rest] = m;
  // `s3-website` hosts serve HTML views, not the object API.
  if (rest && /^website/.test(rest)) return undefined;
  const regionHint = regionFrom(rest);
  const path = url.pathname.replace(/^\//, '');
  if (vhostBucket) {
    const key = decode(path, url.href);
    checkObject(vhostBucket, key, url.href);
    return { bucket: vhostBucket, key, regionHint };
  }
  const slash = path.indexOf('/');
  const bucket = slash < 0 ? path : path.slice(0, slash);
  const key = slash < 0 ? '' : decode(path.slice(slash + 1), url.href);
  checkObject(bucket, key, url.href);
  return { bucket, key, regionHint };
}
