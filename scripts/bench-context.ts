// I/O: benchmark of detectCloudContext (prints figures; not a timed test). Run: npx tsx scripts/bench-context.ts [runs]
// Every scenario either disables IMDS or points it at a local server, and the network guard refuses anything else.
import '../test/support/network-guard.cjs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { detectCloudContext, type DetectedContext } from '../src/core/context/index';
import { startImdsServer } from '../test/support/imdsServer';

const DMI = '/sys/class/dmi/id';
const LAPTOP = { [`${DMI}/sys_vendor`]: 'LENOVO\n', [`${DMI}/product_name`]: '20XW0026US\n' };
const EC2 = {
  [`${DMI}/sys_vendor`]: 'Amazon EC2\n',
  [`${DMI}/product_name`]: 'm5.large\n',
  [`${DMI}/board_asset_tag`]: 'i-0abcdef1234567890\n',
};

async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'cdr-bench-'));
  for (const [p, t] of Object.entries(files)) {
    await mkdir(dirname(join(root, p)), { recursive: true });
    await writeFile(join(root, p), t);
  }
  return root;
}

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, min ${s[0].toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms (n=${s.length})`;
}

async function scenario(name: string, runs: number, detect: () => Promise<DetectedContext>): Promise<void> {
  const times: number[] = [];
  let last: DetectedContext | undefined;
  for (let i = 0; i < runs; i++) {
    last = await detect();
    times.push(last.elapsedMs);
  }
  const c = last!;
  process.stdout.write(
    `${name.padEnd(37)} ${stats(times)}\n${''.padEnd(37)} → inCloud=${String(c.inCloud)} provider=${String(c.provider)} service=${String(c.service)} region=${String(c.region)}\n`,
  );
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 50);
  const laptop = await tree(LAPTOP);
  const ec2 = await tree(EC2);
  const imds = await startImdsServer({ region: 'us-west-2' });
  const silent = await startImdsServer({ silent: true });
  process.stdout.write(`detectCloudContext, Node ${process.version}, ${runs} runs per fast scenario\n`);
  try {
    // First call of the process: module and fs warm-up included.
    const cold = await detectCloudContext({ env: { AWS_EC2_METADATA_DISABLED: 'true' }, root: laptop });
    process.stdout.write(`${'first call (cold), laptop'.padEnd(37)} ${cold.elapsedMs.toFixed(1)} ms\n`);
    await scenario('no signals (laptop DMI)', runs, () =>
      detectCloudContext({ env: { AWS_EC2_METADATA_DISABLED: 'true' }, root: laptop }),
    );
    await scenario('EC2 DMI + IMDSv2 (local server)', runs, () =>
      detectCloudContext({ env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: imds.url }, root: ec2 }),
    );
    await scenario('EC2 DMI + IMDS disabled', runs, () =>
      detectCloudContext({ env: { AWS_EC2_METADATA_DISABLED: 'true' }, root: ec2 }),
    );
    await scenario('EC2 DMI + IMDS silent (1 s timeout)', 3, () =>
      detectCloudContext({ env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: silent.url }, root: ec2 }),
    );
    await scenario("this machine ('/'), IMDS disabled", runs, () =>
      detectCloudContext({ env: { AWS_EC2_METADATA_DISABLED: 'true' }, root: '/' }),
    );
  } finally {
    await Promise.all([
      imds.close(),
      silent.close(),
      rm(laptop, { recursive: true, force: true }),
      rm(ec2, { recursive: true, force: true }),
    ]);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench-context: ${String(e)}\n`);
  process.exitCode = 1;
});
