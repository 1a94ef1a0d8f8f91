// Backoff with full jitter, so many parts failing at once (a 503 SlowDown burst) do not retry in lockstep, and the
// loop that waits it out.
import { SourceFault } from './source';
import type { RetryPolicy } from './types';

/** Delay before retry number `attempt` (1-based): uniform in [0, min(max, base·2^(attempt-1))], at least `floorMs`. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number, floorMs = 0): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(floorMs, Math.round(random() * ceiling));
}

/** Resolves after `ms`, or rejects at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `fn` again after a backoff while it fails with a retryable SourceFault (a 503, a reset before any byte), up
 * to `policy.maxAttempts` in all; anything else, or the last failure, is thrown as it came.
 */
export async function retryFaults<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  random: () => number,
  signal: AbortSignal,
  onRetry: (fault: SourceFault, attempt: number, delayMs: number) => void = () => undefined,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof SourceFault) || e.kind !== 'retry' || attempt >= policy.maxAttempts || signal.aborted) throw e;
      const delay = backoffDelay(attempt, policy, random, e.retryAfterMs ?? 0);
      onRetry(e, attempt, delay);
      await sleep(delay, signal);
    }
  }
}
