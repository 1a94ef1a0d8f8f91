// Pure: the transfer engine's public surface (the CLI and the extension import from here only).
export { downloadBatch, s3HttpUrl, type BatchOptions, type BatchOutcome, type BudgetOptions } from './batch';
export { DownloadLedger, decideBudget, type LedgerUsage } from './ledger';
export { manifestCsv, writeManifest } from './manifest';
export { relativeSegments, safeSegments } from './safePath';
export { endpointFromEnv } from './s3Client';
export * from './types';
