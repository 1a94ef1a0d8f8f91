// Pure: the `sbatch --array` script `cdr plan --emit slurm` writes: array task K runs shard K of the plan.
import { shellQuote } from './mergeStatus';
import type { PlanFile } from './types';

export const SLURM_SCRIPT = 'cdr-plan.sbatch';

export function slurmScript(plan: PlanFile, planDir: string): string {
  const dir = shellQuote(planDir);
  return `#!/bin/bash
# Written by \`cdr plan --emit slurm\` for plan ${plan.planId}: ${plan.totals.files} files in ${plan.shardCount} shards.
# Submit: sbatch ${dir}/cdr-plan.sbatch   (a rerun of some shards: sbatch --array=3,7 ${dir}/cdr-plan.sbatch)
# Array task K runs shard K; a rerun skips finished files, so resubmitting a task is safe.
# Without Slurm: bash cdr-plan.sbatch K runs task K here.
#SBATCH --job-name=cdr-${plan.planId.slice(0, 8)}
#SBATCH --array=0-${plan.shardCount - 1}
#SBATCH --output=${dir}/logs/shard-%a.out
#SBATCH --cpus-per-task=2
set -euo pipefail
PLAN_DIR=${dir}
task="\${1:-\${SLURM_ARRAY_TASK_ID:?run under sbatch --array, or pass the task id: bash $0 K}}"
printf -v shard '%s/shard-%04d.jsonl' "$PLAN_DIR" "$task"
mkdir -p "$PLAN_DIR/logs"
# CDR is how to run cdr on the nodes (default: cdr on PATH), e.g. CDR="node /shared/cdr/dist/cli.js".
read -r -a cdr <<< "\${CDR:-cdr}"
exec "\${cdr[@]}" get --plan "$shard"
`;
}
