// I/O: container credentials (ECS task role, EKS pod identity style FULL_URI) with botocore's host rule and failures (quirk 19).
import { errorMessage } from '../errors';
import { httpRequest } from '../util/httpRequest';
import { retrievalError, CredentialResolveError, type Env, type FetchedCredentials } from './types';

const ECS_HOST = '169.254.170.2';
/** botocore 1.29's allow-list for AWS_CONTAINER_CREDENTIALS_FULL_URI. */
export const CONTAINER_ALLOWED_HOSTS = [ECS_HOST, 'localhost', '127.0.0.1'];

export function isContainerConfigured(env: Env): boolean {
  return (
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI !== undefined || env.AWS_CONTAINER_CREDENTIALS_FULL_URI !== undefined
  );
}

/** The URL botocore would call: RELATIVE_URI (on the ECS host) beats FULL_URI. */
export function containerUrl(env: Env): string {
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI !== undefined)
    return `http://${ECS_HOST}${env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI}`;
  return env.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? '';
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

export async function fetchContainerCredentials(
  env: Env,
  options: { timeoutMs?: number } = {},
): Promise<FetchedCredentials> {
  const url = containerUrl(env);
  const host = hostOf(url);
  if (host === null || !CONTAINER_ALLOWED_HOSTS.includes(host)) {
    throw new CredentialResolveError(
      'ValueError',
      `AWS_CONTAINER_CREDENTIALS_FULL_URI host '${host ?? url}' is not allowed; botocore only calls ${CONTAINER_ALLOWED_HOSTS.join(', ')}`,
    );
  }
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (env.AWS_CONTAINER_AUTHORIZATION_TOKEN !== undefined)
    headers.Authorization = env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
  let answer;
  try {
    answer = await httpRequest({ url, headers, timeoutMs: options.timeoutMs ?? 2000 });
  } catch (e) {
    throw retrievalError('container-role', `${url}: ${errorMessage(e)}`, e);
  }
  if (answer.status !== 200) throw retrievalError('container-role', `${url} answered HTTP ${answer.status}`);
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(answer.body) as Record<string, unknown>;
  } catch {
    throw retrievalError('container-role', `${url} did not answer JSON`);
  }
  for (const k of ['AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration']) {
    if (!(k in o))
      throw new CredentialResolveError('KeyError', `container credentials from ${url} lack ${k}`, {
        code: 'Credentials',
      });
  }
  return {
    accessKeyId: String(o.AccessKeyId),
    secretAccessKey: String(o.SecretAccessKey),
    sessionToken: String(o.Token),
    expiration: new Date(String(o.Expiration)),
  };
}
