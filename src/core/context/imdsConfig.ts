// Pure: the instance-metadata settings from the standard AWS variables, and whether to probe at all.
import { CdrError } from '../errors';
import type { Evidence } from './types';

type Env = Readonly<Record<string, string | undefined>>;

export type ProbeImdsMode = 'auto' | 'always' | 'never';

export interface ImdsConfig {
  /** AWS_EC2_METADATA_DISABLED: only the value "true" (any case) disables, as in the SDKs. */
  readonly disabled: boolean;
  readonly endpoint: string;
  /** True when AWS_EC2_METADATA_SERVICE_ENDPOINT names the endpoint (counts as an opt-in to probing). */
  readonly explicitEndpoint: boolean;
  readonly v1Disabled: boolean;
}

export const IMDS_IPV4 = 'http://169.254.169.254';
export const IMDS_IPV6 = 'http://[fd00:ec2::254]';

function isTrue(v: string | undefined): boolean {
  return v?.trim().toLowerCase() === 'true';
}

function isHttpUrl(s: string): boolean {
  try {
    return /^https?:$/.test(new URL(s).protocol);
  } catch {
    return false;
  }
}

export function resolveImdsConfig(env: Env): ImdsConfig {
  const disabled = isTrue(env.AWS_EC2_METADATA_DISABLED);
  const v1Disabled = isTrue(env.AWS_EC2_METADATA_V1_DISABLED);
  const explicit = env.AWS_EC2_METADATA_SERVICE_ENDPOINT?.trim();
  if (explicit) {
    if (!isHttpUrl(explicit)) throw new CdrError(`AWS_EC2_METADATA_SERVICE_ENDPOINT is not an http(s) URL: ${explicit}`, { code: 'BadInput' });
    return { disabled, endpoint: explicit.replace(/\/+$/, ''), explicitEndpoint: true, v1Disabled };
  }
  const mode = env.AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE?.trim();
  let endpoint = IMDS_IPV4;
  if (mode) {
    if (/^ipv6$/i.test(mode)) endpoint = IMDS_IPV6;
    else if (!/^ipv4$/i.test(mode)) {
      throw new CdrError(`AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE must be IPv4 or IPv6: ${mode}`, { code: 'BadInput' });
    }
  }
  return { disabled, endpoint, explicitEndpoint: false, v1Disabled };
}

export interface ImdsProbeDecision {
  readonly probe: boolean;
  /** Set when the probe was skipped for a reason worth showing (disabled, not EC2, another authority). */
  readonly evidence: Evidence | null;
}

/**
 * IMDS is the only signal that costs a network round trip and may hang, so it is asked only when the
 * machine says EC2, the user opted in, or the operator pointed AWS_EC2_METADATA_SERVICE_ENDPOINT somewhere.
 */
export function decideImdsProbe(args: {
  mode: ProbeImdsMode;
  config: ImdsConfig;
  machineSaysEc2: boolean;
  /** Lambda, ECS or CloudShell announced itself: its own metadata, not IMDS, is the authority. */
  serviceAnnounced: boolean;
}): ImdsProbeDecision {
  const { mode, config } = args;
  const signal = 'imds';
  if (config.disabled) return { probe: false, evidence: { signal, said: 'not asked: AWS_EC2_METADATA_DISABLED=true', weight: 'none' } };
  if (mode === 'never') return { probe: false, evidence: { signal, said: 'not asked: probing turned off', weight: 'none' } };
  if (mode === 'always' || config.explicitEndpoint) return { probe: true, evidence: null };
  if (args.serviceAnnounced) return { probe: false, evidence: null };
  if (args.machineSaysEc2) return { probe: true, evidence: null };
  return { probe: false, evidence: { signal, said: 'not asked: nothing says EC2 (opt in to probe anyway)', weight: 'none' } };
}
