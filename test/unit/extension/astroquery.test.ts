import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { delegationReasons } from '../../../src/core/astroquery/delegation';
import { archiveForUrl } from '../../../src/core/astroquery/archives';
import { decide } from '../../../src/core/routing/decide';
import { DEFAULT_POLICY } from '../../../src/core/routing/types';
import { renderRouteHtml } from '../../../src/extension/route/renderRouteHtml';
import { anon, loc, offCloud } from '../core/routing/fixtures';

const root = join(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const IDS = [
  'cloudDataRouter.copyAsPython',
  'cloudDataRouter.insertIntoNotebook',
  'cloudDataRouter.downloadWithAstroquery',
];

describe('astroquery in the extension manifest', () => {
  it('contributes the three commands with localized titles (astroquery.* keys in package.nls.json)', () => {
    for (const id of IDS) {
      const c = pkg.contributes.commands.find((x: { command: string }) => x.command === id);
      assert.ok(c, `${id} is not contributed`);
      const key = /^%(astroquery\.[\w.]+)%$/.exec(c.title)?.[1];
      assert.ok(key && nls[key], `${id}: title ${c.title} has no package.nls.json entry`);
    }
    const setting = pkg.contributes.configuration.properties['cloudDataRouter.astroquery.pythonPath'];
    assert.equal(setting.scope, 'machine');
    assert.ok(nls[setting.markdownDescription.replace(/%/g, '')]);
  });
});

describe('Explain panel: astroquery buttons and banner', () => {
  const OPTS = { nonce: 'n0nce', cspSource: "'self'" };
  it('every route gets Copy as Python and Insert into Notebook', () => {
    const route = decide(
      offCloud(),
      loc({
        input: 'https://data.example.org/x.fits',
        httpUrl: 'https://data.example.org/x.fits',
        s3Uri: null,
        bucket: null,
      }),
      anon,
      DEFAULT_POLICY,
    );
    const html = renderRouteHtml(route, OPTS);
    assert.match(html, /data-action="copyPython"[^>]*>Copy as Python</);
    assert.match(html, /data-action="insertNotebook"[^>]*>Insert into Notebook</);
    assert.doesNotMatch(html, /downloadAstroquery/);
  });

  it('an ESO file says it is delegated and why, with Download with astroquery as the main button', () => {
    const url = 'https://dataportal.eso.org/dataPortal/file/ADP.2020-06-17T10:12:42.931';
    const route = decide(
      offCloud(),
      loc({ input: url, httpUrl: url, s3Uri: null, bucket: null }),
      anon,
      DEFAULT_POLICY,
    );
    const a = archiveForUrl(url)!;
    const html = renderRouteHtml(route, {
      ...OPTS,
      astroquery: { archive: a.name, module: a.module, delegated: true, reasons: delegationReasons(route, a) },
    });
    assert.match(html, /<button class="primary" data-action="downloadAstroquery"[^>]*>Download with astroquery</);
    assert.match(html, /Delegated to astroquery \(astroquery\.eso\)/);
    assert.match(html, /The leaf stays user-not-in-cloud \(HTTPS\); the transport is astroquery/);
    assert.match(html, /ESO_USERNAME/);
  });
});
