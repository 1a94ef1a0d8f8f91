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
