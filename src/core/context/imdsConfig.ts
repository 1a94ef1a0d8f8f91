// Pure: the instance-metadata settings from the standard AWS variables, and whether to probe at all.
import { CdrError } from '../errors';
import { chooseImdsEndpoint, isTrueSetting } from '../util/imdsEndpoint';
import type { Evidence } from './types';
import type { Env } from '../util/env';
import { contextMessage as cm, evidence as evidenceOf } from './contextMessages';

export type ProbeImdsMode = 'auto' | 'always' | 'never';

export interface ImdsConfig {
  /** AWS_EC2_METADATA_DISABLED: only the value "true" (any case) disables, as in the SDKs. */
  readonly disabled: boolean;
  readonly endpoint: string;
  /** True when AWS_EC2_METADATA_SERVICE_ENDPOINT names the endpoint (counts as an opt-in to probing). */
  readonly explicitEndpoint: boolean;
  readonly v1Disabled: boolean;
}

/**
 * botocore's endpoint rules (the credential resolver's too), read a little more kindly: surrounding spaces are
 * ignored and a blank value counts as unset, since a detector should not fail on what a user cannot see.
 * It also needs http(s), the only endpoints it can ask.
 */
export function resolveImdsConfig(env: Env): ImdsConfig {
  const setting = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === '' ? undefined : v;
  };
  const disabled = isTrueSetting(setting('AWS_EC2_METADATA_DISABLED'));
  const v1Disabled = isTrueSetting(setting('AWS_EC2_METADATA_V1_DISABLED'));
  const mode = setting('AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE');
  const choice = chooseImdsEndpoint({ endpoint: setting('AWS_EC2_METADATA_SERVICE_ENDPOINT'), mode });
  if (!choice.ok && choice.setting === 'mode') {
    throw new CdrError(`AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE must be IPv4 or IPv6: ${choice.value}`, {
      code: 'BadInput',
    });
  }
  if (!choice.ok || (choice.explicit && !/^https?:\/\//i.test(choice.endpoint))) {
    throw new CdrError(
      `AWS_EC2_METADATA_SERVICE_ENDPOINT is not an http(s) URL: ${choice.ok ? choice.endpoint : choice.value}`,
      { code: 'BadInput' },
    );
  }
  return {
    disabled,
    endpoint: choice.explicit ? choice.endpoint.replace(/\/+$/, '') : choice.endpoint,
    explicitEndpoint: choice.explicit,
    v1Disabled,
  };
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
  if (config.disabled) return { probe: false, evidence: evidenceOf(signal, cm('context.imds.disabled'), 'none') };
  if (mode === 'never') return { probe: false, evidence: evidenceOf(signal, cm('context.imds.off'), 'none') };
  if (mode === 'always' || config.explicitEndpoint) return { probe: true, evidence: null };
  if (args.serviceAnnounced) return { probe: false, evidence: null };
  if (args.machineSaysEc2) return { probe: true, evidence: null };
  return {
    probe: false,
    evidence: evidenceOf(signal, cm('context.imds.not-ec2'), 'none'),
  };
}
