import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeStatus, statusCsv, type ShardResult } from '../../../../src/core/plan/index';
import type { ResultRead } from '../../../../src/core/plan/planFiles';
import { file, plan } from './fixtures';

function result(
  planId: string,
  shard: number,
  files: { uri: string; status: 'COMPLETE' | 'SKIPPED' | 'ERROR' }[],
  over: Partial<ShardResult> = {},
): ResultRead {
  return {
    kind: 'ok',
    result: {
      version: 1,
      planId,
      shard,
      host: 'node7',
      pid: 1,
      startedAt: '',
      finishedAt: '',
      destination: '/data/out',
      context: { inCloud: true, provider: 'aws', service: 'ec2', region: 'us-east-1', platform: null },
      contextCheck: { holds: true, differences: [], rerouted: 0 },
      counts: { COMPLETE: 0, SKIPPED: 0, ERROR: 0 },
      files: files.map((f) => ({
        ...f,
        path: `/data/out/${f.uri.slice(5)}`,
        bytes: 10,
        via: 's3',
        leaf: 'same-region',
        etag: null,
        resumed: false,
        error: f.status === 'ERROR' ? 'HTTP 503' : null,
        errorCode: f.status === 'ERROR' ? 'network' : null,
      })),
      ...over,
    },
  };
}

describe('mergeStatus', () => {
  const built = plan(
    Array.from({ length: 8 }, (_, i) => file(i, 100)),
    4,
  );
  const lines = built.shards;
  const uris = (k: number) => lines[k]!.map((l) => l.uri);

  it('is complete when every shard reported and no file failed (SKIPPED counts as done)', () => {
    const results = lines.map((_, k) =>
      result(
        'p-1',
        k,
        uris(k).map((uri, j) => ({ uri, status: j === 0 ? 'SKIPPED' : 'COMPLETE' })),
      ),
    );
    const s = mergeStatus({ plan: built.plan, planDir: '/plans/a', shards: lines, results });
    assert.equal(s.complete, true);
    assert.deepEqual(s.files, { total: 8, COMPLETE: 4, SKIPPED: 4, ERROR: 0 });
    assert.deepEqual(s.shards.complete, [0, 1, 2, 3]);
    assert.equal(s.rerun.command, null);
  });

  it('names failed, missing, unreadable and foreign shards, and one command reruns just those', () => {
    const results: ResultRead[] = [
      result(
        'p-1',
        0,
        uris(0).map((uri) => ({ uri, status: 'COMPLETE' })),
      ),
      result('p-1', 1, [
        { uri: uris(1)[0]!, status: 'COMPLETE' },
        { uri: uris(1)[1]!, status: 'ERROR' },
      ]),
      { kind: 'missing' },
      // A result left in this folder by another plan must not count.
      result(
        'p-old',
        3,
        uris(3).map((uri) => ({ uri, status: 'COMPLETE' })),
      ),
    ];
    const s = mergeStatus({ plan: built.plan, planDir: '/plans/my plan', shards: lines, results });
    assert.equal(s.complete, false);
    assert.deepEqual(s.shards, { total: 4, complete: [0], failed: [1], missing: [2, 3] });
    assert.deepEqual(s.files, { total: 8, COMPLETE: 3, SKIPPED: 0, ERROR: 5 });
    assert.match(s.problems[0] ?? '', /shard 3: the result belongs to plan p-old/);
    assert.equal(
      s.rerun.command,
      "cdr get --plan '/plans/my plan/shard-0001.jsonl' --plan '/plans/my plan/shard-0002.jsonl' --plan '/plans/my plan/shard-0003.jsonl'",
    );
    const notRun = s.rows.find((r) => r.Shard === 2)!;
    assert.deepEqual(
      [notRun.Status, notRun.ErrorCode, notRun['Local Path']],
      ['ERROR', 'not-run', `/data/out/${lines[2]![0]!.path}`],
    );
    assert.match(notRun.Message, /not run: shard 2 has no result/);
    const failed = s.rows.find((r) => r.URL === uris(1)[1])!;
    assert.deepEqual([failed.Status, failed.Message, failed.ErrorCode], ['ERROR', 'HTTP 503', 'network']);
  });

  it("reports a worker whose context differed, and writes astroquery's columns first in the CSV", () => {
    const results = lines.map((_, k) =>
      result(
        'p-1',
        k,
        uris(k).map((uri) => ({ uri, status: 'COMPLETE' })),
        k === 1
          ? { contextCheck: { holds: false, differences: ['region: planned us-east-1, here us-west-2'], rerouted: 2 } }
          : {},
      ),
    );
    const s = mergeStatus({ plan: built.plan, planDir: '/p', shards: lines, results });
    assert.deepEqual(s.contextNotes, [
      'shard 1 ran on node7: region: planned us-east-1, here us-west-2; 2 file(s) re-routed',
    ]);
    const csv = statusCsv(s.rows).split('\n');
    assert.equal(csv[0], 'Local Path,Status,Message,URL,Via,Leaf,Bytes,ETag,Shard,ErrorCode,Rerouted');
    assert.equal(csv.length, 8 + 2);
  });
});
