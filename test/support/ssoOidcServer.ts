// I/O: a local IAM Identity Center OIDC stand-in on 127.0.0.1 speaking the real SSO-OIDC REST-JSON protocol
// (RegisterClient, StartDeviceAuthorization, CreateToken with the device-code and refresh-token grants and the
// authorization_pending / slow_down answers). Its verification page approves the code when fetched (GET /verify),
// as a user clicking "Allow" would. Reach it through AWS_ENDPOINT_URL_SSO_OIDC=<url>.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenLocal } from './listenLocal';

export interface SsoOidcServer {
  readonly url: string;
  /** Every call: operation name and grant type for CreateToken. */
  readonly calls: string[];
  /** Approve a user code as the browser page would. */
  approve(userCode: string): void;
  close(): Promise<void>;
}

export interface SsoOidcOptions {
  /** CreateToken answers authorization_pending this many times after approval is asked (default 1). */
  readonly pendingPolls?: number;
  /** Answer slow_down once, on the first poll. */
  readonly slowDownOnce?: boolean;
  /** Approve by itself once polled this many times (no browser in the test). */
  readonly autoApproveAfterPolls?: number;
  readonly tokenTtlSeconds?: number;
  /** Refuse refresh tokens (expired session): the flow must fall back to the device code. */
  readonly refuseRefresh?: boolean;
}

export async function startSsoOidcServer(opts: SsoOidcOptions = {}): Promise<SsoOidcServer> {
  const calls: string[] = [];
  const clients = new Map<string, string>();
  const devices = new Map<string, { userCode: string; approved: boolean; polls: number; clientId: string }>();
  const refreshTokens = new Set<string>();
  let slowDownSent = false;
  const json = (res: http.ServerResponse, status: number, body: unknown, errorType?: string) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      ...(errorType
        ? { 'x-amzn-errortype': `${errorType}:http://internal.amazon.com/coral/com.amazonaws.ssooidc/` }
        : {}),
    });
    res.end(JSON.stringify(body));
  };
  const oauthError = (res: http.ServerResponse, type: string, error: string) =>
    json(res, 400, { error, error_description: error }, type);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'GET' && url.pathname === '/verify') {
        const code = url.searchParams.get('user_code') ?? '';
        const d = [...devices.values()].find((x) => x.userCode === code);
        if (d) d.approved = true;
        res.writeHead(d ? 200 : 404, { 'content-type': 'text/html' });
        return res.end(d ? '<p>Request approved</p>' : '<p>Unknown code</p>');
      }
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        return oauthError(res, 'InvalidRequestException', 'invalid_request');
      }
      if (req.method === 'POST' && url.pathname === '/client/register') {
        calls.push('RegisterClient');
        if (!body.clientName || body.clientType !== 'public')
          return oauthError(res, 'InvalidRequestException', 'invalid_request');
        const clientId = `client-${randomBytes(6).toString('hex')}`;
        const clientSecret = `secret-${randomBytes(12).toString('hex')}`;
        clients.set(clientId, clientSecret);
        return json(res, 200, {
          clientId,
          clientSecret,
          clientIdIssuedAt: Math.floor(Date.now() / 1000),
          clientSecretExpiresAt: Math.floor(Date.now() / 1000) + 90 * 86400,
        });
      }
      const authClient = () => clients.get(String(body.clientId)) === body.clientSecret;
      if (req.method === 'POST' && url.pathname === '/device_authorization') {
        calls.push('StartDeviceAuthorization');
        if (!authClient()) return oauthError(res, 'InvalidClientException', 'invalid_client');
        const deviceCode = randomBytes(16).toString('hex');
        const userCode = `${randomBytes(2).toString('hex')}-${randomBytes(2).toString('hex')}`.toUpperCase();
        devices.set(deviceCode, { userCode, approved: false, polls: 0, clientId: String(body.clientId) });
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        return json(res, 200, {
          deviceCode,
          userCode,
          verificationUri: `${base}/verify`,
          verificationUriComplete: `${base}/verify?user_code=${userCode}`,
          expiresIn: 600,
          interval: 1,
        });
      }
      if (req.method === 'POST' && url.pathname === '/token') {
        calls.push(`CreateToken:${String(body.grantType)}`);
        if (!authClient()) return oauthError(res, 'InvalidClientException', 'invalid_client');
        const issue = () => {
          const refreshToken = `refresh-${randomBytes(8).toString('hex')}`;
          refreshTokens.add(refreshToken);
          return json(res, 200, {
            accessToken: `access-${randomBytes(12).toString('hex')}`,
            tokenType: 'Bearer',
            expiresIn: opts.tokenTtlSeconds ?? 28800,
            refreshToken,
          });
        };
        if (body.grantType === 'refresh_token') {
          if (opts.refuseRefresh || !refreshTokens.delete(String(body.refreshToken)))
            return oauthError(res, 'InvalidGrantException', 'invalid_grant');
          return issue();
        }
        if (body.grantType !== 'urn:ietf:params:oauth:grant-type:device_code')
          return oauthError(res, 'UnsupportedGrantTypeException', 'unsupported_grant_type');
        const d = devices.get(String(body.deviceCode));
        if (!d || d.clientId !== body.clientId) return oauthError(res, 'InvalidGrantException', 'invalid_grant');
        d.polls++;
        if (opts.slowDownOnce && !slowDownSent) {
          slowDownSent = true;
          return oauthError(res, 'SlowDownException', 'slow_down');
        }
        if (opts.autoApproveAfterPolls !== undefined && d.polls >= opts.autoApproveAfterPolls) d.approved = true;
        if (!d.approved || d.polls <= (opts.pendingPolls ?? 1))
          return oauthError(res, 'AuthorizationPendingException', 'authorization_pending');
        devices.delete(String(body.deviceCode));
        return issue();
      }
      json(res, 404, { message: 'not found' }, 'ResourceNotFoundException');
    });
  });
  const local = await listenLocal(server);
  return {
    url: local.origin,
    calls,
    approve: (code) => {
      for (const d of devices.values()) if (d.userCode === code) d.approved = true;
    },
    close: local.stop,
  };
}
