// Pure: real Routes from core's decide() for the route-view tests and screenshots.
import type { CloudContext } from '../../../../src/core/context/types';
import { decide, type RoutableLocation } from '../../../../src/core/routing/decide';
import { DEFAULT_POLICY, type Route, type RouteIdentity, type RoutePolicy } from '../../../../src/core/routing/types';

const HST_KEY = 'hst/public/u9o4/u9o40504m/u9o40504m_c3m.fits';

export function ec2(region: string | null): CloudContext {
  return {
    inCloud: true,
    provider: 'aws',
    service: 'ec2',
    region,
    instanceType: 'm6i.large',
    instanceId: null,
    platform: null,
    evidence: [
      { signal: 'file:/sys/class/dmi/id/sys_vendor', said: 'Amazon EC2', weight: 'strong' },
      { signal: 'imds:placement/region', said: String(region), weight: 'strong' },
    ],
  };
}

export const unknownContext: CloudContext = {
  inCloud: null,
  provider: null,
  service: null,
  region: null,
  instanceType: null,
  instanceId: null,
  platform: null,
  evidence: [{ signal: 'imds', said: 'disabled by AWS_EC2_METADATA_DISABLED=true', weight: 'strong' }],
};

export function platformContext(region: string | null): CloudContext {
  return { ...ec2(region), platform: { name: 'smd-hub', region, how: 'declared' } };
}

export function hstLocation(over: Partial<RoutableLocation> = {}): RoutableLocation {
  return {
    input: `s3://stpubdata/${HST_KEY}`,
    bucket: 'stpubdata',
    s3Uri: `s3://stpubdata/${HST_KEY}`,
    httpUrl: 'https://mast.stsci.edu/api/v0.1/Download/file?uri=mast:HST/product/u9o40504m_c3m.fits',
    region: 'us-east-1',
    requesterPays: false,
    bytes: 10_598_400,
    httpLogin: 'mast',
    notes: [],
    ...over,
  };
}

export const anon: RouteIdentity = { hasCredentials: false, source: null, profile: null };
export const withCreds: RouteIdentity = { hasCredentials: true, source: 'shared-credentials-file', profile: 'dev' };

export function policy(over: Partial<RoutePolicy> = {}): RoutePolicy {
  return { ...DEFAULT_POLICY, ...over };
}

/** One route per leaf, each reached the way a user would reach it. */
export function routeForEachLeaf(): Route[] {
  const landsat = hstLocation({
    input: 's3://usgs-landsat/c2/x.TIF',
    bucket: 'usgs-landsat',
    s3Uri: 's3://usgs-landsat/c2/x.TIF',
    region: 'us-west-2',
    requesterPays: true,
    httpUrl: null,
    httpLogin: null,
    bytes: 80_000_000,
  });
  return [
    decide(unknownContext, hstLocation(), anon, policy()),
    decide(
      ec2('us-east-1'),
      hstLocation({
        input: 'https://example.org/a.fits',
        bucket: null,
        s3Uri: null,
        region: null,
        httpUrl: 'https://example.org/a.fits',
        httpLogin: null,
      }),
      anon,
      policy(),
    ),
    decide(platformContext('us-east-1'), hstLocation(), withCreds, policy()),
    decide(ec2('us-east-1'), hstLocation(), anon, policy()),
    decide(ec2('us-west-2'), hstLocation(), anon, policy()),
    decide(ec2('us-east-1'), landsat, withCreds, policy({ allowCrossRegion: true })),
    decide(ec2('us-west-2'), hstLocation(), withCreds, policy()),
  ];
}
