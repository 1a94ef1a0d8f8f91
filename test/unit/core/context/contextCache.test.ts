import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createContextCache } from '../../../../src/core/context/index';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createContextCache', () => {
  it('concurrent get() calls share one detection; later calls reuse the value', async () => {
    let calls = 0;
    const cache = createContextCache(async () => ++calls);
    const [a, b] = await Promise.all([cache.get(), cache.get()]);
    assert.deepEqual([a, b, await cache.get(), calls], [1, 1, 1, 1]);
    assert.equal(cache.peek(), 1);
  });

  it('refresh() detects again and later get() sees the new value', async () => {
    let calls = 0;
    const cache = createContextCache(async () => ++calls);
    await cache.get();
    assert.equal(await cache.refresh(), 2);
    assert.equal(await cache.get(), 2);
  });

  it('a failure is not cached', async () => {
    let calls = 0;
    const cache = createContextCache(async () => {
      calls++;
      if (calls === 1) throw new Error('boom');
      return calls;
    });
    await assert.rejects(cache.get(), /boom/);
    assert.equal(cache.peek(), undefined);
    assert.equal(await cache.get(), 2);
  });

  it('a slow older detection never overwrites a newer refresh', async () => {
    const slow = deferred<string>();
    const fast = deferred<string>();
    const queue = [slow.promise, fast.promise];
    const cache = createContextCache(() => queue.shift()!);
    const first = cache.get();
    const second = cache.refresh();
    fast.resolve('new');
    assert.equal(await second, 'new');
    slow.resolve('old');
    assert.equal(await first, 'old');
    assert.equal(cache.peek(), 'new');
    assert.equal(await cache.get(), 'new');
  });
});
