// Pure: what kind of credentials a profile configures and what is wrong with it, in botocore's terms (quirks 12-17).
import type { KeyMap, Problem, ProfileMap, RawProfile } from './profiles';

export type ProfileKind =
  | 'static'
  | 'session'
  | 'assume-role'
  | 'web-identity'
  | 'sso-legacy'
  | 'sso-session'
  | 'credential-process'
  | 'login-session'
  | 'region-only'
  | 'invalid';

/** botocore's canonical names for credential_source; compared case-sensitively when validated (quirk 14). */
export const CREDENTIAL_SOURCES = ['Environment', 'Ec2InstanceMetadata', 'EcsContainer'] as const;

export const SSO_REQUIRED = ['sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name'] as const;

export function hasStaticKeys(keys: KeyMap): boolean {
  return 'aws_access_key_id' in keys || 'aws_secret_access_key' in keys;
}

/** botocore's AssumeRoleProvider claims a profile with role_arn unless it is a web-identity profile. */
export function isAssumeRoleProfile(keys: KeyMap): boolean {
  return 'role_arn' in keys && !('web_identity_token_file' in keys);
}

export function isSsoProfile(keys: KeyMap): boolean {
  return 'sso_account_id' in keys || 'sso_role_name' in keys;
}

/** The kind the keys ask for, in the order botocore's chain would claim the profile. */
export function intendedKind(keys: KeyMap): Exclude<ProfileKind, 'invalid'> {
  if (isAssumeRoleProfile(keys)) return 'assume-role';
  if ('web_identity_token_file' in keys) return 'web-identity';
  if (isSsoProfile(keys)) return 'sso_session' in keys ? 'sso-session' : 'sso-legacy';
  if ('aws_access_key_id' in keys)
    return 'aws_session_token' in keys || 'aws_security_token' in keys ? 'session' : 'static';
  if ('credential_process' in keys) return 'credential-process';
  if ('login_session' in keys) return 'login-session';
  return 'region-only';
}

function at(k: { file: string; line: number }, severity: Problem['severity'], message: string): Problem {
  return { severity, message, file: k.file, line: k.line };
}

/**
 * The source_profile chain botocore would walk from `name`, or the error it would raise. Mirrors
 * AssumeRoleProvider._validate_source_profile: a profile may name itself only when it has static keys.
 */
export function walkSourceProfiles(name: string, map: ProfileMap): { chain: string[]; error: string | null } {
  const visited = [name];
  let current = name;
  for (;;) {
    const keys = map.profiles.get(current)?.keys ?? {};
    if (!isAssumeRoleProfile(keys)) return { chain: visited, error: null };
    const src = keys.source_profile?.value;
    if (src === undefined || 'credential_source' in keys) return { chain: visited, error: null };
    const source = map.profiles.get(src);
    if (!source) return { chain: visited, error: `source_profile "${src}" of profile "${current}" does not exist` };
    if (visited.includes(src)) {
      if (src !== current || !hasStaticKeys(source.keys)) {
        return { chain: [...visited, src], error: `source_profile loop: ${[...visited, src].join(' -> ')}` };
      }
      return { chain: visited, error: null };
    }
    visited.push(src);
    // A source with static keys (or no role) ends the walk: its own providers supply the credentials.
    if (hasStaticKeys(source.keys) || !isAssumeRoleProfile(source.keys)) return { chain: visited, error: null };
    current = src;
  }
}

/** Problems of one profile, each pointing at the key or section that causes it. */
export function validateProfile(profile: RawProfile, map: ProfileMap): Problem[] {
  const k = profile.keys;
  const section = profile.sections[0]!;
  const out: Problem[] = [];
  if (isAssumeRoleProfile(k)) {
    const hasSp = 'source_profile' in k;
    const hasCs = 'credential_source' in k;
    if (hasSp && hasCs)
      out.push(
        at(
          k.credential_source!,
          'error',
          `profile "${profile.name}" has both source_profile (line ${k.source_profile!.line}) and credential_source; use one`,
        ),
      );
    else if (!hasSp && !hasCs) out.push(at(k.role_arn!, 'error', `role_arn needs source_profile or credential_source`));
    else if (hasCs && !(CREDENTIAL_SOURCES as readonly string[]).includes(k.credential_source!.value)) {
      out.push(
        at(
          k.credential_source!,
          'error',
          `credential_source "${k.credential_source!.value}" is not one of ${CREDENTIAL_SOURCES.join(', ')} (case-sensitive)`,
        ),
      );
    } else if (hasSp) {
      const walk = walkSourceProfiles(profile.name, map);
      if (walk.error) out.push(at(k.source_profile!, 'error', walk.error));
    }
  } else if ('web_identity_token_file' in k) {
    if (!k.role_arn?.value) out.push(at(k.web_identity_token_file!, 'error', 'web_identity_token_file needs role_arn'));
  } else if (isSsoProfile(k)) {
    out.push(...validateSso(profile, map));
  }
  if ('aws_access_key_id' in k && !('aws_secret_access_key' in k)) {
    out.push(
      at(k.aws_access_key_id!, 'error', 'aws_access_key_id without aws_secret_access_key (partial credentials)'),
    );
  } else if (!('aws_access_key_id' in k) && 'aws_secret_access_key' in k) {
    out.push(at(k.aws_secret_access_key!, 'warning', 'aws_secret_access_key without aws_access_key_id is ignored'));
  }
  if ('credential_process' in k && !k.credential_process!.value.trim()) {
    out.push(at(k.credential_process!, 'error', 'credential_process is empty'));
  }
  if (out.length === 0 && intendedKind(k) === 'region-only' && Object.keys(k).length === 0) {
    out.push(at(section, 'warning', `profile "${profile.name}" is empty`));
  }
  return out;
}

function validateSso(profile: RawProfile, map: ProfileMap): Problem[] {
  const k = profile.keys;
  const first = k.sso_account_id ?? k.sso_role_name!;
  const merged: Record<string, { value: string; file: string; line: number }> = { ...k };
  const out: Problem[] = [];
  if ('sso_session' in k) {
    const session = map.ssoSessions.get(k.sso_session!.value);
    if (!session)
      return [at(k.sso_session!, 'error', `[sso-session ${k.sso_session!.value}] does not exist in the config file`)];
    for (const [key, v] of Object.entries(session.keys)) {
      if (key in k && k[key]!.value !== v.value) {
        out.push(
          at(
            k[key]!,
            'error',
            `${key} is "${k[key]!.value}" here but "${v.value}" in [sso-session ${session.name}] (${v.file}:${v.line})`,
          ),
        );
      }
      merged[key] = v;
    }
    if (out.length) return out;
  }
  const missing = SSO_REQUIRED.filter((r) => !(r in merged));
  if (missing.length) out.push(at(first, 'error', `SSO profile is missing ${missing.join(', ')}`));
  return out;
}
