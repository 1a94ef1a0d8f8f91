// I/O: the one "Explain route" webview panel — created on first use, then reused — and its two buttons.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { delegationFor, delegationReasons } from '../../core/astroquery/delegation';
import type { Route } from '../../core/routing/types';
import { renderRouteHtml, type RoutePanelMessage } from './renderRouteHtml';
import { shortName } from './routeText';

export const EXPLAIN_VIEW_TYPE = 'cloudDataRouter.explainRoute';

export interface ExplainPanelOptions {
  /** The Download button; the composition root points it at the download command. */
  onDownload(uri: string): unknown;
}

/** The astroquery buttons run these commands with the route's URI (registered by the astroquery feature). */
const PANEL_COMMANDS = {
  copyPython: 'cloudDataRouter.copyAsPython',
  insertNotebook: 'cloudDataRouter.insertIntoNotebook',
  downloadAstroquery: 'cloudDataRouter.downloadWithAstroquery',
} as const;

export class ExplainPanel implements vscode.Disposable {
  #panel: vscode.WebviewPanel | undefined;
  #route: Route | undefined;
  #html = '';
  readonly #disposables: vscode.Disposable[] = [];

  constructor(private readonly opts: ExplainPanelOptions) {}

  /** What the panel shows now (tests read it; the webview's DOM is out of reach from the extension host). */
  get html(): string {
    return this.#html;
  }

  get route(): Route | undefined {
    return this.#route;
  }

  get visible(): boolean {
    return this.#panel?.visible ?? false;
  }

  show(route: Route, column: vscode.ViewColumn = vscode.ViewColumn.Beside): void {
    const title = vscode.l10n.t('Route: {0}', shortName(route.uri));
    if (!this.#panel) {
      this.#panel = vscode.window.createWebviewPanel(
        EXPLAIN_VIEW_TYPE,
        title,
        { viewColumn: column, preserveFocus: false },
        {
          enableScripts: true,
          enableFindWidget: true,
          // Nothing is loaded from disk: styles, script and the SVG are inline, allowed by the nonce.
          localResourceRoots: [],
        },
      );
      this.#panel.onDidDispose(() => (this.#panel = undefined), null, this.#disposables);
      this.#panel.webview.onDidReceiveMessage((m: RoutePanelMessage) => this.#onMessage(m), null, this.#disposables);
    } else {
      this.#panel.title = title;
      this.#panel.reveal(undefined, false);
    }
    this.#route = route;
    const webview = this.#panel.webview;
    this.#html = renderRouteHtml(route, {
      nonce: randomBytes(16).toString('base64'),
      cspSource: webview.cspSource,
      l10n: vscode.l10n,
      downloadsAllowed: vscode.workspace.isTrusted,
      astroquery: astroqueryBanner(route),
    });
    webview.html = this.#html;
  }

  async #onMessage(m: RoutePanelMessage): Promise<void> {
    const route = this.#route;
    if (!route || typeof m !== 'object' || m === null) return;
    if (m.type === 'download') {
      await this.opts.onDownload(route.uri);
    } else if (m.type in PANEL_COMMANDS) {
      await vscode.commands.executeCommand(PANEL_COMMANDS[m.type as keyof typeof PANEL_COMMANDS], route.uri);
    } else if (m.type === 'copyJson') {
      await vscode.env.clipboard.writeText(`${JSON.stringify(route, null, 2)}\n`);
      void vscode.window.showInformationMessage(vscode.l10n.t('Route copied to the clipboard as JSON: {0}', route.uri));
    }
  }

  dispose(): void {
    this.#panel?.dispose();
    for (const d of this.#disposables.splice(0)) d.dispose();
  }
}

function astroqueryBanner(route: Route) {
  const a = delegationFor(route);
  if (!a || route.via !== 'http') return undefined;
  return { archive: a.name, module: a.module, delegated: a.id !== 'mast', reasons: delegationReasons(route, a) };
}
