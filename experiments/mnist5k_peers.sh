#!/usr/bin/env bash
# The peers in their released forms (issue 22), re-measured on mnist5k with the shipped generator: D4M (SNR-matched start,
# DDIM steps) and IGD (normalised influence step, deviation on z_t), beside dit, for each distillation seed (SETSEEDS),
# ConvNet-3 students (mnist5k-hard, final epoch, seeds SEEDS) on the 1,000 test digits; and Minimax: plain sampling from
# experiments/generators/minimax-tiny-difffit, the shipped generator fine-tuned with DiffFit's scales trained as released
# (`dmgd_finetune --method minimax --generator tiny --threads 1 --out experiments/generators/minimax-tiny-difffit`, 3.4 CPU min).
# Resumable. Rows go to CSV (default OUT/runs.csv).
#   bash experiments/mnist5k_peers.sh [OUT]     (default OUT: runs/mnist5k-peers)
# Environment: IPCS (default "1 10"), METHODS (default "dit d4m igd minimax"), SETSEEDS (default "0 1 2"), SEEDS (default 0,1,2), CSV.
set -euo pipefail
OUT=${1:-runs/mnist5k-peers}
IPCS=${IPCS:-1 10}; METHODS=${METHODS:-dit d4m igd minimax}; SETSEEDS=${SETSEEDS:-0 1 2}; SEEDS=${SEEDS:-0,1,2}
CSV=${CSV:-$OUT/runs.csv}
export OMP_NUM_THREADS=1 MPLBACKEND=Agg
declare -A ARGS=([dit]="--method dit" [d4m]="--method d4m" [igd]="--method igd"
                 [minimax]="--method dit --generator experiments/generators/minimax-tiny-difffit")
P="--protocol mnist5k-hard --students convnet3 --seeds $SEEDS --threads 1 --quiet"
for IPC in $IPCS; do
  for SET in $SETSEEDS; do
    for M in $METHODS; do
      dmgd_distill ${ARGS[$M]} --ipc $IPC --seed $SET --quiet --out $OUT/sets/$M-ipc$IPC-s$SET
      dmgd_evaluate --data $OUT/sets/$M-ipc$IPC-s$SET $P --out $CSV
    done
  done
done
