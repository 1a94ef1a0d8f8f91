// I/O: builds an S3 client that never probes IMDS: explicit region, endpoint from the injected env, and either the
// caller's credentials (asked for on every request) or the anonymous no-auth scheme.
import type * as http from 'node:http';
import type * as https from 'node:https';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { CredentialsInput } from './types';

export interface S3ClientOptions {
  readonly region: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly credentials?: CredentialsInput;
  readonly httpAgent: http.Agent;
  readonly httpsAgent: https.Agent;
  readonly idleTimeoutMs: number;
  /** SDK attempts per request; 1 (the default) for transfers, which retry per part themselves. */
  readonly maxAttempts?: number;
}

/** AWS_ENDPOINT_URL_S3 beats AWS_ENDPOINT_URL; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS turns both off (as in the SDKs). */
export function endpointFromEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if ((env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true') return undefined;
  return env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined;
}

/**
 * The SDK memoizes identities and only asks again near `expiration`; a static identity would then be kept for
 * the whole transfer. Marking each answer as already stale makes the SDK call the provider for every request,
 * so rotated keys (an SSO or platform refresh) are picked up mid-transfer; the provider does its own caching.
 */
function perRequest(creds: CredentialsInput): () => Promise<AwsCredentialIdentity> {
  return async () => {
    const id = typeof creds === 'function' ? await creds() : creds;
    return { ...id, expiration: new Date(0) };
  };
}

/**
 * The SDK is loaded on first use, not at import time: `cdr --help` and extension activation must not pay for it.
 * `require`, not `import()`: a build that keeps the SDK in a file of its own (see bench/transfer.mjs) still gets
 * its named exports, which Node's ESM loader cannot see through a CommonJS re-export.
 */
export function loadS3Sdk(): typeof import('@aws-sdk/client-s3') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');
}

export async function createS3Client(opts: S3ClientOptions): Promise<S3Client> {
  const { S3Client } = loadS3Sdk();
  const endpoint = endpointFromEnv(opts.env);
  const common = {
    region: opts.region,
    endpoint,
    // Custom endpoints (MinIO, s3rver, nginx) rarely do virtual-host buckets.
    forcePathStyle: endpoint !== undefined,
    // The env was injected: stop the SDK from reading process.env / config files for an endpoint on its own.
    ignoreConfiguredEndpointUrls: true,
    // Retries happen per part in the engine, resuming from the last byte written; SDK retries would double them.
    maxAttempts: opts.maxAttempts ?? 1,
    requestChecksumCalculation: 'WHEN_REQUIRED' as const,
    responseChecksumValidation: 'WHEN_REQUIRED' as const,
    requestHandler: {
      httpAgent: opts.httpAgent,
      httpsAgent: opts.httpsAgent,
      requestTimeout: opts.idleTimeoutMs,
      connectionTimeout: 30_000,
    },
  };
  if (opts.credentials) return new S3Client({ ...common, credentials: perRequest(opts.credentials) });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { NoAuthSigner } = require('@smithy/core') as typeof import('@smithy/core');
  return new S3Client({
    ...common,
    httpAuthSchemes: [
      { schemeId: 'smithy.api#noAuth', identityProvider: () => async () => ({}), signer: new NoAuthSigner() },
    ],
    httpAuthSchemeProvider: () => [{ schemeId: 'smithy.api#noAuth' }],
  });
}
