// I/O: IAM role credentials from instance metadata the way botocore gets them, bounded, never fatal (quirk 18).
import { ImdsClient } from '../util/imdsClient';
import type { BotocoreRules } from './botocoreRules';
import { chooseImdsEndpoint, isTrueSetting } from '../util/imdsEndpoint';
import { CredentialResolveError, type Env, type FetchedCredentials } from './types';

export interface ImdsSettings {
  readonly endpoint: string;
  readonly disabled: boolean;
  readonly timeoutMs: number;
  readonly attempts: number;
  /** botocore ≥ 1.32.4: AWS_EC2_METADATA_V1_DISABLED / ec2_metadata_v1_disabled (Python's ensure_boolean). */
  readonly v1Disabled?: boolean;
}

function intSetting(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  // Python's int(): optional sign, digits, surrounding spaces; nothing else.
  if (!/^\s*[+-]?\d+(_\d+)*\s*$/.test(value))
    throw new CredentialResolveError('ValueError', `${name} must be a whole number of seconds, not "${value}"`);
  return Number.parseInt(value.replace(/_/g, ''), 10);
}

/**
 * The IMDS settings botocore validates when it builds the chain: a bad endpoint, endpoint mode or timeout
 * is fatal even when other credentials exist. `profileKeys` are the chosen profile's config values.
 */
export function imdsSettings(
  env: Env,
  profileKeys: Readonly<Record<string, { value: string }>>,
  rules?: Pick<BotocoreRules, 'imdsV1Disable'>,
): ImdsSettings {
  const pick = (envName: string, key: string) => (env[envName] !== undefined ? env[envName] : profileKeys[key]?.value);
  const timeout = intSetting(
    'metadata_service_timeout',
    pick('AWS_METADATA_SERVICE_TIMEOUT', 'metadata_service_timeout'),
    1,
  );
  const attempts = intSetting(
    'metadata_service_num_attempts',
    pick('AWS_METADATA_SERVICE_NUM_ATTEMPTS', 'metadata_service_num_attempts'),
    1,
  );
  const choice = chooseImdsEndpoint({
    endpoint: pick('AWS_EC2_METADATA_SERVICE_ENDPOINT', 'ec2_metadata_service_endpoint'),
    mode: pick('AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE', 'ec2_metadata_service_endpoint_mode'),
  });
  if (!choice.ok && choice.setting === 'mode') {
    throw new CredentialResolveError(
      'InvalidIMDSEndpointModeError',
      `ec2_metadata_service_endpoint_mode "${choice.value}" is not ipv4 or ipv6`,
    );
  }
  if (!choice.ok)
    throw new CredentialResolveError(
      'InvalidIMDSEndpointError',
      `AWS_EC2_METADATA_SERVICE_ENDPOINT is not a valid URL: "${choice.value}"`,
    );
  return {
    endpoint: choice.endpoint,
    disabled: isTrueSetting(env.AWS_EC2_METADATA_DISABLED),
    timeoutMs: timeout * 1000,
    attempts: Math.max(1, attempts),
    v1Disabled:
      rules?.imdsV1Disable === true &&
      (pick('AWS_EC2_METADATA_V1_DISABLED', 'ec2_metadata_v1_disabled') ?? '').toLowerCase() === 'true',
  };
}

/** Null when IMDS gives no role credentials (botocore then moves on, it is never an error). */
export async function fetchImdsCredentials(settings: ImdsSettings): Promise<FetchedCredentials | null> {
  // botocore asks a 6-hour token and tries IMDSv1 after any token failure but a 400 (a timeout or another status
  // included), with its timeout on each request; from 1.32.4 AWS_EC2_METADATA_V1_DISABLED turns that into an error.
  const imds = new ImdsClient({
    endpoint: settings.endpoint,
    timeout: { perRequestMs: settings.timeoutMs },
    tokenTtlSeconds: 21600,
    v1Disabled: false,
  });
  const token = await imds.fetchToken();
  if (token.kind === 'bad-request') return null;
  if (token.kind !== 'token' && settings.v1Disabled)
    throw new CredentialResolveError(
      'MetadataRetrievalError',
      `Error retrieving metadata: Unable to retrieve token for use in IMDSv2 call and IMDSv1 has been disabled (${settings.endpoint})`,
      { code: 'Credentials' },
    );
  const roles = await imds.get('meta-data/iam/security-credentials/');
  const role = roles.ok && roles.status === 200 ? roles.body.split('\n')[0]?.trim() : '';
  if (!role) return null;
  const creds = await imds.get(`meta-data/iam/security-credentials/${role}`);
  if (!creds.ok || creds.status !== 200) return null;
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(creds.body) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!o.AccessKeyId || !o.SecretAccessKey || !o.Token || !o.Expiration) return null;
  return {
    accessKeyId: String(o.AccessKeyId),
    secretAccessKey: String(o.SecretAccessKey),
    sessionToken: String(o.Token),
    expiration: new Date(String(o.Expiration)),
  };
}
