import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import { PlanSpool } from '../../../src/cli/planSpool';

describe('PlanSpool', () => {
  it('hands back every line in order, multi-byte characters intact across chunk boundaries', async () => {
    const spool = await PlanSpool.create();
    // 3-byte and 4-byte characters at every offset, far more than one 64 KiB chunk.
    const lines = Array.from({ length: 20_000 }, (_, i) => `${i} ${'é€😀'.repeat(i % 7)} s3://b/k${i}`);
    try {
      for (const l of lines) await spool.add(l);
      assert.equal(spool.count, lines.length);
      const chunks: string[] = [];
      await spool.replay((t) => chunks.push(t));
      assert.ok(chunks.length > 1, 'read back in several chunks');
      assert.ok(!chunks.some((c) => c.includes('\uFFFD')), 'no character split into replacement marks');
      assert.equal(chunks.join(''), `${lines.join('\n')}\n`);
    } finally {
      await spool.dispose();
    }
  });

  it('an empty spool replays nothing, and dispose removes its temporary folder', async () => {
    const before = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('cdr-plan-')));
    const spool = await PlanSpool.create();
    const created = readdirSync(tmpdir()).filter((n) => n.startsWith('cdr-plan-') && !before.has(n));
    assert.equal(created.length, 1);
    const chunks: string[] = [];
    await spool.replay((t) => chunks.push(t));
    assert.deepEqual(chunks, []);
    await spool.dispose();
    assert.equal(existsSync(`${tmpdir()}/${created[0]}`), false);
  });
});
