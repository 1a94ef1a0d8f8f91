import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createBucketLister, type BucketLister, type ListedObject } from '../../../src/core/catalog/listing';
import { folderMarkers, startDemoServers, type DemoServers } from '../../../scripts/demo/demoServers';

const VISIT = 'hst/public/ib6w/';

describe('demo stpubdata is browsable one level at a time (the Cloud Data view, issue 10)', () => {
  let dir: string;
  let demo: DemoServers;
  let lister: BucketLister;
  const opts = { region: 'us-east-1' };
  const level = async (prefix: string) => {
    const p = await lister.listLevel('stpubdata', prefix, opts);
    return [...p.prefixes.map((x) => x.prefix), ...p.objects.map((o) => `${o.key} ${o.size}`)];
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cdr-demo-browse-'));
    demo = await startDemoServers({ dir, imds: 'off' });
    // Anonymous, as open-data buckets are listed when no credentials win.
    lister = await createBucketLister({ env: demo.env });
  });

  after(async () => {
    lister?.destroy();
    await demo?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('folder markers: every folder above each file, once per bucket', () => {
    assert.deepEqual(
      folderMarkers([
        { bucket: 'b', key: 'a/x/1.fits' },
        { bucket: 'b', key: 'a/y/2.fits' },
        { bucket: null, key: 'private/3.fits' },
        { bucket: 'c', key: 'top.txt' },
      ]),
      [
        ['b', 'a/'],
        ['b', 'a/x/'],
        ['b', 'a/y/'],
      ],
    );
  });

  it('root → hst/ → public/ → the visit: sub-prefixes at each level, markers never listed as files', async () => {
    assert.deepEqual(await level(''), ['hst/', 'jwst/', 'tess/']);
    assert.deepEqual(await level('hst/'), ['hst/public/']);
    assert.deepEqual(await level('hst/public/'), ['hst/public/ib6w/', 'hst/public/jbgu/', 'hst/public/u9o4/']);
    assert.deepEqual(await level(VISIT), [`${VISIT}ib6w01010/`, `${VISIT}ib6w01rcq/`, `${VISIT}ib6w01rdq/`]);
    const files = demo.files.filter((f) => f.key.startsWith(`${VISIT}ib6w01010/`));
    assert.deepEqual(await level(`${VISIT}ib6w01010/`), files.map((f) => `${f.key} ${f.size}`).sort());
  });

  it('the whole visit lists recursively as eight valid FITS files with the sizes and MD5 ETags of the fixtures', async () => {
    const listed: ListedObject[] = [];
    for await (const o of lister.listAll('stpubdata', VISIT, opts)) listed.push(o);
    const fixtures = demo.files.filter((f) => f.key.startsWith(VISIT));
    assert.equal(fixtures.length, 8);
    assert.deepEqual(listed.map((o) => o.key).sort(), fixtures.map((f) => f.key).sort());
    for (const f of fixtures) {
      const o = listed.find((x) => x.key === f.key)!;
      assert.equal(o.size, f.size);
      assert.equal(o.size % 2880, 0);
      assert.match(o.etag ?? '', /^"[0-9a-f]{32}"$/);
    }
  });
});
