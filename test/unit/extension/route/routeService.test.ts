// I/O: RouteService over the real Catalog and decide(): routes in order, bad input named, one bad URI
// spoiling only its own CodeLens entry, lookups never leaving the process, and the recent-URIs list.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CatalogOptions } from '../../../../src/core/catalog/index';
import { CdrError } from '../../../../src/core/errors';
import { nullLogger } from '../../../../src/core/util/logger';
import {
  RECENT_KEY,
  RECENT_MAX,
  RouteService,
  type MementoLike,
  type RouteServiceDeps,
} from '../../../../src/extension/route/routeService';
import { anon, ec2, policy, unknownContext } from './sampleRoutes';

const HST = 's3://stpubdata/hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits';

class MapMemento implements MementoLike {
  readonly map = new Map<string, unknown>();
  get<T>(key: string, defaultValue: T): T {
    return (this.map.has(key) ? this.map.get(key) : defaultValue) as T;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.map.set(key, value);
  }
}

function deps(over: Partial<RouteServiceDeps> = {}, fetched: string[] = []): RouteServiceDeps {
  // Any lookup goes to this fake, which refuses: tests stay offline and see what was asked.
  const fetch: CatalogOptions['fetch'] = async (input) => {
    fetched.push(input);
    throw new Error('offline');
  };
  return {
    getContext: async () => unknownContext,
    getIdentity: async () => anon,
    getPolicy: () => policy(),
    catalogOptions: () => ({ env: { CDR_MAST_URL: 'http://127.0.0.1:9' }, fetch }),
    logger: nullLogger,
    ...over,
  };
}

test('routes an stpubdata URI from the built-in table without any lookup', async () => {
  const fetched: string[] = [];
  const s = new RouteService(deps({}, fetched), new MapMemento());
  const [r] = await s.route([HST]);
  assert.equal(r.uri, HST);
  assert.equal(r.leaf, 'user-not-in-cloud');
  assert.equal(r.via, 'http');
  assert.match(
    r.httpUrl ?? '',
    /^http:\/\/127\.0\.0\.1:9\/api\/v0\.1\/Download\/file\?uri=mast:HST\/product\/u9o40504m_c3m\.fits$/,
  );
  assert.deepEqual(fetched, []);
});

test('context and identity come from the deps: in us-east-1 the same file goes over S3', async () => {
  const s = new RouteService(deps({ getContext: async () => ec2('us-east-1') }), new MapMemento());
  const [r] = await s.route([HST]);
  assert.equal(r.leaf, 'same-region');
  assert.equal(r.via, 's3');
});

test('a bad URI throws BadInput naming the value, before context or lookups', async () => {
  let asked = false;
  const s = new RouteService(deps({ getContext: async () => ((asked = true), unknownContext) }), new MapMemento());
  await assert.rejects(
    s.route([HST, 's3://stpubdata/hst/']),
    (e: unknown) => e instanceof CdrError && e.isBadInput && e.message.includes('s3://stpubdata/hst/'),
  );
  assert.equal(asked, false);
  assert.match(s.validate('ftp://x/y') ?? '', /ftp:\/\/x\/y/);
  assert.equal(s.validate(HST), undefined);
});

test('routeEach: a bad URI spoils only its own entry; order is kept', async () => {
  const s = new RouteService(deps(), new MapMemento());
  const out = await s.routeEach(['mast:bad', HST]);
  assert.equal(out[0].uri, 'mast:bad');
  assert.ok('error' in out[0] && /mast:bad/.test(out[0].error));
  assert.ok('route' in out[1] && out[1].route.leaf === 'user-not-in-cloud');
});

test('routeEach: a failing dependency becomes an error entry, not a rejection', async () => {
  const s = new RouteService(
    deps({ getIdentity: async () => Promise.reject(new Error('SSO token expired')) }),
    new MapMemento(),
  );
  const [o] = await s.routeEach([HST]);
  assert.ok('error' in o && o.error === 'SSO token expired');
});

test('a failed MAST lookup is a note on the route, not an exception', async () => {
  const fetched: string[] = [];
  const s = new RouteService(deps({}, fetched), new MapMemento());
  const [r] = await s.route(['mast:HST/product/u9o40504m_c3m.fits']);
  assert.equal(r.s3Uri, null);
  assert.ok(fetched.length > 0 && fetched.every((u) => u.startsWith('http://127.0.0.1:9/')));
  assert.ok(r.warnings.some((w) => /treated as having no cloud copy/.test(w)));
});

test('the catalog is reused while its options are unchanged, and rebuilt when they change', async () => {
  const fetched: string[] = [];
  let base = 'http://127.0.0.1:9';
  const d = deps({}, fetched);
  const s = new RouteService(
    { ...d, catalogOptions: () => ({ ...d.catalogOptions(), env: { CDR_MAST_URL: base } }) },
    new MapMemento(),
  );
  const [a] = await s.route([HST]);
  base = 'http://127.0.0.1:8';
  const [b] = await s.route([HST]);
  assert.notEqual(a.httpUrl, b.httpUrl);
  assert.match(b.httpUrl ?? '', /127\.0\.0\.1:8/);
});

test('recent URIs: most recent first, no duplicates, capped, stored in the memento', async () => {
  const m = new MapMemento();
  const s = new RouteService(deps(), m);
  assert.deepEqual(s.recent(), []);
  for (let i = 0; i < RECENT_MAX + 3; i++) await s.remember(`s3://b/${i}`);
  await s.remember('s3://b/5');
  const r = s.recent();
  assert.equal(r.length, RECENT_MAX);
  assert.equal(r[0], 's3://b/5');
  assert.equal(r.filter((u) => u === 's3://b/5').length, 1);
  assert.deepEqual(m.get(RECENT_KEY, []), r);
  m.map.set(RECENT_KEY, 'garbage');
  assert.deepEqual(s.recent(), [], 'a corrupt memento value reads as empty');
});
