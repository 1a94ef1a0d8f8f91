// Pure: the items of the "Choose AWS profile" quick pick, with the current choice marked.
import type { AwsConfig } from '../../core/aws-config/loadAwsConfig';
import { kindLabel } from './profileRows';

export interface ProfilePick {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  /** undefined = automatic (as boto3). */
  readonly profile: string | undefined;
  readonly picked: boolean;
}

export function profilePicks(config: AwsConfig, selected: string | undefined): ProfilePick[] {
  const auto: ProfilePick = {
    label: `${selected === undefined ? '$(check) ' : ''}Automatic (as boto3)`,
    description: 'AWS_DEFAULT_PROFILE, AWS_PROFILE, environment keys, default…',
    detail: 'Resolve exactly as boto3 would with no profile given.',
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
        description: [kindLabel(p.kind === 'invalid' ? p.intendedKind : p.kind), p.region ?? 'no region'].join(' · '),
        detail: errors.length ? `${errors[0]!.message} (${errors[0]!.file}:${errors[0]!.line})` : `${p.file}:${p.line}`,
        profile: p.name,
        picked: selected === p.name,
      };
    }),
  ];
}
