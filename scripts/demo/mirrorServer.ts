// I/O: a plain-HTTP stand-in for an archive's web area (HEASARC's /FTP/ tree) on 127.0.0.1: GET/HEAD,
// single byte ranges, strong ETags and an FTP-like directory listing, serving bytes held in memory.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MirrorServer {
  /** `http://127.0.0.1:<port>`; files are under `<url><prefix><path>`. */
  readonly url: string;
  /** e.g. `http://127.0.0.1:<port>/FTP/`: the urlPrefix for CDR_MIRRORS. */
  readonly prefixUrl: string;
  close(): Promise<void>;
}

const LAST_MODIFIED = new Date('2026-01-01T00:00:00Z').toUTCString();

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` → [start, end] inclusive; null when unsatisfiable; undefined when absent or multi-range. */
function parseRange(h: string | undefined, size: number): [number, number] | null | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(h ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const n = Number(m[2]);
    return n === 0 ? null : [Math.max(0, size - n), size - 1];
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return start >= size || end < start ? null : [start, end];
}

/** `files`: path below the prefix (`chandra/data/…/x.fits`) → bytes. */
export async function startMirrorServer(opts: {
  files: ReadonlyMap<string, Buffer>;
  prefix?: string;
}): Promise<MirrorServer> {
  const prefix = opts.prefix ?? '/FTP/';
  const etags = new Map([...opts.files].map(([p, b]) => [p, `"${createHash('md5').update(b).digest('hex')}"`]));

  const listing = (dir: string): string[] => {
    const names = new Set<string>();
    for (const p of opts.files.keys()) if (p.startsWith(dir)) names.add(p.slice(dir.length).replace(/\/.*$/, '/'));
    return [...names].sort();
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return void res.writeHead(400).end('bad path');
    }
    if (!path.startsWith(prefix)) return void res.writeHead(404).end('not found');
    const rel = path.slice(prefix.length);
    const data = opts.files.get(rel);
    if (!data) {
      const entries = rel === '' || rel.endsWith('/') ? listing(rel) : [];
      if (entries.length === 0)
        return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`Not found: ${path}`);
      const html = `<!DOCTYPE html><title>Index of ${escapeHtml(path)}</title><h1>Index of ${escapeHtml(path)}</h1><ul>${entries.map((e) => `<li><a href="${encodeURI(e)}">${escapeHtml(e)}</a></li>`).join('')}</ul>`;
      return void res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) })
        .end(req.method === 'HEAD' ? undefined : html);
    }
    const etag = etags.get(rel) ?? '';
    const common = {
      'Accept-Ranges': 'bytes',
      ETag: etag,
      'Last-Modified': LAST_MODIFIED,
      'Content-Type': 'application/octet-stream',
    };
    const ifMatch = req.headers['if-match'];
    if (ifMatch && ifMatch !== '*' && !ifMatch.split(/\s*,\s*/).includes(etag))
      return void res.writeHead(412, common).end();
    const range = parseRange(req.headers.range, data.length);
    if (range === null) return void res.writeHead(416, { ...common, 'Content-Range': `bytes */${data.length}` }).end();
    if (range) {
      const [a, b] = range;
      res.writeHead(206, { ...common, 'Content-Length': b - a + 1, 'Content-Range': `bytes ${a}-${b}/${data.length}` });
      return void res.end(req.method === 'HEAD' ? undefined : data.subarray(a, b + 1));
    }
    res.writeHead(200, { ...common, 'Content-Length': data.length });
    res.end(req.method === 'HEAD' ? undefined : data);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    prefixUrl: `${url}${prefix}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
