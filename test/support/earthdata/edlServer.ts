// I/O (test support): a local stand-in for Earthdata Login: OAuth authorize (a Basic challenge for app_type=401,
// a login page otherwise), /oauth/token, its session cookies, user tokens (JWTs with uid/exp) and /profile.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { record, type RecordedRequest } from './recorder';
import { listenLocal } from '../listenLocal';

export interface EdlUser {
  readonly username: string;
  readonly password: string;
  /** Apps (client ids) whose EULA this user has not accepted: authorize answers access_denied for them. */
  readonly eulaNotAccepted?: readonly string[];
}

export interface EdlServer {
  readonly origin: string;
  readonly requests: RecordedRequest[];
  /** A signed-looking JWT for this user (`uid`, `exp` = now + seconds; negative for an expired one). */
  issueToken(username: string, expiresInSec?: number): string;
  /** The user a live token belongs to, or null (unknown or expired). */
  validToken(token: string): EdlUser | null;
  /** The page where a user accepts an app's EULA (what a DAAC points to). */
  eulaUrl(clientId: string): string;
  /** A user by name (the DAAC stand-ins check EULA acceptance with it). */
  user(username: string): EdlUser | undefined;
  stop(): Promise<void>;
}

function b64url(o: object | Buffer): string {
  return (Buffer.isBuffer(o) ? o : Buffer.from(JSON.stringify(o))).toString('base64url');
}

function basicUser(req: IncomingMessage, users: Map<string, EdlUser>): EdlUser | null | 'bad' {
  const m = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return null;
  const [u, ...rest] = Buffer.from(m[1], 'base64').toString('utf8').split(':');
  const user = users.get(u);
  return user && user.password === rest.join(':') ? user : 'bad';
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startEdlServer(opts: { users: readonly EdlUser[]; now?: () => number }): Promise<EdlServer> {
  const now = opts.now ?? Date.now;
  const users = new Map(opts.users.map((u) => [u.username, u]));
  const requests: RecordedRequest[] = [];
  const tokens = new Map<string, { username: string; exp: number }>();
  const codes = new Map<string, string>();
  const sessions = new Map<string, string>();
  let origin = '';

  const issueToken = (username: string, expiresInSec = 3600): string => {
    const iat = Math.floor(now() / 1000);
    const payload = { type: 'User', uid: username, exp: iat + expiresInSec, iat, iss: origin };
    const token = `${b64url({ typ: 'JWT', alg: 'RS256' })}.${b64url(payload)}.${b64url(randomBytes(32))}`;
    tokens.set(token, { username, exp: payload.exp });
    return token;
  };
  const validToken = (token: string): EdlUser | null => {
    const t = tokens.get(token);
    return t && t.exp * 1000 > now() ? (users.get(t.username) ?? null) : null;
  };
  const cookieUser = (req: IncomingMessage): EdlUser | null => {
    const m = /(?:^|;\s*)_urs-gui_session=([^;]+)/.exec(req.headers.cookie ?? '');
    const u = m ? sessions.get(m[1]) : undefined;
    return u ? (users.get(u) ?? null) : null;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    record(requests, 'edl', req);
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/oauth/authorize') {
      const clientId = url.searchParams.get('client_id') ?? '';
      const redirect = url.searchParams.get('redirect_uri') ?? '';
      const state = url.searchParams.get('state') ?? '';
      const basic = basicUser(req, users);
      const user = basic === 'bad' ? null : (basic ?? cookieUser(req));
      if (!user) {
        if (url.searchParams.get('app_type') === '401' || basic === 'bad') {
          res.writeHead(401, {
            'www-authenticate': 'Basic realm="Please enter your Earthdata Login credentials."',
            'content-type': 'text/plain',
          });
          res.end('HTTP Basic: Access denied.\n');
        } else {
          res.writeHead(200, { 'content-type': 'text/html' });
          res.end('<html><body><form action="/login">Earthdata Login</form></body></html>');
        }
        return;
      }
      const sid = randomBytes(12).toString('hex');
      sessions.set(sid, user.username);
      const cookies = ['urs_user_already_logged=yes; Path=/', `_urs-gui_session=${sid}; Path=/; HttpOnly`];
      const back = new URL(redirect);
      if (user.eulaNotAccepted?.includes(clientId)) {
        back.searchParams.set('error', 'access_denied');
        back.searchParams.set('error_msg', 'The user has not accepted the EULA for this application');
      } else {
        const code = randomBytes(12).toString('hex');
        codes.set(code, user.username);
        back.searchParams.set('code', code);
      }
      back.searchParams.set('state', state);
      res.writeHead(302, { location: back.href, 'set-cookie': cookies });
      res.end();
      return;
    }
    if (url.pathname === '/oauth/token' && req.method === 'POST') {
      const form = new URLSearchParams(await body(req));
      const username = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!username) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid_grant' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          access_token: issueToken(username),
          token_type: 'Bearer',
          expires_in: 3600,
          endpoint: `/api/users/${username}`,
        }),
      );
      return;
    }
    if (url.pathname === '/api/users/tokens' || url.pathname === '/api/users/token') {
      const user = basicUser(req, users);
      if (!user || user === 'bad') {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="Earthdata Login"' });
        res.end();
        return;
      }
      const list = [...tokens]
        .filter(([, t]) => t.username === user.username)
        .map(([access_token, t]) => ({
          access_token,
          expiration_date: new Date(t.exp * 1000).toLocaleDateString('en-US'),
        }));
      res.writeHead(200, { 'content-type': 'application/json' });
      if (url.pathname === '/api/users/token' && req.method === 'POST') {
        const access_token = issueToken(user.username, 60 * 86400);
        res.end(JSON.stringify({ access_token, token_type: 'Bearer' }));
      } else res.end(JSON.stringify(list));
      return;
    }
    if (url.pathname === '/profile') {
      const user = cookieUser(req);
      res.writeHead(user ? 200 : 302, user ? { 'content-type': 'text/html' } : { location: '/home' });
      res.end(user ? `<html>${user.username}</html>` : '');
      return;
    }
    res.writeHead(404);
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
    requests,
    issueToken,
    validToken,
    eulaUrl: (clientId) => `${origin}/approve_app?client_id=${encodeURIComponent(clientId)}`,
    user: (u) => users.get(u),
    stop: local.stop,
  };
}
