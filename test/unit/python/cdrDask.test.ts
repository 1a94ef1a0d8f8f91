// python/cdr_dask.py with Debian's python3-distributed: a LocalCluster of 4 worker processes runs a 500-file plan
// against a local S3 (s3rver behind a counting proxy); one worker is killed while its shard runs.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { rng } from '../../support/rng';
import { startS3rverProcess } from '../../support/s3rverHarness';
import { ThrottleProxy } from '../../support/throttleProxy';

const root = join(__dirname, '../../..');
const cli = join(root, 'dist/cli.js');
const runner = join(root, 'python/cdr_dask.py');
// Debian's interpreter, where python3-distributed is installed (a pyenv or venv python3 on PATH may lack it).
const PY = '/usr/bin/python3';
const hasDask = spawnSync(PY, ['-c', 'import distributed'], { stdio: 'ignore' }).status === 0;
const inCi = process.env.CI === 'true';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const KiB = 1024;

function run(
  cmd: string,
  args: string[],
  opts: { env: Record<string, string>; cwd: string },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, opts);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The process running `cdr get --plan <shard>`, and its parent (the Dask worker that started it). */
async function shardProcess(shard: string): Promise<{ pid: number; ppid: number; parent: string } | null> {
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const argv = await readFile(`/proc/${name}/cmdline`, 'utf8').then(
      (t) => t.split('\0'),
      () => [] as string[],
    );
    const i = argv.indexOf('--plan');
    if (i < 0 || argv[i + 1] !== shard || !argv.includes('get')) continue;
    const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const parent = await readFile(`/proc/${ppid}/cmdline`, 'utf8').catch(() => '');
    return { pid: Number(name), ppid, parent: parent.split('\0').join(' ') };
  }
  return null;
}

describe('cdr_dask.py on a LocalCluster', () => {
  it(
    'runs 500 files over 8 shards on 4 worker processes; a killed worker’s shard is retried, resumes, and all arrive once, byte-identical',
    {
      timeout: 180_000,
      skip:
        hasDask || inCi
          ? false
          : `${PY} cannot import distributed (apt-get install python3-distributed, or run scripts/setup-tools.sh); Dask test skipped`,
    },
    async (t) => {
      assert.ok(hasDask, `${PY} cannot import distributed: scripts/setup-tools.sh must install python3-distributed`);
      const dir = await mkdtemp(join(tmpdir(), 'cdr-dask-'));
      t.after(() => rm(dir, { recursive: true, force: true }));
      const s3 = await startS3rverProcess(['bkt']);
      t.after(() => s3.stop());
      const objects = new Map<string, Buffer>();
      const rand = rng(2026);
      for (let i = 0; i < 500; i++) {
        const data = randomBytes(1 + Math.floor(rand() * 60 * KiB));
        objects.set(`survey/d${i % 10}/f${i}.fits`, data);
      }
      const slowKey = 'survey/slow/big.fits';
      objects.set(slowKey, Buffer.alloc(1536 * KiB, 7));
      for (const [k, v] of objects) await s3.lay('bkt', k, v);
      // Everything goes through the proxy; only the big file is slow (256 KiB/s), so its shard can be caught running.
      const proxy = await new ThrottleProxy(s3.endpoint, { match: /\/slow\//, bytesPerSecond: 256 * KiB }).start();
      t.after(() => proxy.stop());

      const env = {
        PATH: process.env.PATH ?? '',
        NODE_OPTIONS: process.env.NODE_OPTIONS ?? '',
        HOME: dir,
        CDR_STATE_DIR: join(dir, 'state'),
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL_S3: proxy.origin,
      };
      // Spawned asynchronously: the proxy lives in this process and must keep answering.
      const plan = await run(
        process.execPath,
        [cli, 'plan', 's3://bkt/survey/', '--via', 's3', '--shards', '8', '-o', 'P', '--dest', 'data'],
        { env, cwd: dir },
      );
      assert.equal(plan.status, 0, plan.stderr);
      const planDir = join(dir, 'P');
      const shardOf = new Map<string, number>();
      for (let k = 0; k < 8; k++)
        for (const l of (await readFile(join(planDir, `shard-000${k}.jsonl`), 'utf8')).trim().split('\n'))
          shardOf.set(JSON.parse(l).key, k);
      assert.equal(shardOf.size, 501);
      const slowShard = shardOf.get(slowKey)!;
      const slowShardPath = join(planDir, `shard-000${slowShard}.jsonl`);

      const t0 = Date.now();
      const py = spawn(
        PY,
        [runner, planDir, '--workers', '4', '--cdr', `${process.execPath} ${cli}`, '--', '--part-size', '128K'],
        { env, cwd: dir },
      );
      let out = '';
      py.stdout.on('data', (d: Buffer) => (out += d.toString()));
      py.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise<number | null>((r) => py.on('exit', r));

      // Find the process running the slow shard as soon as its big file starts (a /proc scan is slow on a loaded
      // machine), then, once 8 of the file's 12 parts are in (so its sidecar records them), kill its Dask worker.
      let found: { pid: number; ppid: number; parent: string } | null = null;
      let killed: { pid: number; ppid: number; parent: string } | null = null;
      const slowPath = `/bkt/${slowKey}`;
      while (!killed && py.exitCode === null) {
        const served = proxy.stats.get(slowPath)?.bytesServed ?? 0;
        if (served > 0 && !found) found = await shardProcess(slowShardPath);
        if (found && served >= 1100 * KiB) {
          process.kill(found.ppid, 'SIGKILL');
          killed = found;
        }
        await sleep(20);
      }
      const code = await exited;
      const seconds = (Date.now() - t0) / 1000;
      t.diagnostic(
        `cdr_dask.py: ${seconds.toFixed(1)} s; killed worker ${killed?.ppid} (${killed?.parent.slice(0, 60)})`,
      );
      assert.ok(killed, `never caught shard ${slowShard} running:\n${out}`);
      assert.match(killed.parent, /python|distributed|dask/, 'the killed parent is a Dask worker process');
      assert.equal(code, 0, out);
      assert.match(out, /COMPLETE\n {2}files: \d+ COMPLETE, \d+ SKIPPED, 0 ERROR of 501/);

      // Every file once, byte-identical, nothing else in the destination (no .part, no sidecar).
      const got: string[] = [];
      const walk = async (d: string, rel: string): Promise<void> => {
        for (const e of await readdir(d, { withFileTypes: true }))
          if (e.isDirectory()) await walk(join(d, e.name), `${rel}${e.name}/`);
          else got.push(`${rel}${e.name}`);
      };
      await walk(join(dir, 'data'), '');
      assert.deepEqual(
        got.filter((f) => f !== '.cdr-downloads.json').sort(),
        [...objects.keys()].map((k) => `bkt/${k}`).sort(),
      );
      for (const [k, v] of objects) assert.equal(sha(await readFile(join(dir, 'data', 'bkt', k))), sha(v), k);

      // Shards that were not killed fetched each object with exactly one GET (no HEAD either: the plan's sizes).
      for (const [k, shard] of shardOf) {
        const s = proxy.stats.get(`/bkt/${k}`);
        if (shard !== slowShard) assert.equal(s?.gets, 1, `${k}: ${s?.gets} GETs`);
      }
      // The killed shard was retried and resumed the big file: its result says so, and the proxy served it about
      // once (at most the 8 parts in flight at the kill again), not twice.
      const result = JSON.parse(await readFile(join(planDir, 'results', `shard-${slowShard}.json`), 'utf8'));
      assert.notEqual(result.pid, killed.pid);
      const big = result.files.find((f: { uri: string }) => f.uri === `s3://bkt/${slowKey}`);
      assert.deepEqual([big.status, big.resumed], ['COMPLETE', true]);
      const served = proxy.stats.get(slowPath)!.bytesServed;
      assert.ok(served <= 1536 * KiB + 8 * 128 * KiB && served < 2 * 1536 * KiB, `served ${served}`);

      const status = spawnSync(process.execPath, [cli, 'plan', '--status', planDir, '--json'], {
        env,
        encoding: 'utf8',
      });
      assert.equal(status.status, 0, status.stdout);
      const st = JSON.parse(status.stdout);
      assert.deepEqual([st.complete, st.files.total, st.files.ERROR, st.shards.complete.length], [true, 501, 0, 8]);
    },
  );
});
