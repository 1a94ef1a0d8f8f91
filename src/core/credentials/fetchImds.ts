// I/O: IAM role credentials from instance metadata (IMDSv2, v1 fallback on 403/404/405), bounded, never fatal (quirk 18).
import { httpRequest } from './httpRequest';
import { CredentialResolveError, type Env, type FetchedCredentials } from './types';

export const DEFAULT_IMDS_ENDPOINT = 'http://169.254.169.254/';

/** botocore's is_valid_uri, enough to reject what it rejects at resolver creation. */
export function isValidEndpointUrl(url: string): boolean {
  if (/[\t\r\n]/.test(url)) return false;
  const m = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)/.exec(url);
  if (!m) return false;
  let host = m[1]!.slice(m[1]!.lastIndexOf('@') + 1);
  if (host.startsWith('[')) return /^\[[0-9a-fA-F:.]+(%[^\]]+)?\](:\d*)?$/.test(host);
  host = host.replace(/:\d*$/, '');
  if (!host || host.length > 255) return false;
  if (host.endsWith('.')) host = host.slice(0, -1);
  return /^((?!-)[a-z\d-]{1,63}(?<!-)\.)*((?!-)[a-z\d-]{1,63}(?<!-))$/i.test(host);
}

export interface ImdsSettings {
  readonly endpoint: string;
  readonly disabled: boolean;
  readonly timeoutMs: number;
  readonly attempts: number;
}

function intSetting(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  // Python's int(): optional sign, digits, surrounding spaces; nothing else.
  if (!/^\s*[+-]?\d+(_\d+)*\s*$/.test(value)) throw new CredentialResolveError('ValueError', `${name} must be a whole number of seconds, not "${value}"`);
  return Number.parseInt(value.replace(/_/g, ''), 10);
}

/**
 * The IMDS settings botocore validates when it builds the chain: a bad endpoint, endpoint mode or timeout
 * is fatal even when other credentials exist. `profileKeys` are the chosen profile's config values.
 */
export function imdsSettings(env: Env, profileKeys: Readonly<Record<string, { value: string }>>): ImdsSettings {
  const pick = (envName: string, key: string) => (env[envName] !== undefined ? env[envName] : profileKeys[key]?.value);
  const timeout = intSetting('metadata_service_timeout', pick('AWS_METADATA_SERVICE_TIMEOUT', 'metadata_service_timeout'), 1);
  const attempts = intSetting('metadata_service_num_attempts', pick('AWS_METADATA_SERVICE_NUM_ATTEMPTS', 'metadata_service_num_attempts'), 1);
  const endpoint = pick('AWS_EC2_METADATA_SERVICE_ENDPOINT', 'ec2_metadata_service_endpoint');
  const mode = pick('AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE', 'ec2_metadata_service_endpoint_mode');
  if (mode !== undefined && !['ipv4', 'ipv6'].includes(mode.toLowerCase())) {
    throw new CredentialResolveError('InvalidIMDSEndpointModeError', `ec2_metadata_service_endpoint_mode "${mode}" is not ipv4 or ipv6`);
  }
  const chosen = endpoint ? endpoint : mode?.toLowerCase() === 'ipv6' ? 'http://[fd00:ec2::254]/' : DEFAULT_IMDS_ENDPOINT;
  if (!isValidEndpointUrl(chosen)) throw new CredentialResolveError('InvalidIMDSEndpointError', `AWS_EC2_METADATA_SERVICE_ENDPOINT is not a valid URL: "${chosen}"`);
  return { endpoint: chosen, disabled: (env.AWS_EC2_METADATA_DISABLED ?? 'false').toLowerCase() === 'true', timeoutMs: timeout * 1000, attempts: Math.max(1, attempts) };
}

/** Null when IMDS gives no role credentials (botocore then moves on, it is never an error). */
export async function fetchImdsCredentials(settings: ImdsSettings): Promise<FetchedCredentials | null> {
  const base = settings.endpoint.endsWith('/') ? settings.endpoint : `${settings.endpoint}/`;
  const t = settings.timeoutMs;
  let token: string | null = null;
  try {
    const r = await httpRequest(`${base}latest/api/token`, { method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '21600' }, timeoutMs: t });
    if (r.status === 200) token = r.body;
    else if (r.status === 400) return null;
  } catch {
    token = null;
  }
  const headers: Record<string, string> = token ? { 'x-aws-ec2-metadata-token': token } : {};
  try {
    const roles = await httpRequest(`${base}latest/meta-data/iam/security-credentials/`, { headers, timeoutMs: t });
    const role = roles.status === 200 ? roles.body.split('\n')[0]?.trim() : '';
    if (!role) return null;
    const creds = await httpRequest(`${base}latest/meta-data/iam/security-credentials/${role}`, { headers, timeoutMs: t });
    if (creds.status !== 200) return null;
    const o = JSON.parse(creds.body) as Record<string, unknown>;
    if (!o.AccessKeyId || !o.SecretAccessKey || !o.Token || !o.Expiration) return null;
    return { accessKeyId: String(o.AccessKeyId), secretAccessKey: String(o.SecretAccessKey), sessionToken: String(o.Token), expiration: new Date(String(o.Expiration)) };
  } catch {
    return null;
  }
}
