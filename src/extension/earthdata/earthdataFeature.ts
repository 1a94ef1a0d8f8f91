// I/O: Earthdata Login in VS Code: Sign In (a token, or a user name and password, kept in SecretStorage), Sign
// Out, the tree node's state, and the login lent to each download batch (core decides everything else).
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { describeEarthdataLogin, type EarthdataLoginReport } from '../../core/earthdata/describeLogin';
import { decodeJwtClaims } from '../../core/earthdata/jwt';
import {
  resolveEarthdataLogin,
  type ResolvedEarthdataLogin,
  type SecretStorageLogin,
} from '../../core/earthdata/login';
import type { Daac } from '../../core/earthdata/types';
import { earthdataForBatch, type EarthdataForGet } from '../../core/earthdata/transferLogin';
import type { DownloadItem } from '../../core/transfer/types';
import type { Logger } from '../../core/util/logger';
import { getSetting } from '../settings';

export const EARTHDATA_SECRET = 'cloudDataRouter.earthdataLogin';

export interface EarthdataDeps {
  readonly secrets: vscode.SecretStorage;
  readonly logger: Logger;
  readonly env: () => Record<string, string | undefined>;
  /** The DAAC entries of the setting or CDR_EARTHDATA_DAACS (the built-in table is added by core). */
  readonly userDaacs?: () => readonly Daac[] | undefined;
}

function parseStored(text: string | undefined): SecretStorageLogin | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    if (typeof v.token === 'string') return { token: v.token };
    if (typeof v.username === 'string' && typeof v.password === 'string')
      return { username: v.username, password: v.password };
  } catch {
    // an unreadable entry is treated as signed out
  }
  return null;
}

export class EarthdataFeature implements vscode.Disposable {
  readonly #onDidChange = new vscode.EventEmitter<void>();
  readonly onDidChange = this.#onDidChange.event;
  #report: EarthdataLoginReport | undefined;

  constructor(private readonly deps: EarthdataDeps) {}

  /** The last state shown (the tree reads it synchronously); refresh() updates it. */
  get report(): EarthdataLoginReport | undefined {
    return this.#report;
  }

  async state(): Promise<ResolvedEarthdataLogin> {
    const env = this.deps.env();
    return resolveEarthdataLogin(env, {
      home: env.HOME || homedir(),
      secretStorageLogin: parseStored(await this.deps.secrets.get(EARTHDATA_SECRET)),
      loginUrl: getSetting<string>('earthdata.loginUrl', '') || undefined,
    });
  }

  async refresh(): Promise<EarthdataLoginReport> {
    try {
      this.#report = describeEarthdataLogin(await this.state());
    } catch (e) {
      this.deps.logger.warn('credentials', `Earthdata Login: ${String(e)}`);
    }
    this.#onDidChange.fire();
    return this.#report as EarthdataLoginReport;
  }

  /** What a download batch gets: one session (and S3 keys from the DAACs); throws for an expired token. */
  async forBatch(items: readonly DownloadItem[]): Promise<EarthdataForGet> {
    const env = this.deps.env();
    return earthdataForBatch(items, {
      env,
      home: env.HOME || homedir(),
      logger: this.deps.logger,
      cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd(),
      userDaacs: this.deps.userDaacs?.(),
      secretStorageLogin: parseStored(await this.deps.secrets.get(EARTHDATA_SECRET)),
      loginUrl: getSetting<string>('earthdata.loginUrl', '') || undefined,
      cmrUrl: getSetting<string>('earthdata.cmrUrl', '') || undefined,
    });
  }

  /** The commands are registered in commands.ts; this follows the secret (another window may sign in). */
  register(): vscode.Disposable[] {
    return [
      this.deps.secrets.onDidChange((e) => {
        if (e.key === EARTHDATA_SECRET) void this.refresh();
      }),
      this,
    ];
  }

  async signIn(): Promise<boolean> {
    const tokenPick = {
      label: vscode.l10n.t('Paste a token'),
      detail: vscode.l10n.t('Earthdata Login → Generate Token'),
    };
    const passwordPick = {
      label: vscode.l10n.t('User name and password'),
      detail: vscode.l10n.t('Sent only to Earthdata Login, in answer to its own challenge'),
    };
    const pick = await vscode.window.showQuickPick([tokenPick, passwordPick], {
      title: vscode.l10n.t('Sign in to Earthdata'),
      ignoreFocusOut: true,
    });
    if (!pick) return false;
    let stored: SecretStorageLogin;
    if (pick === tokenPick) {
      const token = await vscode.window.showInputBox({
        title: vscode.l10n.t('Earthdata Login token'),
        prompt: vscode.l10n.t(
          'It is kept in VS Code secret storage and sent only to Earthdata hosts (CMR and the DAACs), never to S3.',
        ),
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => {
          const claims = decodeJwtClaims(v);
          if (!claims) return vscode.l10n.t('An Earthdata token is a JWT: three parts separated by dots');
          if (claims.exp !== null && claims.exp * 1000 <= Date.now())
            return vscode.l10n.t(
              'This token expired on {0}: generate a new one',
              new Date(claims.exp * 1000).toISOString(),
            );
          return undefined;
        },
      });
      if (!token) return false;
      stored = { token: token.trim() };
    } else {
      const username = await vscode.window.showInputBox({
        title: vscode.l10n.t('Earthdata Login user name'),
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter your Earthdata Login user name')),
      });
      if (!username) return false;
      const password = await vscode.window.showInputBox({
        title: vscode.l10n.t('Earthdata Login password'),
        prompt: vscode.l10n.t('Kept in VS Code secret storage; sent only to Earthdata Login.'),
        password: true,
        ignoreFocusOut: true,
      });
      if (!password) return false;
      stored = { username: username.trim(), password };
    }
    const report = await this.storeLogin(stored);
    const who = report.user ?? ('username' in stored ? stored.username : '');
    if (report.source !== 'secret-storage')
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Saved. {0} still takes precedence over the VS Code sign-in.', report.where ?? ''),
      );
    else
      void vscode.window.showInformationMessage(
        report.tokenExpiresAt
          ? vscode.l10n.t('Signed in to Earthdata as {0} (the token expires {1}).', who, report.tokenExpiresAt)
          : vscode.l10n.t('Signed in to Earthdata as {0}.', who),
      );
    return true;
  }

  /** Keeps the login in SecretStorage and shows the new state (the sign-in command's last step; tests call it). */
  async storeLogin(login: SecretStorageLogin): Promise<EarthdataLoginReport> {
    await this.deps.secrets.store(EARTHDATA_SECRET, JSON.stringify(login));
    return this.refresh();
  }

  async signOut(): Promise<void> {
    await this.deps.secrets.delete(EARTHDATA_SECRET);
    await this.refresh();
    void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of Earthdata.'));
  }

  dispose(): void {
    this.#onDidChange.dispose();
  }
}
