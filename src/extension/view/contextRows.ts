// Pure: the "Cloud context" node of the tree — what was detected, and the evidence behind each answer.
import { describeContext, PROVIDER_NAMES, SERVICE_NAMES } from '../../core/context/describeContext';
import type { CloudContext, Evidence } from '../../core/context/types';
import type { Row } from './row';

export type ContextState =
  | { readonly status: 'detecting' }
  | { readonly status: 'done'; readonly context: CloudContext; readonly elapsedMs: number }
  | { readonly status: 'error'; readonly message: string };

const PROBE_OPT_IN = 'the `cloudDataRouter.context.probeImds` setting';

/** A short label for the tree and status bar; describeContext gives the full sentence. */
export function summarizeContext(ctx: CloudContext): string {
  if (ctx.platform) return `${ctx.platform.name}${ctx.platform.region ? ` · ${ctx.platform.region}` : ''}`;
  if (ctx.inCloud === false) return 'Not in a cloud';
  if (ctx.inCloud === null) return 'Unknown';
  const where = [
    ctx.provider ? (PROVIDER_NAMES[ctx.provider] ?? ctx.provider) : 'Cloud',
    ctx.service ? SERVICE_NAMES[ctx.service] : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  return ctx.region ? `${where} · ${ctx.region}` : `${where} · region unknown`;
}

function evidenceRow(e: Evidence, i: number): Row {
  return {
    id: `context/evidence/${i}`,
    label: e.signal,
    description: e.said,
    icon: e.weight === 'strong' ? 'pass-filled' : e.weight === 'hint' ? 'lightbulb' : 'circle-outline',
    iconColor: e.weight === 'strong' ? 'testing.iconPassed' : undefined,
    tooltip: `**${e.signal}**: ${e.said}\n\n${e.weight === 'strong' ? 'Decides an answer.' : e.weight === 'hint' ? 'A hint only: it suggests an answer but cannot decide it.' : 'Looked at; said nothing.'}`,
    contextValue: 'cdr.context.evidence',
  };
}

function fact(id: string, label: string, value: string | null | undefined, unknownText = 'unknown'): Row {
  return {
    id: `context/${id}`,
    label,
    description: value ?? unknownText,
    icon: value ? 'circle-small-filled' : 'question',
    contextValue: 'cdr.context.fact',
  };
}

export function contextRows(state: ContextState): Row {
  const base = { id: 'context', label: 'Cloud context', contextValue: 'cdr.context' };
  // Other ids while detecting or failed: VS Code applies "expanded" only the first time it sees an id with children.
  if (state.status === 'detecting')
    return {
      ...base,
      id: 'context:detecting',
      description: 'Detecting…',
      icon: 'loading~spin',
      tooltip: 'Looking for cloud signals: environment, DMI, then the instance metadata service if they point to EC2.',
    };
  if (state.status === 'error')
    return {
      ...base,
      id: 'context:error',
      description: 'Detection failed',
      icon: 'error',
      iconColor: 'problemsErrorIcon.foreground',
      tooltip: state.message,
    };
  const ctx = state.context;
  const unknown = ctx.inCloud === null;
  const described = describeContext(ctx, { probeOptIn: PROBE_OPT_IN });
  const children: Row[] = [
    fact(
      'provider',
      'Provider',
      ctx.provider ? (PROVIDER_NAMES[ctx.provider] ?? ctx.provider) : ctx.inCloud === false ? 'none' : null,
    ),
    fact('service', 'Service', ctx.service ? SERVICE_NAMES[ctx.service] : ctx.inCloud === false ? 'none' : null),
    fact('region', 'Region', ctx.region, ctx.inCloud === false ? 'n/a' : 'unknown'),
    fact(
      'platform',
      'Platform',
      ctx.platform
        ? `${ctx.platform.name}${ctx.platform.region ? ` (${ctx.platform.region})` : ''}, ${ctx.platform.how}`
        : null,
      'none',
    ),
  ];
  if (ctx.instanceType || ctx.instanceId) {
    children.push(fact('instance', 'Instance', [ctx.instanceType, ctx.instanceId].filter(Boolean).join(' · ')));
  }
  children.push({
    id: 'context/evidence',
    label: 'Evidence',
    description: `${ctx.evidence.length} signal${ctx.evidence.length === 1 ? '' : 's'} · ${Math.round(state.elapsedMs)} ms`,
    icon: 'checklist',
    expanded: false,
    children: ctx.evidence.map(evidenceRow),
  });
  return {
    ...base,
    description: summarizeContext(ctx),
    icon: unknown ? 'question' : ctx.inCloud ? 'cloud' : 'device-desktop',
    iconColor: unknown ? 'problemsWarningIcon.foreground' : undefined,
    tooltip: [
      `**Cloud context:** ${described.summary}`,
      described.hint ? `$(info) ${described.hint}` : undefined,
      unknown ? 'Routing treats an unknown context as "not in a cloud" and says so in every explanation.' : undefined,
      'Expand *Evidence* to see what each signal said.',
    ]
      .filter(Boolean)
      .join('\n\n'),
    expanded: true,
    children,
  };
}
