import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide } from '../../../../src/core/routing/decide';
import type { RouteLeaf, Via } from '../../../../src/core/routing/types';
import { anon, creds, ctx, landsat, loc, noCloudCopy, offCloud, platformCtx, policy, unknownCloud } from './fixtures';

const GIB = 1024 ** 3;

describe('decide: one row per leaf of the seed tree', () => {
  const rows: { name: string; run: () => ReturnType<typeof decide>; leaf: RouteLeaf; via: Via }[] = [
    {
      name: 'laptop → user-not-in-cloud',
      run: () => decide(offCloud(), loc(), creds, policy()),
      leaf: 'user-not-in-cloud',
      via: 'http',
    },
    {
      name: 'EC2, no cloud copy → data-not-in-cloud',
      run: () => decide(ctx(), noCloudCopy(), creds, policy()),
      leaf: 'data-not-in-cloud',
      via: 'http',
    },
    {
      name: 'platform, co-located → platform-account',
      run: () => decide(platformCtx('us-east-1'), loc(), anon, policy()),
      leaf: 'platform-account',
      via: 's3',
    },
    {
      name: 'EC2 in the data region → same-region',
      run: () => decide(ctx(), loc(), anon, policy()),
      leaf: 'same-region',
      via: 's3',
    },
    {
      name: 'other region, anonymous → cross-region-anonymous',
      run: () => decide(ctx({ region: 'us-west-2' }), loc(), anon, policy()),
      leaf: 'cross-region-anonymous',
      via: 'http',
    },
    {
      name: 'other region, credentials, allowed → cross-region-requester-pays',
      run: () => decide(ctx({ region: 'us-west-2' }), loc(), creds, policy({ allowCrossRegion: true })),
      leaf: 'cross-region-requester-pays',
      via: 's3',
    },
    {
      name: 'other region, credentials, not allowed → cross-region-not-allowed',
      run: () => decide(ctx({ region: 'us-west-2' }), loc(), creds, policy()),
      leaf: 'cross-region-not-allowed',
      via: 'http',
    },
  ];
  for (const r of rows) {
    it(r.name, () => {
      const route = r.run();
      assert.equal(route.leaf, r.leaf);
      assert.equal(route.via, r.via);
      assert.equal(route.error, undefined);
      assert.equal(route.forced, undefined);
      assert.equal(route.estimatedCostUsd, 0, 'open data costs the user nothing');
    });
  }

  it('cross-region-requester-pays sends RequestPayer and says who pays', () => {
    const r = decide(ctx({ region: 'us-west-2' }), loc(), creds, policy({ allowCrossRegion: true }));
    assert.equal(r.requesterPays, true);
    assert.match(r.steps.at(-1)?.answer ?? '', /bucket owner/);
  });

  it('cross-region-not-allowed warns that it falls back to HTTPS', () => {
    const r = decide(ctx({ region: 'us-west-2' }), loc(), creds, policy());
    assert.ok(r.warnings.some((w) => /cross-region S3 transfer is not allowed, falling back to HTTPS/.test(w)));
  });

  it('steps record each question on the path, with evidence', () => {
    const r = decide(ctx({ region: 'us-west-2' }), loc(), creds, policy());
    assert.deepEqual(
      r.steps.map((s) => s.node),
      ['in-cloud', 'data-in-cloud', 'account', 'same-region', 'credentials', 'cross-region-allowed', 'cost'],
    );
    assert.equal(r.steps[3].answer, 'no: us-west-2 vs us-east-1');
    assert.deepEqual(r.steps[3].evidence, ['compute region: us-west-2', 'data region: us-east-1']);
    assert.deepEqual(r.steps[0].evidence, ['imds:placement/region: us-west-2']);
  });
});

describe('decide: boundaries and the cases the tree leaves open', () => {
  it('unknown context is treated as not in cloud by default, and says so', () => {
    const r = decide(unknownCloud(), loc(), creds, policy());
    assert.equal(r.leaf, 'user-not-in-cloud');
    assert.equal(r.steps[0].answer, 'unknown, treated as not in cloud');
    assert.ok(r.warnings.some((w) => /Could not tell whether this machine runs in AWS/.test(w)));
  });

  it('unknown context with policy as-in-cloud continues down the tree (regions unknown → cross-region)', () => {
    const r = decide(unknownCloud(), loc(), anon, policy({ unknownContext: 'as-in-cloud' }));
    assert.equal(r.leaf, 'cross-region-anonymous');
    assert.match(r.steps[0].answer, /unknown, treated as in cloud/);
    assert.equal(r.steps[3].answer, 'unknown, treated as different regions');
    const same = decide(
      { ...unknownCloud(), region: 'us-east-1' },
      loc(),
      anon,
      policy({ unknownContext: 'as-in-cloud' }),
    );
    assert.equal(same.leaf, 'same-region');
  });

  it('another cloud (GCP, Azure) is not AWS: user-not-in-cloud', () => {
    for (const provider of ['gcp', 'azure'] as const) {
      const r = decide(ctx({ provider, service: null, region: 'us-east1' }), loc(), creds, policy());
      assert.equal(r.leaf, 'user-not-in-cloud');
      assert.match(r.steps[0].answer, new RegExp(`in ${provider}, not AWS`));
    }
  });

  it('data region unknown is never "same region"', () => {
    const r = decide(ctx(), loc({ region: null }), creds, policy({ allowCrossRegion: true }));
    assert.equal(r.leaf, 'cross-region-requester-pays');
    assert.equal(r.steps[3].answer, 'unknown, treated as different regions');
  });

  it('platform in another region than the data: cross-region rules within the platform account, with a warning', () => {
    const notAllowed = decide(platformCtx('us-west-2'), loc(), creds, policy());
    assert.equal(notAllowed.leaf, 'cross-region-not-allowed');
    assert.match(notAllowed.steps[2].answer, /treated as cross-region within the platform account/);
    assert.ok(
      notAllowed.warnings.some((w) =>
        /Platform smd-hub runs in us-west-2 but s3:\/\/stpubdata\/.* is in us-east-1/.test(w),
      ),
    );
    assert.equal(
      decide(platformCtx('us-west-2'), loc(), creds, policy({ allowCrossRegion: true })).leaf,
      'cross-region-requester-pays',
    );
    assert.equal(decide(platformCtx('us-west-2'), loc(), anon, policy()).leaf, 'cross-region-anonymous');
  });

  it('platform with no known region is co-located by design; the context region is used when the platform has none', () => {
    assert.equal(decide(platformCtx(null), loc(), anon, policy()).leaf, 'platform-account');
    assert.equal(decide(platformCtx(null, 'us-west-2'), loc(), creds, policy()).leaf, 'cross-region-not-allowed');
  });

  it('a declared platform counts as in the cloud even when detection said unknown', () => {
    const r = decide(
      { ...unknownCloud(), platform: { name: 'hub', region: 'us-east-1', how: 'declared' } },
      loc(),
      anon,
      policy(),
    );
    assert.equal(r.leaf, 'platform-account');
  });

  it('requester-pays bucket without credentials: clear error, no free HTTP copy', () => {
    const cross = decide(ctx(), landsat(), anon, policy());
    assert.equal(cross.leaf, 'cross-region-anonymous');
    assert.equal(cross.via, 'http');
    assert.match(
      cross.error ?? '',
      /s3:\/\/usgs-landsat\/c2\/x.TIF has no free HTTP copy \(bucket usgs-landsat is requester-pays\): S3 needs AWS credentials.*configure them \(aws configure, then --profile P or AWS_PROFILE\)/,
    );
    const same = decide(ctx({ region: 'us-west-2' }), landsat(), anon, policy());
    assert.equal(same.leaf, 'same-region');
    assert.equal(same.via, 's3');
    assert.match(same.error ?? '', /requester-pays bucket: S3 needs AWS credentials/);
  });

  it('requester-pays, credentials, cross-region not allowed: the error says to allow it', () => {
    const r = decide(ctx(), landsat(), creds, policy());
    assert.equal(r.leaf, 'cross-region-not-allowed');
    assert.match(r.error ?? '', /--allow-cross-region/);
  });

  it('requester-pays costs: same region free, cross-region at its price, unknown size → null', () => {
    assert.equal(
      decide(ctx({ region: 'us-west-2' }), landsat({ bytes: 5 * GIB }), creds, policy()).estimatedCostUsd,
      0,
    );
    const cross = decide(ctx(), landsat({ bytes: 2 * GIB }), creds, policy({ allowCrossRegion: true }));
    assert.equal(cross.estimatedCostUsd, 0.04);
    assert.equal(cross.requesterPays, true);
    assert.equal(decide(ctx(), landsat(), creds, policy({ allowCrossRegion: true })).estimatedCostUsd, null);
    const custom = decide(
      ctx(),
      landsat({ bytes: GIB }),
      creds,
      policy({ allowCrossRegion: true, prices: { sameRegionPerGB: 0, crossRegionPerGB: 0.5, internetPerGB: 1 } }),
    );
    assert.equal(custom.estimatedCostUsd, 0.5);
  });

  it('requester-pays from a laptop: error offers --via s3; forcing it costs internet egress', () => {
    const tree = decide(offCloud(), landsat({ bytes: GIB }), creds, policy());
    assert.equal(tree.leaf, 'user-not-in-cloud');
    assert.match(
      tree.error ?? '',
      /from outside AWS the only way is S3 paid by your account \(about \$0.09\/GB internet egress\): use --via s3 to accept/,
    );
    const anonymous = decide(offCloud(), landsat(), anon, policy());
    assert.match(
      anonymous.error ?? '',
      /: configure AWS credentials \(aws configure, then --profile P or AWS_PROFILE\) and use --via s3 to accept/,
    );
    const forced = decide(offCloud(), landsat({ bytes: GIB }), creds, policy({ via: 's3' }));
    assert.equal(forced.via, 's3');
    assert.deepEqual(forced.forced, { requested: 's3', treeWouldChoose: 'http' });
    assert.equal(forced.estimatedCostUsd, 0.09);
    assert.equal(forced.requesterPays, true);
    assert.equal(forced.error, undefined);
  });

  it('forced http on a same-region file says what the tree would choose', () => {
    const r = decide(ctx(), loc(), anon, policy({ via: 'http' }));
    assert.deepEqual([r.via, r.leaf, r.forced], ['http', 'same-region', { requested: 'http', treeWouldChoose: 's3' }]);
    assert.equal(r.steps.find((s) => s.node === 'forced')?.answer, 'yes: http (the tree would choose s3)');
  });

  it('forcing s3 for a file with no cloud copy stays on http with an error', () => {
    const r = decide(ctx(), noCloudCopy(), creds, policy({ via: 's3' }));
    assert.equal(r.via, 'http');
    assert.match(r.error ?? '', /Cannot use S3 for https:\/\/example.org\/a.fits: it has no known cloud copy/);
  });

  it('forcing http for a file with no HTTP copy is an error', () => {
    const r = decide(ctx({ region: 'us-west-2' }), landsat(), creds, policy({ via: 'http' }));
    assert.match(r.error ?? '', /no free HTTP copy.*--via auto or --via s3/);
  });

  it('MAST data over HTTP warns that proprietary files need a token; over S3 it does not', () => {
    const http = decide(offCloud(), loc({ httpLogin: 'mast' }), anon, policy());
    assert.equal(http.via, 'http');
    assert.ok(http.warnings.some((w) => /MAST token/.test(w)));
    const s3 = decide(ctx(), loc({ httpLogin: 'mast' }), anon, policy());
    assert.ok(!s3.warnings.some((w) => /MAST token/.test(w)));
  });

  it('catalog notes become route warnings; the route carries the location facts', () => {
    const r = decide(offCloud(), loc({ notes: ['MAST knows no cloud copy'], bytes: 42 }), anon, policy());
    assert.equal(r.warnings[0], 'MAST knows no cloud copy');
    assert.equal(r.bytes, 42);
    assert.equal(r.uri, 'mast:HST/product/u9o40504m_c3m.fits');
    assert.equal(r.httpUrl, loc().httpUrl);
    assert.equal(r.s3Uri, loc().s3Uri);
  });
});
