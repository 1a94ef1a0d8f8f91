// I/O: local stand-ins on 127.0.0.1 for the container credentials endpoint and IMDS, shared by botocore and cdr runs.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const creds = (tag: string) => ({
  AccessKeyId: `ASIA${tag.toUpperCase().padEnd(16, 'X')}`,
  SecretAccessKey: 'secret-for-tests-only',
  Token: 'token-for-tests-only',
  Expiration: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
});

/** Container: /ok, /fail (500), /nokeys (JSON without Token). IMDS: /<variant>/latest/... with variants ok, v1, t400, norole. */
export async function startFakeServers(): Promise<{ base: string; base2: string; close: () => Promise<void> }> {
  const handler: http.RequestListener = (req, res) => {
    const url = req.url ?? '/';
    const send = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(body);
    };
    if (url.startsWith('/container/')) {
      const what = url.slice('/container/'.length);
      if (what === 'ok') return send(200, JSON.stringify(creds('container')));
      if (what === 'nokeys') return send(200, JSON.stringify({ AccessKeyId: 'ASIAX', SecretAccessKey: 's' }));
      return send(500, 'no');
    }
    const m = /^\/imds-(\w+)\/+latest\/(.*)$/.exec(url);
    if (!m) return send(404, 'not found');
    const [, variant, rest] = m as unknown as [string, string, string];
    if (rest === 'api/token' && req.method === 'PUT') {
      if (variant === 'v1') return send(403, 'forbidden');
      if (variant === 't400') return send(400, 'bad');
      return send(200, 'TOKEN123');
    }
    if (variant !== 'v1' && req.headers['x-aws-ec2-metadata-token'] !== 'TOKEN123') return send(401, 'unauthorized');
    if (rest === 'meta-data/iam/security-credentials/')
      return variant === 'norole' ? send(404, 'none') : send(200, 'role1');
    if (rest === 'meta-data/iam/security-credentials/role1')
      return send(200, JSON.stringify({ Code: 'Success', ...creds('imds') }));
    return send(404, 'not found');
  };
  // The second listener, on another loopback address, tells botocore 1.29 (only 127.0.0.1) from 1.32+ (any loopback).
  const servers = [http.createServer(handler), http.createServer(handler)];
  await new Promise<void>((r) => servers[0]!.listen(0, '127.0.0.1', r));
  await new Promise<void>((r) => servers[1]!.listen(0, '127.0.0.2', r));
  const port = (i: number) => (servers[i]!.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port(0)}`,
    base2: `http://127.0.0.2:${port(1)}`,
    close: () => Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r())))).then(() => undefined),
  };
}
