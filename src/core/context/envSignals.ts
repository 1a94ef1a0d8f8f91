// Pure: what the environment variables say about where this runs (cheapest signals, read first).
import type { AwsService, Evidence } from './types';
import { isAwsRegion } from './region';
import type { Env } from '../util/env';
import { contextMessage as cm, evidence as evidenceOf } from './contextMessages';

export interface EnvSignals {
  /** The AWS service the runtime itself announces (Lambda, ECS, CloudShell), or null. */
  readonly service: AwsService | null;
  /** The runtime's own AWS_REGION, trusted only where the service sets it (Lambda, CloudShell). */
  readonly serviceRegion: string | null;
  /** ECS task metadata endpoint (v4, else v3) to ask for the task's region. */
  readonly ecsMetadataUri: string | null;
  /** AWS_REGION / AWS_DEFAULT_REGION: hints only, since a laptop can set them too. */
  readonly regionHint: string | null;
  /** True when some variable hints at a hosted environment without deciding anything. */
  readonly hasHints: boolean;
  readonly evidence: readonly Evidence[];
}

function nonEmpty(v: string | undefined): string | null {
  const t = v?.trim();
  return t ? t : null;
}

/** AWS_EXECUTION_ENV values set by AWS runtimes: `AWS_Lambda_nodejs20.x`, `AWS_ECS_FARGATE`, `AWS_ECS_EC2`, `CloudShell`. */
export function serviceFromExecutionEnv(value: string): AwsService | null {
  if (/^AWS_Lambda_/i.test(value)) return 'lambda';
  if (/^AWS_ECS_/i.test(value)) return 'ecs';
  if (/^CloudShell$/i.test(value)) return 'cloudshell';
  return null;
}

export function readEnvSignals(env: Env): EnvSignals {
  const evidence: Evidence[] = [];
  let service: AwsService | null = null;
  let hasHints = false;

  const execEnv = nonEmpty(env.AWS_EXECUTION_ENV);
  if (execEnv) {
    const s = serviceFromExecutionEnv(execEnv);
    if (s) service = s;
    evidence.push(
      evidenceOf(
        'env:AWS_EXECUTION_ENV',
        s ? cm('context.env.runtime', execEnv, s) : cm('context.env.unknown-runtime', execEnv),
        s ? 'strong' : 'hint',
      ),
    );
    if (!s) hasHints = true;
  }

  const lambdaName = nonEmpty(env.AWS_LAMBDA_FUNCTION_NAME);
  if (lambdaName) {
    // Only the Lambda runtime sets this; it outranks a misleading AWS_EXECUTION_ENV.
    service = 'lambda';
    evidence.push(evidenceOf('env:AWS_LAMBDA_FUNCTION_NAME', cm('context.env.lambda', lambdaName), 'strong'));
  }

  const ecsV4 = nonEmpty(env.ECS_CONTAINER_METADATA_URI_V4);
  const ecsV3 = nonEmpty(env.ECS_CONTAINER_METADATA_URI);
  const ecsMetadataUri = service === 'lambda' ? null : (ecsV4 ?? ecsV3);
  if (ecsMetadataUri) {
    service = service ?? 'ecs';
    evidence.push(
      evidenceOf(
        ecsV4 ? 'env:ECS_CONTAINER_METADATA_URI_V4' : 'env:ECS_CONTAINER_METADATA_URI',
        cm('context.env.ecs'),
        'strong',
      ),
    );
  }

  if (!service && nonEmpty(env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)) {
    hasHints = true;
    evidence.push(
      evidenceOf('env:AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', cm('context.env.container-credentials'), 'hint'),
    );
  }

  const awsRegion = nonEmpty(env.AWS_REGION);
  const defaultRegion = nonEmpty(env.AWS_DEFAULT_REGION);
  const hintName = awsRegion ? 'AWS_REGION' : defaultRegion ? 'AWS_DEFAULT_REGION' : null;
  const hintValue = awsRegion ?? defaultRegion;
  const regionHint = isAwsRegion(hintValue) ? hintValue : null;
  // Lambda and CloudShell set AWS_REGION themselves, so there it is the region, not a hint.
  const serviceRegion = (service === 'lambda' || service === 'cloudshell') && regionHint ? regionHint : null;
  if (hintName) {
    const value = hintValue ?? '';
    evidence.push(
      evidenceOf(
        `env:${hintName}`,
        serviceRegion
          ? cm('context.env.region-runtime', value, service ?? '')
          : regionHint
            ? cm('context.env.region-hint', value)
            : cm('context.env.region-invalid', value),
        serviceRegion ? 'strong' : 'hint',
      ),
    );
  }

  const hub = nonEmpty(env.JUPYTERHUB_API_URL) ?? nonEmpty(env.JUPYTERHUB_USER);
  if (hub) {
    hasHints = true;
    evidence.push(evidenceOf('env:JUPYTERHUB_*', cm('context.env.jupyterhub'), 'hint'));
  }

  if (!execEnv && !lambdaName && !ecsMetadataUri && !hintName && !hub) {
    evidence.push(evidenceOf('env', cm('context.env.none'), 'none'));
  }

  return { service, serviceRegion, ecsMetadataUri, regionHint, hasHints, evidence };
}
