// Pure: the one-line CodeLens title and the hover card for a Route, with command links.
import type * as vscode from 'vscode';
import type { Route } from '../../core/routing/types';
import { formatBytes, formatCost, truncate, viaLabel } from './routeText';
import { localizeRoute } from './localizeRoute';

/** What this needs of `vscode.l10n`; strings go through `l10n.t('…')` so @vscode/l10n-dev extracts them. */
type L10n = Pick<typeof vscode.l10n, 't'>;

export const EXPLAIN_COMMAND = 'cloudDataRouter.explainRoute';
export const DOWNLOAD_COMMAND = 'cloudDataRouter.download';

/** "S3 · same-region", "HTTPS · user-not-in-cloud", with the notes that change what happens. */
export function lensTitle(route: Route, l10n: L10n): string {
  if (route.error) return `$(warning) ${l10n.t('{0} · {1}: cannot download', viaLabel(route.via), route.leaf)}`;
  const extra = [
    route.requesterPays ? l10n.t('requester pays') : '',
    route.forced ? l10n.t('forced') : '',
    route.warnings.length ? '$(warning)' : '',
  ].filter(Boolean);
  return [`$(cloud-download) ${viaLabel(route.via)} · ${route.leaf}`, ...extra].join(' · ');
}

/** `command:` link with JSON arguments, as VS Code's trusted markdown expects. */
export function commandLink(command: string, args: readonly unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

/**
 * Backslash-escapes the markdown that could change what a URI or message shows: emphasis, code, links
 * (no `[` means no link), HTML and `$(icon)`. Parentheses, `#`, `.` and `-` stay: our lines never start
 * with user text, and an escaped `)` would end up inside an auto-linked URL.
 */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]<>|~$]/g, (c) => `\\${c}`);
}

/** A URI as inline code: shown exactly, never linkified or parsed; escaped text if it holds a backtick. */
export function codeSpan(s: string): string {
  return s.includes('`') ? escapeMarkdown(s) : `\`${s}\``;
}

/** Hover markdown; the caller marks it trusted for exactly EXPLAIN_COMMAND and DOWNLOAD_COMMAND. */
export function hoverMarkdown(given: Route, l10n: L10n): string {
  const route = localizeRoute(given, l10n);
  const lines: string[] = [];
  const what = route.error
    ? l10n.t('cannot download')
    : route.via === 's3'
      ? route.requesterPays
        ? l10n.t('S3, requester pays')
        : l10n.t('S3')
      : l10n.t('HTTPS');
  lines.push(`**${escapeMarkdown(l10n.t('Cloud Data Router'))}**: ${escapeMarkdown(what)} · \`${route.leaf}\``);
  lines.push('');
  const target = route.via === 's3' ? route.s3Uri : route.httpUrl;
  if (target) lines.push(`${escapeMarkdown(l10n.t('From'))}: ${codeSpan(truncate(target, 120))}  `);
  lines.push(
    `${escapeMarkdown(l10n.t('Cost'))}: ${escapeMarkdown(formatCost(route, l10n))}${route.bytes !== null ? ` · ${escapeMarkdown(formatBytes(route.bytes))}` : ''}  `,
  );
  if (route.credentials)
    lines.push(`${escapeMarkdown(l10n.t('Credentials'))}: ${escapeMarkdown(truncate(route.credentials, 160))}  `);
  const last = [...route.steps].reverse().find((s) => s.node !== 'cost' && s.node !== 'forced');
  if (last) lines.push(`${escapeMarkdown(l10n.t('Because'))}: ${escapeMarkdown(`${last.question} ${last.answer}`)}  `);
  if (route.forced)
    lines.push(
      `${escapeMarkdown(l10n.t('Forced to {0}; the tree would choose {1}', viaLabel(route.forced.requested), viaLabel(route.forced.treeWouldChoose)))}  `,
    );
  if (route.error) lines.push('', `$(error) ${escapeMarkdown(route.error)}`);
  for (const w of route.warnings.slice(0, 3)) lines.push('', `$(warning) ${escapeMarkdown(truncate(w, 240))}`);
  if (route.warnings.length > 3)
    lines.push('', escapeMarkdown(l10n.t('…and {0} more warnings', route.warnings.length - 3)));
  lines.push('');
  const links = [`[$(graph) ${escapeMarkdown(l10n.t('Explain route'))}](${commandLink(EXPLAIN_COMMAND, [route.uri])})`];
  if (!route.error)
    links.unshift(
      `[$(cloud-download) ${escapeMarkdown(l10n.t('Download'))}](${commandLink(DOWNLOAD_COMMAND, [route.uri])})`,
    );
  lines.push(links.join(' · '));
  return lines.join('\n');
}
