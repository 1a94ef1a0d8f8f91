// Pure: small builders for routing tests (contexts, locations, identities, policies).
import type { CloudContext } from '../../../../src/core/context/types';
import type { RoutableLocation } from '../../../../src/core/routing/decide';
import { DEFAULT_POLICY, type RouteIdentity, type RoutePolicy } from '../../../../src/core/routing/types';

export function ctx(over: Partial<CloudContext> = {}): CloudContext {
  return {
    inCloud: true,
    provider: 'aws',
    service: 'ec2',
    region: 'us-east-1',
    instanceType: null,
    instanceId: null,
    platform: null,
    evidence: [
      {
        signal: 'imds:placement/region',
        said: over.region === undefined ? 'us-east-1' : String(over.region),
        weight: 'strong',
      },
    ],
    ...over,
  };
}

export const offCloud = (): CloudContext =>
  ctx({
    inCloud: false,
    provider: null,
    service: null,
    region: null,
    evidence: [{ signal: 'imds', said: 'connection refused', weight: 'strong' }],
  });
export const unknownCloud = (): CloudContext =>
  ctx({
    inCloud: null,
    provider: null,
    service: null,
    region: null,
    evidence: [{ signal: 'imds', said: 'timed out after 1000 ms', weight: 'strong' }],
  });
export const platformCtx = (region: string | null, ctxRegion: string | null = region): CloudContext =>
  ctx({ region: ctxRegion, platform: { name: 'smd-hub', region, how: 'declared' } });

export function loc(over: Partial<RoutableLocation> = {}): RoutableLocation {
  return {
    input: 'mast:HST/product/u9o40504m_c3m.fits',
    bucket: 'stpubdata',
    s3Uri: 's3://stpubdata/hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits',
    httpUrl: 'https://mast.stsci.edu/api/v0.1/Download/file?uri=mast:HST/product/u9o40504m_c3m.fits',
    region: 'us-east-1',
    requesterPays: false,
    bytes: null,
    httpLogin: null,
    notes: [],
    ...over,
  };
}

export const noCloudCopy = (): RoutableLocation =>
  loc({
    input: 'https://example.org/a.fits',
    bucket: null,
    s3Uri: null,
    region: null,
    httpUrl: 'https://example.org/a.fits',
  });
export const landsat = (over: Partial<RoutableLocation> = {}): RoutableLocation =>
  loc({
    input: 's3://usgs-landsat/c2/x.TIF',
    bucket: 'usgs-landsat',
    s3Uri: 's3://usgs-landsat/c2/x.TIF',
    region: 'us-west-2',
    requesterPays: true,
    httpUrl: null,
    ...over,
  });

export const anon: RouteIdentity = { hasCredentials: false, source: null, profile: null };
export const creds: RouteIdentity = { hasCredentials: true, source: 'shared-credentials-file', profile: 'dev' };

export function policy(over: Partial<RoutePolicy> = {}): RoutePolicy {
  return { ...DEFAULT_POLICY, ...over };
}
