import assert from 'node:assert/strict';
import { constants } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MetadataCalls, SLOW_CALL_MS } from '../../../../src/core/transfer/metadataCalls';
import { tempDir } from './helpers';

/** A clock each call of which takes `ms[i]` (the last value repeats): the calls' own duration as MetadataCalls sees it. */
function clock(ms: number[]): () => number {
  let t = 0;
  let call = 0;
  let start = true;
  return () => {
    if (!start) t += ms[Math.min(call++, ms.length - 1)];
    start = !start;
    return t;
  };
}

async function openClose(calls: MetadataCalls, path: string): Promise<void> {
  const fd = await calls.open(path, constants.O_RDWR | constants.O_CREAT, 0o644);
  await calls.close(fd);
}

describe('MetadataCalls (file creation inline on a fast disk, on the thread pool on a slow one)', () => {
  it('stays inline on a fast disk, and through one call that a busy machine delayed', async (t) => {
    const dir = await tempDir(t);
    const slow: number[] = [];
    const calls = new MetadataCalls({ now: clock([0.02, 0.02, 5, 0.02]), onSlow: (ms) => slow.push(ms) });
    for (let i = 0; i < 20; i++) await openClose(calls, join(dir, `f${i}`));
    assert.equal(calls.inline, true);
    assert.deepEqual(slow, []);
  });

  it('moves to the thread pool when calls are slow on average, or one is very slow, and keeps working there', async (t) => {
    const dir = await tempDir(t);
    const averaged: number[] = [];
    const steady = new MetadataCalls({ now: clock([3]), onSlow: (ms) => averaged.push(ms) });
    for (let i = 0; i < 3 && steady.inline; i++) await openClose(steady, join(dir, `a${i}`));
    assert.equal(steady.inline, false, 'a 3 ms average is a slow file system');
    assert.equal(averaged.length, 1);

    const once = new MetadataCalls({ now: clock([SLOW_CALL_MS + 1]) });
    await openClose(once, join(dir, 'b'));
    assert.equal(once.inline, false);

    // On the pool: same results and the same errors.
    await writeFile(join(dir, 'from'), 'x');
    await once.rename(join(dir, 'from'), join(dir, 'to'));
    assert.equal(await readFile(join(dir, 'to'), 'utf8'), 'x');
    await assert.rejects(once.rename(join(dir, 'missing'), join(dir, 'x')), { code: 'ENOENT' });
  });

  it('reports errors inline as rejections, not throws', async (t) => {
    const dir = await tempDir(t);
    const calls = new MetadataCalls();
    const p = calls.rename(join(dir, 'missing'), join(dir, 'x'));
    assert.ok(p instanceof Promise);
    await assert.rejects(p, { code: 'ENOENT' });
    assert.equal(calls.inline, true);
  });
});
