// Pure: the Explain-route page marks the route's leaf and path, dims the rest, shows warnings, forced and
// error notes, escapes everything it was given, and keeps a strict nonce CSP.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { decide } from '../../../../src/core/routing/decide';
import { ROUTE_LEAVES } from '../../../../src/core/routing/types';
import { renderRouteHtml } from '../../../../src/extension/route/renderRouteHtml';
import { l10nFrom } from '../../../../src/extension/route/routeText';
import {
  anon,
  ec2,
  hstLocation,
  platformContext,
  policy,
  routeForEachLeaf,
  unknownContext,
  withCreds,
} from './sampleRoutes';

const OPTS = { nonce: 'n0nce', cspSource: 'vscode-resource:' };

function leafClasses(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<g class="(leaf [^"]*)" data-leaf="([^"]+)"/g)) out.set(m[2], m[1]);
  return out;
}

test('the sample routes cover every leaf of the tree', () => {
  assert.deepEqual(new Set(routeForEachLeaf().map((r) => r.leaf)), new Set(ROUTE_LEAVES));
});

test('for every leaf: exactly that leaf is highlighted, all seven are drawn, the others are dimmed', () => {
  for (const route of routeForEachLeaf()) {
    const html = renderRouteHtml(route, OPTS);
    const leaves = leafClasses(html);
    assert.equal(leaves.size, ROUTE_LEAVES.length, `all leaves drawn for ${route.leaf}`);
    const taken = [...leaves].filter(([, cls]) => /\btaken\b/.test(cls)).map(([id]) => id);
    assert.deepEqual(taken, [route.leaf]);
    for (const [id, cls] of leaves)
      if (id !== route.leaf) assert.match(cls, /\bdimmed\b/, `${id} dimmed when the route is ${route.leaf}`);
    assert.match(html, new RegExp(`<main data-leaf="${route.leaf}" data-via="${route.via}">`));
  }
});

test('every question is drawn; those the route asked are marked asked and numbered like the steps', () => {
  const route = decide(ec2('us-west-2'), hstLocation(), withCreds, policy());
  const html = renderRouteHtml(route, OPTS);
  const qs = [...html.matchAll(/<g class="question ([a-z]+)" data-node="([a-z-]+)">/g)].map((m) => [m[2], m[1]]);
  assert.equal(qs.length, 6);
  assert.ok(
    qs.every(([, state]) => state === 'asked'),
    'cross-region-not-allowed asks all six questions',
  );
  const off = renderRouteHtml(decide(unknownContext, hstLocation(), anon, policy()), OPTS);
  assert.match(off, /<g class="question asked" data-node="in-cloud">/);
  assert.match(off, /<g class="question dimmed" data-node="same-region">/);
});

test('the taken edges are the path to the leaf and nothing else', () => {
  const html = renderRouteHtml(decide(ec2('us-east-1'), hstLocation(), anon, policy()), OPTS);
  assert.equal(
    [...html.matchAll(/<g class="edge taken">/g)].length,
    4,
    'in-cloud → data → account → same region → leaf',
  );
  assert.equal([...html.matchAll(/<g class="edge">/g)].length, 8);
});

test('warnings, the evidence of each answer, the cost and both addresses appear', () => {
  const route = decide(ec2('us-west-2'), hstLocation(), withCreds, policy());
  const html = renderRouteHtml(route, OPTS);
  assert.ok(route.warnings.length > 0);
  for (const w of route.warnings) assert.ok(html.includes(w.replace(/'/g, '&#39;')), `warning shown: ${w}`);
  for (const e of route.steps.flatMap((s) => s.evidence))
    assert.ok(html.includes(e.replace(/'/g, '&#39;')), `evidence shown: ${e}`);
  assert.ok(html.includes('$0 to your AWS account'));
  assert.ok(html.includes(route.s3Uri as string));
  assert.ok(html.includes((route.httpUrl as string).replace(/&/g, '&amp;')));
});

test('a forced transport says what was forced and what the tree would choose', () => {
  const route = decide(platformContext('us-east-1'), hstLocation(), withCreds, policy({ via: 'http' }));
  const html = renderRouteHtml(route, OPTS);
  assert.match(html, /Transport forced/);
  assert.match(html, /forced to HTTPS \(setting or --via\); the decision tree would choose S3/);
  assert.match(html, /forced: HTTPS instead/);
  assert.match(html, /tree&#39;s choice/);
});

test('an error disables Download and is shown as an alert', () => {
  const landsat = hstLocation({
    input: 's3://usgs-landsat/c2/x.TIF',
    bucket: 'usgs-landsat',
    s3Uri: 's3://usgs-landsat/c2/x.TIF',
    region: 'us-west-2',
    requesterPays: true,
    httpUrl: null,
    httpLogin: null,
  });
  const route = decide(unknownContext, landsat, anon, policy());
  assert.ok(route.error);
  const html = renderRouteHtml(route, OPTS);
  assert.match(html, /<section class="banner error" role="alert">/);
  assert.match(html, /data-action="download" disabled/);
});

test('an XSS-y URI is escaped everywhere and never becomes markup', () => {
  const evil = 's3://b/<img src=x onerror=alert(1)>"\'&';
  const route = {
    ...decide(
      unknownContext,
      hstLocation({ input: evil, s3Uri: evil, httpUrl: `https://x/?a=<script>alert(1)</script>` }),
      anon,
      policy(),
    ),
    warnings: ['<b>bold</b>'],
  };
  const html = renderRouteHtml(route, OPTS);
  assert.ok(!html.includes('<img'), 'no raw <img');
  assert.ok(!/<script>alert/.test(html), 'no raw injected script');
  assert.ok(!html.includes('<b>bold'), 'warnings escaped');
  assert.ok(html.includes('s3://b/&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;'));
  assert.equal([...html.matchAll(/<script/g)].length, 1, 'only our own script');
});

test('strict CSP: nothing by default, style and script only with the nonce, no remote resources', () => {
  const html = renderRouteHtml(routeForEachLeaf()[0], OPTS);
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-n0nce'/);
  assert.match(csp, /style-src 'nonce-n0nce'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
  assert.match(html, /<script nonce="n0nce">/);
  assert.match(html, /<style nonce="n0nce">/);
  assert.doesNotMatch(html, /\sstyle="/, 'inline style attributes would be blocked by the CSP');
  assert.doesNotMatch(html, /(src|href)="https?:/);
});

test('accessible: headings, an SVG with a title and a text description of the path, labelled buttons', () => {
  const route = decide(unknownContext, hstLocation(), anon, policy());
  const html = renderRouteHtml(route, OPTS);
  assert.match(html, /<h1>Explain route<\/h1>/);
  assert.match(html, /<svg class="tree"[^>]* role="img" aria-labelledby="tree-title tree-desc"/);
  assert.match(
    html,
    /<desc id="tree-desc">Path taken: Is this machine in the cloud\? unknown, treated as not in cloud; leaf user-not-in-cloud: HTTPS download over HTTPS\.<\/desc>/,
  );
  assert.match(html, /<button class="primary" data-action="download" aria-label="Download s3:\/\/stpubdata/);
  assert.match(html, /--vscode-editor-background, #/, 'theme colours with fallbacks');
});

test('translation goes through the given function', () => {
  const html = renderRouteHtml(routeForEachLeaf()[0], {
    ...OPTS,
    l10n: l10nFrom((m) => `«${m}»`),
  });
  assert.match(html, /«Decision tree»/);
  assert.match(html, /«Copy as JSON»/);
});
