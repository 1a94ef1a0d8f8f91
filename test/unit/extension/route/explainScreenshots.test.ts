// I/O: renders the Explain-route page for sample routes into test-results/explain-*.html and screenshots
// them with headless Chromium (light and dark), so people can look at the picture; skipped without Chromium.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { decide } from '../../../../src/core/routing/decide';
import { renderRouteHtml } from '../../../../src/extension/route/renderRouteHtml';
import { ec2, hstLocation, platformContext, policy, unknownContext, anon, withCreds } from './sampleRoutes';

const CHROMIUM = '/usr/bin/chromium';
const OUT = resolve(__dirname, '../../../../test-results');

const samples = [
  { name: 'user-not-in-cloud', scheme: 'light' as const, route: decide(unknownContext, hstLocation(), anon, policy()) },
  { name: 'same-region', scheme: 'dark' as const, route: decide(ec2('us-east-1'), hstLocation(), anon, policy()) },
  {
    name: 'cross-region-not-allowed',
    scheme: 'light' as const,
    route: decide(ec2('us-west-2'), hstLocation(), withCreds, policy()),
  },
  {
    name: 'platform-forced-http',
    scheme: 'dark' as const,
    route: decide(platformContext('us-east-1'), hstLocation(), withCreds, policy({ via: 'http' })),
  },
];

test(
  'explain-route screenshots (light and dark)',
  { skip: !existsSync(CHROMIUM) && `${CHROMIUM} not installed`, timeout: 60_000 },
  async () => {
    mkdirSync(OUT, { recursive: true });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
        '--no-first-run',
      ],
    });
    try {
      for (const s of samples) {
        const html = renderRouteHtml(s.route, { nonce: 'screenshotnonce', cspSource: "'self'" });
        const htmlFile = join(OUT, `explain-${s.name}.html`);
        writeFileSync(htmlFile, html);
        const page = await browser.newPage({
          viewport: { width: 1280, height: 900 },
          colorScheme: s.scheme,
          deviceScaleFactor: 1,
        });
        const errors: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        await page.goto(`file://${htmlFile}`);
        await page.screenshot({ path: join(OUT, `explain-${s.name}.png`), fullPage: true });
        // The CSP must not have blocked our own nonce'd style and script.
        assert.deepEqual(errors, [], `console errors in ${s.name}`);
        const taken = await page.locator('g.leaf.taken').getAttribute('data-leaf');
        assert.equal(taken, s.route.leaf);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  },
);
