import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { itemFromLine, parseShard, shardText } from '../../../../src/core/plan/index';
import { file, plan } from './fixtures';

describe('buildPlan', () => {
  it('totals bytes by route and leaf, prices S3 bytes by leaf, and records one summary per shard', () => {
    const files = [
      file(1, 2 * 1024 ** 3, { leaf: 'cross-region-requester-pays' }),
      file(2, 1024 ** 3),
      file(3, 500, { via: 'http', leaf: 'cross-region-anonymous' }),
      file(4, null, { via: 'http', leaf: 'cross-region-anonymous' }),
    ];
    const { plan: p, shards } = plan(files, 2);
    assert.equal(p.totals.files, 4);
    assert.equal(p.totals.bytes, 3 * 1024 ** 3 + 500);
    assert.equal(p.totals.unknownBytesFiles, 1);
    assert.deepEqual(p.totals.byVia, { s3: { files: 2, bytes: 3 * 1024 ** 3 }, http: { files: 2, bytes: 500 } });
    assert.equal(p.totals.byLeaf['same-region']?.bytes, 1024 ** 3);
    // 2 GiB cross-region at $0.02/GiB; same-region is free; HTTP costs the user nothing.
    assert.equal(p.totals.estimatedCostUsd, 0.04);
    assert.deepEqual(p.cap, { capBytes: 10 * 1024 ** 3, s3Bytes: 3 * 1024 ** 3, allowed: true, reason: null });
    assert.deepEqual(
      p.shards.map((s) => [s.file, s.files, s.bytes]),
      [
        // The file of unknown size weighs as the mean known size (about 1 GiB), so it does not pile onto one shard.
        ['shard-0000.jsonl', 2, 2 * 1024 ** 3 + 500],
        ['shard-0001.jsonl', 2, 1024 ** 3],
      ],
    );
    assert.equal(shards.flat().length, 4);
  });

  it('says no over the cap, with the bytes and cost, and never makes an empty shard', () => {
    const built = plan([file(1, 5000), file(2, 5000)], 5, 9999);
    assert.equal(built.plan.cap.allowed, false);
    assert.match(built.plan.cap.reason ?? '', /10000 bytes over S3.*9999-byte cap/);
    assert.equal(built.plan.shardCount, 2);
    assert.match(built.notes[0] ?? '', /2 files make 2 shards, not 5/);
  });

  it('round-trips a file through a shard line into the DownloadItem the engine needs (listed size and ETag)', () => {
    const f = file(7, 1234, { item: { ...file(7, 1234).item, archivePath: ['a', 'b.fits'] } });
    const { shards } = plan([f], 1);
    const [line] = parseShard(shardText(shards[0]!), 'x.jsonl');
    assert.deepEqual(itemFromLine(line!), f.item);
    assert.deepEqual(Object.keys(line!).slice(0, 6), ['uri', 'via', 'leaf', 'bytes', 'etag', 'path']);
  });

  it('reports a bad shard line as file:line', () => {
    const good = shardText(plan([file(1, 10)], 1).shards[0]!);
    assert.throws(() => parseShard(`${good}{"uri":1}\n`, 'p/shard-0000.jsonl'), /^CdrError: p\/shard-0000\.jsonl:2: /);
    assert.throws(() => parseShard('nope\n', 's.jsonl'), /s\.jsonl:1: not a JSON line/);
    assert.throws(
      () => parseShard(good.replace('"via":"s3"', '"via":"ftp"'), 's.jsonl'),
      /s\.jsonl:1: "via" must be "s3" or "http"/,
    );
  });
});
