// Pure: what the environment variables say about where this runs (cheapest signals, read first).
import type { AwsService, Evidence } from './types';
import { isAwsRegion } from './region';
import type { Env } from '../util/env';

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
    evidence.push({
      signal: 'env:AWS_EXECUTION_ENV',
      said: s ? `${execEnv} (AWS ${s})` : `${execEnv} (not a runtime this tool knows)`,
      weight: s ? 'strong' : 'hint',
    });
    if (!s) hasHints = true;
  }

  const lambdaName = nonEmpty(env.AWS_LAMBDA_FUNCTION_NAME);
  if (lambdaName) {
    // Only the Lambda runtime sets this; it outranks a misleading AWS_EXECUTION_ENV.
    service = 'lambda';
    evidence.push({ signal: 'env:AWS_LAMBDA_FUNCTION_NAME', said: `${lambdaName} (AWS Lambda)`, weight: 'strong' });
  }

  const ecsV4 = nonEmpty(env.ECS_CONTAINER_METADATA_URI_V4);
  const ecsV3 = nonEmpty(env.ECS_CONTAINER_METADATA_URI);
  const ecsMetadataUri = service === 'lambda' ? null : (ecsV4 ?? ecsV3);
  if (ecsMetadataUri) {
    service = service ?? 'ecs';
    evidence.push({
      signal: ecsV4 ? 'env:ECS_CONTAINER_METADATA_URI_V4' : 'env:ECS_CONTAINER_METADATA_URI',
      said: 'set (an ECS task; its metadata gives the region)',
      weight: 'strong',
    });
  }

  if (!service && nonEmpty(env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)) {
    hasHints = true;
    evidence.push({
      signal: 'env:AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
      said: 'set (container credentials, as on ECS or CodeBuild)',
      weight: 'hint',
    });
  }

  const awsRegion = nonEmpty(env.AWS_REGION);
  const defaultRegion = nonEmpty(env.AWS_DEFAULT_REGION);
  const hintName = awsRegion ? 'AWS_REGION' : defaultRegion ? 'AWS_DEFAULT_REGION' : null;
  const hintValue = awsRegion ?? defaultRegion;
  const regionHint = isAwsRegion(hintValue) ? hintValue : null;
  // Lambda and CloudShell set AWS_REGION themselves, so there it is the region, not a hint.
  const serviceRegion = (service === 'lambda' || service === 'cloudshell') && regionHint ? regionHint : null;
  if (hintName) {
    evidence.push({
      signal: `env:${hintName}`,
      said: serviceRegion
        ? `${hintValue} (set by the AWS ${service} runtime)`
        : regionHint
          ? `${hintValue} (a hint only: any machine can set it)`
          : `${hintValue} (not an AWS region name; ignored)`,
      weight: serviceRegion ? 'strong' : 'hint',
    });
  }

  const hub = nonEmpty(env.JUPYTERHUB_API_URL) ?? nonEmpty(env.JUPYTERHUB_USER);
  if (hub) {
    hasHints = true;
    evidence.push({
      signal: 'env:JUPYTERHUB_*',
      said: 'set (a JupyterHub session; hosted, but not necessarily in a cloud)',
      weight: 'hint',
    });
  }

  if (!execEnv && !lambdaName && !ecsMetadataUri && !hintName && !hub) {
    evidence.push({
      signal: 'env',
      said: 'no AWS runtime, ECS, Lambda, region or JupyterHub variables',
      weight: 'none',
    });
  }

  return { service, serviceRegion, ecsMetadataUri, regionHint, hasHints, evidence };
}
