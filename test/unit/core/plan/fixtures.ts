// Pure: small builders for plan tests (planned files and a plan around them).
import { buildPlan, type BuiltPlan, type PlannedFile } from '../../../../src/core/plan/index';
import { DEFAULT_PRICES } from '../../../../src/core/routing/types';

export function file(i: number, bytes: number | null, over: Partial<PlannedFile> = {}): PlannedFile {
  const key = `set/f${String(i).padStart(4, '0')}.bin`;
  return {
    uri: `s3://bkt/${key}`,
    via: 's3',
    leaf: 'same-region',
    bytes,
    etag: `"e${i}"`,
    path: `bkt/${key}`,
    item: {
      uri: `s3://bkt/${key}`,
      via: 's3',
      bucket: 'bkt',
      key,
      region: 'us-east-1',
      httpUrl: `https://bkt.s3.amazonaws.com/${key}`,
      ...(bytes !== null ? { listed: { size: bytes, etag: `"e${i}"`, lastModified: null } } : {}),
    },
    ...over,
  };
}

export function plan(files: PlannedFile[], shardCount: number, capBytes = 10 * 1024 ** 3): BuiltPlan {
  return buildPlan({
    planId: 'p-1',
    createdAt: '2026-12-02T00:00:00.000Z',
    inputs: ['s3://bkt/set/'],
    files,
    shardCount,
    destination: '/data/out',
    layout: 'mirror',
    context: { inCloud: true, provider: 'aws', service: 'ec2', region: 'us-east-1', platform: null },
    credentials: { source: null, profile: null, region: null },
    policy: { via: 'auto', allowCrossRegion: false, unknownContext: 'as-not-in-cloud' },
    prices: DEFAULT_PRICES,
    capBytes,
    cdrVersion: 'test',
  });
}
