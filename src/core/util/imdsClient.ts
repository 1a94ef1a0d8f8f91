// I/O: core's one EC2 instance-metadata (IMDS) client: the IMDSv2 token and its IMDSv1 fallback rules, and bounded
// reads. What a failure means stays with the callers: the credential resolver is botocore 1.29, the context detector
// records evidence and moves on. The endpoint to give it comes from chooseImdsEndpoint (imdsEndpoint.ts).
import { failureText, httpRequest, HttpFailure } from './httpRequest';

/** Each request gets `perRequestMs` (botocore's metadata_service_timeout), or all of them share one budget. */
export type ImdsTimeout = { readonly perRequestMs: number } | { readonly totalMs: number; readonly now: () => number };

export interface ImdsClientOptions {
  readonly endpoint: string;
  readonly timeout: ImdsTimeout;
  /** The lifetime asked for the IMDSv2 token (1 to 21600 seconds). */
  readonly tokenTtlSeconds: number;
  /** AWS_EC2_METADATA_V1_DISABLED: no request is ever made without a token. */
  readonly v1Disabled: boolean;
}

/** An HTTP answer, or why there was none. */
export type ImdsAnswer =
  | { readonly ok: true; readonly status: number; readonly body: string }
  | { readonly ok: false; readonly failure: string; readonly timeout: boolean };

export type ImdsTokenOutcome =
  | { readonly kind: 'token' }
  /** 403, 404 or 405: this service offers no IMDSv2, so IMDSv1 may be tried. */
  | { readonly kind: 'v1-fallback'; readonly status: number }
  /** The same, but AWS_EC2_METADATA_V1_DISABLED forbids token-less requests. */
  | { readonly kind: 'v1-disabled'; readonly status: number }
  /** 400: the service refused the request itself (botocore's BadIMDSRequestError). */
  | { readonly kind: 'bad-request'; readonly status: number }
  /** Any other HTTP answer, a 200 without a token included. */
  | { readonly kind: 'refused'; readonly status: number }
  | { readonly kind: 'no-answer'; readonly failure: string; readonly timeout: boolean };

const V1_FALLBACK_STATUSES = [403, 404, 405];

export class ImdsClient {
  private token: string | null = null;
  private readonly deadline: number | null;

  constructor(private readonly opts: ImdsClientOptions) {
    this.deadline = 'totalMs' in opts.timeout ? opts.timeout.now() + opts.timeout.totalMs : null;
  }

  get hasToken(): boolean {
    return this.token !== null;
  }

  /** PUT latest/api/token; later reads carry the token when one came back. */
  async fetchToken(): Promise<ImdsTokenOutcome> {
    const a = await this.send('PUT', 'api/token', {
      'x-aws-ec2-metadata-token-ttl-seconds': String(this.opts.tokenTtlSeconds),
    });
    if (!a.ok) return { kind: 'no-answer', failure: a.failure, timeout: a.timeout };
    const token = a.status === 200 ? a.body.trim() : '';
    if (token) {
      this.token = token;
      return { kind: 'token' };
    }
    if (V1_FALLBACK_STATUSES.includes(a.status))
      return { kind: this.opts.v1Disabled ? 'v1-disabled' : 'v1-fallback', status: a.status };
    return { kind: a.status === 400 ? 'bad-request' : 'refused', status: a.status };
  }

  /** GET latest/<path>, with the token when there is one; never without one when IMDSv1 is disabled. */
  get(path: string): Promise<ImdsAnswer> {
    if (this.token === null && this.opts.v1Disabled) {
      return Promise.resolve({
        ok: false,
        failure: 'no IMDSv2 token, and IMDSv1 is disabled (AWS_EC2_METADATA_V1_DISABLED=true)',
        timeout: false,
      });
    }
    return this.send('GET', path, this.token === null ? {} : { 'x-aws-ec2-metadata-token': this.token });
  }

  private async send(method: 'GET' | 'PUT', path: string, headers: Record<string, string>): Promise<ImdsAnswer> {
    const t = this.opts.timeout;
    const timeoutMs = 'totalMs' in t ? Math.max(0, Math.round((this.deadline ?? 0) - t.now())) : t.perRequestMs;
    // botocore's _construct_url: one '/' between the endpoint and the path, unless the endpoint ends with one.
    const base = this.opts.endpoint.endsWith('/') ? this.opts.endpoint : `${this.opts.endpoint}/`;
    try {
      const res = await httpRequest({ url: `${base}latest/${path}`, method, headers, timeoutMs });
      return { ok: true, status: res.status, body: res.body };
    } catch (e) {
      return { ok: false, failure: failureText(e), timeout: e instanceof HttpFailure && e.kind === 'timeout' };
    }
  }
}
