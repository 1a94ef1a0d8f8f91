// I/O: botocore's profile-based providers (web identity, SSO, shared credentials, process, config file), shared by the
// main chain and by an assume-role source_profile chain.
import type { KeyMap, ProfileMap } from '../aws-config/profiles';
import { SSO_REQUIRED } from '../aws-config/validateProfile';
import type { CredentialMethod } from './method';
import { runCredentialProcess } from './runCredentialProcess';
import { describeSsoToken, ssoTokenCachePath } from './ssoTokenStatus';
import { invalidConfig, partialCredentials, type Env, type FetchedCredentials } from './types';

export interface StepWon {
  readonly method: CredentialMethod;
  readonly deferred: boolean;
  readonly reason: string;
  readonly credentials?: FetchedCredentials;
}

export interface StepLog {
  push(method: CredentialMethod, outcome: 'skipped' | 'error', reason: string): void;
}

export interface ProfileChainInput {
  readonly map: ProfileMap;
  readonly env: Env;
  readonly profileName: string;
  /** True for an explicitly chosen profile and for source_profile chains: the web-identity env variables are ignored. */
  readonly disableEnvVars: boolean;
  readonly processTimeoutMs?: number;
  /** HOME for the SSO token cache; omitted, the token is not looked at. */
  readonly home?: string;
  readonly now?: () => number;
  readonly log: StepLog;
}

function loc(k: { file: string; line: number } | undefined) {
  return k ? { file: k.file, line: k.line } : undefined;
}

function webIdentity(input: ProfileChainInput, keys: KeyMap): StepWon | null {
  const envKey: Record<string, string> = {
    web_identity_token_file: 'AWS_WEB_IDENTITY_TOKEN_FILE',
    role_arn: 'AWS_ROLE_ARN',
  };
  // Env values override the profile key by key, and an empty env value still counts (it then disables).
  const get = (key: string): { value: string; from: string } | undefined => {
    const ev = input.disableEnvVars ? undefined : input.env[envKey[key]!];
    if (ev !== undefined) return { value: ev, from: envKey[key]! };
    const k = keys[key];
    return k ? { value: k.value, from: `${k.file}:${k.line}` } : undefined;
  };
  const token = get('web_identity_token_file');
  if (!token?.value) {
    input.log.push(
      'assume-role-with-web-identity',
      'skipped',
      input.disableEnvVars
        ? 'no web_identity_token_file in the profile (env variables ignored: profile chosen explicitly)'
        : 'no AWS_WEB_IDENTITY_TOKEN_FILE or web_identity_token_file',
    );
    return null;
  }
  const role = get('role_arn');
  if (!role?.value) {
    throw invalidConfig(
      `web identity token file is set (${token.from}) but there is no role ARN (AWS_ROLE_ARN or role_arn)`,
      loc(keys.web_identity_token_file),
    );
  }
  return {
    method: 'assume-role-with-web-identity',
    deferred: true,
    reason: `token file from ${token.from}, role from ${role.from}; STS is called when credentials are needed`,
  };
}

async function sso(input: ProfileChainInput, keys: KeyMap): Promise<StepWon | null> {
  if (!('sso_account_id' in keys) && !('sso_role_name' in keys)) {
    input.log.push('sso', 'skipped', 'no sso_account_id or sso_role_name');
    return null;
  }
  const merged: Record<string, { value: string; file: string; line: number }> = { ...keys };
  if ('sso_session' in keys) {
    const name = keys.sso_session!.value;
    const session = input.map.ssoSessions.get(name);
    if (!session) throw invalidConfig(`The specified sso-session does not exist: "${name}"`, loc(keys.sso_session));
    for (const [k, v] of Object.entries(session.keys)) {
      if (k in keys && keys[k]!.value !== v.value) {
        throw invalidConfig(
          `The value for ${k} is inconsistent between profile (${keys[k]!.value}) and sso-session (${v.value})`,
          loc(keys[k]),
        );
      }
      merged[k] = v;
    }
  }
  const missing = SSO_REQUIRED.filter((r) => !(r in merged));
  if (missing.length) {
    throw invalidConfig(
      `The profile "${input.profileName}" is configured to use SSO but is missing required configuration: ${missing.join(', ')}`,
      loc(keys.sso_account_id ?? keys.sso_role_name),
    );
  }
  const how = 'sso_session' in keys ? `sso-session "${keys.sso_session!.value}"` : 'legacy SSO keys';
  let token = '';
  if (input.home !== undefined) {
    const path = ssoTokenCachePath(
      input.home,
      'sso_session' in keys ? { ssoSession: keys.sso_session!.value } : { startUrl: merged.sso_start_url!.value },
    );
    token = `; ${await describeSsoToken(path, (input.now ?? Date.now)(), `aws sso login --profile ${input.profileName}`)}`;
  }
  return {
    method: 'sso',
    deferred: true,
    reason: `${how}; the SSO portal is called when credentials are needed${token}`,
  };
}

function staticFrom(
  method: 'shared-credentials-file' | 'config-file',
  keys: KeyMap | null,
  input: ProfileChainInput,
  where: string,
): StepWon | null {
  const id = keys?.aws_access_key_id;
  if (!keys || !id) {
    input.log.push(
      method,
      'skipped',
      keys
        ? `profile "${input.profileName}" in the ${where} has no aws_access_key_id`
        : `no profile "${input.profileName}" in the ${where}`,
    );
    return null;
  }
  const secret = keys.aws_secret_access_key;
  if (!secret) throw partialCredentials(method, 'aws_secret_access_key', loc(id));
  const token = keys.aws_security_token ?? keys.aws_session_token;
  return {
    method,
    deferred: false,
    reason: `aws_access_key_id at ${id.file}:${id.line}`,
    credentials: {
      accessKeyId: id.value,
      secretAccessKey: secret.value,
      ...(token ? { sessionToken: token.value } : {}),
    },
  };
}

/** Runs botocore's ProfileProviderBuilder.providers() for one profile; null when none of them has credentials. */
export async function runProfileProviders(input: ProfileChainInput): Promise<StepWon | null> {
  const profile = input.map.profiles.get(input.profileName);
  const keys: KeyMap = profile?.keys ?? {};
  const wi = webIdentity(input, keys);
  if (wi) return wi;
  const s = await sso(input, keys);
  if (s) return s;
  const shared = staticFrom('shared-credentials-file', profile?.credentialsKeys ?? null, input, 'credentials file');
  if (shared) return shared;
  input.log.push(
    'login',
    'skipped',
    'login_session' in keys ? 'login_session is set, but botocore 1.29 has no login provider' : 'no login_session',
  );
  const proc = keys.credential_process;
  if (proc) {
    const creds = await runCredentialProcess(proc.value, { env: input.env, timeoutMs: input.processTimeoutMs });
    return {
      method: 'custom-process',
      deferred: false,
      reason: `credential_process at ${proc.file}:${proc.line} ran and answered`,
      credentials: creds,
    };
  }
  input.log.push('custom-process', 'skipped', 'no credential_process');
  return staticFrom('config-file', profile?.configKeys ?? null, input, 'config file');
}
