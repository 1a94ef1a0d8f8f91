// I/O (test support): runs downloadBatch in a child process from a JSON argument and prints the outcome, so tests
// can kill it mid-transfer (resume) or run it under `ulimit -f` (file-size limit) without risking the test runner.
import { downloadBatch, type BatchOptions, type DownloadItem } from '../../src/core/transfer/index';

const spec = JSON.parse(process.argv[2] ?? '{}') as { items: DownloadItem[]; options: BatchOptions };
downloadBatch(spec.items, { ...spec.options, retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 } }).then(
  (outcome) => process.stdout.write(`${JSON.stringify(outcome)}\n`),
  (e: unknown) => {
    process.stderr.write(`child failed: ${String(e)}\n`);
    process.exitCode = 3;
  },
);
