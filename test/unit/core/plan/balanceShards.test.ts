import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { balanceShards } from '../../../../src/core/plan/index';
import { rng } from '../../../support/rng';

const f = (path: string, bytes: number | null) => ({ path, bytes });

describe('balanceShards', () => {
  it('puts every file in exactly one shard, keeps input order inside a shard, and balances by bytes not count', () => {
    // One large file and many small ones: by count the large one's shard would carry far more bytes.
    const files = [f('big', 1000), ...Array.from({ length: 30 }, (_, i) => f(`s${String(i).padStart(2, '0')}`, 50))];
    const shards = balanceShards(files, 3);
    const all = shards.flat().map((x) => x.path);
    assert.equal(all.length, files.length);
    assert.equal(new Set(all).size, files.length);
    const bytes = shards.map((s) => s.reduce((n, x) => n + (x.bytes ?? 0), 0));
    assert.deepEqual(bytes, [1000, 750, 750]);
    assert.deepEqual(
      shards.map((s) => s.length),
      [1, 15, 15],
    );
    for (const s of shards) {
      const idx = s.map((x) => files.indexOf(x));
      assert.deepEqual(
        idx,
        [...idx].sort((a, b) => a - b),
      );
    }
  });

  it('is deterministic and within one largest file of perfect balance on random sizes', () => {
    const rand = rng(7);
    const files = Array.from({ length: 500 }, (_, i) => f(`k${i}`, Math.floor(rand() * 1e6)));
    const a = balanceShards(files, 8);
    const b = balanceShards([...files].reverse(), 8);
    // Same set in another order: the same shards (ties broken by path, not position).
    assert.deepEqual(
      a.map((s) => s.map((x) => x.path).sort()),
      b.map((s) => s.map((x) => x.path).sort()),
    );
    const bytes = a.map((s) => s.reduce((n, x) => n + (x.bytes ?? 0), 0));
    const largest = Math.max(...files.map((x) => x.bytes ?? 0));
    assert.ok(Math.max(...bytes) - Math.min(...bytes) <= largest, `spread ${Math.max(...bytes) - Math.min(...bytes)}`);
  });

  it('spreads files of unknown size by count, and accepts one shard or more shards than files', () => {
    const unknown = Array.from({ length: 9 }, (_, i) => f(`u${i}`, null));
    assert.deepEqual(
      balanceShards(unknown, 3).map((s) => s.length),
      [3, 3, 3],
    );
    assert.equal(balanceShards(unknown, 1)[0]!.length, 9);
    assert.deepEqual(
      balanceShards([f('a', 1)], 3).map((s) => s.length),
      [1, 0, 0],
    );
    assert.throws(() => balanceShards(unknown, 0), /shard count/);
  });
});
