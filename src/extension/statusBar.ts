// I/O: the credentials status bar item; what it says is decided elsewhere, this only applies it.
import * as vscode from 'vscode';

export interface StatusView {
  readonly text: string;
  readonly tooltip: string;
  readonly severity: 'ok' | 'warning' | 'error';
  readonly command?: string;
}

export class CredentialsStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('cloudDataRouter.credentials', vscode.StatusBarAlignment.Left, 100);
    this.item.name = vscode.l10n.t('Cloud Data Router: AWS credentials');
  }

  apply(view: StatusView, visible: boolean): void {
    this.item.text = view.text;
    const md = new vscode.MarkdownString(view.tooltip, true);
    this.item.tooltip = md;
    this.item.command = view.command;
    this.item.backgroundColor =
      view.severity === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : view.severity === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    if (visible) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
