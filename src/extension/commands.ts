// I/O: the only place commands are registered; handlers take the tree node menus pass, or nothing.
import * as vscode from 'vscode';
import { CommandIds, type CommandId } from './commandIds';
import type { ContextModel } from './contextModel';
import type { CredentialsModel } from './credentialsModel';
import type { DownloadFeature } from './download/downloadFeature';
import type { EarthdataFeature } from './earthdata/earthdataFeature';
import type { PlanFeature } from './plan/planFeature';
import { errorMessage } from '../core/errors';
import type { Row } from './view/row';
import { profilePicks } from './view/profilePicks';
import { verifyCredentials } from './verifyCredentials';
import { signInSso } from './ssoSignIn';
import type { Logger } from '../core/util/logger';

export interface CommandServices {
  readonly channel: vscode.LogOutputChannel;
  readonly logger: Logger;
  readonly credentials: CredentialsModel;
  readonly context: ContextModel;
  readonly downloads: DownloadFeature;
  readonly plans: PlanFeature;
  readonly earthdata: EarthdataFeature;
}

/** `profile:<name>` rows carry the name in their id; details carry `profile:<name>/…`. */
function profileNameOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const id = (arg as Row | undefined)?.id;
  const m = id ? /^profile:([^/]+)/.exec(id) : null;
  return m?.[1];
}

export async function pickProfile(credentials: CredentialsModel): Promise<void> {
  const snap = await credentials.get();
  const items = profilePicks(snap.config, credentials.selectedProfile, vscode.l10n);
  const pick = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Cloud Data Router: choose the AWS profile'),
    placeHolder: vscode.l10n.t('Choose a profile (like --profile) or Automatic (as boto3)'),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (pick) await credentials.select(pick.profile);
}

/** Runs a command, showing its failure as one message instead of an unhandled rejection. */
async function reportErrors<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Cloud Data Router: {0}', errorMessage(e)));
    return undefined;
  }
}

export function registerCommands(s: CommandServices): vscode.Disposable[] {
  const handlers: Record<CommandId, (...args: unknown[]) => unknown> = {
    [CommandIds.showLog]: () => s.channel.show(),
    [CommandIds.refresh]: async () => {
      await Promise.all([s.credentials.reload(), s.context.refresh()]);
    },
    [CommandIds.refreshContext]: () => s.context.refresh(),
    [CommandIds.selectProfile]: () => pickProfile(s.credentials),
    [CommandIds.useProfile]: async (arg) => {
      const name = profileNameOf(arg);
      if (name) await s.credentials.select(name);
      else await pickProfile(s.credentials);
    },
    [CommandIds.useAutomatic]: () => s.credentials.select(undefined),
    [CommandIds.openProfileLocation]: async (arg) => {
      let loc = arg as { file?: string; line?: number } | Row | undefined;
      const name = profileNameOf(arg);
      if (name && !(loc && 'file' in loc)) {
        const p = (await s.credentials.get()).config.profiles.find((x) => x.name === name);
        loc = p ? { file: p.file, line: p.line } : undefined;
      }
      if (!loc || !('file' in loc) || !loc.file) return;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(loc.file));
      const line = Math.max(0, (loc.line ?? 1) - 1);
      await vscode.window.showTextDocument(doc, { selection: new vscode.Range(line, 0, line, 0) });
    },
    [CommandIds.copyProfileName]: async (arg) => {
      const name = profileNameOf(arg);
      if (name) await vscode.env.clipboard.writeText(name);
    },
    [CommandIds.enterAccessKeys]: async () => {
      const accessKeyId = await vscode.window.showInputBox({
        title: vscode.l10n.t('Access key ID (kept in VS Code secret storage)'),
        placeHolder: 'AKIA…',
        ignoreFocusOut: true,
        validateInput: (v) =>
          /^[A-Z0-9]{16,128}$/.test(v.trim())
            ? undefined
            : vscode.l10n.t('An access key ID is 16 or more capital letters and digits'),
      });
      if (!accessKeyId) return;
      const secretAccessKey = await vscode.window.showInputBox({
        title: vscode.l10n.t('Secret access key'),
        password: true,
        ignoreFocusOut: true,
      });
      if (!secretAccessKey) return;
      const sessionToken = await vscode.window.showInputBox({
        title: vscode.l10n.t('Session token (leave empty for long-term keys)'),
        password: true,
        ignoreFocusOut: true,
      });
      await s.credentials.setExplicitKeys({
        accessKeyId: accessKeyId.trim(),
        secretAccessKey: secretAccessKey.trim(),
        ...(sessionToken ? { sessionToken: sessionToken.trim() } : {}),
      });
    },
    [CommandIds.forgetAccessKeys]: () => s.credentials.setExplicitKeys(undefined),
    [CommandIds.planLargeDownload]: (arg, options) =>
      reportErrors(() => s.plans.planLargeDownload(arg, options as { shards?: number } | undefined)),
    [CommandIds.planStatus]: (arg) => reportErrors(() => s.plans.showStatus(arg)),
    [CommandIds.download]: async (arg, more) => {
      try {
        // The explorer passes (clicked, allSelected) for a multi-selection.
        return await s.downloads.download(Array.isArray(more) && more.length > 1 ? more : arg);
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Cloud Data Router: {0}', errorMessage(e)));
        return undefined;
      }
    },
    [CommandIds.signInMast]: () => s.downloads.signInMast(),
    [CommandIds.signOutMast]: () => s.downloads.signOutMast(),
    [CommandIds.setDownloadCap]: () => s.downloads.setDownloadCap(),
    [CommandIds.setArchiveToken]: () => s.downloads.setArchiveToken(),
    [CommandIds.forgetArchiveTokens]: () => s.downloads.forgetArchiveTokens(),
    [CommandIds.verifyCredentials]: () => verifyCredentials(s.credentials, s.logger),
    [CommandIds.signInSso]: (arg) => signInSso(s.credentials, s.logger, profileNameOf(arg)),
    [CommandIds.signInEarthdata]: () => reportErrors(() => s.earthdata.signIn()),
    [CommandIds.signOutEarthdata]: () => reportErrors(() => s.earthdata.signOut()),
  };
  return Object.entries(handlers).map(([id, fn]) => vscode.commands.registerCommand(id, fn));
}
