// I/O: "Plan Large Download…" (a set → a sharded plan in the workspace, plan.json opened) and "Show Plan Status"
// (the shards' results merged into manifest.csv) — the same core as `cdr plan`.
import { randomUUID } from 'node:crypto';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { Catalog, type CatalogOptions } from '../../core/catalog/index';
import { prepareSetInputs } from '../../core/catalog/expandSet';
import type { CloudContext } from '../../core/context/types';
import { CdrError } from '../../core/errors';
import {
  buildPlan,
  mergeStatus,
  planContextOf,
  readPlan,
  readShard,
  readShardResults,
  statusCsv,
  writeFileAtomic,
  writePlan,
  type PlannedFile,
} from '../../core/plan/index';
import { planDataSet } from '../../core/routing/planDataSet';
import type { RouteIdentity, RoutePolicy } from '../../core/routing/types';
import type { Layout } from '../../core/transfer/types';
import type { Logger } from '../../core/util/logger';
import { VERSION } from '../../core/version';
import type { CredentialsModel } from '../credentialsModel';
import { formatBytes } from '../download/formatProgress';
import { getSetting } from '../settings';

export interface PlanDeps {
  getContext(): Promise<CloudContext>;
  getIdentity(): Promise<RouteIdentity>;
  getPolicy(): RoutePolicy;
  catalogOptions(): CatalogOptions;
  readonly credentials: CredentialsModel;
  readonly logger: Logger;
  /** The extension's folder: the Dask runner ships in it (python/cdr_dask.py). */
  readonly extensionPath: string;
}

const GiB = 1024 ** 3;

/** A tree node, a URI string, or nothing (then the user types one). */
function inputsOf(arg: unknown): string[] | undefined {
  if (typeof arg === 'string') return arg.split(/[\s,]+/).filter(Boolean);
  const node = arg as { uri?: unknown; s3Uri?: unknown } | undefined;
  if (node && typeof node.s3Uri === 'string') return [node.s3Uri];
  if (node && typeof node.uri === 'string') return [node.uri];
  return undefined;
}

export class PlanFeature {
  constructor(private readonly deps: PlanDeps) {}

  /** `options.shards` lets a keybinding or another extension skip the question. */
  async planLargeDownload(arg?: unknown, options?: { shards?: number }): Promise<string | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Plans need a trusted workspace.'));
      return undefined;
    }
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Plans are written into a workspace folder. Open a folder first.'),
      );
      return undefined;
    }
    const typed =
      inputsOf(arg) ??
      (
        await vscode.window.showInputBox({
          title: vscode.l10n.t('Plan Large Download: data set'),
          prompt: vscode.l10n.t('A prefix (s3://bucket/prefix/), a glob, mast:obs/… or URIs, separated by spaces'),
          ignoreFocusOut: true,
        })
      )
        ?.split(/[\s,]+/)
        .filter(Boolean);
    if (!typed?.length) return undefined;
    const given = options?.shards;
    const shardsText =
      given !== undefined && Number.isInteger(given) && given >= 1
        ? String(given)
        : await vscode.window.showInputBox({
            title: vscode.l10n.t('Plan Large Download: shards'),
            prompt: vscode.l10n.t('How many shards (one task each for Dask, Slurm or xargs)'),
            value: '8',
            ignoreFocusOut: true,
            validateInput: (v) =>
              /^[1-9]\d{0,4}$/.test(v.trim()) ? undefined : vscode.l10n.t('A whole number from 1 to 99999'),
          });
    if (!shardsText) return undefined;
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    const dir = join(folder.uri.fsPath, 'plans', `plan-${stamp}`);
    const destSetting = getSetting<string>('download.directory', 'data');
    const dest = isAbsolute(destSetting) ? destSetting : join(folder.uri.fsPath, destSetting);
    const layout = getSetting<Layout>('download.layout', 'mirror');
    const capBytes = getSetting<number>('download.maxBytes', 10 * GiB) || Number.MAX_SAFE_INTEGER;

    const built = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Listing and routing {0}', typed.join(' ')),
      },
      async () => {
        const catalog = new Catalog(this.deps.catalogOptions());
        const env = this.deps.catalogOptions().env ?? {};
        const prepared = await prepareSetInputs(typed, { catalog, cwd: folder.uri.fsPath });
        const [context, identity, snapshot] = await Promise.all([
          this.deps.getContext(),
          this.deps.getIdentity(),
          this.deps.credentials.get(),
        ]);
        const policy = this.deps.getPolicy();
        const files: PlannedFile[] = [];
        const set = await planDataSet(
          prepared,
          {
            catalog,
            context,
            identity,
            policy,
            layout,
            env,
            ...(snapshot.provider ? { credentials: snapshot.provider } : {}),
            cwd: folder.uri.fsPath,
            defaultRegion: snapshot.resolution.region || env.AWS_REGION || 'us-east-1',
          },
          (f) => void files.push(f),
        );
        if (set.refused.length)
          throw new CdrError(
            `${set.refused.length} file(s) cannot be fetched, first ${set.refused[0]!.uri}: ${set.refused[0]!.error ?? ''}`,
            {
              code: 'Routing',
            },
          );
        const input = {
          planId: randomUUID(),
          createdAt: new Date().toISOString(),
          inputs: typed,
          files,
          shardCount: Number(shardsText.trim()),
          destination: dest,
          layout,
          context: planContextOf(context),
          credentials: {
            source: identity.source,
            profile: snapshot.resolution.profile,
            region: snapshot.resolution.region,
          },
          policy: { via: policy.via, allowCrossRegion: policy.allowCrossRegion, unknownContext: policy.unknownContext },
          prices: policy.prices,
          capBytes,
          cdrVersion: VERSION,
        };
        return { input, plan: buildPlan(input) };
      },
    );
    let { plan } = built;
    if (!plan.plan.cap.allowed) {
      const yes = vscode.l10n.t('Write the Plan');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t(
          'This plan pulls {0} over S3 (estimated ${1}), more than your cap of {2}. Write it anyway?',
          formatBytes(plan.plan.cap.s3Bytes),
          plan.plan.totals.estimatedCostUsd.toFixed(2),
          formatBytes(capBytes),
        ),
        { modal: true },
        yes,
      );
      if (choice !== yes) return undefined;
      plan = buildPlan({ ...built.input, capBytes: plan.plan.cap.s3Bytes });
    }
    await writePlan(dir, plan);
    this.deps.logger.info('transfer', `plan ${plan.plan.planId} written to ${dir}`);
    await vscode.window.showTextDocument(vscode.Uri.file(join(dir, 'plan.json')));
    const runner = join(this.deps.extensionPath, 'python', 'cdr_dask.py');
    const command = `python3 ${JSON.stringify(runner)} ${JSON.stringify(dir)} --workers 4`;
    const copy = vscode.l10n.t('Copy Dask Command');
    void vscode.window
      .showInformationMessage(
        vscode.l10n.t(
          'Plan written: {0} files, {1}, {2} shards. Run each shard with cdr get --plan, or all of them on Dask.',
          plan.plan.totals.files,
          formatBytes(plan.plan.totals.bytes),
          plan.plan.shardCount,
        ),
        copy,
      )
      .then((c) => (c === copy ? vscode.env.clipboard.writeText(command) : undefined));
    return dir;
  }

  async #pickPlanDir(arg: unknown): Promise<string | undefined> {
    if (arg instanceof vscode.Uri) return arg.fsPath.endsWith('plan.json') ? join(arg.fsPath, '..') : arg.fsPath;
    if (typeof arg === 'string') return arg;
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active?.fsPath.endsWith('plan.json')) return join(active.fsPath, '..');
    const found = await vscode.workspace.findFiles('**/plan.json', '**/node_modules/**', 50);
    if (!found.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No plan.json in this workspace.'));
      return undefined;
    }
    if (found.length === 1) return join(found[0]!.fsPath, '..');
    const pick = await vscode.window.showQuickPick(
      found.map((u) => ({ label: vscode.workspace.asRelativePath(u), dir: join(u.fsPath, '..') })),
      { title: vscode.l10n.t('Which plan?') },
    );
    return pick?.dir;
  }

  async showStatus(arg?: unknown): Promise<{ complete: boolean; text: string } | undefined> {
    const dir = await this.#pickPlanDir(arg);
    if (!dir) return undefined;
    const plan = await readPlan(dir);
    const [shards, results] = await Promise.all([
      Promise.all(plan.shards.map((s) => readShard(join(dir, s.file)))),
      readShardResults(dir, plan),
    ]);
    const s = mergeStatus({ plan, planDir: dir, shards, results });
    const manifest = join(dir, 'manifest.csv');
    await writeFileAtomic(manifest, statusCsv(s.rows));
    const text = vscode.l10n.t(
      'Plan {0}: {1} COMPLETE, {2} SKIPPED, {3} ERROR of {4} files; shards: {5} complete, {6} failed, {7} not run.',
      s.complete ? vscode.l10n.t('complete') : vscode.l10n.t('incomplete'),
      s.files.COMPLETE,
      s.files.SKIPPED,
      s.files.ERROR,
      s.files.total,
      s.shards.complete.length,
      s.shards.failed.length,
      s.shards.missing.length,
    );
    const open = vscode.l10n.t('Open Manifest');
    const copy = vscode.l10n.t('Copy Rerun Command');
    const buttons = s.rerun.command ? [open, copy] : [open];
    const show = s.complete ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(text, ...buttons).then(async (c) => {
      if (c === open) await vscode.window.showTextDocument(vscode.Uri.file(manifest));
      if (c === copy && s.rerun.command) await vscode.env.clipboard.writeText(s.rerun.command);
    });
    return { complete: s.complete, text };
  }
}
