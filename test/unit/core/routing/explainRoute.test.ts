import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide } from '../../../../src/core/routing/decide';
import { explainRoute, renderTree } from '../../../../src/core/routing/explainRoute';
import { ROUTE_LEAVES } from '../../../../src/core/routing/types';
import { anon, creds, ctx, landsat, loc, offCloud, platformCtx, policy } from './fixtures';

describe('explainRoute', () => {
  it('marks exactly the path to each leaf, ending on the leaf line', () => {
    for (const leaf of ROUTE_LEAVES) {
      const lines = renderTree(leaf);
      const marked = lines.filter((l) => l.startsWith('»'));
      assert.ok(marked[0].includes('User in the cloud?'), leaf);
      assert.ok(marked.at(-1)?.includes(`[${leaf}]`), `${leaf}: last marked line is ${marked.at(-1)}`);
      assert.equal(lines.filter((l) => l.includes(`[${leaf}]`)).length, 1);
    }
  });

  it('renders via, leaf, addresses, steps with evidence and warnings', () => {
    const text = explainRoute(decide(ctx({ region: 'us-west-2' }), loc({ httpLogin: 'mast' }), creds, policy()));
    assert.match(text, /^mast:HST\/product\/u9o40504m_c3m.fits\n {2}via http, leaf cross-region-not-allowed\n/);
    assert.match(text, /s3: {3}s3:\/\/stpubdata\/hst/);
    assert.match(text, /» +no → warn, http download {2}\[cross-region-not-allowed\]/);
    assert.match(
      text,
      /4\. Are compute and data in the same region\? no: us-west-2 vs us-east-1\n {7}· compute region: us-west-2/,
    );
    assert.match(text, /Warnings:\n {4}! .*falling back to HTTPS/);
    assert.match(text, /MAST token/);
  });

  it('says when a platform account takes the cross-region branch', () => {
    const text = explainRoute(decide(platformCtx('us-west-2'), loc(), anon, policy()));
    assert.match(text, /leaf cross-region-anonymous/);
    assert.match(text, /a platform provides the account, but it runs in another region/);
    assert.doesNotMatch(
      explainRoute(decide(ctx({ region: 'us-west-2' }), loc(), anon, policy())),
      /a platform provides/,
    );
  });

  it('shows forcing, errors and missing copies', () => {
    const forced = explainRoute(decide(ctx(), loc(), anon, policy({ via: 'http' })));
    assert.match(forced, /via http, leaf same-region — forced; the tree would choose s3/);
    const err = explainRoute(decide(offCloud(), landsat(), anon, policy()));
    assert.match(err, /http: \(no free HTTP copy\)/);
    assert.match(err, /ERROR: s3:\/\/usgs-landsat\/c2\/x.TIF has no free HTTP copy/);
  });
});
