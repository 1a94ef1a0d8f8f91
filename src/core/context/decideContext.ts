// Pure: combines every signal into one cloud context; unknown stays null, and the evidence says why.
import type { AwsService, CloudContext, CloudProvider, Evidence } from './types';
import type { EnvSignals } from './envSignals';
import type { MachineVerdict } from './classifyMachine';
import type { SageMakerSignal } from './sagemaker';
import type { PlatformResolution } from './platform';
import type { EcsResult } from './probeEcs';
import type { ImdsResult } from './probeImds';
import { contextMessage as cm, evidence as evidenceOf } from './contextMessages';

export interface ContextSignals {
  readonly env: EnvSignals;
  readonly machine: MachineVerdict;
  readonly sagemaker: SageMakerSignal | null;
  readonly platform: PlatformResolution;
  readonly ecs: EcsResult | null;
  readonly imds: ImdsResult | null;
  /** Why IMDS was not asked, when that is worth saying. */
  readonly imdsSkipped: Evidence | null;
}

function first<T>(...xs: (T | null | undefined)[]): T | null {
  for (const x of xs) if (x !== null && x !== undefined) return x;
  return null;
}

export function decideContext(s: ContextSignals): CloudContext {
  const imdsSaid = s.imds !== null && s.imds.version !== null;
  const service: AwsService | null = first<AwsService>(
    s.env.service,
    s.sagemaker ? 'sagemaker' : null,
    s.machine.kind === 'aws-ec2' || imdsSaid ? 'ec2' : null,
  );
  const machineProvider: CloudProvider | null =
    s.machine.kind === 'gcp' ? 'gcp' : s.machine.kind === 'azure' ? 'azure' : null;
  const provider: CloudProvider | null = service ? 'aws' : first(machineProvider, s.platform.provider);

  // Measured regions first: the platform's region is the user's region only when nothing here measured one.
  const measured = first(s.ecs?.region, s.env.serviceRegion, s.sagemaker?.region, s.imds?.region);
  const platform = s.platform.platform;
  const region = first(measured, platform?.region);

  const evidence: Evidence[] = [...s.env.evidence, ...s.platform.evidence, ...s.machine.evidence];
  if (s.sagemaker) evidence.push(s.sagemaker.evidence);
  if (s.ecs) evidence.push(s.ecs.evidence);
  if (s.imdsSkipped) evidence.push(s.imdsSkipped);
  if (s.imds) evidence.push(...s.imds.evidence);
  if (measured && platform?.region && measured !== platform.region) {
    evidence.push(
      evidenceOf('platform', cm('context.platform.measured', platform.name, platform.region, measured), 'none'),
    );
  }

  const cloudSaid =
    provider !== null || s.machine.kind === 'other-cloud' || (platform !== null && platform.region !== null);
  // Hardware from a non-cloud vendor is the one positive "not in a cloud"; a bare hint never outweighs it, nor does silence.
  const inCloud = cloudSaid ? true : s.machine.kind === 'physical' ? false : null;

  return {
    inCloud,
    provider,
    service,
    region,
    instanceType: first(s.imds?.instanceType, s.machine.instanceType),
    instanceId: first(s.imds?.instanceId, s.machine.instanceId),
    platform,
    evidence,
    availabilityZone: first(s.ecs?.availabilityZone, s.imds?.availabilityZone),
    accountId: first(s.ecs?.accountId, s.sagemaker?.accountId, s.imds?.accountId),
  };
}
