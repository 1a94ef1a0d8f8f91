// Pure: a per-session cache of one detection: concurrent callers share it, refresh() replaces it, failures are not kept.

export interface ContextCache<T> {
  /** The cached result, or the detection in flight, or a new detection. */
  get(): Promise<T>;
  /** Starts a new detection; later get() calls see its result once it settles. */
  refresh(): Promise<T>;
  /** The last completed result without waiting, e.g. for a status bar that shows "detecting…" meanwhile. */
  peek(): T | undefined;
}

export function createContextCache<T>(detect: () => Promise<T>): ContextCache<T> {
  let value: T | undefined;
  let inFlight: Promise<T> | undefined;
  // Only the newest detection may store its result, so a slow older one cannot overwrite a refresh.
  let generation = 0;

  const start = (): Promise<T> => {
    const mine = ++generation;
    const p = detect().then(
      (v) => {
        if (mine === generation) {
          value = v;
          inFlight = undefined;
        }
        return v;
      },
      (e: unknown) => {
        if (mine === generation) inFlight = undefined;
        throw e;
      },
    );
    inFlight = p;
    return p;
  };

  return {
    get: () => inFlight ?? (value !== undefined ? Promise.resolve(value) : start()),
    refresh: start,
    peek: () => value,
  };
}
