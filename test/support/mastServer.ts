// I/O: a local stand-in for MAST's path_lookup and Download/file endpoints, speaking their JSON/HTTP shapes.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MastServerOptions {
  /** mast: URI → cloud path as MAST answers it (`/hst/public/…`), or null for "no cloud copy". Unknown URIs answer null with 404. */
  readonly paths?: Readonly<Record<string, string | null>>;
  /** mast: URI → file bytes served by Download/file. */
  readonly files?: Readonly<Record<string, Buffer>>;
  /** URIs that need `Authorization: token <token>` (exclusive-access data). */
  readonly proprietary?: readonly string[];
  readonly token?: string;
  /** Answer path_lookup with this HTTP status instead (e.g. 503). */
  readonly lookupStatus?: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly uris: readonly string[];
  readonly useCloudPath: string | null;
}

export interface MastServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** MAST takes its token as `Authorization: token …` (cdr) or the `mast_token` cookie (astroquery's login). */
function hasToken(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return false;
  if (req.headers.authorization === `token ${token}`) return true;
  const cookies = (req.headers.cookie ?? '').split(';').map((c) => c.trim());
  return cookies.includes(`mast_token=${token}`);
}

// MAST's front end refuses very long request lines; astroquery batches 40 URIs to stay under it.
const MAX_URL = 8192;

export async function startMastServer(opts: MastServerOptions = {}): Promise<MastServer> {
  const requests: RecordedRequest[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/api/v0.1/path_lookup/' || url.pathname === '/api/v0.1/path_lookup') {
      if ((req.url ?? '').length > MAX_URL) {
        res.writeHead(414).end('Request-URI Too Large');
        return;
      }
      // astroquery sends a GET query string; a form POST is accepted too.
      const params = req.method === 'POST' ? new URLSearchParams(await body(req)) : url.searchParams;
      const uris = params.getAll('uri');
      requests.push({ method: req.method ?? '', path: url.pathname, uris, useCloudPath: params.get('use_cloud_path') });
      if (opts.lookupStatus) {
        res.writeHead(opts.lookupStatus, { 'Content-Type': 'text/plain' }).end('unavailable');
        return;
      }
      const answer: Record<string, { status_code: number; path: string | null }> = {};
      for (const u of uris) {
        const p = opts.paths?.[u];
        answer[u] = p ? { status_code: 200, path: p } : { status_code: 404, path: null };
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
      return;
    }
    if (url.pathname === '/api/v0.1/Download/file' || url.pathname === '/api/v0.1/Download/file/') {
      const uri = url.searchParams.get('uri') ?? '';
      requests.push({ method: req.method ?? '', path: url.pathname, uris: [uri], useCloudPath: null });
      const data = opts.files?.[uri];
      if (!data) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`File not found: ${uri}`);
        return;
      }
      if (opts.proprietary?.includes(uri) && !hasToken(req, opts.token)) {
        res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Unauthorized');
        return;
      }
      const name = uri.split('/').pop() ?? 'file';
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': data.length,
        'Content-Disposition': `attachment; filename="${name}"`,
      });
      res.end(req.method === 'HEAD' ? undefined : data);
      return;
    }
    if (url.pathname === '/whoami') {
      // astroquery's login asks who the token belongs to; `anon` is what it checks.
      requests.push({ method: req.method ?? '', path: url.pathname, uris: [], useCloudPath: null });
      const known = hasToken(req, opts.token) && opts.token !== undefined;
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ anon: !known, attrib: known ? { display_name: 'Test User' } : {} }));
      return;
    }
    res.writeHead(404).end('not found');
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
