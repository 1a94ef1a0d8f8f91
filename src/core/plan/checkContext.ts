// Pure: does the context a plan was made under still hold on this worker, and if not, which route each file takes here.
import type { CloudContext } from '../context/types';
import { decide } from '../routing/decide';
import type { RoutableLocation } from '../routing/decide';
import { DEFAULT_POLICY, type RouteIdentity } from '../routing/types';
import type { DownloadItem, Via } from '../transfer/types';
import { itemFromLine } from './shardLine';
import type { PlanContext, PlanCredentials, PlanPolicy, ShardLine } from './types';

export function planContextOf(c: CloudContext): PlanContext {
  return {
    inCloud: c.inCloud,
    provider: c.provider,
    service: c.service,
    region: c.region,
    platform: c.platform?.name ?? null,
  };
}

const norm = (s: string | null) => (s ?? '').trim().toLowerCase() || null;
const show = (v: unknown) => (v === null ? 'unknown' : String(v));

/**
 * What routing depends on: in a cloud or not, which provider, region and platform, and whether there are credentials.
 * The service (EC2 vs ECS) and the credential source's kind do not change a route.
 */
export function contextDifferences(
  plan: { readonly context: PlanContext; readonly credentials: PlanCredentials },
  here: { readonly context: PlanContext; readonly hasCredentials: boolean },
): string[] {
  const d: string[] = [];
  const p = plan.context;
  const h = here.context;
  if (p.inCloud !== h.inCloud) d.push(`in a cloud: planned ${show(p.inCloud)}, here ${show(h.inCloud)}`);
  if (norm(p.provider) !== norm(h.provider)) d.push(`cloud: planned ${show(p.provider)}, here ${show(h.provider)}`);
  if (norm(p.region) !== norm(h.region)) d.push(`region: planned ${show(p.region)}, here ${show(h.region)}`);
  if (norm(p.platform) !== norm(h.platform)) d.push(`platform: planned ${show(p.platform)}, here ${show(h.platform)}`);
  const planned = plan.credentials.source !== null;
  if (planned !== here.hasCredentials)
    d.push(
      `credentials: planned ${planned ? plan.credentials.source : 'none (anonymous)'}, here ${here.hasCredentials ? 'some' : 'none (anonymous)'}`,
    );
  return d;
}

/** The facts routing needs, rebuilt from a shard line. */
export function locationOfLine(l: ShardLine): RoutableLocation {
  const s3Uri = l.bucket !== undefined && l.key !== undefined ? `s3://${l.bucket}/${l.key}` : null;
  return {
    input: l.uri,
    bucket: l.bucket ?? null,
    s3Uri,
    httpUrl: l.httpUrl ?? null,
    region: l.region ?? null,
    // A requester-pays flag set only because the plan crossed regions says nothing about the bucket itself.
    requesterPays: l.requesterPays === true && l.leaf !== 'cross-region-requester-pays',
    bytes: l.bytes,
    httpLogin: null,
  };
}

export type LineRoute =
  | {
      readonly kind: 'ok';
      readonly item: DownloadItem;
      readonly leaf: string;
      readonly rerouted?: { readonly planned: Via; readonly plannedLeaf: string; readonly reason: string };
    }
  | { readonly kind: 'refused'; readonly via: Via; readonly leaf: string; readonly error: string };

/** The plan's route when its context holds; otherwise decide() again here, and say why a route changed. */
export function routeLine(
  line: ShardLine,
  here: { context: CloudContext; identity: RouteIdentity; policy: PlanPolicy } | null,
): LineRoute {
  const planned = itemFromLine(line);
  if (!here) return { kind: 'ok', item: planned, leaf: line.leaf };
  const route = decide(here.context, locationOfLine(line), here.identity, { ...DEFAULT_POLICY, ...here.policy });
  if (route.error) return { kind: 'refused', via: route.via, leaf: route.leaf, error: route.error };
  if (route.via === line.via && route.leaf === line.leaf) return { kind: 'ok', item: planned, leaf: line.leaf };
  const item: DownloadItem = {
    ...planned,
    via: route.via,
    requesterPays: route.requesterPays,
    ...(route.httpUrl ? { httpUrl: route.httpUrl } : {}),
  };
  const why = route.warnings[0] ?? route.steps.at(-1)?.answer ?? `the tree chose ${route.leaf} here`;
  return {
    kind: 'ok',
    item,
    leaf: route.leaf,
    rerouted: { planned: line.via, plannedLeaf: line.leaf, reason: `${line.leaf} → ${route.leaf}: ${why}` },
  };
}
