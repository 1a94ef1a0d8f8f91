// Pure: small text helpers every route view shares — escaping, l10n-shaped formatting, sizes, costs, transports.
import type { Route, Via } from '../../core/routing/types';

/** Shaped like `vscode.l10n.t(message, ...args)`, so the glue passes that and pure tests pass `format`. */
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/** `{0}`-style substitution, what `vscode.l10n.t` does when no bundle is loaded. */
export const format: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));

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

export function formatCost(route: Pick<Route, 'estimatedCostUsd'>, t: Translate): string {
  const c = route.estimatedCostUsd;
  if (c === null) return t('unknown (size unknown)');
  if (c === 0) return t('$0 to your AWS account');
  return t('about ${0} to your AWS account', c < 0.01 ? c.toPrecision(2) : c.toFixed(2));
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
