// I/O (test support): a DAAC's egress app in one of its two styles, in front of the S3 guard:
//   tea:     302 → EDL authorize (app_type=401), /login 301 + `asf-urs` cookie, 303 → presigned URL
//   cumulus: 307 → EDL authorize,                /login 301 + `accessToken` cookie, 307 → presigned URL
// A bearer token EDL issued is accepted instead of the flow. /s3credentials hands out session tokens whose lifetime
// the test sets. Paths are `/<bucket>/<key>` (LP DAAC style).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { EdlServer, EdlUser } from './edlServer';
import { record, type RecordedRequest } from './recorder';
import type { S3Guard } from './s3Guard';
import { listenLocal } from '../listenLocal';

export type DaacStyle = 'tea' | 'cumulus';

export interface DaacServer {
  readonly origin: string;
  readonly clientId: string;
  readonly requests: RecordedRequest[];
  readonly s3CredentialsUrl: string;
  /** Lifetime of the next /s3credentials answers (default 3600 s, as TEA's assume_role). */
  setCredentialsLifetime(seconds: number): void;
  /** How many times /s3credentials handed out keys. */
  credentialsIssued(): number;
  stop(): Promise<void>;
}

const COOKIE: Record<DaacStyle, string> = { tea: 'asf-urs', cumulus: 'accessToken' };

export async function startDaacServer(opts: {
  style: DaacStyle;
  edl: EdlServer;
  s3: S3Guard;
  now?: () => number;
}): Promise<DaacServer> {
  const { style, edl, s3 } = opts;
  const now = opts.now ?? Date.now;
  const clientId = `daac-${style}`;
  const requests: RecordedRequest[] = [];
  const sessions = new Map<string, EdlUser>();
  let lifetime = 3600;
  let issuedCount = 0;
  let origin = '';

  const authorizeUrl = (path: string) => {
    const u = new URL('/oauth/authorize', edl.origin);
    u.searchParams.set('client_id', clientId);
    u.searchParams.set('response_type', 'code');
    u.searchParams.set('redirect_uri', `${origin}/login`);
    u.searchParams.set('state', path);
    // TEA asks EDL for a Basic challenge when the client is not a browser; Cumulus does not.
    if (style === 'tea') u.searchParams.set('app_type', '401');
    return u.href;
  };

  /** The user of a valid cookie or bearer token; 'eula' when the token's user has not accepted this app's EULA. */
  const authUser = (req: IncomingMessage, res: ServerResponse): EdlUser | 'eula' | null => {
    const m = new RegExp(`(?:^|;\\s*)${COOKIE[style]}=([^;]+)`).exec(req.headers.cookie ?? '');
    const fromCookie = m ? sessions.get(m[1]) : undefined;
    if (fromCookie) return fromCookie;
    const b = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    const user = b ? edl.validToken(b[1]) : null;
    if (!user) return null;
    if (user.eulaNotAccepted?.includes(clientId)) return 'eula';
    const sid = randomBytes(12).toString('hex');
    sessions.set(sid, user);
    res.setHeader('set-cookie', `${COOKIE[style]}=${sid}; Path=/; HttpOnly`);
    return user;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    record(requests, style, req);
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/login') {
      const state = url.searchParams.get('state') ?? '/';
      if (url.searchParams.get('error')) {
        res.writeHead(401, { 'content-type': 'text/html' });
        res.end(
          `<html><body>Could not log in: ${url.searchParams.get('error')}. Be sure to agree to the EULA: <a href="${edl.eulaUrl(clientId)}">accept it</a></body></html>`,
        );
        return;
      }
      const tokenRes = await fetch(`${edl.origin}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: url.searchParams.get('code') ?? '',
          redirect_uri: `${origin}/login`,
        }),
      });
      if (!tokenRes.ok) {
        res.writeHead(401);
        res.end('bad code');
        return;
      }
      const { access_token } = (await tokenRes.json()) as { access_token: string };
      const user = edl.validToken(access_token);
      if (!user) {
        res.writeHead(401);
        res.end('bad token');
        return;
      }
      const sid = randomBytes(12).toString('hex');
      sessions.set(sid, user);
      res.writeHead(301, { location: `${origin}${state}`, 'set-cookie': `${COOKIE[style]}=${sid}; Path=/; HttpOnly` });
      res.end();
      return;
    }
    const user = authUser(req, res);
    if (user === 'eula') {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error_description: 'EULA Acceptance Failure',
          resolution_url: edl.eulaUrl(clientId),
        }),
      );
      return;
    }
    if (!user) {
      res.writeHead(style === 'tea' ? 302 : 307, { location: authorizeUrl(url.pathname) });
      res.end();
      return;
    }
    if (url.pathname === '/s3credentials') {
      issuedCount++;
      const sessionToken = `FwoGZX${randomBytes(16).toString('hex')}`;
      const expiresAt = now() + lifetime * 1000;
      s3.registerSessionToken(sessionToken, expiresAt);
      const iso = new Date(expiresAt).toISOString();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          accessKeyId: 'S3RVER',
          secretAccessKey: 'S3RVER',
          sessionToken,
          // TEA's spelling: "2021-01-27 00:50:09+00:00"
          expiration: style === 'tea' ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}+00:00` : iso,
        }),
      );
      return;
    }
    const [, bucket, ...key] = url.pathname.split('/');
    if (!bucket || !key.length) {
      res.writeHead(404);
      res.end();
      return;
    }
    const target = await s3.presign(
      req.method === 'HEAD' ? 'HEAD' : 'GET',
      decodeURIComponent(bucket),
      key.map(decodeURIComponent).join('/'),
    );
    res.writeHead(style === 'tea' ? 303 : 307, { location: target, 'cache-control': 'private, max-age=3540' });
    res.end();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  const local = await listenLocal(server);
  origin = local.origin;
  return {
    origin,
    clientId,
    requests,
    s3CredentialsUrl: `${origin}/s3credentials`,
    setCredentialsLifetime: (s) => (lifetime = s),
    credentialsIssued: () => issuedCount,
    stop: local.stop,
  };
}
