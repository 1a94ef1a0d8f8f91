// I/O: the "Explain Route" command — which URI (argument, selection, word under the cursor, or a quick
// pick of recent ones with an input box), then route it and show the panel.
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { Route } from '../../core/routing/types';
import type { ExplainPanel } from './explainPanel';
import { dataUriAt, findDataUris } from './findDataUris';
import type { RouteService } from './routeService';

/** A CodeLens or hover passes a string; a tree node or another extension may pass `{ uri }`. */
export function uriFromArgument(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg.trim() !== '') return arg.trim();
  if (arg instanceof vscode.Uri) return arg.toString(true);
  if (typeof arg === 'object' && arg !== null) {
    const u = (arg as { uri?: unknown }).uri;
    if (typeof u === 'string' && u.trim() !== '') return u.trim();
    if (u instanceof vscode.Uri) return u.toString(true);
  }
  return undefined;
}

/** The selection if it is (or contains) a data address, else the address under the cursor. */
export function uriFromEditor(editor: vscode.TextEditor | undefined, service: RouteService): string | undefined {
  if (!editor) return undefined;
  const sel = editor.selection;
  if (!sel.isEmpty) {
    const text = editor.document.getText(sel).trim();
    const found = findDataUris(text)[0];
    if (found) return found.uri;
    return text !== '' && !/\s/.test(text) && service.validate(text) === undefined ? text : undefined;
  }
  const line = editor.document.lineAt(sel.active.line).text;
  return dataUriAt(line, sel.active.character)?.uri;
}

async function askForUri(service: RouteService): Promise<string | undefined> {
  const enterNew: vscode.QuickPickItem = { label: `$(add) ${vscode.l10n.t('Enter a URI…')}`, alwaysShow: true };
  const recent = service.recent();
  let pick: vscode.QuickPickItem | undefined = enterNew;
  if (recent.length) {
    pick = await vscode.window.showQuickPick(
      [enterNew, ...recent.map((u) => ({ label: u, description: vscode.l10n.t('recent') }))],
      {
        title: vscode.l10n.t('Explain Route'),
        placeHolder: vscode.l10n.t('Pick a recent URI or enter a new one'),
      },
    );
  }
  if (!pick) return undefined;
  if (pick !== enterNew) return pick.label;
  return vscode.window.showInputBox({
    title: vscode.l10n.t('Explain Route'),
    prompt: vscode.l10n.t(
      'A file address: s3://bucket/key, mast:HST/product/…, or an S3, MAST, HEASARC or IRSA https URL',
    ),
    placeHolder: 's3://stpubdata/hst/public/…',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? undefined : service.validate(v.trim())),
  });
}

/** Returns the Route it showed (tests and other commands use it), or undefined when cancelled or failed. */
export async function explainRouteCommand(
  arg: unknown,
  service: RouteService,
  panel: ExplainPanel,
  onRouted: (routes: Route[]) => void,
): Promise<Route | undefined> {
  const uri =
    uriFromArgument(arg) ??
    uriFromEditor(vscode.window.activeTextEditor, service) ??
    (await askForUri(service))?.trim();
  if (!uri) return undefined;
  try {
    const routes = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Routing {0}', uri) },
      () => service.route([uri]),
    );
    onRouted(routes);
    await service.remember(uri);
    panel.show(routes[0]);
    return routes[0];
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot explain the route: {0}', errorMessage(e)));
    return undefined;
  }
}
