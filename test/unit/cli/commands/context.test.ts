import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startImdsServer } from '../../../support/imdsServer';
import { startEcsMetadataServer } from '../../../support/ecsMetadataServer';

// The built bundle, as a user runs it; scripts/test.mjs builds it before the unit layer.
const cli = join(__dirname, '../../../../dist/cli.js');

/** The parent's PATH and NODE_OPTIONS (network guard) only: no inherited AWS_*, ECS_* or CDR_* variable may steer the result. */
function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const keep = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k === 'PATH' || k === 'NODE_OPTIONS' || k === 'HOME'),
  ) as Record<string, string>;
  return { ...keep, ...extra };
}

// Async, not spawnSync: the local servers live in this process and must keep answering while the CLI runs.
function cdr(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number; stdout: string; stderr: string; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { env: cleanEnv(env), encoding: 'utf8', timeout: 15_000 },
      (err, stdout, stderr) => {
        const status = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ status, stdout, stderr, ms: performance.now() - t0 });
      },
    );
  });
}

interface JsonContext {
  inCloud: boolean | null;
  provider: string | null;
  service: string | null;
  region: string | null;
  platform: { name: string; region: string | null; how: string } | null;
  evidence: { signal: string; said: string; weight: string }[];
  elapsedMs: number;
}

describe('cdr context', () => {
  it('--json with a local IMDS through AWS_EC2_METADATA_SERVICE_ENDPOINT: the region from IMDS, plus elapsedMs', async () => {
    const s = await startImdsServer({ region: 'eu-west-3', instanceType: 't3.micro' });
    try {
      const r = await cdr(['context', '--json'], { AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url });
      assert.equal(r.status, 0, r.stderr);
      const ctx = JSON.parse(r.stdout) as JsonContext;
      assert.deepEqual([ctx.inCloud, ctx.provider, ctx.service, ctx.region], [true, 'aws', 'ec2', 'eu-west-3']);
      assert.equal(typeof ctx.elapsedMs, 'number');
      assert.ok(s.requests.some((q) => q.method === 'PUT' && q.path === '/latest/api/token'));
    } finally {
      await s.close();
    }
  });

  it('human output: provider, region, the evidence list', async () => {
    const s = await startImdsServer({ region: 'eu-west-3' });
    try {
      const r = await cdr(['context'], { AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^Cloud context: AWS EC2 in eu-west-3/);
      assert.match(r.stdout, /provider: +aws/);
      assert.match(r.stdout, /Evidence:\n/);
      assert.match(r.stdout, /\[strong\] imds:placement\/region: eu-west-3/);
      assert.doesNotMatch(r.stdout, /Hint:/);
    } finally {
      await s.close();
    }
  });

  it('AWS_EC2_METADATA_DISABLED=true with --probe-imds: no request reaches the endpoint; unknown, with a hint', async () => {
    const s = await startImdsServer({});
    try {
      const r = await cdr(['context', '--probe-imds'], {
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url,
      });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(s.requests.length, 0);
      assert.match(r.stdout, /in cloud: +unknown/);
      assert.match(r.stdout, /Hint: .*CDR_PLATFORM=name:region.*AWS_EC2_METADATA_DISABLED/);
    } finally {
      await s.close();
    }
  });

  it('a silent IMDS with --timeout 300: answers in bounded time and says it timed out', async () => {
    const s = await startImdsServer({ silent: true });
    try {
      const r = await cdr(['context', '--json', '--timeout', '300'], { AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url });
      assert.equal(r.status, 0, r.stderr);
      const ctx = JSON.parse(r.stdout) as JsonContext;
      assert.ok(ctx.elapsedMs >= 290 && ctx.elapsedMs < 2300, `${ctx.elapsedMs} ms`);
      assert.ok(ctx.evidence.some((e) => e.signal === 'imds:token' && /no answer within 300 ms/.test(e.said)));
      assert.equal(ctx.region, null);
    } finally {
      await s.close();
    }
  });

  it('ECS via ECS_CONTAINER_METADATA_URI_V4: region from the TaskARN', async () => {
    const ecs = await startEcsMetadataServer({
      taskArn: 'arn:aws:ecs:ap-northeast-2:111122223333:task/c/t',
      availabilityZone: 'ap-northeast-2a',
    });
    try {
      const r = await cdr(['context', '--json'], {
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_EXECUTION_ENV: 'AWS_ECS_FARGATE',
        ECS_CONTAINER_METADATA_URI_V4: ecs.url,
        AWS_REGION: 'us-east-1',
      });
      assert.equal(r.status, 0, r.stderr);
      const ctx = JSON.parse(r.stdout) as JsonContext;
      assert.deepEqual([ctx.service, ctx.region], ['ecs', 'ap-northeast-2']);
    } finally {
      await ecs.close();
    }
  });

  it('Lambda and CloudShell from AWS_EXECUTION_ENV', async () => {
    const lambda = JSON.parse(
      (
        await cdr(['context', '--json'], {
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
          AWS_LAMBDA_FUNCTION_NAME: 'f',
          AWS_REGION: 'us-east-2',
        })
      ).stdout,
    ) as JsonContext;
    assert.deepEqual([lambda.service, lambda.region], ['lambda', 'us-east-2']);
    const shell = JSON.parse(
      (
        await cdr(['context', '--json'], {
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_EXECUTION_ENV: 'CloudShell',
          AWS_REGION: 'eu-west-1',
        })
      ).stdout,
    ) as JsonContext;
    assert.deepEqual([shell.service, shell.region], ['cloudshell', 'eu-west-1']);
  });

  it('CDR_PLATFORM declares the platform and its region', async () => {
    const r = await cdr(['context', '--json'], { AWS_EC2_METADATA_DISABLED: 'true', CDR_PLATFORM: 'fornax:us-east-1' });
    const ctx = JSON.parse(r.stdout) as JsonContext;
    assert.deepEqual(ctx.platform, { name: 'fornax', region: 'us-east-1', how: 'declared' });
    assert.deepEqual([ctx.inCloud, ctx.region], [true, 'us-east-1']);
  });

  it('bad input exits 2 with a one-line message naming the value', async () => {
    const bad = await cdr(['context'], { AWS_EC2_METADATA_DISABLED: 'true', CDR_PLATFORM: 'hub:moon-1' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /CDR_PLATFORM .*"moon-1"/);
    const badTimeout = await cdr(['context', '--timeout', 'soon'], { AWS_EC2_METADATA_DISABLED: 'true' });
    assert.equal(badTimeout.status, 2);
    assert.match(badTimeout.stderr, /--timeout .*soon/);
  });

  it('--help lists the options', async () => {
    const r = await cdr(['context', '--help'], {});
    assert.equal(r.status, 0);
    assert.match(r.stdout, /--probe-imds/);
    assert.match(r.stdout, /--timeout MS/);
  });
});
