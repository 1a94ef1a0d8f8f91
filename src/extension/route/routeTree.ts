// Pure: the seed's decision tree as data — questions, leaves, edges and where each sits in the picture —
// and which of them a Route took. renderRouteHtml draws it; tests read it.
import { LEAF_PATH, type Route, type RouteLeaf, type RouteNode, type Via } from '../../core/routing/types';

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
  { id: 'in-cloud', label: 'Is this machine in the cloud?', row: 0 },
  { id: 'data-in-cloud', label: 'Is the data in the cloud?', row: 1 },
  { id: 'account', label: 'Whose cloud account?', row: 2 },
  { id: 'same-region', label: 'Same region as the data?', row: 3 },
  { id: 'credentials', label: 'AWS credentials?', row: 4 },
  { id: 'cross-region-allowed', label: 'Cross-region allowed?', row: 5 },
];

export const TREE_LEAVES: readonly TreeLeaf[] = [
  { id: 'user-not-in-cloud', title: 'HTTPS download', via: 'http', warns: false, column: 1, row: 0 },
  { id: 'data-not-in-cloud', title: 'HTTPS download', via: 'http', warns: false, column: 1, row: 1 },
  { id: 'platform-account', title: 'S3, co-located by design', via: 's3', warns: false, column: 1, row: 2 },
  { id: 'same-region', title: 'S3 download', via: 's3', warns: false, column: 1, row: 3 },
  { id: 'cross-region-anonymous', title: 'HTTPS download', via: 'http', warns: false, column: 1, row: 4 },
  { id: 'cross-region-requester-pays', title: 'S3, requester pays', via: 's3', warns: false, column: 1, row: 5 },
  { id: 'cross-region-not-allowed', title: 'Warn, HTTPS download', via: 'http', warns: true, column: 0, row: 6 },
];

export const TREE_EDGES: readonly TreeEdge[] = [
  { from: 'in-cloud', to: 'user-not-in-cloud', label: 'no' },
  { from: 'in-cloud', to: 'data-in-cloud', label: 'yes' },
  { from: 'data-in-cloud', to: 'data-not-in-cloud', label: 'no' },
  { from: 'data-in-cloud', to: 'account', label: 'yes' },
  { from: 'account', to: 'platform-account', label: 'platform' },
  { from: 'account', to: 'same-region', label: 'own account' },
  { from: 'same-region', to: 'same-region', label: 'yes' },
  { from: 'same-region', to: 'credentials', label: 'no' },
  { from: 'credentials', to: 'cross-region-anonymous', label: 'none' },
  { from: 'credentials', to: 'cross-region-allowed', label: 'yes' },
  { from: 'cross-region-allowed', to: 'cross-region-requester-pays', label: 'yes' },
  { from: 'cross-region-allowed', to: 'cross-region-not-allowed', label: 'no' },
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
  const accountAnswer = route.steps.find((s) => s.node === 'account')?.answer ?? '';
  const platformCrossRegion = route.leaf.startsWith('cross-region') && accountAnswer.startsWith('the platform');
  return { leaf: route.leaf, questions, edges, stepNumber, platformCrossRegion };
}
