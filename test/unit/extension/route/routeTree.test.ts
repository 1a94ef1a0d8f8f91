// Pure: the tree's shape and the path a Route took through it.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { decide } from '../../../../src/core/routing/decide';
import { ROUTE_LEAVES } from '../../../../src/core/routing/types';
import { TREE_EDGES, TREE_LEAVES, TREE_QUESTIONS, edgeKey, takenPath } from '../../../../src/extension/route/routeTree';
import { hstLocation, platformContext, policy, routeForEachLeaf, withCreds } from './sampleRoutes';

test('the tree has the seven leaves of DESIGN and every node but the root has one incoming edge', () => {
  assert.deepEqual(TREE_LEAVES.map((l) => l.id).sort(), [...ROUTE_LEAVES].sort());
  const targets = TREE_EDGES.map((e) => (e.from === e.to ? `leaf:${e.to}` : e.to));
  assert.equal(new Set(targets).size, TREE_EDGES.length);
  assert.equal(TREE_EDGES.length, TREE_QUESTIONS.length - 1 + TREE_LEAVES.length);
});

test('every taken edge exists in the tree, and the path ends at the route leaf', () => {
  const keys = new Set(TREE_EDGES.map(edgeKey));
  for (const r of routeForEachLeaf()) {
    const p = takenPath(r);
    for (const e of p.edges) assert.ok(keys.has(e), `${e} is an edge`);
    assert.ok(
      [...p.edges].some((e) => e.endsWith(`>${r.leaf}`)),
      `path reaches ${r.leaf}`,
    );
  }
});

test('a platform in another region skips "same region?" and is flagged', () => {
  const r = decide(platformContext('us-west-2'), hstLocation(), withCreds, policy());
  assert.equal(r.leaf, 'cross-region-not-allowed');
  const p = takenPath(r);
  assert.equal(p.platformCrossRegion, true);
  assert.equal(p.questions.get('same-region'), 'skipped');
  assert.equal(p.questions.get('credentials'), 'asked');
});
