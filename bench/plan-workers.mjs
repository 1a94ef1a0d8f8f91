// I/O: wall time of a 500-file plan run by python/cdr_dask.py on a LocalCluster with 1, 2 and 4 worker processes,
// against a local S3 (s3rver). Not a test: prints seconds per run and the median per worker count, and checks every
// file (sha256). Usage: node --import tsx bench/plan-workers.mjs [--rounds N] [--files N] [--shards N] [--workers 1,2,4]
// Needs dist/cli.js (node esbuild.config.mjs) and Debian's python3-distributed. Stays on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, def) => (args.includes(name) ? args[args.indexOf(name) + 1] : def);
const ROUNDS = Number(opt('--rounds', '3'));
const FILES = Number(opt('--files', '500'));
const SHARDS = Number(opt('--shards', '8'));
const WORKERS = opt('--workers', '1,2,4').split(',').map(Number);
const repo = resolve(import.meta.dirname, '..');
const cli = join(repo, 'dist/cli.js');
const PY = '/usr/bin/python3';

const { startS3rverProcess } = await import('../test/support/s3rverHarness.ts');

function run(cmd, argv, opts) {
  return new Promise((done) => {
    const p = spawn(cmd, argv, opts);
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('exit', (code) => done({ code, out }));
  });
}

const dir = await mkdtemp(join(tmpdir(), 'cdr-bench-plan-'));
const s3 = await startS3rverProcess(['bkt']);
try {
  const objects = new Map();
  let total = 0;
  for (let i = 0; i < FILES; i++) {
    const data = randomBytes(1 + Math.floor(Math.random() * 60 * 1024));
    total += data.length;
    objects.set(`survey/d${i % 10}/f${i}.fits`, data);
  }
  for (const [k, v] of objects) await s3.lay('bkt', k, v);
  const env = {
    PATH: process.env.PATH ?? '',
    NODE_OPTIONS: `--require ${join(repo, 'test/support/network-guard.cjs')}`,
    HOME: dir,
    CDR_STATE_DIR: join(dir, 'state'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_S3: s3.endpoint,
  };
  const plan = spawnSync(
    process.execPath,
    [cli, 'plan', 's3://bkt/survey/', '--via', 's3', '--shards', String(SHARDS), '-o', 'P', '--dest', 'data'],
    { env, cwd: dir, encoding: 'utf8' },
  );
  if (plan.status !== 0) throw new Error(plan.stderr);
  console.log(`${FILES} files, ${(total / 1e6).toFixed(1)} MB, ${SHARDS} shards; ${ROUNDS} rounds, interleaved`);
  const times = Object.fromEntries(WORKERS.map((w) => [w, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const w of WORKERS) {
      await rm(join(dir, 'data'), { recursive: true, force: true });
      await rm(join(dir, 'P', 'results'), { recursive: true, force: true });
      const load = loadavg()[0].toFixed(1);
      const t0 = performance.now();
      const res = await run(
        PY,
        [
          join(repo, 'python/cdr_dask.py'),
          'P',
          '--workers',
          String(w),
          '--cdr',
          `${process.execPath} ${cli}`,
          '--no-progress',
        ],
        { env, cwd: dir },
      );
      const s = (performance.now() - t0) / 1000;
      if (res.code !== 0) throw new Error(`workers ${w}: exit ${res.code}\n${res.out}`);
      for (const [k, v] of objects) {
        const got = await readFile(join(dir, 'data', 'bkt', k));
        if (createHash('sha256').update(got).digest('hex') !== createHash('sha256').update(v).digest('hex'))
          throw new Error(`workers ${w}: ${k} differs`);
      }
      times[w].push(s);
      console.log(`  round ${r + 1}: ${w} worker(s): ${s.toFixed(1)} s (load average ${load})`);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log('\nworkers  median wall time (cluster start included)');
  for (const w of WORKERS) console.log(`${String(w).padStart(7)}  ${median(times[w]).toFixed(1)} s`);
} finally {
  await s3.stop();
  await rm(dir, { recursive: true, force: true });
}
