// Pure: backoff with full jitter, so many parts failing at once (a 503 SlowDown burst) do not retry in lockstep.
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
