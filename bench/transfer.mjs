// I/O: throughput benchmark for `cdr get` against the AWS CLI, rclone and curl, all reading the same local,
// read-only "S3" (Debian nginx, path-style, anonymous). Not a test: prints MB/s, ratios and peak RSS, and checks
// every downloaded byte (sha256). Usage: node bench/transfer.mjs [--rounds N] [--big-mib N] [--only big,set,small] [--tools a,b] [--cdr-args '…'] [--dir D] [--keep]
// Needs `npm run build` first (it times dist/cli.js, as users run it). Uses ~4.5 GiB in $TMPDIR/cdr-bench (--dir).
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const ROUNDS = Number(opt('--rounds', '3'));
const BIG_MIB = Number(opt('--big-mib', '1024'));
const SET_COUNT = Number(opt('--set-count', '64'));
const SET_MIB = Number(opt('--set-mib', '16'));
const ONLY = opt('--only', 'big,set,small').split(',');
const TOOLS = opt('--tools', '');
const CDR_EXTRA = (opt('--cdr-args', '') || '').split(' ').filter(Boolean);
// Another build of the CLI to time next to dist/cli.js in the same rounds (e.g. one built from an older commit).
const ALT_CLI = opt('--cdr-alt', '');
const repo = resolve(import.meta.dirname, '..');
const cli = join(repo, 'dist/cli.js');
const work = opt('--dir', join(tmpdir(), 'cdr-bench'));

if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');

// dist/ already keeps the AWS SDK in files of its own (esbuild.config.mjs), so the former `cdr-split` build that
// showed why is gone: `cdr` is that build.
mkdirSync(work, { recursive: true });
const need = (BIG_MIB + SET_COUNT * SET_MIB) * 2 * 1024 * 1024 * 1.1;
const { bavail, bsize } = statfsSync(work);
if (bavail * bsize < need) throw new Error(`need ${(need / 2 ** 30).toFixed(1)} GiB free in ${work}`);

const root = join(work, 'root');
const prefix = join(work, 'nginx');
const out = join(work, 'out');
for (const d of [root, prefix, out, join(root, 'bench', 'set')]) mkdirSync(d, { recursive: true });

async function writeRandom(path, bytes) {
  if (existsSync(path) && statSafe(path) === bytes) return;
  const ws = createWriteStream(path);
  for (let left = bytes; left > 0;) {
    const n = Math.min(left, 8 << 20);
    if (!ws.write(randomBytes(n))) await new Promise((r) => ws.once('drain', r));
    left -= n;
  }
  await new Promise((r, j) => ws.end((e) => (e ? j(e) : r())));
}
function statSafe(p) {
  try {
    return readFileSync.length && spawnSync('stat', ['-c', '%s', p], { encoding: 'utf8' }).stdout.trim() * 1;
  } catch {
    return -1;
  }
}
async function sha256(path) {
  const h = createHash('sha256');
  for await (const c of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(c);
  return h.digest('hex');
}
function freePort() {
  return new Promise((r) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => r(port));
    });
  });
}

console.log(`# fixtures in ${work}`);
const bigPath = join(root, 'bench', 'big.bin');
if (ONLY.includes('big')) await writeRandom(bigPath, BIG_MIB << 20);
await writeRandom(join(root, 'bench', 'small.bin'), 1 << 20);
const setKeys = [];
if (ONLY.includes('set')) {
  for (let i = 0; i < SET_COUNT; i++) {
    const k = `set/f${String(i).padStart(2, '0')}.bin`;
    setKeys.push(k);
    await writeRandom(join(root, 'bench', k), SET_MIB << 20);
  }
}
const hashes = new Map();
for (const k of [...(ONLY.includes('big') ? ['big.bin'] : []), 'small.bin', ...setKeys])
  hashes.set(k, await sha256(join(root, 'bench', k)));

const port = await freePort();
const endpoint = `http://127.0.0.1:${port}`;
writeFileSync(
  join(prefix, 'nginx.conf'),
  `daemon off;
user root;
worker_processes 2;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  default_type application/octet-stream;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / { }
  }
}
`,
);
const nginx = spawn('/usr/sbin/nginx', ['-p', prefix, '-c', join(prefix, 'nginx.conf')], { stdio: 'inherit' });
let nginxExited = false;
nginx.on('exit', () => (nginxExited = true));
for (let i = 0; i < 50; i++) {
  if (spawnSync('curl', ['-sfI', `${endpoint}/bench/small.bin`]).status === 0) break;
  await new Promise((r) => setTimeout(r, 100));
}
if (nginxExited) throw new Error('nginx did not start');

const baseEnv = {
  PATH: process.env.PATH,
  HOME: work,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_REGION: 'us-east-1',
  AWS_CONFIG_FILE: join(work, 'no-aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-aws-credentials'),
  AWS_ENDPOINT_URL_S3: endpoint,
  RCLONE_CONFIG: join(work, 'no-rclone.conf'),
};

/** Runs under /usr/bin/time: wall seconds and peak RSS (MiB) of the tool's own process. */
function timed(cmd, argv, env = baseEnv) {
  const tf = join(work, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', tf, cmd, ...argv], {
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const [wall, kb] = readFileSync(tf, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wall, rssMiB: kb / 1024 };
}

const tools = {
  big: {
    cdr: (dst) =>
      timed('node', [
        cli,
        'get',
        's3://bench/big.bin',
        '-o',
        dst,
        '--layout',
        'flat',
        '--max-bytes',
        '100G',
        ...CDR_EXTRA,
      ]),
    ...(ALT_CLI
      ? {
          'cdr-alt': (dst) =>
            timed('node', [
              ALT_CLI,
              'get',
              's3://bench/big.bin',
              '-o',
              dst,
              '--layout',
              'flat',
              '--max-bytes',
              '100G',
              ...CDR_EXTRA,
            ]),
        }
      : {}),
    // Signed with dummy keys (nginx ignores them) and forced over S3 (`--via s3`; outside AWS the route would pick
    // plain HTTP for a public bucket): the SDK GetObject path, for the plain-GET vs SDK comparison.
    'cdr-sdk': (dst) =>
      timed(
        'node',
        [
          cli,
          'get',
          's3://bench/big.bin',
          '-o',
          dst,
          '--layout',
          'flat',
          '--via',
          's3',
          '--max-bytes',
          '100G',
          ...CDR_EXTRA,
        ],
        {
          ...baseEnv,
          AWS_ACCESS_KEY_ID: 'AKIDBENCHEXAMPLE0000',
          AWS_SECRET_ACCESS_KEY: 'bench-secret',
        },
      ),
    'aws-cli': (dst) =>
      timed('/usr/bin/aws', [
        's3',
        'cp',
        's3://bench/big.bin',
        join(dst, 'big.bin'),
        '--no-sign-request',
        '--endpoint-url',
        endpoint,
        '--only-show-errors',
      ]),
    rclone: (dst) =>
      timed('env', [
        '-u',
        'AWS_CA_BUNDLE',
        'rclone',
        'copyto',
        `:s3,provider=Other,env_auth=false,endpoint='${endpoint}':bench/big.bin`,
        join(dst, 'big.bin'),
      ]),
    curl: (dst) => timed('curl', ['-sS', '-o', join(dst, 'big.bin'), `${endpoint}/bench/big.bin`]),
  },
  set: {
    cdr: (dst) =>
      timed('node', [
        cli,
        'get',
        ...setKeys.map((k) => `s3://bench/${k}`),
        '-o',
        dst,
        '--layout',
        'flat',
        '--max-bytes',
        '100G',
        ...CDR_EXTRA,
      ]),
    ...(ALT_CLI
      ? {
          'cdr-alt': (dst) =>
            timed('node', [
              ALT_CLI,
              'get',
              ...setKeys.map((k) => `s3://bench/${k}`),
              '-o',
              dst,
              '--layout',
              'flat',
              '--max-bytes',
              '100G',
              ...CDR_EXTRA,
            ]),
        }
      : {}),
    curl: (dst) =>
      timed('curl', [
        '-sS',
        '--parallel',
        '--parallel-max',
        '8',
        ...setKeys.flatMap((k) => ['-o', join(dst, k.split('/')[1]), `${endpoint}/bench/${k}`]),
      ]),
    // One curl process, the 64 URLs one after another on one keep-alive connection.
    'curl-seq': (dst) =>
      timed('curl', ['-sS', ...setKeys.flatMap((k) => ['-o', join(dst, k.split('/')[1]), `${endpoint}/bench/${k}`])]),
  },
  small: {
    cdr: (dst) => timed('node', [cli, 'get', 's3://bench/small.bin', '-o', dst, '--layout', 'flat']),
    ...(ALT_CLI
      ? { 'cdr-alt': (dst) => timed('node', [ALT_CLI, 'get', 's3://bench/small.bin', '-o', dst, '--layout', 'flat']) }
      : {}),
    curl: (dst) => timed('curl', ['-sS', '-o', join(dst, 'small.bin'), `${endpoint}/bench/small.bin`]),
  },
};
const keysOf = { big: ['big.bin'], set: setKeys, small: ['small.bin'] };
const bytesOf = { big: BIG_MIB << 20, set: SET_COUNT * (SET_MIB << 20), small: 1 << 20 };

const samples = {};
let failures = 0;
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const set of ONLY) {
      // The order rotates every round: on these VMs the first big write after a pause is often much slower (memory the
      // host took back while idle is faulted in again), and a fixed order always handed that slot to the same tool.
      const list = Object.entries(tools[set]).filter(([t]) => !TOOLS || TOOLS.split(',').includes(t));
      const turn = (round - 1) % list.length;
      for (const [tool, run] of [...list.slice(turn), ...list.slice(0, turn)]) {
        const dst = join(out, `${set}-${tool}`);
        rmSync(dst, { recursive: true, force: true });
        mkdirSync(dst, { recursive: true });
        const m = run(dst);
        for (const k of keysOf[set]) {
          const got = await sha256(join(dst, k.split('/').pop()));
          if (got !== hashes.get(k)) {
            failures++;
            console.log(`!! ${tool} ${set} ${k}: sha256 mismatch`);
          }
        }
        rmSync(dst, { recursive: true, force: true });
        (samples[`${set}/${tool}`] ??= []).push(m);
        console.log(
          `round ${round} ${set.padEnd(5)} ${tool.padEnd(8)} ${m.wall.toFixed(2)} s  ${(bytesOf[set] / 1e6 / m.wall).toFixed(0).padStart(5)} MB/s  peak RSS ${m.rssMiB.toFixed(0)} MiB`,
        );
      }
    }
  }
} finally {
  nginx.kill('SIGQUIT');
  await new Promise((r) => (nginxExited ? r() : nginx.once('exit', r)));
  if (!args.includes('--keep')) rmSync(work, { recursive: true, force: true });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log('\n# medians');
const rate = {};
for (const [name, ms] of Object.entries(samples)) {
  const [set] = name.split('/');
  const wall = median(ms.map((m) => m.wall));
  rate[name] = bytesOf[set] / 1e6 / wall;
  console.log(
    `${name.padEnd(14)} ${wall.toFixed(2)} s  ${rate[name].toFixed(0).padStart(5)} MB/s  peak RSS max ${Math.max(...ms.map((m) => m.rssMiB)).toFixed(0)} MiB`,
  );
}
const ratio = (a, b) => (rate[a] && rate[b] ? (rate[a] / rate[b]).toFixed(2) : 'n/a');
console.log('\n# targets');
console.log(`big: cdr / aws-cli = ${ratio('big/cdr', 'big/aws-cli')} (target >= 2.5)`);
console.log(`big: cdr / rclone  = ${ratio('big/cdr', 'big/rclone')} (target >= 1.0)`);
console.log(`set: cdr / curl    = ${ratio('set/cdr', 'set/curl')} (target >= 1.0; curl --parallel-max 8)`);
console.log(`set: cdr / curl-seq = ${ratio('set/cdr', 'set/curl-seq')} (curl one URL after another)`);
if (samples['small/cdr'])
  if (ALT_CLI)
    console.log(
      `cdr-alt (${ALT_CLI}): big / aws-cli = ${ratio('big/cdr-alt', 'big/aws-cli')}, big / rclone = ${ratio('big/cdr-alt', 'big/rclone')}, set / curl = ${ratio('set/cdr-alt', 'set/curl')}, set / curl-seq = ${ratio('set/cdr-alt', 'set/curl-seq')}`,
    );
console.log(`small: cdr wall    = ${median(samples['small/cdr'].map((m) => m.wall)).toFixed(2)} s (target < 0.6)`);
const peak = Math.max(
  ...Object.entries(samples)
    .filter(([n]) => n.endsWith('/cdr'))
    .flatMap(([, ms]) => ms.map((m) => m.rssMiB)),
);
console.log(`cdr peak RSS      = ${peak.toFixed(0)} MiB (target < 128)`);
console.log(`byte checks: ${failures === 0 ? 'all sha256 match' : `${failures} MISMATCHES`}`);
process.exitCode = failures ? 1 : 0;
