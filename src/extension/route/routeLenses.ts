// I/O: CodeLens ("S3 · same-region — Download · Explain") and hover over data addresses in editors and
// notebook cells. Routes are computed lazily, batched and cached per URI; nothing here blocks the editor.
import * as vscode from 'vscode';
import type { Route } from '../../core/routing/types';
import type { Logger } from '../../core/util/logger';
import { dataUriAt, findDataUris, type FindOptions } from './findDataUris';
import type { RouteOutcome, RouteService } from './routeService';
import { DOWNLOAD_COMMAND, EXPLAIN_COMMAND, hoverMarkdown, lensTitle } from './routeSummary';
import { truncate } from './routeText';

/** Languages where data addresses are typed; notebook cells match by language and by notebook type. */
export const ROUTE_DOCUMENT_SELECTOR: vscode.DocumentSelector = [
  ...[
    'python',
    'jupyter',
    'markdown',
    'plaintext',
    'json',
    'jsonc',
    'yaml',
    'shellscript',
    'toml',
    'ini',
    'r',
    'julia',
    'javascript',
    'typescript',
  ].map((language) => ({ language })),
  { notebookType: 'jupyter-notebook' },
];

/** Bigger documents get no lenses: scanning them on every edit would cost more than they give. */
const MAX_SCAN_CHARS = 2_000_000;
const MAX_LENSES = 200;
/** Lenses asked for within this window are routed together (one batched MAST lookup). */
const BATCH_MS = 40;
const HOVER_WAIT_MS = 4_000;

class PendingLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly uri: string,
  ) {
    super(range);
  }
}

export interface RouteLensOptions {
  readonly service: RouteService;
  readonly logger: Logger;
  readonly lensesEnabled: () => boolean;
  /** URL prefixes of configured mirrors, so their files get lenses too. */
  readonly mirrorPrefixes?: () => readonly string[];
  /** Origins whose files are data (the Earthdata DAACs). */
  readonly dataOrigins?: () => readonly string[];
  readonly hoverEnabled: () => boolean;
}

export class RouteLensProvider implements vscode.CodeLensProvider, vscode.HoverProvider, vscode.Disposable {
  readonly #onDidChangeCodeLenses = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.#onDidChangeCodeLenses.event;
  readonly #cache = new Map<string, RouteOutcome>();
  readonly #inFlight = new Map<string, Promise<RouteOutcome>>();
  #batch = new Map<string, Array<(o: RouteOutcome) => void>>();
  #batchTimer: ReturnType<typeof setTimeout> | undefined;
  #changeTimer: ReturnType<typeof setTimeout> | undefined;
  #generation = 0;

  constructor(private readonly opts: RouteLensOptions) {}

  #findOptions(): FindOptions {
    return { mirrorPrefixes: this.opts.mirrorPrefixes?.(), dataOrigins: this.opts.dataOrigins?.() };
  }

  /** Forget every route (credentials, context, profile or settings changed) and redraw the lenses. */
  invalidate(): void {
    this.#generation++;
    this.#cache.clear();
    this.#inFlight.clear();
    this.#onDidChangeCodeLenses.fire();
  }

  /** Redraw without forgetting (e.g. the enable setting changed). */
  refresh(): void {
    this.#onDidChangeCodeLenses.fire();
  }

  cached(uri: string): RouteOutcome | undefined {
    return this.#cache.get(uri);
  }

  /** The route for `uri`, from the cache or from the next batch. */
  ensure(uri: string): Promise<RouteOutcome> {
    const hit = this.#cache.get(uri);
    if (hit) return Promise.resolve(hit);
    let p = this.#inFlight.get(uri);
    if (!p) {
      const generation = this.#generation;
      p = new Promise<RouteOutcome>((resolve) => {
        this.#batch.set(uri, [...(this.#batch.get(uri) ?? []), resolve]);
        this.#batchTimer ??= setTimeout(() => void this.#flush(), BATCH_MS);
      }).then((o) => {
        // A result computed before invalidate() describes the old credentials or context: don't keep it.
        if (generation === this.#generation) this.#cache.set(uri, o);
        this.#inFlight.delete(uri);
        return o;
      });
      this.#inFlight.set(uri, p);
    }
    return p;
  }

  async #flush(): Promise<void> {
    const batch = this.#batch;
    this.#batch = new Map();
    this.#batchTimer = undefined;
    const uris = [...batch.keys()];
    let outcomes: RouteOutcome[];
    try {
      outcomes = await this.opts.service.routeEach(uris);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      outcomes = uris.map((uri) => ({ uri, error }));
    }
    outcomes.forEach((o, i) => batch.get(uris[i])?.forEach((resolve) => resolve(o)));
    this.#scheduleChange();
  }

  #scheduleChange(): void {
    if (this.#changeTimer) return;
    this.#changeTimer = setTimeout(() => {
      this.#changeTimer = undefined;
      this.#onDidChangeCodeLenses.fire();
    }, 50);
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.opts.lensesEnabled()) return [];
    const text = document.getText();
    if (text.length > MAX_SCAN_CHARS) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const m of findDataUris(text, MAX_LENSES, this.#findOptions())) {
      const range = new vscode.Range(document.positionAt(m.start), document.positionAt(m.end));
      const o = this.#cache.get(m.uri);
      if (!o) lenses.push(new PendingLens(range, m.uri));
      else if ('route' in o) lenses.push(...routeLenses(range, o.route));
      else {
        lenses.push(
          new vscode.CodeLens(range, {
            title: `$(warning) ${vscode.l10n.t('Cloud Data Router: {0}', truncate(o.error, 80))}`,
            tooltip: o.error,
            command: EXPLAIN_COMMAND,
            arguments: [m.uri],
          }),
        );
      }
    }
    return lenses;
  }

  resolveCodeLens(lens: vscode.CodeLens): vscode.CodeLens {
    if (lens instanceof PendingLens) {
      // Start routing; the placeholder is replaced when onDidChangeCodeLenses fires with the result cached.
      void this.ensure(lens.uri);
      lens.command = {
        title: vscode.l10n.t('Cloud Data Router: Explain route'),
        command: EXPLAIN_COMMAND,
        arguments: [lens.uri],
      };
    }
    return lens;
  }

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    if (!this.opts.hoverEnabled()) return undefined;
    const line = document.lineAt(position.line).text;
    const m = dataUriAt(line, position.character, this.#findOptions());
    if (!m) return undefined;
    const range = new vscode.Range(position.line, m.start, position.line, m.end);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), HOVER_WAIT_MS)));
    const o = await Promise.race([this.ensure(m.uri), timeout]);
    clearTimeout(timer);
    if (token.isCancellationRequested) return undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: [EXPLAIN_COMMAND, DOWNLOAD_COMMAND] };
    if (!o) md.appendMarkdown(vscode.l10n.t('Cloud Data Router: still routing this address…'));
    else if ('route' in o) md.appendMarkdown(hoverMarkdown(o.route, vscode.l10n));
    else md.appendText(vscode.l10n.t('Cloud Data Router: {0}', o.error));
    return new vscode.Hover(md, range);
  }

  dispose(): void {
    if (this.#batchTimer) clearTimeout(this.#batchTimer);
    if (this.#changeTimer) clearTimeout(this.#changeTimer);
    this.#onDidChangeCodeLenses.dispose();
  }
}

function routeLenses(range: vscode.Range, route: Route): vscode.CodeLens[] {
  const summary = new vscode.CodeLens(range, {
    title: lensTitle(route, vscode.l10n),
    tooltip: vscode.l10n.t('Why this route? Open the decision tree'),
    command: EXPLAIN_COMMAND,
    arguments: [route.uri],
  });
  const explain = new vscode.CodeLens(range, {
    title: vscode.l10n.t('Explain'),
    command: EXPLAIN_COMMAND,
    arguments: [route.uri],
  });
  if (route.error) return [summary, explain];
  const download = new vscode.CodeLens(range, {
    title: vscode.l10n.t('Download'),
    command: DOWNLOAD_COMMAND,
    arguments: [route.uri],
  });
  return [summary, download, explain];
}
