// Pure: what the Cloud Data view shows — buckets, one listed level of prefixes and objects, "Load more…", and
// listing errors as rows — decided from data so it is unit-tested without VS Code.
import type * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { OpenDataBucket } from '../../core/catalog/types';
import type { Route } from '../../core/routing/types';
import { escapeMarkdown, codeSpan } from '../route/routeSummary';
import { formatBytes, formatCost, viaLabel } from '../route/routeText';
import { localizeRoute } from '../route/localizeRoute';
import { DataCommandIds } from './commandIds';
import type { ListedObject, ListPage } from '../../core/catalog/listing';

/** What this needs of `vscode.l10n`; strings go through `l10n.t('…')` so @vscode/l10n-dev extracts them. */
type L10n = Pick<typeof vscode.l10n, 't'>;

/** ListObjectsV2's own page limit: past this many children a level shows "Load more…". */
export const PAGE_SIZE = 1000;

export interface BucketNode {
  readonly kind: 'bucket';
  readonly id: string;
  readonly parentId: null;
  readonly bucket: OpenDataBucket;
  /** Where the bucket comes from: the catalog's table or the user's `cloudDataRouter.buckets`. */
  readonly origin: 'catalog' | 'setting';
  readonly prefix: '';
}

export interface PrefixNode {
  readonly kind: 'prefix';
  readonly id: string;
  readonly parentId: string;
  readonly bucket: OpenDataBucket;
  /** Ends with `/`. */
  readonly prefix: string;
}

export interface ObjectNode {
  readonly kind: 'object';
  readonly id: string;
  readonly parentId: string;
  readonly bucket: OpenDataBucket;
  readonly object: ListedObject;
}

export interface MoreNode {
  readonly kind: 'more';
  readonly id: string;
  readonly parentId: string;
  readonly token: string;
  /** Children shown so far. */
  readonly shown: number;
}

export type MessageReason = 'no-such-bucket' | 'denied' | 'unreachable' | 'wrong-region' | 'failed' | 'empty';

export interface MessageNode {
  readonly kind: 'message';
  readonly id: string;
  readonly parentId: string;
  readonly reason: MessageReason;
  readonly message: string;
  /** The error as the server or SDK said it, for the tooltip. */
  readonly detail: string | null;
}

/** A node whose children are a listing: a bucket (prefix '') or a prefix. */
export type ContainerNode = BucketNode | PrefixNode;
export type DataNode = ContainerNode | ObjectNode | MoreNode | MessageNode;

export const s3UriOf = (bucket: string, keyOrPrefix: string): string => `s3://${bucket}/${keyOrPrefix}`;

/** The s3:// address a node stands for (bucket, prefix or object); undefined for "Load more…" and messages. */
export function nodeUri(node: DataNode): string | undefined {
  if (node.kind === 'bucket' || node.kind === 'prefix') return s3UriOf(node.bucket.bucket, node.prefix);
  if (node.kind === 'object') return s3UriOf(node.bucket.bucket, node.object.key);
  return undefined;
}

/** The user's buckets first (they correct or extend the table, as in the catalog), each name once. */
export function bucketNodes(
  userBuckets: readonly OpenDataBucket[],
  catalogBuckets: readonly OpenDataBucket[],
): BucketNode[] {
  const seen = new Set<string>();
  const out: BucketNode[] = [];
  const add = (bucket: OpenDataBucket, origin: BucketNode['origin']) => {
    if (seen.has(bucket.bucket)) return;
    seen.add(bucket.bucket);
    out.push({ kind: 'bucket', id: `data:${s3UriOf(bucket.bucket, '')}`, parentId: null, bucket, origin, prefix: '' });
  };
  userBuckets.forEach((b) => add(b, 'setting'));
  catalogBuckets.forEach((b) => add(b, 'catalog'));
  return out;
}

/**
 * One page of a level as nodes: sub-prefixes, then objects, as S3 orders them. The zero-byte "folder marker" some
 * tools write (the key equal to the prefix, or any key ending in `/`) is not a file, so it is not shown.
 */
export function levelNodes(parent: ContainerNode, page: ListPage): DataNode[] {
  const bucket = parent.bucket;
  const prefixes: PrefixNode[] = page.prefixes
    .filter((p) => p.prefix !== parent.prefix)
    .map((p) => ({
      kind: 'prefix',
      id: `data:${s3UriOf(bucket.bucket, p.prefix)}`,
      parentId: parent.id,
      bucket,
      prefix: p.prefix,
    }));
  const objects: ObjectNode[] = page.objects
    .filter((o) => !o.key.endsWith('/'))
    .map((o) => ({
      kind: 'object',
      id: `data:${s3UriOf(bucket.bucket, o.key)}`,
      parentId: parent.id,
      bucket,
      object: o,
    }));
  return [...prefixes, ...objects];
}

export function moreNode(parent: ContainerNode, token: string, shown: number): MoreNode {
  return { kind: 'more', id: `${parent.id}#more@${shown}`, parentId: parent.id, token, shown };
}

export function emptyNode(parent: ContainerNode, l10n: L10n): MessageNode {
  return {
    kind: 'message',
    id: `${parent.id}#empty`,
    parentId: parent.id,
    reason: 'empty',
    message: parent.kind === 'bucket' ? l10n.t('This bucket is empty') : l10n.t('Nothing under this prefix'),
    detail: null,
  };
}

/** Core's listing errors carry `details.reason`; anything else (a bug, an SDK surprise) is "failed". */
function reasonOf(e: unknown): MessageReason {
  const r = (e as { details?: { reason?: unknown } } | undefined)?.details?.reason;
  if (r === 'no-such-bucket') return 'no-such-bucket';
  if (r === 'access-denied') return 'denied';
  if (r === 'network') return 'unreachable';
  if (r === 'wrong-region') return 'wrong-region';
  return 'failed';
}

/** A listing failure as one row with a message that says what to do, not a toast; the full text is the tooltip. */
export function errorNode(parent: ContainerNode, e: unknown, l10n: L10n): MessageNode {
  const reason = reasonOf(e);
  const b = parent.bucket;
  const at = s3UriOf(b.bucket, parent.prefix);
  const messages: Record<Exclude<MessageReason, 'empty'>, string> = {
    'no-such-bucket': l10n.t('No such bucket: {0}', b.bucket),
    denied: l10n.t('Listing denied: {0} does not let these credentials list it', at),
    unreachable: l10n.t('Cannot reach S3 to list {0}', at),
    'wrong-region': l10n.t('{0} is not in {1}: correct its region in cloudDataRouter.buckets', b.bucket, b.region),
    failed: l10n.t('Listing {0} failed', at),
  };
  return {
    kind: 'message',
    id: `${parent.id}#error`,
    parentId: parent.id,
    reason,
    message: messages[reason as Exclude<MessageReason, 'empty'>],
    detail: errorMessage(e),
  };
}

/** "2 folders · 12 files · 4.5 MB" for the level listed so far; "+" when more pages remain. */
export function levelSummary(children: readonly DataNode[], more: boolean, l10n: L10n): string {
  const folders = children.filter((c) => c.kind === 'prefix').length;
  const files = children.filter((c): c is ObjectNode => c.kind === 'object');
  const bytes = files.reduce((a, f) => a + f.object.size, 0);
  const plus = more ? '+' : '';
  const parts: string[] = [];
  if (folders) parts.push(folders === 1 && !more ? l10n.t('1 folder') : l10n.t('{0}{1} folders', folders, plus));
  if (files.length)
    parts.push(
      files.length === 1 && !more ? l10n.t('1 file') : l10n.t('{0}{1} files', files.length, plus),
      `${formatBytes(bytes)}${plus}`,
    );
  return parts.join(' · ');
}

export interface DataRow {
  readonly label: string;
  readonly description?: string;
  /** Markdown. */
  readonly tooltip?: string;
  readonly icon: string;
  readonly iconColor?: string;
  /** Matched by menus: `cdr.data.bucket`, `cdr.data.prefix`, `cdr.data.object`, `cdr.data.more`, `cdr.data.message`. */
  readonly contextValue: string;
  readonly collapsible: boolean;
  /** "Load more…" runs this when clicked, with the node. */
  readonly command?: string;
}

function lastSegment(path: string): string {
  const p = path.replace(/\/$/, '');
  return p.slice(p.lastIndexOf('/') + 1) || path;
}

function bucketFacts(b: OpenDataBucket, l10n: L10n): string[] {
  const http: Record<OpenDataBucket['http'], string> = {
    mast: l10n.t("HTTPS copy: MAST's Download API"),
    mirror: l10n.t("HTTPS copy: the archive's own web area"),
    bucket: l10n.t("HTTPS copy: the bucket's public endpoint"),
    none: l10n.t('No free HTTPS copy'),
  };
  return [
    `${escapeMarkdown(l10n.t('Region'))}: ${b.region}`,
    escapeMarkdown(
      b.requesterPays ? l10n.t('Requester pays: S3 transfers bill your AWS account') : l10n.t('Not requester pays'),
    ),
    escapeMarkdown(http[b.http]),
  ];
}

/** `summary`: the level summary once the node's children were listed. */
export function dataRow(node: DataNode, l10n: L10n, summary?: string): DataRow {
  switch (node.kind) {
    case 'bucket': {
      const b = node.bucket;
      const description = [
        b.region,
        ...(b.requesterPays ? [l10n.t('requester pays')] : []),
        ...(node.origin === 'setting' ? [l10n.t('your setting')] : []),
      ].join(' · ');
      const tooltip = [
        `**${escapeMarkdown(b.bucket)}** ${codeSpan(s3UriOf(b.bucket, ''))}`,
        '',
        ...bucketFacts(b, l10n).map((l) => `${l}  `),
        escapeMarkdown(
          node.origin === 'setting'
            ? l10n.t('From the setting cloudDataRouter.buckets')
            : l10n.t("From Cloud Data Router's table"),
        ),
      ];
      return {
        label: b.bucket,
        description: summary ? `${description} · ${summary}` : description,
        tooltip: tooltip.join('\n'),
        icon: 'database',
        contextValue: 'cdr.data.bucket',
        collapsible: true,
      };
    }
    case 'prefix':
      return {
        label: lastSegment(node.prefix),
        description: summary,
        tooltip: codeSpan(s3UriOf(node.bucket.bucket, node.prefix)),
        icon: 'folder',
        contextValue: 'cdr.data.prefix',
        collapsible: true,
      };
    case 'object': {
      const o = node.object;
      const lines = [
        codeSpan(s3UriOf(o.bucket, o.key)),
        '',
        `${escapeMarkdown(l10n.t('Size'))}: ${formatBytes(o.size)} (${o.size} B)  `,
      ];
      if (o.lastModified) lines.push(`${escapeMarkdown(l10n.t('Last modified'))}: ${escapeMarkdown(o.lastModified)}  `);
      if (o.etag) lines.push(`ETag: ${codeSpan(o.etag)}  `);
      return {
        label: lastSegment(o.key),
        description: formatBytes(o.size),
        tooltip: lines.join('\n'),
        icon: 'file',
        contextValue: 'cdr.data.object',
        collapsible: false,
      };
    }
    case 'more':
      return {
        label: l10n.t('Load more…'),
        description: l10n.t('{0} shown', node.shown),
        tooltip: escapeMarkdown(l10n.t('List the next {0} entries', PAGE_SIZE)),
        icon: 'ellipsis',
        contextValue: 'cdr.data.more',
        collapsible: false,
        command: DataCommandIds.loadMore,
      };
    case 'message':
      return {
        label: node.message,
        tooltip: [
          escapeMarkdown(node.message),
          ...(node.detail && node.detail !== node.message ? ['', escapeMarkdown(node.detail)] : []),
          ...(node.reason === 'empty' ? [] : ['', escapeMarkdown(l10n.t('Refresh the view to try again.'))]),
        ].join('\n'),
        icon: node.reason === 'empty' ? 'info' : node.reason === 'denied' ? 'lock' : 'error',
        iconColor: node.reason === 'empty' ? undefined : 'problemsErrorIcon.foreground',
        contextValue: `cdr.data.message.${node.reason}`,
        collapsible: false,
      };
  }
}

/**
 * The route, in the tooltip's words: which way files here would travel from this machine, and why. `forPrefix`: the
 * route was decided for the bucket (every key of a bucket shares its route), so no file address is shown.
 */
export function routeTooltipLines(given: Route, l10n: L10n, forPrefix: boolean): string[] {
  const route = localizeRoute(given, l10n);
  const what = route.error
    ? l10n.t('cannot download from here')
    : route.via === 's3'
      ? route.requesterPays
        ? l10n.t('over S3, requester pays')
        : l10n.t('over S3')
      : l10n.t('over HTTPS');
  const lines = [
    `$(${route.via === 's3' ? 'cloud' : 'globe'}) **${escapeMarkdown(forPrefix ? l10n.t('Files here would come {0}', what) : l10n.t('Would come {0}', what))}** · \`${route.leaf}\`  `,
  ];
  const last = [...route.steps].reverse().find((s) => s.node !== 'cost' && s.node !== 'forced');
  if (last) lines.push(`${escapeMarkdown(l10n.t('Because'))}: ${escapeMarkdown(`${last.question} ${last.answer}`)}  `);
  if (route.forced)
    lines.push(
      `${escapeMarkdown(l10n.t('Forced to {0}; the tree would choose {1}', viaLabel(route.forced.requested), viaLabel(route.forced.treeWouldChoose)))}  `,
    );
  if (!forPrefix) {
    const from = route.via === 's3' ? route.s3Uri : route.httpUrl;
    if (from) lines.push(`${escapeMarkdown(l10n.t('From'))}: ${codeSpan(from)}  `);
    lines.push(`${escapeMarkdown(l10n.t('Cost'))}: ${escapeMarkdown(formatCost(route, l10n))}  `);
  }
  if (route.error) lines.push(`$(error) ${escapeMarkdown(route.error)}  `);
  for (const w of route.warnings.slice(0, 2)) lines.push(`$(warning) ${escapeMarkdown(w)}  `);
  return lines;
}
