// Pure: the differential scenarios: a hand-written table (one or more per quirk of botocore-quirks.md) and a
// seeded generator that combines environment variables with config/credentials file variants.
//
// Placeholders in env values and file contents: {DIR} scenario dir, {NODE} node binary, {PROCS} dir of the
// credential_process scripts, {SRV} base URL of the local container/IMDS server ({SRV2}: the same on 127.0.0.2).
// In file names, {LOGIN_KEY} is the sha256 of LOGIN_SESSION_NAME (the login token cache key).
import { rng } from '../support/rng';

export interface Scenario {
  readonly id: string;
  /** Files relative to the scenario dir; `home/` is HOME. A `Uint8Array` is written as bytes; null makes a directory. */
  readonly files?: Readonly<Record<string, string | Uint8Array | null>>;
  /** Added to the base env (HOME, LANG, AWS_EC2_METADATA_DISABLED=true); a null value removes a base variable. */
  readonly env?: Readonly<Record<string, string | null>>;
  readonly profile?: string;
  readonly explicitKeys?: { accessKeyId: string; secretAccessKey: string };
}

export const PROCESS_SCRIPTS: Readonly<Record<string, string>> = {
  'ok.js': `process.stdout.write(JSON.stringify({Version:1,AccessKeyId:'AKIAPROCESSEXAMPLE01',SecretAccessKey:'s',SessionToken:'t',Expiration:new Date(Date.now()+3600e3).toISOString()}))`,
  'fail.js': `process.stderr.write('boom'); process.exit(3)`,
  'v2.js': `process.stdout.write(JSON.stringify({Version:2,AccessKeyId:'A',SecretAccessKey:'s'}))`,
  'notjson.js': `process.stdout.write('hello')`,
  'nosecret.js': `process.stdout.write(JSON.stringify({Version:1,AccessKeyId:'A'}))`,
};

const STATIC =
  'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';
const C = 'home/.aws/config';
const K = 'home/.aws/credentials';
const ENVKEYS = { AWS_ACCESS_KEY_ID: 'AKIAENVEXAMPLE000001', AWS_SECRET_ACCESS_KEY: 'envsecret' };
const PROC = (name: string) => `credential_process = {NODE} {PROCS}/${name}\n`;
const LOGIN_SESSION = 'arn:aws:iam::123456789012:user/console-user';
const LOGIN = (profile: string) =>
  `${profile === 'default' ? '[default]' : `[profile ${profile}]`}\nlogin_session = ${LOGIN_SESSION}\nregion = us-west-2\n`;
/** The cache file `aws login` writes for LOGIN_SESSION: ~/.aws/login/cache/<sha256 of the session>.json. */
const LOGIN_TOKEN: Readonly<Record<string, string>> = {
  'home/.aws/login/cache/{LOGIN_KEY}.json': JSON.stringify({
    accessToken: {
      accessKeyId: 'ASIALOGINEXAMPLE0001',
      secretAccessKey: 'login-secret',
      sessionToken: 'login-session-token',
      accountId: '123456789012',
      expiresAt: '2099-01-01T00:00:00Z',
    },
    tokenType: 'aws_sigv4',
    clientId: 'arn:aws:signin:::devtools/same-device',
    refreshToken: 'refresh-token-for-tests',
    idToken: 'id-token-for-tests',
    dpopKey: '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBa/test/only\n-----END EC PRIVATE KEY-----\n',
  }),
};
export const LOGIN_SESSION_NAME = LOGIN_SESSION;

const SSO_LEGACY =
  'sso_start_url = https://example.invalid/start\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Reader\n';

/** One or more scenarios per quirk; ids start with the quirk number. */
export const HAND_SCENARIOS: readonly Scenario[] = [
  // 1 profile choice
  { id: 'q1-env-keys-beat-AWS_PROFILE', files: { [K]: `[dev]\n${STATIC}` }, env: { ...ENVKEYS, AWS_PROFILE: 'dev' } },
  { id: 'q1-explicit-profile-skips-env-keys', files: { [K]: `[dev]\n${STATIC}` }, env: { ...ENVKEYS }, profile: 'dev' },
  {
    id: 'q1-default-profile-beats-profile',
    files: { [C]: '[profile a]\nregion = eu-west-1\n[profile b]\nregion = eu-west-2\n' },
    env: { AWS_DEFAULT_PROFILE: 'a', AWS_PROFILE: 'b' },
  },
  {
    id: 'q1-explicit-hides-bad-AWS_PROFILE',
    files: { [K]: `[dev]\n${STATIC}` },
    env: { AWS_PROFILE: 'nope' },
    profile: 'dev',
  },
  {
    id: 'q1-explicit-ignores-env-web-identity',
    files: { [K]: `[dev]\n${STATIC}` },
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: '{DIR}/token', AWS_ROLE_ARN: 'arn:aws:iam::1:role/r' },
    profile: 'dev',
  },
  {
    id: 'q1-AWS_PROFILE-keeps-env-web-identity',
    files: { [K]: `[dev]\n${STATIC}` },
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: '{DIR}/token', AWS_ROLE_ARN: 'arn:aws:iam::1:role/r', AWS_PROFILE: 'dev' },
  },
  // 2 ProfileNotFound
  { id: 'q2-missing-AWS_PROFILE', env: { AWS_PROFILE: 'nope' } },
  { id: 'q2-explicit-default-missing', profile: 'default' },
  { id: 'q2-missing-profile-even-with-env-keys', env: { ...ENVKEYS, AWS_PROFILE: 'nope' } },
  { id: 'q2-nothing-at-all' },
  { id: 'q2-missing-default-is-fine', files: { [C]: '[profile x]\nregion = us-east-2\n' } },
  {
    id: 'q2-explicit-keys-with-missing-profile',
    env: { AWS_PROFILE: 'nope' },
    explicitKeys: { accessKeyId: 'AKIAEXPLICIT00000001', secretAccessKey: 's' },
  },
  // 3 empty env values
  { id: 'q3-empty-AWS_PROFILE', files: { [K]: `[default]\n${STATIC}` }, env: { AWS_PROFILE: '' } },
  {
    id: 'q3-empty-default-profile-shadows',
    files: { [K]: `[dev]\n${STATIC}` },
    env: { AWS_DEFAULT_PROFILE: '', AWS_PROFILE: 'dev' },
  },
  { id: 'q3-empty-default-region', files: { [C]: '[default]\nregion = eu-west-3\n' }, env: { AWS_DEFAULT_REGION: '' } },
  { id: 'q3-empty-config-file-var', files: { [C]: '[default]\nregion = eu-west-3\n' }, env: { AWS_CONFIG_FILE: '' } },
  {
    id: 'q3-empty-credentials-file-var',
    files: { [K]: `[default]\n${STATIC}` },
    env: { AWS_SHARED_CREDENTIALS_FILE: '' },
  },
  {
    id: 'q3-empty-access-key-is-unset',
    files: { [K]: `[default]\n${STATIC}` },
    env: { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: 'x' },
  },
  // 4 config sections
  { id: 'q4-profile-section-config-file', files: { [C]: `[profile dev]\n${STATIC}` }, env: { AWS_PROFILE: 'dev' } },
  { id: 'q4-bare-section-not-profile', files: { [C]: `[dev]\n${STATIC}` }, env: { AWS_PROFILE: 'dev' } },
  {
    id: 'q4-profile-default-then-default',
    files: { [C]: '[profile default]\nregion = ap-south-1\n[default]\nregion = ap-east-1\n' },
  },
  {
    id: 'q4-default-then-profile-default',
    files: { [C]: `[default]\nregion = ap-east-1\n${STATIC}[profile default]\nregion = ap-south-1\n` },
  },
  {
    id: 'q4-quoted-name',
    files: { [C]: `[profile "my team"]\nregion = sa-east-1\n${STATIC}` },
    env: { AWS_PROFILE: 'my team' },
  },
  { id: 'q4-three-words-dropped', files: { [C]: `[profile a b]\n${STATIC}` }, env: { AWS_PROFILE: 'a b' } },
  {
    id: 'q4-profiles-prefix-quirk',
    files: { [C]: '[profiles x]\nregion = ca-central-1\n' },
    env: { AWS_PROFILE: 'x' },
  },
  {
    id: 'q4-default-section-defaults',
    files: { [C]: '[DEFAULT]\nregion = eu-north-1\n[profile dev]\noutput = json\n' },
    env: { AWS_PROFILE: 'dev' },
  },
  // 5 credentials sections
  {
    id: 'q5-profile-prefix-in-credentials',
    files: { [K]: `[profile dev]\n${STATIC}` },
    env: { AWS_PROFILE: 'profile dev' },
  },
  { id: 'q5-section-case-sensitive', files: { [K]: `[Dev]\n${STATIC}` }, env: { AWS_PROFILE: 'dev' } },
  {
    id: 'q5-key-case-insensitive',
    files: { [K]: '[default]\nAWS_ACCESS_KEY_ID = AKIAUPPER0000000001\nAws_Secret_Access_Key = s\n' },
  },
  // 6 merge
  {
    id: 'q6-region-from-credentials',
    files: { [C]: '[default]\nregion = us-east-1\n', [K]: '[default]\nregion = us-west-2\n' },
  },
  {
    id: 'q6-role-from-credentials',
    files: { [K]: `[base]\n${STATIC}[dev]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n` },
    env: { AWS_PROFILE: 'dev' },
  },
  { id: 'q6-process-from-credentials', files: { [K]: `[dev]\n${PROC('ok.js')}` }, env: { AWS_PROFILE: 'dev' } },
  { id: 'q6-sso-from-credentials', files: { [K]: `[dev]\n${SSO_LEGACY}` }, env: { AWS_PROFILE: 'dev' } },
  {
    id: 'q6-nothing-inherited-from-default',
    files: { [C]: `[default]\n${STATIC}region = us-east-1\n[profile dev]\noutput = json\n` },
    env: { AWS_PROFILE: 'dev' },
  },
  // 7 syntax
  { id: 'q7-no-inline-comments', files: { [C]: '[default]\nregion = us-east-1 # east\n' } },
  { id: 'q7-continuation-line', files: { [C]: '[default]\nregion = us-east-1\n  more\n' } },
  { id: 'q7-empty-value-then-indented-is-nested-error', files: { [C]: '[default]\nregion =\n  us-east-1\n' } },
  { id: 'q7-nested-block-ok', files: { [C]: '[default]\nregion = eu-south-1\ns3 =\n  addressing_style = path\n' } },
  {
    id: 'q7-colon-delimiter',
    files: {
      [C]: '[default]\nregion: eu-central-1\n',
      [K]: '[default]\naws_access_key_id: AKIACOLON00000000001\naws_secret_access_key: s\n',
    },
  },
  { id: 'q7-comment-lines', files: { [C]: '# top\n[default]\n; note\n  # indented comment\nregion = me-south-1\n' } },
  // 8 parse errors
  { id: 'q8-duplicate-section', files: { [C]: '[default]\nregion = a\n[default]\nregion = b\n' }, env: { ...ENVKEYS } },
  { id: 'q8-duplicate-key', files: { [K]: `[default]\n${STATIC}aws_access_key_id = x\n` }, env: { ...ENVKEYS } },
  { id: 'q8-key-before-section', files: { [C]: 'region = us-east-1\n[default]\n' } },
  { id: 'q8-garbage-line', files: { [C]: '[default]\nregion = us-east-1\nthis is not ini\n' }, env: { ...ENVKEYS } },
  { id: 'q8-bom', files: { [C]: '\ufeff[default]\nregion = us-east-1\n' } },
  {
    id: 'q8-invalid-utf8',
    files: {
      [C]: new Uint8Array([0x5b, 0x64, 0x65, 0x66, 0x61, 0x75, 0x6c, 0x74, 0x5d, 0x0a, 0x72, 0x3d, 0xff, 0xfe, 0x0a]),
    },
  },
  {
    id: 'q8-explicit-keys-still-fail',
    files: { [C]: '[default]\nregion = a\n[default]\n' },
    explicitKeys: { accessKeyId: 'AKIAEXPLICIT00000001', secretAccessKey: 's' },
  },
  // 9 files
  { id: 'q9-config-is-directory', files: { 'home/.aws/config': null, [K]: `[default]\n${STATIC}` } },
  {
    id: 'q9-tilde-expansion',
    files: { 'home/custom.ini': '[default]\nregion = af-south-1\n' },
    env: { AWS_CONFIG_FILE: '~/custom.ini' },
  },
  {
    id: 'q9-var-expansion',
    files: { 'home/custom.ini': '[default]\nregion = af-south-1\n' },
    env: { AWS_CONFIG_FILE: '$HOME/custom.ini' },
  },
  { id: 'q9-missing-config-path', env: { AWS_CONFIG_FILE: '{DIR}/nope' } },
  { id: 'q9-credentials-is-directory', files: { 'home/.aws/credentials': null, [C]: `[default]\n${STATIC}` } },
  {
    id: 'q9-credentials-default-section-defaults',
    files: { [K]: `[DEFAULT]\n${STATIC}[dev]\nregion = eu-west-1\n` },
    env: { AWS_PROFILE: 'dev' },
  },
  {
    id: 'q9-crlf-line-endings',
    files: { [C]: '[default]\r\nregion = us-east-2\r\n', [K]: `[default]\r\n${STATIC.replace(/\n/g, '\r\n')}` },
  },
  { id: 'q9-relative-tilde-user-not-expanded', env: { AWS_CONFIG_FILE: '~nouser/config' } },
  // 10 AWS_CREDENTIAL_FILE
  { id: 'q10-ec2-file-missing', env: { AWS_CREDENTIAL_FILE: '{DIR}/nope' } },
  {
    id: 'q10-ec2-file-ok',
    files: { 'ec2.txt': 'AWSAccessKeyId=AKIAEC2000000000001\nAWSSecretKey=s\n' },
    env: { AWS_CREDENTIAL_FILE: '{DIR}/ec2.txt' },
  },
  {
    id: 'q10-ec2-file-partial',
    files: { 'ec2.txt': 'AWSAccessKeyId=AKIAEC2000000000001\n' },
    env: { AWS_CREDENTIAL_FILE: '{DIR}/ec2.txt' },
  },
  { id: 'q10-ec2-file-is-directory', files: { ec2dir: null }, env: { AWS_CREDENTIAL_FILE: '{DIR}/ec2dir' } },
  {
    id: 'q10-ec2-file-tilde',
    files: { 'home/ec2.txt': 'AWSAccessKeyId=AKIAEC2000000000001\nAWSSecretKey=s\n' },
    env: { AWS_CREDENTIAL_FILE: '~/ec2.txt' },
  },
  {
    id: 'q10-ec2-file-no-key',
    files: { 'ec2.txt': 'something=else\n' },
    env: { AWS_CREDENTIAL_FILE: '{DIR}/ec2.txt' },
  },
  // 11 boto config
  {
    id: 'q11-BOTO_CONFIG',
    files: { 'boto.cfg': '[Credentials]\naws_access_key_id = AKIABOTO000000000001\naws_secret_access_key = s\n' },
    env: { BOTO_CONFIG: '{DIR}/boto.cfg' },
  },
  {
    id: 'q11-empty-BOTO_CONFIG-replaces-defaults',
    files: { 'etc/boto.cfg': '[Credentials]\naws_access_key_id = AKIABOTO000000000001\naws_secret_access_key = s\n' },
    env: { BOTO_CONFIG: '' },
  },
  {
    id: 'q11-missing-BOTO_CONFIG-replaces-home',
    files: { 'home/.boto': '[Credentials]\naws_access_key_id = AKIABOTO000000000001\naws_secret_access_key = s\n' },
    env: { BOTO_CONFIG: '{DIR}/nope' },
  },
  {
    id: 'q11-system-boto',
    files: { 'etc/boto.cfg': '[Credentials]\naws_access_key_id = AKIABOTO000000000001\naws_secret_access_key = s\n' },
    env: { BOTO_CONFIG: null },
  },
  {
    id: 'q11-home-boto-after-system',
    files: {
      'etc/boto.cfg': '[Boto]\ndebug = 0\n',
      'home/.boto': '[Credentials]\naws_access_key_id = AKIABOTO000000000001\naws_secret_access_key = s\n',
    },
    env: { BOTO_CONFIG: null },
  },
  {
    id: 'q11-boto-without-key-falls-through',
    files: { 'boto.cfg': '[Credentials]\nother = 1\n' },
    env: { BOTO_CONFIG: '{DIR}/boto.cfg' },
  },
  {
    id: 'q11-boto-parse-error',
    files: { 'boto.cfg': '[Credentials]\nbroken\n' },
    env: { BOTO_CONFIG: '{DIR}/boto.cfg' },
  },
  // 12 partial keys
  { id: 'q12-env-id-only', env: { AWS_ACCESS_KEY_ID: 'AKIAENVEXAMPLE000001' } },
  { id: 'q12-env-secret-only', env: { AWS_SECRET_ACCESS_KEY: 's' } },
  { id: 'q12-empty-id-in-file-counts', files: { [K]: '[default]\naws_access_key_id =\naws_secret_access_key = s\n' } },
  { id: 'q12-credentials-id-without-secret', files: { [K]: '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n' } },
  { id: 'q12-config-id-without-secret', files: { [C]: '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n' } },
  { id: 'q12-env-expiration-parsed', env: { ...ENVKEYS, AWS_CREDENTIAL_EXPIRATION: '2030-01-01T00:00:00Z' } },
  { id: 'q12-env-expiration-not-a-date', env: { ...ENVKEYS, AWS_CREDENTIAL_EXPIRATION: 'soon' } },
  { id: 'q12-env-session-token-only', env: { AWS_SESSION_TOKEN: 't' } },
  // 13 region
  { id: 'q13-AWS_REGION-ignored', env: { AWS_REGION: 'us-west-1' } },
  {
    id: 'q13-default-region-beats-profile',
    files: { [C]: '[default]\nregion = eu-west-1\n' },
    env: { AWS_DEFAULT_REGION: 'us-west-1' },
  },
  // 14 assume role
  {
    id: 'q14-role-before-static',
    files: {
      [C]: `[profile base]\n${STATIC}[profile dev]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n${STATIC}`,
    },
    env: { AWS_PROFILE: 'dev' },
  },
  {
    id: 'q14-role-before-env-web-identity',
    files: { [C]: `[profile base]\n${STATIC}[profile dev]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n` },
    env: { AWS_PROFILE: 'dev', AWS_WEB_IDENTITY_TOKEN_FILE: '{DIR}/t', AWS_ROLE_ARN: 'arn:aws:iam::1:role/w' },
  },
  {
    id: 'q14-role-neither',
    files: { [C]: '[profile dev]\nrole_arn = arn:aws:iam::1:role/r\n' },
    env: { AWS_PROFILE: 'dev' },
  },
  {
    id: 'q14-role-both',
    files: {
      [C]: `[profile base]\n${STATIC}[profile dev]\nrole_arn = r\nsource_profile = base\ncredential_source = Environment\n`,
    },
    env: { AWS_PROFILE: 'dev' },
  },
  {
    id: 'q14-cycle',
    files: { [C]: '[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\nrole_arn = r\nsource_profile = a\n' },
    env: { AWS_PROFILE: 'a' },
  },
  {
    id: 'q14-self-with-static',
    files: { [C]: `[profile a]\nrole_arn = r\nsource_profile = a\n${STATIC}` },
    env: { AWS_PROFILE: 'a' },
  },
  {
    id: 'q14-self-without-static',
    files: { [C]: '[profile a]\nrole_arn = r\nsource_profile = a\n' },
    env: { AWS_PROFILE: 'a' },
  },
  {
    id: 'q14-credential-source-case',
    files: { [C]: '[profile a]\nrole_arn = r\ncredential_source = environment\n' },
    env: { AWS_PROFILE: 'a', ...ENVKEYS },
  },
  {
    id: 'q14-credential-source-env-ok',
    files: { [C]: '[profile a]\nrole_arn = r\ncredential_source = Environment\n' },
    env: { AWS_PROFILE: 'a', ...ENVKEYS },
  },
  {
    id: 'q14-credential-source-env-missing',
    files: { [C]: '[profile a]\nrole_arn = r\ncredential_source = Environment\n' },
    env: { AWS_PROFILE: 'a' },
  },
  {
    id: 'q14-credential-source-imds-disabled',
    files: { [C]: '[profile a]\nrole_arn = r\ncredential_source = Ec2InstanceMetadata\n' },
    env: { AWS_PROFILE: 'a' },
  },
  {
    id: 'q14-credential-source-imds-local',
    files: { [C]: '[profile a]\nrole_arn = r\ncredential_source = Ec2InstanceMetadata\n' },
    env: { AWS_PROFILE: 'a', AWS_EC2_METADATA_DISABLED: null, AWS_EC2_METADATA_SERVICE_ENDPOINT: '{SRV}/imds-ok/' },
  },
  {
    id: 'q14-credential-source-container',
    files: { [C]: '[profile a]\nrole_arn = r\ncredential_source = EcsContainer\n' },
    env: { AWS_PROFILE: 'a', AWS_CONTAINER_CREDENTIALS_FULL_URI: '{SRV}/container/ok' },
  },
  {
    id: 'q14-unknown-source-profile',
    files: { [C]: '[profile a]\nrole_arn = r\nsource_profile = zz\n' },
    env: { AWS_PROFILE: 'a' },
  },
  {
    id: 'q14-source-process-fails',
    files: { [C]: `[profile base]\n${PROC('fail.js')}[profile a]\nrole_arn = r\nsource_profile = base\n` },
    env: { AWS_PROFILE: 'a' },
  },
  {
    id: 'q14-source-process-ok',
    files: { [C]: `[profile base]\n${PROC('ok.js')}[profile a]\nrole_arn = r\nsource_profile = base\n` },
    env: { AWS_PROFILE: 'a' },
  },
  {
    id: 'q14-source-without-credentials',
    files: { [C]: '[profile base]\nregion = us-east-1\n[profile a]\nrole_arn = r\nsource_profile = base\n' },
    env: { AWS_PROFILE: 'a' },
  },
  {
    id: 'q14-two-hops',
    files: {
      [C]: `[profile c]\n${STATIC}[profile b]\nrole_arn = r\nsource_profile = c\n[profile a]\nrole_arn = r\nsource_profile = b\n`,
    },
    env: { AWS_PROFILE: 'a' },
  },
  {
    id: 'q14-source-env-ignored',
    files: { [C]: '[profile base]\nregion = us-east-1\n[profile a]\nrole_arn = r\nsource_profile = base\n' },
    env: { AWS_PROFILE: 'a', ...ENVKEYS },
  },
  {
    id: 'q14-explicit-profile-credential-source-env',
    files: { [C]: '[profile a]\nrole_arn = r\ncredential_source = Environment\n' },
    env: { ...ENVKEYS },
    profile: 'a',
  },
  {
    id: 'q14-source-profile-web-identity',
    files: {
      [C]: '[profile base]\nweb_identity_token_file = /nope\nrole_arn = arn:aws:iam::1:role/w\n[profile a]\nrole_arn = r\nsource_profile = base\n',
    },
    env: { AWS_PROFILE: 'a' },
  },
  {
    id: 'q14-source-profile-sso-broken',
    files: { [C]: '[profile base]\nsso_account_id = 1\n[profile a]\nrole_arn = r\nsource_profile = base\n' },
    env: { AWS_PROFILE: 'a' },
  },
  {
    id: 'q14-source-profile-partial',
    files: { [C]: '[profile base]\naws_secret_access_key = s\n[profile a]\nrole_arn = r\nsource_profile = base\n' },
    env: { AWS_PROFILE: 'a' },
  },
  {
    id: 'q14-source-profile-in-credentials-file',
    files: { [K]: `[base]\n${STATIC}`, [C]: '[profile a]\nrole_arn = r\nsource_profile = base\n' },
    env: { AWS_PROFILE: 'a' },
  },
  {
    id: 'q14-imds-endpoint-from-profile',
    files: { [C]: '[default]\nec2_metadata_service_endpoint = not a url\n' },
    env: { ...ENVKEYS },
  },
  // 15 web identity
  {
    id: 'q15-env-web-identity',
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: '{DIR}/nope', AWS_ROLE_ARN: 'arn:aws:iam::1:role/r' },
  },
  { id: 'q15-token-without-role', env: { AWS_WEB_IDENTITY_TOKEN_FILE: '{DIR}/nope' } },
  { id: 'q15-role-alone', env: { AWS_ROLE_ARN: 'arn:aws:iam::1:role/r' } },
  {
    id: 'q15-profile-web-identity',
    files: { [C]: '[default]\nweb_identity_token_file = /nope\nrole_arn = arn:aws:iam::1:role/r\n' },
  },
  {
    id: 'q15-env-role-overrides-profile',
    files: { [C]: '[default]\nweb_identity_token_file = /nope\n' },
    env: { AWS_ROLE_ARN: 'arn:aws:iam::1:role/r' },
  },
  {
    id: 'q15-empty-env-token-disables',
    files: { [C]: '[default]\nweb_identity_token_file = /nope\nrole_arn = arn:aws:iam::1:role/r\n' },
    env: { AWS_WEB_IDENTITY_TOKEN_FILE: '' },
  },
  {
    id: 'q15-explicit-profile-web-identity',
    files: { [C]: '[profile w]\nweb_identity_token_file = /nope\nrole_arn = arn:aws:iam::1:role/r\n' },
    env: { AWS_ROLE_ARN: '' },
    profile: 'w',
  },
  // 16 SSO
  { id: 'q16-sso-legacy', files: { [C]: `[default]\n${SSO_LEGACY}` } },
  { id: 'q16-sso-account-only', files: { [C]: '[default]\nsso_account_id = 123456789012\n' } },
  {
    id: 'q16-sso-session-missing',
    files: { [C]: '[default]\nsso_session = s\nsso_account_id = 1\nsso_role_name = R\n' },
  },
  {
    id: 'q16-sso-session-ok',
    files: {
      [C]: '[default]\nsso_session = s\nsso_account_id = 1\nsso_role_name = R\n[sso-session s]\nsso_start_url = https://example.invalid/start\nsso_region = us-east-1\n',
    },
  },
  {
    id: 'q16-sso-session-inconsistent',
    files: {
      [C]: '[default]\nsso_session = s\nsso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = R\n[sso-session s]\nsso_start_url = https://example.invalid/start\nsso_region = us-east-1\n',
    },
  },
  {
    id: 'q16-start-url-alone-not-sso',
    files: { [C]: '[default]\nsso_start_url = https://example.invalid/start\nsso_region = us-east-1\n' },
  },
  {
    id: 'q16-sso-session-quoted-name',
    files: {
      [C]: '[default]\nsso_session = my corp\nsso_account_id = 1\nsso_role_name = R\n[sso-session "my corp"]\nsso_start_url = https://example.invalid/start\nsso_region = us-east-1\n',
    },
  },
  {
    id: 'q16-sso-session-only-in-credentials-file',
    files: {
      [K]: '[default]\nsso_session = s\nsso_account_id = 1\nsso_role_name = R\n[sso-session s]\nsso_start_url = u\nsso_region = r\n',
    },
  },
  // 17 credential_process
  { id: 'q17-process-ok', files: { [C]: `[default]\n${PROC('ok.js')}` } },
  { id: 'q17-process-exit', files: { [C]: `[default]\n${PROC('fail.js')}` } },
  { id: 'q17-process-version', files: { [C]: `[default]\n${PROC('v2.js')}` } },
  { id: 'q17-process-not-json', files: { [C]: `[default]\n${PROC('notjson.js')}` } },
  { id: 'q17-process-missing-key', files: { [C]: `[default]\n${PROC('nosecret.js')}` } },
  { id: 'q17-process-no-shell', files: { [C]: '[default]\ncredential_process = $HOME/proc\n' } },
  {
    id: 'q17-process-static-wins-in-credentials',
    files: { [C]: `[default]\n${PROC('fail.js')}`, [K]: `[default]\n${STATIC}` },
  },
  { id: 'q17-process-unclosed-quote', files: { [C]: '[default]\ncredential_process = "{NODE} {PROCS}/ok.js\n' } },
  { id: 'q17-process-quoted-args', files: { [C]: `[default]\ncredential_process = "{NODE}" '{PROCS}/ok.js'\n` } },
  // 18 IMDS
  { id: 'q18-bad-endpoint-fatal', env: { ...ENVKEYS, AWS_EC2_METADATA_SERVICE_ENDPOINT: 'not a url' } },
  { id: 'q18-bad-endpoint-mode', env: { ...ENVKEYS, AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'ipv5' } },
  { id: 'q18-bad-timeout', env: { ...ENVKEYS, AWS_METADATA_SERVICE_TIMEOUT: 'abc' } },
  { id: 'q18-imds-ok', env: { AWS_EC2_METADATA_DISABLED: null, AWS_EC2_METADATA_SERVICE_ENDPOINT: '{SRV}/imds-ok/' } },
  {
    id: 'q18-imds-v1-fallback',
    env: { AWS_EC2_METADATA_DISABLED: null, AWS_EC2_METADATA_SERVICE_ENDPOINT: '{SRV}/imds-v1/' },
  },
  {
    id: 'q18-imds-token-400',
    env: { AWS_EC2_METADATA_DISABLED: null, AWS_EC2_METADATA_SERVICE_ENDPOINT: '{SRV}/imds-t400/' },
  },
  {
    id: 'q18-imds-no-role',
    env: { AWS_EC2_METADATA_DISABLED: null, AWS_EC2_METADATA_SERVICE_ENDPOINT: '{SRV}/imds-norole/' },
  },
  {
    id: 'q18-disabled-any-case',
    env: { AWS_EC2_METADATA_DISABLED: 'TRUE', AWS_EC2_METADATA_SERVICE_ENDPOINT: '{SRV}/imds-ok/' },
  },
  {
    id: 'q18-disabled-1-does-not-disable',
    env: { AWS_EC2_METADATA_DISABLED: '1', AWS_EC2_METADATA_SERVICE_ENDPOINT: '{SRV}/imds-ok/' },
  },
  // 19 container
  { id: 'q19-container-ok', env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: '{SRV}/container/ok' } },
  {
    id: 'q19-container-host-not-allowed',
    env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.2:9/container/ok' },
  },
  {
    id: 'q19-container-failure-fatal',
    env: {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: '{SRV}/container/fail',
      AWS_EC2_METADATA_DISABLED: null,
      AWS_EC2_METADATA_SERVICE_ENDPOINT: '{SRV}/imds-ok/',
    },
  },
  { id: 'q19-container-missing-keys', env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: '{SRV}/container/nokeys' } },
  { id: 'q19-env-beats-container', env: { ...ENVKEYS, AWS_CONTAINER_CREDENTIALS_FULL_URI: '{SRV}/container/fail' } },
  {
    id: 'q19-explicit-keys',
    files: { [K]: `[default]\n${STATIC}` },
    explicitKeys: { accessKeyId: 'AKIAEXPLICIT00000001', secretAccessKey: 's' },
  },
  // v: rules that changed between botocore 1.29 and today's release (botocoreRules.ts). Each runs against both
  // references; the login token is written so that a botocore with awscrt would find it.
  { id: 'v-login-alone', files: { [C]: LOGIN('dev'), ...LOGIN_TOKEN }, profile: 'dev' },
  { id: 'v-login-alone-AWS_PROFILE', files: { [C]: LOGIN('dev'), ...LOGIN_TOKEN }, env: { AWS_PROFILE: 'dev' } },
  { id: 'v-login-default-profile', files: { [C]: LOGIN('default') } },
  { id: 'v-login-no-token', files: { [C]: LOGIN('dev') }, profile: 'dev' },
  {
    id: 'v-login-with-static-keys-in-credentials-file',
    files: { [C]: LOGIN('dev'), [K]: `[dev]\n${STATIC}`, ...LOGIN_TOKEN },
    profile: 'dev',
  },
  {
    id: 'v-login-with-static-keys-in-config',
    files: { [C]: `${LOGIN('dev')}${STATIC}`, ...LOGIN_TOKEN },
    profile: 'dev',
  },
  {
    id: 'v-login-with-credential-process',
    files: { [C]: `${LOGIN('dev')}${PROC('ok.js')}`, ...LOGIN_TOKEN },
    profile: 'dev',
  },
  {
    id: 'v-login-with-failing-credential-process',
    files: { [C]: `${LOGIN('dev')}${PROC('fail.js')}` },
    profile: 'dev',
  },
  {
    id: 'v-login-with-env-keys',
    files: { [C]: LOGIN('dev'), ...LOGIN_TOKEN },
    env: { ...ENVKEYS, AWS_PROFILE: 'dev' },
  },
  {
    id: 'v-login-with-env-keys-explicit-profile',
    files: { [C]: LOGIN('dev'), ...LOGIN_TOKEN },
    env: { ...ENVKEYS },
    profile: 'dev',
  },
  { id: 'v-login-with-env-keys-default', files: { [C]: LOGIN('default') }, env: { ...ENVKEYS } },
  {
    id: 'v-login-after-sso',
    files: { [C]: `${LOGIN('dev')}${SSO_LEGACY}` },
    profile: 'dev',
  },
  {
    id: 'v-login-as-source-profile',
    files: { [C]: `${LOGIN('src')}[profile dev]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = src\n` },
    profile: 'dev',
  },
  {
    id: 'v-login-with-role-arn',
    files: { [C]: `${LOGIN('dev')}role_arn = arn:aws:iam::1:role/r\ncredential_source = Environment\n` },
    env: { ...ENVKEYS },
    profile: 'dev',
  },
  {
    id: 'v-login-empty-session',
    files: { [C]: '[profile dev]\nlogin_session =\n' },
    profile: 'dev',
  },
  {
    id: 'v-login-cache-dir-env',
    files: { [C]: LOGIN('dev') },
    env: { AWS_LOGIN_CACHE_DIRECTORY: '{DIR}/lc' },
    profile: 'dev',
  },
  // 1.32.0: any loopback address and the EKS hosts for FULL_URI; the token file.
  { id: 'v-container-127-0-0-2', env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: '{SRV2}/container/ok' } },
  {
    id: 'v-container-token-file-missing',
    env: {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: '{SRV}/container/ok',
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '{DIR}/nope',
    },
  },
  {
    id: 'v-container-token-file',
    files: { tok: 'Bearer abc' },
    env: {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: '{SRV}/container/ok',
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '{DIR}/tok',
    },
  },
  {
    id: 'v-container-token-file-newline',
    files: { tok: 'Bearer abc\n' },
    env: {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: '{SRV}/container/ok',
      AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '{DIR}/tok',
    },
  },
  // 1.32.4: AWS_EC2_METADATA_V1_DISABLED stops the IMDSv1 fallback.
  {
    id: 'v-imds-v1-disabled',
    env: {
      AWS_EC2_METADATA_DISABLED: null,
      AWS_EC2_METADATA_SERVICE_ENDPOINT: '{SRV}/imds-v1/',
      AWS_EC2_METADATA_V1_DISABLED: 'true',
    },
  },
  {
    id: 'v-imds-v1-disabled-in-profile',
    files: { [C]: '[default]\nec2_metadata_v1_disabled = TRUE\n' },
    env: { AWS_EC2_METADATA_DISABLED: null, AWS_EC2_METADATA_SERVICE_ENDPOINT: '{SRV}/imds-v1/' },
  },
  {
    id: 'v-imds-v1-disabled-token-ok',
    env: {
      AWS_EC2_METADATA_DISABLED: null,
      AWS_EC2_METADATA_SERVICE_ENDPOINT: '{SRV}/imds-ok/',
      AWS_EC2_METADATA_V1_DISABLED: 'true',
    },
  },
];

const CONFIG_VARIANTS: readonly (string | null)[] = [
  null,
  '[default]\nregion = us-east-1\n',
  `[default]\n${STATIC}`,
  '[profile dev]\nregion = eu-west-1\n',
  `[profile dev]\n${STATIC}region = eu-west-1\n`,
  '[profile dev]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = default\n',
  '[profile dev]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = dev\n',
  '[profile dev]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Environment\n',
  `[profile dev]\n${SSO_LEGACY}`,
  '[profile dev]\nsso_role_name = R\n',
  `[profile dev]\n${PROC('ok.js')}`,
  `[profile dev]\n${PROC('fail.js')}`,
  '[profile dev]\nweb_identity_token_file = /nope\nrole_arn = arn:aws:iam::1:role/w\n',
  '[default]\nregion = us-east-1\n[default]\n',
  '[profile default]\nregion = ap-south-1\n[default]\nregion = ap-east-1\n',
  '[dev]\nregion = eu-west-1\n',
  '[default]\nregion = us-east-1 ; note\n[profile dev]\nregion: eu-west-2\n',
  '[profile dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n',
  LOGIN('dev'),
  `${LOGIN('dev')}${STATIC}`,
  LOGIN('default'),
];

const CREDENTIAL_VARIANTS: readonly (string | null)[] = [
  null,
  `[default]\n${STATIC}`,
  `[dev]\n${STATIC}`,
  '[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n',
  '[dev]\naws_secret_access_key = s\n',
  `[profile dev]\n${STATIC}`,
  '[dev]\nregion = sa-east-1\n',
  '[dev]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = default\n',
  '[default]\naws_access_key_id = A\naws_secret_access_key = s\nbad line\n',
  `[default]\n${STATIC}[dev]\n${STATIC}`,
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/** `count` scenarios from `seed`, each combining env variables, a config variant and a credentials variant. */
export function generateScenarios(seed: number, count: number): Scenario[] {
  const r = rng(seed);
  const out: Scenario[] = [];
  for (let i = 0; i < count; i++) {
    const env: Record<string, string | null> = {};
    const profileVar = pick(r, [undefined, undefined, undefined, undefined, '', 'dev', 'dev', 'default', 'missing']);
    if (profileVar !== undefined) env.AWS_PROFILE = profileVar;
    const defaultProfileVar = pick(r, [undefined, undefined, undefined, undefined, undefined, '', 'dev', 'default']);
    if (defaultProfileVar !== undefined) env.AWS_DEFAULT_PROFILE = defaultProfileVar;
    const keys = pick(r, ['none', 'none', 'full', 'id', 'secret', 'emptyid']);
    if (keys === 'full' || keys === 'id') env.AWS_ACCESS_KEY_ID = 'AKIAENVEXAMPLE000001';
    if (keys === 'full' || keys === 'secret' || keys === 'emptyid') env.AWS_SECRET_ACCESS_KEY = 'envsecret';
    if (keys === 'emptyid') env.AWS_ACCESS_KEY_ID = '';
    const region = pick(r, [undefined, undefined, '', 'us-west-1']);
    if (region !== undefined) env.AWS_DEFAULT_REGION = region;
    if (r() < 0.2) env.AWS_REGION = 'eu-central-1';
    const wi = pick(r, ['none', 'none', 'none', 'both', 'token', 'role']);
    if (wi === 'both' || wi === 'token') env.AWS_WEB_IDENTITY_TOKEN_FILE = '/nope';
    if (wi === 'both' || wi === 'role') env.AWS_ROLE_ARN = 'arn:aws:iam::1:role/e';
    if (r() < 0.1) env.AWS_CONFIG_FILE = '';
    const files: Record<string, string> = {};
    const botoCreds = '[Credentials]\naws_access_key_id = AKIABOTO000000000001\naws_secret_access_key = s\n';
    const boto = pick(r, ['none', 'none', 'none', 'empty', 'file', 'system', 'home']);
    if (boto === 'empty') env.BOTO_CONFIG = '';
    if (boto === 'file') {
      env.BOTO_CONFIG = '{DIR}/boto.cfg';
      files['boto.cfg'] = botoCreds;
    }
    if (boto === 'system') files['etc/boto.cfg'] = botoCreds;
    if (boto === 'home') files['home/.boto'] = botoCreds;
    const legacy = pick(r, ['none', 'none', 'none', 'none', 'ok', 'missing']);
    if (legacy === 'ok') {
      env.AWS_CREDENTIAL_FILE = '{DIR}/ec2.txt';
      files['ec2.txt'] = 'AWSAccessKeyId=AKIAEC2000000000001\nAWSSecretKey=s\n';
    }
    if (legacy === 'missing') env.AWS_CREDENTIAL_FILE = '{DIR}/nope';
    const container = pick(r, ['none', 'none', 'none', 'none', 'none', 'ok', 'fail']);
    if (container !== 'none') env.AWS_CONTAINER_CREDENTIALS_FULL_URI = `{SRV}/container/${container}`;
    // Files with a `dev` profile are drawn more often, so fewer cases end at ProfileNotFound.
    const c =
      r() < 0.5
        ? pick(
            r,
            CONFIG_VARIANTS.filter((v) => v?.includes('profile dev')),
          )
        : pick(r, CONFIG_VARIANTS);
    const k = pick(r, CREDENTIAL_VARIANTS);
    if (c !== null) files[C] = c;
    if (k !== null) files[K] = k;
    const profile = pick(r, [
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      'dev',
      'dev',
      'default',
      'missing',
    ]);
    out.push({ id: `gen-${seed}-${i}`, files, env, ...(profile !== undefined ? { profile } : {}) });
  }
  return out;
}
