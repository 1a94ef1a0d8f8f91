// I/O: listing-and-planning benchmark. A real S3 API server (s3rver, with paged ListObjectsV2) holds 100,000 keys
// under one prefix; we time `cdr ls --recursive`, `cdr get --dry-run --json` (list, size, route, plan every file)
// and `aws s3 ls --recursive` on the same server, and report wall time and peak RSS (GNU time). Not a test.
// Usage: node bench/listing.mjs [--keys N] [--rounds N] [--dir D]   (needs `npm run build`; `npm run bench:listing` does both)
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const KEYS = Number(opt('--keys', '100000'));
const ROUNDS = Number(opt('--rounds', '3'));
const repo = resolve(import.meta.dirname, '..');
const cli = join(repo, 'dist/cli.js');
const work = resolve(opt('--dir', join(repo, '.bench-tmp', 'listing')));
const data = join(work, `s3rver-${KEYS}`);
const AWS = '/usr/bin/aws';

if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');

// 100 folders of 1,000 keys: s3rver walks its directory tree for every page, and prunes folders before the
// continuation token only at folder granularity, so one flat folder of 100,000 files would be quadratic.
const key = (i) =>
  `survey/field${String(Math.floor(i / 1000)).padStart(3, '0')}/exp${String(i).padStart(6, '0')}_cal.fits`;

/** s3rver's filesystem store: `<bucket>/<key>._S3rver_object` and its `.md5`; written directly (PUT is ~100× slower). */
function lay() {
  const marker = join(data, '.complete');
  if (existsSync(marker)) return false;
  for (let i = 0; i < KEYS; i++) {
    const k = key(i);
    const parts = k.split('/');
    const dir = join(data, 'bench', ...parts.slice(0, -1));
    if (i % 1000 === 0) mkdirSync(dir, { recursive: true });
    const body = Buffer.from(`${k}\n`.repeat(1 + (i % 5)));
    const file = join(dir, `${parts[parts.length - 1]}._S3rver_object`);
    writeFileSync(file, body);
    writeFileSync(`${file}.md5`, createHash('md5').update(body).digest('hex'));
  }
  writeFileSync(marker, String(KEYS));
  return true;
}

async function startS3rver() {
  const bin = createRequire(join(repo, 'package.json')).resolve('s3rver/bin/s3rver.js');
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', bin, '-d', data, '-a', '127.0.0.1', '-p', '0', '--silent'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise((res, rej) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on [^:]+:(\d+)/.exec(out);
      if (m) res(Number(m[1]));
    });
    child.once('exit', (c) => rej(new Error(`s3rver exited ${c}`)));
  });
  return { child, endpoint: `http://127.0.0.1:${port}` };
}

/** Wall seconds and peak RSS (MiB) from GNU time; stdout counted, not kept. */
function timed(cmd, argv, env) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...argv], {
    env,
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [secs, kib] = last.split(' ').map(Number);
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(-500)}`);
  return { secs, mib: kib / 1024, lines: r.stdout.split('\n').filter(Boolean).length, stdout: r.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const t0 = Date.now();
const created = lay();
console.log(`${created ? 'laid' : 'reusing'} ${KEYS} objects in ${data} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
const { child, endpoint } = await startS3rver();
const env = {
  PATH: process.env.PATH,
  HOME: work,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_REGION: 'us-east-1',
  AWS_ENDPOINT_URL_S3: endpoint,
  CDR_BUCKETS: JSON.stringify([{ bucket: 'bench', region: 'us-east-1' }]),
  NODE_OPTIONS: `--require ${join(repo, 'test/support/network-guard.cjs')}`,
};
const awsEnv = { PATH: process.env.PATH, HOME: work, AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '' };
const cases = [
  ['cdr ls --recursive', process.execPath, [cli, 'ls', 's3://bench/survey/', '--recursive'], env],
  ['cdr ls --recursive --json', process.execPath, [cli, 'ls', 's3://bench/survey/', '--recursive', '--json'], env],
  ['cdr get --dry-run --json', process.execPath, [cli, 'get', 's3://bench/survey/', '--dry-run', '--json'], env],
];
if (existsSync(AWS))
  cases.push([
    'aws s3 ls --recursive',
    AWS,
    [
      's3',
      'ls',
      '--recursive',
      's3://bench/survey/',
      '--no-sign-request',
      '--endpoint-url',
      endpoint,
      '--region',
      'us-east-1',
    ],
    awsEnv,
  ]);
else console.log(`(${AWS} not found: the AWS CLI comparison is skipped)`);

const results = new Map(cases.map(([name]) => [name, []]));
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [name, cmd, argv, e] of cases) {
      const r = timed(cmd, argv, e);
      const expected = name.startsWith('cdr get') ? KEYS + 2 : name.includes('--json') ? KEYS + 2 : KEYS;
      if (r.lines !== expected) throw new Error(`${name}: ${r.lines} lines, expected ${expected}`);
      if (name.startsWith('cdr get')) {
        const plan = JSON.parse(r.stdout);
        if (plan.files !== KEYS) throw new Error(`${name}: ${plan.files} files planned`);
      }
      results.get(name).push(r);
      console.log(`round ${round}: ${name.padEnd(26)} ${r.secs.toFixed(2)} s  ${r.mib.toFixed(0)} MiB`);
    }
  }
} finally {
  child.kill();
}
console.log(`\n${KEYS} keys under one prefix (s3rver 3.7 on 127.0.0.1, folders of 1,000), medians of ${ROUNDS}:`);
console.log('| command | wall time | peak RSS |\n|---|---|---|');
for (const [name, rs] of results)
  console.log(
    `| \`${name}\` | ${median(rs.map((r) => r.secs)).toFixed(1)} s | ${median(rs.map((r) => r.mib)).toFixed(0)} MiB (max ${Math.max(...rs.map((r) => r.mib)).toFixed(0)}) |`,
  );
const cpus = readFileSync('/proc/cpuinfo', 'utf8').match(/^processor/gm)?.length;
console.log(`(${cpus} CPUs, shared; s3rver itself answers each 1,000-key page by walking its folders)`);
