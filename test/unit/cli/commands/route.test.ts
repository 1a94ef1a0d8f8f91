import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startImdsServer, type ImdsServer } from '../../../support/imdsServer';
import { startMastServer, type MastServer } from '../../../support/mastServer';

// The built bundle, as a user runs it; scripts/test.mjs builds it before the unit layer.
const cli = join(__dirname, '../../../../dist/cli.js');
const guard = join(__dirname, '../../../support/network-guard.cjs');

const HST = 'mast:HST/product/u9o40504m_c3m.fits';
const HST_KEY = 'hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits';
const NOCOPY = 'mast:HST/product/does_not_exist.fits';

interface JsonRoute {
  uri: string;
  via: 's3' | 'http';
  leaf: string;
  requesterPays: boolean;
  s3Uri: string | null;
  httpUrl: string | null;
  steps: {
    node: string;
    question: string;
    answer: string;
    evidence: string[];
    ids: { question: string; answer: string; evidence: string[] };
  }[];
  ids: { warnings: string[]; error?: string };
  warnings: string[];
  bytes: number | null;
  estimatedCostUsd: number | null;
  forced?: { requested: string; treeWouldChoose: string };
  error?: string;
}

describe('cdr route', () => {
  let mast: MastServer;
  let home: string;
  before(async () => {
    const paths: Record<string, string> = { [HST]: `/${HST_KEY}` };
    for (let i = 0; i < 50; i++) paths[`mast:TESS/product/t${i}.fits`] = `/tess/public/ffi/t${i}.fits`;
    mast = await startMastServer({ paths });
    home = mkdtempSync(join(tmpdir(), 'cdr-route-'));
    writeFileSync(
      join(home, 'credentials'),
      '[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
    );
    writeFileSync(join(home, 'config'), '[profile dev]\nregion = us-west-2\n');
  });
  after(async () => {
    await mast.close();
    rmSync(home, { recursive: true, force: true });
  });

  /** Only what the test gives: no inherited AWS_*, CDR_* or HOME may steer the result; the child is network-guarded. */
  function env(extra: Record<string, string>): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '',
      NODE_OPTIONS: `--require ${guard}`,
      HOME: home,
      AWS_CONFIG_FILE: join(home, 'missing-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'missing-credentials'),
      CDR_SYSTEM_BOTO_CONFIG: join(home, 'missing-boto.cfg'),
      AWS_REGION: 'us-east-1',
      CDR_MAST_URL: mast.url,
      ...extra,
    };
  }

  // Async, not spawnSync: the local servers live in this process and must keep answering while the CLI runs.
  function cdr(args: string[], e: Record<string, string>): Promise<{ status: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [cli, 'route', ...args],
        { env: e, encoding: 'utf8', timeout: 20_000 },
        (err, stdout, stderr) => {
          resolve({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
        },
      );
    });
  }

  async function routes(args: string[], e: Record<string, string>, status = 0): Promise<JsonRoute[]> {
    const r = await cdr([...args, '--json'], e);
    assert.equal(r.status, status, `exit ${r.status}: ${r.stderr}`);
    return JSON.parse(r.stdout) as JsonRoute[];
  }

  /** An EC2 instance in `region`, through a local IMDS; `role: null` means no instance credentials. */
  async function onEc2<T>(
    region: string,
    role: string | null,
    fn: (e: Record<string, string>) => Promise<T>,
  ): Promise<T> {
    const imds: ImdsServer = await startImdsServer({ region, role });
    try {
      return await fn(env({ AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url, AWS_REGION: region }));
    } finally {
      await imds.close();
    }
  }

  it('user-not-in-cloud: metadata disabled → unknown context, treated as not in cloud, MAST URL over HTTPS', async () => {
    const [r] = await routes([HST], env({ AWS_EC2_METADATA_DISABLED: 'true' }));
    assert.deepEqual([r.uri, r.via, r.leaf], [HST, 'http', 'user-not-in-cloud']);
    assert.equal(r.httpUrl, `${mast.url}/api/v0.1/Download/file?uri=${HST}`);
    assert.equal(r.s3Uri, `s3://stpubdata/${HST_KEY}`);
    assert.equal(r.steps[0].answer, 'unknown, treated as not in cloud');
    // The texts' stable ids ride along, for tools that translate or match them.
    assert.deepEqual(r.steps[0].ids, {
      question: 'route.question.in-cloud',
      answer: 'route.in-cloud.unknown-as-not',
      evidence: r.steps[0].evidence.map(() => 'route.evidence.signal'),
    });
    assert.ok(r.ids.warnings.includes('route.warning.mast-login'));
    assert.ok(r.warnings.some((w) => /MAST token/.test(w)));
    assert.equal(r.estimatedCostUsd, 0);
    assert.deepEqual(Object.keys(r).slice(0, 10), [
      'uri',
      'via',
      'leaf',
      'requesterPays',
      's3Uri',
      'httpUrl',
      'steps',
      'warnings',
      'bytes',
      'estimatedCostUsd',
    ]);
  });

  it('same-region and data-not-in-cloud on EC2 in us-east-1 (anonymous)', async () => {
    const [same, none] = await onEc2('us-east-1', null, (e) => routes([HST, NOCOPY], e));
    assert.deepEqual([same.via, same.leaf, same.requesterPays], ['s3', 'same-region', false]);
    assert.deepEqual([none.via, none.leaf, none.s3Uri], ['http', 'data-not-in-cloud', null]);
    assert.ok(none.warnings.some((w) => w.includes(`MAST knows no cloud copy of ${NOCOPY}`)));
  });

  it('cross-region-anonymous on EC2 in us-west-2 with no instance role', async () => {
    const [r] = await onEc2('us-west-2', null, (e) => routes([HST], e));
    assert.deepEqual([r.via, r.leaf], ['http', 'cross-region-anonymous']);
    assert.equal(r.steps.find((s) => s.node === 'same-region')?.answer, 'no: us-west-2 vs us-east-1');
  });

  it('cross-region-not-allowed, then cross-region-requester-pays with --allow-cross-region (instance role credentials)', async () => {
    const [notAllowed, allowed] = await onEc2('us-west-2', 'cdr-test-role', async (e) => [
      (await routes([HST], e))[0],
      (await routes([HST, '--allow-cross-region'], e))[0],
    ]);
    assert.deepEqual([notAllowed.via, notAllowed.leaf], ['http', 'cross-region-not-allowed']);
    assert.equal(notAllowed.steps.find((s) => s.node === 'credentials')?.answer, 'yes (iam-role)');
    assert.ok(notAllowed.warnings.some((w) => /falling back to HTTPS/.test(w)));
    assert.deepEqual([allowed.via, allowed.leaf, allowed.requesterPays], ['s3', 'cross-region-requester-pays', true]);
  });

  it('platform-account: CDR_PLATFORM declares a platform co-located with the data', async () => {
    const [r] = await routes([HST], env({ AWS_EC2_METADATA_DISABLED: 'true', CDR_PLATFORM: 'fornax:us-east-1' }));
    assert.deepEqual([r.via, r.leaf], ['s3', 'platform-account']);
    assert.match(r.steps[0].answer, /science platform fornax/);
  });

  it('a platform in another region follows the cross-region rules, with a warning; --profile supplies credentials', async () => {
    const files = { AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'), AWS_CONFIG_FILE: join(home, 'config') };
    const [r] = await routes(
      [HST, '--profile', 'dev'],
      env({ AWS_EC2_METADATA_DISABLED: 'true', CDR_PLATFORM: 'hub:us-west-2', ...files }),
    );
    assert.deepEqual([r.via, r.leaf], ['http', 'cross-region-not-allowed']);
    assert.equal(r.steps.find((s) => s.node === 'credentials')?.answer, 'yes (shared-credentials-file, profile dev)');
    assert.ok(r.warnings.some((w) => /Platform hub runs in us-west-2/.test(w)));
  });

  it('--via forces the transport and reports what the tree would choose', async () => {
    const [r] = await routes([HST, '--via', 's3'], env({ AWS_EC2_METADATA_DISABLED: 'true' }));
    assert.equal(r.via, 's3');
    assert.deepEqual(r.forced, { requested: 's3', treeWouldChoose: 'http' });
  });

  it('many URIs in one call share one batched path_lookup request; S3, HEASARC and IRSA URLs need none', async () => {
    const uris = Array.from({ length: 50 }, (_, i) => `mast:TESS/product/t${i}.fits`);
    const n = mast.requests.filter((q) => q.path.includes('path_lookup')).length;
    const out = await routes(
      [
        ...uris,
        's3://nasa-heasarc/chandra/a.fits',
        'https://irsa.ipac.caltech.edu/ibe/data/wise/allwise/p3am_cdd/09/0904/x/x-w1-int-3.fits',
      ],
      env({ AWS_EC2_METADATA_DISABLED: 'true', CDR_PLATFORM: 'fornax:us-east-1' }),
    );
    assert.equal(out.length, 52);
    assert.equal(
      mast.requests.filter((q) => q.path.includes('path_lookup')).length - n,
      2,
      '50 URIs → batches of 40 + 10',
    );
    assert.equal(out[49].s3Uri, 's3://stpubdata/tess/public/ffi/t49.fits');
    assert.deepEqual(
      [out[50].httpUrl, out[50].leaf],
      ['https://heasarc.gsfc.nasa.gov/FTP/chandra/a.fits', 'platform-account'],
    );
    // nasa-irsa-wise is in us-west-2, fornax in us-east-1: not co-located.
    assert.deepEqual(
      [out[51].s3Uri, out[51].leaf],
      ['s3://nasa-irsa-wise/wise/allwise/images/p3am_cdd/09/0904/x/x-w1-int-3.fits', 'cross-region-anonymous'],
    );
  });

  it('a requester-pays bucket without credentials exits 1 and says what to do', async () => {
    const r = await cdr(
      ['s3://usgs-landsat/collection02/x.TIF'],
      env({ AWS_EC2_METADATA_DISABLED: 'true', CDR_PLATFORM: 'hub:us-west-2' }),
    );
    assert.equal(r.status, 1);
    assert.match(r.stdout, /s3 s3:\/\/usgs-landsat\/collection02\/x.TIF {2}\[platform-account, requester pays\]/);
    assert.match(r.stderr, /requester-pays bucket: S3 needs AWS credentials/);
  });

  it('human output is one line per file; --explain prints the tree with the path marked', async () => {
    const e = env({ AWS_EC2_METADATA_DISABLED: 'true' });
    const short = await cdr([HST], e);
    assert.equal(short.status, 0, short.stderr);
    assert.match(
      short.stdout,
      new RegExp(
        `^${HST}\\n  http ${mast.url.replace(/[.]/g, '\\.')}/api/v0\\.1/Download/file\\?uri=${HST}  \\[user-not-in-cloud\\]\\n`,
      ),
    );
    const long = await cdr([HST, '--explain'], e);
    assert.match(long.stdout, /Decision tree \(» = path taken\):/);
    assert.match(long.stdout, /» +no → http download {2}\[user-not-in-cloud\]/);
  });

  it('a failing MAST lookup exits 1 and names the URI; HTTP stays the route', async () => {
    const down = await startMastServer({ lookupStatus: 503 });
    try {
      const r = await cdr([HST, '--json'], env({ AWS_EC2_METADATA_DISABLED: 'true', CDR_MAST_URL: down.url }));
      assert.equal(r.status, 1);
      assert.match(r.stderr, new RegExp(`lookup failed for ${HST}: .*HTTP 503`));
      assert.equal((JSON.parse(r.stdout) as JsonRoute[])[0].via, 'http');
    } finally {
      await down.close();
    }
  });

  for (const [args, named] of [
    [['s3://bucket-only'], 's3://bucket-only'],
    [['mast:HST/product/ok.fits', 'gopher://x/y'], 'gopher://x/y'],
    [['mast:HST'], 'mast:HST'],
    [[HST, '--via', 'ftp'], '--via must be auto, s3 or http: ftp'],
    [[], 'needs at least one URI'],
  ] as const) {
    it(`exits 2 naming the bad input: ${args.join(' ') || '(none)'}`, async () => {
      const n = mast.requests.length;
      const r = await cdr([...args], env({ AWS_EC2_METADATA_DISABLED: 'true' }));
      assert.equal(r.status, 2);
      assert.ok(r.stderr.includes(named), r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(mast.requests.length, n, 'no lookup for bad input');
    });
  }

  it('a malformed CDR_MAST_URL or CDR_BUCKETS exits 2 naming the variable', async () => {
    const m = await cdr([HST], env({ AWS_EC2_METADATA_DISABLED: 'true', CDR_MAST_URL: 'mast.example' }));
    assert.equal(m.status, 2);
    assert.match(m.stderr, /CDR_MAST_URL must be an http\(s\) base URL .*: mast.example/);
    const b = await cdr([HST], env({ AWS_EC2_METADATA_DISABLED: 'true', CDR_BUCKETS: '[{"bucket":"x"}]' }));
    assert.equal(b.status, 2);
    assert.match(b.stderr, /CDR_BUCKETS\[0\]: bucket must be an S3 bucket name: "x"/);
  });

  it('CDR_BUCKETS and CDR_ALLOW_CROSS_REGION steer the route like settings', async () => {
    const buckets = JSON.stringify([{ bucket: 'lab-data', region: 'us-west-2', requesterPays: true }]);
    const [r] = await onEc2('us-east-1', 'cdr-test-role', (e) =>
      routes(['s3://lab-data/a.fits'], { ...e, CDR_BUCKETS: buckets, CDR_ALLOW_CROSS_REGION: 'true' }),
    );
    assert.deepEqual(
      [r.via, r.leaf, r.requesterPays, r.estimatedCostUsd],
      ['s3', 'cross-region-requester-pays', true, null],
    );
  });

  it('an unknown --profile exits 2', async () => {
    const r = await cdr([HST, '--profile', 'nope'], env({ AWS_EC2_METADATA_DISABLED: 'true' }));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /nope/);
  });
});
