// I/O: container credentials (ECS task role, EKS pod identity style FULL_URI) with botocore's host rule and failures (quirk 19).
import { readFile } from 'node:fs/promises';
import { errorMessage } from '../errors';
import { httpRequest } from '../util/httpRequest';
import type { BotocoreRules } from './botocoreRules';
import { retrievalError, CredentialResolveError, type Env, type FetchedCredentials } from './types';

const ECS_HOST = '169.254.170.2';
/** botocore 1.29's allow-list for AWS_CONTAINER_CREDENTIALS_FULL_URI. */
export const CONTAINER_ALLOWED_HOSTS = [ECS_HOST, 'localhost', '127.0.0.1'];
/** botocore ≥ 1.32.0: the EKS pod identity hosts, plus any loopback address (checked apart). */
const EKS_ALLOWED_HOSTS = [ECS_HOST, '169.254.170.23', 'fd00:ec2::23', 'localhost'];

/** Python's ip_address(h).is_loopback: 127.0.0.0/8 written as four decimal parts, or ::1. */
function isLoopbackIp(host: string): boolean {
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const parts = host.split('.');
  return (
    parts.length === 4 &&
    parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255 && (p === '0' || !p.startsWith('0'))) &&
    parts[0] === '127'
  );
}

function hostAllowed(host: string, eks: boolean): boolean {
  if (!eks) return CONTAINER_ALLOWED_HOSTS.includes(host);
  return isLoopbackIp(host) || EKS_ALLOWED_HOSTS.includes(host);
}

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
    // urlparse's hostname: lower case, IPv6 without brackets.
    return new URL(url).hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  } catch {
    return null;
  }
}

/** From 1.32.0 AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read each time, beats the variable); an unreadable file fails. */
async function authorizationToken(env: Env, eks: boolean): Promise<string | undefined> {
  let token = env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
  const file = env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE;
  if (eks && file !== undefined) {
    try {
      token = await readFile(file, 'utf8');
    } catch (e) {
      throw new CredentialResolveError(
        (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'FileNotFoundError' : 'OSError',
        `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: ${errorMessage(e)}`,
        { code: 'BadInput', cause: e },
      );
    }
  }
  if (eks && token !== undefined && /[\r\n]/.test(token))
    throw new CredentialResolveError('ValueError', 'the container authorization token is not a legal header value');
  return token;
}

export async function fetchContainerCredentials(
  env: Env,
  options: { timeoutMs?: number; rules?: Pick<BotocoreRules, 'eksContainer'> } = {},
): Promise<FetchedCredentials> {
  const url = containerUrl(env);
  const host = hostOf(url);
  const eks = options.rules?.eksContainer ?? true;
  if (host === null || !hostAllowed(host, eks)) {
    throw new CredentialResolveError(
      'ValueError',
      `AWS_CONTAINER_CREDENTIALS_FULL_URI host '${host ?? url}' is not allowed; botocore only calls ${eks ? `a loopback address or ${EKS_ALLOWED_HOSTS.join(', ')}` : CONTAINER_ALLOWED_HOSTS.join(', ')}`,
    );
  }
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = await authorizationToken(env, eks);
  if (token !== undefined) headers.Authorization = token;
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
