// Pure: the "Cloud context" node of the tree — what was detected, and the evidence behind each answer.
import type * as vscode from 'vscode';
import { describeContext, PROVIDER_NAMES, SERVICE_NAMES } from '../../core/context/describeContext';
import type { CloudContext, Evidence } from '../../core/context/types';
import { english } from '../route/routeText';
import { dataMessage } from '../../core/messages';
import { localizeMessage } from '../localizeMessage';
import type { Row } from './row';

/** What this needs of `vscode.l10n`; strings go through `l10n.t('…')` so @vscode/l10n-dev extracts them. */
type L10n = Pick<typeof vscode.l10n, 't'>;

export type ContextState =
  | { readonly status: 'detecting' }
  | { readonly status: 'done'; readonly context: CloudContext; readonly elapsedMs: number }
  | { readonly status: 'error'; readonly message: string };

/** A short label for the tree and status bar; describeContext gives the full sentence. */
export function summarizeContext(ctx: CloudContext, l10n: L10n = english): string {
  if (ctx.platform) return `${ctx.platform.name}${ctx.platform.region ? ` · ${ctx.platform.region}` : ''}`;
  if (ctx.inCloud === false) return l10n.t('Not in a cloud');
  if (ctx.inCloud === null) return l10n.t('Unknown');
  const where = [
    ctx.provider ? (PROVIDER_NAMES[ctx.provider] ?? ctx.provider) : l10n.t('Cloud'),
    ctx.service ? SERVICE_NAMES[ctx.service] : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  return ctx.region ? `${where} · ${ctx.region}` : l10n.t('{0} · region unknown', where);
}

function evidenceRow(e: Evidence, i: number, l10n: L10n): Row {
  // Hand-built contexts may lack the message; their `said` is then shown as given.
  const said = localizeMessage(e.message ?? dataMessage(e.said), l10n);
  return {
    id: `context/evidence/${i}`,
    label: e.signal,
    description: said,
    icon: e.weight === 'strong' ? 'pass-filled' : e.weight === 'hint' ? 'lightbulb' : 'circle-outline',
    iconColor: e.weight === 'strong' ? 'testing.iconPassed' : undefined,
    tooltip: `**${e.signal}**: ${said}\n\n${e.weight === 'strong' ? l10n.t('Decides an answer.') : e.weight === 'hint' ? l10n.t('A hint only: it suggests an answer but cannot decide it.') : l10n.t('Looked at; said nothing.')}`,
    contextValue: 'cdr.context.evidence',
  };
}

function fact(id: string, label: string, value: string | null | undefined, unknownText: string): Row {
  return {
    id: `context/${id}`,
    label,
    description: value ?? unknownText,
    icon: value ? 'circle-small-filled' : 'question',
    contextValue: 'cdr.context.fact',
  };
}

export function contextRows(state: ContextState, l10n: L10n = english): Row {
  const base = { id: 'context', label: l10n.t('Cloud context'), contextValue: 'cdr.context' };
  const none = l10n.t('none');
  const unknownText = l10n.t('unknown');
  // Other ids while detecting or failed: VS Code applies "expanded" only the first time it sees an id with children.
  if (state.status === 'detecting')
    return {
      ...base,
      id: 'context:detecting',
      description: l10n.t('Detecting…'),
      icon: 'loading~spin',
      tooltip: l10n.t(
        'Looking for cloud signals: environment, DMI, then the instance metadata service if they point to EC2.',
      ),
    };
  if (state.status === 'error')
    return {
      ...base,
      id: 'context:error',
      description: l10n.t('Detection failed'),
      icon: 'error',
      iconColor: 'problemsErrorIcon.foreground',
      tooltip: state.message,
    };
  const ctx = state.context;
  const unknown = ctx.inCloud === null;
  const described = describeContext(ctx, {
    probeOptIn: l10n.t('the {0} setting', '`cloudDataRouter.context.probeImds`'),
  });
  const children: Row[] = [
    fact(
      'provider',
      l10n.t('Provider'),
      ctx.provider ? (PROVIDER_NAMES[ctx.provider] ?? ctx.provider) : ctx.inCloud === false ? none : null,
      unknownText,
    ),
    fact(
      'service',
      l10n.t('Service'),
      ctx.service ? SERVICE_NAMES[ctx.service] : ctx.inCloud === false ? none : null,
      unknownText,
    ),
    fact('region', l10n.t('Region'), ctx.region, ctx.inCloud === false ? l10n.t('n/a') : unknownText),
    fact(
      'platform',
      l10n.t('Platform'),
      ctx.platform
        ? `${ctx.platform.name}${ctx.platform.region ? ` (${ctx.platform.region})` : ''}, ${
            ctx.platform.how === 'declared' ? l10n.t('declared') : l10n.t('detected')
          }`
        : null,
      none,
    ),
  ];
  if (ctx.instanceType || ctx.instanceId) {
    children.push(
      fact('instance', l10n.t('Instance'), [ctx.instanceType, ctx.instanceId].filter(Boolean).join(' · '), unknownText),
    );
  }
  children.push({
    id: 'context/evidence',
    label: l10n.t('Evidence'),
    description:
      ctx.evidence.length === 1
        ? l10n.t('1 signal · {0} ms', Math.round(state.elapsedMs))
        : l10n.t('{0} signals · {1} ms', ctx.evidence.length, Math.round(state.elapsedMs)),
    icon: 'checklist',
    expanded: false,
    children: ctx.evidence.map((e, i) => evidenceRow(e, i, l10n)),
  });
  return {
    ...base,
    description: summarizeContext(ctx, l10n),
    icon: unknown ? 'question' : ctx.inCloud ? 'cloud' : 'device-desktop',
    iconColor: unknown ? 'problemsWarningIcon.foreground' : undefined,
    tooltip: [
      `**${l10n.t('Cloud context:')}** ${localizeMessage(described.summaryMessage, l10n)}`,
      described.hintMessage ? `$(info) ${localizeMessage(described.hintMessage, l10n)}` : undefined,
      unknown
        ? l10n.t('Routing treats an unknown context as "not in a cloud" and says so in every explanation.')
        : undefined,
      l10n.t('Expand *Evidence* to see what each signal said.'),
    ]
      .filter(Boolean)
      .join('\n\n'),
    expanded: true,
    children,
  };
}
