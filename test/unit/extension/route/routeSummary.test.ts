// Pure: CodeLens titles and hover markdown for a Route.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { decide } from '../../../../src/core/routing/decide';
import { commandLink, escapeMarkdown, hoverMarkdown, lensTitle } from '../../../../src/extension/route/routeSummary';
import { english } from '../../../../src/extension/route/routeText';
import { anon, ec2, hstLocation, policy, unknownContext, withCreds } from './sampleRoutes';

test('lens title: transport and leaf', () => {
  assert.equal(
    lensTitle(decide(ec2('us-east-1'), hstLocation(), anon, policy()), english),
    '$(cloud-download) S3 · same-region',
  );
  assert.match(
    lensTitle(decide(unknownContext, hstLocation(), anon, policy()), english),
    /^\$\(cloud-download\) HTTPS · user-not-in-cloud · \$\(warning\)$/,
  );
  assert.match(
    lensTitle(decide(ec2('us-east-1'), hstLocation(), withCreds, policy({ via: 'http' })), english),
    /forced/,
  );
});

test('hover: summary, escaped URI and command links with JSON arguments', () => {
  const route = decide(ec2('us-east-1'), hstLocation({ input: 's3://b/a_[x](y).fits' }), anon, policy());
  const md = hoverMarkdown(route, english);
  assert.match(md, /\*\*Cloud Data Router\*\*: S3 · `same-region`/);
  assert.ok(md.includes(`(${commandLink('cloudDataRouter.explainRoute', ['s3://b/a_[x](y).fits'])})`));
  assert.ok(md.includes('command:cloudDataRouter.download?'));
  assert.ok(!md.includes('[x](y)'), 'no markdown link smuggled in through the URI');
});

test('commandLink and escapeMarkdown', () => {
  assert.equal(commandLink('a.b', ['s3://x/y z']), `command:a.b?${encodeURIComponent('["s3://x/y z"]')}`);
  assert.equal(escapeMarkdown('*a* [b](c) $(x) <i>'), '\\*a\\* \\[b\\](c) \\$(x) \\<i\\>');
  assert.equal(escapeMarkdown('https://auth.mast.stsci.edu/token)'), 'https://auth.mast.stsci.edu/token)');
});
