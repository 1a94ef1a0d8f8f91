// I/O: the Verify Credentials command: STS GetCallerIdentity with the active source's keys, only when asked.
import * as vscode from 'vscode';
import { verifyIdentity } from '../core/credentials/verifyIdentity';
import { errorMessage } from '../core/errors';
import type { CredentialsModel } from './credentialsModel';
import type { Logger } from '../core/util/logger';

export async function verifyCredentials(credentials: CredentialsModel, logger: Logger): Promise<void> {
  const snap = await credentials.get();
  const r = snap.resolution;
  if (r.error || !snap.provider) {
    void vscode.window.showWarningMessage(
      r.error
        ? vscode.l10n.t('Cloud Data Router: nothing to verify: {0}', r.error)
        : vscode.l10n.t(
            'Cloud Data Router: nothing to verify: no AWS credentials were found (boto3 would be anonymous).',
          ),
    );
    return;
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
    const pick = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'AWS account {0}: {1} (user id {2}), from the {3} source.',
        id.account,
        id.arn,
        id.userId,
        r.source ?? '',
      ),
      copy,
    );
    if (pick === copy) await vscode.env.clipboard.writeText(id.arn);
  } catch (e) {
    logger.warn('credentials', `verify failed: ${errorMessage(e)}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Cloud Data Router: {0}', errorMessage(e)));
  }
}
