// I/O (test support): S3 as a DAAC's buckets behave, in front of a real s3rver: presigned URLs (SigV4 query auth,
// made here) that refuse any request also carrying an Authorization header, as S3 does (400 InvalidArgument "Only
// one auth mechanism allowed"), and temporary session tokens that expire (400 ExpiredToken) on a shared clock.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { record, type RecordedRequest } from './recorder';

export interface S3Guard {
  readonly endpoint: string;
  readonly requests: RecordedRequest[];
  /** A SigV4 query-presigned URL for the object (s3rver's own keys), as TEA's egress hands out. */
  presign(method: 'GET' | 'HEAD', bucket: string, key: string): Promise<string>;
  /** A session token a DAAC handed out, valid until `expiresAt` on the guard's clock. */
  registerSessionToken(token: string, expiresAt: number): void;
  /** Every presigned URL issued so far now answers 403 "Request has expired". */
  expirePresigned(): void;
  /** Cut `times` object bodies after `bytes` bytes (a dropped connection), after letting `skip` GETs through. */
  dropBodies(bytes: number, times: number, skip?: number): void;
  /** Each presigned URL answers `uses` requests, then 403 "Request has expired" (null: no limit). */
  expireAfterUses(uses: number | null): void;
  /** Called for every request before it is answered (e.g. to move the shared clock). */
  onRequest: (() => void) | null;
  stop(): Promise<void>;
}

function xmlError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}

export async function startS3Guard(opts: { upstream: string; now?: () => number; region?: string }): Promise<S3Guard> {
  const now = opts.now ?? Date.now;
  const region = opts.region ?? 'us-west-2';
  const upstream = new URL(opts.upstream);
  const requests: RecordedRequest[] = [];
  const tokens = new Map<string, number>();
  const issued = new Set<string>();
  const expired = new Set<string>();
  let drop = { bytes: 0, times: 0, skip: 0 };
  let maxUses: number | null = null;
  const uses = new Map<string, number>();
  let endpoint = '';
  const guard = { onRequest: null } as S3Guard;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    record(requests, 's3', req);
    guard.onRequest?.();
    const url = new URL(req.url ?? '/', endpoint);
    const signature = url.searchParams.get('X-Amz-Signature');
    if (signature && req.headers.authorization)
      return xmlError(
        res,
        400,
        'InvalidArgument',
        'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
      );
    if (signature) uses.set(signature, (uses.get(signature) ?? 0) + 1);
    if (signature && (expired.has(signature) || (maxUses !== null && (uses.get(signature) ?? 0) > maxUses)))
      return xmlError(res, 403, 'AccessDenied', 'Request has expired');
    if (!signature) {
      const token = req.headers['x-amz-security-token'];
      const until = typeof token === 'string' ? tokens.get(token) : undefined;
      if (until === undefined)
        return xmlError(res, 403, 'InvalidToken', 'The provided token is malformed or otherwise invalid.');
      if (until <= now()) return xmlError(res, 400, 'ExpiredToken', 'The provided token has expired.');
    }
    const up = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        const ok = req.method === 'GET' && (ur.statusCode === 200 || ur.statusCode === 206);
        const skipped = ok && drop.skip > 0;
        if (skipped) drop.skip--;
        if (ok && !skipped && drop.times > 0) {
          drop.times--;
          let sent = 0;
          const limit = drop.bytes;
          ur.on('data', (c: Buffer) => {
            if (sent + c.length >= limit) {
              res.write(c.subarray(0, limit - sent));
              ur.destroy();
              res.socket?.destroy();
              return;
            }
            sent += c.length;
            res.write(c);
          });
          ur.on('end', () => res.end());
        } else ur.pipe(res);
      },
    );
    up.on('error', () => res.socket?.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const presign = async (method: 'GET' | 'HEAD', bucket: string, key: string): Promise<string> => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SignatureV4 } = require('@smithy/signature-v4') as typeof import('@smithy/signature-v4');
    type Data = string | ArrayBuffer | ArrayBufferView;
    const buf = (d: Data) =>
      typeof d === 'string'
        ? Buffer.from(d)
        : ArrayBuffer.isView(d)
          ? Buffer.from(d.buffer, d.byteOffset, d.byteLength)
          : Buffer.from(d);
    class Sha256 {
      #h;
      constructor(secret?: Data) {
        this.#h = secret === undefined ? createHash('sha256') : createHmac('sha256', buf(secret));
      }
      update(d: Data) {
        this.#h.update(buf(d));
      }
      async digest() {
        return new Uint8Array(this.#h.digest());
      }
    }
    const signer = new SignatureV4({
      service: 's3',
      region,
      sha256: Sha256,
      uriEscapePath: false,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const u = new URL(endpoint);
    const path = `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
    const signed = await signer.presign(
      {
        method,
        protocol: 'http:',
        hostname: u.hostname,
        port: Number(u.port),
        path,
        // A nonce as the egress apps' own parameters make each URL distinct (the signature changes with it).
        query: { 'A-userid': 'edl-user', 'A-nonce': randomBytes(6).toString('hex') },
        headers: { host: u.host },
      },
      { expiresIn: 3600 },
    );
    const q = new URLSearchParams(signed.query as Record<string, string>);
    issued.add(q.get('X-Amz-Signature') ?? '');
    return `${endpoint}${path}?${q.toString()}`;
  };

  Object.assign(guard, {
    endpoint,
    requests,
    presign,
    registerSessionToken: (t: string, at: number) => tokens.set(t, at),
    expirePresigned: () => issued.forEach((s) => expired.add(s)),
    dropBodies: (bytes: number, times: number, skip = 0) => (drop = { bytes, times, skip }),
    expireAfterUses: (n: number | null) => (maxUses = n),
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
  return guard;
}
