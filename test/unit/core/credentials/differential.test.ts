// The proof: every scenario is resolved by the real botocore and by the built `cdr credentials --json --python PY`
// (or the core in-process with that botocore's rules), with the same files and environment, and source, profile,
// region and error-vs-no-error must agree. Two references: Debian's python3-botocore 1.29.27 (/usr/bin/python3) and
// the current release in the venv scripts/setup-tools.sh makes (.vscode-test/botocore-<version>/). Runs offline:
// IMDS is disabled or pointed at 127.0.0.1 on both sides.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { atLeast } from '../../../../src/core/credentials/botocoreRules';
import { detectBotocore } from '../../../../src/core/credentials/detectBotocore';
import { resolveCredentialSource } from '../../../../src/core/credentials/index';
import { render } from '../../../../src/core/messages';
import { assertWellFormed } from '../messageChecks';
import { startFakeServers } from '../../../differential/fakeServers';
import {
  generateScenarios,
  HAND_SCENARIOS,
  LOGIN_SESSION_NAME,
  PROCESS_SCRIPTS,
  type Scenario,
} from '../../../differential/scenarios';

const root = join(__dirname, '../../../..');
// CDR_DIFF_CLI runs the suite against another bundle (used to check that a deliberately broken build fails it).
const cli = process.env.CDR_DIFF_CLI ?? join(root, 'dist/cli.js');
const oracle = join(root, 'test/differential/botocore_oracle.py');
const guard = join(root, 'test/support/network-guard.cjs');
const PY = '/usr/bin/python3';

const hasBotocore = spawnSync(PY, ['-c', 'import botocore'], { encoding: 'utf8' }).status === 0;

/** The newest venv scripts/setup-tools.sh installed (`.vscode-test/botocore-X.Y.Z/.installed`), or null. */
function currentReference(): string | null {
  const cache = join(root, '.vscode-test');
  if (!existsSync(cache)) return null;
  const versions = readdirSync(cache)
    .map((n) => /^botocore-(\d+\.\d+\.\d+)$/.exec(n)?.[1])
    .filter((v): v is string => v !== undefined && existsSync(join(cache, `botocore-${v}`, '.installed')))
    .sort((a, b) => (atLeast(a, b) ? -1 : 1));
  return versions.length ? join(cache, `botocore-${versions[0]}`, 'bin', 'python') : null;
}
const CURRENT_PY = currentReference();
const loginKey = createHash('sha256').update(LOGIN_SESSION_NAME, 'utf8').digest('hex');

interface Outcome {
  source: string | null;
  profile: string | null;
  region: string | null;
  error: string | null;
  message?: string | null;
}

function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

async function pool<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

// In CI the reference must be there (scripts/setup-tools.sh installs it); a silent skip would hide the proof.
it(
  'the botocore reference is installed',
  { skip: hasBotocore || process.env.CI !== 'true' ? 'only checked in CI' : false },
  () => {
    assert.fail(`${PY} has no botocore: run scripts/setup-tools.sh (apt-get install python3-botocore)`);
  },
);

function differential(name: string, py0: string, skip: string | false): void {
  describe(`differential: cdr credentials vs ${name}`, { skip }, () => {
    let tmp = '';
    let srv: Awaited<ReturnType<typeof startFakeServers>>;
    let botocore: Awaited<ReturnType<typeof detectBotocore>>['info'];
    before(async () => {
      tmp = mkdtempSync(join(tmpdir(), 'cdr-diff-'));
      srv = await startFakeServers();
      const found = await detectBotocore(py0);
      assert.equal(found.fallback, undefined, `${py0}: ${found.fallback}`);
      botocore = found.info;
    });
    after(async () => {
      await srv?.close();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    });

    it(
      'agrees with botocore on source, profile, region and error for every scenario',
      { timeout: 600_000 },
      async () => {
        assert.ok(existsSync(cli), `${cli} is missing: run node esbuild.config.mjs first`);
        const procs = join(tmp, 'procs');
        mkdirSync(procs);
        for (const [name, body] of Object.entries(PROCESS_SCRIPTS)) writeFileSync(join(procs, name), body);
        // CDR_DIFF_ONLY=<id prefix> narrows a run while debugging; the full set is the proof.
        const scenarios: Scenario[] = [...HAND_SCENARIOS, ...generateScenarios(20261129, 400)].filter((sc) =>
          sc.id.startsWith(process.env.CDR_DIFF_ONLY ?? ''),
        );
        const prepared = scenarios.map((sc, i) => {
          const dir = join(tmp, `s${i}`);
          const fill = (s: string) =>
            s
              .replaceAll('{DIR}', dir)
              .replaceAll('{NODE}', process.execPath)
              .replaceAll('{PROCS}', procs)
              .replaceAll('{SRV2}', srv.base2)
              .replaceAll('{SRV}', srv.base);
          mkdirSync(join(dir, 'home'), { recursive: true });
          for (const [rel, body] of Object.entries(sc.files ?? {})) {
            const p = join(dir, rel.replace('{LOGIN_KEY}', loginKey));
            if (body === null) {
              mkdirSync(p, { recursive: true });
              continue;
            }
            mkdirSync(dirname(p), { recursive: true });
            writeFileSync(p, typeof body === 'string' ? fill(body) : body);
          }
          const env: Record<string, string> = {
            HOME: join(dir, 'home'),
            LANG: 'C.UTF-8',
            AWS_EC2_METADATA_DISABLED: 'true',
          };
          for (const [k, v] of Object.entries(sc.env ?? {})) {
            if (v === null) delete env[k];
            else env[k] = fill(v);
          }
          return { sc, dir, env, systemBotoConfig: join(dir, 'etc/boto.cfg') };
        });
        chmodSync(procs, 0o755);

        const t0 = Date.now();
        const input = prepared
          .map((p) =>
            JSON.stringify({
              id: p.sc.id,
              env: p.env,
              profile: p.sc.profile,
              explicitKeys: p.sc.explicitKeys,
              systemBotoConfig: p.systemBotoConfig,
            }),
          )
          .join('\n');
        const py = await run(py0, [oracle], { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', HOME: tmp }, `${input}\n`);
        assert.equal(py.code, 0, `oracle failed: ${py.stderr.slice(0, 2000)}`);
        const boto = new Map<string, Outcome & { refused?: string }>();
        for (const line of py.stdout.split('\n').filter(Boolean)) {
          const o = JSON.parse(line) as Outcome & { id: string; refused?: string };
          boto.set(o.id, o);
        }
        const tPy = Date.now() - t0;

        // Every hand-written scenario (and every 5th generated one) goes through the built CLI, the contract users run;
        // the other generated ones call the same core in-process, which keeps the suite near 30 s on 2 busy cores.
        const handIds = new Set(HAND_SCENARIOS.map((s) => s.id));
        let viaCli = 0;
        const ours = await pool(prepared, 4, async (p): Promise<Outcome> => {
          const useCli = !p.sc.explicitKeys && (handIds.has(p.sc.id) || Number(p.sc.id.split('-').pop()) % 5 === 0);
          if (!useCli) {
            const r = await resolveCredentialSource({
              env: p.env,
              homedir: p.env.HOME!,
              profile: p.sc.profile,
              explicitKeys: p.sc.explicitKeys,
              systemBotoConfig: p.systemBotoConfig,
              botocore,
            });
            // Every reason on every scenario has a catalog id and renders to the English the CLI prints.
            for (const s of r.chain) {
              assertWellFormed(s.message, `${p.sc.id} ${s.method}`);
              assert.equal(render(s.message), s.reason, p.sc.id);
            }
            return { source: r.source, profile: r.profile, region: r.region, error: r.errorType };
          }
          viaCli++;
          const args = [
            cli,
            'credentials',
            '--json',
            '--python',
            py0,
            ...(p.sc.profile !== undefined ? ['--profile', p.sc.profile] : []),
          ];
          const r = await run(process.execPath, args, {
            ...p.env,
            CDR_SYSTEM_BOTO_CONFIG: p.systemBotoConfig,
            NODE_OPTIONS: `--require ${guard}`,
          });
          assert.ok(r.stdout.trim(), `${p.sc.id}: no JSON from the CLI (exit ${r.code}): ${r.stderr.slice(0, 500)}`);
          const j = JSON.parse(r.stdout) as Outcome & { errorType: string | null };
          assert.equal(r.code, j.error ? (r.code === 2 ? 2 : 1) : 0, `${p.sc.id}: exit code ${r.code}`);
          return { source: j.source, profile: j.profile, region: j.region, error: j.errorType, message: j.error };
        });

        const disagreements: string[] = [];
        let sameErrorClass = 0;
        let errors = 0;
        prepared.forEach((p, i) => {
          const b = boto.get(p.sc.id);
          const o = ours[i]!;
          if (!b || b.refused) {
            disagreements.push(`${p.sc.id}: oracle refused or missing (${b?.refused ?? 'no answer'})`);
            return;
          }
          const diffs: string[] = [];
          if ((b.error === null) !== (o.error === null)) diffs.push(`error ${b.error} vs ${o.error}`);
          if (b.error === null && o.error === null) {
            if (b.source !== o.source) diffs.push(`source ${b.source} vs ${o.source}`);
            if (b.region !== o.region) diffs.push(`region ${JSON.stringify(b.region)} vs ${JSON.stringify(o.region)}`);
          }
          if (b.error === null && b.profile !== o.profile)
            diffs.push(`profile ${JSON.stringify(b.profile)} vs ${JSON.stringify(o.profile)}`);
          if (b.error !== null) {
            errors++;
            if (b.error === o.error) sameErrorClass++;
          }
          if (diffs.length)
            disagreements.push(
              `${p.sc.id}: ${diffs.join('; ')} (botocore: ${b.message ?? ''} | cdr: ${o.message ?? ''})`,
            );
        });
        const bySource = new Map<string, number>();
        for (const b of boto.values())
          bySource.set(b.error ?? b.source ?? 'none', (bySource.get(b.error ?? b.source ?? 'none') ?? 0) + 1);
        const agree = prepared.length - disagreements.length;
        const rate = ((100 * agree) / prepared.length).toFixed(1);
        process.stdout.write(
          `# differential vs botocore ${botocore.version} (${py0}, awscrt: ${botocore.crt}): ${prepared.length} scenarios (${prepared.filter((p) => handIds.has(p.sc.id)).length} hand-written, ${prepared.filter((p) => !handIds.has(p.sc.id)).length} generated), ` +
            `${agree} agree (${rate}%; ${viaCli} via dist/cli.js, ${prepared.length - viaCli} in-process); botocore errors: ${errors}, same exception class: ${sameErrorClass}; botocore ${tPy} ms, total ${Date.now() - t0} ms\n` +
            `# botocore outcomes: ${[...bySource]
              .sort((a, b) => b[1] - a[1])
              .map(([k, n]) => `${k} ${n}`)
              .join(', ')}\n`,
        );
        assert.deepEqual(disagreements, [], `${disagreements.length} disagreements`);
      },
    );
  });
}

differential(
  'Debian botocore 1.29.27',
  PY,
  hasBotocore ? false : `${PY} has no botocore (apt install python3-botocore); differential suite skipped`,
);
// The second reference is skipped, even in CI, where its venv could not be made (no python3-venv or no package
// index); where it exists it must agree like the first.
differential(
  'the current botocore',
  CURRENT_PY ?? '',
  CURRENT_PY
    ? false
    : 'no .vscode-test/botocore-X.Y.Z venv (scripts/setup-tools.sh makes it with pip install boto3); second reference skipped',
);
