// I/O: a local stand-in for MAST's path_lookup, Download/file and portal (invoke, columnsconfig) endpoints, speaking their JSON/HTTP shapes.
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
  /** Observations for the portal API (`/api/v0/invoke`): Mast.Caom.Filtered finds them, Mast.Caom.Products lists their products. */
  readonly observations?: readonly MastObservation[];
  /** Answer each distinct invoke request with `status: EXECUTING` this many times before the result (long polling). */
  readonly executingPolls?: number;
  /** Answer /api/v0/invoke with this HTTP status instead (e.g. 503). */
  readonly invokeStatus?: number;
}

/** One CAOM observation and its product rows, in the column names MAST uses. */
export interface MastObservation {
  readonly obsid: string;
  readonly obs_collection: string;
  readonly obs_id: string;
  readonly products: readonly MastProductRow[];
}

export interface MastProductRow {
  readonly obsID: string;
  readonly obs_collection: string;
  readonly obs_id: string;
  readonly dataURI: string;
  readonly productFilename: string;
  readonly productType: string;
  readonly productSubGroupDescription: string | null;
  readonly productGroupDescription: string | null;
  readonly size: number;
  readonly dataRights?: string;
  readonly parent_obsid?: string;
}

export interface InvokeRecord {
  readonly service: string;
  readonly params: Record<string, unknown>;
  readonly page: number;
  readonly pagesize: number;
}

/** Column types as MAST's columnsconfig reports them (`vot.datatype`); astroquery reads them to build filters. */
const CAOM_COLUMNS: Record<string, string> = {
  obsid: 'char',
  obs_collection: 'char',
  obs_id: 'char',
  dataproduct_type: 'char',
  target_name: 'char',
  instrument_name: 'char',
  s_ra: 'double',
  s_dec: 'double',
  t_min: 'double',
  t_max: 'double',
  calib_level: 'int',
};
const PRODUCT_COLUMNS: Record<string, string> = {
  obsID: 'char',
  obs_collection: 'char',
  dataproduct_type: 'char',
  obs_id: 'char',
  description: 'char',
  type: 'char',
  dataURI: 'char',
  productType: 'char',
  productGroupDescription: 'char',
  productSubGroupDescription: 'char',
  productDocumentationURL: 'char',
  project: 'char',
  prvversion: 'char',
  proposal_id: 'char',
  productFilename: 'char',
  size: 'long',
  parent_obsid: 'char',
  dataRights: 'char',
  calib_level: 'int',
};

function columnsConfig(id: string): Record<string, Record<string, string>> {
  const cols = id === 'Mast.Caom.Products' ? PRODUCT_COLUMNS : id.startsWith('Mast.Caom.') ? CAOM_COLUMNS : {};
  return Object.fromEntries(Object.entries(cols).map(([name, type]) => [name, { text: name, 'vot.datatype': type }]));
}

function fields(rows: readonly Record<string, unknown>[], types: Record<string, string>) {
  const names = rows.length ? Object.keys(rows[0]!) : Object.keys(types);
  return names.map((name) => ({
    name,
    type: types[name] === 'double' ? 'float' : types[name] === 'char' ? 'string' : (types[name] ?? 'string'),
  }));
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
  /** Every portal request (`/api/v0/invoke`), decoded. */
  readonly invokes: InvokeRecord[];
  /** colConfigId of each columnsconfig request. */
  readonly columnsConfigs: string[];
  close(): Promise<void>;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// MAST's front end refuses very long request lines; astroquery batches 40 URIs to stay under it.
const MAX_URL = 8192;

export async function startMastServer(opts: MastServerOptions = {}): Promise<MastServer> {
  const requests: RecordedRequest[] = [];
  const invokes: InvokeRecord[] = [];
  const columnsConfigs: string[] = [];
  const polls = new Map<string, number>();
  const invoke = (body: Record<string, unknown>): Record<string, unknown> => {
    const service = String(body.service ?? '');
    const params = (body.params ?? {}) as Record<string, unknown>;
    const pagesize = Number(body.pagesize ?? 1000) || 1000;
    const page = Number(body.page ?? 1) || 1;
    invokes.push({ service, params, page, pagesize });
    let rows: Record<string, unknown>[];
    if (service === 'Mast.Caom.Filtered') {
      const filters = (params.filters ?? []) as { paramName: string; values: unknown[] }[];
      rows = (opts.observations ?? [])
        .filter((o) =>
          filters.every((f) => {
            const v = (o as unknown as Record<string, unknown>)[f.paramName];
            // obs_id matching is case-insensitive here: both spellings appear in MAST's own examples.
            return f.values.some((w) => String(w).toLowerCase() === String(v).toLowerCase());
          }),
        )
        .map((o) => ({
          obsid: o.obsid,
          obs_collection: o.obs_collection,
          obs_id: o.obs_id,
          dataproduct_type: 'image',
        }));
    } else if (service === 'Mast.Caom.Products') {
      const ids = String(params.obsid ?? '').split(',');
      rows = (opts.observations ?? [])
        .filter((o) => ids.includes(o.obsid))
        .flatMap((o) => o.products.map((p) => ({ parent_obsid: o.obsid, dataRights: 'PUBLIC', ...p })));
    } else {
      return { status: 'ERROR', msg: `Unknown service: ${service}`, data: [], fields: [] };
    }
    const types = service === 'Mast.Caom.Products' ? PRODUCT_COLUMNS : CAOM_COLUMNS;
    const pages = Math.max(1, Math.ceil(rows.length / pagesize));
    return {
      status: 'COMPLETE',
      msg: '',
      data: rows.slice((page - 1) * pagesize, page * pagesize),
      fields: fields(rows, types),
      paging: {
        page,
        pageSize: pagesize,
        pagesFiltered: pages,
        rows: Math.min(pagesize, Math.max(0, rows.length - (page - 1) * pagesize)),
        rowsFiltered: rows.length,
        rowsTotal: rows.length,
      },
    };
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/api/v0/invoke') {
      // MAST takes the request as a form field (astroquery POSTs it) or as a GET query parameter.
      const form = req.method === 'POST' ? new URLSearchParams(await body(req)) : url.searchParams;
      if (opts.invokeStatus) {
        res.writeHead(opts.invokeStatus, { 'Content-Type': 'text/plain' }).end('unavailable');
        return;
      }
      let request: Record<string, unknown>;
      try {
        request = JSON.parse(form.get('request') ?? '') as Record<string, unknown>;
      } catch {
        res.writeHead(400, { 'Content-Type': 'text/plain' }).end('request is not JSON');
        return;
      }
      const key = JSON.stringify(request);
      const seen = polls.get(key) ?? 0;
      if (seen < (opts.executingPolls ?? 0)) {
        polls.set(key, seen + 1);
        invokes.push({ service: String(request.service), params: {}, page: Number(request.page ?? 1), pagesize: 0 });
        res
          .writeHead(200, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ status: 'EXECUTING', msg: '', data: [] }));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(invoke(request)));
      return;
    }
    if (url.pathname === '/portal/Mashup/Mashup.asmx/columnsconfig') {
      const form = req.method === 'POST' ? new URLSearchParams(await body(req)) : url.searchParams;
      const id = form.get('colConfigId') ?? '';
      columnsConfigs.push(id);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(columnsConfig(id)));
      return;
    }
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
      if (opts.proprietary?.includes(uri) && req.headers.authorization !== `token ${opts.token ?? ''}`) {
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
    invokes,
    columnsConfigs,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
