// I/O: the Cloud Data view inside a real VS Code, against a real S3 API (s3rver in a child process, paged
// ListObjectsV2): buckets from the setting and the table, one level at a time, Load more past 1,000 children,
// listing errors as rows, the route on hover, the copy commands, and Download… of a prefix byte-identical.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Route } from '../../src/core/routing/types';
import type { FileResult } from '../../src/core/transfer/types';
import type { DataNode, MessageNode, ObjectNode } from '../../src/extension/data/dataRows';
import { startS3rverProcess, type S3rverProcess } from '../support/s3rverHarness';
import { activateExtension } from './helpers';

const BUCKET = 'cdr-tree-test';
const MISSING = 'cdr-no-such-bucket';
const BIG = 1005;

/** Small files with distinct bytes, so a mix-up between two of them shows. */
const fileBytes = (key: string, size: number) => {
  const seed = createHash('sha256').update(key).digest();
  return Buffer.from(Array.from({ length: size }, (_, i) => seed[i % seed.length]! ^ (i & 0xff)));
};

const OBS_FILES: Record<string, number> = {
  'obs/readme.txt': 120,
  'obs/a/x_drz.fits': 2880 * 3,
  'obs/a/y_flt.fits': 2880 * 2,
  'obs/b/deep/z_x1d.fits': 2880,
  'obs/b/with space+plus%.fits': 2880,
};

suite('cloud data view', function () {
  this.timeout(120_000);
  const config = vscode.workspace.getConfiguration('cloudDataRouter');
  const dest = mkdtempSync(join(tmpdir(), 'cdr-data-'));
  let s3: S3rverProcess;

  const api = async () => (await activateExtension()).api;
  const tree = async () => (await api()).data.tree;

  async function childrenOf(label: string, parent?: DataNode): Promise<DataNode[]> {
    const t = await tree();
    const node = parent ? await find(label, parent) : (await t.getChildren()).find((n) => itemLabel(n) === label);
    assert.ok(node, `no row ${label}`);
    return t.getChildren(node);
  }

  async function find(label: string, parent: DataNode): Promise<DataNode> {
    const kids = await (await tree()).getChildren(parent);
    const n = kids.find((k) => itemLabel(k) === label);
    assert.ok(n, `no row ${label} under ${itemLabel(parent)}: ${kids.map(itemLabel).join(', ')}`);
    return n;
  }

  function itemLabel(n: DataNode): string {
    return String((treeSync as NonNullable<typeof treeSync>).getTreeItem(n).label);
  }
  let treeSync: Awaited<ReturnType<typeof tree>> | undefined;

  async function bucketRoot(name: string): Promise<DataNode> {
    const roots = await (await tree()).getChildren();
    const b = roots.find((r) => r.kind === 'bucket' && r.bucket.bucket === name);
    assert.ok(b, `bucket ${name} is not a root row`);
    return b;
  }

  suiteSetup(async () => {
    s3 = await startS3rverProcess([BUCKET]);
    for (const [key, size] of Object.entries(OBS_FILES)) await s3.lay(BUCKET, key, fileBytes(key, size));
    // A zero-byte folder marker, as the S3 console writes: not a file.
    await s3.lay(BUCKET, 'obs/', Buffer.alloc(0));
    for (let i = 0; i < BIG; i++) await s3.lay(BUCKET, `big/f${String(i).padStart(4, '0')}.fits`, Buffer.from(`${i}`));
    treeSync = await tree();
    await config.update('endpoints.s3', s3.endpoint, vscode.ConfigurationTarget.Global);
    await config.update(
      'buckets',
      [
        { bucket: BUCKET, region: 'us-east-1', http: 'bucket' },
        { bucket: MISSING, region: 'us-east-1', http: 'bucket' },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await config.update('download.directory', dest, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    for (const k of ['endpoints.s3', 'buckets', 'download.directory'])
      await config.update(k, undefined, vscode.ConfigurationTarget.Global);
    await (await api()).credentials.setExplicitKeys(undefined);
    await s3?.stop();
  });

  test("the user's buckets come first, then the catalog's open-data buckets", async () => {
    const roots = await (await tree()).getChildren();
    const names = roots.map((r) => (r.kind === 'bucket' ? r.bucket.bucket : r.kind));
    assert.deepEqual(names.slice(0, 3), [BUCKET, MISSING, 'stpubdata']);
    assert.ok(names.includes('nasa-heasarc'));
    const item = (await tree()).getTreeItem(roots[0]!);
    assert.equal(item.description, 'us-east-1 · your setting');
    assert.equal(item.contextValue, 'cdr.data.bucket');
  });

  test('keys s3rver does not know: the listing is denied, and the bucket shows one row saying so', async () => {
    // The test host's default profile has AWS's example keys, which this S3 server refuses (403).
    const a = await api();
    await a.credentials.setExplicitKeys(undefined);
    a.data.reset();
    const kids = await (await tree()).getChildren(await bucketRoot(BUCKET));
    assert.equal(kids.length, 1, kids.map(itemLabel).join(', '));
    const row = kids[0] as MessageNode;
    assert.equal(row.kind, 'message');
    assert.equal(row.reason, 'denied');
    assert.match(itemLabel(row), /^Listing denied: s3:\/\/cdr-tree-test\/ does not let these credentials list it$/);
  });

  test('with keys it accepts, a bucket lists one level: folders with a summary once listed, files with sizes', async () => {
    const a = await api();
    // "Enter Access Keys…" (explicit, kept in secret storage): boto3's first source, so the listing signs with them.
    await a.credentials.setExplicitKeys({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
    const top = await (await tree()).getChildren(await bucketRoot(BUCKET));
    assert.deepEqual(top.map(itemLabel), ['big', 'obs']);
    const obs = await find('obs', await bucketRoot(BUCKET));
    const level = await (await tree()).getChildren(obs);
    // The folder marker `obs/` is not a row; sub-prefixes first, then files.
    assert.deepEqual(level.map(itemLabel), ['a', 'b', 'readme.txt']);
    const readme = (await tree()).getTreeItem(level[2]!);
    assert.equal(readme.description, '120 B');
    assert.equal(readme.contextValue, 'cdr.data.object');
    assert.equal((await tree()).getTreeItem(obs).description, '2 folders · 1 file · 120 B');
    const deep = await childrenOf('deep', await find('b', obs));
    assert.deepEqual(deep.map(itemLabel), ['z_x1d.fits']);
    const b = await (await tree()).getChildren(await find('b', obs));
    assert.deepEqual(b.map(itemLabel), ['deep', 'with space+plus%.fits']);
    assert.equal((b[1] as ObjectNode).object.key, 'obs/b/with space+plus%.fits');
  });

  test('past 1,000 children a level ends with "Load more…", which lists the next page', async () => {
    const t = await tree();
    const big = await find('big', await bucketRoot(BUCKET));
    const first = await t.getChildren(big);
    assert.equal(first.length, 1001);
    const more = first[1000]!;
    assert.equal(more.kind, 'more');
    assert.equal(itemLabel(more), 'Load more…');
    assert.equal(t.getTreeItem(more).command?.command, 'cloudDataRouter.data.loadMore');
    assert.equal(t.getTreeItem(big).description, '1000+ files · 2.89 kB+');
    await vscode.commands.executeCommand('cloudDataRouter.data.loadMore', more);
    const all = await t.getChildren(big);
    assert.equal(all.length, BIG, `after Load more: ${all.length} rows`);
    assert.ok(all.every((n) => n.kind === 'object'));
    assert.equal(new Set(all.map((n) => n.id)).size, BIG);
    assert.equal(itemLabel(all[BIG - 1]!), `f${String(BIG - 1).padStart(4, '0')}.fits`);
    assert.equal(t.getTreeItem(big).description, `${BIG} files · 2.91 kB`);
  });

  test('a bucket that does not exist shows one row saying so', async () => {
    const kids = await (await tree()).getChildren(await bucketRoot(MISSING));
    assert.equal(kids.length, 1);
    assert.equal((kids[0] as MessageNode).reason, 'no-such-bucket');
    assert.equal(itemLabel(kids[0]!), `No such bucket: ${MISSING}`);
  });

  test('the tooltip of a folder and of a file gives the route from here', async () => {
    const t = await tree();
    const obs = await find('obs', await bucketRoot(BUCKET));
    // VS Code resolves on hover only what getTreeItem left undefined: the tooltip must be left to resolveTreeItem.
    assert.equal(t.getTreeItem(obs).tooltip, undefined);
    const folder = await t.resolveTreeItem(t.getTreeItem(obs), obs);
    assert.match((folder.tooltip as vscode.MarkdownString).value, /`s3:\/\/cdr-tree-test\/obs\/`/);
    const text = (folder.tooltip as vscode.MarkdownString).value;
    // This test host is not in a cloud (IMDS disabled, no platform): HTTPS, user-not-in-cloud.
    assert.match(text, /Files here would come over HTTPS/);
    assert.match(text, /`user-not-in-cloud`/);
    const readme = await find('readme.txt', obs);
    const file = await t.resolveTreeItem(t.getTreeItem(readme), readme);
    assert.match(
      (file.tooltip as vscode.MarkdownString).value,
      new RegExp(`From: \`${s3.endpoint}/${BUCKET}/obs/readme.txt\``),
    );
  });

  test('Copy S3 URI and Copy HTTPS URL put the addresses on the clipboard', async () => {
    const obs = await find('obs', await bucketRoot(BUCKET));
    await vscode.commands.executeCommand('cloudDataRouter.data.copyS3Uri', obs);
    assert.equal(await vscode.env.clipboard.readText(), `s3://${BUCKET}/obs/`);
    const readme = await find('readme.txt', obs);
    await vscode.commands.executeCommand('cloudDataRouter.data.copyHttpsUrl', readme);
    assert.equal(await vscode.env.clipboard.readText(), `${s3.endpoint}/${BUCKET}/obs/readme.txt`);
  });

  test('Explain Route on a folder explains the route of its first file', async () => {
    const obs = await find('obs', await bucketRoot(BUCKET));
    const route = await vscode.commands.executeCommand<Route>('cloudDataRouter.data.explainRoute', obs);
    assert.ok(route, 'no route');
    assert.equal(route.uri, `s3://${BUCKET}/obs/a/x_drz.fits`);
    assert.equal(route.leaf, 'user-not-in-cloud');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Download… on a folder fetches every file under it byte-identical, writes the manifest, and a rerun skips them', async () => {
    const obs = await find('obs', await bucketRoot(BUCKET));
    const results = await vscode.commands.executeCommand<FileResult[]>('cloudDataRouter.data.download', obs);
    assert.ok(results, 'no results');
    assert.equal(results.length, Object.keys(OBS_FILES).length);
    for (const r of results) assert.equal(r.status, 'COMPLETE', `${r.uri}: ${r.error ?? ''}`);
    for (const [key, size] of Object.entries(OBS_FILES)) {
      const path = join(dest, BUCKET, ...key.split('/'));
      assert.ok(existsSync(path), `${path} is missing`);
      assert.ok(readFileSync(path).equals(fileBytes(key, size)), `${key}: bytes differ`);
    }
    const manifest = (await api()).downloads.lastManifest();
    assert.equal(manifest, join(dest, 'cdr-manifest.csv'));
    assert.match(readFileSync(manifest!, 'utf8'), /obs\/b\/deep\/z_x1d\.fits/);

    const again = await vscode.commands.executeCommand<FileResult[]>('cloudDataRouter.data.download', obs);
    assert.deepEqual(
      again!.map((r) => r.status),
      results.map(() => 'SKIPPED'),
    );
  });
});
