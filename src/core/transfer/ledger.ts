// I/O: the download-cap ledger — S3 bytes per day and session in a JSON file that outlives the process.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

interface LedgerFile {
  readonly version: 1;
  /** day (YYYY-MM-DD, UTC) → session id → bytes. Days older than the window are dropped on write. */
  days: Record<string, Record<string, number>>;
}

export interface LedgerUsage {
  readonly sessionBytes: number;
  readonly last30DaysBytes: number;
}

const DAY_MS = 86_400_000;

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export class DownloadLedger {
  readonly path: string;
  readonly #now: () => number;
  #writing: Promise<void> = Promise.resolve();
  /** The write that will take what is pending (null when none is queued yet). */
  #next: Promise<void> | null = null;
  #pending = new Map<string, number>();

  constructor(opts: { dir: string; now?: () => number }) {
    this.path = join(opts.dir, 'download-ledger.json');
    this.#now = opts.now ?? Date.now;
  }

  async #read(): Promise<LedgerFile> {
    try {
      const f = JSON.parse(await readFile(this.path, 'utf8')) as LedgerFile;
      if (f.version === 1 && f.days && typeof f.days === 'object') return f;
    } catch (e) {
      // Only "no ledger yet" is empty; an unreadable ledger must not silently reset the cap.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && !(e instanceof SyntaxError)) throw e;
    }
    return { version: 1, days: {} };
  }

  async usage(sessionId: string): Promise<LedgerUsage> {
    const f = await this.#read();
    const since = day(this.#now() - 29 * DAY_MS);
    let session = 0;
    let window = 0;
    for (const [d, sessions] of Object.entries(f.days)) {
      for (const [s, bytes] of Object.entries(sessions)) {
        if (s === sessionId) session += bytes;
        if (d >= since) window += bytes;
      }
    }
    return { sessionBytes: session, last30DaysBytes: window };
  }

  /**
   * Adds bytes (read-modify-write, serialized within this process; the rename keeps the file whole). Records made
   * while a write is under way are summed into the next one, which settles for all of them: a 2,000-file batch made
   * 2,000 read-modify-write cycles, each file waiting its turn, and spent most of its time idle.
   */
  record(sessionId: string, bytes: number): Promise<void> {
    if (bytes <= 0) return this.#next ?? this.#writing.catch(() => undefined);
    this.#pending.set(sessionId, (this.#pending.get(sessionId) ?? 0) + bytes);
    if (!this.#next) {
      const next = this.#writing
        .catch(() => undefined)
        .then(() => {
          // From here on, new records wait for the write after this one.
          this.#next = null;
          const batch = this.#pending;
          this.#pending = new Map();
          return this.#add(batch);
        });
      this.#next = next;
      this.#writing = next;
    }
    return this.#next;
  }

  async #add(batch: ReadonlyMap<string, number>): Promise<void> {
    const f = await this.#read();
    const today = day(this.#now());
    const sessions = (f.days[today] ??= {});
    for (const [sessionId, bytes] of batch) sessions[sessionId] = (sessions[sessionId] ?? 0) + bytes;
    const oldest = day(this.#now() - 60 * DAY_MS);
    for (const d of Object.keys(f.days)) if (d < oldest) delete f.days[d];
    await mkdir(join(this.path, '..'), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(f, null, 1));
    await rename(tmp, this.path);
  }
}

export interface BudgetInput {
  readonly batchBytes: number;
  readonly usage: LedgerUsage;
  /** Bytes allowed in one batch (the CLI's --max-bytes). */
  readonly batchCapBytes?: number;
  /** Bytes allowed over the rolling 30 days. */
  readonly monthlyCapBytes?: number;
  readonly usdPerGb: number;
}

export interface BudgetDecision {
  readonly ok: boolean;
  readonly reason: string | null;
  readonly estimatedCostUsd: number;
}

/** Pure: whether a batch fits the caps; over one, the caller must ask (UI) or refuse (CLI). */
export function decideBudget(input: BudgetInput): BudgetDecision {
  const estimatedCostUsd = Math.round((input.batchBytes / 1e9) * input.usdPerGb * 100) / 100;
  if (input.batchCapBytes !== undefined && input.batchBytes > input.batchCapBytes) {
    return {
      ok: false,
      reason: `this batch needs ${input.batchBytes} bytes over S3, more than the ${input.batchCapBytes}-byte cap`,
      estimatedCostUsd,
    };
  }
  if (input.monthlyCapBytes !== undefined && input.usage.last30DaysBytes + input.batchBytes > input.monthlyCapBytes) {
    return {
      ok: false,
      reason: `${input.usage.last30DaysBytes} bytes used in the last 30 days plus ${input.batchBytes} would pass the ${input.monthlyCapBytes}-byte cap`,
      estimatedCostUsd,
    };
  }
  return { ok: true, reason: null, estimatedCostUsd };
}
