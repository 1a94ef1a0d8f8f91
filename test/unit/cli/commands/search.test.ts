import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startCmrServer, ummGranule, type CmrServer } from '../../../support/earthdata/cmrServer';
import { FaultServer } from '../../../support/faultServer';
import { startImdsServer } from '../../../support/imdsServer';
import { runCdr as cdr } from '../../../support/runCdr';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('cdr search and earthdata:granules? sets (local CMR and DAAC stand-ins)', () => {
  let cmr: CmrServer;
  let daac: FaultServer;
  let home: string;
  let env: Record<string, string>;
  const bodies = [0, 1, 2].map((i) => Buffer.from(`granule ${i}\n`.repeat(100 + i)));
  const key = (i: number) => `HLSL30.020/G${i}/G${i}.B01.tif`;

  before(async () => {
    daac = await new FaultServer().start();
    bodies.forEach((b, i) => daac.put(`/lp-prod-protected/${key(i)}`, b));
    const cred = `${daac.origin}/s3credentials`;
    cmr = await startCmrServer({
      granules: bodies.map((b, i) => ({
        shortName: 'HLSL30',
        version: '2.0',
        item: ummGranule({
          conceptId: `G${i + 1}-LPCLOUD`,
          granuleUr: `G${i}`,
          provider: 'LPCLOUD',
          collectionConceptId: 'C1-LPCLOUD',
          s3CredentialsUrl: cred,
          files: [
            {
              name: `G${i}.B01.tif`,
              https: `${daac.origin}/lp-prod-protected/${key(i)}`,
              s3: `s3://lp-prod-protected/${key(i)}`,
              sizeInBytes: b.length,
              checksum: { algorithm: 'SHA-256', value: sha256(b) },
            },
          ],
        }),
      })),
      collections: { 'C1-LPCLOUD': { DirectDistributionInformation: { Region: 'us-west-2' } } },
    });
    home = await mkdtemp(join(tmpdir(), 'cdr-search-'));
    env = {
      HOME: home,
      EARTHDATA_CMR_URL: cmr.url,
      CDR_STATE_DIR: join(home, 'state'),
      // The stand-in DAAC takes LP DAAC's place in the table (the origin a real record would name).
      CDR_EARTHDATA_DAACS: JSON.stringify([
        {
          id: 'lpdaac',
          name: 'LP DAAC (stand-in)',
          providers: ['LPCLOUD'],
          origins: [daac.origin],
          buckets: ['lp-prod-protected'],
          s3CredentialsUrl: cred,
          region: 'us-west-2',
          httpsPathIsBucketKey: true,
        },
      ]),
    };
  });
  after(async () => {
    await cmr.close();
    await daac.stop();
    await rm(home, { recursive: true, force: true });
  });

  const URI = 'earthdata:granules?short_name=HLSL30&temporal=2023-06-01T00:00:00Z,2023-06-30T23:59:59Z&limit=3';

  it('cdr search --json prints the granules with both links, sizes, checksums and the set URI', async () => {
    const r = await cdr(
      ['search', '--short-name', 'HLSL30', '--temporal', '2023-06-01,2023-06-30', '--limit', '3', '--json'],
      env,
    );
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      uri: string;
      hits: number;
      files: number;
      bytes: number;
      granules: { conceptId: string; region: string; s3CredentialsUrl: string; files: Record<string, unknown>[] }[];
    };
    assert.equal(out.uri, URI);
    assert.deepEqual([out.hits, out.files, out.bytes], [3, 3, bodies.reduce((n, b) => n + b.length, 0)]);
    assert.deepEqual(out.granules[0]!.files[0], {
      name: 'G0.B01.tif',
      httpsUrl: `${daac.origin}/lp-prod-protected/${key(0)}`,
      s3Uri: `s3://lp-prod-protected/${key(0)}`,
      sizeBytes: bodies[0]!.length,
      checksum: { algorithm: 'SHA-256', value: sha256(bodies[0]!) },
    });
    assert.equal(out.granules[0]!.region, 'us-west-2');
    assert.equal(out.granules[0]!.s3CredentialsUrl, `${daac.origin}/s3credentials`);
    const sent = cmr.requests.filter((q) => q.path === '/search/granules.umm_json').at(-1)!;
    assert.equal(sent.query.get('temporal[]'), '2023-06-01T00:00:00Z,2023-06-30T23:59:59Z');
  });

  it('cdr search prints a table and the URI', async () => {
    const r = await cdr(['search', '--short-name', 'HLSL30', '--limit', '2'], env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^GRANULE/);
    assert.match(r.stdout, /\nG0 +1 +\d+ {2}us-west-2 +G1-LPCLOUD\n/);
    assert.match(r.stdout, /2 granules of 3 matching, 2 files/);
    assert.match(r.stdout, /URI: earthdata:granules\?short_name=HLSL30&limit=2\n/);
  });

  for (const [args, re] of [
    [['--short-name', 'X', '--bbox', '1,2,3'], /^cdr search: --bbox must be four numbers W,S,E,N in degrees: 1,2,3$/],
    [['--short-name', 'X', '--temporal', 'yesterday'], /^cdr search: --temporal must be two dates or times/],
    [['--short-name', 'X', '--nope'], /^cdr search: Unknown option '--nope'/],
    [['--temporal', '2020-01-01,'], /^cdr search: A granule search needs --short-name or --concept-id/],
  ] as const) {
    it(`bad input ${args.join(' ')} → exit 2 with one line`, async () => {
      const r = await cdr(['search', ...args], env);
      assert.equal(r.status, 2);
      assert.match(r.stderr.split('\n')[0]!, re);
      assert.equal(r.stdout, '');
    });
  }

  it('cdr get with a malformed earthdata: URI → exit 2 naming the parameter, before any request', async () => {
    const before = cmr.requests.length;
    const r = await cdr(['get', 'earthdata:granules?short_name=X&bbox=1,2', '--dry-run'], env);
    assert.equal(r.status, 2);
    assert.match(
      r.stderr,
      /^cdr get: bbox must be four numbers W,S,E,N in degrees: 1,2 \(in earthdata:granules\?short_name=X&bbox=1,2\)\n$/,
    );
    const unknown = await cdr(['get', 'earthdata:granules?short_name=X&page_num=2', '--dry-run'], env);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /Unknown parameter page_num/);
    assert.equal(cmr.requests.length, before);
  });

  it('cdr get URI --dry-run --json on a laptop: every file over HTTPS, checksum carried, no credentialScope', async () => {
    const r = await cdr(['get', URI, '--dry-run', '--json'], env);
    assert.equal(r.status, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as { files: number; bytes: number; items: Record<string, unknown>[] };
    assert.equal(plan.files, 3);
    assert.equal(
      plan.bytes,
      bodies.reduce((n, b) => n + b.length, 0),
    );
    assert.deepEqual(plan.items[0], {
      uri: `${daac.origin}/lp-prod-protected/${key(0)}`,
      via: 'http',
      leaf: 'user-not-in-cloud',
      bytes: bodies[0]!.length,
      path: `lp-prod-protected/${key(0)}`,
      checksum: { algorithm: 'SHA-256', value: sha256(bodies[0]!) },
    });
  });

  it('cdr get URI --dry-run --json on EC2 in us-west-2 (local IMDS): S3, platform-account, the DAAC credentials', async () => {
    const imds = await startImdsServer({ region: 'us-west-2', role: null });
    try {
      const r = await cdr(['get', URI, '--dry-run', '--json'], {
        ...env,
        AWS_EC2_METADATA_DISABLED: 'false',
        AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url,
        AWS_REGION: 'us-west-2',
      });
      assert.equal(r.status, 0, r.stderr);
      const plan = JSON.parse(r.stdout) as { byVia: { s3: { files: number } }; items: Record<string, unknown>[] };
      assert.equal(plan.byVia.s3.files, 3);
      for (const it of plan.items) {
        assert.equal(it.via, 's3');
        assert.equal(it.leaf, 'platform-account');
        assert.equal(it.credentialScope, `${daac.origin}/s3credentials`);
      }
      // The context probe never carries an Earthdata (or any) Authorization header.
      for (const q of imds.requests) assert.equal(q.headers.authorization, undefined);
    } finally {
      await imds.close();
    }
  });

  it('cdr get URI downloads the granules from the DAAC over HTTPS (laptop)', async () => {
    const out = join(home, 'out');
    const r = await cdr(['get', URI, '-o', out, '--json'], env);
    assert.equal(r.status, 0, r.stderr);
    const results = JSON.parse(r.stdout) as { status: string; via: string }[];
    assert.deepEqual(
      results.map((x) => [x.status, x.via]),
      [
        ['COMPLETE', 'http'],
        ['COMPLETE', 'http'],
        ['COMPLETE', 'http'],
      ],
    );
    for (const [i, b] of bodies.entries()) assert.deepEqual(await readFile(join(out, 'lp-prod-protected', key(i))), b);
  });

  it('cdr route --explain names the leaf and the credentials for a DAAC URL', async () => {
    const r = await cdr(['route', `${daac.origin}/lp-prod-protected/${key(0)}`, '--explain'], env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /leaf user-not-in-cloud/);
    assert.match(r.stdout, /credentials: Earthdata Login for 127\.0\.0\.1:\d+/);
    assert.match(r.stdout, /s3: {3}s3:\/\/lp-prod-protected\/HLSL30\.020\/G0\/G0\.B01\.tif/);
  });
});
