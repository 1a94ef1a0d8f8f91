// Pure: the transfer engine's public surface (the CLI and the extension import from here only).
export { downloadBatch, type BatchOptions, type BatchOutcome, type BudgetOptions } from './batch';
export { s3HttpUrl } from './s3Urls';
export { DownloadLedger, decideBudget, type LedgerUsage } from './ledger';
export { manifestCsv, writeManifest } from './manifest';
export { relativeSegments, safeSegments } from './safePath';
export { endpointFromEnv } from './s3Client';
export * from './types';
