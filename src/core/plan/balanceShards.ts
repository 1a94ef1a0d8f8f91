// Pure: splits files into N shards balanced by bytes (greedy largest-first into the lightest shard), deterministically.

export interface Sized {
  readonly bytes: number | null;
  /** Breaks ties between equal sizes, so the same set always gives the same shards. */
  readonly path: string;
}

/**
 * Longest-processing-time-first: the largest file goes into the shard with the fewest bytes so far (ties: fewer files,
 * then the lower index). Its makespan is within 4/3 of the best possible. A file of unknown size weighs as the mean
 * known size, so a set with many unknown sizes still spreads its files. Every input appears in exactly one shard, and
 * each shard keeps the input order (a shard file reads like the set it came from).
 */
export function balanceShards<T extends Sized>(files: readonly T[], shardCount: number): T[][] {
  if (!Number.isInteger(shardCount) || shardCount < 1) throw new RangeError(`shard count must be ≥ 1: ${shardCount}`);
  const known = files.filter((f) => f.bytes !== null);
  const mean = known.length ? known.reduce((n, f) => n + (f.bytes as number), 0) / known.length : 1;
  const weight = (f: T) => (f.bytes === null ? mean : f.bytes);
  const order = files
    .map((f, i) => ({ f, i, w: weight(f) }))
    .sort((a, b) => b.w - a.w || (a.f.path < b.f.path ? -1 : a.f.path > b.f.path ? 1 : a.i - b.i));
  const load = Array.from({ length: shardCount }, () => ({ bytes: 0, files: 0 }));
  const assigned = new Array<number>(files.length);
  for (const { i, w } of order) {
    let best = 0;
    for (let k = 1; k < shardCount; k++) {
      const a = load[k]!;
      const b = load[best]!;
      if (a.bytes < b.bytes || (a.bytes === b.bytes && a.files < b.files)) best = k;
    }
    load[best]!.bytes += w;
    load[best]!.files += 1;
    assigned[i] = best;
  }
  const shards: T[][] = Array.from({ length: shardCount }, () => []);
  files.forEach((f, i) => shards[assigned[i]!]!.push(f));
  return shards;
}
