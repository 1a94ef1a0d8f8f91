// Pure: what the credentials status bar item says — the source in botocore's words, the profile, and the
// chain in order with why each earlier source was passed over.
import type { CloudContext } from '../../core/context/types';
import { isProfileMethod } from '../../core/credentials/method';
import type { CredentialResolution } from '../../core/credentials/types';

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

export function renderCredentialsStatus(input: StatusInput): StatusRender {
  const r = input.resolution;
  const ctx = input.context;
  const where = ctx?.inCloud && ctx.region ? ` · $(cloud) ${ctx.region}` : '';
  if (!r)
    return {
      text: `$(key) AWS: resolving…${where}`,
      tooltip: 'Resolving which credentials boto3 would use…',
      severity: 'ok',
    };

  const mode =
    input.selectedProfile !== undefined
      ? `profile **${escapeMd(input.selectedProfile)}** chosen in Cloud Data Router (like \`--profile\`)`
      : 'automatic, as boto3 resolves it';
  const lines: string[] = [];
  if (r.error) {
    lines.push(`**AWS credentials: error** — ${escapeMd(r.error)}`);
    if (r.errorLocation) lines.push(`at \`${r.errorLocation.file}:${r.errorLocation.line}\``);
  } else if (r.source === null) {
    lines.push('**No AWS credentials** — requests will be anonymous (public data only).');
  } else {
    lines.push(
      `**${r.source}**${r.profile ? ` · profile \`${escapeMd(r.profile)}\`` : ''}${r.accessKeyId ? ` · key \`${r.accessKeyId}\`` : ''}`,
    );
  }
  lines.push(`Mode: ${mode}.`);
  lines.push(
    `Region (boto3): ${r.region === null ? 'not set' : r.region === '' ? '"" (empty)' : `\`${r.region}\``}${r.regionSource ? ` from ${r.regionSource}` : ''}` +
      (r.jsRegion ? ` — note: AWS_REGION=\`${r.jsRegion}\`, which the JS SDK and AWS CLI v2 use, differs` : ''),
  );
  if (r.expiresAt) lines.push(`Expires: ${r.expiresAt}`);
  if (r.chain.length) {
    lines.push("**Chain, in botocore's order:**");
    lines.push(
      r.chain.map((s, i) => `${i + 1}. ${OUTCOME_ICONS[s.outcome]} \`${s.method}\` — ${escapeMd(s.reason)}`).join('\n'),
    );
  }
  lines.push('Click to choose a profile or go back to automatic.');

  const expired = r.expiresAt !== null && Date.parse(r.expiresAt) <= input.now.getTime();
  const severity: StatusRender['severity'] = r.error
    ? 'error'
    : input.activeProfileBroken || expired
      ? 'warning'
      : 'ok';
  const label = r.error
    ? `$(error) AWS: ${r.errorType ?? 'error'}`
    : r.source === null
      ? '$(key) AWS: anonymous'
      : `$(key) ${r.source}${profileLabel(r)}${expired ? ' (expired)' : ''}`;
  return { text: `${label}${where}`, tooltip: lines.join('\n\n'), severity };
}
