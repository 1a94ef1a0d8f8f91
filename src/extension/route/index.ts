// I/O: wires issue 5's VS Code faces — the Explain Route command and panel, CodeLens and hover — and
// hands every disposable to the extension context; returns the service and a small test API.
import * as vscode from 'vscode';
import { daacTable } from '../../core/earthdata/daacs';
import type { Route } from '../../core/routing/types';
import { explainRouteCommand } from './explainCommand';
import { ExplainPanel } from './explainPanel';
import { ROUTE_DOCUMENT_SELECTOR, RouteLensProvider } from './routeLenses';
import { RouteService, type RouteServiceDeps } from './routeService';
import { DOWNLOAD_COMMAND, EXPLAIN_COMMAND } from './routeSummary';

export { RouteService, type RouteServiceDeps } from './routeService';
export const RouteCommandIds = { explainRoute: EXPLAIN_COMMAND } as const;

export interface RouteFeatureDeps extends RouteServiceDeps {
  /** The panel's Download button; defaults to executing `cloudDataRouter.download` with the URI. */
  readonly onDownload?: (uri: string) => unknown;
}

export interface RouteFeatures {
  readonly service: RouteService;
  /** Call when credentials, profile, cloud context or routing settings change: lenses and hovers re-route. */
  invalidate(): void;
  /** Test hooks: what the Explain panel last showed, and the routes last computed by the command. */
  lastPanelHtml(): string;
  lastRoutes(): readonly Route[];
  panelVisible(): boolean;
}

const LENS_SETTING = 'cloudDataRouter.codeLens.enabled';
const HOVER_SETTING = 'cloudDataRouter.hover.enabled';

export function registerRouteFeatures(context: vscode.ExtensionContext, deps: RouteFeatureDeps): RouteFeatures {
  const service = new RouteService(deps, context.globalState);
  const onDownload = deps.onDownload ?? ((uri: string) => vscode.commands.executeCommand(DOWNLOAD_COMMAND, uri));
  const panel = new ExplainPanel({ onDownload });
  const setting = (key: string) => vscode.workspace.getConfiguration().get<boolean>(key, true);
  const mirrorPrefixes = () => {
    try {
      return (deps.catalogOptions().userMirrors ?? []).map((m) => m.urlPrefix);
    } catch {
      // A malformed mirror setting is reported when routing; lenses just skip mirrors meanwhile.
      return [];
    }
  };
  // The DAACs' HTTPS origins (built-in table and user entries): their files get lenses like archive URLs.
  const dataOrigins = () => {
    try {
      return daacTable(deps.catalogOptions().userDaacs).flatMap((d) => d.origins);
    } catch {
      return daacTable().flatMap((d) => d.origins);
    }
  };
  const lenses = new RouteLensProvider({
    service,
    logger: deps.logger,
    lensesEnabled: () => setting(LENS_SETTING),
    hoverEnabled: () => setting(HOVER_SETTING),
    mirrorPrefixes,
    dataOrigins,
  });
  let lastRoutes: readonly Route[] = [];

  context.subscriptions.push(
    panel,
    lenses,
    vscode.commands.registerCommand(EXPLAIN_COMMAND, (arg?: unknown) =>
      explainRouteCommand(arg, service, panel, (r) => (lastRoutes = r)),
    ),
    vscode.languages.registerCodeLensProvider(ROUTE_DOCUMENT_SELECTOR, lenses),
    vscode.languages.registerHoverProvider(ROUTE_DOCUMENT_SELECTOR, lenses),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(LENS_SETTING)) lenses.refresh();
      // Endpoints, buckets, via, cross-region: any routing input may have moved.
      else if (e.affectsConfiguration('cloudDataRouter')) {
        service.invalidate();
        lenses.invalidate();
      }
    }),
  );

  return {
    service,
    invalidate: () => {
      service.invalidate();
      lenses.invalidate();
    },
    lastPanelHtml: () => panel.html,
    lastRoutes: () => lastRoutes,
    panelVisible: () => panel.visible,
  };
}
