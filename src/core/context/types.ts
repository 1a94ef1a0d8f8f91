// Pure: DESIGN's cloud context — where this code runs, with the evidence for each answer.
import type { Message } from '../messages';

export type CloudProvider = 'aws' | 'gcp' | 'azure';
export type AwsService = 'ec2' | 'ecs' | 'lambda' | 'sagemaker' | 'cloudshell';

export interface Evidence {
  /** What was looked at, e.g. `env:AWS_EXECUTION_ENV`, `file:/sys/class/dmi/id/sys_vendor`, `imds:placement/region`. */
  readonly signal: string;
  /** What it said, in plain words, e.g. `Amazon EC2`, `timed out after 1000 ms`, `absent`. */
  readonly said: string;
  /** `strong` decides an answer; `hint` only suggests one (a laptop can set AWS_REGION too); `none` was looked at and said nothing. */
  readonly weight: 'strong' | 'hint' | 'none';
  /** `said` with its id and arguments (render gives `said`); core always sets it, hand-built contexts may not. */
  readonly message?: Message;
}

export interface Platform {
  readonly name: string;
  readonly region: string | null;
  /** `declared` by the operator (CDR_PLATFORM, machine setting) or `detected` from markers. */
  readonly how: 'declared' | 'detected';
}

export interface CloudContext {
  /** `null` is "unknown" (e.g. IMDS blocked) and is never silently treated as off-cloud. */
  readonly inCloud: boolean | null;
  readonly provider: CloudProvider | null;
  readonly service: AwsService | null;
  readonly region: string | null;
  readonly instanceType: string | null;
  readonly instanceId: string | null;
  readonly platform: Platform | null;
  readonly evidence: readonly Evidence[];
  /** Where known (IMDS, ECS task metadata); optional so hand-built contexts in other suites stay valid. */
  readonly availabilityZone?: string | null;
  /** The AWS account of the compute, from the instance identity document or an ARN, where known. */
  readonly accountId?: string | null;
}

/** What `detectCloudContext` returns: the context plus how long finding it took. */
export type DetectedContext = CloudContext & { readonly elapsedMs: number };
