// Pure: reads the claims of an Earthdata Login token (a JWT) without verifying it: only to say when it expires
// and whose it is, before any request is sent. The servers verify it; we never trust it for anything else.

export interface JwtClaims {
  readonly exp: number | null;
  readonly iat: number | null;
  readonly uid: string | null;
}

function base64urlJson(part: string): unknown {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(Buffer.from(b64, 'base64').toString('utf8'));
}

/** null when the token is not a JWT (three dot-separated base64url parts with a JSON object in the middle). */
export function decodeJwtClaims(token: string): JwtClaims | null {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  let payload: unknown;
  try {
    payload = base64urlJson(parts[1]);
  } catch {
    return null;
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return null;
  const p = payload as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    exp: num(p.exp),
    iat: num(p.iat),
    uid: typeof p.uid === 'string' ? p.uid : null,
  };
}
