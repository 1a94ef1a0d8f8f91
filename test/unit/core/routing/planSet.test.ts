import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Catalog } from '../../../../src/core/catalog/catalog';
import type { SetFile } from '../../../../src/core/catalog/expandSet';
import { decide } from '../../../../src/core/routing/decide';
import { downloadItemFor } from '../../../../src/core/routing/downloadItemFor';
import { planSet, type PlannedFile } from '../../../../src/core/routing/planSet';
import { DEFAULT_POLICY } from '../../../../src/core/routing/types';
import { ctx, offCloud } from './fixtures';

async function* listed(catalog: Catalog, objects: [string, string, number][]): AsyncGenerator<SetFile> {
  for (const [bucket, key, size] of objects) {
    await catalog.bucketRegion(bucket);
    const location = catalog.locateListed(bucket, key, null);
    yield {
      input: `s3://${bucket}/`,
      uri: location.input,
      listed: { size, etag: `"${key}"`, lastModified: null },
      location,
    };
  }
}

describe('planSet', () => {
  // Buckets from the built-in table: no lookup is needed to locate their objects.
  const objects: [string, string, number][] = [
    ['stpubdata', 'hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits', 1000],
    ['stpubdata', 'hst/public/u9o4/u9o40504m/u9o40504m_c0m.fits', 3 * 1024 ** 3],
    ['usgs-landsat', 'collection02/a.tif', 2 * 1024 ** 3],
    ['usgs-landsat', 'collection02/b.tif', 1024 ** 3],
    ['nasa-heasarc', 'chandra/data/byobsid/2/3052/primary/x.fits', 500],
    ['sentinel-cogs', 'a/b.tif', 70],
  ];
  const scenarios = [
    ['off cloud', offCloud(), { hasCredentials: false, source: null }, DEFAULT_POLICY],
    [
      'EC2 us-west-2, role, cross-region allowed',
      ctx({ region: 'us-west-2' }),
      { hasCredentials: true, source: 'iam-role' },
      { ...DEFAULT_POLICY, allowCrossRegion: true },
    ],
    ['EC2 us-east-1, anonymous', ctx(), { hasCredentials: false, source: null }, DEFAULT_POLICY],
  ] as const;

  for (const [name, context, identity, policy] of scenarios) {
    it(`routes each file as decide() would, once per location shape (${name})`, async () => {
      const catalog = new Catalog({ env: {} });
      const planned: PlannedFile[] = [];
      const plan = await planSet(
        listed(catalog, objects),
        { catalog, context, identity, policy, layout: 'mirror' },
        (f) => {
          planned.push(f);
        },
      );
      let bytes = 0;
      let cost = 0;
      let i = 0;
      for (const [bucket, key, size] of objects) {
        const location = { ...catalog.locateListed(bucket, key, null), bytes: size };
        const route = decide(context, location, identity, policy);
        const item = downloadItemFor(route, location);
        if (!item) {
          assert.ok(plan.refused.some((r) => r.uri === location.input && r.error === route.error));
          continue;
        }
        const p = planned[i++]!;
        assert.deepEqual(
          [p.uri, p.via, p.leaf, p.bytes, p.estimatedCostUsd],
          [location.input, route.via, route.leaf, size, route.estimatedCostUsd],
        );
        assert.deepEqual(p.item, { ...item, listed: { size, etag: `"${key}"`, lastModified: null } });
        assert.equal(p.path, `${bucket}/${key}`);
        bytes += size;
        cost += route.estimatedCostUsd ?? 0;
      }
      assert.equal(planned.length, i);
      assert.equal(plan.totals.files, i);
      assert.equal(plan.totals.bytes, bytes);
      assert.equal(plan.totals.estimatedCostUsd, Math.round(cost * 10_000) / 10_000);
      assert.equal(plan.totals.byVia.s3.files + plan.totals.byVia.http.files, i);
    });
  }

  it('counts the cost of requester-pays files across regions, and refuses them without credentials', async () => {
    const catalog = new Catalog({ env: {} });
    const paid = await planSet(
      listed(catalog, objects.slice(2, 4)),
      {
        catalog,
        context: ctx({ region: 'us-east-1' }),
        identity: { hasCredentials: true, source: 'iam-role' },
        policy: { ...DEFAULT_POLICY, allowCrossRegion: true },
        layout: 'mirror',
      },
      () => undefined,
    );
    assert.equal(paid.totals.byVia.s3.bytes, 3 * 1024 ** 3);
    assert.equal(paid.totals.estimatedCostUsd, 0.06);
    const anon = await planSet(
      listed(catalog, objects.slice(2, 4)),
      {
        catalog,
        context: ctx({ region: 'us-west-2' }),
        identity: { hasCredentials: false, source: null },
        policy: { ...DEFAULT_POLICY, via: 's3' },
        layout: 'mirror',
      },
      () => undefined,
    );
    assert.equal(anon.totals.files, 0);
    assert.deepEqual(
      anon.refused.map((r) => r.uri),
      ['s3://usgs-landsat/collection02/a.tif', 's3://usgs-landsat/collection02/b.tif'],
    );
    assert.match(
      anon.refused[1]!.error ?? '',
      /s3:\/\/usgs-landsat\/collection02\/b\.tif is in a requester-pays bucket/,
    );
  });

  it('plans a path asked twice once, and refuses a key that would leave the folder', async () => {
    const catalog = new Catalog({ env: {} });
    const plan = await planSet(
      listed(catalog, [
        ['sentinel-cogs', 'a/b.tif', 1],
        ['sentinel-cogs', 'a/b.tif', 1],
        ['sentinel-cogs', 'a/../../etc/x', 1],
      ]),
      {
        catalog,
        context: offCloud(),
        identity: { hasCredentials: false, source: null },
        policy: DEFAULT_POLICY,
        layout: 'mirror',
      },
      () => undefined,
    );
    assert.equal(plan.totals.files, 1);
    assert.equal(plan.duplicates, 1);
    assert.deepEqual(
      plan.refused.map((r) => r.errorCode),
      ['unsafe-path'],
    );
  });
});
