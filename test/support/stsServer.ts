// I/O: a local STS stand-in on 127.0.0.1 that speaks the real Query protocol (form-encoded POST, XML answers) for
// GetCallerIdentity, and checks each request's SigV4 signature against the secret of the key it names, as STS does.
// Reach it through AWS_ENDPOINT_URL_STS=<url> in the injected env.
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import http from 'node:http';
import { listenLocal } from './listenLocal';

export interface StsIdentity {
  readonly secretAccessKey: string;
  readonly account: string;
  readonly arn: string;
  readonly userId: string;
}

export interface StsServer {
  readonly url: string;
  /** Every request, for assertions: action, the access key id and region of the signature. */
  readonly requests: { action: string; accessKeyId: string; region: string; sessionToken?: string }[];
  close(): Promise<void>;
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

function bytes(d: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof d === 'string') return d;
  return d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

/** SHA-256 (or HMAC-SHA-256 with a secret) in the shape SignatureV4 asks for, from node:crypto. */
class Sha256 {
  readonly #h: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#h.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#h.digest()));
  }
  reset(): void {}
}

function error(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'text/xml' });
  res.end(
    `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>req-err</RequestId></ErrorResponse>`,
  );
}

/** `identities` maps an access key id to who it is. */
export async function startStsServer(identities: Readonly<Record<string, StsIdentity>>): Promise<StsServer> {
  const requests: StsServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const form = new URLSearchParams(body);
        const auth = String(req.headers.authorization ?? '');
        const m =
          /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/sts\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
            auth,
          );
        if (req.method !== 'POST' || !m)
          return error(res, 403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
        const [, keyId, , region, signedHeaders, signature] = m as unknown as string[];
        const token = req.headers['x-amz-security-token'] as string | undefined;
        requests.push({
          action: form.get('Action') ?? '',
          accessKeyId: keyId!,
          region: region!,
          ...(token ? { sessionToken: token } : {}),
        });
        const who = identities[keyId!];
        if (!who)
          return error(res, 403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
        // Recompute the signature over the signed headers with the secret STS knows for this key.
        const headers: Record<string, string> = {};
        for (const h of signedHeaders!.split(';')) headers[h] = String(req.headers[h] ?? '');
        const amzDate = headers['x-amz-date'] ?? '';
        const date = new Date(
          `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
        );
        const signer = new SignatureV4({
          service: 'sts',
          region: region!,
          sha256: Sha256,
          credentials: {
            accessKeyId: keyId!,
            secretAccessKey: who.secretAccessKey,
            ...(token ? { sessionToken: token } : {}),
          },
        });
        const url = new URL(req.url ?? '/', `http://${headers.host}`);
        const signed = await signer.sign(
          {
            method: 'POST',
            protocol: 'http:',
            hostname: url.hostname,
            port: Number(url.port),
            path: url.pathname,
            query: {},
            headers,
            body,
          },
          { signingDate: date },
        );
        const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1];
        if (expected !== signature)
          return error(
            res,
            403,
            'SignatureDoesNotMatch',
            'The request signature we calculated does not match the signature you provided.',
          );
        if (form.get('Action') !== 'GetCallerIdentity' || form.get('Version') !== '2011-06-15')
          return error(res, 400, 'InvalidAction', `Could not find operation ${form.get('Action') ?? ''}`);
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(
          `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult><Arn>${who.arn}</Arn><UserId>${who.userId}</UserId><Account>${who.account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
        );
      })();
    });
  });
  const local = await listenLocal(server);
  return {
    url: local.origin,
    requests,
    close: local.stop,
  };
}
