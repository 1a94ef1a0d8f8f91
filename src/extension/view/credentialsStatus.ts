// Pure: what the credentials status bar item says — the source in botocore's words, the profile, and the
// chain in order with why each earlier source was passed over.
import type * as vscode from 'vscode';
import type { CloudContext } from '../../core/context/types';
import { isProfileMethod } from '../../core/credentials/method';
import type { CredentialResolution } from '../../core/credentials/types';
import { english } from '../route/routeText';
import { localizeMessage } from '../localizeMessage';

/** What this needs of `vscode.l10n`; strings go through `l10n.t('…')` so @vscode/l10n-dev extracts them. */
type L10n = Pick<typeof vscode.l10n, 't'>;

export interface StatusInput {
  readonly resolution: CredentialResolution | undefined;
  /** The profile the user picked in the UI; undefined = automatic, as boto3. */
  readonly selectedProfile: string | undefined;
  readonly context: CloudContext | undefined;
  /** Whether the active profile has error-level problems. */
  readonly activeProfileBroken: boolean;
  readonly now: Date;
}

export interface StatusRender {
  readonly text: string;
  /** Markdown; never key material beyond the redacted id. */
  readonly tooltip: string;
  readonly severity: 'ok' | 'warning' | 'error';
}

const OUTCOME_ICONS = {
  won: '$(pass-filled)',
  skipped: '$(circle-slash)',
  error: '$(error)',
  deferred: '$(clock)',
} as const;

function escapeMd(s: string): string {
  return s.replace(/([\\`*_{}[\]<>|])/g, '\\$1');
}

function profileLabel(r: CredentialResolution): string {
  // Read from a profile with none named: that profile is `default`.
  const name = r.profile ?? (isProfileMethod(r.source) ? 'default' : null);
  return name ? ` · ${name}` : '';
}

export function renderCredentialsStatus(input: StatusInput, l10n: L10n = english): StatusRender {
  const r = input.resolution;
  const ctx = input.context;
  const where = ctx?.inCloud && ctx.region ? ` · $(cloud) ${ctx.region}` : '';
  if (!r)
    return {
      text: `$(key) ${l10n.t('AWS: resolving…')}${where}`,
      tooltip: l10n.t('Resolving which credentials boto3 would use…'),
      severity: 'ok',
    };

  const mode =
    input.selectedProfile !== undefined
      ? l10n.t('profile **{0}** chosen in Cloud Data Router (like `--profile`)', escapeMd(input.selectedProfile))
      : l10n.t('automatic, as boto3 resolves it');
  const lines: string[] = [];
  if (r.error) {
    lines.push(`**${l10n.t('AWS credentials: error')}** — ${escapeMd(r.error)}`);
    if (r.errorLocation) lines.push(l10n.t('at {0}', `\`${r.errorLocation.file}:${r.errorLocation.line}\``));
  } else if (r.source === null) {
    lines.push(l10n.t('**No AWS credentials** — requests will be anonymous (public data only).'));
  } else {
    lines.push(
      `**${r.source}**${r.profile ? ` · ${l10n.t('profile {0}', `\`${escapeMd(r.profile)}\``)}` : ''}${r.accessKeyId ? ` · ${l10n.t('key {0}', `\`${r.accessKeyId}\``)}` : ''}`,
    );
  }
  lines.push(l10n.t('Mode: {0}.', mode));
  const region = r.region === null ? l10n.t('not set') : r.region === '' ? l10n.t('"" (empty)') : `\`${r.region}\``;
  lines.push(
    (r.regionSource
      ? l10n.t('Region (boto3): {0} from {1}', region, r.regionSource)
      : l10n.t('Region (boto3): {0}', region)) +
      (r.jsRegion
        ? ` — ${l10n.t('note: AWS_REGION={0}, which the JS SDK and AWS CLI v2 use, differs', `\`${r.jsRegion}\``)}`
        : ''),
  );
  if (r.expiresAt) lines.push(l10n.t('Expires: {0}', r.expiresAt));
  if (r.chain.length) {
    lines.push(`**${l10n.t("Chain, in botocore's order:")}**`);
    lines.push(
      r.chain
        .map(
          (s, i) =>
            `${i + 1}. ${OUTCOME_ICONS[s.outcome]} \`${s.method}\` — ${escapeMd(localizeMessage(s.message, l10n))}`,
        )
        .join('\n'),
    );
  }
  lines.push(l10n.t('Click to choose a profile or go back to automatic.'));

  const expired = r.expiresAt !== null && Date.parse(r.expiresAt) <= input.now.getTime();
  const severity: StatusRender['severity'] = r.error
    ? 'error'
    : input.activeProfileBroken || expired
      ? 'warning'
      : 'ok';
  const label = r.error
    ? `$(error) ${l10n.t('AWS: {0}', r.errorType ?? l10n.t('error'))}`
    : r.source === null
      ? `$(key) ${l10n.t('AWS: anonymous')}`
      : `$(key) ${r.source}${profileLabel(r)}${expired ? ` ${l10n.t('(expired)')}` : ''}`;
  return { text: `${label}${where}`, tooltip: lines.join('\n\n'), severity };
}
