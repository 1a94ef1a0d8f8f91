// I/O: the composition root: builds every service once and hands each disposable to VS Code.
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { parseUserBuckets, parseUserMirrors } from '../core/catalog/index';
import type { ProbeImdsMode } from '../core/context/index';
import { DEFAULT_POLICY, type RoutePolicy, type RoutePrices } from '../core/routing/index';
import { CommandIds } from './commandIds';
import { AstroqueryFeature } from './astroquery/astroqueryFeature';
import { registerCommands } from './commands';
import { ContextModel } from './contextModel';
import { detectUserBotocore, onPythonChanged } from './pythonBotocore';
import { CredentialsModel } from './credentialsModel';
import { registerDataFeature, type DataFeature } from './data/index';
import { registerEarthdataSearch } from './earthdata/searchCommand';
import { cmrSearchToken } from '../core/earthdata/cmrToken';
import { parseUserDaacs } from '../core/earthdata/daacs';
import { userDaacsFromEnv } from '../core/earthdata/userDaacs';
import { DownloadFeature } from './download/downloadFeature';
import { EarthdataFeature } from './earthdata/earthdataFeature';
import { PlanFeature } from './plan/planFeature';
import { createLogger } from './log';
import { ProfilesTreeProvider } from './profilesTree';
import { registerRouteFeatures, type RouteFeatures } from './route/index';
import { affects, getSetting } from './settings';
import { CredentialsStatusBar } from './statusBar';
import { contextRows } from './view/contextRows';
import { earthdataRow } from './view/earthdataRows';
import { renderCredentialsStatus } from './view/credentialsStatus';
import { activeProfileName, profileRows } from './view/profileRows';
import type { Row } from './view/row';

/** What tests (and other extensions) can read; never secrets. */
export interface CdrApi {
  readonly activatedInMs: number;
  statusBarText(): string;
  statusBarTooltip(): string;
  treeProvider(): ProfilesTreeProvider;
  readonly credentials: CredentialsModel;
  readonly context: ContextModel;
  /** Explain Route, CodeLens and hover: the service and test hooks. */
  routes(): RouteFeatures;
  readonly downloads: DownloadFeature;
  /** Route → Python, Insert into Notebook, Download with astroquery. */
  readonly astroquery: AstroqueryFeature;
  /** The Cloud Data view: buckets and their listings. */
  readonly data: DataFeature;
  readonly plans: PlanFeature;
  /** Earthdata Login: sign-in state (never the secret) and the login lent to downloads. */
  readonly earthdata: EarthdataFeature;
  /** Resolves when the first credentials and context results are shown. */
  ready(): Promise<void>;
}

export function activate(context: vscode.ExtensionContext): CdrApi {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('Cloud Data Router', { log: true });
  context.subscriptions.push(channel);
  const logger = createLogger(channel);
  const env = process.env;

  const contextModel = new ContextModel({
    env,
    logger,
    probeImds: () => getSetting<ProbeImdsMode>('context.probeImds', 'auto'),
    declaredPlatform: () => getSetting<string>('platform', ''),
  });
  const credentials = new CredentialsModel({
    baseEnv: env,
    homedir: homedir(),
    state: context.globalState,
    secrets: context.secrets,
    logger,
    fileOverrides: () => ({
      config: getSetting<string>('awsConfigFile', '') || undefined,
      credentials: getSetting<string>('awsCredentialsFile', '') || undefined,
    }),
    onEc2: () => contextModel.context?.service === 'ec2',
    detectBotocore: () => detectUserBotocore({ ...env }),
  });

  // Set only by `npm start` (scripts/demo): the servers are local stand-ins, and the UI must say so.
  const demo = env.CDR_DEMO === '1';
  const tree = new ProfilesTreeProvider();
  const treeView = vscode.window.createTreeView('cloudDataRouter.profiles', {
    treeDataProvider: tree,
    showCollapseAll: true,
  });
  const statusBar = new CredentialsStatusBar();
  // The env and DAAC entries the catalog sees (settings applied: earthdata.cmrUrl, earthdata.daacs).
  const earthdata = new EarthdataFeature({
    secrets: context.secrets,
    logger,
    env: () => catalogOptions(credentials.env()).env,
    userDaacs: () => catalogOptions(credentials.env()).userDaacs,
  });
  context.subscriptions.push(contextModel, credentials, tree, treeView, statusBar, ...earthdata.register());

  const render = () => {
    const snap = credentials.snapshot;
    const rows = [...(demo ? [demoRow()] : []), contextRows(contextModel.state, vscode.l10n)];
    if (snap) rows.push(...profileRows(snap.config, snap.resolution, snap.env, vscode.l10n));
    // Earthdata Login beside the AWS chain: the data provider's login, not an AWS profile.
    if (earthdata.report) rows.push(earthdataRow(earthdata.report, vscode.l10n));
    tree.setRoots(rows);
    const active = snap ? snap.config.profiles.find((p) => p.name === activeProfileName(snap.resolution)) : undefined;
    const view = renderCredentialsStatus(
      {
        resolution: snap?.resolution,
        selectedProfile: snap?.selectedProfile,
        context: contextModel.context,
        activeProfileBroken: !!active?.problems.some((p) => p.severity === 'error'),
        now: new Date(),
      },
      vscode.l10n,
    );
    statusBar.apply({ ...view, command: CommandIds.selectProfile }, getSetting('statusBar.enabled', true));
    void vscode.commands.executeCommand(
      'setContext',
      'cloudDataRouter.profileSelected',
      snap?.selectedProfile !== undefined,
    );
  };
  render();

  context.subscriptions.push(
    credentials.onDidChange(render),
    contextModel.onDidChange(render),
    earthdata.onDidChange(render),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, 'statusBar.enabled')) render();
      if (affects(e, 'awsConfigFile') || affects(e, 'awsCredentialsFile')) void credentials.reload();
      if (affects(e, 'platform') || affects(e, 'context.probeImds')) void contextModel.refresh();
      if (affects(e, 'earthdata.loginUrl')) void earthdata.refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void credentials.reload();
      void contextModel.refresh();
    }),
  );

  const routeDeps = {
    getContext: () => contextModel.get(),
    getIdentity: async () => {
      const r = (await credentials.get()).resolution;
      return { hasCredentials: r.source !== null && !r.error, source: r.error ? null : r.source, profile: r.profile };
    },
    getPolicy: routePolicy,
    catalogOptions: () => catalogOptions(credentials.env()),
    logger,
  };
  const routes = registerRouteFeatures(context, routeDeps);
  const plans = new PlanFeature({ ...routeDeps, credentials, extensionPath: context.extensionPath });
  const downloads = new DownloadFeature({
    routes: routes.service,
    credentials,
    logger,
    secrets: context.secrets,
    state: context.globalState,
    storageDir: context.globalStorageUri.fsPath,
    transferEnv: () => catalogOptions(credentials.env()).env,
    mastBaseUrl: () => getSetting<string>('endpoints.mast', '') || env.CDR_MAST_URL || 'https://mast.stsci.edu',
    policy: routePolicy,
    inCloud: () => contextModel.context?.inCloud === true,
    sessionId: vscode.env.sessionId,
    earthdata: (items) => earthdata.forBatch(items),
  });
  const astroquery = new AstroqueryFeature({
    routes: routes.service,
    identity: async () => {
      const r = (await credentials.get()).resolution;
      return { hasCredentials: r.source !== null && !r.error, source: r.error ? null : r.source, profile: r.profile };
    },
    secrets: context.secrets,
    storageDir: context.globalStorageUri.fsPath,
    logger,
  });
  // New credentials or a new context can change every route: lenses and hovers route again.
  context.subscriptions.push(
    ...astroquery.register(),
    ...registerCommands({ channel, logger, credentials, context: contextModel, downloads, plans, earthdata }),
    credentials.onDidChange(() => routes.invalidate()),
    contextModel.onDidChange((s) => {
      if (s.status !== 'detecting') routes.invalidate();
    }),
  );

  context.subscriptions.push(
    registerEarthdataSearch({
      downloads,
      catalogOptions: () => catalogOptions(credentials.env()),
      logger,
      cmrToken: async () => {
        const { token, note } = cmrSearchToken(await earthdata.state());
        if (note) logger.warn('credentials', note);
        return token;
      },
    }),
  );

  const data = registerDataFeature(context, {
    credentials,
    routes: routes.service,
    downloads,
    catalogOptions: () => catalogOptions(credentials.env()),
    logger,
  });

  // Both run in the background: activation returns at once, the tree shows "Detecting…" meanwhile.
  const contextReady = contextModel.start().then(async (state) => {
    // The instance role may only be probed once the context says EC2; resolve again when it does.
    if (state.status === 'done' && state.context.service === 'ec2') await credentials.reload();
  });
  // The user's botocore is asked after the first resolution (a Python process, ~50 ms): the first answer follows the
  // current release, and a different version or awscrt resolves again.
  const earthdataReady = earthdata.refresh();
  const credentialsReady = credentials
    .reload()
    .then(() => credentials.detectBotocore())
    .catch((e: unknown) => logger.error('credentials', String(e)));
  context.subscriptions.push(onPythonChanged(() => void credentials.detectBotocore(true)));

  const activatedInMs = performance.now() - started;
  logger.info('extension', `activated in ${activatedInMs.toFixed(1)} ms`);
  return {
    activatedInMs,
    statusBarText: () => statusBar.item.text,
    statusBarTooltip: () =>
      typeof statusBar.item.tooltip === 'string' ? statusBar.item.tooltip : (statusBar.item.tooltip?.value ?? ''),
    treeProvider: () => tree,
    routes: () => routes,
    downloads,
    astroquery,
    data,
    plans,
    credentials,
    context: contextModel,
    earthdata,
    ready: async () => {
      await Promise.all([contextReady, credentialsReady, earthdataReady]);
    },
  };
}

const demoRow = (): Row => ({
  id: 'demo',
  label: vscode.l10n.t('Demo environment'),
  description: vscode.l10n.t('local stand-ins for S3, MAST, EC2 and Earthdata'),
  tooltip: vscode.l10n.t(
    '**Demo environment** (started by `npm start`): S3, MAST, the HEASARC mirror, the EC2 instance metadata service and NASA Earthdata (Earthdata Login, two DAACs, CMR) are local servers on 127.0.0.1 with sample data. Nothing here reaches AWS or an archive. A normal install never shows this.',
  ),
  icon: 'beaker',
  iconColor: 'charts.purple',
  contextValue: 'cdr.demo',
});

function routePolicy(): RoutePolicy {
  return {
    via: getSetting<RoutePolicy['via']>('via', DEFAULT_POLICY.via),
    allowCrossRegion: getSetting<boolean>('allowCrossRegion', DEFAULT_POLICY.allowCrossRegion),
    unknownContext: getSetting<RoutePolicy['unknownContext']>('unknownContext', DEFAULT_POLICY.unknownContext),
    prices: { ...DEFAULT_POLICY.prices, ...getSetting<Partial<RoutePrices>>('prices', {}) },
  };
}

/** Settings win over the CDR_* variables the CLI reads; both are parsed by the same core functions. */
function catalogOptions(env: Record<string, string | undefined>) {
  const s3 = getSetting<string>('endpoints.s3', '');
  if (s3) env.AWS_ENDPOINT_URL_S3 = s3;
  const buckets = getSetting<unknown[]>('buckets', []);
  const mirrors = getSetting<unknown[]>('mirrors', []);
  const cmr = getSetting<string>('earthdata.cmrUrl', '');
  if (cmr) env.EARTHDATA_CMR_URL = cmr;
  const daacs = getSetting<unknown[]>('earthdata.daacs', []);
  return {
    env,
    mastBaseUrl: getSetting<string>('endpoints.mast', '') || undefined,
    userBuckets: buckets.length
      ? parseUserBuckets(buckets, 'cloudDataRouter.buckets')
      : env.CDR_BUCKETS
        ? parseUserBuckets(env.CDR_BUCKETS, 'CDR_BUCKETS')
        : undefined,
    userMirrors: mirrors.length
      ? parseUserMirrors(mirrors, 'cloudDataRouter.mirrors')
      : env.CDR_MIRRORS
        ? parseUserMirrors(env.CDR_MIRRORS, 'CDR_MIRRORS')
        : undefined,
    userDaacs: daacs.length
      ? parseUserDaacs(daacs, 'cloudDataRouter.earthdata.daacs')
      : userDaacsFromEnv(env, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd()),
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
