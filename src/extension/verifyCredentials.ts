// I/O: the Verify Credentials command: STS GetCallerIdentity with the active source's keys, only when asked.
import * as vscode from 'vscode';
import { verifyIdentity, type CallerIdentity } from '../core/credentials/verifyIdentity';
import { errorMessage } from '../core/errors';
import type { CredentialsModel } from './credentialsModel';
import type { Logger } from '../core/util/logger';

/** What the command showed: the identity STS gave, or the message that said why not (the command's return value). */
export type VerifyOutcome =
  | { readonly ok: true; readonly identity: CallerIdentity; readonly message: string }
  | { readonly ok: false; readonly message: string };

export async function verifyCredentials(credentials: CredentialsModel, logger: Logger): Promise<VerifyOutcome> {
  const snap = await credentials.get();
  const r = snap.resolution;
  if (r.error || !snap.provider) {
    const message = r.error
      ? vscode.l10n.t('Cloud Data Router: nothing to verify: {0}', r.error)
      : vscode.l10n.t(
          'Cloud Data Router: nothing to verify: no AWS credentials were found (boto3 would be anonymous).',
        );
    void vscode.window.showWarningMessage(message);
    return { ok: false, message };
  }
  try {
    const id = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Asking AWS STS who these credentials are…'),
      },
      () => verifyIdentity({ provider: snap.provider!, region: r.region, env: snap.env }),
    );
    logger.info('credentials', `verified: account ${id.account}, ${id.arn} (source ${r.source ?? 'none'})`);
    const copy = vscode.l10n.t('Copy ARN');
    const message = vscode.l10n.t(
      'AWS account {0}: {1} (user id {2}), from the {3} source.',
      id.account,
      id.arn,
      id.userId,
      r.source ?? '',
    );
    // Not awaited: the command answers now; the button stays on the notification for as long as the user likes.
    void vscode.window.showInformationMessage(message, copy).then(async (pick) => {
      if (pick === copy) await vscode.env.clipboard.writeText(id.arn);
    });
    return { ok: true, identity: id, message };
  } catch (e) {
    logger.warn('credentials', `verify failed: ${errorMessage(e)}`);
    const message = vscode.l10n.t('Cloud Data Router: {0}', errorMessage(e));
    void vscode.window.showErrorMessage(message);
    return { ok: false, message };
  }
}
