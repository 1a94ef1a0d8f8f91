// Pure: reads SageMaker's resource-metadata.json (notebook instances and Studio apps) for the region and account.
import type { Evidence } from './types';
import { parseArn } from './region';
import { SAGEMAKER_METADATA, type MarkerRead } from './readMarkers';
import { contextMessage as cm, evidence as evidenceOf } from './contextMessages';

export interface SageMakerSignal {
  readonly region: string | null;
  readonly accountId: string | null;
  readonly evidence: Evidence;
}

export function readSageMakerSignal(raw: MarkerRead): SageMakerSignal | null {
  // A read that timed out says nothing about the file: on a loaded machine even a missing one can take that long, and
  // "SageMaker" on that alone would put a laptop in the cloud.
  if (raw === null || (typeof raw === 'object' && raw.timedOut)) return null;
  const signal = `file:${SAGEMAKER_METADATA}`;
  if (typeof raw === 'object')
    return {
      region: null,
      accountId: null,
      evidence: evidenceOf(signal, cm('context.sagemaker.unreadable', raw.error), 'strong'),
    };
  let arn: unknown;
  try {
    arn = (JSON.parse(raw) as { ResourceArn?: unknown }).ResourceArn;
  } catch {
    return {
      region: null,
      accountId: null,
      evidence: evidenceOf(signal, cm('context.sagemaker.not-json'), 'strong'),
    };
  }
  const parsed = parseArn(typeof arn === 'string' ? arn : null);
  return {
    region: parsed?.region ?? null,
    accountId: parsed?.accountId ?? null,
    evidence: evidenceOf(
      signal,
      parsed ? cm('context.sagemaker.region', parsed.region) : cm('context.sagemaker.no-region'),
      'strong',
    ),
  };
}
