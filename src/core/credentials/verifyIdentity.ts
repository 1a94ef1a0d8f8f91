// I/O: "who am I": STS GetCallerIdentity signed with the winning source's keys. Only when asked (it is a network
// call and logs in CloudTrail); the STS client is loaded on first use from its own bundle file.
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { CdrError, errorMessage } from '../errors';

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
  readonly userId: string;
  /** The STS endpoint asked: AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL, else the region's. */
  readonly endpoint: string;
}

export interface VerifyOptions {
  readonly provider: AwsCredentialIdentityProvider;
  /** boto3's region when it has one; STS is regional, any region answers for the caller. */
  readonly region: string | null;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs?: number;
}

/** AWS_ENDPOINT_URL_STS beats AWS_ENDPOINT_URL; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS turns both off (as in the SDKs). */
export function stsEndpointFromEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if ((env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ?? '').toLowerCase() === 'true') return undefined;
  return env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL || undefined;
}

function loadSts(): typeof import('@aws-sdk/client-sts') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load, kept apart by esbuild
  return require('@aws-sdk/client-sts') as typeof import('@aws-sdk/client-sts');
}

export async function verifyIdentity(opts: VerifyOptions): Promise<CallerIdentity> {
  const { STSClient, GetCallerIdentityCommand } = loadSts();
  const region = opts.region || opts.env.AWS_REGION || 'us-east-1';
  const endpoint = stsEndpointFromEnv(opts.env);
  const client = new STSClient({
    region,
    endpoint,
    // The env was injected: the SDK must not read process.env or config files for an endpoint of its own.
    ignoreConfiguredEndpointUrls: true,
    credentials: opts.provider,
    maxAttempts: 2,
    requestHandler: { requestTimeout: opts.timeoutMs ?? 15_000, connectionTimeout: 10_000 },
  });
  try {
    const out = await client.send(new GetCallerIdentityCommand({}));
    if (!out.Account || !out.Arn || !out.UserId)
      throw new CdrError('STS GetCallerIdentity answered without Account, Arn or UserId', { code: 'Credentials' });
    return {
      account: out.Account,
      arn: out.Arn,
      userId: out.UserId,
      endpoint: endpoint ?? `https://sts.${region}.amazonaws.com`,
    };
  } catch (e) {
    if (e instanceof CdrError) throw e;
    const name = (e as { name?: string }).name;
    throw new CdrError(
      `STS GetCallerIdentity refused these credentials${name && name !== 'Error' ? ` (${name})` : ''}: ${errorMessage(e)}`,
      { code: 'Credentials', cause: e },
    );
  } finally {
    client.destroy();
  }
}
