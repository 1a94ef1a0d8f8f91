// I/O: a local EC2 instance-metadata server (IMDSv2 protocol) on 127.0.0.1 for tests, benchmarks and demos.
// Reach it through AWS_EC2_METADATA_SERVICE_ENDPOINT=<url> in the injected env.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ImdsServerOptions {
  /** `v2-required` (HttpTokens=required; the default on current AMIs), `v2-optional`, or `v1-only` (token PUT refused). */
  readonly mode?: 'v2-required' | 'v2-optional' | 'v1-only';
  /** Status of the token PUT in v1-only mode: 403 (IMDSv2 turned off) or 404 (an old endpoint). Default 403. */
  readonly v1OnlyTokenStatus?: 403 | 404;
  /** Accept connections and requests, never answer: a blocked or black-holed IMDS. */
  readonly silent?: boolean;
  /** Delay before answering, for every request or per path under /latest/ (e.g. `api/token`, `meta-data/placement/region`). */
  readonly delayMs?: number | Readonly<Record<string, number>>;
  /** Answer these paths under /latest/ with this status instead, e.g. `{ 'meta-data/placement/region': 500 }`. */
  readonly fail?: Readonly<Record<string, number>>;
  readonly region?: string;
  readonly availabilityZone?: string;
  readonly instanceId?: string;
  readonly instanceType?: string;
  readonly accountId?: string;
  /** Instance profile role; `null` for an instance without one (iam/* answer 404). Default `cdr-test-role`. */
  readonly role?: string | null;
  /** Credentials served at iam/security-credentials/<role>; documented example keys by default. */
  readonly credentials?: { AccessKeyId: string; SecretAccessKey: string; Token: string; Expiration?: string };
  /** Extra or replaced paths under /latest/, e.g. `{ 'meta-data/ami-id': 'ami-123' }`. */
  readonly extra?: Readonly<Record<string, string>>;
}

export interface RecordedImdsRequest {
  readonly method: string;
  /** Normalised path (`//latest/x` → `/latest/x`, as the SDK's metadata client sends doubled slashes). */
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  /** The status answered, or null while unanswered (silent mode, pending delays). */
  status: number | null;
}

export interface ImdsServer {
  /** `http://127.0.0.1:<port>`: the value for AWS_EC2_METADATA_SERVICE_ENDPOINT. */
  readonly url: string;
  readonly requests: RecordedImdsRequest[];
  close(): Promise<void>;
}

function documentFor(
  o: Required<Pick<ImdsServerOptions, 'region' | 'availabilityZone' | 'instanceId' | 'instanceType' | 'accountId'>>,
): string {
  return JSON.stringify(
    {
      accountId: o.accountId,
      architecture: 'x86_64',
      availabilityZone: o.availabilityZone,
      imageId: 'ami-0123456789abcdef0',
      instanceId: o.instanceId,
      instanceType: o.instanceType,
      pendingTime: '2026-01-01T00:00:00Z',
      privateIp: '10.0.0.12',
      region: o.region,
      version: '2017-09-30',
    },
    null,
    2,
  );
}

function buildTree(opts: ImdsServerOptions): Map<string, string> {
  const region = opts.region ?? 'us-east-1';
  const o = {
    region,
    availabilityZone: opts.availabilityZone ?? `${region}a`,
    instanceId: opts.instanceId ?? 'i-0123456789abcdef0',
    instanceType: opts.instanceType ?? 'm5.large',
    accountId: opts.accountId ?? '123456789012',
  };
  const tree = new Map<string, string>([
    ['meta-data/placement/region', o.region],
    ['meta-data/placement/availability-zone', o.availabilityZone],
    ['meta-data/instance-id', o.instanceId],
    ['meta-data/instance-type', o.instanceType],
    ['meta-data/ami-id', 'ami-0123456789abcdef0'],
    ['dynamic/instance-identity/document', documentFor(o)],
  ]);
  const role = opts.role === undefined ? 'cdr-test-role' : opts.role;
  if (role) {
    tree.set(
      'meta-data/iam/info',
      JSON.stringify({
        Code: 'Success',
        LastUpdated: '2026-01-01T00:00:00Z',
        InstanceProfileArn: `arn:aws:iam::${o.accountId}:instance-profile/${role}`,
        InstanceProfileId: 'AIPAEXAMPLEPROFILEID0',
      }),
    );
    tree.set('meta-data/iam/security-credentials/', role);
    const c = opts.credentials ?? {
      AccessKeyId: 'ASIAIOSFODNN7EXAMPLE',
      SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      Token: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN',
    };
    tree.set(
      `meta-data/iam/security-credentials/${role}`,
      JSON.stringify({
        Code: 'Success',
        LastUpdated: '2026-01-01T00:00:00Z',
        Type: 'AWS-HMAC',
        Expiration: c.Expiration ?? new Date(Date.now() + 6 * 3600_000).toISOString(),
        AccessKeyId: c.AccessKeyId,
        SecretAccessKey: c.SecretAccessKey,
        Token: c.Token,
      }),
    );
  }
  for (const [k, v] of Object.entries(opts.extra ?? {})) tree.set(k, v);
  return tree;
}

export async function startImdsServer(opts: ImdsServerOptions = {}): Promise<ImdsServer> {
  const mode = opts.mode ?? 'v2-required';
  const tree = buildTree(opts);
  const tokens = new Map<string, number>();
  const requests: RecordedImdsRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const delayFor = (sub: string): number =>
    typeof opts.delayMs === 'number' ? opts.delayMs : (opts.delayMs?.[sub] ?? 0);

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0].replace(/\/{2,}/g, '/');
    const rec: RecordedImdsRequest = { method: req.method ?? 'GET', path, headers: req.headers, status: null };
    requests.push(rec);
    req.resume();
    if (opts.silent) return;
    const sub = path.startsWith('/latest/') ? path.slice('/latest/'.length) : '';
    const send = (status: number, body = '', headers: Record<string, string> = {}) => {
      const go = () => {
        rec.status = status;
        res.writeHead(status, { 'content-type': 'text/plain', ...headers });
        res.end(body);
      };
      const d = delayFor(sub);
      if (d > 0) {
        const t = setTimeout(() => {
          timers.delete(t);
          go();
        }, d);
        timers.add(t);
      } else go();
    };

    const forced = opts.fail?.[sub];
    if (forced !== undefined) return send(forced, http.STATUS_CODES[forced] ?? '');

    if (sub === 'api/token') {
      if (req.method !== 'PUT') return send(405, 'Method Not Allowed');
      if (mode === 'v1-only') return send(opts.v1OnlyTokenStatus ?? 403, 'Forbidden');
      // A proxied request must never get a token (IMDS's SSRF defence).
      if (req.headers['x-forwarded-for'] !== undefined) return send(403, 'Forbidden');
      const ttlText = req.headers['x-aws-ec2-metadata-token-ttl-seconds'];
      const ttl = typeof ttlText === 'string' && /^\d+$/.test(ttlText) ? Number(ttlText) : NaN;
      if (!(ttl >= 1 && ttl <= 21600)) return send(400, 'Bad Request');
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, Date.now() + ttl * 1000);
      return send(200, token, { 'x-aws-ec2-metadata-token-ttl-seconds': String(ttl) });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method Not Allowed');
    const token = req.headers['x-aws-ec2-metadata-token'];
    if (typeof token === 'string') {
      const exp = tokens.get(token);
      if (mode === 'v1-only' || exp === undefined || exp < Date.now()) return send(401, 'Unauthorized');
    } else if (mode === 'v2-required') {
      return send(401, 'Unauthorized');
    }
    const body = tree.get(sub);
    if (body !== undefined)
      return send(
        200,
        body,
        sub.endsWith('document') || sub.includes('iam/') ? { 'content-type': 'application/json' } : {},
      );
    // Directory listings, as the real service answers a path ending in '/'.
    if (sub.endsWith('/') || sub === 'meta-data') {
      const prefix = sub.endsWith('/') ? sub : `${sub}/`;
      const children = [
        ...new Set(
          [...tree.keys()]
            .filter((k) => k.startsWith(prefix) && k !== prefix)
            .map((k) => k.slice(prefix.length).replace(/\/.*$/, '/')),
        ),
      ];
      if (children.length) return send(200, children.join('\n'));
    }
    return send(404, 'Not Found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
