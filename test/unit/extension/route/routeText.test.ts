// Pure: escaping, formatting and naming helpers of the route views.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  english,
  esc,
  format,
  formatBytes,
  formatCost,
  shortName,
  truncate,
} from '../../../../src/extension/route/routeText';

test('esc covers element content and both attribute quotes', () => {
  assert.equal(esc(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
});

test('format substitutes positional arguments like vscode.l10n.t', () => {
  assert.equal(format('{0} of {1}, {2}', 'a', 2), 'a of 2, {2}');
});

test('formatBytes uses decimal units', () => {
  assert.equal(formatBytes(999), '999 B');
  assert.equal(formatBytes(10_598_400), '10.6 MB');
  assert.equal(formatBytes(1_500_000_000), '1.50 GB');
});

test('formatCost: unknown, free and paid', () => {
  assert.equal(formatCost({ estimatedCostUsd: null }, english), 'unknown (size unknown)');
  assert.equal(formatCost({ estimatedCostUsd: 0 }, english), '$0 to your AWS account');
  assert.equal(formatCost({ estimatedCostUsd: 1.234 }, english), 'about $1.23 to your AWS account');
});

test('truncate and shortName', () => {
  assert.equal(truncate('abcdef', 4), 'abc…');
  assert.equal(truncate('abc', 4), 'abc');
  assert.equal(shortName('s3://b/p/q/file.fits'), 'file.fits');
  assert.equal(
    shortName('https://mast.stsci.edu/api/v0.1/Download/file?uri=mast:HST/product/x_c3m.fits'),
    'x_c3m.fits',
  );
});
