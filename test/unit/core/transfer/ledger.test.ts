import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FaultServer } from '../../../support/faultServer';
import { DownloadLedger, decideBudget, downloadBatch } from '../../../../src/core/transfer/index';
import { KiB, listFiles, payload, tempDir } from './helpers';

const DAY = 86_400_000;

describe('download cap ledger', () => {
  it('survives restarts, sums per session and over a rolling 30 days', async (t) => {
    const dir = await tempDir(t);
    let now = Date.parse('2026-01-01T12:00:00Z');
    const clock = () => now;
    await new DownloadLedger({ dir, now: clock }).record('s1', 100);
    now += 10 * DAY;
    await new DownloadLedger({ dir, now: clock }).record('s2', 50);
    const fresh = new DownloadLedger({ dir, now: clock });
    assert.deepEqual(await fresh.usage('s2'), { sessionBytes: 50, last30DaysBytes: 150 });
    now += 25 * DAY;
    assert.deepEqual(await fresh.usage('s1'), { sessionBytes: 100, last30DaysBytes: 50 });
  });

  it('records made while a write is under way all settle and are all counted (summed into the next write)', async (t) => {
    const dir = await tempDir(t);
    const ledger = new DownloadLedger({ dir });
    await Promise.all(Array.from({ length: 200 }, (_, i) => ledger.record(i % 2 ? 'a' : 'b', 10)));
    assert.deepEqual(await new DownloadLedger({ dir }).usage('a'), { sessionBytes: 1000, last30DaysBytes: 2000 });
    await ledger.record('a', 5);
    assert.deepEqual(await new DownloadLedger({ dir }).usage('a'), { sessionBytes: 1005, last30DaysBytes: 2005 });
  });

  it('a ledger that is not valid JSON counts as empty (writes are atomic: only a hand edit makes one)', async (t) => {
    const dir = await tempDir(t);
    await writeFile(join(dir, 'download-ledger.json'), '{"version":1,"days":{');
    assert.deepEqual(await new DownloadLedger({ dir }).usage('x'), { sessionBytes: 0, last30DaysBytes: 0 });
  });

  it('decideBudget: batch and monthly caps, with the estimated cost', () => {
    const usage = { sessionBytes: 0, last30DaysBytes: 8e9 };
    assert.deepEqual(decideBudget({ batchBytes: 1e9, usage, batchCapBytes: 2e9, usdPerGb: 0.09 }), {
      ok: true,
      reason: null,
      estimatedCostUsd: 0.09,
    });
    assert.equal(decideBudget({ batchBytes: 3e9, usage, batchCapBytes: 2e9, usdPerGb: 0.09 }).ok, false);
    const monthly = decideBudget({ batchBytes: 3e9, usage, monthlyCapBytes: 10e9, usdPerGb: 0.09 });
    assert.equal(monthly.ok, false);
    assert.match(monthly.reason ?? '', /8000000000 bytes used in the last 30 days plus 3000000000/);
    assert.equal(monthly.estimatedCostUsd, 0.27);
  });

  it('a batch over the cap returns needs-confirmation before any GET; once confirmed it downloads and records S3 bytes only', async (t) => {
    const server = await new FaultServer().start();
    t.after(() => server.stop());
    server.put('/bkt/a', payload(200 * KiB));
    server.put('/plain/b', payload(100 * KiB));
    const dest = await tempDir(t);
    const ledgerDir = await tempDir(t);
    const items = [
      { uri: 's3://bkt/a', via: 's3' as const, bucket: 'bkt', key: 'a' },
      { uri: server.url('/plain/b'), via: 'http' as const, httpUrl: server.url('/plain/b') },
    ];
    const budget = { ledger: new DownloadLedger({ dir: ledgerDir }), sessionId: 'sess', batchCapBytes: 100 * KiB };
    const base = { destDir: dest, env: { AWS_ENDPOINT_URL_S3: server.origin }, partSize: 64 * KiB };
    const refused = await downloadBatch(items, { ...base, budget });
    assert.equal(refused.kind, 'needs-confirmation');
    if (refused.kind === 'needs-confirmation') assert.equal(refused.s3Bytes, 200 * KiB);
    assert.equal(server.requests.filter((q) => q.method === 'GET').length, 0);
    assert.deepEqual(await listFiles(dest), []);
    const done = await downloadBatch(items, { ...base, budget: { ...budget, confirmed: true } });
    assert.equal(done.kind, 'done');
    assert.deepEqual(await budget.ledger.usage('sess'), { sessionBytes: 200 * KiB, last30DaysBytes: 200 * KiB });
    assert.match(await readFile(join(ledgerDir, 'download-ledger.json'), 'utf8'), /"sess": 204800/);
  });
});
