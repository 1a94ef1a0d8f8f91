// Pure: small text helpers every route view shares — escaping, l10n-shaped formatting, sizes, costs, transports.
import type * as vscode from 'vscode';
import type { Route, Via } from '../../core/routing/types';

/** What pure views need of `vscode.l10n`: the glue passes `vscode.l10n`, tests pass `english` or a pseudo-locale. They
 * call it as `l10n.t('…')`, in files that import vscode's types, because that is the only shape @vscode/l10n-dev
 * extracts into l10n/bundle.l10n.json: a string behind a bare `t('…')` never reaches a translator. */
export type L10n = Pick<typeof vscode.l10n, 't'>;

type Args = Array<string | number | boolean> | Record<string, unknown>;

/** `{0}` / `{name}` substitution, what `vscode.l10n.t` does after looking the message up. */
export const format = (message: string, ...args: Array<string | number | boolean>): string => fill(message, args);

function fill(message: string, args: Args): string {
  return message.replace(/\{([^{}]+)\}/g, (m, k: string) =>
    Object.prototype.hasOwnProperty.call(args, k) ? String((args as Record<string, unknown>)[k]) : m,
  );
}

/** An `l10n` like VS Code's: `translate` maps a message to its translation (or returns it when there is none). */
export function l10nFrom(translate: (message: string) => string): L10n {
  function t(message: string, ...args: Array<string | number | boolean>): string;
  function t(message: string, args: Record<string, unknown>): string;
  function t(options: { message: string; args?: Args; comment: string | string[] }): string;
  function t(first: string | { message: string; args?: Args }, ...rest: unknown[]): string {
    if (typeof first !== 'string') return fill(translate(first.message), first.args ?? []);
    const args =
      rest.length === 1 && typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as Args) : (rest as Args);
    return fill(translate(first), args);
  }
  return { t };
}

/** No bundle: the English source strings, as VS Code shows them in an English UI. */
export const english: L10n = l10nFrom((m) => m);

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Safe in element content and in quoted attribute values alike. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

export function viaLabel(via: Via): string {
  return via === 's3' ? 'S3' : 'HTTPS';
}

/** Decimal units, as archives and `ls -h --si` show file sizes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let u = -1;
  do {
    v /= 1000;
    u++;
  } while (v >= 1000 && u < units.length - 1);
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${units[u]}`;
}

export function formatCost(route: Pick<Route, 'estimatedCostUsd'>, l10n: L10n): string {
  const c = route.estimatedCostUsd;
  if (c === null) return l10n.t('unknown (size unknown)');
  if (c === 0) return l10n.t('$0 to your AWS account');
  return l10n.t('about ${0} to your AWS account', c < 0.01 ? c.toPrecision(2) : c.toFixed(2));
}

/** Cut to `max` characters with an ellipsis; the full text goes in a tooltip or a list. */
export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(1, max - 1)).trimEnd()}…`;
}

/** The file name part of an address, for panel titles. */
export function shortName(uri: string): string {
  const noQuery = uri.replace(/[?#].*$/, '');
  const fromQuery = /[?&]uri=([^&#]+)/.exec(uri)?.[1];
  const base = (fromQuery ? decodeSafe(fromQuery) : noQuery).replace(/\/+$/, '');
  return base.slice(base.lastIndexOf('/') + 1) || uri;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
