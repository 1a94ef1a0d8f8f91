// I/O: throughput benchmark for `cdr get` against rclone, curl and the AWS CLI, all reading the same local read-only
// "S3" (Debian nginx, path-style, anonymous, with a static ListObjects answer) over HTTPS (the headline: real S3 and
// every archive speak it) and plain HTTP. Not a test: prints MB/s, paired ratios, peak RSS and CPU seconds, and checks
// every downloaded byte (size + sha256 against the source).
//
// Settings (environment):
//   CDR_BENCH_QUICK=1          a < 2 min smoke run: 1 round, HTTPS only, 256 MiB / 16 × 16 MiB / 400 × 256 KiB
//   CDR_BENCH_ROUNDS=N         interleaved rounds (default 5)
//   CDR_BENCH_PROTOS=https,http
//   CDR_BENCH_CASES=big,set,small
//   CDR_BENCH_TOOLS=cdr,cdr-s3,node-floor,rclone,curl,aws-cli   (a subset; cdr-alt is added by CDR_BENCH_ALT)
//   CDR_BENCH_BIG_MIB=1024  CDR_BENCH_SET_COUNT=64  CDR_BENCH_SET_MIB=16  CDR_BENCH_SMALL_COUNT=2000  CDR_BENCH_SMALL_KIB=256
//   CDR_BENCH_ALT=path/to/cli.js  another build timed in the same rounds (e.g. one built from main)
//   CDR_BENCH_CDR_ARGS='--concurrency 4'  extra `cdr get` arguments
//   CDR_BENCH_DIR=.bench-tmp   fixtures (kept between runs) and outputs (removed after each run)
// Needs `node esbuild.config.mjs` first (`npm run bench` does it): it times dist/cli.js, as users run it.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

const E = process.env;
const QUICK = E.CDR_BENCH_QUICK === '1';
const num = (name, full, quick) => Number(E[name] ?? (QUICK ? quick : full));
const list = (name, full, quick) => (E[name] ?? (QUICK ? quick : full)).split(',').filter(Boolean);
const ROUNDS = num('CDR_BENCH_ROUNDS', 5, 1);
const PROTOS = list('CDR_BENCH_PROTOS', 'https,http', 'https');
const CASES = list('CDR_BENCH_CASES', 'big,set,small', 'big,set,small');
const BIG_MIB = num('CDR_BENCH_BIG_MIB', 1024, 256);
const SET_COUNT = num('CDR_BENCH_SET_COUNT', 64, 16);
const SET_MIB = num('CDR_BENCH_SET_MIB', 16, 16);
const SMALL_COUNT = num('CDR_BENCH_SMALL_COUNT', 2000, 400);
const SMALL_KIB = num('CDR_BENCH_SMALL_KIB', 256, 256);
const ONLY_TOOLS = list('CDR_BENCH_TOOLS', '', '');
const ALT_CLI = E.CDR_BENCH_ALT ? resolve(E.CDR_BENCH_ALT) : '';
const CDR_EXTRA = (E.CDR_BENCH_CDR_ARGS ?? '').split(' ').filter(Boolean);
const repo = resolve(import.meta.dirname, '..');
const cli = join(repo, 'dist/cli.js');
const work = resolve(E.CDR_BENCH_DIR ?? join(repo, '.bench-tmp'));
if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `node esbuild.config.mjs` first');

const root = join(work, 'root');
const prefix = join(work, 'nginx');
const out = join(work, 'out');
for (const d of [root, prefix, out, join(root, 'bench', 'set'), join(root, 'bench', 'small'), join(root, '_list')])
  mkdirSync(d, { recursive: true });

// ---- fixtures: random bytes, kept between runs (regenerating 2.5 GiB costs more than a round)
async function writeRandom(path, bytes) {
  if (existsSync(path) && statSync(path).size === bytes) return;
  const ws = createWriteStream(path);
  for (let left = bytes; left > 0;) {
    const n = Math.min(left, 8 << 20);
    if (!ws.write(randomBytes(n))) await new Promise((r) => ws.once('drain', r));
    left -= n;
  }
  await new Promise((r, j) => ws.end((e) => (e ? j(e) : r())));
}
async function sha256(path) {
  const h = createHash('sha256');
  for await (const c of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(c);
  return h.digest('hex');
}
const keysOf = {
  big: ['big.bin'],
  set: Array.from({ length: SET_COUNT }, (_, i) => `set/f${String(i).padStart(3, '0')}.bin`),
  small: Array.from({ length: SMALL_COUNT }, (_, i) => `small/s${String(i).padStart(5, '0')}.bin`),
};
const sizeOf = { big: BIG_MIB << 20, set: SET_MIB << 20, small: SMALL_KIB << 10 };
const bytesOf = Object.fromEntries(CASES.map((c) => [c, keysOf[c].length * sizeOf[c]]));
console.log(`# fixtures in ${work}`);
const hashes = new Map();
for (const c of CASES) {
  for (const k of keysOf[c]) {
    await writeRandom(join(root, 'bench', k), sizeOf[c]);
    hashes.set(k, await sha256(join(root, 'bench', k)));
  }
}
// A static ListObjects answer per folder (v1 and v2 read the same fields), so rclone and the AWS CLI can copy a
// folder; the ETags are nginx's own (hex mtime-size), as a HEAD would give them.
for (const c of ['set', 'small']) {
  if (!CASES.includes(c)) continue;
  const contents = keysOf[c]
    .map((k) => {
      const st = statSync(join(root, 'bench', k));
      const etag = `"${Math.floor(st.mtimeMs / 1000).toString(16)}-${st.size.toString(16)}"`;
      return `<Contents><Key>${k}</Key><LastModified>${st.mtime.toISOString()}</LastModified><ETag>${etag.replaceAll('"', '&quot;')}</ETag><Size>${st.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
    })
    .join('');
  writeFileSync(
    join(root, '_list', `${c}.xml`),
    `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>bench</Name><Prefix>${c}/</Prefix><KeyCount>${keysOf[c].length}</KeyCount><MaxKeys>100000</MaxKeys><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`,
  );
}

// ---- nginx: one server, an HTTPS and an HTTP listener, a throw-away self-signed certificate
function freePort() {
  return new Promise((r) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => r(port));
    });
  });
}
const ca = join(prefix, 'ca.pem');
const key = join(prefix, 'key.pem');
if (!existsSync(ca)) {
  const r = spawnSync('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1'],
    ...['-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', ca],
  ]);
  if (r.status !== 0) throw new Error(`openssl: ${r.stderr}`);
}
const ports = { https: await freePort(), http: await freePort() };
const endpoints = { https: `https://127.0.0.1:${ports.https}`, http: `http://127.0.0.1:${ports.http}` };
const server = `
    root ${root};
    location = /bench { if ($listing) { rewrite ^ $listing last; } return 404; }
    location = /bench/ { if ($listing) { rewrite ^ $listing last; } return 404; }
    location /_list/ { default_type application/xml; }
    location / { }`;
writeFileSync(
  join(prefix, 'nginx.conf'),
  `daemon off;
worker_processes 2;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 4096; }
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
  map $args $listing { default ""; "~(^|&)prefix=set%2F" /_list/set.xml; "~(^|&)prefix=small%2F" /_list/small.xml; }
  server {
    listen 127.0.0.1:${ports.https} ssl;
    ssl_certificate ${ca};
    ssl_certificate_key ${key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ${server}
  }
  server {
    listen 127.0.0.1:${ports.http};
    ${server}
  }
}
`,
);
const nginx = spawn('/usr/sbin/nginx', ['-p', prefix, '-c', join(prefix, 'nginx.conf')], { stdio: 'inherit' });
let nginxExited = false;
nginx.on('exit', () => (nginxExited = true));
for (let i = 0; i < 50; i++) {
  if (spawnSync('curl', ['-sf', '--cacert', ca, '-o', '/dev/null', `${endpoints.https}/_list/set.xml`]).status === 0)
    break;
  await new Promise((r) => setTimeout(r, 100));
}
if (nginxExited) throw new Error('nginx did not start');

// ---- the tools, each given the CA its own way and nothing from this machine's AWS or rclone set-up
function envFor(proto) {
  return {
    PATH: E.PATH,
    HOME: work,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(work, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-aws-credentials'),
    AWS_ENDPOINT_URL_S3: endpoints[proto],
    RCLONE_CONFIG: join(work, 'no-rclone.conf'),
    ...(proto === 'https' ? { NODE_EXTRA_CA_CERTS: ca, RCLONE_CA_CERT: ca } : {}),
  };
}

/** Runs under /usr/bin/time: wall seconds, peak RSS (MiB) and CPU seconds (user + sys) of the tool. */
function timed(cmd, argv, env) {
  const tf = join(work, 'time.txt');
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', tf, cmd, ...argv], {
    env,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0)
    throw new Error(`${cmd} ${argv.slice(0, 12).join(' ')} … failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const [wall, kb, user, sys] = readFileSync(tf, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { wall, rssMiB: kb / 1024, cpu: user + sys };
}

function toolsFor(proto, c) {
  const env = envFor(proto);
  const ep = endpoints[proto];
  const uris = keysOf[c].map((k) => `s3://bench/${k}`);
  const cdrRun = (cliPath, extraEnv, extraArgs) => (dst) =>
    timed(
      'node',
      [cliPath, 'get', ...uris, '-o', dst, '--layout', 'flat', '--max-bytes', '100G', ...extraArgs, ...CDR_EXTRA],
      { ...env, ...extraEnv },
    );
  const curlCfg = (dst) => {
    const f = join(work, `curl-${c}.cfg`);
    writeFileSync(
      f,
      keysOf[c].map((k) => `url = "${ep}/bench/${k}"\noutput = "${join(dst, k.split('/').pop())}"\n`).join(''),
    );
    return f;
  };
  const tls = proto === 'https';
  const rcloneRemote = `:s3,provider=Other,env_auth=false,endpoint='${ep}':bench`;
  const folder = c === 'big' ? null : c;
  return {
    cdr: cdrRun(cli, {}, []),
    ...(ALT_CLI ? { 'cdr-alt': cdrRun(ALT_CLI, {}, []) } : {}),
    // Signed with dummy keys (nginx does not check them), forced over S3: the signed route every user with
    // credentials takes. Outside AWS the router picks plain HTTP(S) for a public bucket, which is `cdr`.
    'cdr-s3': cdrRun(cli, { AWS_ACCESS_KEY_ID: 'AKIDBENCHEXAMPLE0000', AWS_SECRET_ACCESS_KEY: 'bench-secret' }, [
      '--via',
      's3',
    ]),
    // The reference for what Node itself reaches here (bench/node-floor.mjs): same agent, parts and writes as the
    // engine, nothing else. What separates cdr from it is the engine's; what separates it from rclone is Node's.
    'node-floor': (dst) => timed('node', [join(repo, 'bench/node-floor.mjs'), ep, dst, ...keysOf[c]], env),
    rclone: (dst) =>
      timed(
        'env',
        [
          '-u',
          'AWS_CA_BUNDLE',
          'rclone',
          folder ? 'copy' : 'copyto',
          folder ? `${rcloneRemote}/${folder}` : `${rcloneRemote}/big.bin`,
          folder ? dst : join(dst, 'big.bin'),
        ],
        env,
      ),
    // One stream for one object; 8 in parallel for many (what `xargs -P8 curl` or a script would do).
    curl: (dst) =>
      timed(
        'curl',
        [
          '-sS',
          '--fail',
          ...(tls ? ['--cacert', ca] : []),
          ...(folder ? ['--parallel', '--parallel-max', '8'] : []),
          '-K',
          curlCfg(dst),
        ],
        env,
      ),
    'aws-cli': (dst) =>
      timed(
        '/usr/bin/aws',
        [
          's3',
          'cp',
          folder ? `s3://bench/${folder}/` : 's3://bench/big.bin',
          folder ? dst : join(dst, 'big.bin'),
          ...(folder ? ['--recursive'] : []),
          '--no-sign-request',
          '--endpoint-url',
          ep,
          ...(tls ? ['--ca-bundle', ca] : []),
          '--only-show-errors',
        ],
        env,
      ),
  };
}

// ---- rounds: interleaved, the order rotating every round (the first big write after a pause is often slower on
// these VMs: memory the host took back is faulted in again; a fixed order would hand that slot to one tool)
console.log(
  `# ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  `# ${ROUNDS} round(s); protos ${PROTOS}; cases ${CASES.map((c) => `${c}=${keysOf[c].length}×${sizeOf[c]}`)}`,
);
const samples = {}; // `${proto}/${case}/${tool}` → [{wall, rssMiB, cpu, round}]
let failures = 0;
async function verify(dst, c, tool) {
  for (const k of keysOf[c]) {
    const p = join(dst, k.split('/').pop());
    const st = existsSync(p) ? statSync(p) : null;
    if (!st || st.size !== sizeOf[c] || (await sha256(p)) !== hashes.get(k)) {
      failures++;
      console.log(`!! ${tool} ${c} ${k}: ${st ? 'size or sha256 mismatch' : 'missing'}`);
    }
  }
}
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const proto of PROTOS) {
      for (const c of CASES) {
        const tools = Object.entries(toolsFor(proto, c)).filter(([t]) => !ONLY_TOOLS.length || ONLY_TOOLS.includes(t));
        const turn = (round - 1) % tools.length;
        for (const [tool, run] of [...tools.slice(turn), ...tools.slice(0, turn)]) {
          const dst = join(out, `${proto}-${c}-${tool}`);
          rmSync(dst, { recursive: true, force: true });
          mkdirSync(dst, { recursive: true });
          // The previous tool's output is still being written back: flushed first, so no tool pays for another's.
          spawnSync('sync');
          let m;
          try {
            m = run(dst);
          } catch (e) {
            failures++;
            // The first line names the command; the last one is the tool's own error (warnings come before it).
            const lines = e.message.split('\n').filter((l) => l.trim());
            console.log(
              `!! ${proto} ${c} ${tool}: ${lines[0]}${lines.length > 1 ? ` … ${lines[lines.length - 1]}` : ''}`,
            );
            continue;
          }
          await verify(dst, c, tool);
          rmSync(dst, { recursive: true, force: true });
          (samples[`${proto}/${c}/${tool}`] ??= []).push({ ...m, round });
          console.log(
            `round ${round} ${proto.padEnd(5)} ${c.padEnd(5)} ${tool.padEnd(8)} ${m.wall.toFixed(2).padStart(6)} s ${(bytesOf[c] / 1e6 / m.wall).toFixed(0).padStart(5)} MB/s  RSS ${m.rssMiB.toFixed(0).padStart(4)} MiB  CPU ${m.cpu.toFixed(2)} s`,
          );
        }
      }
    }
  }
} finally {
  nginx.kill('SIGQUIT');
  await new Promise((r) => (nginxExited ? r() : nginx.once('exit', r)));
  rmSync(out, { recursive: true, force: true });
}

// ---- report: medians, paired ratios (per round, then the median, with the spread), a Markdown table per protocol
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const label = {
  big: `${BIG_MIB >= 1024 ? `${BIG_MIB / 1024} GiB` : `${BIG_MIB} MiB`}`,
  set: `${SET_COUNT} × ${SET_MIB} MiB`,
  small: `${SMALL_COUNT} × ${SMALL_KIB} KiB`,
};
function paired(proto, c, a, b) {
  const A = samples[`${proto}/${c}/${a}`] ?? [];
  const B = new Map((samples[`${proto}/${c}/${b}`] ?? []).map((m) => [m.round, m]));
  const r = A.filter((m) => B.has(m.round)).map((m) => B.get(m.round).wall / m.wall);
  return r.length ? { med: median(r), min: Math.min(...r), max: Math.max(...r) } : null;
}
const fmtRatio = (p) => (p ? `${p.med.toFixed(2)}× (${p.min.toFixed(2)}–${p.max.toFixed(2)})` : 'n/a');
const verdicts = [];
for (const proto of PROTOS) {
  console.log(
    `\n### ${proto.toUpperCase()} (medians of ${ROUNDS} interleaved round(s); ratio = paired per round vs rclone, median (min–max))\n`,
  );
  console.log('| case | tool | MB/s | vs rclone | peak RSS MiB | CPU s |');
  console.log('|---|---|---:|---:|---:|---:|');
  for (const c of CASES) {
    for (const tool of ['cdr', 'cdr-alt', 'cdr-s3', 'node-floor', 'rclone', 'curl', 'aws-cli']) {
      const ms = samples[`${proto}/${c}/${tool}`];
      if (!ms) continue;
      const mbs = bytesOf[c] / 1e6 / median(ms.map((m) => m.wall));
      const rssMax = Math.max(...ms.map((m) => m.rssMiB));
      console.log(
        `| ${label[c]} | ${tool} | ${mbs.toFixed(0)} | ${tool === 'rclone' ? '1' : fmtRatio(paired(proto, c, tool, 'rclone'))} | ${rssMax.toFixed(0)} | ${median(ms.map((m) => m.cpu)).toFixed(2)} |`,
      );
    }
  }
  for (const c of CASES) {
    const r = paired(proto, c, 'cdr', 'rclone');
    if (r) verdicts.push(`${proto} ${label[c]}: cdr / rclone ${fmtRatio(r)} ${r.med >= 1 ? 'meets' : 'misses'} ≥ 1.0`);
    const f = paired(proto, c, 'cdr', 'node-floor');
    if (f) verdicts.push(`${proto} ${label[c]}: cdr / node-floor ${fmtRatio(f)} (the engine's own cost)`);
    const s = paired(proto, c, 'cdr-s3', 'cdr');
    if (s)
      verdicts.push(
        `${proto} ${label[c]}: signed S3 / anonymous ${fmtRatio(s)} ${s.med >= 0.9 ? 'meets' : 'misses'} ≥ 0.9`,
      );
  }
}
const cdrPeak = Math.max(
  0,
  ...Object.entries(samples)
    .filter(([n]) => /\/cdr(-s3)?$/.test(n))
    .flatMap(([, ms]) => ms.map((m) => m.rssMiB)),
);
console.log('\n# targets');
for (const v of verdicts) console.log(v);
console.log(`cdr peak RSS ${cdrPeak.toFixed(0)} MiB ${cdrPeak <= 96 ? 'meets' : 'misses'} ≤ 96`);
console.log(`byte checks: ${failures === 0 ? 'every file matches its size and sha256' : `${failures} FAILURES`}`);
console.log(
  `# load at the end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
process.exitCode = failures ? 1 : 0;
