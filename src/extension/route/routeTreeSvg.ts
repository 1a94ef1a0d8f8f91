// Pure: draws the seed's decision tree as an inline SVG, the route's path in the accent colour and the
// rest dimmed; every question and leaf is drawn so people see what else could have happened.
import type * as vscode from 'vscode';
import type { Route } from '../../core/routing/types';
import { esc, truncate, viaLabel } from './routeText';
import { localizeRoute } from './localizeRoute';
import {
  TREE_EDGES,
  TREE_LEAVES,
  TREE_QUESTIONS,
  edgeKey,
  takenPath,
  type TreeLeaf,
  type TreeQuestion,
} from './routeTree';

/** What this needs of `vscode.l10n`; strings go through `l10n.t('…')` so @vscode/l10n-dev extracts them. */
type L10n = Pick<typeof vscode.l10n, 't'>;

const W = 724;
const NODE_W = 292;
const NODE_H = 64;
const PITCH = 94;
const TOP = 14;
const COL_X = [12, 420] as const;

interface Box {
  readonly x: number;
  readonly y: number;
}

function questionBox(q: TreeQuestion): Box {
  return { x: COL_X[0], y: TOP + q.row * PITCH };
}

function leafBox(l: TreeLeaf): Box {
  return { x: COL_X[l.column], y: TOP + l.row * PITCH };
}

function boxOf(id: string): Box {
  const q = TREE_QUESTIONS.find((x) => x.id === id);
  // "same-region" names both a question and a leaf; as an edge target from "account" it is the question.
  if (q) return questionBox(q);
  const l = TREE_LEAVES.find((x) => x.id === id);
  if (!l) throw new Error(`unknown tree node ${id}`);
  return leafBox(l);
}

function drawEdge(from: Box, toId: string, fromId: string, label: string, taken: boolean, l10n: L10n): string {
  // The "yes" leaf of "same region?" shares its id with the question; the edge from that question goes right.
  const to = fromId === toId ? leafBox(TREE_LEAVES.find((l) => l.id === toId) as TreeLeaf) : boxOf(toId);
  const cls = taken ? 'edge taken' : 'edge';
  const marker = taken ? 'url(#arrow-taken)' : 'url(#arrow)';
  if (to.x === from.x) {
    const x = from.x + 40;
    const y1 = from.y + NODE_H;
    const y2 = to.y - 2;
    return `<g class="${cls}"><line x1="${x}" y1="${y1}" x2="${x}" y2="${y2}" marker-end="${marker}"/><text class="edge-label" x="${x + 12}" y="${(y1 + y2) / 2 + 4}">${esc(l10n.t(label))}</text></g>`;
  }
  const y = from.y + NODE_H / 2;
  const x1 = from.x + NODE_W;
  const x2 = to.x - 2;
  return `<g class="${cls}"><line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" marker-end="${marker}"/><text class="edge-label" x="${(x1 + x2) / 2}" y="${y - 9}" text-anchor="middle">${esc(l10n.t(label))}</text></g>`;
}

/** A pill on the top edge of the chosen leaf; its width follows the (translated) text. */
function chosenTag(x: number, y: number, text: string): string {
  const w = Math.round(text.length * 7 + 20);
  const right = x + NODE_W - 10;
  return `<g class="chosen"><rect x="${right - w}" y="${y - 11}" width="${w}" height="22" rx="11"/><text x="${right - w / 2}" y="${y + 4}" text-anchor="middle">${esc(text)}</text></g>`;
}

export function renderRouteTreeSvg(given: Route, l10n: L10n): string {
  const route = localizeRoute(given, l10n);
  const path = takenPath(route);
  const stepsByNode = new Map(route.steps.map((s) => [s.node, s] as const));
  const parts: string[] = [];

  for (const e of TREE_EDGES) {
    parts.push(drawEdge(boxOf(e.from), e.to, e.from, e.label, path.edges.has(edgeKey(e)), l10n));
  }

  for (const q of TREE_QUESTIONS) {
    const { x, y } = questionBox(q);
    const state = path.questions.get(q.id) ?? 'untaken';
    const step = stepsByNode.get(q.id);
    const n = path.stepNumber.get(q.id);
    const answer =
      state === 'asked' && step ? `→ ${step.answer}` : state === 'skipped' ? l10n.t('not asked on this route') : '';
    const tip = step ? `${step.question} ${step.answer}` : l10n.t(q.label);
    parts.push(
      `<g class="question ${state === 'untaken' ? 'dimmed' : state}" data-node="${q.id}">` +
        `<title>${esc(tip)}</title>` +
        `<rect x="${x}" y="${y}" width="${NODE_W}" height="${NODE_H}" rx="12"/>` +
        `<circle class="badge" cx="${x + 40}" cy="${y + NODE_H / 2}" r="14"/>` +
        `<text class="badge-text" x="${x + 40}" y="${y + NODE_H / 2 + 4.5}" text-anchor="middle">${n ?? '?'}</text>` +
        `<text class="q-label" x="${x + 66}" y="${y + (answer ? 27 : 37)}">${esc(truncate(l10n.t(q.label), 30))}</text>` +
        (answer ? `<text class="q-answer" x="${x + 66}" y="${y + 47}">${esc(truncate(answer, 36))}</text>` : '') +
        `</g>`,
    );
  }

  for (const l of TREE_LEAVES) {
    const { x, y } = leafBox(l);
    const taken = l.id === route.leaf;
    const chosenVia = taken ? route.via : l.via;
    const tag = taken ? (route.forced ? l10n.t("tree's choice") : l10n.t('route')) : '';
    parts.push(
      `<g class="leaf ${taken ? 'taken' : 'dimmed'} via-${l.via}${l.warns ? ' warns' : ''}" data-leaf="${l.id}" id="leaf-${l.id}">` +
        `<title>${esc(`${l10n.t(l.title)} (${l.id})`)}</title>` +
        `<rect class="leaf-box" x="${x}" y="${y}" width="${NODE_W}" height="${NODE_H}" rx="12"/>` +
        `<rect class="pill" x="${x + 14}" y="${y + 20}" width="62" height="24" rx="12"/>` +
        `<text class="pill-text" x="${x + 45}" y="${y + 36.5}" text-anchor="middle">${esc(viaLabel(l.via))}</text>` +
        `<text class="l-title" x="${x + 90}" y="${y + 28}">${l.warns ? '⚠ ' : ''}${esc(l10n.t(l.title))}</text>` +
        `<text class="l-id" x="${x + 90}" y="${y + 47}">${esc(l.id)}</text>` +
        (tag ? chosenTag(x, y, `✓ ${tag}`) : '') +
        (taken && chosenVia !== l.via
          ? `<text class="forced-note" x="${x + 90}" y="${y + NODE_H + 16}">${esc(l10n.t('forced: {0} instead', viaLabel(chosenVia)))}</text>`
          : '') +
        `</g>`,
    );
  }

  const height = TOP + 6 * PITCH + NODE_H + 26;
  const leaf = TREE_LEAVES.find((l) => l.id === route.leaf);
  const walked = TREE_QUESTIONS.filter((q) => path.questions.get(q.id) === 'asked').map((q) => {
    const s = stepsByNode.get(q.id);
    return `${l10n.t(q.label)} ${s?.answer ?? ''}`.trim();
  });
  const desc = l10n.t(
    'Path taken: {0}; leaf {1}: {2} over {3}.',
    walked.join('; '),
    route.leaf,
    leaf ? l10n.t(leaf.title) : route.leaf,
    viaLabel(route.via),
  );

  return (
    `<svg class="tree" viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img" aria-labelledby="tree-title tree-desc" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="tree-title">${esc(l10n.t('Decision tree: which way the file travels'))}</title>` +
    `<desc id="tree-desc">${esc(desc)}</desc>` +
    `<defs>` +
    `<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path class="arrow" d="M0,0 L10,5 L0,10 z"/></marker>` +
    `<marker id="arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="12" markerHeight="12" orient="auto-start-reverse"><path class="arrow-taken" d="M0,0 L10,5 L0,10 z"/></marker>` +
    `</defs>` +
    parts.join('') +
    `</svg>`
  );
}
