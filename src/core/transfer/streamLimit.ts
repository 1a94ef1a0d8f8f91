// Pure: how many large bodies to stream at once, from how busy the one JavaScript thread was in the last window.

export interface StreamLimitInput {
  readonly limit: number;
  /** The floor (one per core, at least 2) and the ceiling (the request limit). */
  readonly min: number;
  readonly max: number;
  /** Event-loop utilisation over the last window, 0–1 (performance.eventLoopUtilization). */
  readonly busy: number;
  /** Bodies waiting for a stream slot right now. */
  readonly waiting: number;
}

/** Below this the thread waits on the network: another stream can use the idle time. */
export const GROW_BELOW = 0.5;
/** Above this the thread is the limit: a stream more only adds overhead, so one is given back. */
export const SHRINK_ABOVE = 0.9;

/**
 * One step at a time, so a burst does not overshoot. On a few busy cores (loopback, a small VM) the thread is the
 * bottleneck and the floor holds; over a network whose connections are each slower than the CPU (S3 serves each
 * connection at a fraction of an instance's bandwidth) streams are added until the thread is busy or the request
 * limit is reached.
 */
export function nextStreamLimit(s: StreamLimitInput): number {
  if (s.busy < GROW_BELOW && s.waiting > 0 && s.limit < s.max) return s.limit + 1;
  if (s.busy > SHRINK_ABOVE && s.limit > s.min) return s.limit - 1;
  return s.limit;
}
