// Pure: the items of the "Choose AWS profile" quick pick, with the current choice marked.
import type * as vscode from 'vscode';
import type { AwsConfig } from '../../core/aws-config/loadAwsConfig';
import { english } from '../route/routeText';
import { kindLabel } from './profileRows';

/** What this needs of `vscode.l10n`; strings go through `l10n.t('…')` so @vscode/l10n-dev extracts them. */
type L10n = Pick<typeof vscode.l10n, 't'>;

export interface ProfilePick {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  /** undefined = automatic (as boto3). */
  readonly profile: string | undefined;
  readonly picked: boolean;
}

export function profilePicks(config: AwsConfig, selected: string | undefined, l10n: L10n = english): ProfilePick[] {
  const auto: ProfilePick = {
    label: `${selected === undefined ? '$(check) ' : ''}${l10n.t('Automatic (as boto3)')}`,
    description: l10n.t('AWS_DEFAULT_PROFILE, AWS_PROFILE, environment keys, default…'),
    detail: l10n.t('Resolve exactly as boto3 would with no profile given.'),
    profile: undefined,
    picked: selected === undefined,
  };
  const profiles = [...config.profiles].sort((a, b) => a.name.localeCompare(b.name));
  return [
    auto,
    ...profiles.map((p) => {
      const errors = p.problems.filter((x) => x.severity === 'error');
      return {
        label: `${selected === p.name ? '$(check) ' : errors.length ? '$(warning) ' : ''}${p.name}`,
        description: [
          kindLabel(p.kind === 'invalid' ? p.intendedKind : p.kind, l10n),
          p.region ?? l10n.t('no region'),
        ].join(' · '),
        detail: errors.length ? `${errors[0]!.message} (${errors[0]!.file}:${errors[0]!.line})` : `${p.file}:${p.line}`,
        profile: p.name,
        picked: selected === p.name,
      };
    }),
  ];
}
