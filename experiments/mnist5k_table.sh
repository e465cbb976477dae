#!/usr/bin/env bash
# The rows of the mnist5k table that do not depend on the generator: random real subsets, the k-center coreset (on the
# VAE's cached latents) at IPC 1, 10 and 50, and the full train split; ConvNet-3, the mnist5k-hard protocol, 5 seeds.
# Every generated row comes from experiments/mnist5k_generated.sh. Resumable: finished sets and runs are skipped.
#   bash experiments/mnist5k_table.sh [OUT]        (default OUT: runs/mnist5k)
# Environment: IPCS (default "10 1 50"), SEEDS (default 0,1,2,3,4), CSV (default OUT/runs-real.csv), FULL (1: also
# the full train split), SUBSETS (random's subset seeds, each subset seen by every student seed: `--subset-seed`;
# default: one subset per student seed) and KCENTER (0: skip the k-center rows). The evaluation chapter reads every OUT/runs*.csv.
set -euo pipefail
OUT=${1:-runs/mnist5k}
IPCS=${IPCS:-10 1 50}; SEEDS=${SEEDS:-0,1,2,3,4}; CSV=${CSV:-$OUT/runs-real.csv}; FULL=${FULL:-1}; SUBSETS=${SUBSETS:-}; KCENTER=${KCENTER:-1}
export OMP_NUM_THREADS=1 MPLBACKEND=Agg
P="--protocol mnist5k-hard --students convnet3 --seeds $SEEDS --threads 1 --quiet"
for IPC in $IPCS; do
  if [ -z "$SUBSETS" ]; then dmgd_evaluate --data random --ipc $IPC $P --out $CSV
  else for K in $SUBSETS; do dmgd_evaluate --data random --ipc $IPC --subset-seed $K $P --out $CSV; done; fi
  [ "$KCENTER" = 1 ] || continue
  python -c "from dmgd.metrics import coreset_folder; coreset_folder('kcenter', $IPC, '$OUT/sets/kcenter-ipc$IPC')"
  dmgd_evaluate --data $OUT/sets/kcenter-ipc$IPC $P --out $CSV
done
if [ "$FULL" = 1 ]; then dmgd_evaluate --data full $P --out $CSV; fi
