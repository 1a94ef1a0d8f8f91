// I/O: Sign In with IAM Identity Center… on an `sso` / `sso_session` profile: the device flow with a cancellable
// progress notification; the browser opens on the verification page, and the token cache the AWS CLI uses is
// written. The credentials model watches that folder, so the tree and the status bar update by themselves.
import * as vscode from 'vscode';
import { signInSso as runSsoSignIn } from '../core/credentials/ssoSignIn';
import { errorMessage } from '../core/errors';
import type { Logger } from '../core/util/logger';
import type { CredentialsModel } from './credentialsModel';

async function chooseSsoProfile(credentials: CredentialsModel): Promise<string | undefined> {
  const snap = await credentials.get();
  const sso = snap.config.profiles.filter((p) => p.kind === 'sso-session' || p.kind === 'sso-legacy');
  if (sso.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Cloud Data Router: no profile uses IAM Identity Center (sso_session or sso_start_url).'),
    );
    return undefined;
  }
  if (sso.length === 1) return sso[0]!.name;
  const pick = await vscode.window.showQuickPick(
    sso.map((p) => ({ label: p.name, description: p.keys.sso_session?.value ?? p.keys.sso_start_url?.value ?? '' })),
    { title: vscode.l10n.t('Sign in with IAM Identity Center: choose the profile') },
  );
  return pick?.label;
}

export async function signInSso(
  credentials: CredentialsModel,
  logger: Logger,
  profileName: string | undefined,
): Promise<void> {
  const profile = profileName ?? (await chooseSsoProfile(credentials));
  if (!profile) return;
  const snap = await credentials.get();
  try {
    const result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Signing in to IAM Identity Center for profile {0}', profile),
        cancellable: true,
      },
      async (progress, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        return runSsoSignIn({
          env: snap.env,
          homedir: credentials.homedir,
          map: snap.config.map,
          profile,
          signal: ac.signal,
          openVerification: async (url, userCode) => {
            progress.report({
              message: vscode.l10n.t('Confirm code {0} in the browser, then allow access.', userCode),
            });
            logger.info('credentials', `SSO sign-in for ${profile}: verification page opened, code ${userCode}`);
            await vscode.env.openExternal(vscode.Uri.parse(url));
          },
        });
      },
    );
    logger.info(
      'credentials',
      `SSO sign-in for ${profile}: token cached in ${result.tokenFile} until ${result.expiresAt}`,
    );
    await credentials.reload();
    void vscode.window.showInformationMessage(
      result.refreshed
        ? vscode.l10n.t('Signed in to IAM Identity Center (session refreshed) until {0}.', result.expiresAt)
        : vscode.l10n.t('Signed in to IAM Identity Center until {0}.', result.expiresAt),
    );
  } catch (e) {
    if ((e as { code?: string }).code === 'Cancelled' || (e as { name?: string }).name === 'AbortError') {
      logger.info('credentials', `SSO sign-in for ${profile} cancelled`);
      return;
    }
    logger.warn('credentials', `SSO sign-in for ${profile} failed: ${errorMessage(e)}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Cloud Data Router: {0}', errorMessage(e)));
  }
}
