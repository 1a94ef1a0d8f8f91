// Pure: a counting semaphore — the one concurrency limit shared by every file and part of a batch.

export class Semaphore {
  #free: number;
  #limit: number;
  readonly #waiters: Array<() => void> = [];

  constructor(limit: number) {
    this.#limit = Math.max(1, Math.floor(limit));
    this.#free = this.#limit;
  }

  get limit(): number {
    return this.#limit;
  }

  /** Holders waiting for a slot. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** Slots in use. */
  get busy(): number {
    return this.#limit - this.#free;
  }

  /**
   * Changes the limit while slots are held: a raise lets waiters in at once; a cut takes effect as holders
   * release (nobody is interrupted).
   */
  resize(limit: number): void {
    const next = Math.max(1, Math.floor(limit));
    this.#free += next - this.#limit;
    this.#limit = next;
    while (this.#free > 0 && this.#waiters.length > 0) {
      this.#free--;
      (this.#waiters.shift() as () => void)();
    }
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw signal.reason;
    if (this.#free > 0) {
      this.#free--;
      return this.#releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => {
        const i = this.#waiters.indexOf(grant);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(signal?.reason);
      };
      this.#waiters.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    return this.#releaser();
  }

  /** Runs `fn` holding one slot. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  #releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      // A slot cut by resize() is not handed on.
      if (this.#free < 0) {
        this.#free++;
        return;
      }
      const next = this.#waiters.shift();
      // A waiter inherits the slot directly, so a newcomer cannot overtake the queue.
      if (next) next();
      else this.#free++;
    };
  }
}
