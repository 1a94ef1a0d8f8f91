// I/O: temporary S3 credentials from a DAAC's /s3credentials (bearer, or the login flow through the batch's
// session), cached per endpoint, refreshed before they expire, one fetch in flight per endpoint.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { CdrError } from '../errors';
import type { HttpClient } from '../transfer/httpClient';
import type { TemporaryS3Credentials } from './types';

/** TEA writes `2021-01-27 00:50:09+00:00`; Cumulus an ISO string; both are read as instants. */
function parseExpiration(v: unknown): Date | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const d = typeof v === 'number' ? new Date(v * 1000) : new Date(v.trim().replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The camelCase answer (`accessKeyId`, …); PascalCase (STS's own spelling) is accepted too. */
export function parseS3Credentials(text: string, endpoint: string): TemporaryS3Credentials {
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new CdrError(
      `${endpoint} did not answer with JSON credentials (got: ${text.slice(0, 60).replace(/\s+/g, ' ')}…)`,
      {
        code: 'BadInput',
      },
    );
  }
  const pick = (a: string, b: string) => (typeof j[a] === 'string' ? j[a] : typeof j[b] === 'string' ? j[b] : null);
  const accessKeyId = pick('accessKeyId', 'AccessKeyId');
  const secretAccessKey = pick('secretAccessKey', 'SecretAccessKey');
  const sessionToken = pick('sessionToken', 'SessionToken');
  const expiration = parseExpiration(j.expiration ?? j.Expiration);
  const missing = [
    !accessKeyId && 'accessKeyId',
    !secretAccessKey && 'secretAccessKey',
    !sessionToken && 'sessionToken',
    !expiration && 'expiration',
  ].filter(Boolean);
  if (missing.length) throw new CdrError(`${endpoint}: the answer has no ${missing.join(', ')}`, { code: 'BadInput' });
  return {
    accessKeyId: accessKeyId as string,
    secretAccessKey: secretAccessKey as string,
    sessionToken: sessionToken as string,
    expiration: expiration as Date,
  };
}

export interface S3CredentialsCacheOptions {
  /** A client carrying the batch's Earthdata session (bearer to the DAAC, or the login flow and its cookies). */
  readonly client: HttpClient;
  readonly now?: () => number;
  /** Refresh once this share of the lifetime has passed (default 0.8: 48 min of a 1 h key). */
  readonly refreshAt?: number;
  readonly signal?: AbortSignal;
}

interface Entry {
  creds: TemporaryS3Credentials | null;
  refreshAfter: number;
  inflight: Promise<TemporaryS3Credentials> | null;
}

export class S3CredentialsCache {
  readonly #opts: S3CredentialsCacheOptions;
  readonly #entries = new Map<string, Entry>();
  /** How many times each endpoint was asked (for logs and tests). */
  readonly fetches = new Map<string, number>();

  constructor(opts: S3CredentialsCacheOptions) {
    this.#opts = opts;
  }

  #now(): number {
    return (this.#opts.now ?? Date.now)();
  }

  /** Valid credentials for this endpoint: cached until the refresh point, then one fetch shared by all callers. */
  async get(endpoint: string): Promise<TemporaryS3Credentials> {
    let e = this.#entries.get(endpoint);
    if (!e) this.#entries.set(endpoint, (e = { creds: null, refreshAfter: 0, inflight: null }));
    const now = this.#now();
    if (e.creds && now < e.refreshAfter) return e.creds;
    // Due (or never fetched): every caller waits on the same single fetch.
    if (!e.inflight) {
      const entry = e;
      entry.inflight = this.#fetch(endpoint)
        .then((c) => {
          const fetchedAt = this.#now();
          const lifetime = Math.max(0, c.expiration.getTime() - fetchedAt);
          entry.creds = c;
          entry.refreshAfter = fetchedAt + lifetime * (this.#opts.refreshAt ?? 0.8);
          return c;
        })
        .finally(() => {
          entry.inflight = null;
        });
    }
    return e.inflight as Promise<TemporaryS3Credentials>;
  }

  /** An SDK-style provider for one endpoint (the S3 signer asks it per request, so rotated keys are used at once). */
  provider(endpoint: string): AwsCredentialIdentityProvider {
    return async (): Promise<AwsCredentialIdentity> => {
      const c = await this.get(endpoint);
      return {
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        sessionToken: c.sessionToken,
        expiration: c.expiration,
      };
    };
  }

  async #fetch(endpoint: string): Promise<TemporaryS3Credentials> {
    this.fetches.set(endpoint, (this.fetches.get(endpoint) ?? 0) + 1);
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new CdrError(`Not an s3credentials URL: ${endpoint}`, { code: 'BadInput' });
    }
    const res = await this.#opts.client.request(url, {
      method: 'GET',
      headers: { accept: 'application/json' },
      signal: this.#opts.signal ?? new AbortController().signal,
    });
    const chunks: Buffer[] = [];
    for await (const c of res.body) chunks.push(c as Buffer);
    return parseS3Credentials(Buffer.concat(chunks).toString('utf8'), `${url.origin}${url.pathname}`);
  }
}
