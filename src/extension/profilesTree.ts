// I/O: shows Rows (decided in view/*Rows.ts) as TreeItems in the "Profiles & Context" view.
import * as vscode from 'vscode';
import type { Row } from './view/row';

export class ProfilesTreeProvider implements vscode.TreeDataProvider<Row>, vscode.Disposable {
  readonly #onDidChangeTreeData = new vscode.EventEmitter<Row | undefined>();
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  #roots: readonly Row[] = [];
  #parents = new Map<string, Row | undefined>();

  /** Replaces the whole tree; ids keep expansion state across refreshes. */
  setRoots(roots: readonly Row[]): void {
    this.#roots = roots;
    this.#parents.clear();
    const walk = (row: Row, parent: Row | undefined) => {
      this.#parents.set(row.id, parent);
      row.children?.forEach((c) => walk(c, row));
    };
    roots.forEach((r) => walk(r, undefined));
    this.#onDidChangeTreeData.fire(undefined);
  }

  roots(): readonly Row[] {
    return this.#roots;
  }

  find(id: string): Row | undefined {
    const stack = [...this.#roots];
    while (stack.length) {
      const row = stack.pop()!;
      if (row.id === id) return row;
      stack.push(...(row.children ?? []));
    }
    return undefined;
  }

  getTreeItem(row: Row): vscode.TreeItem {
    const state = row.children?.length
      ? row.expanded
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(row.label, state);
    item.id = row.id;
    item.description = row.description;
    if (row.tooltip) item.tooltip = new vscode.MarkdownString(row.tooltip);
    if (row.icon)
      item.iconPath = new vscode.ThemeIcon(row.icon, row.iconColor ? new vscode.ThemeColor(row.iconColor) : undefined);
    item.contextValue = row.contextValue;
    if (row.command)
      item.command = {
        command: row.command.id,
        title: row.command.title,
        arguments: row.command.args ? [...row.command.args] : [row],
      };
    return item;
  }

  getChildren(row?: Row): Row[] {
    return [...(row ? (row.children ?? []) : this.#roots)];
  }

  getParent(row: Row): Row | undefined {
    return this.#parents.get(row.id);
  }

  dispose(): void {
    this.#onDidChangeTreeData.dispose();
  }
}
