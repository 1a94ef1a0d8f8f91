// I/O: botocore's profile-based providers (web identity, SSO, shared credentials, process, config file), shared by the
// main chain and by an assume-role source_profile chain.
import type { KeyMap, ProfileMap } from '../aws-config/profiles';
import { SSO_REQUIRED } from '../aws-config/validateProfile';
import type { CredentialMethod } from './method';
import type { Message } from '../messages';
import { credentialMessage as m } from './credentialMessages';
import { loginHint, MIN_AWSCRT_FOR_LOGIN, type BotocoreRules } from './botocoreRules';
import { readLoginToken } from './loginToken';
import { runCredentialProcess } from './runCredentialProcess';
import { describeSsoToken, ssoTokenCachePath } from './ssoTokenStatus';
import { CredentialResolveError, invalidConfig, partialCredentials, type Env, type FetchedCredentials } from './types';

export interface StepWon {
  readonly method: CredentialMethod;
  readonly deferred: boolean;
  readonly reason: Message;
  readonly credentials?: FetchedCredentials;
}

export interface StepLog {
  push(method: CredentialMethod, outcome: 'skipped' | 'error', reason: Message): void;
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
  /** The botocore version's rules (the login provider exists from 1.41); default: the current release's. */
  readonly rules: BotocoreRules;
  /** The login token cache is read from here; defaults to `home`, then HOME. */
  readonly loginHome?: string;
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
      input.disableEnvVars ? m('credentials.web-identity.none-explicit') : m('credentials.web-identity.none'),
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
    reason: m('credentials.web-identity.deferred', token.from, role.from),
  };
}

async function sso(input: ProfileChainInput, keys: KeyMap): Promise<StepWon | null> {
  if (!('sso_account_id' in keys) && !('sso_role_name' in keys)) {
    input.log.push('sso', 'skipped', m('credentials.sso.none'));
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
  let token: Message | null = null;
  if (input.home !== undefined) {
    const path = ssoTokenCachePath(
      input.home,
      'sso_session' in keys ? { ssoSession: keys.sso_session!.value } : { startUrl: merged.sso_start_url!.value },
    );
    token = await describeSsoToken(path, (input.now ?? Date.now)(), `aws sso login --profile ${input.profileName}`);
  }
  const session = keys.sso_session?.value;
  const reason =
    session !== undefined
      ? token
        ? m('credentials.sso.session-token', session, token)
        : m('credentials.sso.session', session)
      : token
        ? m('credentials.sso.legacy-token', token)
        : m('credentials.sso.legacy');
  return { method: 'sso', deferred: true, reason };
}

/** botocore's LoginProvider (1.41+): needs awscrt, then returns the cached keys even when expired (it refreshes later). */
async function loginSession(input: ProfileChainInput, keys: KeyMap): Promise<StepWon | null> {
  const ls = keys.login_session;
  if (!ls) {
    input.log.push('login', 'skipped', m('credentials.login.none'));
    return null;
  }
  const rules = input.rules;
  if (!rules.loginProvider) {
    input.log.push('login', 'skipped', m('credentials.login.no-provider', ls.file, ls.line, rules.version));
    return null;
  }
  if (!rules.crtForLogin) {
    throw new CredentialResolveError(
      'MissingDependencyException',
      `Missing Dependency: the login_session profile "${input.profileName}" (${ls.file}:${ls.line}) needs awscrt: botocore ${rules.version} requires pip install "botocore[crt]" (awscrt ≥ ${MIN_AWSCRT_FOR_LOGIN}) for the login credential provider`,
      { code: 'Credentials', location: loc(ls) },
    );
  }
  const home = input.loginHome ?? input.home ?? input.env.HOME ?? '';
  const now = (input.now ?? Date.now)();
  const t = await readLoginToken(input.env, home, ls.value, now, input.profileName);
  const exp = t.credentials.expiration!.toISOString();
  return {
    method: 'login',
    deferred: false,
    reason: t.expired
      ? m('credentials.login.expired', ls.value, ls.file, ls.line, t.file, exp, loginHint(input.profileName))
      : m('credentials.login.valid', ls.value, ls.file, ls.line, t.file, exp),
    credentials: t.credentials,
  };
}

function staticFrom(
  method: 'shared-credentials-file' | 'config-file',
  keys: KeyMap | null,
  input: ProfileChainInput,
  where: 'credentials-file' | 'config-file',
): StepWon | null {
  const id = keys?.aws_access_key_id;
  if (!keys || !id) {
    input.log.push(
      method,
      'skipped',
      keys
        ? m(`credentials.static.no-key-${where}`, input.profileName)
        : m(`credentials.static.no-profile-${where}`, input.profileName),
    );
    return null;
  }
  const secret = keys.aws_secret_access_key;
  if (!secret) throw partialCredentials(method, 'aws_secret_access_key', loc(id));
  const token = keys.aws_security_token ?? keys.aws_session_token;
  return {
    method,
    deferred: false,
    reason: m('credentials.static.key', id.file, id.line),
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
  const shared = staticFrom('shared-credentials-file', profile?.credentialsKeys ?? null, input, 'credentials-file');
  if (shared) return shared;
  const login = await loginSession(input, keys);
  if (login) return login;
  const proc = keys.credential_process;
  if (proc) {
    const creds = await runCredentialProcess(proc.value, { env: input.env, timeoutMs: input.processTimeoutMs });
    return {
      method: 'custom-process',
      deferred: false,
      reason: m('credentials.process.answered', proc.file, proc.line),
      credentials: creds,
    };
  }
  input.log.push('custom-process', 'skipped', m('credentials.process.none'));
  return staticFrom('config-file', profile?.configKeys ?? null, input, 'config-file');
}
