import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  readPlan,
  readShard,
  readShardResults,
  shardRef,
  writeFileAtomic,
  writePlan,
  writeShardResult,
  type ShardResult,
} from '../../../../src/core/plan/index';
import { file, plan } from './fixtures';

async function temp(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'cdr-plan-'));
  t.after(() => rm(d, { recursive: true, force: true }));
  return d;
}

describe('plan files', () => {
  it('writes shards and plan.json, reads them back, and refuses to overwrite a plan', async (t) => {
    const dir = join(await temp(t), 'P');
    const built = plan(
      Array.from({ length: 10 }, (_, i) => file(i, 100 + i)),
      3,
    );
    await writePlan(dir, built);
    assert.deepEqual((await readdir(dir)).sort(), [
      'plan.json',
      'shard-0000.jsonl',
      'shard-0001.jsonl',
      'shard-0002.jsonl',
    ]);
    assert.deepEqual(await readPlan(dir), JSON.parse(JSON.stringify(built.plan)));
    assert.deepEqual(await readShard(join(dir, 'shard-0001.jsonl')), JSON.parse(JSON.stringify(built.shards[1])));
    await assert.rejects(writePlan(dir, built), /already holds a plan/);
    assert.deepEqual(shardRef(join(dir, 'shard-0002.jsonl')), { dir, index: 2 });
    assert.throws(() => shardRef(join(dir, 'plan.json')), /--plan must name a shard file/);
  });

  it('writes nothing at all for a plan over the cap', async (t) => {
    const dir = join(await temp(t), 'P');
    const built = plan([file(1, 5000)], 1, 100);
    await assert.rejects(writePlan(dir, built), /refusing to write a plan over the cap/);
    await assert.rejects(readdir(dir), { code: 'ENOENT' });
  });

  it('leaves no plan.json when a shard cannot be written (a folder without plan.json is no plan)', async (t) => {
    const dir = join(await temp(t), 'P');
    // A directory where shard 1 should go makes its rename fail half-way through the write.
    await mkdir(join(dir, 'shard-0001.jsonl'), { recursive: true });
    await writeFile(join(dir, 'shard-0007.jsonl'), 'left over from an interrupted plan\n');
    const built = plan(
      Array.from({ length: 4 }, (_, i) => file(i, 10)),
      2,
    );
    await assert.rejects(writePlan(dir, built));
    const names = await readdir(dir);
    assert.ok(!names.includes('plan.json'), names.join(','));
    assert.ok(!names.includes('shard-0007.jsonl'), 'a stale shard of another plan was removed');
    assert.ok(!names.some((n) => n.endsWith('.tmp')), names.join(','));
    await assert.rejects(readPlan(dir), /no plan here/);
  });

  it('writes results atomically: a reader sees the old or the new content, never a part', async (t) => {
    const dir = await temp(t);
    const path = join(dir, 'r.json');
    const a = 'a'.repeat(4 << 20);
    const b = 'b'.repeat(4 << 20);
    await writeFileAtomic(path, a);
    let stop = false;
    const seen = new Set<string>();
    const reader = (async () => {
      while (!stop) {
        const text = await readFile(path, 'utf8');
        seen.add(text === a ? 'a' : text === b ? 'b' : `partial ${text.length}`);
      }
    })();
    for (let i = 0; i < 10; i++) await writeFileAtomic(path, i % 2 ? a : b);
    stop = true;
    await reader;
    assert.deepEqual(
      [...seen].filter((s) => s.startsWith('partial')),
      [],
    );
    assert.deepEqual(await readdir(dir), ['r.json']);
  });

  it('reads results as ok, missing or unreadable (never silently dropped)', async (t) => {
    const dir = await temp(t);
    const built = plan(
      Array.from({ length: 3 }, (_, i) => file(i, 10)),
      3,
    );
    await writePlan(dir, built);
    const r = { version: 1, planId: 'p-1', shard: 0, files: [] } as unknown as ShardResult;
    await writeShardResult(dir, r);
    await writeFile(join(dir, 'results', 'shard-2.json'), '{"truncated');
    const reads = await readShardResults(dir, built.plan);
    assert.deepEqual(
      reads.map((x) => x.kind),
      ['ok', 'missing', 'unreadable'],
    );
    assert.match((reads[2] as { reason: string }).reason, /shard-2\.json: not JSON/);
  });
});
