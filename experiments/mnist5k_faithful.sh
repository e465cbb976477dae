#!/usr/bin/env bash
# The re-measured rows of the mnist5k table after soft labels became the authors' form (both CFG rows, U[0,1)
# noise, pair statistics) and Sinkhorn the authors' order (sources, then targets): sm, dmgd (faithful: the paper's
# OT scale, rho 0.5), dmgd-particle and dm-particle (our particle scale, rho 0.005) and dm (faithful) at IPC 10, 1
# and 50; ConvNet-3, the mnist5k-hard protocol, 5 seeds, final epoch. The other rows (random, kcenter, dit, mgd3,
# full) come from experiments/mnist5k_table.sh; nothing they run changed.
# Resumable: finished sets and runs are skipped.
#   bash experiments/mnist5k_faithful.sh [OUT]      (default OUT: runs/mnist5k; rows go to OUT/runs-faithful.csv)
# Environment: IPCS (default "10 1 50"), SETS (default "sm dmgd dmgd-particle dm-particle dm"), SEEDS (default 0,1,2,3,4).
set -euo pipefail
OUT=${1:-runs/mnist5k}
IPCS=${IPCS:-10 1 50}; SETS=${SETS:-sm dmgd dmgd-particle dm-particle dm}; SEEDS=${SEEDS:-0,1,2,3,4}; CSV=${CSV:-$OUT/runs-faithful.csv}
export OMP_NUM_THREADS=1 MPLBACKEND=Agg
P="--protocol mnist5k-hard --students convnet3 --seeds $SEEDS --threads 1 --quiet"
declare -A ARGS=([sm]="--method sm" [dmgd]="--method dmgd" [dm]="--method dm"
                 [dmgd-particle]="--method dmgd --ot-scale particle --rho 0.005"
                 [dm-particle]="--method dm --ot-scale particle --rho 0.005")
for IPC in $IPCS; do
  for S in $SETS; do
    dmgd_distill ${ARGS[$S]} --ipc $IPC --out $OUT/sets/$S-ipc$IPC
    dmgd_evaluate --data $OUT/sets/$S-ipc$IPC $P --out $CSV
  done
done
