// I/O: the Cloud Data view's tree: buckets at the root, each bucket or prefix listed one level at a time (delimiter
// `/`) when expanded, 1,000 entries a page with "Load more…", failures as a row; routes computed on hover.
import * as vscode from 'vscode';
import type { OpenDataBucket } from '../../core/catalog/types';
import type { Route } from '../../core/routing/types';
import {
  PAGE_SIZE,
  bucketNodes,
  dataRow,
  emptyNode,
  errorNode,
  levelNodes,
  levelSummary,
  moreNode,
  routeTooltipLines,
  type ContainerNode,
  type DataNode,
  type MoreNode,
} from './dataRows';
import type { BucketLister } from '../../core/catalog/listing';

export interface DataTreeDeps {
  /** The user's buckets (setting) and the catalog's table, read on every refresh. */
  buckets(): { readonly user: readonly OpenDataBucket[]; readonly catalog: readonly OpenDataBucket[] };
  /** The lister for the current endpoint and credentials. */
  lister(): Promise<BucketLister>;
  /** The route of one file address from here (for tooltips). */
  route(uri: string): Promise<Route>;
  /** One line per listing (what, how long, how many), for the log. */
  readonly log?: (line: string) => void;
}

interface Level {
  readonly children: DataNode[];
  readonly nextToken: string | null;
}

/**
 * Routing reads the bucket's facts (region, requester pays, HTTPS copy) and never the key, so one placeholder file
 * name under a prefix stands for all its files; it is never requested.
 */
export const PROBE_NAME = '…';

export class DataTreeProvider implements vscode.TreeDataProvider<DataNode>, vscode.Disposable {
  readonly #onDidChangeTreeData = new vscode.EventEmitter<DataNode | DataNode[] | undefined>();
  readonly onDidChangeTreeData = this.#onDidChangeTreeData.event;
  #levels = new Map<string, Level>();
  #loading = new Map<string, Promise<Level>>();
  #nodes = new Map<string, DataNode>();
  #generation = 0;
  #toRedraw = new Set<DataNode>();
  #redrawTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: DataTreeDeps) {}

  /** Forgets every listing (new credentials, endpoint or buckets); expanded nodes list again. */
  refresh(): void {
    this.#generation++;
    this.#levels.clear();
    this.#loading.clear();
    this.#nodes.clear();
    this.#toRedraw.clear();
    this.#onDidChangeTreeData.fire(undefined);
  }

  node(id: string): DataNode | undefined {
    return this.#nodes.get(id);
  }

  getParent(node: DataNode): DataNode | undefined {
    return node.parentId ? this.#nodes.get(node.parentId) : undefined;
  }

  async getChildren(node?: DataNode): Promise<DataNode[]> {
    if (!node) {
      const { user, catalog } = this.deps.buckets();
      return this.#remember(bucketNodes(user, catalog));
    }
    if (node.kind !== 'bucket' && node.kind !== 'prefix') return [];
    const level = await this.#level(node);
    const more = level.nextToken ? [moreNode(node, level.nextToken, level.children.length)] : [];
    return this.#remember([...level.children, ...more]);
  }

  #row(node: DataNode) {
    const level = this.#levels.get(node.id);
    const summary = level && level.children.some((c) => c.kind !== 'message') ? level : undefined;
    return dataRow(
      node,
      vscode.l10n,
      summary ? levelSummary(summary.children, summary.nextToken !== null, vscode.l10n) : undefined,
    );
  }

  getTreeItem(node: DataNode): vscode.TreeItem {
    const row = this.#row(node);
    const item = new vscode.TreeItem(
      row.label,
      row.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = node.id;
    item.description = row.description;
    item.iconPath = new vscode.ThemeIcon(row.icon, row.iconColor ? new vscode.ThemeColor(row.iconColor) : undefined);
    item.contextValue = row.contextValue;
    // VS Code resolves (on hover) only what getTreeItem left undefined: rows with a route get their tooltip there.
    if (row.tooltip && (node.kind === 'more' || node.kind === 'message')) item.tooltip = markdown(row.tooltip);
    if (row.command) item.command = { command: row.command, title: row.label, arguments: [node] };
    if (node.kind === 'object') item.resourceUri = vscode.Uri.parse(`s3://${node.bucket.bucket}/${node.object.key}`);
    return item;
  }

  /** On hover: the route from here, added under the row's own tooltip. */
  async resolveTreeItem(item: vscode.TreeItem, node: DataNode): Promise<vscode.TreeItem> {
    if (node.kind === 'more' || node.kind === 'message') return item;
    const forPrefix = node.kind !== 'object';
    const uri =
      node.kind === 'object'
        ? `s3://${node.bucket.bucket}/${node.object.key}`
        : `s3://${node.bucket.bucket}/${node.prefix}${PROBE_NAME}`;
    const base = this.#row(node).tooltip ?? '';
    try {
      const route = await this.deps.route(uri);
      item.tooltip = markdown([base, '', '---', '', ...routeTooltipLines(route, vscode.l10n, forPrefix)].join('\n'));
    } catch (e) {
      item.tooltip = markdown(`${base}\n\n---\n\n$(warning) ${vscode.l10n.t('No route: {0}', String(e))}`);
    }
    return item;
  }

  /** "Load more…": the next page of its level, appended; the row itself is replaced by the next "Load more…". */
  async loadMore(more: MoreNode): Promise<void> {
    const parent = this.#nodes.get(more.parentId);
    const level = this.#levels.get(more.parentId);
    if (!parent || (parent.kind !== 'bucket' && parent.kind !== 'prefix') || !level) return;
    if (level.nextToken !== more.token) return; // already loaded (a double click)
    const generation = this.#generation;
    const next = await this.#fetch(parent, more.token);
    if (generation !== this.#generation) return;
    const seen = new Set(level.children.map((c) => c.id));
    const added = next.children.filter((c) => !seen.has(c.id) && c.kind !== 'message');
    const failure = next.children.find((c) => c.kind === 'message' && c.reason !== 'empty');
    this.#levels.set(parent.id, {
      children: [...level.children, ...added, ...(failure ? [failure] : [])],
      nextToken: failure ? null : next.nextToken,
    });
    this.#onDidChangeTreeData.fire(parent);
  }

  /**
   * A row's description sums up its listing, so the row is redrawn once listed. Redrawing a parent while a child's
   * listing is pending was seen to leave the child expanded with no rows (VS Code drops the pending children), so
   * redraws wait until nothing is loading and the tree has been quiet for a moment, then go out together.
   */
  #redrawWhenIdle(node: DataNode): void {
    this.#toRedraw.add(node);
    clearTimeout(this.#redrawTimer);
    this.#redrawTimer = setTimeout(() => {
      if (this.#loading.size) return; // the last pending listing schedules it again
      const nodes = [...this.#toRedraw].filter((n) => this.#nodes.get(n.id) === n);
      this.#toRedraw.clear();
      if (nodes.length) this.#onDidChangeTreeData.fire(nodes);
    }, 300);
  }

  #remember(nodes: DataNode[]): DataNode[] {
    for (const n of nodes) this.#nodes.set(n.id, n);
    return nodes;
  }

  #level(node: ContainerNode): Promise<Level> {
    const cached = this.#levels.get(node.id);
    if (cached) return Promise.resolve(cached);
    let pending = this.#loading.get(node.id);
    if (!pending) {
      const generation = this.#generation;
      pending = this.#fetch(node, undefined).then((level) => {
        if (generation === this.#generation) {
          this.#levels.set(node.id, level);
          this.#loading.delete(node.id);
          this.#redrawWhenIdle(node);
        }
        return level;
      });
      this.#loading.set(node.id, pending);
    }
    return pending;
  }

  async #fetch(node: ContainerNode, token: string | undefined): Promise<Level> {
    const started = Date.now();
    const at = `s3://${node.bucket.bucket}/${node.prefix}${token ? ' (next page)' : ''}`;
    try {
      const lister = await this.deps.lister();
      const page = await lister.listLevel(node.bucket.bucket, node.prefix, {
        region: node.bucket.region,
        requesterPays: node.bucket.requesterPays,
        maxKeys: PAGE_SIZE,
        ...(token ? { continuationToken: token } : {}),
      });
      const children = levelNodes(node, page);
      this.deps.log?.(
        `listed ${at} in ${Date.now() - started} ms: ${page.prefixes.length} prefixes, ${page.objects.length} objects${page.nextToken ? ', more' : ''}`,
      );
      if (!children.length && !page.nextToken && !token)
        return { children: [emptyNode(node, vscode.l10n)], nextToken: null };
      return { children, nextToken: page.nextToken };
    } catch (e) {
      this.deps.log?.(`listing ${at} failed after ${Date.now() - started} ms: ${String(e)}`);
      return { children: [errorNode(node, e, vscode.l10n)], nextToken: null };
    }
  }

  dispose(): void {
    clearTimeout(this.#redrawTimer);
    this.#onDidChangeTreeData.dispose();
  }
}

function markdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text);
  md.supportThemeIcons = true;
  return md;
}
