// I/O: wires the Cloud Data view — the tree, its lister (re-made when credentials or endpoints change) and the
// commands on its rows: Download…, Explain Route, Copy S3 URI, Copy HTTPS URL, Load more…, Refresh.
import * as vscode from 'vscode';
import type { CatalogOptions } from '../../core/catalog/catalog';
import { createBucketLister, type BucketLister } from '../../core/catalog/listing';
import { catalogTables, mirrorUrlFor, OPEN_DATA_BUCKETS } from '../../core/catalog/openDataBuckets';
import { errorMessage } from '../../core/errors';
import type { Logger } from '../../core/util/logger';
import type { CredentialsModel } from '../credentialsModel';
import type { DownloadFeature } from '../download/downloadFeature';
import type { RouteService } from '../route/routeService';
import { DATA_VIEW_ID, DataCommandIds, OBSERVATION_COMMAND } from './commandIds';
import { nodeUri, s3UriOf, type DataNode, type MoreNode } from './dataRows';
import { DataTreeProvider } from './dataTree';
import { downloadObservation } from './observationCommand';
import type { MastProductFilters } from '../../core/catalog/mastProducts';

export { DATA_VIEW_ID, DataCommandIds } from './commandIds';

export interface DataFeatureDeps {
  readonly credentials: CredentialsModel;
  readonly routes: RouteService;
  readonly downloads: DownloadFeature;
  /** Env with the endpoint settings applied, user buckets and mirrors (the same options routing uses). */
  catalogOptions(): CatalogOptions;
  readonly logger: Logger;
}

export interface DataFeature {
  readonly tree: DataTreeProvider;
  readonly view: vscode.TreeView<DataNode>;
  /** Re-makes the lister and lists again (credentials, endpoint or bucket settings changed). */
  reset(): void;
}

export function registerDataFeature(context: vscode.ExtensionContext, deps: DataFeatureDeps): DataFeature {
  let lister: Promise<BucketLister> | undefined;
  const getLister = () =>
    (lister ??= (async () => {
      const snap = await deps.credentials.get();
      const r = snap.resolution;
      // Anonymous when no credentials win, as boto3 would be: open-data buckets list without an account.
      return createBucketLister({
        env: deps.catalogOptions().env,
        credentials: r.source !== null && !r.error ? snap.provider : undefined,
      });
    })());

  const userBuckets = () => {
    try {
      return deps.catalogOptions().userBuckets ?? [];
    } catch (e) {
      deps.logger.warn('catalog', `cloudDataRouter.buckets ignored: ${errorMessage(e)}`);
      return [];
    }
  };

  const tree = new DataTreeProvider({
    buckets: () => ({ user: userBuckets(), catalog: OPEN_DATA_BUCKETS }),
    lister: getLister,
    route: async (uri) => (await deps.routes.route([uri]))[0]!,
    log: (line) => deps.logger.info('catalog', line),
  });
  const view = vscode.window.createTreeView(DATA_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });

  let identity = '';
  const reset = () => {
    const old = lister;
    lister = undefined;
    void old?.then((l) => l.destroy()).catch(() => undefined);
    tree.refresh();
  };

  /** The node a menu passed, or the view's selection when run from the palette. */
  const target = (arg: unknown): DataNode | undefined =>
    arg && typeof arg === 'object' && 'kind' in arg ? (arg as DataNode) : view.selection[0];

  const needNode = (arg: unknown): DataNode | undefined => {
    const node = target(arg);
    if (!node || !nodeUri(node)) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Select a bucket, folder or file in the Cloud Data view first.'),
      );
      return undefined;
    }
    return node;
  };

  /** A container's first file: its route is every file's route there (the bucket decides it). */
  const firstFileUnder = async (node: DataNode): Promise<string | undefined> => {
    if (node.kind === 'object') return s3UriOf(node.bucket.bucket, node.object.key);
    if (node.kind !== 'bucket' && node.kind !== 'prefix') return undefined;
    const l = await getLister();
    for await (const o of l.listAll(node.bucket.bucket, node.prefix, {
      region: node.bucket.region,
      requesterPays: node.bucket.requesterPays,
    }))
      return s3UriOf(o.bucket, o.key);
    return undefined;
  };

  const copy = async (text: string, what: string) => {
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}: {1}', what, text), 4000);
  };

  const handlers: Record<string, (...args: unknown[]) => unknown> = {
    [DataCommandIds.refresh]: () => reset(),
    [DataCommandIds.loadMore]: (arg) => {
      const node = target(arg);
      if (node?.kind === 'more') return tree.loadMore(node as MoreNode);
      return undefined;
    },
    [DataCommandIds.copyS3Uri]: async (arg) => {
      const node = needNode(arg);
      if (node) await copy(nodeUri(node)!, vscode.l10n.t('S3 URI'));
    },
    [DataCommandIds.copyHttpsUrl]: async (arg) => {
      const node = needNode(arg);
      if (!node) return undefined;
      if (node.kind === 'object') {
        const uri = nodeUri(node)!;
        try {
          const route = (await deps.routes.route([uri]))[0]!;
          if (route.httpUrl) return await copy(route.httpUrl, vscode.l10n.t('HTTPS URL'));
          void vscode.window.showWarningMessage(vscode.l10n.t('{0} has no free HTTPS copy.', uri));
        } catch (e) {
          void vscode.window.showErrorMessage(vscode.l10n.t('No HTTPS URL for {0}: {1}', uri, errorMessage(e)));
        }
        return undefined;
      }
      if (node.kind !== 'bucket' && node.kind !== 'prefix') return undefined;
      // A folder has an HTTPS address only where an archive mirrors the bucket as browsable directories (HEASARC).
      const opts = deps.catalogOptions();
      const tables = catalogTables({ userBuckets: opts.userBuckets, userMirrors: opts.userMirrors });
      const url = node.prefix ? mirrorUrlFor(tables, node.bucket.bucket, node.prefix) : undefined;
      if (url) return copy(url, vscode.l10n.t('HTTPS URL'));
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          '{0} has no HTTPS folder address; each file has its own (Copy HTTPS URL on a file).',
          nodeUri(node)!,
        ),
      );
      return undefined;
    },
    [DataCommandIds.explainRoute]: async (arg) => {
      const node = needNode(arg);
      if (!node) return undefined;
      try {
        const uri = await firstFileUnder(node);
        if (!uri) {
          void vscode.window.showInformationMessage(vscode.l10n.t('{0} holds no file to route.', nodeUri(node)!));
          return undefined;
        }
        return await vscode.commands.executeCommand('cloudDataRouter.explainRoute', uri);
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Cannot explain the route: {0}', errorMessage(e)));
        return undefined;
      }
    },
    [OBSERVATION_COMMAND]: async (arg, filters) => {
      try {
        return await downloadObservation(
          { routes: deps.routes, downloads: deps.downloads },
          arg,
          filters && typeof filters === 'object' ? (filters as MastProductFilters) : undefined,
        );
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Cloud Data Router: {0}', errorMessage(e)));
        return undefined;
      }
    },
    [DataCommandIds.download]: async (arg) => {
      const node = needNode(arg);
      if (!node) return undefined;
      try {
        if (node.kind === 'object') return await deps.downloads.download(nodeUri(node)!);
        if (node.kind !== 'prefix' && node.kind !== 'bucket') return undefined;
        const uri = nodeUri(node)!;
        return await deps.downloads.downloadSet(uri, (signal) => deps.downloads.planSet([uri], { signal }));
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Cloud Data Router: {0}', errorMessage(e)));
        return undefined;
      }
    },
  };

  context.subscriptions.push(
    tree,
    view,
    { dispose: () => void lister?.then((l) => l.destroy()).catch(() => undefined) },
    ...Object.entries(handlers).map(([id, fn]) => vscode.commands.registerCommand(id, fn)),
    // Reloads happen on every config save; only a different identity changes what a listing may see.
    deps.credentials.onDidChange((snap) => {
      const r = snap.resolution;
      const key = JSON.stringify([r.source, r.profile, r.accessKeyId, r.error]);
      if (key !== identity) {
        identity = key;
        reset();
      }
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (['endpoints.s3', 'buckets', 'mirrors'].some((k) => e.affectsConfiguration(`cloudDataRouter.${k}`))) reset();
    }),
  );
  return { tree, view, reset };
}
