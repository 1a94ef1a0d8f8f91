// I/O: asks the ECS task metadata endpoint (v4/v3) for the task's ARN and zone, hence its region.
import type { Evidence } from './types';
import { failureText, httpRequest } from '../util/httpRequest';
import { parseArn, regionFromAvailabilityZone } from './region';
import { dataMessage, type Message } from '../messages';
import { contextMessage as cm, evidence as evidenceOf } from './contextMessages';

export interface EcsResult {
  readonly region: string | null;
  readonly availabilityZone: string | null;
  readonly accountId: string | null;
  readonly launchType: string | null;
  readonly evidence: Evidence;
}

interface TaskMetadata {
  TaskARN?: unknown;
  AvailabilityZone?: unknown;
  LaunchType?: unknown;
}

export async function probeEcs(opts: { metadataUri: string; timeoutMs: number }): Promise<EcsResult> {
  const signal = 'ecs:task';
  const fail = (said: Message): EcsResult => ({
    region: null,
    availabilityZone: null,
    accountId: null,
    launchType: null,
    evidence: evidenceOf(signal, said, 'none'),
  });
  let body: string;
  try {
    const res = await httpRequest({ url: `${opts.metadataUri.replace(/\/+$/, '')}/task`, timeoutMs: opts.timeoutMs });
    if (res.status !== 200) return fail(cm('context.http-status', res.status));
    body = res.body;
  } catch (e) {
    return fail(dataMessage(failureText(e)));
  }
  let task: TaskMetadata;
  try {
    task = JSON.parse(body) as TaskMetadata;
  } catch {
    return fail(cm('context.ecs.not-json'));
  }
  const arn = parseArn(typeof task.TaskARN === 'string' ? task.TaskARN : null);
  const az = typeof task.AvailabilityZone === 'string' ? task.AvailabilityZone : null;
  // The ARN names the region outright; the zone is the fallback (older agents omit it, v3 lacks it).
  const region = arn?.region ?? regionFromAvailabilityZone(az);
  const launchType = typeof task.LaunchType === 'string' ? task.LaunchType : null;
  const said = !region
    ? cm('context.ecs.no-region')
    : az && launchType
      ? cm('context.ecs.task-zone-launch', region, az, launchType)
      : az
        ? cm('context.ecs.task-zone', region, az)
        : launchType
          ? cm('context.ecs.task-launch', region, launchType)
          : cm('context.ecs.task', region);
  return {
    region,
    availabilityZone: az,
    accountId: arn?.accountId ?? null,
    launchType,
    evidence: evidenceOf(signal, said, region ? 'strong' : 'none'),
  };
}
