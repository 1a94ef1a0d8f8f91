// Pure: the "Earthdata Login" node of the profiles tree: who is signed in, from where, until when, what to fix.
import type { EarthdataLoginReport } from '../../core/earthdata/describeLogin';
import { relativeTime } from '../../core/earthdata/describeLogin';
import type { Row } from './row';

interface L10n {
  t(message: string, ...args: Array<string | number | boolean>): string;
}

export const EARTHDATA_SIGN_IN = 'cloudDataRouter.signInEarthdata';

export function earthdataRow(r: EarthdataLoginReport, l10n: L10n, now = Date.now()): Row {
  const sources: Record<string, string> = {
    'env-token': l10n.t('EARTHDATA_TOKEN'),
    'env-password': l10n.t('EARTHDATA_USERNAME/PASSWORD'),
    netrc: l10n.t('.netrc'),
    'secret-storage': l10n.t('signed in in VS Code'),
  };
  const children: Row[] = [];
  if (r.where) children.push({ id: 'earthdata.where', label: l10n.t('From: {0}', r.where), icon: 'file' });
  if (r.kind)
    children.push({
      id: 'earthdata.kind',
      label:
        r.kind === 'token'
          ? l10n.t('Bearer token (sent to Earthdata hosts only)')
          : l10n.t('User name and password (sent to Earthdata Login only)'),
      icon: 'shield',
    });
  if (r.tokenExpiresAt)
    children.push({
      id: 'earthdata.expires',
      label: r.expired
        ? l10n.t('Token expired {0}', relativeTime(r.tokenExpiresAt, now))
        : l10n.t('Token expires {0}', relativeTime(r.tokenExpiresAt, now)),
      tooltip: r.tokenExpiresAt,
      icon: r.expired ? 'error' : 'watch',
      ...(r.expired ? { iconColor: 'problemsErrorIcon.foreground' } : {}),
    });
  r.problems.forEach((p, i) =>
    children.push({
      id: `earthdata.problem.${i}`,
      label: p,
      tooltip: p,
      icon: 'warning',
      iconColor: 'problemsWarningIcon.foreground',
    }),
  );
  const bad = r.expired || r.problems.length > 0;
  const signedIn = r.source !== null;
  return {
    id: 'earthdata',
    label: l10n.t('Earthdata Login'),
    description: signedIn
      ? [r.user, sources[r.source as string] ?? r.source].filter(Boolean).join(' · ')
      : l10n.t('not signed in (public files only)'),
    tooltip: signedIn
      ? l10n.t(
          '**Earthdata Login** at {0}: {1}. Credentials go only to the hosts they belong to; never to S3.',
          r.loginUrl,
          r.where ?? '',
        )
      : l10n.t(
          '**Earthdata Login** at {0}: none found (EARTHDATA_TOKEN, EARTHDATA_USERNAME/PASSWORD, ~/.netrc, or Sign In to Earthdata…).',
          r.loginUrl,
        ),
    icon: bad ? 'warning' : signedIn ? 'account' : 'sign-in',
    ...(bad ? { iconColor: 'problemsWarningIcon.foreground' } : {}),
    contextValue: r.source === 'secret-storage' ? 'cdr.earthdata.signedIn' : 'cdr.earthdata.signedOut',
    children,
    ...(signedIn ? {} : { command: { id: EARTHDATA_SIGN_IN, title: l10n.t('Sign In to Earthdata…') } }),
  };
}
