import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startS3rverProcess, type S3rverProcess } from '../../../support/s3rverHarness';
import { rng } from '../../../support/rng';

// The built bundle, as a user (or a Slurm node) runs it; scripts/test.mjs builds it before the unit layer.
const cli = join(__dirname, '../../../../dist/cli.js');

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('cdr plan (local S3)', () => {
  let s3: S3rverProcess;
  let dir: string;
  const objects = new Map<string, Buffer>();
  let env: Record<string, string>;

  function cdr(args: string[], extra: Record<string, string> = {}) {
    const r = spawnSync(process.execPath, [cli, ...args], { env: { ...env, ...extra }, encoding: 'utf8', cwd: dir });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  before(async () => {
    s3 = await startS3rverProcess(['bkt']);
    dir = await mkdtemp(join(tmpdir(), 'cdr-plan-cli-'));
    const rand = rng(13);
    for (let i = 0; i < 60; i++) {
      const data = Buffer.alloc(1000 + Math.floor(rand() * 20_000), i);
      const key = `set/${i % 3 === 0 ? 'a b+c/' : ''}f${i}.fits`;
      objects.set(key, data);
      await s3.lay('bkt', key, data);
    }
    await s3.lay('bkt', 'setx/sibling.fits', Buffer.from('not part of set/'));
    env = {
      PATH: process.env.PATH ?? '',
      NODE_OPTIONS: process.env.NODE_OPTIONS ?? '',
      HOME: dir,
      CDR_STATE_DIR: join(dir, 'state'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      CDR_BUCKETS: JSON.stringify([{ bucket: 'bkt', region: 'us-east-1' }]),
    };
  });
  after(async () => {
    await s3?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses a plan over the cap before writing anything; --max-bytes allows it', async () => {
    const total = [...objects.values()].reduce((n, b) => n + b.length, 0);
    const refused = cdr([
      'plan',
      's3://bkt/set/',
      '--via',
      's3',
      '--shards',
      '4',
      '-o',
      'capped',
      '--max-bytes',
      '10K',
    ]);
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(refused.stderr, new RegExp(`refusing to write the plan: this plan needs ${total} bytes over S3`));
    assert.match(refused.stderr, new RegExp(`Pass --max-bytes ${total} or more`));
    await assert.rejects(readdir(join(dir, 'capped')), { code: 'ENOENT' });

    const ok = cdr(['plan', 's3://bkt/set/', '--via', 's3', '--shards', '4', '-o', 'capped', '--max-bytes', '10M']);
    assert.equal(ok.status, 0, ok.stderr);
    const plan = JSON.parse(await readFile(join(dir, 'capped', 'plan.json'), 'utf8'));
    assert.deepEqual([plan.totals.files, plan.totals.bytes, plan.cap.allowed, plan.shardCount], [60, total, true, 4]);
    const names = (await readdir(join(dir, 'capped'))).sort();
    assert.deepEqual(names, [
      'plan.json',
      'shard-0000.jsonl',
      'shard-0001.jsonl',
      'shard-0002.jsonl',
      'shard-0003.jsonl',
    ]);
  });

  it('emits a Slurm array script that passes bash -n and runs shard K for task K by hand; --status merges', async () => {
    const made = cdr(['plan', 's3://bkt/set/', '--shards', '3', '-o', 'P', '--dest', 'data', '--emit', 'slurm']);
    assert.equal(made.status, 0, made.stderr);
    const script = join(dir, 'P', 'cdr-plan.sbatch');
    const text = await readFile(script, 'utf8');
    assert.match(text, /^#SBATCH --array=0-2$/m);
    assert.equal(spawnSync('bash', ['-n', script]).status, 0);
    const cdrCmd = { CDR: `${process.execPath} ${cli}` };
    // Task 0 as Slurm would start it, task 2 as `bash script K`.
    for (const run of [
      spawnSync('bash', [script], { env: { ...env, ...cdrCmd, SLURM_ARRAY_TASK_ID: '0' }, encoding: 'utf8' }),
      spawnSync('bash', [script, '2'], { env: { ...env, ...cdrCmd }, encoding: 'utf8' }),
    ])
      assert.equal(run.status, 0, run.stderr);
    assert.deepEqual((await readdir(join(dir, 'P', 'results'))).sort(), ['shard-0.json', 'shard-2.json']);

    const partial = cdr(['plan', '--status', 'P', '--json']);
    assert.equal(partial.status, 1);
    const s = JSON.parse(partial.stdout);
    assert.deepEqual(s.shards.missing, [1]);
    assert.equal(s.rerun.command, `cdr get --plan ${join(dir, 'P', 'shard-0001.jsonl')}`);
    assert.equal(s.rerun.slurm, `sbatch --array=1 ${script}`);

    // The rerun command as printed (with this build for `cdr`), then everything is there, byte for byte.
    const rerun = cdr(s.rerun.command.split(' ').slice(1));
    assert.equal(rerun.status, 0, rerun.stderr);
    const done = cdr(['plan', '--status', 'P']);
    assert.equal(done.status, 0, done.stdout);
    assert.match(done.stdout, /COMPLETE\n {2}files: 60 COMPLETE, 0 SKIPPED, 0 ERROR of 60/);
    for (const [key, data] of objects) assert.equal(sha(await readFile(join(dir, 'data', 'bkt', key))), sha(data), key);
    const csv = (await readFile(join(dir, 'P', 'manifest.csv'), 'utf8')).trim().split('\n');
    assert.equal(csv.length, 61);
    assert.match(csv[0]!, /^Local Path,Status,Message,URL,/);

    // A rerun of a finished shard fetches nothing and says SKIPPED for every file.
    const again = cdr(['get', '--plan', join('P', 'shard-0000.jsonl'), '--json']);
    assert.equal(again.status, 0, again.stderr);
    const r0 = JSON.parse(await readFile(join(dir, 'P', 'results', 'shard-0.json'), 'utf8'));
    assert.ok(r0.files.length > 0);
    assert.deepEqual(new Set(r0.files.map((f: { status: string }) => f.status)), new Set(['SKIPPED']));
  });

  it('re-checks routes on a worker whose context differs from the plan and says so in the result', async () => {
    // Planned on a platform that provides the account in us-east-1: S3 for every file.
    const made = cdr(['plan', 's3://bkt/set/', '--shards', '2', '-o', 'Q', '--dest', 'qdata', '--json'], {
      CDR_PLATFORM: 'fornax:us-east-1',
    });
    assert.equal(made.status, 0, made.stderr);
    const plan = JSON.parse(made.stdout);
    assert.deepEqual(plan.totals.byLeaf['platform-account']?.files, 60);
    // The worker is a laptop: no platform, so S3 is not free here and the tree says HTTPS.
    const run = cdr(['get', '--plan', join('Q', 'shard-0001.jsonl')]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /shard 1: the plan's context does not hold here \(in a cloud: planned true, here/);
    const r = JSON.parse(await readFile(join(dir, 'Q', 'results', 'shard-1.json'), 'utf8'));
    assert.equal(r.contextCheck.holds, false);
    assert.equal(r.contextCheck.rerouted, r.files.length);
    for (const f of r.files) {
      assert.deepEqual([f.status, f.via, f.leaf, f.rerouted?.planned], ['COMPLETE', 'http', 'user-not-in-cloud', 's3']);
      assert.equal(sha(await readFile(f.path)), sha(objects.get(f.uri.replace('s3://bkt/', ''))!));
    }
    const st = JSON.parse(cdr(['plan', '--status', 'Q', '--json']).stdout);
    assert.match(
      st.contextNotes[0],
      /^shard 1 ran on .*: in a cloud: planned true, here unknown; .*platform: planned fornax, here unknown; \d+ file\(s\) re-routed$/,
    );
  });

  it('says what is wrong with bad input, in one line, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['plan', 's3://bkt/set/', '-o', 'X'], /needs --shards N/],
      [['plan', 's3://bkt/set/', '--shards', '0', '-o', 'X'], /--shards must be a whole number from 1 to 100000: 0/],
      [['plan', 's3://bkt/set/', '--shards', '2'], /needs -o PLAN_DIR/],
      [['plan', 's3://bkt/nothing-here/', '--shards', '2', '-o', 'X'], /Nothing under s3:\/\/bkt\/nothing-here\//],
      [['plan', 's3://bkt/set/', '--shards', '2', '-o', 'P'], /P\/plan\.json already holds a plan/],
      [['plan', '--status', 'nowhere'], /no plan here: .*nowhere\/plan\.json does not exist/],
      [['get', '--plan', 'P/plan.json'], /--plan must name a shard file/],
    ];
    for (const [args, re] of cases) {
      const r = cdr(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, re);
    }
  });
});
