// I/O: SigV4 headers for plain S3 GET/HEAD requests, made by the SDK's own signer (loaded on first use), so signed
// downloads take the same node:https path as anonymous ones instead of the SDK's GetObject streams.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { CredentialsInput } from './types';

/** RFC 3986 escaping (encodeURIComponent leaves !'()* alone), which is how SigV4 canonicalizes paths and queries. */
export function uriEscape(v: string): string {
  return encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Signs one request: returns the headers to send (Authorization, x-amz-date, x-amz-security-token, …). */
export type S3Signer = (
  method: 'GET' | 'HEAD',
  url: URL,
  headers: Record<string, string>,
) => Promise<Record<string, string>>;

type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(d: SourceData): Buffer {
  if (typeof d === 'string') return Buffer.from(d, 'utf8');
  if (ArrayBuffer.isView(d)) return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  return Buffer.from(d);
}

/** The signer's hash interface over node:crypto (HMAC when given a key). */
class NodeSha256 {
  #key: SourceData | undefined;
  #h: Hash | Hmac;
  constructor(key?: SourceData) {
    this.#key = key;
    this.#h = this.#fresh();
  }
  #fresh(): Hash | Hmac {
    return this.#key === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.#key));
  }
  update(data: SourceData): void {
    this.#h.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#h.digest());
  }
  reset(): void {
    this.#h = this.#fresh();
  }
}

/**
 * The credentials are asked for on every request (the provider caches and refreshes on its own), so keys rotated
 * mid-transfer are used from the next part on. The payload is never hashed: GET and HEAD have none.
 */
export function s3Signer(credentials: CredentialsInput, region: string): S3Signer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SignatureV4 } = require('@smithy/signature-v4') as typeof import('@smithy/signature-v4');
  const signer = new SignatureV4({
    service: 's3',
    region,
    sha256: NodeSha256,
    // S3 signs the path as sent (already encoded once); the SDK does the same for S3.
    uriEscapePath: false,
    applyChecksum: false,
    credentials: async () => (typeof credentials === 'function' ? await credentials() : credentials),
  });
  return async (method, url, headers) => {
    const query: Record<string, string> = {};
    url.searchParams.forEach((v, k) => (query[k] = v));
    const signed = await signer.sign({
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query,
      headers: { ...headers, host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    });
    return signed.headers;
  };
}

/** One signer per region for the same credentials (a SigV4 signer is bound to its region); none when anonymous. */
export function regionalSigners(credentials: CredentialsInput | undefined): (region: string) => S3Signer | undefined {
  const signers = new Map<string, S3Signer>();
  return (region) => {
    if (!credentials) return undefined;
    let sign = signers.get(region);
    if (!sign) signers.set(region, (sign = s3Signer(credentials, region)));
    return sign;
  };
}
