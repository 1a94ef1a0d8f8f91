// I/O: checks a finished .part file against what the server promised (size, x-amz-checksum-*, MD5 ETag).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import * as zlib from 'node:zlib';

export interface Expectations {
  readonly size: number | null;
  readonly etag: string | null;
  /** True when the file was fetched whole from the object the ETag describes (not a resumed or ranged mix). */
  readonly etagApplies: boolean;
  readonly checksum: {
    readonly algorithm: string;
    readonly value: string;
    /** How messages name it and who promised it (`SHA-256`, `the granule record`); default the S3 header. */
    readonly label?: string;
    readonly from?: string;
  } | null;
}

export interface VerifyOutcome {
  readonly verified: string[];
  readonly sha256: string | null;
  /** Why the file is not what the server promised; null when everything checked matched. */
  readonly mismatch: string | null;
}

const CATALOG_ALGORITHMS: Record<string, string> = {
  'SHA-1': 'sha1',
  SHA1: 'sha1',
  'SHA-256': 'sha256',
  SHA256: 'sha256',
  'SHA-512': 'sha512',
  SHA512: 'sha512',
  MD5: 'md5',
};

/**
 * A catalog checksum (CMR: `SHA-256` with a hex value) as the verifier's (`sha256`, base64); null for an
 * algorithm it cannot compute or a value that is not hex, which are then not checked rather than failed.
 */
export function catalogChecksum(c: {
  readonly algorithm: string;
  readonly value: string;
}): NonNullable<Expectations['checksum']> | null {
  const algorithm = CATALOG_ALGORITHMS[c.algorithm.trim().toUpperCase()];
  const hex = c.value.trim().toLowerCase();
  if (!algorithm || !/^[0-9a-f]+$/.test(hex) || hex.length % 2) return null;
  return {
    algorithm,
    value: Buffer.from(hex, 'hex').toString('base64'),
    label: c.algorithm.trim().toUpperCase(),
    from: 'the catalog',
  };
}

/** A plain MD5 ETag (single-part upload, no SSE-KMS): 32 hex digits, optionally quoted. */
export function md5FromEtag(etag: string | null): string | null {
  const m = /^(?:W\/)?"?([0-9a-f]{32})"?$/i.exec(etag ?? '');
  return m ? m[1].toLowerCase() : null;
}

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

function crc32c(buf: Uint8Array, prev: number): number {
  let c = ~prev >>> 0;
  for (let i = 0; i < buf.length; i++) c = CRC32C_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

interface Hasher {
  update(b: Uint8Array): void;
  base64(): string;
}

function u32be(n: number): string {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b.toString('base64');
}

export function makeHasher(algorithm: string): Hasher | null {
  switch (algorithm) {
    case 'crc32': {
      let v = 0;
      return { update: (b) => (v = zlib.crc32(b, v)), base64: () => u32be(v) };
    }
    case 'crc32c': {
      let v = 0;
      return { update: (b) => (v = crc32c(b, v)), base64: () => u32be(v) };
    }
    case 'sha1':
    case 'sha256':
    case 'sha512':
    case 'md5': {
      const h = createHash(algorithm);
      return { update: (b) => h.update(b), base64: () => h.digest('base64') };
    }
    default:
      return null;
  }
}

/**
 * Reads the file once and checks every promise that applies. The read is skipped entirely when only the size
 * can be checked, so public data without checksums costs nothing extra.
 */
export async function verifyFile(
  path: string,
  actualSize: number,
  expect: Expectations,
  signal?: AbortSignal,
): Promise<VerifyOutcome> {
  const verified: string[] = [];
  if (expect.size !== null) {
    if (actualSize !== expect.size)
      return { verified, sha256: null, mismatch: `size is ${actualSize} bytes, expected ${expect.size}` };
    verified.push('size');
  }
  const hashers = new Map<string, Hasher>();
  const checksum = expect.checksum && makeHasher(expect.checksum.algorithm) ? expect.checksum : null;
  if (checksum) hashers.set(checksum.algorithm, makeHasher(checksum.algorithm) as Hasher);
  const md5 = expect.etagApplies ? md5FromEtag(expect.etag) : null;
  if (md5 && !hashers.has('md5')) hashers.set('md5', makeHasher('md5') as Hasher);
  if (hashers.size === 0) return { verified, sha256: null, mismatch: null };
  if (!hashers.has('sha256')) hashers.set('sha256', makeHasher('sha256') as Hasher);

  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, signal })) {
    for (const h of hashers.values()) h.update(chunk as Buffer);
  }
  const digests = new Map([...hashers].map(([k, h]) => [k, h.base64()]));
  const sha256 = Buffer.from(digests.get('sha256') as string, 'base64').toString('hex');
  if (checksum) {
    if (digests.get(checksum.algorithm) !== checksum.value) {
      return {
        verified,
        sha256,
        mismatch: checksum.from
          ? `${checksum.label ?? checksum.algorithm} is ${Buffer.from(digests.get(checksum.algorithm) as string, 'base64').toString('hex')}, ${checksum.from} says ${Buffer.from(checksum.value, 'base64').toString('hex')}`
          : `${checksum.algorithm} is ${digests.get(checksum.algorithm)}, the server says ${checksum.value}`,
      };
    }
    verified.push(checksum.algorithm);
  }
  if (md5) {
    const got = Buffer.from(digests.get('md5') as string, 'base64').toString('hex');
    if (got !== md5) return { verified, sha256, mismatch: `MD5 is ${got}, the ETag says ${md5}` };
    verified.push('md5-etag');
  }
  return { verified, sha256, mismatch: null };
}
