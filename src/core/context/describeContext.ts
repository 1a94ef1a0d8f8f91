// Pure: a one-line summary of a cloud context, and what the user can set when part of it is unknown.
import type { CloudContext } from './types';

export interface ContextDescription {
  readonly summary: string;
  /** Null when nothing is unknown; otherwise the settings that would answer the open question. */
  readonly hint: string | null;
}

export const PROVIDER_NAMES = { aws: 'AWS', gcp: 'Google Cloud', azure: 'Microsoft Azure' } as const;
export const SERVICE_NAMES = {
  ec2: 'EC2',
  ecs: 'ECS',
  lambda: 'Lambda',
  sagemaker: 'SageMaker',
  cloudshell: 'CloudShell',
} as const;

function where(ctx: CloudContext): string {
  if (ctx.inCloud === false) return 'Not in a cloud';
  if (ctx.inCloud === null) return 'Unknown whether this runs in a cloud';
  if (!ctx.provider) return 'In a cloud (provider not one this tool routes for)';
  const name = `${PROVIDER_NAMES[ctx.provider]}${ctx.service ? ` ${SERVICE_NAMES[ctx.service]}` : ''}`;
  const extra = [ctx.instanceType, ctx.instanceId].filter((x) => x).join(', ');
  return `${name} ${ctx.region ? `in ${ctx.region}` : 'in an unknown region'}${extra ? ` (${extra})` : ''}`;
}

export interface DescribeContextOptions {
  /** How this face lets the user opt in to the IMDS probe; the extension names its setting instead. */
  readonly probeOptIn?: string;
}

export function describeContext(ctx: CloudContext, opts: DescribeContextOptions = {}): ContextDescription {
  const optIn = opts.probeOptIn ?? 'cdr context --probe-imds';
  const p = ctx.platform;
  const platform = p ? `; platform ${p.name} (${p.region ?? 'region unknown'}, ${p.how})` : '';
  const summary = `${where(ctx)}${platform}`;

  const open =
    ctx.inCloud === null || (ctx.provider === 'aws' && ctx.region === null) || (p !== null && p.region === null);
  if (!open) return { summary, hint: null };
  const imdsDisabled = ctx.evidence.some((e) => e.signal === 'imds' && /AWS_EC2_METADATA_DISABLED/.test(e.said));
  const imdsAsked = ctx.evidence.some((e) => e.signal.startsWith('imds:'));
  const regionHint = ctx.evidence.find((e) => /^env:AWS(_DEFAULT)?_REGION$/.test(e.signal) && e.weight === 'hint');
  const parts = ['set CDR_PLATFORM=name:region if a platform provides your account'];
  // Suggesting the opt-in after it already ran would send the user in a circle.
  if (imdsDisabled) parts.push(`unset AWS_EC2_METADATA_DISABLED and opt in to the instance-metadata probe (${optIn})`);
  else if (!imdsAsked) parts.push(`opt in to the instance-metadata probe (${optIn})`);
  parts.push('or set AWS_EC2_METADATA_SERVICE_ENDPOINT to a metadata endpoint that answers');
  const lead =
    imdsAsked && ctx.region === null
      ? 'The instance-metadata service gave no region (it may be blocked, as on many JupyterHubs). '
      : '';
  const note = regionHint
    ? ` (${regionHint.signal.slice(4)} is set, but any machine can set it, so it is only a hint.)`
    : '';
  return { summary, hint: `${lead}To say where this runs: ${parts.join('; ')}.${note}` };
}
