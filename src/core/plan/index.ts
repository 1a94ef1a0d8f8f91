// Pure: the sharded-plan module's public surface (the CLI and the extension import from here only).
export { balanceShards } from './balanceShards';
export { buildPlan, decideCap, planTotals, type BuildPlanInput, type BuiltPlan } from './buildPlan';
export { contextDifferences, planContextOf, routeLine } from './checkContext';
export { mergeStatus, rerunCommand, shellQuote, statusCsv, type MergedStatus, type StatusRow } from './mergeStatus';
export { readPlan, readShard, readShardResults, resultPath, shardRef, writePlan, writeShardResult } from './planFiles';
export { itemFromLine, parseShard, shardText, toShardLine } from './shardLine';
export { SLURM_SCRIPT, slurmScript } from './slurmScript';
export { writeFileAtomic } from './atomicWrite';
export * from './types';
