// Pure: which instance-metadata endpoint botocore would ask, from the raw settings (quirk 18); shared by the credential
// resolver (a bad value is fatal, as in botocore) and the context detector (a bad value is bad input).

export const IMDS_IPV4 = 'http://169.254.169.254';
export const IMDS_IPV6 = 'http://[fd00:ec2::254]';

/** AWS_EC2_METADATA_DISABLED and _V1_DISABLED: only "true", in any case, counts; "1" does not (quirk 18). */
export function isTrueSetting(value: string | undefined): boolean {
  return value?.toLowerCase() === 'true';
}

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

export type ImdsEndpointChoice =
  | { readonly ok: true; readonly endpoint: string; readonly explicit: boolean }
  | { readonly ok: false; readonly setting: 'mode' | 'endpoint'; readonly value: string };

/**
 * botocore's choice from the raw settings (AWS_EC2_METADATA_SERVICE_ENDPOINT / _MODE or their config keys): the mode
 * must be ipv4 or ipv6 in any case, even beside an endpoint; a named endpoint wins over the mode; the URL chosen must
 * be valid. Never throws: each caller turns a bad value into its own error.
 */
export function chooseImdsEndpoint(raw: { readonly endpoint?: string; readonly mode?: string }): ImdsEndpointChoice {
  const { endpoint, mode } = raw;
  if (mode !== undefined && !['ipv4', 'ipv6'].includes(mode.toLowerCase()))
    return { ok: false, setting: 'mode', value: mode };
  const chosen = endpoint ? endpoint : mode?.toLowerCase() === 'ipv6' ? IMDS_IPV6 : IMDS_IPV4;
  if (!isValidEndpointUrl(chosen)) return { ok: false, setting: 'endpoint', value: chosen };
  return { ok: true, endpoint: chosen, explicit: Boolean(endpoint) };
}
