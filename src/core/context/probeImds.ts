// I/O: asks EC2 instance metadata (IMDSv2, IMDSv1 fallback) for placement and identity within one deadline.
import type { Evidence } from './types';
import { ImdsClient } from '../util/imdsClient';
import { isAwsRegion, regionFromAvailabilityZone } from './region';
import { dataMessage, type Message } from '../messages';
import { contextMessage as cm, evidence as evidenceOf } from './contextMessages';

export interface ImdsResult {
  /** True when the service answered at least one request with HTTP. */
  readonly answered: boolean;
  readonly version: 'v2' | 'v1' | null;
  readonly region: string | null;
  readonly availabilityZone: string | null;
  readonly instanceId: string | null;
  readonly instanceType: string | null;
  readonly accountId: string | null;
  readonly instanceProfileArn: string | null;
  readonly evidence: readonly Evidence[];
}

export interface ProbeImdsOptions {
  readonly endpoint: string;
  readonly v1Disabled: boolean;
  /** Bound on the whole probe (token and the parallel reads after it), not per request. */
  readonly timeoutMs: number;
  readonly now: () => number;
}

/** The token lives only for this probe; a short TTL limits what a leaked token is worth. */
const TOKEN_TTL_SECONDS = 60;

function empty(evidence: Evidence[], answered: boolean): ImdsResult {
  return {
    answered,
    version: null,
    region: null,
    availabilityZone: null,
    instanceId: null,
    instanceType: null,
    accountId: null,
    instanceProfileArn: null,
    evidence,
  };
}

interface IdentityDocument {
  region?: unknown;
  availabilityZone?: unknown;
  instanceId?: unknown;
  instanceType?: unknown;
  accountId?: unknown;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

export async function probeImds(opts: ProbeImdsOptions): Promise<ImdsResult> {
  const imds = new ImdsClient({
    endpoint: opts.endpoint,
    timeout: { totalMs: opts.timeoutMs, now: opts.now },
    tokenTtlSeconds: TOKEN_TTL_SECONDS,
    v1Disabled: opts.v1Disabled,
  });
  const evidence: Evidence[] = [];

  const put = await imds.fetchToken();
  const tokenSaid = (said: Message, weight: Evidence['weight'] = 'none') =>
    evidence.push(evidenceOf('imds:token', said, weight));
  switch (put.kind) {
    case 'no-answer':
      // No time is left after a silent token request, and a refused one means nothing is listening: stop either way.
      tokenSaid(put.timeout ? cm('context.imds.token-silent', put.failure) : dataMessage(put.failure));
      return empty(evidence, false);
    case 'token':
      tokenSaid(cm('context.imds.token'), 'strong');
      break;
    case 'v1-fallback':
      tokenSaid(cm('context.imds.v1-fallback', put.status));
      break;
    case 'v1-disabled':
      tokenSaid(cm('context.imds.v1-disabled', put.status));
      return empty(evidence, true);
    case 'bad-request':
    case 'refused':
      tokenSaid(cm('context.imds.token-refused', put.status));
      return empty(evidence, true);
  }

  const paths = [
    'meta-data/placement/region',
    'meta-data/placement/availability-zone',
    'dynamic/instance-identity/document',
    'meta-data/iam/info',
  ] as const;
  // In parallel: the budget is for the whole probe, and these do not depend on each other.
  const outcomes = await Promise.all(paths.map((p) => imds.get(p)));
  const value: Record<string, string | null> = {};
  let anyValue = false;
  paths.forEach((p, i) => {
    const o = outcomes[i];
    const signal = `imds:${p.replace(/^meta-data\//, '')}`;
    if (!o.ok) {
      evidence.push(evidenceOf(signal, dataMessage(o.failure), 'none'));
      return;
    }
    if (o.status === 200) {
      value[p] = o.body.trim();
      anyValue = true;
      return;
    }
    const said =
      o.status === 404 && p === 'meta-data/iam/info'
        ? cm('context.imds.no-role')
        : o.status === 401
          ? imds.hasToken
            ? cm('context.imds.token-rejected')
            : cm('context.imds.v2-required')
          : cm('context.http-status', o.status);
    evidence.push(evidenceOf(signal, said, 'none'));
  });

  let doc: IdentityDocument = {};
  const rawDoc = value['dynamic/instance-identity/document'];
  if (rawDoc) {
    try {
      doc = JSON.parse(rawDoc) as IdentityDocument;
    } catch {
      evidence.push(evidenceOf('imds:dynamic/instance-identity/document', cm('context.imds.not-json'), 'none'));
    }
  }
  const placementRegion = str(value['meta-data/placement/region']);
  const az = str(value['meta-data/placement/availability-zone']) ?? str(doc.availabilityZone);
  const region = [placementRegion, str(doc.region), regionFromAvailabilityZone(az)].find(isAwsRegion) ?? null;
  if (placementRegion) evidence.push(evidenceOf('imds:placement/region', dataMessage(placementRegion), 'strong'));
  if (str(value['meta-data/placement/availability-zone']))
    evidence.push(evidenceOf('imds:placement/availability-zone', dataMessage(az ?? ''), 'strong'));
  const instanceId = str(doc.instanceId);
  const instanceType = str(doc.instanceType);
  const accountId = str(doc.accountId);
  if (rawDoc && (instanceId || instanceType)) {
    const parts = [instanceId, instanceType, str(doc.region)].filter((x) => x);
    evidence.push(evidenceOf('imds:dynamic/instance-identity/document', dataMessage(parts.join(', ')), 'strong'));
  }
  let instanceProfileArn: string | null = null;
  const iam = value['meta-data/iam/info'];
  if (iam) {
    try {
      instanceProfileArn = str((JSON.parse(iam) as { InstanceProfileArn?: unknown }).InstanceProfileArn);
    } catch {
      instanceProfileArn = null;
    }
    evidence.push(
      evidenceOf(
        'imds:iam/info',
        instanceProfileArn ? cm('context.imds.profile', instanceProfileArn) : cm('context.imds.no-profile-arn'),
        'strong',
      ),
    );
  }
  return {
    // The token request already got an HTTP answer to reach this point.
    answered: true,
    version: anyValue ? (imds.hasToken ? 'v2' : 'v1') : null,
    region,
    availabilityZone: az,
    instanceId,
    instanceType,
    accountId,
    instanceProfileArn,
    evidence,
  };
}
