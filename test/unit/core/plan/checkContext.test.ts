import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contextDifferences, planContextOf, routeLine } from '../../../../src/core/plan/index';
import { ctx } from '../routing/fixtures';
import { file, plan } from './fixtures';

describe('plan context on a worker', () => {
  const built = plan([file(1, 2 * 1024 ** 3)], 1);
  const line = built.shards[0]![0]!;
  const planned = { context: built.plan.context, credentials: built.plan.credentials };
  const anonymous = { hasCredentials: false, source: null };

  it('holds on a worker in the same region with the same (absent) credentials: the plan route is used as is', () => {
    const here = ctx({ service: 'ecs' });
    assert.deepEqual(contextDifferences(planned, { context: planContextOf(here), hasCredentials: false }), []);
    const r = routeLine(line, null);
    assert.equal(r.kind, 'ok');
    assert.equal(r.kind === 'ok' && r.item.via, 's3');
  });

  it('does not hold in another region: the route is decided again and the change is said, not paid silently', () => {
    const here = ctx({ region: 'us-west-2' });
    const d = contextDifferences(planned, { context: planContextOf(here), hasCredentials: false });
    assert.deepEqual(d, ['region: planned us-east-1, here us-west-2']);
    const r = routeLine(line, { context: here, identity: anonymous, policy: built.plan.policy });
    assert.equal(r.kind, 'ok');
    if (r.kind !== 'ok') return;
    assert.deepEqual([r.item.via, r.leaf], ['http', 'cross-region-anonymous']);
    assert.equal(r.item.httpUrl, line.httpUrl);
    assert.equal(r.item.listed?.size, 2 * 1024 ** 3);
    assert.match(r.rerouted?.reason ?? '', /^same-region → cross-region-anonymous: /);
  });

  it('says so when the route stays on S3 but now crosses regions at the account’s cost', () => {
    const here = ctx({ region: 'eu-west-1' });
    const r = routeLine(line, {
      context: here,
      identity: { hasCredentials: true, source: 'env' },
      policy: { ...built.plan.policy, allowCrossRegion: true },
    });
    assert.equal(r.kind === 'ok' && r.item.via, 's3');
    assert.equal(r.kind === 'ok' && r.item.requesterPays, true);
    assert.equal(r.kind === 'ok' && r.rerouted?.planned, 's3');
    assert.match((r.kind === 'ok' && r.rerouted?.reason) || '', /same-region → cross-region-requester-pays/);
  });

  it('refuses a file that no route can fetch here, with the reason', () => {
    const noHttp = { ...line, httpUrl: undefined };
    const r = routeLine(noHttp, {
      context: ctx({ region: 'us-west-2' }),
      identity: anonymous,
      policy: built.plan.policy,
    });
    assert.equal(r.kind, 'refused');
    assert.match(r.kind === 'refused' ? r.error : '', /no free HTTP copy/);
    const creds = contextDifferences(planned, { context: built.plan.context, hasCredentials: true });
    assert.deepEqual(creds, ['credentials: planned none (anonymous), here some']);
  });
});
