// Pure: the seed's decision tree as data — questions, leaves, edges and where each sits in the picture —
// and which of them a Route took. renderRouteHtml draws it; tests read it.
import type * as vscode from 'vscode';
import { LEAF_PATH, type Route, type RouteLeaf, type RouteNode, type Via } from '../../core/routing/types';
import { english } from './routeText';

/**
 * gettext's N_(): `l10n.t('…')` here only marks a text for the bundle (@vscode/l10n-dev looks for that call) and keeps
 * it in English; the views translate it with the real `vscode.l10n` when they draw it.
 */
const l10n: Pick<typeof vscode.l10n, 't'> = english;

export type QuestionId = Exclude<RouteNode, 'forced' | 'cost'>;

export interface TreeQuestion {
  readonly id: QuestionId;
  /** Short enough to fit a node; the full question is in the step list. */
  readonly label: string;
  readonly row: number;
}

export interface TreeLeaf {
  readonly id: RouteLeaf;
  readonly title: string;
  readonly via: Via;
  /** The fallback that comes with a warning (cross-region-not-allowed). */
  readonly warns: boolean;
  /** Column 0 sits under the questions, column 1 to their right. */
  readonly column: 0 | 1;
  readonly row: number;
}

export interface TreeEdge {
  readonly from: QuestionId;
  readonly to: QuestionId | RouteLeaf;
  readonly label: string;
}

export const TREE_QUESTIONS: readonly TreeQuestion[] = [
  { id: 'in-cloud', label: l10n.t('Is this machine in the cloud?'), row: 0 },
  { id: 'data-in-cloud', label: l10n.t('Is the data in the cloud?'), row: 1 },
  { id: 'account', label: l10n.t('Whose cloud account?'), row: 2 },
  { id: 'same-region', label: l10n.t('Same region as the data?'), row: 3 },
  { id: 'credentials', label: l10n.t('AWS credentials?'), row: 4 },
  { id: 'cross-region-allowed', label: l10n.t('Cross-region allowed?'), row: 5 },
];

export const TREE_LEAVES: readonly TreeLeaf[] = [
  { id: 'user-not-in-cloud', title: l10n.t('HTTPS download'), via: 'http', warns: false, column: 1, row: 0 },
  { id: 'data-not-in-cloud', title: l10n.t('HTTPS download'), via: 'http', warns: false, column: 1, row: 1 },
  { id: 'platform-account', title: l10n.t('S3, co-located by design'), via: 's3', warns: false, column: 1, row: 2 },
  { id: 'same-region', title: l10n.t('S3 download'), via: 's3', warns: false, column: 1, row: 3 },
  { id: 'cross-region-anonymous', title: l10n.t('HTTPS download'), via: 'http', warns: false, column: 1, row: 4 },
  {
    id: 'cross-region-requester-pays',
    title: l10n.t('S3, requester pays'),
    via: 's3',
    warns: false,
    column: 1,
    row: 5,
  },
  {
    id: 'cross-region-not-allowed',
    title: l10n.t('Warn, HTTPS download'),
    via: 'http',
    warns: true,
    column: 0,
    row: 6,
  },
];

export const TREE_EDGES: readonly TreeEdge[] = [
  { from: 'in-cloud', to: 'user-not-in-cloud', label: l10n.t('no') },
  { from: 'in-cloud', to: 'data-in-cloud', label: l10n.t('yes') },
  { from: 'data-in-cloud', to: 'data-not-in-cloud', label: l10n.t('no') },
  { from: 'data-in-cloud', to: 'account', label: l10n.t('yes') },
  { from: 'account', to: 'platform-account', label: l10n.t('platform') },
  { from: 'account', to: 'same-region', label: l10n.t('own account') },
  { from: 'same-region', to: 'same-region', label: l10n.t('yes') },
  { from: 'same-region', to: 'credentials', label: l10n.t('no') },
  { from: 'credentials', to: 'cross-region-anonymous', label: l10n.t('none') },
  { from: 'credentials', to: 'cross-region-allowed', label: l10n.t('yes') },
  { from: 'cross-region-allowed', to: 'cross-region-requester-pays', label: l10n.t('yes') },
  { from: 'cross-region-allowed', to: 'cross-region-not-allowed', label: l10n.t('no') },
];

export function edgeKey(e: Pick<TreeEdge, 'from' | 'to'>): string {
  return `${e.from}>${e.to}`;
}

export type QuestionState = 'asked' | 'skipped' | 'untaken';

export interface TakenPath {
  readonly leaf: RouteLeaf;
  readonly questions: ReadonlyMap<QuestionId, QuestionState>;
  readonly edges: ReadonlySet<string>;
  /** 1-based index into route.steps of the step that answered each question. */
  readonly stepNumber: ReadonlyMap<QuestionId, number>;
  /** A platform account whose region differs from the data's: the tree's cross-region rules applied. */
  readonly platformCrossRegion: boolean;
}

export function takenPath(route: Pick<Route, 'leaf' | 'steps'>): TakenPath {
  const onPath = LEAF_PATH[route.leaf];
  const stepNumber = new Map<QuestionId, number>();
  route.steps.forEach((s, i) => {
    if (s.node !== 'forced' && s.node !== 'cost' && !stepNumber.has(s.node)) stepNumber.set(s.node, i + 1);
  });
  const questions = new Map<QuestionId, QuestionState>();
  for (const q of TREE_QUESTIONS) {
    // A question on the path that no step answered was passed over (a platform in another region skips "same region?").
    questions.set(q.id, !onPath.includes(q.id) ? 'untaken' : stepNumber.has(q.id) ? 'asked' : 'skipped');
  }
  const edges = new Set<string>();
  onPath.forEach((q, i) => edges.add(edgeKey({ from: q, to: onPath[i + 1] ?? route.leaf })));
  const accountAnswer = route.steps.find((s) => s.node === 'account')?.messages.answer.id ?? '';
  const platformCrossRegion =
    route.leaf.startsWith('cross-region') && accountAnswer.startsWith('route.account.platform');
  return { leaf: route.leaf, questions, edges, stepNumber, platformCrossRegion };
}
