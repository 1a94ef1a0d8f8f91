// I/O: "Download Observation…" inside a real VS Code against the MAST stand-in (portal invoke: Mast.Caom.Filtered and
// Mast.Caom.Products; Download/file): filters pick the products, files land in astroquery's mastDownload layout,
// byte-identical; an observation MAST does not know is one clear error and nothing is written.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { FileResult } from '../../src/core/transfer/types';
import { startMastServer, type MastServer } from '../support/mastServer';
import { activateExtension } from './helpers';

const OBS = 'obs1test01';
const bytesOf = (name: string, size: number) => {
  const seed = createHash('sha256').update(name).digest();
  return Buffer.from(Array.from({ length: size }, (_, i) => seed[i % 32]! ^ (i * 7)));
};
const FILES: Record<string, { sub: string; type: string; size: number; mrp: boolean }> = {
  [`${OBS}_drz.fits`]: { sub: 'DRZ', type: 'SCIENCE', size: 5760, mrp: true },
  [`${OBS}_asn.fits`]: { sub: 'ASN', type: 'AUXILIARY', size: 2880, mrp: false },
  [`${OBS}a_flt.fits`]: { sub: 'FLT', type: 'SCIENCE', size: 8640, mrp: true },
  [`${OBS}a_raw.fits`]: { sub: 'RAW', type: 'SCIENCE', size: 8640, mrp: false },
};

suite('download observation', function () {
  this.timeout(60_000);
  const config = vscode.workspace.getConfiguration('cloudDataRouter');
  const dest = mkdtempSync(join(tmpdir(), 'cdr-obs-'));
  let mast: MastServer;

  suiteSetup(async () => {
    const uri = (f: string) => `mast:HST/product/${f}`;
    mast = await startMastServer({
      // No cloud copy: the route is MAST over HTTPS, wherever this test runs.
      paths: Object.fromEntries(Object.keys(FILES).map((f) => [uri(f), null])),
      files: Object.fromEntries(Object.entries(FILES).map(([f, p]) => [uri(f), bytesOf(f, p.size)])),
      observations: [
        {
          obsid: '9000001',
          obs_collection: 'HST',
          obs_id: OBS,
          products: Object.entries(FILES).map(([f, p]) => ({
            obsID: '9000001',
            obs_collection: 'HST',
            obs_id: OBS,
            dataURI: uri(f),
            productFilename: f,
            productType: p.type,
            productSubGroupDescription: p.sub,
            productGroupDescription: p.mrp ? 'Minimum Recommended Products' : null,
            size: p.size,
          })),
        },
      ],
    });
    await activateExtension();
    await config.update('endpoints.mast', mast.url, vscode.ConfigurationTarget.Global);
    await config.update('download.directory', dest, vscode.ConfigurationTarget.Global);
    await config.update('download.layout', 'archive', vscode.ConfigurationTarget.Global);
  });

  suiteTeardown(async () => {
    for (const k of ['endpoints.mast', 'download.directory', 'download.layout'])
      await config.update(k, undefined, vscode.ConfigurationTarget.Global);
    await mast?.close();
  });

  test('the filters keep the products asked for, and they land in mastDownload/HST/<obs_id>/ byte-identical', async () => {
    const results = await vscode.commands.executeCommand<FileResult[]>(
      'cloudDataRouter.downloadObservation',
      `HST/${OBS}`,
      { productType: ['SCIENCE'], productSubGroupDescription: ['DRZ', 'FLT'] },
    );
    assert.ok(results, 'no results');
    assert.deepEqual(results.map((r) => `${r.status} ${r.uri}`).sort(), [
      `COMPLETE mast:HST/product/${OBS}_drz.fits`,
      `COMPLETE mast:HST/product/${OBS}a_flt.fits`,
    ]);
    for (const f of [`${OBS}_drz.fits`, `${OBS}a_flt.fits`]) {
      const path = join(dest, 'mastDownload', 'HST', OBS, f);
      assert.ok(existsSync(path), `${path} is missing`);
      assert.ok(readFileSync(path).equals(bytesOf(f, FILES[f]!.size)), `${f}: bytes differ`);
    }
    assert.ok(!existsSync(join(dest, 'mastDownload', 'HST', OBS, `${OBS}a_raw.fits`)), 'a filtered-out file came');
    // The product list came through MAST's portal API, as astroquery asks it.
    assert.deepEqual([...new Set(mast.invokes.map((i) => i.service))].sort(), [
      'Mast.Caom.Filtered',
      'Mast.Caom.Products',
    ]);
  });

  test('an observation MAST does not know is one clear error, before anything is written', async () => {
    const { api } = await activateExtension();
    await assert.rejects(
      api.downloads.planSet(['mast:obs/HST/nosuchobs99']),
      /MAST knows no HST observation nosuchobs99/,
    );
    assert.ok(!existsSync(join(dest, 'mastDownload', 'HST', 'nosuchobs99')));
  });
});
