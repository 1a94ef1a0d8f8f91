// Pure: the profile rows of the tree — every profile with its kind, region, details and problems, plus
// the credential sources on this machine that live outside the two files.
import type { AwsConfig, Profile } from '../../core/aws-config/loadAwsConfig';
import { walkSourceProfiles } from '../../core/aws-config/validateProfile';
import type { KeyMap } from '../../core/aws-config/profiles';
import { isProfileMethod } from '../../core/credentials/method';
import { loginHint } from '../../core/credentials/botocoreRules';
import type { CredentialResolution } from '../../core/credentials/types';
import { redact, redactAccessKeyId } from '../../core/util/redact';
import type { Row } from './row';

const KIND_LABELS: Record<Profile['kind'], string> = {
  static: 'static keys',
  session: 'session keys',
  'assume-role': 'assume role',
  'web-identity': 'web identity',
  'sso-legacy': 'SSO (legacy)',
  'sso-session': 'SSO',
  'credential-process': 'credential process',
  'login-session': 'console login',
  'region-only': 'settings only',
  invalid: 'invalid',
};

const KIND_ICONS: Record<Profile['kind'], string> = {
  static: 'key',
  session: 'watch',
  'assume-role': 'arrow-swap',
  'web-identity': 'globe',
  'sso-legacy': 'organization',
  'sso-session': 'organization',
  'credential-process': 'terminal',
  'login-session': 'account',
  'region-only': 'settings-gear',
  invalid: 'warning',
};

export function kindLabel(kind: Profile['kind']): string {
  return KIND_LABELS[kind];
}

/** The profile boto3 would read from: the one named, else `default` when a profile source won. */
export function activeProfileName(resolution: CredentialResolution | undefined): string | null {
  if (!resolution) return null;
  return resolution.profile ?? 'default';
}

function location(file: string, line: number): string {
  return `${file}:${line}`;
}

function detail(profile: Profile, key: string, label: string, opts: { mask?: boolean } = {}): Row | undefined {
  const v = profile.keys[key];
  if (!v) return undefined;
  const value = opts.mask ? redact(v.value) : v.value;
  return {
    id: `profile:${profile.name}/${key}`,
    label,
    description: value,
    tooltip: `\`${key}\` at ${location(v.file, v.line)}`,
    icon: 'symbol-field',
    contextValue: 'cdr.profile.detail',
    command: { id: 'cloudDataRouter.openProfileLocation', title: 'Open', args: [{ file: v.file, line: v.line }] },
  };
}

function sourceChainRow(profile: Profile, config: AwsConfig): Row | undefined {
  if (!profile.keys.source_profile) return undefined;
  const walk = walkSourceProfiles(profile.name, config.map);
  return {
    id: `profile:${profile.name}/chain`,
    label: 'Source chain',
    description: walk.chain.join(' → '),
    tooltip: walk.error ?? 'Credentials come from the last profile of the chain; each step assumes the next role.',
    icon: walk.error ? 'error' : 'references',
  };
}

function keysDetails(profile: Profile, config: AwsConfig): Row[] {
  const k: KeyMap = profile.keys;
  const rows: (Row | undefined)[] = [];
  if (k.aws_access_key_id) {
    rows.push({
      id: `profile:${profile.name}/aws_access_key_id`,
      label: 'Access key',
      description: redactAccessKeyId(k.aws_access_key_id.value) ?? '',
      tooltip: `\`aws_access_key_id\` at ${location(k.aws_access_key_id.file, k.aws_access_key_id.line)} (the secret is never shown)`,
      icon: 'key',
      command: {
        id: 'cloudDataRouter.openProfileLocation',
        title: 'Open',
        args: [{ file: k.aws_access_key_id.file, line: k.aws_access_key_id.line }],
      },
    });
  }
  rows.push(
    detail(profile, 'role_arn', 'Role ARN'),
    sourceChainRow(profile, config),
    detail(profile, 'credential_source', 'Credential source'),
    detail(profile, 'web_identity_token_file', 'Token file'),
    detail(profile, 'sso_session', 'SSO session'),
  );
  const ssoSessionName = k.sso_session?.value;
  const session = ssoSessionName ? config.ssoSessions.find((s) => s.name === ssoSessionName) : undefined;
  const startUrl = k.sso_start_url ?? session?.keys.sso_start_url;
  if (startUrl) {
    rows.push({
      id: `profile:${profile.name}/sso_start_url`,
      label: 'SSO start URL',
      description: startUrl.value,
      tooltip: `\`sso_start_url\` at ${location(startUrl.file, startUrl.line)}`,
      icon: 'link-external',
      command: {
        id: 'cloudDataRouter.openProfileLocation',
        title: 'Open',
        args: [{ file: startUrl.file, line: startUrl.line }],
      },
    });
  }
  rows.push(
    detail(profile, 'sso_account_id', 'SSO account'),
    detail(profile, 'sso_role_name', 'SSO role'),
    // A process command line can carry a token as an argument.
    detail(profile, 'credential_process', 'Process', { mask: true }),
    detail(profile, 'login_session', 'Login session'),
  );
  if (k.login_session) {
    rows.push({
      id: `profile:${profile.name}/login-hint`,
      label: 'Sign in',
      description: loginHint(profile.name),
      tooltip: `Written by \`aws login\` (AWS CLI 2.32+). Run \`${loginHint(profile.name)}\` in a terminal to sign in again. boto3 uses it from botocore 1.41 on, and only with \`pip install "botocore[crt]"\`; older botocore ignores the profile.`,
      icon: 'terminal',
    });
  }
  return rows.filter((r): r is Row => r !== undefined);
}

function profileRow(profile: Profile, config: AwsConfig, active: boolean): Row {
  const errors = profile.problems.filter((p) => p.severity === 'error');
  const warnings = profile.problems.filter((p) => p.severity === 'warning');
  const problemRows: Row[] = profile.problems.map((p, i) => ({
    id: `profile:${profile.name}/problem/${i}`,
    label: p.message,
    description: location(p.file, p.line),
    tooltip: `**${p.severity === 'error' ? 'Error' : 'Warning'}** at ${location(p.file, p.line)}: ${p.message}`,
    icon: p.severity === 'error' ? 'error' : 'warning',
    iconColor: p.severity === 'error' ? 'problemsErrorIcon.foreground' : 'problemsWarningIcon.foreground',
    contextValue: 'cdr.problem',
    command: { id: 'cloudDataRouter.openProfileLocation', title: 'Open', args: [{ file: p.file, line: p.line }] },
  }));
  const fileRow: Row = {
    id: `profile:${profile.name}/file`,
    label: 'Defined in',
    description: profile.sections.map((s) => location(s.file, s.line)).join(', '),
    icon: 'go-to-file',
    command: {
      id: 'cloudDataRouter.openProfileLocation',
      title: 'Open',
      args: [{ file: profile.file, line: profile.line }],
    },
  };
  const kind = profile.kind === 'invalid' ? `invalid ${KIND_LABELS[profile.intendedKind]}` : KIND_LABELS[profile.kind];
  const description = [profile.region ?? 'no region', kind, active ? 'active' : undefined].filter(Boolean).join(' · ');
  const tooltipLines = [
    `**${profile.name}**${active ? ' (active)' : ''} — ${kind}`,
    `Region: ${profile.region ?? 'not set'}`,
    `Defined at ${location(profile.file, profile.line)}`,
    ...errors.map((p) => `$(error) ${p.message} (${location(p.file, p.line)})`),
    ...warnings.map((p) => `$(warning) ${p.message} (${location(p.file, p.line)})`),
  ];
  if (errors.length) tooltipLines.push('Fix the line named above, save, and the tree updates by itself.');
  return {
    id: `profile:${profile.name}`,
    label: profile.name,
    description,
    tooltip: tooltipLines.join('\n\n'),
    icon: errors.length ? 'warning' : active ? 'pass-filled' : KIND_ICONS[profile.kind],
    iconColor: errors.length ? 'problemsWarningIcon.foreground' : active ? 'testing.iconPassed' : undefined,
    contextValue: `cdr.profile.${profile.kind}${active ? '.active' : ''}`,
    children: [...problemRows, ...keysDetails(profile, config), fileRow],
    expanded: false,
  };
}

/** Sources boto3 can use that are not profiles: shown so the user sees everything present on this machine. */
export function otherSourceRows(
  env: Readonly<Record<string, string | undefined>>,
  resolution: CredentialResolution | undefined,
): Row[] {
  const won = resolution?.source;
  const rows: Row[] = [];
  const add = (method: string, label: string, description: string, tooltip: string) =>
    rows.push({
      id: `source:${method}`,
      label,
      description: won === method ? `${description} · active` : description,
      tooltip,
      icon: won === method ? 'pass-filled' : 'symbol-key',
      iconColor: won === method ? 'testing.iconPassed' : undefined,
      contextValue: 'cdr.source',
    });
  if (env.AWS_ACCESS_KEY_ID) {
    add(
      'env',
      'Environment keys',
      redactAccessKeyId(env.AWS_ACCESS_KEY_ID) ?? '',
      'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set in the environment VS Code started with. boto3 uses them before any profile named by AWS_PROFILE.',
    );
  }
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE) {
    add(
      'assume-role-with-web-identity',
      'Web identity (environment)',
      env.AWS_ROLE_ARN ?? 'no AWS_ROLE_ARN',
      `AWS_WEB_IDENTITY_TOKEN_FILE=${env.AWS_WEB_IDENTITY_TOKEN_FILE}`,
    );
  }
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) {
    add(
      'container-role',
      'Container role',
      env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ? 'ECS task role' : 'container endpoint',
      'AWS_CONTAINER_CREDENTIALS_* is set: credentials come from the container endpoint.',
    );
  }
  if (env.BOTO_CONFIG)
    add(
      'boto-config',
      'Boto config',
      env.BOTO_CONFIG,
      'BOTO_CONFIG names a legacy boto2 file read after the AWS config file.',
    );
  const imdsStep = resolution?.chain.find((s) => s.method === 'iam-role');
  if (won === 'iam-role' || (imdsStep && imdsStep.outcome !== 'skipped')) {
    add(
      'iam-role',
      'Instance role',
      imdsStep?.reason ?? 'EC2 instance profile',
      'Credentials from the EC2 instance metadata service.',
    );
  }
  return rows;
}

const noProfilesRow: Row = {
  id: 'profiles/none',
  label: 'No profiles in either file',
  description: 'Enter access keys…',
  tooltip:
    'Public archive data (MAST, HEASARC, IRSA, Open Data) needs no credentials. For private or requester-pays data, run `aws configure`, or enter keys here (kept in VS Code secret storage).',
  icon: 'info',
  command: { id: 'cloudDataRouter.enterAccessKeys', title: 'Enter Access Keys…', args: [] },
};

export function profileRows(
  config: AwsConfig,
  resolution: CredentialResolution | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Row[] {
  const active = activeProfileName(resolution);
  const profileSourceWon = isProfileMethod(resolution?.source);
  const fileProblems: Row[] = config.problems.map((p, i) => ({
    id: `file-problem/${i}`,
    label: p.message,
    description: location(p.file, p.line),
    tooltip: `**${p.severity === 'error' ? 'Error' : 'Warning'}** at ${location(p.file, p.line)}: ${p.message}${p === config.fatal ? '\n\nboto3 refuses to start with this error, whatever credentials are set.' : ''}`,
    icon: p.severity === 'error' ? 'error' : 'warning',
    iconColor: p.severity === 'error' ? 'problemsErrorIcon.foreground' : 'problemsWarningIcon.foreground',
    contextValue: 'cdr.problem',
    command: { id: 'cloudDataRouter.openProfileLocation', title: 'Open', args: [{ file: p.file, line: p.line }] },
  }));
  const fileNotes = config.files
    .filter((f) => f.error && !config.problems.some((p) => p.file === f.path))
    .map((f, i) => ({
      id: `file-note/${i}`,
      label: `${f.kind} file ${f.error}`,
      description: f.path ?? '',
      icon: 'warning',
      iconColor: 'problemsWarningIcon.foreground',
    }));
  const profiles = [...config.profiles].sort((a, b) =>
    a.name === 'default' ? -1 : b.name === 'default' ? 1 : a.name.localeCompare(b.name),
  );
  const rows: Row[] = [
    {
      id: 'profiles',
      label: 'Profiles',
      description: `${profiles.length} in ${config.files.filter((f) => f.exists).length || 'no'} file${config.files.filter((f) => f.exists).length === 1 ? '' : 's'}`,
      tooltip: config.files
        .map((f) => `${f.kind}: ${f.path ?? '(disabled: variable set to "")'}${f.exists ? '' : ' — not found'}`)
        .join('\n\n'),
      icon: 'person',
      contextValue: 'cdr.profiles',
      expanded: true,
      children: [
        ...fileProblems,
        ...fileNotes,
        ...profiles.map((p) => profileRow(p, config, profileSourceWon && p.name === active)),
        ...(profiles.length ? [] : [noProfilesRow]),
      ],
    },
  ];
  const others = otherSourceRows(env, resolution);
  if (others.length)
    rows.push({
      id: 'sources',
      label: 'Other sources',
      description: `${others.length}`,
      icon: 'symbol-key',
      expanded: true,
      children: others,
    });
  return rows;
}
