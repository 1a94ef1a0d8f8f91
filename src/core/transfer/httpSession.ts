// Pure: what a login session (e.g. Earthdata Login's redirect flow) lends the HTTP client for one batch: headers per
// hop, cookies it keeps, answers to a Basic challenge, and a lock so concurrent files log in once, not once each.
import type { IncomingHttpHeaders } from 'node:http';

export interface HttpSession {
  /** Headers for this hop only (its cookies, a bearer token for the origins it belongs to). */
  headersFor(url: URL): Record<string, string>;
  /** Keeps what a response set (Set-Cookie) for the origin that set it. */
  remember(url: URL, headers: IncomingHttpHeaders): void;
  /**
   * The Authorization to resend after a 401 from exactly this origin (or the login host's 200 sign-in page), or
   * null to let the answer stand.
   */
  answerChallenge(url: URL, wwwAuthenticate: string | undefined, status: number): Record<string, string> | null;
  /** Why a 401 from this URL ends the request (no credentials, or credentials refused); null for the default text. */
  refusal(url: URL, answered: boolean): string | null;
  /** The login host: a redirect there from another origin starts a login, which is serialised per origin. */
  isLoginHost(url: URL): boolean;
  /** Held while one request of the batch logs in to `origin`; the others wait, then reuse its cookies. */
  lock(origin: string): Promise<() => void>;
  /** Bumped whenever `origin` sets a cookie: a waiter that sees it moved retries instead of logging in again. */
  generation(origin: string): number;
  /**
   * A login to `origin` that failed in this batch (a wrong password, a EULA not accepted): the other files fail
   * with the same message instead of each trying again (twenty wrong passwords can lock an account).
   */
  loginFailure(origin: string): LoginFailure | null;
  recordLoginFailure(origin: string, failure: LoginFailure): void;
}

export interface LoginFailure {
  readonly message: string;
  readonly status?: number;
  readonly loginUrl?: string;
}

/** Query-string authentication (SigV4 presign, SigV2/CloudFront `Signature`): no Authorization header may ride along. */
export function isPresignedUrl(url: URL): boolean {
  for (const k of url.searchParams.keys()) {
    const l = k.toLowerCase();
    if (l === 'x-amz-signature' || l === 'x-amz-credential' || l === 'signature' || l === 'x-amz-algorithm')
      return true;
  }
  return false;
}

/** A 401/403 body that names a EULA → the link to accept it (TEA's `resolution_url`, else the first URL in it). */
export function eulaLink(body: string): { link: string | null; description: string | null } | null {
  if (!/eula/i.test(body)) return null;
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    const link = typeof j.resolution_url === 'string' ? j.resolution_url : null;
    const description = typeof j.error_description === 'string' ? j.error_description : null;
    if (link || description) return { link, description };
  } catch {
    // not JSON: look for a link in the text
  }
  const m = /https?:\/\/[^\s"'<>]+/.exec(body);
  return { link: m ? m[0] : null, description: null };
}
