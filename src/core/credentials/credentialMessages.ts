// Pure: the English of every credential-chain reason (why a source won, was deferred or was skipped) under a
// stable id, for the extension's generated l10n table; errors stay botocore-shaped English (they are not UI text).
import { messagesOf } from '../messages';

export const CREDENTIAL_MESSAGES = {
  'credentials.explicit': 'keys given explicitly; the chain is not run',
  'credentials.env.explicit-profile': 'a profile was chosen explicitly, so environment keys are not used',
  'credentials.env.set': 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set',
  'credentials.env.empty': 'AWS_ACCESS_KEY_ID is empty (counts as unset)',
  'credentials.env.unset': 'AWS_ACCESS_KEY_ID is not set',

  'credentials.assume-role.deferred': '{0}; STS is called when credentials are needed',
  'credentials.assume-role.credential-source': 'role_arn at {0}:{1} with credential_source {2}',
  'credentials.assume-role.source-profile': 'role_arn at {0}:{1}, source profile chain {2} ({3})',
  'credentials.assume-role.web-identity': 'role_arn with web_identity_token_file is web identity',
  'credentials.assume-role.no-role-arn': 'profile "{0}" has no role_arn',

  'credentials.web-identity.none-explicit':
    'no web_identity_token_file in the profile (env variables ignored: profile chosen explicitly)',
  'credentials.web-identity.none': 'no AWS_WEB_IDENTITY_TOKEN_FILE or web_identity_token_file',
  'credentials.web-identity.deferred': 'token file from {0}, role from {1}; STS is called when credentials are needed',

  'credentials.sso.none': 'no sso_account_id or sso_role_name',
  'credentials.sso.session': 'sso-session "{0}"; the SSO portal is called when credentials are needed',
  'credentials.sso.session-token': 'sso-session "{0}"; the SSO portal is called when credentials are needed; {1}',
  'credentials.sso.legacy': 'legacy SSO keys; the SSO portal is called when credentials are needed',
  'credentials.sso.legacy-token': 'legacy SSO keys; the SSO portal is called when credentials are needed; {0}',
  'credentials.sso-token.no-key': 'no SSO token cache key',
  'credentials.sso-token.none': 'no cached SSO token; run {0}',
  'credentials.sso-token.no-expiry': 'the cached SSO token has no expiry; run {0}',
  'credentials.sso-token.valid': 'cached SSO token valid until {0}',
  'credentials.sso-token.expired': 'the cached SSO token expired at {0}; run {1}',

  'credentials.login.none': 'no login_session',
  'credentials.login.no-provider':
    'login_session is set ({0}:{1}), but botocore {2} has no login provider (added in 1.41.0)',
  'credentials.login.valid': 'login_session "{0}" at {1}:{2}, token {3}; keys valid until {4}',
  'credentials.login.expired':
    'login_session "{0}" at {1}:{2}, token {3}; keys expired at {4}: botocore refreshes them with the sign-in service (or run {5})',

  'credentials.static.no-key-credentials-file': 'profile "{0}" in the credentials file has no aws_access_key_id',
  'credentials.static.no-profile-credentials-file': 'no profile "{0}" in the credentials file',
  'credentials.static.no-key-config-file': 'profile "{0}" in the config file has no aws_access_key_id',
  'credentials.static.no-profile-config-file': 'no profile "{0}" in the config file',
  'credentials.static.key': 'aws_access_key_id at {0}:{1}',
  'credentials.process.answered': 'credential_process at {0}:{1} ran and answered',
  'credentials.process.none': 'no credential_process',

  'credentials.ec2-file.found': 'AWSAccessKeyId in {0}',
  'credentials.ec2-file.unset': 'AWS_CREDENTIAL_FILE is not set',
  'credentials.ec2-file.no-key': 'AWS_CREDENTIAL_FILE has no AWSAccessKeyId',
  'credentials.boto.found': '[Credentials] in {0}',
  'credentials.boto.env-no-key': 'BOTO_CONFIG has no [Credentials] aws_access_key_id',
  'credentials.boto.none': 'no boto config with [Credentials] aws_access_key_id',
  'credentials.container.not-called': 'AWS_CONTAINER_CREDENTIALS_* is set ({0}); not called',
  'credentials.container.answered': '{0} answered',
  'credentials.container.unset': 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI are not set',
  'credentials.imds.disabled': 'AWS_EC2_METADATA_DISABLED=true',
  'credentials.imds.not-probed': 'instance metadata not probed: not known to run on EC2',
  'credentials.imds.found': 'instance metadata at {0} has role credentials',
  'credentials.imds.none': 'instance metadata at {0} gave no role credentials',
} as const;

export type CredentialMessageId = keyof typeof CREDENTIAL_MESSAGES;

export const credentialMessage = messagesOf(CREDENTIAL_MESSAGES);
