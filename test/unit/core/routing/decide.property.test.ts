import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CloudContext } from '../../../../src/core/context/types';
import { CREDENTIAL_METHODS } from '../../../../src/core/credentials/method';
import { render } from '../../../../src/core/messages';
import { decide, type RoutableLocation } from '../../../../src/core/routing/decide';
import { LEAF_VIA, ROUTE_LEAVES, type RouteIdentity, type RoutePolicy } from '../../../../src/core/routing/types';
import { assertWellFormed } from '../messageChecks';

/** mulberry32: small, seeded, reproducible. A failure prints its seed and case index. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  return { next, pick, bool: () => next() < 0.5 };
}

const REGIONS = [null, 'us-east-1', 'us-west-2', 'eu-west-1', '', 'US-EAST-1'] as const;

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.values(o).forEach(deepFreeze);
    Object.freeze(o);
  }
  return o;
}

function gen(r: ReturnType<typeof rng>) {
  const context: CloudContext = {
    inCloud: r.pick([true, false, null]),
    provider: r.pick(['aws', 'gcp', 'azure', null] as const),
    service: r.pick(['ec2', 'ecs', 'lambda', 'sagemaker', 'cloudshell', null] as const),
    region: r.pick(REGIONS),
    instanceType: null,
    instanceId: null,
    platform:
      r.next() < 0.3
        ? { name: r.pick(['hub', 'smd', '']), region: r.pick(REGIONS), how: r.pick(['declared', 'detected'] as const) }
        : null,
    evidence: r.bool() ? [] : [{ signal: 'env:X', said: 'y', weight: r.pick(['strong', 'hint', 'none'] as const) }],
  };
  const hasCopy = r.next() < 0.7;
  const location: RoutableLocation = {
    input: r.pick(['mast:HST/product/a.fits', 's3://b/k', 'https://example.org/x', '']),
    bucket: hasCopy ? r.pick(['stpubdata', 'usgs-landsat', 'x']) : r.pick([null, 'stray']),
    s3Uri: hasCopy ? 's3://b/k' : null,
    httpUrl: r.pick([null, 'https://example.org/x', 'not a url']),
    region: r.pick(REGIONS),
    requesterPays: r.bool(),
    bytes: r.pick([null, 0, 1, 1024 ** 3, 5e12, -1, Number.NaN, Number.POSITIVE_INFINITY]),
    httpLogin: r.pick([null, 'mast', 'irsa.ipac.caltech.edu']),
    notes: r.bool() ? [] : ['a note'],
  };
  const identity: RouteIdentity = {
    hasCredentials: r.bool(),
    source: r.pick([null, ...CREDENTIAL_METHODS]),
    profile: r.pick([null, undefined, 'dev']),
  };
  const policy: RoutePolicy = {
    allowCrossRegion: r.bool(),
    via: r.pick(['auto', 's3', 'http'] as const),
    unknownContext: r.pick(['as-not-in-cloud', 'as-in-cloud'] as const),
    prices: {
      sameRegionPerGB: r.pick([0, 0.01]),
      crossRegionPerGB: r.pick([0.02, 0]),
      internetPerGB: r.pick([0.09, 0.12]),
    },
  };
  return deepFreeze({ context, location, identity, policy });
}

describe('decide: property over seeded random inputs', () => {
  const SEED = 20261129;
  const CASES = 4000;

  it(`is total, pure and never picks S3 without the facts that justify it (${CASES} cases, seed ${SEED})`, () => {
    const r = rng(SEED);
    const seenLeaves = new Set<string>();
    for (let i = 0; i < CASES; i++) {
      const { context, location, identity, policy } = gen(r);
      const where = `case ${i} (seed ${SEED}): ${JSON.stringify({ context, location, identity, policy })}`;
      let route: ReturnType<typeof decide>;
      try {
        route = decide(context, location, identity, policy);
      } catch (e) {
        assert.fail(`threw ${String(e)} — ${where}`);
      }
      seenLeaves.add(route.leaf);
      assert.ok((ROUTE_LEAVES as readonly string[]).includes(route.leaf), where);
      assert.ok(route.via === 's3' || route.via === 'http', where);
      assert.deepEqual(decide(context, location, identity, policy), route, `not deterministic — ${where}`);
      assert.deepEqual(JSON.parse(JSON.stringify(route)), route, `not plain JSON — ${where}`);

      const inAws =
        context.platform !== null ||
        (context.inCloud === true && (context.provider === 'aws' || context.provider === null)) ||
        (context.inCloud === null && policy.unknownContext === 'as-in-cloud');
      const norm = (x: string | null) => (x ? x.toLowerCase() : null);
      const computeRegion = context.platform
        ? (norm(context.platform.region) ?? norm(context.region))
        : norm(context.region);
      const sameRegionKnown =
        inAws && computeRegion !== null && norm(location.region) !== null && computeRegion === norm(location.region);
      if (route.via === 's3') {
        assert.ok(location.s3Uri !== null, `S3 without a cloud copy — ${where}`);
        const justified =
          policy.via === 's3' ||
          context.platform !== null ||
          sameRegionKnown ||
          (inAws && identity.hasCredentials && policy.allowCrossRegion);
        assert.ok(justified, `S3 without justification — ${where}`);
      }
      if (policy.via === 'auto') {
        assert.equal(route.forced, undefined, where);
        assert.equal(route.via, location.s3Uri === null ? 'http' : LEAF_VIA[route.leaf], where);
      } else {
        assert.deepEqual(route.forced, { requested: policy.via, treeWouldChoose: LEAF_VIA[route.leaf] }, where);
      }
      if (!inAws) assert.equal(route.leaf, 'user-not-in-cloud', where);
      if (route.requesterPays) assert.equal(route.via, 's3', where);
      if (route.via === 'http' && route.httpUrl === null)
        assert.ok(route.error, `no HTTP copy and no error — ${where}`);
      if (route.via === 's3' && location.requesterPays && !identity.hasCredentials)
        assert.ok(route.error, `requester-pays without credentials and no error — ${where}`);
      assert.ok(
        route.estimatedCostUsd === null || (Number.isFinite(route.estimatedCostUsd) && route.estimatedCostUsd >= 0),
        `bad cost — ${where}`,
      );
      if (route.via === 'http' || !location.requesterPays)
        assert.equal(route.estimatedCostUsd, 0, `user charged without requester-pays — ${where}`);
      assert.ok(route.steps.length >= 2 && route.steps[0].node === 'in-cloud', where);
      // Every text has a stable id and is exactly the English the CLI prints.
      for (const s of route.steps) {
        for (const msg of [s.messages.question, s.messages.answer, ...s.messages.evidence])
          assertWellFormed(msg, where);
        assert.deepEqual(
          [s.question, s.answer, s.evidence],
          [render(s.messages.question), render(s.messages.answer), s.messages.evidence.map(render)],
          where,
        );
      }
      route.warningMessages.forEach((msg) => assertWellFormed(msg, where));
      assert.deepEqual(route.warnings, route.warningMessages.map(render), where);
      assert.equal(route.error, route.errorMessage && render(route.errorMessage), where);
      if (route.errorMessage) assertWellFormed(route.errorMessage, where);
    }
    assert.equal(seenLeaves.size, ROUTE_LEAVES.length, `the generator reached only ${[...seenLeaves].join(', ')}`);
  });
});
