// Pure: the Earthdata Login state as `cdr credentials` and the VS Code tree show it: source, where, user, token
// expiry and problems; never a token or a password.
import type { ResolvedEarthdataLogin } from './login';

export interface EarthdataLoginReport {
  readonly source: string | null;
  readonly where: string | null;
  readonly user: string | null;
  /** `token` (bearer) or `password` (the login flow); null without a login. */
  readonly kind: 'token' | 'password' | null;
  readonly tokenExpiresAt: string | null;
  readonly expired: boolean;
  readonly loginUrl: string;
  readonly skipped: readonly { readonly source: string; readonly reason: string }[];
  readonly problems: readonly string[];
}

export function describeEarthdataLogin(state: ResolvedEarthdataLogin, now = Date.now()): EarthdataLoginReport {
  const l = state.login;
  return {
    source: l?.source ?? null,
    where: l?.where ?? null,
    user: l?.user ?? null,
    kind: l ? (l.token ? 'token' : 'password') : null,
    tokenExpiresAt: l?.tokenExpiresAt?.toISOString() ?? null,
    expired: !!l?.tokenExpiresAt && l.tokenExpiresAt.getTime() <= now,
    loginUrl: state.loginOrigin,
    skipped: state.skipped,
    problems: state.problems,
  };
}

/** How long until (or since) expiry, in the largest whole unit: `in 59 days`, `3 hours ago`. */
export function relativeTime(iso: string, now = Date.now()): string {
  const ms = Date.parse(iso) - now;
  const abs = Math.abs(ms);
  const [n, unit] =
    abs >= 86_400_000
      ? [Math.floor(abs / 86_400_000), 'day']
      : abs >= 3_600_000
        ? [Math.floor(abs / 3_600_000), 'hour']
        : [Math.max(1, Math.floor(abs / 60_000)), 'minute'];
  const text = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

export function earthdataLoginLines(r: EarthdataLoginReport, now = Date.now()): string[] {
  const lines = [
    `earthdata: ${r.source ? `${r.source} (${r.where})` : 'none — public Earthdata files only'}`,
    `  login:   ${r.loginUrl}`,
  ];
  if (r.user) lines.push(`  user:    ${r.user}`);
  if (r.kind) lines.push(`  kind:    ${r.kind === 'token' ? 'bearer token' : 'user name and password (login flow)'}`);
  if (r.tokenExpiresAt)
    lines.push(
      `  expires: ${r.tokenExpiresAt} (${r.expired ? `EXPIRED ${relativeTime(r.tokenExpiresAt, now)}` : relativeTime(r.tokenExpiresAt, now)})`,
    );
  for (const s of r.skipped) lines.push(`  skipped  ${s.source.padEnd(15)} ${s.reason}`);
  for (const p of r.problems) lines.push(`  problem: ${p}`);
  return lines;
}
