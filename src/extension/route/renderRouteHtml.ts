// Pure: the "Explain route" webview page for one Route — verdict, decision-tree picture, the answers with
// their evidence, warnings and addresses — under a strict CSP; the only script posts button clicks.
import type * as vscode from 'vscode';
import type { Route } from '../../core/routing/types';
import { renderRouteTreeSvg } from './routeTreeSvg';
import { ROUTE_CSS } from './routeStyles';
import { esc, english, formatBytes, formatCost, viaLabel } from './routeText';
import { TREE_LEAVES } from './routeTree';
import { localizeRoute } from './localizeRoute';

/** What this needs of `vscode.l10n`; strings go through `l10n.t('…')` so @vscode/l10n-dev extracts them. */
type L10n = Pick<typeof vscode.l10n, 't'>;

export interface RenderRouteOptions {
  /** Fresh per render; allows exactly our <style> and <script>. */
  readonly nonce: string;
  /** `webview.cspSource`; nothing is loaded from it today, but fonts and codicons would be. */
  readonly cspSource: string;
  readonly l10n?: L10n;
  /** False in Restricted Mode: downloads are off there, so the button says so instead of leading to a refusal. */
  readonly downloadsAllowed?: boolean;
  /** Set when astroquery can take this download: the archive, its module, and why (shown in a banner). */
  readonly astroquery?: {
    readonly archive: string;
    readonly module: string;
    /** True when this tool cannot log in to the archive itself (everything but MAST). */
    readonly delegated: boolean;
    readonly reasons: readonly string[];
  };
}

/** Messages the page posts to the extension. */
export type RoutePanelMessage = {
  readonly type: 'download' | 'copyJson' | 'copyPython' | 'insertNotebook' | 'downloadAstroquery';
};

const SCRIPT = `
(function () {
  // Outside VS Code (a saved page, a screenshot) there is no API; buttons then do nothing.
  var api = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : { postMessage: function () {} };
  document.querySelectorAll('button[data-action]').forEach(function (b) {
    b.addEventListener('click', function () { api.postMessage({ type: b.getAttribute('data-action') }); });
  });
})();
`;

function verdictTitle(route: Route, l10n: L10n): string {
  if (route.error) return l10n.t('Cannot download this file as things stand');
  if (route.via === 's3')
    return route.requesterPays ? l10n.t('Download over S3, requester pays') : l10n.t('Download over S3');
  return l10n.t('Download over HTTPS');
}

function stepsList(route: Route, l10n: L10n): string {
  const items = route.steps.map((s, i) => {
    const extra = s.node === 'forced' || s.node === 'cost';
    const ev = s.evidence.length
      ? `<ul class="evidence" aria-label="${esc(l10n.t('Evidence'))}">${s.evidence.map((e) => `<li>${esc(e)}</li>`).join('')}</ul>`
      : '';
    return `<li class="${extra ? 'extra' : 'tree-step'}" data-node="${esc(s.node)}"><span class="num" aria-hidden="true">${i + 1}</span><div><div class="q">${esc(s.question)}</div><div class="a">${esc(s.answer)}</div>${ev}</div></li>`;
  });
  return `<ol class="steps">${items.join('')}</ol>`;
}

export function renderRouteHtml(given: Route, opts: RenderRouteOptions): string {
  const l10n = opts.l10n ?? english;
  const route = localizeRoute(given, l10n);
  const nonce = esc(opts.nonce);
  const csp = [
    `default-src 'none'`,
    `img-src ${opts.cspSource} data:`,
    `font-src ${opts.cspSource}`,
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const leaf = TREE_LEAVES.find((l) => l.id === route.leaf);
  const target = route.via === 's3' ? route.s3Uri : route.httpUrl;

  const chips = [
    `<span class="chip leaf-chip" title="${esc(l10n.t('Leaf of the decision tree'))}">${esc(route.leaf)}</span>`,
    route.requesterPays ? `<span class="chip warn">${esc(l10n.t('requester pays'))}</span>` : '',
    `<span class="chip">${esc(l10n.t('Cost: {0}', formatCost(route, l10n)))}</span>`,
    route.bytes !== null ? `<span class="chip">${esc(l10n.t('Size: {0}', formatBytes(route.bytes)))}</span>` : '',
    route.forced
      ? `<span class="chip warn">${esc(l10n.t('forced: {0}', viaLabel(route.forced.requested)))}</span>`
      : '',
  ].join('');

  const blocked = opts.downloadsAllowed === false;
  const disabled =
    route.error || blocked
      ? ` disabled${blocked ? ` title="${esc(l10n.t('Downloads are off in Restricted Mode: trust this workspace first'))}"` : ''}`
      : '';
  const verdict =
    `<section class="verdict via-${route.via}${route.error ? ' has-error' : ''}" aria-label="${esc(l10n.t('Route'))}">` +
    `<div class="big-via" aria-label="${esc(l10n.t('Transport: {0}', viaLabel(route.via)))}">${esc(viaLabel(route.via))}</div>` +
    `<div class="verdict-text"><div class="verdict-title">${esc(verdictTitle(route, l10n))}</div>` +
    // A break opportunity after each '/', so a long key wraps between segments, not inside a file name.
    (target ? `<div class="verdict-target">${esc(target).replace(/\//g, '/<wbr>')}</div>` : '') +
    `<div class="chips">${chips}</div></div>` +
    `<div class="actions"><button class="primary" data-action="download"${disabled} aria-label="${esc(l10n.t('Download {0}', route.uri))}">${esc(l10n.t('Download'))}</button>` +
    (opts.astroquery
      ? `<button class="${opts.astroquery.delegated ? 'primary' : 'secondary'}" data-action="downloadAstroquery"${blocked || route.error ? ' disabled' : ''} aria-label="${esc(l10n.t('Download {0} with astroquery', route.uri))}">${esc(l10n.t('Download with astroquery'))}</button>`
      : '') +
    `<button class="secondary" data-action="copyJson" aria-label="${esc(l10n.t('Copy the route as JSON'))}">${esc(l10n.t('Copy as JSON'))}</button>` +
    `<button class="secondary" data-action="copyPython" aria-label="${esc(l10n.t('Copy the route as Python'))}">${esc(l10n.t('Copy as Python'))}</button>` +
    `<button class="secondary" data-action="insertNotebook" aria-label="${esc(l10n.t('Insert the route as a Python cell into the active notebook'))}">${esc(l10n.t('Insert into Notebook'))}</button></div>` +
    `</section>`;

  const banners: string[] = [];
  if (route.error)
    banners.push(
      `<section class="banner error" role="alert"><h2>${esc(l10n.t('Error'))}</h2><div>${esc(route.error)}</div></section>`,
    );
  if (route.forced) {
    banners.push(
      `<section class="banner forced"><h2>${esc(l10n.t('Transport forced'))}</h2><div>${esc(l10n.t('The transport was forced to {0} (setting or --via); the decision tree would choose {1}.', viaLabel(route.forced.requested), viaLabel(route.forced.treeWouldChoose)))}</div></section>`,
    );
  }
  if (opts.astroquery) {
    banners.push(
      `<section class="banner astroquery" aria-labelledby="aq-h"><h2 id="aq-h">${esc(opts.astroquery.delegated ? l10n.t('Delegated to astroquery ({0})', opts.astroquery.module) : l10n.t('astroquery can fetch this too ({0})', opts.astroquery.module))}</h2><ul>${opts.astroquery.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul></section>`,
    );
  }
  if (route.warnings.length) {
    banners.push(
      `<section class="banner warnings" aria-labelledby="warn-h"><h2 id="warn-h">⚠ ${esc(l10n.t('Warnings'))}</h2><ul>${route.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul></section>`,
    );
  }

  const platformNote =
    route.leaf.startsWith('cross-region') &&
    route.steps.some((s) => s.node === 'account' && s.messages.answer.id.startsWith('route.account.platform'))
      ? `<p class="note">${esc(l10n.t('A science platform provides the account, but it runs in another region than the data, so the cross-region branch applies.'))}</p>`
      : '';

  const facts =
    `<section class="addresses" aria-labelledby="addr-h"><h2 id="addr-h">${esc(l10n.t('Addresses'))}</h2><dl class="facts">` +
    `<dt>${esc(l10n.t('Requested'))}</dt><dd>${esc(route.uri)}</dd>` +
    `<dt>${esc(l10n.t('S3'))}</dt><dd>${esc(route.s3Uri ?? l10n.t('(no cloud copy)'))}</dd>` +
    `<dt>${esc(l10n.t('HTTPS'))}</dt><dd>${esc(route.httpUrl ?? l10n.t('(no free HTTP copy)'))}</dd>` +
    `<dt>${esc(l10n.t('Size'))}</dt><dd>${esc(route.bytes !== null ? `${formatBytes(route.bytes)} (${route.bytes} B)` : l10n.t('unknown'))}</dd>` +
    `<dt>${esc(l10n.t('Cost'))}</dt><dd>${esc(formatCost(route, l10n))}</dd>` +
    (route.credentials ? `<dt>${esc(l10n.t('Credentials'))}</dt><dd>${esc(route.credentials)}</dd>` : '') +
    `</dl></section>`;

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${esc(l10n.t('Route: {0}', route.uri))}</title>
<style nonce="${nonce}">${ROUTE_CSS}</style>
</head>
<body>
<main data-leaf="${esc(route.leaf)}" data-via="${esc(route.via)}">
<h1>${esc(l10n.t('Explain route'))}</h1>
<p class="uri">${esc(route.uri)}</p>
${verdict}
${banners.join('\n')}
<div class="layout">
<section aria-labelledby="tree-h"><h2 id="tree-h">${esc(l10n.t('Decision tree'))}</h2><div class="tree-wrap">${renderRouteTreeSvg(route, l10n)}</div>${platformNote}
<p class="note">${esc(l10n.t('Highlighted: the path this file takes, ending at {0} ({1}). Dimmed: branches not taken.', route.leaf, leaf ? l10n.t(leaf.title) : route.leaf))}</p></section>
<section aria-labelledby="why-h"><h2 id="why-h">${esc(l10n.t('Why: each answer and its evidence'))}</h2>${stepsList(route, l10n)}</section>
</div>
${facts}
</main>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
}
