// Pure: the profile rows of the tree — every profile with its kind, region, details and problems, plus
// the credential sources on this machine that live outside the two files.
import type * as vscode from 'vscode';
import type { AwsConfig, Profile } from '../../core/aws-config/loadAwsConfig';
import { walkSourceProfiles } from '../../core/aws-config/validateProfile';
import type { KeyMap } from '../../core/aws-config/profiles';
import { isProfileMethod } from '../../core/credentials/method';
import { loginHint } from '../../core/credentials/botocoreRules';
import type { CredentialResolution } from '../../core/credentials/types';
import { redact, redactAccessKeyId } from '../../core/util/redact';
import { english } from '../route/routeText';
import { localizeMessage } from '../localizeMessage';
import type { Row } from './row';

/** What this needs of `vscode.l10n`; strings go through `l10n.t('…')` so @vscode/l10n-dev extracts them. */
type L10n = Pick<typeof vscode.l10n, 't'>;

/**
 * gettext's N_(): `l10n.t('…')` here only marks the kind names for the bundle (the extractor looks for that call) and
 * keeps them in English; kindLabel translates them.
 */
const KIND_LABELS: Record<Profile['kind'], string> = ((l10n: L10n) => ({
  static: l10n.t('static keys'),
  session: l10n.t('session keys'),
  'assume-role': l10n.t('assume role'),
  'web-identity': l10n.t('web identity'),
  'sso-legacy': l10n.t('SSO (legacy)'),
  'sso-session': l10n.t('SSO'),
  'credential-process': l10n.t('credential process'),
  'login-session': l10n.t('console login'),
  'region-only': l10n.t('settings only'),
  invalid: l10n.t('invalid'),
}))(english);

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

export function kindLabel(kind: Profile['kind'], t: L10n = english): string {
  return t.t(KIND_LABELS[kind]);
}

/** The profile boto3 would read from: the one named, else `default` when a profile source won. */
export function activeProfileName(resolution: CredentialResolution | undefined): string | null {
  if (!resolution) return null;
  return resolution.profile ?? 'default';
}

function problemTooltip(l10n: L10n, p: { severity: 'error' | 'warning'; file: string; line: number; message: string }) {
  return p.severity === 'error'
    ? l10n.t('**Error** at {0}: {1}', location(p.file, p.line), p.message)
    : l10n.t('**Warning** at {0}: {1}', location(p.file, p.line), p.message);
}

function filesDescription(l10n: L10n, profiles: number, files: number): string {
  if (files === 0) return l10n.t('{0} in no file', profiles);
  return files === 1 ? l10n.t('{0} in 1 file', profiles) : l10n.t('{0} in {1} files', profiles, files);
}

function location(file: string, line: number): string {
  return `${file}:${line}`;
}

function detail(
  l10n: L10n,
  profile: Profile,
  key: string,
  label: string,
  opts: { mask?: boolean } = {},
): Row | undefined {
  const v = profile.keys[key];
  if (!v) return undefined;
  const value = opts.mask ? redact(v.value) : v.value;
  return {
    id: `profile:${profile.name}/${key}`,
    label,
    description: value,
    tooltip: l10n.t('{0} at {1}', `\`${key}\``, location(v.file, v.line)),
    icon: 'symbol-field',
    contextValue: 'cdr.profile.detail',
    command: {
      id: 'cloudDataRouter.openProfileLocation',
      title: l10n.t('Open'),
      args: [{ file: v.file, line: v.line }],
    },
  };
}

function sourceChainRow(l10n: L10n, profile: Profile, config: AwsConfig): Row | undefined {
  if (!profile.keys.source_profile) return undefined;
  const walk = walkSourceProfiles(profile.name, config.map);
  return {
    id: `profile:${profile.name}/chain`,
    label: l10n.t('Source chain'),
    description: walk.chain.join(' → '),
    tooltip:
      walk.error ?? l10n.t('Credentials come from the last profile of the chain; each step assumes the next role.'),
    icon: walk.error ? 'error' : 'references',
  };
}

function keysDetails(l10n: L10n, profile: Profile, config: AwsConfig): Row[] {
  const k: KeyMap = profile.keys;
  const rows: (Row | undefined)[] = [];
  if (k.aws_access_key_id) {
    rows.push({
      id: `profile:${profile.name}/aws_access_key_id`,
      label: l10n.t('Access key'),
      description: redactAccessKeyId(k.aws_access_key_id.value) ?? '',
      tooltip: l10n.t(
        '{0} at {1} (the secret is never shown)',
        '`aws_access_key_id`',
        location(k.aws_access_key_id.file, k.aws_access_key_id.line),
      ),
      icon: 'key',
      command: {
        id: 'cloudDataRouter.openProfileLocation',
        title: l10n.t('Open'),
        args: [{ file: k.aws_access_key_id.file, line: k.aws_access_key_id.line }],
      },
    });
  }
  rows.push(
    detail(l10n, profile, 'role_arn', l10n.t('Role ARN')),
    sourceChainRow(l10n, profile, config),
    detail(l10n, profile, 'credential_source', l10n.t('Credential source')),
    detail(l10n, profile, 'web_identity_token_file', l10n.t('Token file')),
    detail(l10n, profile, 'sso_session', l10n.t('SSO session')),
  );
  const ssoSessionName = k.sso_session?.value;
  const session = ssoSessionName ? config.ssoSessions.find((s) => s.name === ssoSessionName) : undefined;
  const startUrl = k.sso_start_url ?? session?.keys.sso_start_url;
  if (startUrl) {
    rows.push({
      id: `profile:${profile.name}/sso_start_url`,
      label: l10n.t('SSO start URL'),
      description: startUrl.value,
      tooltip: l10n.t('{0} at {1}', '`sso_start_url`', location(startUrl.file, startUrl.line)),
      icon: 'link-external',
      command: {
        id: 'cloudDataRouter.openProfileLocation',
        title: l10n.t('Open'),
        args: [{ file: startUrl.file, line: startUrl.line }],
      },
    });
  }
  rows.push(
    detail(l10n, profile, 'sso_account_id', l10n.t('SSO account')),
    detail(l10n, profile, 'sso_role_name', l10n.t('SSO role')),
    // A process command line can carry a token as an argument.
    detail(l10n, profile, 'credential_process', l10n.t('Process'), { mask: true }),
    detail(l10n, profile, 'login_session', l10n.t('Login session')),
  );
  if (k.login_session) {
    rows.push({
      id: `profile:${profile.name}/login-hint`,
      label: l10n.t('Sign in'),
      description: loginHint(profile.name),
      tooltip: l10n.t(
        'Written by `aws login` (AWS CLI 2.32+). Run {0} in a terminal to sign in again. boto3 uses it from botocore 1.41 on, and only with `pip install "botocore[crt]"`; older botocore ignores the profile.',
        `\`${loginHint(profile.name)}\``,
      ),
      icon: 'terminal',
    });
  }
  return rows.filter((r): r is Row => r !== undefined);
}

function profileRow(l10n: L10n, profile: Profile, config: AwsConfig, active: boolean): Row {
  const errors = profile.problems.filter((p) => p.severity === 'error');
  const warnings = profile.problems.filter((p) => p.severity === 'warning');
  const problemRows: Row[] = profile.problems.map((p, i) => ({
    id: `profile:${profile.name}/problem/${i}`,
    label: p.message,
    description: location(p.file, p.line),
    tooltip: problemTooltip(l10n, p),
    icon: p.severity === 'error' ? 'error' : 'warning',
    iconColor: p.severity === 'error' ? 'problemsErrorIcon.foreground' : 'problemsWarningIcon.foreground',
    contextValue: 'cdr.problem',
    command: {
      id: 'cloudDataRouter.openProfileLocation',
      title: l10n.t('Open'),
      args: [{ file: p.file, line: p.line }],
    },
  }));
  const fileRow: Row = {
    id: `profile:${profile.name}/file`,
    label: l10n.t('Defined in'),
    description: profile.sections.map((s) => location(s.file, s.line)).join(', '),
    icon: 'go-to-file',
    command: {
      id: 'cloudDataRouter.openProfileLocation',
      title: l10n.t('Open'),
      args: [{ file: profile.file, line: profile.line }],
    },
  };
  const kind =
    profile.kind === 'invalid'
      ? l10n.t('invalid {0}', kindLabel(profile.intendedKind, l10n))
      : kindLabel(profile.kind, l10n);
  const description = [profile.region ?? l10n.t('no region'), kind, active ? l10n.t('active') : undefined]
    .filter(Boolean)
    .join(' · ');
  const tooltipLines = [
    `**${profile.name}**${active ? ` ${l10n.t('(active)')}` : ''} — ${kind}`,
    l10n.t('Region: {0}', profile.region ?? l10n.t('not set')),
    l10n.t('Defined at {0}', location(profile.file, profile.line)),
    ...errors.map((p) => `$(error) ${p.message} (${location(p.file, p.line)})`),
    ...warnings.map((p) => `$(warning) ${p.message} (${location(p.file, p.line)})`),
  ];
  if (errors.length) tooltipLines.push(l10n.t('Fix the line named above, save, and the tree updates by itself.'));
  return {
    id: `profile:${profile.name}`,
    label: profile.name,
    description,
    tooltip: tooltipLines.join('\n\n'),
    icon: errors.length ? 'warning' : active ? 'pass-filled' : KIND_ICONS[profile.kind],
    iconColor: errors.length ? 'problemsWarningIcon.foreground' : active ? 'testing.iconPassed' : undefined,
    contextValue: `cdr.profile.${profile.kind}${active ? '.active' : ''}`,
    children: [...problemRows, ...keysDetails(l10n, profile, config), fileRow],
    expanded: false,
  };
}

/** Sources boto3 can use that are not profiles: shown so the user sees everything present on this machine. */
export function otherSourceRows(
  env: Readonly<Record<string, string | undefined>>,
  resolution: CredentialResolution | undefined,
  l10n: L10n = english,
): Row[] {
  const won = resolution?.source;
  const rows: Row[] = [];
  const add = (method: string, label: string, description: string, tooltip: string) =>
    rows.push({
      id: `source:${method}`,
      label,
      description: won === method ? `${description} · ${l10n.t('active')}` : description,
      tooltip,
      icon: won === method ? 'pass-filled' : 'symbol-key',
      iconColor: won === method ? 'testing.iconPassed' : undefined,
      contextValue: 'cdr.source',
    });
  if (env.AWS_ACCESS_KEY_ID) {
    add(
      'env',
      l10n.t('Environment keys'),
      redactAccessKeyId(env.AWS_ACCESS_KEY_ID) ?? '',
      l10n.t(
        'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set in the environment VS Code started with. boto3 uses them before any profile named by AWS_PROFILE.',
      ),
    );
  }
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE) {
    add(
      'assume-role-with-web-identity',
      l10n.t('Web identity (environment)'),
      env.AWS_ROLE_ARN ?? l10n.t('no AWS_ROLE_ARN'),
      `AWS_WEB_IDENTITY_TOKEN_FILE=${env.AWS_WEB_IDENTITY_TOKEN_FILE}`,
    );
  }
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) {
    add(
      'container-role',
      l10n.t('Container role'),
      env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ? l10n.t('ECS task role') : l10n.t('container endpoint'),
      l10n.t('AWS_CONTAINER_CREDENTIALS_* is set: credentials come from the container endpoint.'),
    );
  }
  if (env.BOTO_CONFIG)
    add(
      'boto-config',
      l10n.t('Boto config'),
      env.BOTO_CONFIG,
      l10n.t('BOTO_CONFIG names a legacy boto2 file read after the AWS config file.'),
    );
  const imdsStep = resolution?.chain.find((s) => s.method === 'iam-role');
  if (won === 'iam-role' || (imdsStep && imdsStep.outcome !== 'skipped')) {
    add(
      'iam-role',
      l10n.t('Instance role'),
      imdsStep ? localizeMessage(imdsStep.message, l10n) : l10n.t('EC2 instance profile'),
      l10n.t('Credentials from the EC2 instance metadata service.'),
    );
  }
  return rows;
}

const noProfilesRow = (l10n: L10n): Row => ({
  id: 'profiles/none',
  label: l10n.t('No profiles in either file'),
  description: l10n.t('Enter access keys…'),
  tooltip: l10n.t(
    'Public archive data (MAST, HEASARC, IRSA, Open Data) needs no credentials. For private or requester-pays data, run `aws configure`, or enter keys here (kept in VS Code secret storage).',
  ),
  icon: 'info',
  command: { id: 'cloudDataRouter.enterAccessKeys', title: l10n.t('Enter Access Keys…'), args: [] },
});

export function profileRows(
  config: AwsConfig,
  resolution: CredentialResolution | undefined,
  env: Readonly<Record<string, string | undefined>>,
  l10n: L10n = english,
): Row[] {
  const active = activeProfileName(resolution);
  const profileSourceWon = isProfileMethod(resolution?.source);
  const fileProblems: Row[] = config.problems.map((p, i) => ({
    id: `file-problem/${i}`,
    label: p.message,
    description: location(p.file, p.line),
    tooltip:
      problemTooltip(l10n, p) +
      (p === config.fatal
        ? `\n\n${l10n.t('boto3 refuses to start with this error, whatever credentials are set.')}`
        : ''),
    icon: p.severity === 'error' ? 'error' : 'warning',
    iconColor: p.severity === 'error' ? 'problemsErrorIcon.foreground' : 'problemsWarningIcon.foreground',
    contextValue: 'cdr.problem',
    command: {
      id: 'cloudDataRouter.openProfileLocation',
      title: l10n.t('Open'),
      args: [{ file: p.file, line: p.line }],
    },
  }));
  const fileNotes = config.files
    .filter((f) => f.error && !config.problems.some((p) => p.file === f.path))
    .map((f, i) => ({
      id: `file-note/${i}`,
      label: f.kind === 'config' ? l10n.t('config file {0}', f.error!) : l10n.t('credentials file {0}', f.error!),
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
      label: l10n.t('Profiles'),
      description: filesDescription(l10n, profiles.length, config.files.filter((f) => f.exists).length),
      tooltip: config.files
        .map(
          (f) =>
            `${f.kind}: ${f.path ?? l10n.t('(disabled: variable set to "")')}${f.exists ? '' : ` — ${l10n.t('not found')}`}`,
        )
        .join('\n\n'),
      icon: 'person',
      contextValue: 'cdr.profiles',
      expanded: true,
      children: [
        ...fileProblems,
        ...fileNotes,
        ...profiles.map((p) => profileRow(l10n, p, config, profileSourceWon && p.name === active)),
        ...(profiles.length ? [] : [noProfilesRow(l10n)]),
      ],
    },
  ];
  const others = otherSourceRows(env, resolution, l10n);
  if (others.length)
    rows.push({
      id: 'sources',
      label: l10n.t('Other sources'),
      description: `${others.length}`,
      icon: 'symbol-key',
      expanded: true,
      children: others,
    });
  return rows;
}
