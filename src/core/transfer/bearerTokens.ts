// Pure: per-host bearer tokens for archives other than MAST ("host=token,host2=token2"), as the headers the
// engine sends to that origin only. Messages name the host, never the token.
import { CdrError } from '../errors';

export type HeadersByOrigin = Record<string, Record<string, string>>;

/** `data.example.org` (https, default port) or a full origin such as `http://127.0.0.1:8080`. */
export function normalizeTokenHost(host: string, source: string): string {
  const h = host.trim();
  if (/^https?:\/\//i.test(h)) {
    let u: URL;
    try {
      u = new URL(h);
    } catch {
      throw new CdrError(`${source}: not a host or origin: ${h}`, { code: 'BadInput' });
    }
    if (u.pathname !== '/' || u.search || u.username)
      throw new CdrError(`${source}: give an origin without a path: ${h}`, { code: 'BadInput' });
    return u.origin;
  }
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(h))
    throw new CdrError(`${source}: not a host name: ${h}`, { code: 'BadInput' });
  return h.toLowerCase();
}

export function bearerHeaders(tokens: Readonly<Record<string, string>>, source: string): HeadersByOrigin {
  const out: HeadersByOrigin = {};
  for (const [host, token] of Object.entries(tokens)) {
    if (!token.trim()) throw new CdrError(`${source}: empty token for ${host}`, { code: 'BadInput' });
    out[normalizeTokenHost(host, source)] = { Authorization: `Bearer ${token.trim()}` };
  }
  return out;
}

/** `CDR_BEARER_TOKENS=host=token,host2=token2` for the CLI. */
export function parseBearerTokens(text: string, source = 'CDR_BEARER_TOKENS'): HeadersByOrigin {
  const tokens: Record<string, string> = {};
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    // A host has no '=' of its own; a token may (base64 padding), so split at the first '='.
    const first = entry.indexOf('=');
    if (first <= 0)
      throw new CdrError(
        `${source}: expected host=token, got an entry for ${entry.slice(0, Math.max(first, 0)) || 'no host'}`,
        { code: 'BadInput' },
      );
    tokens[entry.slice(0, first)] = entry.slice(first + 1);
  }
  return bearerHeaders(tokens, source);
}

/** Later maps win for the same origin (a MAST token set explicitly beats a generic one). */
export function mergeHeaders(...maps: HeadersByOrigin[]): HeadersByOrigin {
  const out: HeadersByOrigin = {};
  for (const m of maps) for (const [k, v] of Object.entries(m)) out[k] = { ...(out[k] ?? {}), ...v };
  return out;
}

/** MAST's own scheme (`Authorization: token …`, as astroquery sends it), for MAST's origin only. */
export function mastTokenHeaders(mastBaseUrl: string, token: string | undefined): HeadersByOrigin {
  return token ? { [new URL(mastBaseUrl).origin]: { Authorization: `token ${token}` } } : {};
}
