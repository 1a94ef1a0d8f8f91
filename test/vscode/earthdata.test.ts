// I/O: "Search Earthdata Granules…" inside a real VS Code against the CMR stand-in and a stand-in DAAC (HTTPS): the
// search's hits and URI, the dry run's routed plan, and the download of the search as a data set, byte-identical.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SearchOutcome } from '../../src/extension/earthdata/searchCommand';
import { startCmrServer, ummGranule, type CmrServer } from '../support/earthdata/cmrServer';
import { FaultServer } from '../support/faultServer';
import { activateExtension } from './helpers';

suite('search Earthdata granules', function () {
  this.timeout(60_000);
  const config = vscode.workspace.getConfiguration('cloudDataRouter');
  const dest = mkdtempSync(join(tmpdir(), 'cdr-edl-'));
  const bodies = [0, 1, 2].map((i) => Buffer.from(`granule ${i}\n`.repeat(200 + i)));
  const key = (i: number) => `HLSL30.020/G${i}/G${i}.B01.tif`;
  let cmr: CmrServer;
  let daac: FaultServer;

  suiteSetup(async () => {
    daac = await new FaultServer().start();
    bodies.forEach((b, i) => daac.put(`/lp-prod-protected/${key(i)}`, b));
    cmr = await startCmrServer({
      granules: bodies.map((b, i) => ({
        shortName: 'HLSL30',
        version: '2.0',
        item: ummGranule({
          conceptId: `G${i + 1}-LPCLOUD`,
          granuleUr: `G${i}`,
          provider: 'LPCLOUD',
          collectionConceptId: 'C1-LPCLOUD',
          s3CredentialsUrl: `${daac.origin}/s3credentials`,
          files: [
            {
              name: `G${i}.B01.tif`,
              https: `${daac.origin}/lp-prod-protected/${key(i)}`,
              s3: `s3://lp-prod-protected/${key(i)}`,
              sizeInBytes: b.length,
              checksum: { algorithm: 'SHA-256', value: createHash('sha256').update(b).digest('hex') },
            },
          ],
        }),
      })),
      collections: { 'C1-LPCLOUD': { DirectDistributionInformation: { Region: 'us-west-2' } } },
    });
    await activateExtension();
    await config.update('earthdata.cmrUrl', cmr.url, vscode.ConfigurationTarget.Global);
    await config.update(
      'earthdata.daacs',
      [
        {
          id: 'lpdaac',
          origins: [daac.origin],
          buckets: ['lp-prod-protected'],
          s3CredentialsUrl: `${daac.origin}/s3credentials`,
          region: 'us-west-2',
          httpsPathIsBucketKey: true,
        },
      ],
      vscode.ConfigurationTarget.Global,
    );
    await config.update('download.directory', dest, vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    for (const k of ['earthdata.cmrUrl', 'earthdata.daacs', 'download.directory'])
      await config.update(k, undefined, vscode.ConfigurationTarget.Global);
    await cmr?.close();
    await daac?.stop();
  });

  test('Copy URI: the hits, the total size and the data-set URI on the clipboard', async () => {
    const out = await vscode.commands.executeCommand<SearchOutcome>('cloudDataRouter.searchEarthdata', {
      shortName: 'HLSL30',
      limit: 2,
      action: 'copy',
    });
    assert.ok(out, 'no outcome');
    assert.deepEqual([out.granules, out.hits, out.files], [2, 3, 2]);
    assert.equal(out.bytes, bodies[0]!.length + bodies[1]!.length);
    assert.equal(out.uri, 'earthdata:granules?short_name=HLSL30&limit=2');
    assert.equal(await vscode.env.clipboard.readText(), out.uri);
  });

  test('Dry Run: every file routed (HTTPS here) before any byte moves', async () => {
    const before = daac.requests.length;
    const out = await vscode.commands.executeCommand<SearchOutcome>('cloudDataRouter.searchEarthdata', {
      shortName: 'HLSL30',
      action: 'dry-run',
    });
    assert.ok(out?.plan, 'no plan');
    assert.match(out.plan, new RegExp(`^http +${bodies[0]!.length}  ${daac.origin}/lp-prod-protected/`, 'm'));
    assert.match(out.plan, /^3 files, /m);
    assert.equal(daac.requests.length, before);
  });

  test('Download…: the search downloads as a set into bucket/key, byte-identical', async () => {
    const out = await vscode.commands.executeCommand<SearchOutcome>('cloudDataRouter.searchEarthdata', {
      shortName: 'HLSL30',
      temporal: '2023-06-01,2023-06-30',
      action: 'download',
    });
    assert.ok(out?.results, 'no results');
    assert.deepEqual(
      out.results.map((r) => r.status),
      ['COMPLETE', 'COMPLETE', 'COMPLETE'],
    );
    for (const [i, b] of bodies.entries()) assert.deepEqual(readFileSync(join(dest, 'lp-prod-protected', key(i))), b);
    const sent = cmr.requests.filter((r) => r.path === '/search/granules.umm_json').at(-1)!;
    assert.equal(sent.query.get('temporal[]'), '2023-06-01T00:00:00Z,2023-06-30T23:59:59Z');
  });
});
