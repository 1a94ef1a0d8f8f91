// I/O: turns a resolution into an SDK credentials provider for downloads, memoized and refreshed before expiry.
//
// STS and SSO sources go through @aws-sdk/credential-providers (fromIni, fromTokenFile, fromSSO), which own those
// protocols. Every other source re-runs our own resolver at refresh time rather than fromEnv/fromProcess/
// fromContainerMetadata/fromInstanceMetadata: those read process.env (no injected env), fromProcess runs through a
// shell and caches files, and the SDK's container host rule differs from botocore's. Re-resolving picks up rotated
// keys and re-runs an expired credential_process with botocore's rules.
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { resolveAwsConfigPaths } from '../aws-config/paths';
import { CdrError } from '../errors';
import { resolveCredentialsDetailed, type ResolveOptions } from './resolveCredentialSource';
import type { CredentialResolution } from './types';

export interface ProviderOptions extends ResolveOptions {
  /** Refresh this long before expiry (default 5 minutes, as the JS SDK does). */
  readonly refreshWindowMs?: number;
  /** Re-read credentials without an expiry (files, env) after this long, so rotated keys are picked up (default 60 s). */
  readonly staticTtlMs?: number;
  readonly now?: () => number;
}

type Fetch = () => Promise<AwsCredentialIdentity>;

// Loaded on first use: naming the source (status bar, `cdr credentials`) must not pay for the SDK.
function credentialProviders(): typeof import('@aws-sdk/credential-providers') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, kept apart by esbuild
  return require('@aws-sdk/credential-providers') as typeof import('@aws-sdk/credential-providers');
}

function sdkFetcher(resolution: CredentialResolution, opts: ProviderOptions): Fetch | null {
  if (!['assume-role', 'sso', 'assume-role-with-web-identity'].includes(resolution.source ?? '')) return null;
  const { fromIni, fromSSO, fromTokenFile } = credentialProviders();
  const paths = resolveAwsConfigPaths(opts.env, opts.homedir);
  const profile = resolution.profile || 'default';
  const files = {
    ...(paths.credentials ? { filepath: paths.credentials } : {}),
    ...(paths.config ? { configFilepath: paths.config } : {}),
  };
  const clientConfig = { region: resolution.region || opts.env.AWS_REGION || 'us-east-1' };
  switch (resolution.source) {
    case 'assume-role':
      return fromIni({ profile, ...files, ignoreCache: true, clientConfig });
    case 'sso':
      return fromSSO({ profile, ...files, clientConfig });
    case 'assume-role-with-web-identity': {
      const env = opts.env;
      const fromEnvVars = resolution.profileSource !== 'explicit' && env.AWS_WEB_IDENTITY_TOKEN_FILE;
      if (fromEnvVars) {
        return fromTokenFile({
          webIdentityTokenFile: env.AWS_WEB_IDENTITY_TOKEN_FILE,
          roleArn: env.AWS_ROLE_ARN,
          roleSessionName: env.AWS_ROLE_SESSION_NAME,
          clientConfig,
        });
      }
      return fromIni({ profile, ...files, ignoreCache: true, clientConfig });
    }
    default:
      return null;
  }
}

function ownFetcher(resolution: CredentialResolution, opts: ProviderOptions): Fetch {
  return async () => {
    const again = await resolveCredentialsDetailed(opts);
    const r = again.resolution;
    if (r.error) throw new CdrError(`Credentials are no longer available: ${r.error}`, { code: 'Credentials' });
    if (r.source !== resolution.source) {
      throw new CdrError(
        `The credential source changed from ${resolution.source ?? 'none'} to ${r.source ?? 'none'}; refresh to use it`,
        { code: 'Credentials' },
      );
    }
    if (!again.credentials)
      throw new CdrError(`The ${r.source ?? 'none'} source gave no keys`, { code: 'Credentials' });
    const c = again.credentials;
    return {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
      ...(c.expiration ? { expiration: c.expiration } : {}),
    };
  };
}

/**
 * Caches one identity, shares a pending fetch between callers, refreshes `refreshWindowMs` before expiry, and
 * re-reads identities without an expiry after `staticTtlMs` (rotated keys in a file are picked up).
 */
export function memoizeCredentials(
  fetch: Fetch,
  options: { refreshWindowMs?: number; staticTtlMs?: number; now?: () => number } = {},
): AwsCredentialIdentityProvider {
  const windowMs = options.refreshWindowMs ?? 5 * 60_000;
  const ttlMs = options.staticTtlMs ?? 60_000;
  const now = options.now ?? Date.now;
  let cached: AwsCredentialIdentity | null = null;
  let fetchedAt = 0;
  let pending: Promise<AwsCredentialIdentity> | null = null;
  const fresh = (c: AwsCredentialIdentity) =>
    c.expiration ? c.expiration.getTime() - windowMs > now() : now() - fetchedAt < ttlMs;
  return async () => {
    if (cached && fresh(cached)) return cached;
    pending ??= fetch().then(
      (c) => {
        cached = c;
        fetchedAt = now();
        pending = null;
        return c;
      },
      (e: unknown) => {
        pending = null;
        throw e;
      },
    );
    return pending;
  };
}

export function credentialsProviderFor(
  resolution: CredentialResolution,
  opts: ProviderOptions,
): AwsCredentialIdentityProvider {
  if (resolution.error)
    throw new CdrError(resolution.error, { code: resolution.badInput ? 'BadInput' : 'Credentials' });
  if (resolution.source === null)
    throw new CdrError('No AWS credentials were found (boto3 would be anonymous)', { code: 'Credentials' });
  if (resolution.source === 'explicit') {
    const k = opts.explicitKeys;
    if (!k)
      throw new CdrError('explicit credentials were resolved but not passed to the provider', { code: 'Credentials' });
    return async () => ({
      accessKeyId: k.accessKeyId,
      secretAccessKey: k.secretAccessKey,
      ...(k.sessionToken ? { sessionToken: k.sessionToken } : {}),
    });
  }
  const fetch = sdkFetcher(resolution, opts) ?? ownFetcher(resolution, opts);
  return memoizeCredentials(fetch, {
    refreshWindowMs: opts.refreshWindowMs,
    staticTtlMs: opts.staticTtlMs,
    now: opts.now,
  });
}
