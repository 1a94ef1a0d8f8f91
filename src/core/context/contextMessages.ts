// Pure: the English of every cloud-context explanation (what each signal said, the summary line, the hint) under a
// stable id, for the extension's generated l10n table; `evidence()` keeps `said` as the rendered English.
import { render, messagesOf, type Message } from '../messages';
import type { Evidence } from './types';

export const CONTEXT_MESSAGES = {
  'context.where.not-in-cloud': 'Not in a cloud',
  'context.where.unknown': 'Unknown whether this runs in a cloud',
  'context.where.other-provider': 'In a cloud (provider not one this tool routes for)',
  'context.where.region': '{0} in {1}',
  'context.where.region-extra': '{0} in {1} ({2})',
  'context.where.no-region': '{0} in an unknown region',
  'context.where.no-region-extra': '{0} in an unknown region ({1})',
  'context.summary.platform-declared': '{0}; platform {1} ({2}, declared)',
  'context.summary.platform-declared-no-region': '{0}; platform {1} (region unknown, declared)',
  'context.summary.platform-detected': '{0}; platform {1} ({2}, detected)',
  'context.summary.platform-detected-no-region': '{0}; platform {1} (region unknown, detected)',
  'context.hint': 'To say where this runs: {0}.',
  'context.hint.options-imds-disabled':
    'set CDR_PLATFORM=name:region if a platform provides your account; unset AWS_EC2_METADATA_DISABLED and opt in to the instance-metadata probe ({0}); or set AWS_EC2_METADATA_SERVICE_ENDPOINT to a metadata endpoint that answers',
  'context.hint.options-opt-in':
    'set CDR_PLATFORM=name:region if a platform provides your account; opt in to the instance-metadata probe ({0}); or set AWS_EC2_METADATA_SERVICE_ENDPOINT to a metadata endpoint that answers',
  'context.hint.options':
    'set CDR_PLATFORM=name:region if a platform provides your account; or set AWS_EC2_METADATA_SERVICE_ENDPOINT to a metadata endpoint that answers',
  'context.hint.no-region':
    'The instance-metadata service gave no region (it may be blocked, as on many JupyterHubs). {0}',
  'context.hint.region-variable': '{0} ({1} is set, but any machine can set it, so it is only a hint.)',

  'context.dmi.amazon-xen': '{0} (Amazon Xen build)',
  'context.dmi.instance-type': '{0} (instance type)',
  'context.dmi.instance-id': '{0} (instance id)',
  'context.dmi.google': '{0} (Google Cloud)',
  'context.dmi.azure': "{0} (Azure's fixed asset tag)",
  'context.dmi.other-cloud': '{0} ({1})',
  'context.dmi.virtual': '{0} (a virtual machine; could be a private cloud or a desktop VM)',
  'context.dmi.physical': '{0} (not a cloud vendor)',
  'context.dmi.xen-uuid': '{0}… (an EC2 Xen guest)',
  'context.dmi.unreadable': 'not readable: {0}',
  'context.dmi.absent': 'absent (no DMI here: not Linux, or /sys not mounted)',

  'context.env.runtime': '{0} (AWS {1})',
  'context.env.unknown-runtime': '{0} (not a runtime this tool knows)',
  'context.env.lambda': '{0} (AWS Lambda)',
  'context.env.ecs': 'set (an ECS task; its metadata gives the region)',
  'context.env.container-credentials': 'set (container credentials, as on ECS or CodeBuild)',
  'context.env.region-runtime': '{0} (set by the AWS {1} runtime)',
  'context.env.region-hint': '{0} (a hint only: any machine can set it)',
  'context.env.region-invalid': '{0} (not an AWS region name; ignored)',
  'context.env.jupyterhub': 'set (a JupyterHub session; hosted, but not necessarily in a cloud)',
  'context.env.none': 'no AWS runtime, ECS, Lambda, region or JupyterHub variables',

  'context.platform.region': '{0}, region {1}',
  'context.platform.known-region': '{0}, region {1} (known for {0})',
  'context.platform.no-region': '{0}, region not given',
  'context.platform.overridden': '{0} (overridden by CDR_PLATFORM)',
  'context.platform.sciserver': 'HOME=/home/idies and /FTP present (SciServer); region unknown unless declared',
  'context.platform.fornax': 'present (NASA Fornax; runs in AWS {0})',
  'context.platform.measured': '{0} says {1}, but this machine measured {2}; using {2}',

  'context.sagemaker.unreadable': 'present but not readable: {0} (SageMaker)',
  'context.sagemaker.not-json': 'present but not JSON (SageMaker; region unknown)',
  'context.sagemaker.region': 'SageMaker resource in {0}',
  'context.sagemaker.no-region': 'SageMaker resource without a ResourceArn region',

  'context.http-status': 'HTTP {0}',
  'context.ecs.not-json': 'answer is not JSON',
  'context.ecs.task': 'task in {0}',
  'context.ecs.task-zone': 'task in {0} ({1})',
  'context.ecs.task-launch': 'task in {0}, {1}',
  'context.ecs.task-zone-launch': 'task in {0} ({1}), {2}',
  'context.ecs.no-region': 'answered without a TaskARN region or availability zone',

  'context.imds.disabled': 'not asked: AWS_EC2_METADATA_DISABLED=true',
  'context.imds.off': 'not asked: probing turned off',
  'context.imds.not-ec2': 'not asked: nothing says EC2 (opt in to probe anyway)',
  'context.imds.token-silent': '{0} (blocked, or not on EC2)',
  'context.imds.token': 'IMDSv2 token received',
  'context.imds.v1-fallback': 'HTTP {0}: no IMDSv2 token; trying IMDSv1',
  'context.imds.v1-disabled': 'HTTP {0}; IMDSv1 fallback not tried: AWS_EC2_METADATA_V1_DISABLED=true',
  'context.imds.token-refused': 'HTTP {0}: token request refused',
  'context.imds.no-role': 'HTTP 404: no instance profile (IAM role) attached',
  'context.imds.token-rejected': 'HTTP 401: token refused',
  'context.imds.v2-required': 'HTTP 401: IMDSv2 required, and no token was given',
  'context.imds.not-json': 'not JSON',
  'context.imds.profile': 'instance profile {0}',
  'context.imds.no-profile-arn': 'answered without an InstanceProfileArn',
} as const;

export type ContextMessageId = keyof typeof CONTEXT_MESSAGES;

export const contextMessage = messagesOf(CONTEXT_MESSAGES);

/** One piece of evidence: `said` is the message's English, kept for the CLI and for readers of older shapes. */
export function evidence(signal: string, message: Message, weight: Evidence['weight']): Evidence {
  return { signal, said: render(message), weight, message };
}
