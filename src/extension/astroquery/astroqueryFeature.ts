// I/O: the astroquery faces in VS Code — a route as Python (clipboard or a new notebook cell), and "Download with
// astroquery": the generated script shown, then run by the user's Python in an integrated terminal (so astroquery's
// own prompts work), its manifest read back when it ends.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { versionAtLeast, type DelegatedArchive } from '../../core/astroquery/archives';
import { delegationFor } from '../../core/astroquery/delegation';
import { probePython, readManifest, type ManifestEntry } from '../../core/astroquery/pythonRunner';
import { routesToPython } from '../../core/astroquery/routeToPython';
import { errorMessage } from '../../core/errors';
import type { RouteIdentity } from '../../core/routing/types';
import type { Logger } from '../../core/util/logger';
import { MAST_TOKEN_SECRET } from '../download/downloadFeature';
import type { RouteService } from '../route/routeService';
import { getSetting } from '../settings';

export const AstroqueryCommandIds = {
  copyAsPython: 'cloudDataRouter.copyAsPython',
  insertIntoNotebook: 'cloudDataRouter.insertIntoNotebook',
  downloadWithAstroquery: 'cloudDataRouter.downloadWithAstroquery',
} as const;

export interface AstroqueryDeps {
  readonly routes: RouteService;
  readonly identity: () => Promise<RouteIdentity>;
  readonly secrets: vscode.SecretStorage;
  readonly storageDir: string;
  readonly logger: Logger;
}

const PYTHON_EXTENSION = 'ms-python.python';

/** The interpreter: our setting, else the Python extension's selected one, else `python3` from PATH. */
async function pythonInterpreter(): Promise<string> {
  const configured = getSetting<string>('astroquery.pythonPath', '');
  if (configured) return configured;
  const ext = vscode.extensions.getExtension(PYTHON_EXTENSION);
  if (ext) {
    try {
      const api = (ext.isActive ? ext.exports : await ext.activate()) as {
        environments?: { getActiveEnvironmentPath?(r?: vscode.Uri): { path?: string } | undefined };
        settings?: { getExecutionDetails?(r?: vscode.Uri): { execCommand?: string[] } };
      };
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const env = api.environments?.getActiveEnvironmentPath?.(folder)?.path;
      if (env) return env;
      const exec = api.settings?.getExecutionDetails?.(folder)?.execCommand?.[0];
      if (exec) return exec;
    } catch {
      // The Python extension is optional; python3 from PATH is the documented fallback.
    }
  }
  return process.platform === 'win32' ? 'python' : 'python3';
}

export class AstroqueryFeature {
  #lastNotebook: vscode.NotebookEditor | undefined;
  #lastResults: readonly ManifestEntry[] = [];
  #lastScript = '';
  readonly #disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: AstroqueryDeps) {
    // Clicking the Explain panel moves focus off the notebook: remember the last one the user was in.
    this.#lastNotebook = vscode.window.activeNotebookEditor;
    this.#disposables.push(
      vscode.window.onDidChangeActiveNotebookEditor((e) => {
        if (e) this.#lastNotebook = e;
      }),
    );
  }

  /** For tests: what the last delegated download reported, and the script it ran. */
  lastResults(): readonly ManifestEntry[] {
    return this.#lastResults;
  }

  lastScript(): string {
    return this.#lastScript;
  }

  /** The download folder as the notebook code names it: relative stays relative (notebooks run in their folder). */
  #notebookDir(): string {
    return getSetting<string>('download.directory', 'data');
  }

  #destination(): string | undefined {
    const dir = getSetting<string>('download.directory', 'data');
    if (isAbsolute(dir)) return dir;
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? join(folder.uri.fsPath, dir) : undefined;
  }

  async pythonFor(uris: readonly string[]): Promise<string> {
    const [{ locations, routes }, identity] = await Promise.all([this.deps.routes.plan(uris), this.deps.identity()]);
    const script = routesToPython(
      routes.map((route, i) => ({ route, location: locations[i]! })),
      identity,
      { mode: 'notebook', downloadDir: this.#notebookDir() },
    );
    return script.code;
  }

  async copyAsPython(uri: unknown): Promise<string | undefined> {
    const uris = await this.#uris(uri);
    if (!uris) return undefined;
    try {
      const code = await this.pythonFor(uris);
      await vscode.env.clipboard.writeText(code);
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Python for {0} copied to the clipboard.', uris.join(', ')),
      );
      return code;
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot write Python for this route: {0}', errorMessage(e)));
      return undefined;
    }
  }

  /** A new code cell after the selection of the notebook the user was last in; a new notebook when there is none. */
  async insertIntoNotebook(uri: unknown): Promise<vscode.NotebookDocument | undefined> {
    const uris = await this.#uris(uri);
    if (!uris) return undefined;
    let code: string;
    try {
      code = await this.pythonFor(uris);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot write Python for this route: {0}', errorMessage(e)));
      return undefined;
    }
    const cell = new vscode.NotebookCellData(vscode.NotebookCellKind.Code, code.trimEnd(), 'python');
    const editor =
      vscode.window.activeNotebookEditor ??
      (this.#lastNotebook && !this.#lastNotebook.notebook.isClosed ? this.#lastNotebook : undefined) ??
      vscode.window.visibleNotebookEditors[0];
    if (!editor) {
      const doc = await vscode.workspace.openNotebookDocument('jupyter-notebook', new vscode.NotebookData([cell]));
      await vscode.window.showNotebookDocument(doc);
      return doc;
    }
    const at = editor.selection.isEmpty ? editor.notebook.cellCount : editor.selection.end;
    const edit = new vscode.WorkspaceEdit();
    edit.set(editor.notebook.uri, [vscode.NotebookEdit.insertCells(at, [cell])]);
    await vscode.workspace.applyEdit(edit);
    await vscode.window.showNotebookDocument(editor.notebook, {
      viewColumn: editor.viewColumn,
      selections: [new vscode.NotebookRange(at, at + 1)],
    });
    return editor.notebook;
  }

  async #uris(arg: unknown): Promise<string[] | undefined> {
    if (typeof arg === 'string' && arg.trim()) return [arg.trim()];
    if (Array.isArray(arg) && arg.every((a) => typeof a === 'string')) return arg as string[];
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Route as Python'),
      prompt: vscode.l10n.t('A file address: s3://…, mast:… or an archive https URL'),
      ignoreFocusOut: true,
    });
    return typed?.trim() ? [typed.trim()] : undefined;
  }

  /** Runs astroquery for these files in a terminal; resolves with the manifest when the script ends. */
  async downloadWithAstroquery(arg: unknown): Promise<readonly ManifestEntry[] | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Downloads are off in an untrusted workspace: its settings could redirect requests or credentials.',
        ),
      );
      return undefined;
    }
    const uris = await this.#uris(arg);
    if (!uris) return undefined;
    const destDir = this.#destination();
    if (!destDir) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Downloads go into a workspace folder. Open a folder first.'),
      );
      return undefined;
    }
    let plan: Awaited<ReturnType<RouteService['plan']>>;
    let identity: RouteIdentity;
    try {
      [plan, identity] = await Promise.all([this.deps.routes.plan(uris), this.deps.identity()]);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot route: {0}', errorMessage(e)));
      return undefined;
    }
    const archives: DelegatedArchive[] = [];
    for (const [i, route] of plan.routes.entries()) {
      const a = delegationFor(route, plan.locations[i]);
      if (!a) {
        void vscode.window.showErrorMessage(
          vscode.l10n.t('{0} is not on an archive astroquery handles here; use Download instead.', route.uri),
        );
        return undefined;
      }
      if (!archives.includes(a)) archives.push(a);
    }
    const python = await pythonInterpreter();
    const need = archives.reduce((m, a) => (versionAtLeast(m.minVersion, a.minVersion) ? m : a));
    const probe = await probePython(python, process.env, { minVersion: need.minVersion, what: need.module });
    if (!probe.ok) {
      void vscode.window.showErrorMessage(probe.message);
      return undefined;
    }

    const work = join(this.deps.storageDir, 'astroquery', `${Date.now()}`);
    await mkdir(work, { recursive: true });
    await mkdir(destDir, { recursive: true });
    const manifestPath = join(work, 'manifest.json');
    const scriptPath = join(work, 'cdr_astroquery.py');
    const script = routesToPython(
      plan.routes.map((route, i) => ({ route, location: plan.locations[i]! })),
      identity,
      { mode: 'delegate', downloadDir: destDir, manifestPath },
    );
    await writeFile(scriptPath, script.code);
    this.#lastScript = script.code;
    this.deps.logger.info(
      'transfer',
      `delegating ${uris.length} file(s) to astroquery (${archives.map((a) => a.module).join(', ')}) with ${python}, astroquery ${probe.probe.astroquery}: ${scriptPath}`,
    );
    // Shown before it runs: the user sees exactly what astroquery will be asked to do.
    await vscode.window.showTextDocument(vscode.Uri.file(scriptPath), {
      preview: true,
      preserveFocus: true,
      viewColumn: vscode.ViewColumn.Beside,
    });
    const token = await this.deps.secrets.get(MAST_TOKEN_SECRET);
    const terminal = vscode.window.createTerminal({
      name: vscode.l10n.t('astroquery: {0}', archives.map((a) => a.name).join(', ')),
      shellPath: python,
      shellArgs: [scriptPath],
      cwd: destDir,
      // The MAST token from VS Code's secret storage reaches astroquery as MAST_API_TOKEN, never in the script.
      env: token ? { MAST_API_TOKEN: token } : {},
      iconPath: new vscode.ThemeIcon('cloud-download'),
    });
    terminal.show(false);
    const ended = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('astroquery is downloading in the terminal…'),
        cancellable: true,
      },
      (_p, cancel) =>
        new Promise<boolean>((resolve) => {
          const timer = setInterval(() => {
            if (existsSync(manifestPath) || terminal.exitStatus !== undefined) {
              clearInterval(timer);
              resolve(true);
            }
          }, 300);
          cancel.onCancellationRequested(() => {
            clearInterval(timer);
            terminal.dispose();
            resolve(false);
          });
        }),
    );
    if (!ended) return undefined;
    // The manifest is written in the script's `finally`; give the file system a moment after the exit.
    let manifest = await readManifest(manifestPath);
    for (let i = 0; !manifest && i < 10; i++) {
      await new Promise((r) => setTimeout(r, 200));
      manifest = await readManifest(manifestPath);
    }
    const files = manifest?.files ?? [];
    this.#lastResults = files;
    const done = files.filter((f) => f.status === 'COMPLETE');
    if (manifest?.stopped || done.length < uris.length) {
      const why = manifest?.stopped ?? files.find((f) => f.error)?.error ?? vscode.l10n.t('see the terminal');
      void vscode.window.showErrorMessage(
        vscode.l10n.t('astroquery downloaded {0} of {1} file(s): {2}', done.length, uris.length, why),
      );
    } else {
      const reveal = vscode.l10n.t('Reveal in Explorer');
      void vscode.window
        .showInformationMessage(
          vscode.l10n.t('astroquery downloaded {0} file(s) into {1}', done.length, destDir),
          reveal,
        )
        .then((c) => {
          if (c === reveal && done[0]?.path)
            void vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(done[0].path));
        });
    }
    return files;
  }

  register(): vscode.Disposable[] {
    return [
      ...this.#disposables,
      vscode.commands.registerCommand(AstroqueryCommandIds.copyAsPython, (a?: unknown) => this.copyAsPython(a)),
      vscode.commands.registerCommand(AstroqueryCommandIds.insertIntoNotebook, (a?: unknown) =>
        this.insertIntoNotebook(a),
      ),
      vscode.commands.registerCommand(AstroqueryCommandIds.downloadWithAstroquery, (a?: unknown) =>
        this.downloadWithAstroquery(a),
      ),
    ];
  }
}
