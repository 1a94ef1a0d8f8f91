// I/O: the "Download…" flow in VS Code: URIs in, routes decided, trust and cap checked, progress with cancel,
// files verified into the workspace, and a summary with "Reveal in Explorer".
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { CdrError } from '../../core/errors';
import { planDownloads, type DownloadPlan } from '../../core/routing/downloadItemFor';
import {
  bearerHeaders,
  mastTokenHeaders,
  mergeHeaders,
  normalizeTokenHost,
  type HeadersByOrigin,
} from '../../core/transfer/bearerTokens';
import type { RoutePolicy } from '../../core/routing/types';
import type { MastProductFilters } from '../../core/catalog/mastProducts';
import type { SetTotals } from '../../core/routing/planSet';
import type { EarthdataForGet } from '../../core/earthdata/transferLogin';
import type { DownloadItem, FileResult, Layout } from '../../core/transfer/types';
import type { Logger } from '../../core/util/logger';
import type { CredentialsModel } from '../credentialsModel';
import type { RouteService } from '../route/routeService';
import { localizeMessage } from '../localizeMessage';
import { localizeRoute } from '../route/localizeRoute';
import { getSetting } from '../settings';
import { formatBytes, formatProgress, summarizeResults } from './formatProgress';
import { parseListFile } from '../../core/catalog/listFile';
import { splitTypedUris } from './manifestInput';

export const MAST_TOKEN_SECRET = 'cloudDataRouter.mastToken';
const TOKEN_HOSTS_KEY = 'cloudDataRouter.bearerTokenHosts';
const tokenSecret = (host: string) => `cloudDataRouter.bearer:${host}`;
const GiB = 1024 ** 3;

export interface DownloadDeps {
  readonly routes: RouteService;
  readonly credentials: CredentialsModel;
  readonly logger: Logger;
  readonly secrets: vscode.SecretStorage;
  /** Which hosts have a bearer token in secret storage (the tokens themselves stay there). */
  readonly state: vscode.Memento;
  /** Where the download-cap ledger lives (the extension's global storage). */
  readonly storageDir: string;
  /** The env the catalog and transfer see: endpoints applied, trust-checked. */
  readonly transferEnv: () => Record<string, string | undefined>;
  readonly mastBaseUrl: () => string;
  readonly policy: () => RoutePolicy;
  readonly inCloud: () => boolean;
  readonly sessionId: string;
  /** Earthdata Login for a batch (session, DAAC-scoped S3 keys); throws before any request for an expired token. */
  readonly earthdata?: (items: readonly DownloadItem[]) => Promise<EarthdataForGet>;
}

export class DownloadFeature {
  #last: readonly FileResult[] = [];
  #lastManifest: string | undefined;

  constructor(private readonly deps: DownloadDeps) {}

  /** Results of the last download, for tests and the summary. */
  lastResults(): readonly FileResult[] {
    return this.#last;
  }

  /** The result manifest the last batch wrote (batches of two files or more), for tests. */
  lastManifest(): string | undefined {
    return this.#lastManifest;
  }

  async #inputs(arg: unknown): Promise<string[] | undefined> {
    if (typeof arg === 'string') return splitTypedUris(arg);
    if (Array.isArray(arg) && arg.every((a) => typeof a === 'string')) return arg as string[];
    // Explorer context menu on a manifest: the file and, with a multi-selection, all selected files.
    const files = (Array.isArray(arg) ? arg : [arg]).filter((a): a is vscode.Uri => a instanceof vscode.Uri);
    if (files.length) {
      const uris: string[] = [];
      for (const f of files) {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(f));
        // The same list reader as `cdr get LIST`: lines, a CSV column, or an astroquery product table (CSV/ECSV).
        const m = parseListFile(text, vscode.workspace.asRelativePath(f));
        if (m.skippedLines.length)
          this.deps.logger.warn('transfer', `${f.fsPath}: no URI on line(s) ${m.skippedLines.slice(0, 20).join(', ')}`);
        uris.push(...m.entries.map((e) => e.uri));
      }
      return uris;
    }
    const editor = vscode.window.activeTextEditor;
    const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection).trim() : '';
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Cloud Data Router: download'),
      prompt: vscode.l10n.t('One or more s3://, mast: or https:// URIs, separated by spaces or commas'),
      value: selected || this.deps.routes.recent()[0] || '',
      ignoreFocusOut: true,
      validateInput: (v) => {
        const bad = splitTypedUris(v)
          .map((u) => this.deps.routes.validate(u))
          .find((m) => m !== undefined);
        return splitTypedUris(v).length === 0 ? vscode.l10n.t('Enter at least one URI') : bad;
      },
    });
    return typed ? splitTypedUris(typed) : undefined;
  }

  async #destination(): Promise<string | undefined> {
    const dir = getSetting<string>('download.directory', 'data');
    if (isAbsolute(dir)) return dir;
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) return join(folder.uri.fsPath, dir);
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Downloads go into a workspace folder. Open a folder first.'),
      vscode.l10n.t('Open Folder…'),
    );
    if (choice) await vscode.commands.executeCommand('workbench.action.files.openFolder');
    return undefined;
  }

  #tokenHosts(): string[] {
    return this.deps.state.get<string[]>(TOKEN_HOSTS_KEY, []);
  }

  /** Each token goes to its own origin only; the engine drops it on redirects elsewhere. */
  async #loginHeaders(): Promise<HeadersByOrigin> {
    const bearer: Record<string, string> = {};
    for (const host of this.#tokenHosts()) {
      const t = await this.deps.secrets.get(tokenSecret(host));
      if (t) bearer[host] = t;
    }
    const mast = (await this.deps.secrets.get(MAST_TOKEN_SECRET)) || process.env.MAST_API_TOKEN;
    return mergeHeaders(bearerHeaders(bearer, 'archive tokens'), mastTokenHeaders(this.deps.mastBaseUrl(), mast));
  }

  async setArchiveToken(): Promise<void> {
    const host = await vscode.window.showInputBox({
      title: vscode.l10n.t('Archive token: host'),
      prompt: vscode.l10n.t(
        'The archive host the token is for, e.g. data.example.org (or an origin such as https://host:8443). The token is sent to it alone.',
      ),
      ignoreFocusOut: true,
      validateInput: (v) => {
        try {
          normalizeTokenHost(v, 'host');
          return undefined;
        } catch (e) {
          return (e as Error).message;
        }
      },
    });
    if (!host) return;
    const key = normalizeTokenHost(host, 'host');
    const token = await vscode.window.showInputBox({
      title: vscode.l10n.t('Bearer token for {0}', key),
      password: true,
      ignoreFocusOut: true,
    });
    if (!token) return;
    await this.deps.secrets.store(tokenSecret(key), token.trim());
    await this.deps.state.update(TOKEN_HOSTS_KEY, [...new Set([...this.#tokenHosts(), key])]);
    void vscode.window.showInformationMessage(vscode.l10n.t('Token saved for {0}.', key));
  }

  async forgetArchiveTokens(): Promise<void> {
    for (const host of this.#tokenHosts()) await this.deps.secrets.delete(tokenSecret(host));
    await this.deps.state.update(TOKEN_HOSTS_KEY, []);
    void vscode.window.showInformationMessage(vscode.l10n.t('Archive tokens forgotten.'));
  }

  /** Downloads are off in an untrusted workspace: its settings could redirect requests or credentials. */
  trusted(): Promise<boolean> {
    return this.#trusted();
  }

  async #trusted(): Promise<boolean> {
    if (vscode.workspace.isTrusted) return true;
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        'Downloads are off in an untrusted workspace: its settings could redirect requests or credentials.',
      ),
      vscode.l10n.t('Manage Workspace Trust'),
    );
    if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
    return false;
  }

  async download(arg?: unknown): Promise<readonly FileResult[] | undefined> {
    if (!(await this.#trusted())) return undefined;
    const inputs = await this.#inputs(arg);
    if (!inputs?.length) return undefined;
    const destDir = await this.#destination();
    if (!destDir) return undefined;

    const { locations, routes } = await this.deps.routes.plan(inputs);
    for (const u of inputs) await this.deps.routes.remember(u);
    // Localized first, so the warnings and refusals it gathers are in the UI's language.
    const plan = planDownloads(
      routes.map((r) => localizeRoute(r, vscode.l10n)),
      locations,
    );
    return this.#runBatch(plan, destDir, {
      title: vscode.l10n.t('Downloading {0} file(s)', plan.items.length),
    });
  }

  /**
   * A data set (a prefix, an observation): `plan` lists and routes it — every file with its listed size — before any
   * byte moves, so the cap prompt can give the whole set's total and cost first.
   */
  async downloadSet(
    label: string,
    plan: (signal: AbortSignal) => Promise<DownloadPlan & { totals?: SetTotals }>,
  ): Promise<readonly FileResult[] | undefined> {
    if (!(await this.#trusted())) return undefined;
    const destDir = await this.#destination();
    if (!destDir) return undefined;
    const planned = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Listing {0}', label),
        cancellable: true,
      },
      async (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort(new CdrError('Cancelled', { code: 'Cancelled' })));
        try {
          return await plan(abort.signal);
        } catch (e) {
          if (abort.signal.aborted) return undefined;
          throw e;
        }
      },
    );
    if (!planned) return undefined;
    if (!planned.items.length && !planned.refused.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to download in {0}.', label));
      return [];
    }
    const listedBytes = planned.totals?.bytes ?? planned.items.reduce((a, i) => a + (i.listed?.size ?? 0), 0);
    this.deps.logger.info(
      'transfer',
      `${label}: ${planned.items.length} file(s), ${listedBytes} bytes listed, ${planned.refused.length} without a route`,
    );
    return this.#runBatch(planned, destDir, {
      title: vscode.l10n.t('Downloading {0}: {1} files, {2}', label, planned.items.length, formatBytes(listedBytes)),
      set: { label, files: planned.items.length, bytes: listedBytes },
    });
  }

  /**
   * Core's set planner over what the user named (prefixes, globs, observations, lists): every file listed with its
   * size and routed before any byte moves. Listings sign with the credentials that win, else go anonymous.
   */
  async planSet(
    inputs: readonly string[],
    opts: { productFilters?: MastProductFilters; signal?: AbortSignal } = {},
  ): Promise<DownloadPlan & { totals: SetTotals }> {
    const { prepareSetInputs } = await import('../../core/catalog/expandSet');
    const { planDataSet } = await import('../../core/routing/planDataSet');
    const { catalog, context, identity, policy } = await this.deps.routes.routingInputs();
    const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
    const prepared = await prepareSetInputs(inputs, { catalog, cwd });
    const snap = await this.deps.credentials.get();
    const r = snap.resolution;
    const items: DownloadItem[] = [];
    const plan = await planDataSet(
      prepared,
      {
        catalog,
        context,
        identity,
        policy,
        layout: getSetting<Layout>('download.layout', 'mirror'),
        env: this.deps.transferEnv(),
        ...(r.source !== null && !r.error && snap.provider ? { credentials: snap.provider } : {}),
        cwd,
        defaultRegion: r.region || 'us-east-1',
        ...(opts.productFilters ? { productFilters: opts.productFilters } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      },
      (f) => {
        items.push(f.item);
      },
    );
    return {
      items,
      refused: plan.refused,
      warnings: plan.warnings.map((w) => {
        const text = w.message ? localizeMessage(w.message, vscode.l10n) : w.text;
        return { text: w.files > 1 ? vscode.l10n.t('{0} ({1} files)', text, w.files) : text, uris: [w.example] };
      }),
      totals: plan.totals,
    };
  }

  async #runBatch(
    plan: DownloadPlan,
    destDir: string,
    how: { title: string; set?: { label: string; files: number; bytes: number } },
  ): Promise<readonly FileResult[] | undefined> {
    const { items, refused, warnings } = plan;
    for (const w of warnings) this.deps.logger.warn('routing', `${w.text} (${w.uris.slice(0, 20).join(', ')})`);

    const snap = await this.deps.credentials.get();
    const prices = this.deps.policy().prices;
    const options = {
      destDir,
      layout: getSetting<Layout>('download.layout', 'mirror'),
      env: this.deps.transferEnv(),
      credentials: items.some((i) => i.via === 's3') ? snap.provider : undefined,
      region: snap.resolution.region || undefined,
      httpHeadersByOrigin: await this.#loginHeaders(),
      concurrency: getSetting<number>('download.concurrency', 8),
      partSize: getSetting<number>('download.partSizeMiB', 16) * 1024 * 1024,
      logger: this.deps.logger,
    };
    const earthdata = this.deps.earthdata ? await this.deps.earthdata(items) : null;
    const { DownloadLedger, downloadBatch, writeManifest } = await import('../../core/transfer/index');
    const ledger = new DownloadLedger({ dir: this.deps.storageDir });
    const caps = {
      batchCapBytes: getSetting<number>('download.maxBytes', 10 * GiB) || undefined,
      monthlyCapBytes: getSetting<number>('download.maxBytesPer30Days', 0) || undefined,
    };
    const usdPerGb = this.deps.inCloud() ? prices.crossRegionPerGB : prices.internetPerGB;

    const run = (confirmed: boolean) =>
      vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: how.title,
          cancellable: true,
        },
        async (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort(new CdrError('Cancelled', { code: 'Cancelled' })));
          let lastPct = 0;
          const outcome = await downloadBatch(items, {
            ...options,
            ...(earthdata?.options ?? {}),
            signal: abort.signal,
            budget: { ledger, sessionId: this.deps.sessionId, ...caps, usdPerGb, confirmed },
            onProgress: (e) => {
              const pct = e.bytesTotal ? (100 * e.bytesDone) / e.bytesTotal : 0;
              progress.report({ message: formatProgress(e, vscode.l10n), increment: Math.max(0, pct - lastPct) });
              lastPct = Math.max(lastPct, pct);
            },
          });
          // The last progress event can precede the final renames; end the bar at 100 % before it closes.
          if (outcome.kind === 'done')
            progress.report({
              message: vscode.l10n.t('{0} of {0} files', items.length),
              increment: Math.max(0, 100 - lastPct),
            });
          return outcome;
        },
      );

    let outcome: Awaited<ReturnType<typeof run>>;
    try {
      outcome = items.length ? await run(false) : { kind: 'done' as const, results: [], s3Bytes: 0 };
    } catch (e) {
      earthdata?.dispose();
      throw e;
    }
    if (outcome.kind === 'needs-confirmation') {
      const go = vscode.l10n.t('Download Anyway');
      const message = how.set
        ? vscode.l10n.t(
            '{0} lists {1} files, {2} in all; {3} of it over S3 (estimated cost ${4}): {5}.',
            how.set.label,
            how.set.files,
            formatBytes(how.set.bytes),
            formatBytes(outcome.s3Bytes),
            outcome.estimatedCostUsd.toFixed(2),
            outcome.reason,
          )
        : vscode.l10n.t(
            'This download needs {0} over S3 (estimated cost ${1}): {2}.',
            formatBytes(outcome.s3Bytes),
            outcome.estimatedCostUsd.toFixed(2),
            outcome.reason,
          );
      const answer = await vscode.window.showWarningMessage(
        message,
        { modal: true, detail: vscode.l10n.t('Change the cap with "Cloud Data Router: Set Download Cap…".') },
        go,
      );
      if (answer !== go) {
        this.deps.logger.info('transfer', `download declined over the cap: ${outcome.reason}`);
        return undefined;
      }
      outcome = await Promise.resolve(run(true)).finally(() => earthdata?.dispose());
    } else earthdata?.dispose();
    const results = [...refused, ...(outcome.kind === 'done' ? outcome.results : outcome.results)];
    this.#last = results;
    for (const r of results) {
      if (r.status === 'ERROR') this.deps.logger.error('transfer', `${r.uri}: ${r.error}`);
      else
        this.deps.logger.info(
          'transfer',
          `${r.status} ${r.uri} → ${r.path} (${r.bytes ?? '?'} bytes via ${r.via}${r.verified.length ? `, verified ${r.verified.join('+')}` : ''}${r.resumed ? ', resumed' : ''})`,
        );
    }
    let manifest: string | undefined;
    if (results.length > 1) {
      // astroquery's result table, for batches: what came, what was skipped, what failed and why.
      const file = join(destDir, 'cdr-manifest.csv');
      await writeManifest(file, results).then(
        () => {
          manifest = file;
          this.deps.logger.info('transfer', `result manifest: ${file}`);
        },
        (e: unknown) => this.deps.logger.warn('transfer', `could not write ${file}: ${String(e)}`),
      );
    }
    this.#lastManifest = manifest;
    void this.#summary(results, manifest);
    return results;
  }

  async #summary(results: readonly FileResult[], manifest: string | undefined): Promise<void> {
    const s = summarizeResults(results, vscode.l10n);
    const reveal = vscode.l10n.t('Reveal in Explorer');
    const openManifest = vscode.l10n.t('Open Result Manifest');
    const showLog = vscode.l10n.t('Show Log');
    const signIn = vscode.l10n.t('Sign In to MAST…');
    const needsLogin = results.some((r) => r.errorCode === 'login-required');
    const actions = [
      ...(s.complete + s.skipped ? [reveal] : []),
      ...(manifest ? [openManifest] : []),
      ...(needsLogin ? [signIn] : []),
      ...(s.failed ? [showLog] : []),
    ];
    const show = s.failed ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
    const choice = await show(vscode.l10n.t('Cloud Data Router: {0}', s.text), ...actions);
    const first = results.find((r) => r.status !== 'ERROR' && r.path);
    if (choice === reveal && first?.path)
      await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(first.path));
    if (choice === openManifest && manifest)
      await vscode.window.showTextDocument(vscode.Uri.file(manifest), { preview: false });
    if (choice === showLog) await vscode.commands.executeCommand('cloudDataRouter.showLog');
    if (choice === signIn) await vscode.commands.executeCommand('cloudDataRouter.signInMast');
  }

  async signInMast(): Promise<void> {
    const token = await vscode.window.showInputBox({
      title: vscode.l10n.t('Sign in to MAST'),
      prompt: vscode.l10n.t(
        'A MAST API token (from auth.mast.stsci.edu/token). It is kept in VS Code secret storage and sent only to MAST.',
      ),
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) =>
        v.trim().length >= 16 ? undefined : vscode.l10n.t('A MAST token is a long string of letters and digits'),
    });
    if (!token) return;
    await this.deps.secrets.store(MAST_TOKEN_SECRET, token.trim());
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Signed in to MAST: exclusive-access files you may see will download.'),
    );
  }

  async signOutMast(): Promise<void> {
    await this.deps.secrets.delete(MAST_TOKEN_SECRET);
    void vscode.window.showInformationMessage(vscode.l10n.t('Signed out of MAST.'));
  }

  async setDownloadCap(): Promise<void> {
    const current = getSetting<number>('download.maxBytes', 10 * GiB);
    const presets = [1, 10, 100, 1000].map((g) => ({ label: `${g} GiB`, bytes: g * GiB }));
    const items = [
      ...presets.map((p) => ({
        label: `${p.bytes === current ? '$(check) ' : ''}${p.label}`,
        description: vscode.l10n.t('per download batch over S3'),
        bytes: p.bytes,
      })),
      { label: vscode.l10n.t('No cap'), description: vscode.l10n.t('never ask'), bytes: 0 },
      { label: vscode.l10n.t('Custom…'), description: '', bytes: -1 },
    ];
    const pick = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t(
        'Cloud Data Router: S3 download cap (now {0})',
        current ? formatBytes(current) : vscode.l10n.t('none'),
      ),
    });
    if (!pick) return;
    let bytes = pick.bytes;
    if (bytes < 0) {
      const typed = await vscode.window.showInputBox({
        prompt: vscode.l10n.t('Cap in GiB'),
        validateInput: (v) => (/^\d+(\.\d+)?$/.test(v) ? undefined : vscode.l10n.t('A number of GiB')),
      });
      if (!typed) return;
      bytes = Math.round(Number(typed) * GiB);
    }
    await vscode.workspace
      .getConfiguration('cloudDataRouter')
      .update('download.maxBytes', bytes, vscode.ConfigurationTarget.Global);
  }
}
