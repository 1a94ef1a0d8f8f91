import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CdrError } from '../../../../src/core/errors';
import { detectCloudContext, type DetectCloudContextOptions } from '../../../../src/core/context/index';
import { startImdsServer, type ImdsServerOptions } from '../../../support/imdsServer';
import { startEcsMetadataServer } from '../../../support/ecsMetadataServer';
import { makeTree, TREES, type TreeSpec } from './fixtures';
import { describeContext } from '../../../../src/core/context/describeContext';
import { render } from '../../../../src/core/messages';
import { assertWellFormed } from '../messageChecks';

type Env = Record<string, string | undefined>;

/** Every scenario runs with IMDS disabled unless it brings its own local server. */
async function detect(spec: TreeSpec, env: Env, opts: Partial<DetectCloudContextOptions> = {}) {
  const tree = await makeTree(spec);
  try {
    const ctx = await detectCloudContext({
      env: { AWS_EC2_METADATA_DISABLED: 'true', ...env },
      root: tree.root,
      ...opts,
    });
    // In every scenario, what each signal said has a stable id and renders to exactly the English shown.
    for (const e of ctx.evidence) {
      assert.ok(e.message, `${e.signal}: no message`);
      assertWellFormed(e.message, e.signal);
      assert.equal(render(e.message), e.said, e.signal);
    }
    const d = describeContext(ctx);
    assertWellFormed(d.summaryMessage, 'summary');
    assert.deepEqual([render(d.summaryMessage), d.hintMessage && render(d.hintMessage)], [d.summary, d.hint]);
    if (d.hintMessage) assertWellFormed(d.hintMessage, 'hint');
    return ctx;
  } finally {
    await tree.cleanup();
  }
}

async function withImds<T>(
  opts: ImdsServerOptions,
  fn: (s: Awaited<ReturnType<typeof startImdsServer>>) => Promise<T>,
): Promise<T> {
  const s = await startImdsServer(opts);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

const signals = (ctx: { evidence: readonly { signal: string }[] }) => ctx.evidence.map((e) => e.signal);

describe('detectCloudContext: machines without network', () => {
  it('laptop: off cloud, said by its DMI vendor (how fast: `npm run bench:context`)', async () => {
    const ctx = await detect(TREES.laptop, { AWS_REGION: 'us-west-2' });
    assert.equal(ctx.inCloud, false);
    assert.equal(ctx.provider, null);
    assert.equal(ctx.region, null, 'AWS_REGION on a laptop is a hint, never the region');
    assert.ok(ctx.evidence.some((e) => e.signal === 'env:AWS_REGION' && e.weight === 'hint'));
  });

  it('no DMI and no signals: unknown, never silently off cloud', async () => {
    const ctx = await detect(TREES.empty, {});
    assert.equal(ctx.inCloud, null);
    assert.deepEqual(signals(ctx), ['env', 'file:/sys/class/dmi/id/sys_vendor', 'imds']);
  });

  it('GCP and Azure are "in a cloud, not AWS" without any network', async () => {
    const gcp = await detect(TREES.gcp, {});
    assert.deepEqual([gcp.inCloud, gcp.provider, gcp.service, gcp.region], [true, 'gcp', null, null]);
    const azure = await detect(TREES.azure, {});
    assert.deepEqual([azure.inCloud, azure.provider], [true, 'azure']);
  });

  it('Oracle Cloud: in a cloud, provider not named', async () => {
    const ctx = await detect(TREES.oracle, {});
    assert.deepEqual([ctx.inCloud, ctx.provider], [true, null]);
  });

  it('SageMaker: region and account from resource-metadata.json, with IMDS off', async () => {
    const ctx = await detect(TREES.sagemaker, {});
    assert.deepEqual(
      [ctx.inCloud, ctx.provider, ctx.service, ctx.region, ctx.accountId],
      [true, 'aws', 'sagemaker', 'eu-west-1', '123456789012'],
    );
    assert.equal(ctx.instanceType, 't3.medium');
  });

  it('SciServer: detected platform, region unknown until declared', async () => {
    const ctx = await detect(TREES.sciserver, { HOME: '/home/idies' });
    assert.deepEqual(ctx.platform, { name: 'sciserver', region: null, how: 'detected' });
    assert.equal(ctx.region, null);
    const declared = await detect(TREES.sciserver, { HOME: '/home/idies', CDR_PLATFORM: 'sciserver:us-east-1' });
    assert.deepEqual(declared.platform, { name: 'sciserver', region: 'us-east-1', how: 'declared' });
    assert.deepEqual([declared.inCloud, declared.region], [true, 'us-east-1']);
  });

  it('Fornax: detected platform; its region is the user region even with IMDS blocked', async () => {
    const ctx = await detect(TREES.fornax, {});
    assert.deepEqual(ctx.platform, { name: 'fornax', region: 'us-east-1', how: 'detected' });
    assert.deepEqual([ctx.inCloud, ctx.provider, ctx.service, ctx.region], [true, 'aws', 'ec2', 'us-east-1']);
  });

  it('declaredPlatform option (machine setting) on an unknown machine', async () => {
    const ctx = await detect(TREES.empty, {}, { declaredPlatform: 'hub:eu-west-2' });
    assert.deepEqual([ctx.inCloud, ctx.region, ctx.platform?.how], [true, 'eu-west-2', 'declared']);
  });

  it('a malformed CDR_PLATFORM rejects with BadInput', async () => {
    await assert.rejects(
      detect(TREES.empty, { CDR_PLATFORM: 'hub:nowhere' }),
      (e: unknown) => e instanceof CdrError && e.code === 'BadInput',
    );
  });

  it('Lambda and CloudShell from the environment', async () => {
    const lambda = await detect(TREES.empty, {
      AWS_LAMBDA_FUNCTION_NAME: 'f',
      AWS_EXECUTION_ENV: 'AWS_Lambda_python3.12',
      AWS_REGION: 'eu-south-1',
    });
    assert.deepEqual([lambda.inCloud, lambda.service, lambda.region], [true, 'lambda', 'eu-south-1']);
    const shell = await detect(TREES.empty, { AWS_EXECUTION_ENV: 'CloudShell', AWS_REGION: 'us-east-2' });
    assert.deepEqual([shell.service, shell.region], ['cloudshell', 'us-east-2']);
  });
});

describe('detectCloudContext: with metadata endpoints (local servers)', () => {
  it('EC2 Nitro + IMDSv2: region, zone, instance from IMDS', async () => {
    await withImds(
      { region: 'ap-southeast-2', instanceId: 'i-0fedcba9876543210', instanceType: 'm5.large' },
      async (s) => {
        const ctx = await detect(TREES.ec2Nitro, {
          AWS_EC2_METADATA_DISABLED: undefined,
          AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url,
        });
        assert.deepEqual(
          [ctx.inCloud, ctx.provider, ctx.service, ctx.region, ctx.availabilityZone],
          [true, 'aws', 'ec2', 'ap-southeast-2', 'ap-southeast-2a'],
        );
        assert.equal(ctx.instanceId, 'i-0fedcba9876543210', 'IMDS outranks DMI for the instance id');
        assert.ok(ctx.evidence.some((e) => e.signal === 'imds:placement/region' && e.said === 'ap-southeast-2'));
      },
    );
  });

  it('EC2 by DMI, IMDS silent: in the cloud, region unknown, bounded by the timeout', async () => {
    await withImds({ silent: true }, async (s) => {
      const ctx = await detect(
        TREES.ec2Nitro,
        { AWS_EC2_METADATA_DISABLED: undefined, AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url, AWS_REGION: 'us-west-2' },
        { imdsTimeoutMs: 300 },
      );
      assert.deepEqual([ctx.inCloud, ctx.provider, ctx.service, ctx.region], [true, 'aws', 'ec2', null]);
      assert.equal(ctx.instanceType, 'm5.large');
      assert.ok(ctx.elapsedMs >= 290 && ctx.elapsedMs < 2300, `${ctx.elapsedMs} ms`);
      assert.ok(ctx.evidence.some((e) => e.signal === 'imds:token' && /no answer within 300 ms/.test(e.said)));
    });
  });

  it('EC2 Xen + IMDSv1-only service', async () => {
    await withImds({ mode: 'v1-only', region: 'ca-central-1' }, async (s) => {
      const ctx = await detect(TREES.ec2Xen, {
        AWS_EC2_METADATA_DISABLED: undefined,
        AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url,
      });
      assert.deepEqual([ctx.service, ctx.region], ['ec2', 'ca-central-1']);
    });
  });

  it('AWS_EC2_METADATA_DISABLED=true: the server gets no request, even with EC2 DMI and opt-in', async () => {
    await withImds({}, async (s) => {
      const ctx = await detect(
        TREES.ec2Nitro,
        { AWS_EC2_METADATA_DISABLED: 'TRUE', AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url },
        { probeImds: 'always' },
      );
      assert.equal(s.requests.length, 0);
      assert.deepEqual([ctx.inCloud, ctx.region], [true, null]);
      assert.ok(ctx.evidence.some((e) => e.signal === 'imds' && /AWS_EC2_METADATA_DISABLED/.test(e.said)));
    });
  });

  it('AWS_EC2_METADATA_DISABLED=false does not disable', async () => {
    await withImds({}, async (s) => {
      const ctx = await detect(TREES.empty, {
        AWS_EC2_METADATA_DISABLED: 'false',
        AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url,
      });
      assert.ok(s.requests.length > 0);
      assert.equal(ctx.region, 'us-east-1');
    });
  });

  it("probeImds 'never' leaves a configured endpoint alone", async () => {
    await withImds({}, async (s) => {
      await detect(
        TREES.ec2Nitro,
        { AWS_EC2_METADATA_DISABLED: undefined, AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url },
        { probeImds: 'never' },
      );
      assert.equal(s.requests.length, 0);
    });
  });

  it('ECS: region from the task metadata, not from the AWS_REGION hint; IMDS not asked', async () => {
    const ecs = await startEcsMetadataServer({
      taskArn: 'arn:aws:ecs:us-west-1:111122223333:task/c/t',
      availabilityZone: 'us-west-1b',
    });
    try {
      const ctx = await detect(TREES.ec2Nitro, {
        AWS_EC2_METADATA_DISABLED: undefined,
        AWS_EXECUTION_ENV: 'AWS_ECS_EC2',
        ECS_CONTAINER_METADATA_URI_V4: ecs.url,
        AWS_REGION: 'eu-west-1',
      });
      assert.deepEqual(
        [ctx.inCloud, ctx.service, ctx.region, ctx.availabilityZone, ctx.accountId],
        [true, 'ecs', 'us-west-1', 'us-west-1b', '111122223333'],
      );
      assert.ok(!signals(ctx).some((s) => s.startsWith('imds')));
    } finally {
      await ecs.close();
    }
  });

  it('ECS metadata silent: still ECS, region unknown, bounded', async () => {
    const ecs = await startEcsMetadataServer({ silent: true });
    try {
      const ctx = await detect(TREES.empty, { ECS_CONTAINER_METADATA_URI_V4: ecs.url }, { imdsTimeoutMs: 200 });
      assert.deepEqual([ctx.inCloud, ctx.service, ctx.region], [true, 'ecs', null]);
      assert.ok(ctx.elapsedMs < 2200, `${ctx.elapsedMs} ms`);
    } finally {
      await ecs.close();
    }
  });

  it('a declared platform region that disagrees with IMDS: measured wins, the conflict is said', async () => {
    await withImds({ region: 'us-west-2' }, async (s) => {
      const ctx = await detect(TREES.ec2Nitro, {
        AWS_EC2_METADATA_DISABLED: undefined,
        AWS_EC2_METADATA_SERVICE_ENDPOINT: s.url,
        CDR_PLATFORM: 'hub:us-east-1',
      });
      assert.equal(ctx.region, 'us-west-2');
      assert.equal(ctx.platform?.region, 'us-east-1');
      assert.ok(ctx.evidence.some((e) => e.signal === 'platform' && /using us-west-2/.test(e.said)));
    });
  });
});
