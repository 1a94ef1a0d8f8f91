// Pure: a Route as plain text — the seed's tree with the path taken marked, then the steps and warnings.
import { LEAF_PATH, type Route, type RouteLeaf } from './types';

interface TreeLine {
  readonly id: string;
  readonly depth: number;
  readonly text: string;
}

const TREE: readonly TreeLine[] = [
  { id: 'root', depth: 0, text: 'User in the cloud?' },
  { id: 'in-yes', depth: 1, text: 'yes → Requested data in the cloud?' },
  { id: 'data-yes', depth: 2, text: 'yes → Whose cloud account?' },
  { id: 'own', depth: 3, text: 'own account → Compute and data in the same region?' },
  { id: 'same', depth: 4, text: 'yes → s3 download  [same-region]' },
  { id: 'diff', depth: 4, text: 'no → Credentials?' },
  { id: 'anon', depth: 5, text: 'none → http download  [cross-region-anonymous]' },
  { id: 'creds', depth: 5, text: 'yes → Cross-region transfer allowed?' },
  { id: 'allowed', depth: 6, text: 'yes → s3 download, requester pays  [cross-region-requester-pays]' },
  { id: 'not-allowed', depth: 6, text: 'no → warn, http download  [cross-region-not-allowed]' },
  { id: 'platform', depth: 3, text: 'platform → s3 download, co-located by design  [platform-account]' },
  { id: 'data-no', depth: 2, text: 'no → http download  [data-not-in-cloud]' },
  { id: 'in-no', depth: 1, text: 'no → http download  [user-not-in-cloud]' },
];

// Which line of the text tree stands for each question (its "yes"/"own account" branch) and each leaf.
const QUESTION_LINE: Readonly<Record<(typeof LEAF_PATH)[RouteLeaf][number], string>> = {
  'in-cloud': 'root',
  'data-in-cloud': 'in-yes',
  account: 'data-yes',
  'same-region': 'own',
  credentials: 'diff',
  'cross-region-allowed': 'creds',
};
const LEAF_LINE: Readonly<Record<RouteLeaf, string>> = {
  'user-not-in-cloud': 'in-no',
  'data-not-in-cloud': 'data-no',
  'platform-account': 'platform',
  'same-region': 'same',
  'cross-region-anonymous': 'anon',
  'cross-region-requester-pays': 'allowed',
  'cross-region-not-allowed': 'not-allowed',
};

/** The tree alone, `»` marking the path to `leaf`; reusable by an "Explain route" view. */
export function renderTree(leaf: RouteLeaf): string[] {
  const path = new Set([...LEAF_PATH[leaf].map((q) => QUESTION_LINE[q]), LEAF_LINE[leaf]]);
  return TREE.map((l) => `${path.has(l.id) ? '»' : ' '} ${'   '.repeat(l.depth)}${l.text}`);
}

export function explainRoute(route: Route): string {
  const out: string[] = [];
  out.push(route.uri);
  const forced = route.forced ? ` — forced; the tree would choose ${route.forced.treeWouldChoose}` : '';
  out.push(`  via ${route.via}${route.requesterPays ? ' (requester pays)' : ''}, leaf ${route.leaf}${forced}`);
  out.push(`  s3:   ${route.s3Uri ?? '(no cloud copy)'}`);
  out.push(`  http: ${route.httpUrl ?? '(no free HTTP copy)'}`);
  if (route.credentials) out.push(`  credentials: ${route.credentials}`);
  const cost = route.estimatedCostUsd === null ? 'unknown (size unknown)' : `$${route.estimatedCostUsd}`;
  out.push(`  cost to your AWS account: ${cost}${route.bytes !== null ? ` for ${route.bytes} bytes` : ''}`);
  if (route.error) out.push(`  ERROR: ${route.error}`);
  out.push('', '  Decision tree (» = path taken):');
  for (const l of renderTree(route.leaf)) out.push(`    ${l}`);
  if (
    route.leaf.startsWith('cross-region') &&
    route.steps.some((s) => s.node === 'account' && s.messages.answer.id.startsWith('route.account.platform'))
  ) {
    out.push(
      '    (a platform provides the account, but it runs in another region than the data, so the cross-region branch applies)',
    );
  }
  out.push('', '  Steps:');
  route.steps.forEach((s, i) => {
    out.push(`    ${i + 1}. ${s.question} ${s.answer}`);
    for (const e of s.evidence) out.push(`       · ${e}`);
  });
  if (route.warnings.length) {
    out.push('', '  Warnings:');
    for (const w of route.warnings) out.push(`    ! ${w}`);
  }
  return `${out.join('\n')}\n`;
}
