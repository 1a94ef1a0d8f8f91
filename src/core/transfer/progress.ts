// Pure: turns byte counts into progress events (rate over a sliding window, ETA), throttled for the UI.
import type { ProgressEvent } from './types';

export interface ProgressTrackerOptions {
  readonly now: () => number;
  readonly emit?: (e: ProgressEvent) => void;
  /** Minimum time between two events; the final one is always sent. */
  readonly intervalMs?: number;
}

export class ProgressTracker {
  bytesDone = 0;
  bytesTotal: number | null = 0;
  filesDone = 0;
  filesTotal = 0;
  readonly #opts: ProgressTrackerOptions;
  readonly #samples: Array<[number, number]> = [];
  #lastEmit = -Infinity;

  constructor(opts: ProgressTrackerOptions) {
    this.#opts = opts;
  }

  add(bytes: number): void {
    this.bytesDone += bytes;
    this.#maybeEmit(false);
  }

  /** A size learned late (from a file's first GET instead of a HEAD); one unknown size makes the total unknown. */
  addTotal(bytes: number | null): void {
    if (this.bytesTotal === null) return;
    this.bytesTotal = bytes === null ? null : this.bytesTotal + bytes;
  }

  fileDone(): void {
    this.filesDone++;
    this.#maybeEmit(false);
  }

  finish(): void {
    this.#maybeEmit(true);
  }

  snapshot(): ProgressEvent {
    const now = this.#opts.now();
    this.#samples.push([now, this.bytesDone]);
    // A 5 s window: responsive to stalls, steady enough to read.
    while (this.#samples.length > 2 && now - this.#samples[0][0] > 5000) this.#samples.shift();
    const [t0, b0] = this.#samples[0];
    const rate = now > t0 ? ((this.bytesDone - b0) * 1000) / (now - t0) : 0;
    const remaining = this.bytesTotal === null ? null : Math.max(0, this.bytesTotal - this.bytesDone);
    return {
      bytesDone: this.bytesDone,
      bytesTotal: this.bytesTotal,
      bytesPerSecond: Math.round(rate),
      etaSeconds: remaining === null || rate <= 0 ? null : Math.ceil(remaining / rate),
      filesDone: this.filesDone,
      filesTotal: this.filesTotal,
    };
  }

  #maybeEmit(force: boolean): void {
    if (!this.#opts.emit) return;
    const now = this.#opts.now();
    if (!force && now - this.#lastEmit < (this.#opts.intervalMs ?? 250)) return;
    this.#lastEmit = now;
    this.#opts.emit(this.snapshot());
  }
}
