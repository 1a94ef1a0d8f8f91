// I/O: finds where this code runs — environment, then marker files, then (only if warranted) metadata endpoints.
import type { Env } from '../util/env';
import type { Logger } from '../util/logger';
import { nullLogger } from '../util/logger';
import type { DetectedContext } from './types';
import { readEnvSignals } from './envSignals';
import { readMarkers } from './readMarkers';
import { classifyMachine } from './classifyMachine';
import { readSageMakerSignal } from './sagemaker';
import { resolvePlatform, type DeclaredPlatform } from './platform';
import { decideImdsProbe, resolveImdsConfig, type ProbeImdsMode } from './imdsConfig';
import { probeImds } from './probeImds';
import { probeEcs } from './probeEcs';
import { decideContext } from './decideContext';

export interface DetectCloudContextOptions {
  readonly env: Env;
  /** File-system root for marker files: '/' in production, a temp folder in tests. */
  readonly root: string;
  /** Bound on each metadata endpoint (IMDS as a whole, ECS task metadata); default 1000 ms, no retries. */
  readonly imdsTimeoutMs?: number;
  /** `auto` (default): only when the machine says EC2 or AWS_EC2_METADATA_SERVICE_ENDPOINT is set; `always`: user opt-in. */
  readonly probeImds?: ProbeImdsMode;
  /** The machine-scoped setting, `name:region` or `{ name, region }`; CDR_PLATFORM in `env` wins over it. */
  readonly declaredPlatform?: string | DeclaredPlatform;
  /** Clock for elapsedMs and deadlines; performance.now by default. */
  readonly now?: () => number;
  readonly logger?: Logger;
}

export const DEFAULT_IMDS_TIMEOUT_MS = 1000;

/**
 * Never rejects for environmental reasons (unreachable endpoints, unreadable files are evidence);
 * rejects with CdrError('BadInput') only for malformed settings: CDR_PLATFORM, the declared platform,
 * AWS_EC2_METADATA_SERVICE_ENDPOINT or its _MODE.
 */
export async function detectCloudContext(opts: DetectCloudContextOptions): Promise<DetectedContext> {
  const now = opts.now ?? (() => performance.now());
  const logger = opts.logger ?? nullLogger;
  const timeoutMs = opts.imdsTimeoutMs ?? DEFAULT_IMDS_TIMEOUT_MS;
  const t0 = now();

  const env = readEnvSignals(opts.env);
  const imdsConfig = resolveImdsConfig(opts.env);
  const markers = await readMarkers({ root: opts.root });
  const machine = classifyMachine(markers);
  const sagemaker = readSageMakerSignal(markers.sagemakerMetadata);
  const platform = resolvePlatform({ env: opts.env, declared: opts.declaredPlatform, markers });
  const decision = decideImdsProbe({
    mode: opts.probeImds ?? 'auto',
    config: imdsConfig,
    machineSaysEc2: machine.kind === 'aws-ec2',
    serviceAnnounced: env.service !== null || (sagemaker?.region ?? null) !== null,
  });
  logger.debug(
    'context',
    `local signals read in ${Math.round(now() - t0)} ms; IMDS ${decision.probe ? `probe ${imdsConfig.endpoint}` : 'skipped'}`,
  );

  // Both network probes run at once, so the whole detection stays within one timeout.
  const [ecs, imds] = await Promise.all([
    env.ecsMetadataUri ? probeEcs({ metadataUri: env.ecsMetadataUri, timeoutMs }) : Promise.resolve(null),
    decision.probe
      ? probeImds({ endpoint: imdsConfig.endpoint, v1Disabled: imdsConfig.v1Disabled, timeoutMs, now })
      : Promise.resolve(null),
  ]);

  const ctx = decideContext({ env, machine, sagemaker, platform, ecs, imds, imdsSkipped: decision.evidence });
  const elapsedMs = Math.round((now() - t0) * 10) / 10;
  logger.debug(
    'context',
    `detected in ${elapsedMs} ms: inCloud=${String(ctx.inCloud)} provider=${String(ctx.provider)} region=${String(ctx.region)}`,
  );
  return { ...ctx, elapsedMs };
}
