#!/usr/bin/env bash
# The mnist5k results table of the evaluation chapter: random real, k-center, dit and mgd3 at IPC 1, 10 and 50,
# ConvNet-3, the mnist5k-hard protocol, 5 seeds, and the full train split. The sm, dm and dmgd rows (faithful and
# particle) come from experiments/mnist5k_faithful.sh. Resumable: rerun it and finished sets and runs are skipped.
#   bash experiments/mnist5k_table.sh [OUT]        (default OUT: runs/mnist5k)
# Environment: IPCS (default "10 1 50"), SEEDS (default 0,1,2,3,4), CSV (default OUT/runs.csv), FULL (1: also
# the full train split). Two workers with different IPCS and CSV files can share the 2 cores; the
# evaluation chapter reads every OUT/*.csv. One torch thread per process; about 2.5 CPU-hours in all.
set -euo pipefail
OUT=${1:-runs/mnist5k}
IPCS=${IPCS:-10 1 50}; SEEDS=${SEEDS:-0,1,2,3,4}; CSV=${CSV:-$OUT/runs.csv}; FULL=${FULL:-1}
export OMP_NUM_THREADS=1 MPLBACKEND=Agg
P="--protocol mnist5k-hard --students convnet3 --seeds $SEEDS --threads 1 --quiet"
for IPC in $IPCS; do
  for M in dit mgd3; do
    dmgd_distill --method $M --ipc $IPC --out $OUT/sets/$M-ipc$IPC
  done
  python -c "from dmgd.metrics import coreset_folder; coreset_folder('kcenter', $IPC, '$OUT/sets/kcenter-ipc$IPC')"
  dmgd_evaluate --data random --ipc $IPC $P --out $CSV
  for S in kcenter dit mgd3; do
    dmgd_evaluate --data $OUT/sets/$S-ipc$IPC $P --out $CSV
  done
done
if [ "$FULL" = 1 ]; then dmgd_evaluate --data full $P --out $CSV; fi
