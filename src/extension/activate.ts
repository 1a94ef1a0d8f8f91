// I/O: the composition root: builds every service once and hands each disposable to VS Code.
import * as vscode from 'vscode';
import { CommandIds } from './commandIds';
import { createLogger } from './log';
import { ProfilesTreeProvider } from './profilesTree';
import { CredentialsStatusBar } from './statusBar';

/** What tests (and other extensions) can read; never secrets. */
export interface CdrApi {
  readonly activatedInMs: number;
  statusBarText(): string;
  treeProvider(): ProfilesTreeProvider;
}

export function activate(context: vscode.ExtensionContext): CdrApi {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('Cloud Data Router', { log: true });
  context.subscriptions.push(channel);
  const logger = createLogger(channel);

  const tree = new ProfilesTreeProvider();
  const treeView = vscode.window.createTreeView('cloudDataRouter.profiles', { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new CredentialsStatusBar();
  context.subscriptions.push(tree, treeView, statusBar);

  const statusBarEnabled = () => vscode.workspace.getConfiguration('cloudDataRouter').get<boolean>('statusBar.enabled', true);
  const renderStatus = () =>
    statusBar.apply(
      { text: '$(key) AWS: …', tooltip: vscode.l10n.t('Cloud Data Router: resolving credentials'), severity: 'ok', command: CommandIds.showLog },
      statusBarEnabled(),
    );
  renderStatus();

  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.showLog, () => channel.show()),
    vscode.commands.registerCommand(CommandIds.refresh, () => tree.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('cloudDataRouter.statusBar.enabled')) renderStatus();
    }),
  );

  const activatedInMs = performance.now() - started;
  logger.info('extension', `activated in ${activatedInMs.toFixed(1)} ms`);
  return {
    activatedInMs,
    statusBarText: () => statusBar.item.text,
    treeProvider: () => tree,
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
