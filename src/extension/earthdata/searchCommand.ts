// I/O: "Search Earthdata Granules…": short name, time range and box asked in turn, CMR searched, the hits and total
// size shown, then Download… (the search as a data set), Dry Run (the routed plan) or Copy URI.
import * as vscode from 'vscode';
import type { CatalogOptions } from '../../core/catalog/catalog';
import { catalogTables } from '../../core/catalog/openDataBuckets';
import { cmrBaseUrl, CmrClient } from '../../core/earthdata/cmrSearch';
import {
  granuleQueryFrom,
  granuleUri,
  parseBbox,
  parseTemporal,
  uriParamName,
  type GranuleField,
  type GranuleQuery,
} from '../../core/earthdata/granuleQuery';
import type { Granule } from '../../core/earthdata/types';
import { errorMessage } from '../../core/errors';
import type { FileResult } from '../../core/transfer/types';
import type { Logger } from '../../core/util/logger';
import type { DownloadFeature } from '../download/downloadFeature';
import { formatBytes } from '../download/formatProgress';

export const EARTHDATA_SEARCH_COMMAND = 'cloudDataRouter.searchEarthdata';

export type SearchAction = 'download' | 'dry-run' | 'copy';

/** What a link, another extension or a test may pass instead of answering the prompts. */
export interface SearchArgs {
  readonly shortName?: string;
  readonly conceptId?: string;
  readonly temporal?: string;
  readonly bbox?: string;
  readonly limit?: number;
  readonly action?: SearchAction;
}

export interface SearchOutcome {
  readonly uri: string;
  readonly granules: number;
  readonly hits: number | null;
  readonly files: number;
  readonly bytes: number;
  readonly action: SearchAction | null;
  /** Download: the results; dry run: the plan's text. */
  readonly results?: readonly FileResult[];
  readonly plan?: string;
}

export interface EarthdataSearchDeps {
  readonly downloads: DownloadFeature;
  readonly catalogOptions: () => CatalogOptions;
  readonly logger: Logger;
  /** The Earthdata token a CMR search may send (a valid one only), or null. */
  readonly cmrToken?: () => Promise<string | null>;
}

function check(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return errorMessage(e);
  }
}

async function ask(args: SearchArgs): Promise<GranuleQuery | undefined> {
  let name = args.shortName ?? args.conceptId;
  if (name === undefined) {
    name = await vscode.window.showInputBox({
      title: vscode.l10n.t('Search Earthdata Granules (1/3): collection'),
      prompt: vscode.l10n.t('A collection short name (e.g. HLSL30) or concept id (e.g. C2021957657-LPCLOUD)'),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Enter a short name or a concept id')),
    });
    if (!name?.trim()) return undefined;
  }
  let temporal = args.temporal;
  if (temporal === undefined && args.shortName === undefined && args.conceptId === undefined) {
    temporal = await vscode.window.showInputBox({
      title: vscode.l10n.t('Search Earthdata Granules (2/3): time range'),
      prompt: vscode.l10n.t(
        'From,to as dates or times (2023-06-01,2023-06-30); either side may be empty; empty: any time',
      ),
      placeHolder: '2023-06-01,2023-06-30',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? check(() => parseTemporal(v, vscode.l10n.t('time range'))) : undefined),
    });
    if (temporal === undefined) return undefined;
  }
  let bbox = args.bbox;
  if (bbox === undefined && args.shortName === undefined && args.conceptId === undefined) {
    bbox = await vscode.window.showInputBox({
      title: vscode.l10n.t('Search Earthdata Granules (3/3): area'),
      prompt: vscode.l10n.t('West,south,east,north in degrees (e.g. -105.3,39.9,-105.1,40.1); empty: anywhere'),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? check(() => parseBbox(v, vscode.l10n.t('area'))) : undefined),
    });
    if (bbox === undefined) return undefined;
  }
  const fields: Partial<Record<GranuleField, string>> = {};
  if (/^[CG]\d+-/.test(name.trim())) fields.concept_id = name.trim();
  else fields.short_name = name.trim();
  if (temporal?.trim()) fields.temporal = temporal;
  if (bbox?.trim()) fields.bbox = bbox;
  if (args.limit !== undefined) fields.limit = String(args.limit);
  return granuleQueryFrom(fields, uriParamName);
}

function sizes(granules: readonly Granule[]): { files: number; bytes: number; approximate: boolean } {
  let files = 0;
  let bytes = 0;
  let approximate = false;
  for (const g of granules)
    for (const f of g.files) {
      files++;
      if (f.sizeBytes !== null) bytes += f.sizeBytes;
      else {
        approximate = true;
        bytes += f.approximateBytes ?? 0;
      }
    }
  return { files, bytes, approximate };
}

/** Returns what happened (for tests and callers), or undefined when cancelled. */
export async function searchEarthdata(deps: EarthdataSearchDeps, arg?: unknown): Promise<SearchOutcome | undefined> {
  // Settings of an untrusted workspace could point CMR or the DAAC table elsewhere.
  if (!(await deps.downloads.trusted())) return undefined;
  const args: SearchArgs = arg && typeof arg === 'object' ? (arg as SearchArgs) : {};
  const query = await ask(args);
  if (!query) return undefined;
  const uri = granuleUri(query);
  const opts = deps.catalogOptions();
  const cmr = new CmrClient({
    baseUrl: cmrBaseUrl(opts.env),
    token: deps.cmrToken ? await deps.cmrToken() : null,
    daacs: catalogTables({ userDaacs: opts.userDaacs }).daacs,
  });
  const granules = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Searching CMR: {0}', uri),
      cancellable: true,
    },
    async (_p, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const out: Granule[] = [];
      try {
        for await (const { granule } of cmr.granules(query, abort.signal)) out.push(granule);
      } catch (e) {
        if (abort.signal.aborted) return undefined;
        throw e;
      }
      return out;
    },
  );
  if (!granules) return undefined;
  deps.logger.info('catalog', `${uri}: ${granules.length} granules (CMR-Hits ${String(cmr.hits)})`);
  const s = sizes(granules);
  const base = { uri, granules: granules.length, hits: cmr.hits, files: s.files, bytes: s.bytes };
  if (!granules.length) {
    void vscode.window.showInformationMessage(vscode.l10n.t('CMR finds no granule for {0}.', uri));
    return { ...base, action: null };
  }
  const total = s.approximate ? vscode.l10n.t('about {0}', formatBytes(s.bytes)) : formatBytes(s.bytes);
  const found =
    cmr.hits !== null && cmr.hits > granules.length
      ? vscode.l10n.t('{0} of {1} granules, {2} files, {3}', granules.length, cmr.hits, s.files, total)
      : vscode.l10n.t('{0} granules, {1} files, {2}', granules.length, s.files, total);
  const labels: Record<SearchAction, string> = {
    download: vscode.l10n.t('Download…'),
    'dry-run': vscode.l10n.t('Dry Run'),
    copy: vscode.l10n.t('Copy URI'),
  };
  let action = args.action;
  if (!action) {
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Earthdata: {0}', found),
      { detail: uri },
      labels.download,
      labels['dry-run'],
      labels.copy,
    );
    action = (Object.keys(labels) as SearchAction[]).find((k) => labels[k] === choice);
    if (!action) return { ...base, action: null };
  }
  if (action === 'copy') {
    await vscode.env.clipboard.writeText(uri);
    void vscode.window.showInformationMessage(vscode.l10n.t('Copied {0}', uri));
    return { ...base, action };
  }
  if (action === 'dry-run') {
    const plan = await deps.downloads.planSet([uri]);
    const lines = plan.items.map(
      (i) =>
        `${i.via.padEnd(4)} ${String(i.listed?.size ?? '?').padStart(12)}  ${i.uri}${i.credentialScope ? `  [${vscode.l10n.t('credentials from {0}', i.credentialScope)}]` : ''}`,
    );
    const t = plan.totals;
    lines.push(
      '',
      vscode.l10n.t(
        '{0} files, {1} (s3: {2} files, http: {3} files)',
        t.files,
        formatBytes(t.bytes),
        t.byVia.s3.files,
        t.byVia.http.files,
      ),
      `${vscode.l10n.t('URI')}: ${uri}`,
    );
    for (const r of plan.refused) lines.push(`ERROR ${r.uri}: ${r.error ?? ''}`);
    const text = `${lines.join('\n')}\n`;
    const doc = await vscode.workspace.openTextDocument({ content: text, language: 'plaintext' });
    await vscode.window.showTextDocument(doc, { preview: true });
    return { ...base, action, plan: text };
  }
  const results = await deps.downloads.downloadSet(uri, (signal) => deps.downloads.planSet([uri], { signal }));
  return { ...base, action, ...(results ? { results } : {}) };
}

export function registerEarthdataSearch(deps: EarthdataSearchDeps): vscode.Disposable {
  return vscode.commands.registerCommand(EARTHDATA_SEARCH_COMMAND, async (arg?: unknown) => {
    try {
      return await searchEarthdata(deps, arg);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Cloud Data Router: {0}', errorMessage(e)));
      return undefined;
    }
  });
}
