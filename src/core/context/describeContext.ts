// Pure: a one-line summary of a cloud context, and what the user can set when part of it is unknown.
import type { CloudContext } from './types';
import { render, type Message } from '../messages';
import { contextMessage as m } from './contextMessages';

export interface ContextDescription {
  readonly summary: string;
  /** Null when nothing is unknown; otherwise the settings that would answer the open question. */
  readonly hint: string | null;
  /** The same texts with ids, for a face that translates them. */
  readonly summaryMessage: Message;
  readonly hintMessage: Message | null;
}

export const PROVIDER_NAMES = { aws: 'AWS', gcp: 'Google Cloud', azure: 'Microsoft Azure' } as const;
export const SERVICE_NAMES = {
  ec2: 'EC2',
  ecs: 'ECS',
  lambda: 'Lambda',
  sagemaker: 'SageMaker',
  cloudshell: 'CloudShell',
} as const;

function where(ctx: CloudContext): Message {
  if (ctx.inCloud === false) return m('context.where.not-in-cloud');
  if (ctx.inCloud === null) return m('context.where.unknown');
  if (!ctx.provider) return m('context.where.other-provider');
  const name = `${PROVIDER_NAMES[ctx.provider]}${ctx.service ? ` ${SERVICE_NAMES[ctx.service]}` : ''}`;
  const extra = [ctx.instanceType, ctx.instanceId].filter((x) => x).join(', ');
  if (ctx.region)
    return extra
      ? m('context.where.region-extra', name, ctx.region, extra)
      : m('context.where.region', name, ctx.region);
  return extra ? m('context.where.no-region-extra', name, extra) : m('context.where.no-region', name);
}

export interface DescribeContextOptions {
  /** How this face lets the user opt in to the IMDS probe; the extension names its setting instead. */
  readonly probeOptIn?: string;
}

export function describeContext(ctx: CloudContext, opts: DescribeContextOptions = {}): ContextDescription {
  const optIn = opts.probeOptIn ?? 'cdr context --probe-imds';
  const p = ctx.platform;
  const here = where(ctx);
  const summaryMessage = !p
    ? here
    : p.region
      ? m(`context.summary.platform-${p.how}`, here, p.name, p.region)
      : m(`context.summary.platform-${p.how}-no-region`, here, p.name);
  const summary = render(summaryMessage);

  const open =
    ctx.inCloud === null || (ctx.provider === 'aws' && ctx.region === null) || (p !== null && p.region === null);
  if (!open) return { summary, hint: null, summaryMessage, hintMessage: null };
  const imdsDisabled = ctx.evidence.some((e) => e.signal === 'imds' && /AWS_EC2_METADATA_DISABLED/.test(e.said));
  const imdsAsked = ctx.evidence.some((e) => e.signal.startsWith('imds:'));
  const regionHint = ctx.evidence.find((e) => /^env:AWS(_DEFAULT)?_REGION$/.test(e.signal) && e.weight === 'hint');
  // Suggesting the opt-in after it already ran would send the user in a circle.
  const options = imdsDisabled
    ? m('context.hint.options-imds-disabled', optIn)
    : !imdsAsked
      ? m('context.hint.options-opt-in', optIn)
      : m('context.hint.options');
  let hintMessage = m('context.hint', options);
  if (imdsAsked && ctx.region === null) hintMessage = m('context.hint.no-region', hintMessage);
  if (regionHint) hintMessage = m('context.hint.region-variable', hintMessage, regionHint.signal.slice(4));
  return { summary, hint: render(hintMessage), summaryMessage, hintMessage };
}
