import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listingError, type ListPage } from '../../../../src/core/catalog/listing';
import { OPEN_DATA_BUCKETS } from '../../../../src/core/catalog/openDataBuckets';
import type { OpenDataBucket } from '../../../../src/core/catalog/types';
import { CdrError } from '../../../../src/core/errors';
import {
  bucketNodes,
  dataRow,
  emptyNode,
  errorNode,
  levelNodes,
  levelSummary,
  moreNode,
  nodeUri,
  routeTooltipLines,
  type BucketNode,
  type PrefixNode,
} from '../../../../src/extension/data/dataRows';
import { english } from '../../../../src/extension/route/routeText';
import { anon, ec2, hstLocation, policy, unknownContext } from '../route/sampleRoutes';
import { decide } from '../../../../src/core/routing/decide';

const stpubdata = OPEN_DATA_BUCKETS.find((b) => b.bucket === 'stpubdata')!;
const mine: OpenDataBucket = { bucket: 'my-lab-data', region: 'eu-west-1', requesterPays: true, http: 'none' };

function root(bucket = stpubdata): BucketNode {
  return bucketNodes([], [bucket])[0]!;
}

const obj = (key: string, size: number) => ({
  bucket: 'stpubdata',
  key,
  size,
  etag: '"abc"',
  lastModified: '2024-01-02T03:04:05.000Z',
});

describe('Cloud Data rows', () => {
  it("lists the user's buckets first, then the catalog's table, each bucket once (the setting wins)", () => {
    const fixed: OpenDataBucket = { ...stpubdata, region: 'us-west-2' };
    const nodes = bucketNodes([mine, fixed], OPEN_DATA_BUCKETS);
    assert.deepEqual(
      nodes.map((n) => n.bucket.bucket),
      ['my-lab-data', 'stpubdata', ...OPEN_DATA_BUCKETS.map((b) => b.bucket).filter((b) => b !== 'stpubdata')],
    );
    assert.equal(nodes[1]!.bucket.region, 'us-west-2');
    assert.equal(nodes[1]!.origin, 'setting');
    assert.equal(nodes[2]!.origin, 'catalog');
    assert.equal(nodeUri(nodes[0]!), 's3://my-lab-data/');
  });

  it('a bucket row names its region, requester pays and where it came from', () => {
    const row = dataRow(bucketNodes([mine], [])[0]!, english);
    assert.equal(row.label, 'my-lab-data');
    assert.equal(row.description, 'eu-west-1 · requester pays · your setting');
    assert.match(row.tooltip!, /Requester pays: S3 transfers bill your AWS account/);
    assert.match(row.tooltip!, /No free HTTPS copy/);
    assert.equal(row.contextValue, 'cdr.data.bucket');
    assert.ok(row.collapsible);
    const listed = dataRow(root(), english, '3 folders');
    assert.equal(listed.description, 'us-east-1 · 3 folders');
  });

  it('one level: sub-prefixes first, then files with their sizes; folder markers and the prefix itself are not rows', () => {
    const parent: PrefixNode = {
      kind: 'prefix',
      id: 'data:s3://stpubdata/hst/public/',
      parentId: root().id,
      bucket: stpubdata,
      prefix: 'hst/public/',
    };
    const page: ListPage = {
      prefixes: [
        { bucket: 'stpubdata', prefix: 'hst/public/' },
        { bucket: 'stpubdata', prefix: 'hst/public/u9o4/' },
        { bucket: 'stpubdata', prefix: 'hst/public/jbgu/' },
      ],
      objects: [obj('hst/public/', 0), obj('hst/public/README.txt', 1234), obj('hst/public/a b+c%d é.fits', 2_880_000)],
      nextToken: null,
    };
    const nodes = levelNodes(parent, page);
    assert.deepEqual(
      nodes.map((n) => `${n.kind}:${dataRow(n, english).label}:${dataRow(n, english).description ?? ''}`),
      ['prefix:u9o4:', 'prefix:jbgu:', 'object:README.txt:1.23 kB', 'object:a b+c%d é.fits:2.88 MB'],
    );
    // Keys come through intact: the s3:// address and the id keep spaces, + and % as stored.
    assert.equal(nodeUri(nodes[3]!), 's3://stpubdata/hst/public/a b+c%d é.fits');
    assert.equal(new Set(nodes.map((n) => n.id)).size, nodes.length);
    assert.ok(nodes.every((n) => n.parentId === parent.id));
    const file = dataRow(nodes[2]!, english);
    assert.equal(file.contextValue, 'cdr.data.object');
    assert.ok(!file.collapsible);
    assert.match(file.tooltip!, /1234 B/);
    assert.match(file.tooltip!, /2024-01-02T03:04:05/);
    assert.equal(dataRow(nodes[0]!, english).contextValue, 'cdr.data.prefix');
  });

  it('"Load more…" carries the continuation token and says how many are shown; its id changes per page', () => {
    const m = moreNode(root(), 'token-1', 1000);
    const row = dataRow(m, english);
    assert.equal(row.label, 'Load more…');
    assert.equal(row.description, '1000 shown');
    assert.equal(row.command, 'cloudDataRouter.data.loadMore');
    assert.equal(m.token, 'token-1');
    assert.notEqual(m.id, moreNode(root(), 'token-2', 2000).id);
    assert.equal(nodeUri(m), undefined);
  });

  it('summarizes a listed level: folders, files and bytes, with "+" while pages remain', () => {
    const nodes = levelNodes(root(), {
      prefixes: [{ bucket: 'stpubdata', prefix: 'hst/' }],
      objects: [obj('a.fits', 1500), obj('b.fits', 500)],
      nextToken: 'more',
    });
    assert.equal(levelSummary(nodes, false, english), '1 folder · 2 files · 2.00 kB');
    assert.equal(levelSummary(nodes.slice(0, 2), false, english), '1 folder · 1 file · 1.50 kB');
    assert.equal(levelSummary(nodes, true, english), '1+ folders · 2+ files · 2.00 kB+');
    assert.equal(levelSummary([], false, english), '');
  });

  it("turns core's listing errors into one row each: no such bucket, denied, unreachable, wrong region", () => {
    const b = root(mine);
    const cases: [unknown, string, RegExp, string][] = [
      [
        listingError({ name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } }, 'my-lab-data', '', undefined),
        'no-such-bucket',
        /^No such bucket: my-lab-data$/,
        'error',
      ],
      [
        listingError({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }, 'my-lab-data', '', undefined),
        'denied',
        /^Listing denied: s3:\/\/my-lab-data\/ does not let these credentials list it$/,
        'lock',
      ],
      [
        listingError({ name: 'Error', code: 'ECONNREFUSED' }, 'my-lab-data', '', 'http://127.0.0.1:9'),
        'unreachable',
        /^Cannot reach S3 to list s3:\/\/my-lab-data\/$/,
        'error',
      ],
      [
        listingError({ name: 'PermanentRedirect', $metadata: { httpStatusCode: 301 } }, 'my-lab-data', '', undefined),
        'wrong-region',
        /^my-lab-data is not in eu-west-1: correct its region in cloudDataRouter\.buckets$/,
        'error',
      ],
      [new Error('something odd'), 'failed', /^Listing s3:\/\/my-lab-data\/ failed$/, 'error'],
    ];
    for (const [err, reason, message, icon] of cases) {
      const n = errorNode(b, err, english);
      assert.equal(n.reason, reason);
      assert.match(n.message, message);
      const row = dataRow(n, english);
      assert.equal(row.icon, icon);
      assert.equal(row.contextValue, `cdr.data.message.${reason}`);
      // The full text from core is in the tooltip, with what to do.
      assert.ok(row.tooltip!.includes('Refresh the view to try again'), row.tooltip);
      assert.equal(n.detail, (err as Error).message);
    }
    assert.ok(errorNode(b, new CdrError('x', { code: 'Lookup' }), english).id.endsWith('#error'));
  });

  it('an empty level says so, without an error icon', () => {
    const row = dataRow(emptyNode(root(), english), english);
    assert.equal(row.label, 'This bucket is empty');
    assert.equal(row.icon, 'info');
  });

  it("the route tooltip says which way files would come from here and why, for a prefix without a file's address", () => {
    const s3 = decide(ec2('us-east-1'), hstLocation(), anon, policy());
    const lines = routeTooltipLines(s3, english, true).join('\n');
    assert.match(lines, /Files here would come over S3/);
    assert.match(lines, /`same-region`/);
    assert.match(lines, /Because: /);
    assert.doesNotMatch(lines, /From: /);
    const http = decide(unknownContext, hstLocation(), anon, policy());
    const file = routeTooltipLines(http, english, false).join('\n');
    assert.match(file, /Would come over HTTPS/);
    assert.match(file, /From: `https?:\/\//);
    assert.match(file, /Cost: /);
  });
});
