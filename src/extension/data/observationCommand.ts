// I/O: "Download Observation…": an observation id, MAST's product list for it, product filters in a quick pick, then
// the filtered set planned by core (listed, sized, routed) and downloaded as one batch.
import * as vscode from 'vscode';
import { MastPortal, type MastProduct, type MastProductFilters } from '../../core/catalog/mastProducts';
import { CdrError } from '../../core/errors';
import type { FileResult } from '../../core/transfer/types';
import type { DownloadFeature } from '../download/downloadFeature';
import type { RouteService } from '../route/routeService';
import {
  filtersFromPicks,
  keptProducts,
  observationFilterGroups,
  parseObservationInput,
  type FilterPick,
} from './observationPicks';

export interface ObservationDeps {
  readonly routes: RouteService;
  readonly downloads: DownloadFeature;
}

type PickItem = vscode.QuickPickItem & { readonly pick?: FilterPick };

/**
 * `uri` and `filters` may come as arguments (a link, another extension, tests); otherwise the user is asked. Returns
 * the download's results, or undefined when cancelled.
 */
export async function downloadObservation(
  deps: ObservationDeps,
  arg?: unknown,
  givenFilters?: MastProductFilters,
): Promise<readonly FileResult[] | undefined> {
  // Before asking MAST anything: an untrusted workspace's settings could point the product list elsewhere.
  if (!(await deps.downloads.trusted())) return undefined;
  const typed =
    typeof arg === 'string'
      ? arg
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Download Observation'),
          prompt: vscode.l10n.t(
            'A MAST observation: its collection and observation id, e.g. HST/jbtf01010 or mast:obs/HST/jbtf01010',
          ),
          placeHolder: 'HST/jbtf01010',
          ignoreFocusOut: true,
          validateInput: (v) =>
            v.trim() === '' || parseObservationInput(v)
              ? undefined
              : vscode.l10n.t('Expected a collection and an observation id, e.g. HST/jbtf01010'),
        });
  if (!typed?.trim()) return undefined;
  const ref = parseObservationInput(typed);
  if (!ref)
    throw new CdrError(`Not an observation (expected e.g. HST/jbtf01010 or mast:obs/HST/jbtf01010): ${typed}`, {
      code: 'BadInput',
    });

  let filters = givenFilters;
  if (!filters) {
    const products = await productList(deps, ref.collection, ref.obsId);
    if (!products) return undefined;
    const groups = observationFilterGroups(products, vscode.l10n);
    if (groups.length) {
      const items: PickItem[] = groups.flatMap((g) => [
        { label: g.title, kind: vscode.QuickPickItemKind.Separator },
        ...g.picks.map((p) => ({ label: p.label, description: p.description, picked: p.picked, pick: p })),
      ]);
      const chosen = await vscode.window.showQuickPick(items, {
        title: vscode.l10n.t('Products of {0}: {1} files', ref.uri, products.length),
        placeHolder: vscode.l10n.t('Pick filters (none: every product). Any value within a group, every group picked.'),
        canPickMany: true,
        ignoreFocusOut: true,
      });
      if (!chosen) return undefined;
      filters = filtersFromPicks(chosen.flatMap((c) => (c.pick ? [c.pick] : [])));
    } else filters = {};
    if (!keptProducts(products, filters).length) {
      void vscode.window.showWarningMessage(vscode.l10n.t('No product of {0} matches these filters.', ref.uri));
      return undefined;
    }
  }
  const productFilters = filters;
  return deps.downloads.downloadSet(ref.uri, (signal) => deps.downloads.planSet([ref.uri], { productFilters, signal }));
}

/** MAST's portal API, as astroquery asks it: the observation's obsids, then their products. */
async function productList(
  deps: ObservationDeps,
  collection: string,
  obsId: string,
): Promise<MastProduct[] | undefined> {
  const { catalog } = await deps.routes.routingInputs();
  const portal = new MastPortal({ baseUrl: catalog.mastBase });
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Asking MAST for the products of {0}/{1}', collection, obsId),
      cancellable: true,
    },
    async (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort(new CdrError('Cancelled', { code: 'Cancelled' })));
      try {
        return await portal.products(await portal.obsids(collection, obsId, abort.signal), abort.signal);
      } catch (e) {
        if (abort.signal.aborted) return undefined;
        throw e;
      }
    },
  );
}
