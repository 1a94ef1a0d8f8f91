// Pure: botocore's credentials.method names, in the order botocore's resolver tries them.

export const CREDENTIAL_METHODS = [
  'explicit',
  'env',
  'assume-role',
  'assume-role-with-web-identity',
  'sso',
  'shared-credentials-file',
  'login',
  'custom-process',
  'config-file',
  'ec2-credentials-file',
  'boto-config',
  'container-role',
  'iam-role',
] as const;

export type CredentialMethod = (typeof CREDENTIAL_METHODS)[number];

export function isCredentialMethod(s: string): s is CredentialMethod {
  return (CREDENTIAL_METHODS as readonly string[]).includes(s);
}

/** Sources whose keys come from a profile of the config or credentials file (so "the active profile" means something). */
const PROFILE_METHODS: ReadonlySet<CredentialMethod> = new Set([
  'assume-role',
  'assume-role-with-web-identity',
  'sso',
  'shared-credentials-file',
  'login',
  'custom-process',
  'config-file',
]);

export function isProfileMethod(method: CredentialMethod | null | undefined): boolean {
  return method != null && PROFILE_METHODS.has(method);
}
