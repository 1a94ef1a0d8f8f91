import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startCountingProxy, startDenyingS3, type CountingProxy } from '../../../support/countingProxy';
import { startMastServer, type MastServer } from '../../../support/mastServer';
import { startS3rverProcess, type S3rverProcess } from '../../../support/s3rverHarness';
import { runCdr as cdr } from '../../../support/runCdr';

/** Every file under dir, relative and sorted (the ETag index left out). */
async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.isDirectory()) await walk(join(d, e.name), `${rel}${e.name}/`);
      else if (e.name !== '.cdr-downloads.json') out.push(`${rel}${e.name}`);
    }
  };
  await walk(dir, '');
  return out.sort();
}

const N = 2520;
const bigKey = (i: number) => `set/d${i % 6}/f${String(i).padStart(5, '0')}_${i % 3 === 0 ? 'drz' : 'flt'}.fits`;
const body = (key: string) => Buffer.from(`${key}\n`.repeat(1 + (key.length % 7)));
const ODD = ['odd/x y.fits', 'odd/p+q.fits', 'odd/100%.fits', 'odd/ünïcødé.fits', 'odd/deep/z.fits'];

const HEASARC = [
  'chandra/data/byobsid/2/3052/oif.fits',
  'chandra/data/byobsid/2/3052/primary/acisf03052N004_evt2.fits.gz',
  'chandra/data/byobsid/2/3052/primary/acisf03052N004_full_img2.jpg',
];
const FTP = 'https://heasarc.gsfc.nasa.gov/FTP/';

/** An object GET (not a listing, which is a GET on the bucket with list-type=2). */
const objectGets = (p: CountingProxy, from: number) =>
  p.requests.slice(from).filter((r) => r.method === 'GET' && !r.url.includes('list-type='));

describe('cdr ls and cdr get with data sets (s3rver: 2,520 keys under one prefix, a sibling, odd keys)', () => {
  let s3: S3rverProcess;
  let proxy: CountingProxy;
  let mast: MastServer;
  let home: string;
  let env: Record<string, string>;
  const obsFiles: Record<string, Buffer> = {
    'mast:HST/product/jbtf01010_drz.fits': Buffer.from('drz'.repeat(1000)),
    'mast:HST/product/jbtf01njq_flt.fits': Buffer.from('flt'.repeat(700)),
    'mast:HST/product/jbtf01010_asn.fits': Buffer.from('asn'.repeat(10)),
  };

  before(async () => {
    s3 = await startS3rverProcess(['bkt', 'nasa-heasarc']);
    for (const k of HEASARC) await s3.lay('nasa-heasarc', k, body(k));
    for (let i = 0; i < N; i++) await s3.lay('bkt', bigKey(i), body(bigKey(i)));
    await s3.lay('bkt', 'set/', Buffer.alloc(0));
    await s3.lay('bkt', 'set/d0/', Buffer.alloc(0));
    await s3.lay('bkt', 'setx/sibling.fits', Buffer.from('not part of set/'));
    for (const k of ODD) await s3.lay('bkt', k, body(k));
    proxy = await startCountingProxy(s3.endpoint);
    const row = (file: string, obs_id: string, productType: string, sub: string) => ({
      obsID: '2003520266',
      obs_collection: 'HST',
      obs_id,
      dataURI: `mast:HST/product/${file}`,
      productFilename: file,
      productType,
      productSubGroupDescription: sub,
      productGroupDescription: null,
      size: obsFiles[`mast:HST/product/${file}`]!.length,
    });
    mast = await startMastServer({
      files: obsFiles,
      observations: [
        {
          obsid: '2003520266',
          obs_collection: 'HST',
          obs_id: 'jbtf01010',
          products: [
            row('jbtf01010_drz.fits', 'jbtf01010', 'SCIENCE', 'DRZ'),
            row('jbtf01njq_flt.fits', 'jbtf01njq', 'SCIENCE', 'FLT'),
            row('jbtf01010_asn.fits', 'jbtf01010', 'AUXILIARY', 'ASN'),
          ],
        },
      ],
    });
    home = await mkdtemp(join(tmpdir(), 'cdr-sets-'));
    env = {
      HOME: home,
      AWS_ENDPOINT_URL_S3: proxy.url,
      CDR_MAST_URL: mast.url,
      // A declared bucket: its region is known, and its objects are public over HTTP at the endpoint.
      CDR_BUCKETS: JSON.stringify([{ bucket: 'bkt', region: 'us-east-1' }]),
    };
  });
  after(async () => {
    await proxy.close();
    await mast.close();
    await s3.stop();
    await rm(home, { recursive: true, force: true });
  });

  it('ls: one level (objects and sub-prefixes, like aws s3 ls), JSON per the contract, and --recursive', async () => {
    const level = await cdr(['ls', 's3://bkt/odd/'], env);
    assert.equal(level.status, 0, level.stderr);
    assert.match(level.stdout, /^ +PRE deep\/$/m);
    assert.match(level.stdout, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\d+ x y\.fits$/m);
    const json = await cdr(['ls', 's3://bkt/odd/', '--json'], env);
    const entries = JSON.parse(json.stdout) as Record<string, unknown>[];
    assert.deepEqual(entries[0], { uri: 's3://bkt/odd/deep/', prefix: true });
    assert.deepEqual(
      entries.slice(1).map((e) => e.uri),
      ['s3://bkt/odd/100%.fits', 's3://bkt/odd/p+q.fits', 's3://bkt/odd/x y.fits', 's3://bkt/odd/ünïcødé.fits'],
    );
    const one = entries.find((e) => e.uri === 's3://bkt/odd/x y.fits')!;
    assert.deepEqual(Object.keys(one), ['uri', 'bytes', 'etag', 'lastModified']);
    assert.equal(one.bytes, body('odd/x y.fits').length);
    assert.equal(one.etag, `"${createHash('md5').update(body('odd/x y.fits')).digest('hex')}"`);
    assert.match(String(one.lastModified), /^\d{4}-\d\d-\d\dT/);

    const all = await cdr(['ls', 's3://bkt/set/', '--recursive', '--json'], env);
    assert.equal(all.status, 0, all.stderr);
    const keys = (JSON.parse(all.stdout) as { uri: string }[]).map((e) => e.uri);
    assert.equal(keys.length, N);
    assert.ok(!keys.some((k) => k.includes('setx/') || k.endsWith('/')));
  });

  it('get --dry-run --json: the whole plan with sizes, routes and paths, before any object GET; nothing written', async () => {
    const out = await mkdtemp(join(home, 'dry-'));
    const from = proxy.requests.length;
    const r = await cdr(['get', 's3://bkt/set/', '--dry-run', '--json', '-o', out], env);
    assert.equal(r.status, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as {
      files: number;
      bytes: number;
      estimatedCostUsd: number;
      byVia: Record<string, { files: number; bytes: number }>;
      items: { uri: string; via: string; leaf: string; bytes: number; path: string }[];
    };
    assert.deepEqual(Object.keys(plan), ['files', 'bytes', 'estimatedCostUsd', 'byVia', 'items']);
    const total = Array.from({ length: N }, (_, i) => body(bigKey(i)).length).reduce((a, b) => a + b, 0);
    assert.equal(plan.files, N);
    assert.equal(plan.bytes, total);
    assert.equal(plan.estimatedCostUsd, 0);
    assert.deepEqual(plan.byVia, { s3: { files: 0, bytes: 0 }, http: { files: N, bytes: total } });
    assert.deepEqual(plan.items[0], {
      uri: `s3://bkt/${bigKey(0)}`,
      via: 'http',
      leaf: 'user-not-in-cloud',
      bytes: body(bigKey(0)).length,
      path: `bkt/${bigKey(0)}`,
    });
    assert.equal(new Set(plan.items.map((i) => i.uri)).size, N);
    assert.equal(objectGets(proxy, from).length, 0);
    assert.ok(proxy.requests.slice(from).filter((q) => q.url.includes('list-type=2')).length >= 3);
    assert.deepEqual(await files(out), []);
  });

  it('--include/--exclude: in order, the last match wins, relative to the prefix, * crosses /', async () => {
    const only = await cdr(
      ['get', 's3://bkt/set/', '--exclude', '*', '--include', '*_drz.fits', '--dry-run', '--json'],
      env,
    );
    const items = (JSON.parse(only.stdout) as { items: { uri: string }[] }).items;
    assert.equal(items.length, N / 3);
    assert.ok(items.every((i) => i.uri.endsWith('_drz.fits')));
    const reversed = await cdr(['get', 's3://bkt/set/', '--include', '*_drz.fits', '--exclude', '*', '--dry-run'], env);
    assert.equal(reversed.status, 2);
    assert.match(reversed.stderr, /No file under s3:\/\/bkt\/set\/ passes --include\/--exclude \(2520 listed\)/);
    const rel = await cdr(['get', 's3://bkt/set/', '--exclude', 'd[1-5]/*', '--dry-run', '--json'], env);
    assert.equal((JSON.parse(rel.stdout) as { files: number }).files, N / 6);
    const glob = await cdr(['get', 's3://bkt/set/d1/f0000*_flt.fits', '--dry-run', '--json'], env);
    assert.deepEqual(
      (JSON.parse(glob.stdout) as { items: { uri: string }[] }).items.map((i) => i.uri),
      ['s3://bkt/set/d1/f00001_flt.fits', 's3://bkt/set/d1/f00007_flt.fits'],
    );
    const deep = await cdr(['get', 's3://bkt/set/**/f0250?_drz.fits', '--dry-run', '--json'], env);
    assert.equal((JSON.parse(deep.stdout) as { files: number }).files, 3);
  });

  it('downloads odd keys byte-identical; a rerun sends no object GET; a changed object is fetched again', async () => {
    const out = await mkdtemp(join(home, 'get-'));
    const first = await cdr(['get', 's3://bkt/odd/', '-o', out, '--json'], env);
    assert.equal(first.status, 0, first.stderr);
    assert.deepEqual(await files(out), ODD.map((k) => `bkt/${k}`).sort());
    for (const k of ODD) assert.deepEqual(await readFile(join(out, 'bkt', k)), body(k));

    const from = proxy.requests.length;
    const again = await cdr(['get', 's3://bkt/odd/', '-o', out, '--json'], env);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(
      (JSON.parse(again.stdout) as { status: string }[]).map((r) => r.status),
      ODD.map(() => 'SKIPPED'),
    );
    assert.deepEqual(objectGets(proxy, from), []);

    // Same size, new content: the listed ETag differs from the one recorded, so only that file is fetched.
    const changed = Buffer.from(body('odd/p+q.fits').toString().replace(/o/g, '0'));
    assert.equal(changed.length, body('odd/p+q.fits').length);
    await s3.lay('bkt', 'odd/p+q.fits', changed);
    const from2 = proxy.requests.length;
    const third = await cdr(['get', 's3://bkt/odd/', '-o', out, '--json'], env);
    assert.equal(third.status, 0, third.stderr);
    const statuses = (JSON.parse(third.stdout) as { uri: string; status: string }[]).map((r) => [r.uri, r.status]);
    assert.deepEqual(
      statuses.filter(([, s]) => s === 'COMPLETE'),
      [['s3://bkt/odd/p+q.fits', 'COMPLETE']],
    );
    assert.deepEqual(await readFile(join(out, 'bkt', 'odd/p+q.fits')), changed);
    assert.deepEqual(
      objectGets(proxy, from2).map((q) => decodeURIComponent(q.url)),
      ['/bkt/odd/p+q.fits'],
    );
  });

  it('downloads a folder of 420 listed files in one batch; the rerun is all SKIPPED without an object GET', async () => {
    // One of the six folders: the whole 2,520 take over a minute on a shared 2-core machine (the engine HEADs each).
    const out = await mkdtemp(join(home, 'big-'));
    const loaded = join(home, 'loaded-modules.txt');
    const r = await cdr(['get', 's3://bkt/set/d0/', '-o', out], {
      ...env,
      NODE_OPTIONS: `--require ${join(__dirname, '../../../support/loadedModules.cjs')}`,
      CDR_TEST_LOADED: loaded,
    });
    assert.equal(r.status, 0, r.stderr);
    // The prefix is listed over the engine's own client: the S3 client (about 19 MiB) is never loaded.
    const bundles = (await readFile(loaded, 'utf8')).split('\n').filter((m) => m.includes('/dist/'));
    assert.ok(bundles.some((m) => m.endsWith('cli.js')));
    assert.deepEqual(
      bundles.filter((m) => m.includes('client-s3')),
      [],
    );
    const got = await files(out);
    assert.equal(got.length, N / 6);
    for (const i of [0, 6, 1236, N - 6]) assert.deepEqual(await readFile(join(out, 'bkt', bigKey(i))), body(bigKey(i)));
    const from = proxy.requests.length;
    const again = await cdr(['get', 's3://bkt/set/d0/', '-o', out], env);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stdout.split('\n').filter((l) => l.startsWith('SKIPPED ')).length, N / 6);
    assert.deepEqual(objectGets(proxy, from), []);
  });

  it('the cap uses the listed total before the first byte: over --max-bytes it refuses and fetches nothing', async () => {
    const out = await mkdtemp(join(home, 'cap-'));
    const from = proxy.requests.length;
    const r = await cdr(['get', 's3://bkt/set/d0/', '--via', 's3', '--max-bytes', '1K', '-o', out], env);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /refusing to start: this batch needs \d+ bytes over S3/);
    assert.deepEqual(objectGets(proxy, from), []);
    assert.deepEqual(await files(out), []);
  });

  it('an observation: MAST product list → files with sizes, filters, astroquery layout, byte-identical', async () => {
    const dry = await cdr(['get', 'mast:obs/HST/jbtf01010', '--dry-run', '--json', '--layout', 'archive'], env);
    assert.equal(dry.status, 0, dry.stderr);
    const plan = JSON.parse(dry.stdout) as { files: number; bytes: number; items: { path: string; bytes: number }[] };
    assert.equal(plan.files, 3);
    assert.equal(
      plan.bytes,
      Object.values(obsFiles).reduce((n, b) => n + b.length, 0),
    );
    assert.deepEqual(plan.items.map((i) => i.path).sort(), [
      'mastDownload/HST/jbtf01010/jbtf01010_asn.fits',
      'mastDownload/HST/jbtf01010/jbtf01010_drz.fits',
      'mastDownload/HST/jbtf01njq/jbtf01njq_flt.fits',
    ]);
    const out = await mkdtemp(join(home, 'obs-'));
    const r = await cdr(
      ['get', 'mast:obs/HST/jbtf01010', '--product-type', 'SCIENCE', '--layout', 'archive', '-o', out],
      env,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(await files(out), [
      'mastDownload/HST/jbtf01010/jbtf01010_drz.fits',
      'mastDownload/HST/jbtf01njq/jbtf01njq_flt.fits',
    ]);
    assert.deepEqual(
      await readFile(join(out, 'mastDownload/HST/jbtf01010/jbtf01010_drz.fits')),
      obsFiles['mast:HST/product/jbtf01010_drz.fits'],
    );
    const ls = await cdr(['ls', 'mast:obs/HST/jbtf01010', '--product-subgroup', 'FLT', '--json'], env);
    assert.deepEqual(JSON.parse(ls.stdout), [
      { uri: 'mast:HST/product/jbtf01njq_flt.fits', bytes: 2100, etag: null, lastModified: null },
    ]);
  });

  it('an archive folder with a cloud copy lists through the bucket; each file keeps its archive URL and route', async () => {
    const dir = `${FTP}chandra/data/byobsid/2/3052/`;
    const ls = await cdr(['ls', dir, '--json'], env);
    assert.equal(ls.status, 0, ls.stderr);
    assert.deepEqual(
      (JSON.parse(ls.stdout) as { uri: string }[]).map((e) => e.uri),
      [`${dir}primary/`, `${dir}oif.fits`],
    );
    const from = proxy.requests.length;
    const r = await cdr(['get', dir, '--exclude', '*.jpg', '--dry-run', '--json'], env);
    assert.equal(r.status, 0, r.stderr);
    const items = (JSON.parse(r.stdout) as { items: Record<string, unknown>[] }).items;
    // Off the cloud the files go over HTTPS from HEASARC itself, and land where the bucket copy would.
    assert.deepEqual(items, [
      {
        uri: `${dir}oif.fits`,
        via: 'http',
        leaf: 'user-not-in-cloud',
        bytes: body(HEASARC[0]!).length,
        path: `nasa-heasarc/${HEASARC[0]}`,
      },
      {
        uri: `${dir}primary/acisf03052N004_evt2.fits.gz`,
        via: 'http',
        leaf: 'user-not-in-cloud',
        bytes: body(HEASARC[1]!).length,
        path: `nasa-heasarc/${HEASARC[1]}`,
      },
    ]);
    assert.ok(
      proxy.requests
        .slice(from)
        .some(
          (q) =>
            /^\/nasa-heasarc\/?\?list-type=2&/.test(q.url) &&
            decodeURIComponent(q.url).includes('prefix=chandra/data/byobsid/2/3052/'),
        ),
      JSON.stringify(proxy.requests.slice(from).map((q) => q.url)),
    );
    const noCopy = await cdr(['get', 'https://example.org/some/folder/', '--dry-run'], env);
    assert.equal(noCopy.status, 2);
    assert.match(
      noCopy.stderr,
      /^cdr get: This web folder has no known cloud copy to list .*: https:\/\/example\.org\/some\/folder\/\n$/,
    );
  });

  it('lists: a manifest of URIs and an astroquery product table (CSV)', async () => {
    const dir = await mkdtemp(join(home, 'lists-'));
    await writeFile(join(dir, 'set.txt'), `# two files and a folder\ns3://bkt/setx/sibling.fits\ns3://bkt/odd/deep/\n`);
    const a = await cdr(['get', 'set.txt', '--dry-run', '--json'], env, dir);
    assert.equal(a.status, 0, a.stderr);
    assert.deepEqual(
      (JSON.parse(a.stdout) as { items: { uri: string; bytes: number | null }[] }).items.map((i) => [i.uri, i.bytes]),
      [
        ['s3://bkt/setx/sibling.fits', null],
        ['s3://bkt/odd/deep/z.fits', body('odd/deep/z.fits').length],
      ],
    );
    await writeFile(
      join(dir, 'products.csv'),
      'obsID,obs_collection,obs_id,dataURI,productFilename,size\n' +
        '2003520266,HST,jbtf01010,mast:HST/product/jbtf01010_drz.fits,jbtf01010_drz.fits,3000\n' +
        '2003520266,HST,jbtf01010,mast:HST/product/jbtf01010_drz.fits,jbtf01010_drz.fits,3000\n',
    );
    const b = await cdr(['get', 'products.csv', '--layout', 'archive', '-o', 'o'], env, dir);
    assert.equal(b.status, 0, b.stderr);
    assert.deepEqual(await files(join(dir, 'o')), ['mastDownload/HST/jbtf01010/jbtf01010_drz.fits']);
  });

  it('bad input: one clear line each, exit 2 or 1, nothing written', async () => {
    const out = join(home, 'never');
    const deny = await startDenyingS3();
    try {
      const cases: [string[], Record<string, string>, number, RegExp][] = [
        [
          ['get', 's3://bkt/nothing-here/'],
          env,
          2,
          /^cdr get: Nothing under s3:\/\/bkt\/nothing-here\/ \(an empty or missing prefix\)\n$/,
        ],
        [
          ['get', 's3://no-such-bucket/x/'],
          env,
          2,
          /^cdr get: Bucket no-such-bucket does not exist \(listing s3:\/\/no-such-bucket\/x\/\)\n$/,
        ],
        [['get', 's3://bkt/set/*.nope'], env, 2, /^cdr get: No object matches s3:\/\/bkt\/set\/\*\.nope\n$/],
        [
          ['get', 'mast:obs/HST/nosuch'],
          env,
          2,
          /^cdr get: MAST knows no HST observation nosuch \(mast:obs\/HST\/nosuch\)\n$/,
        ],
        [['get', 'mast:obs/HST/'], env, 2, /^cdr get: Not an observation URI/],
        [
          ['get', 'no-such-list.txt'],
          env,
          2,
          /^cdr get: Not a URI \(s3:\/\/, mast:, https:\/\/\) and no list file of that name: no-such-list\.txt\n$/,
        ],
        [['get', 's3://bkt/set/', '--exclude', ''], env, 2, /--exclude needs a pattern/],
        [
          ['get', 's3://private/p/'],
          { ...env, AWS_ENDPOINT_URL_S3: deny.url },
          1,
          /^cdr get: Listing s3:\/\/private\/p\/ was denied \(AccessDenied\)[^\n]*\n$/,
        ],
      ];
      for (const [args, e, code, message] of cases) {
        const r = await cdr([...args, '-o', out], e);
        assert.equal(r.status, code, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr, message, args.join(' '));
      }
      assert.deepEqual(await files(out), []);
      const ls = await cdr(['ls', 's3://Bad_Bucket/'], env);
      assert.equal(ls.status, 2);
      assert.equal(ls.stderr, 'cdr ls: Not a valid S3 bucket name: s3://Bad_Bucket/\n');
      const empty = await cdr(['ls', 's3://bkt/nothing-here/'], env);
      assert.equal(empty.status, 2);
      assert.equal(empty.stderr, 'cdr ls: Nothing under s3://bkt/nothing-here/ (an empty or missing prefix)\n');
    } finally {
      await deny.close();
    }
  });
});
