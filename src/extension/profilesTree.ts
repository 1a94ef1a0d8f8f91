// I/O: maps the extension's models to TreeItems for the "Profiles & Context" view.
import * as vscode from 'vscode';

export class ProfilesTreeProvider implements vscode.TreeDataProvider<vscode.TreeItem>, vscode.Disposable {
  readonly #onDidChangeTreeData = new vscode.EventEmitter<vscode.TreeItem | undefined>();
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;

  refresh(node?: vscode.TreeItem): void {
    this.#onDidChangeTreeData.fire(node);
  }

  getTreeItem(element: vscode.TreeItem): vscode.TreeItem {
    return element;
  }

  getChildren(): vscode.TreeItem[] {
    const item = new vscode.TreeItem(vscode.l10n.t('Cloud context'), vscode.TreeItemCollapsibleState.None);
    item.id = 'context';
    item.description = vscode.l10n.t('Detecting…');
    item.iconPath = new vscode.ThemeIcon('cloud');
    return [item];
  }

  dispose(): void {
    this.#onDidChangeTreeData.dispose();
  }
}
