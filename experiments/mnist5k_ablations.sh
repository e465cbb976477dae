#!/usr/bin/env bash
# What dm-plus owes to its anchors (issue 22), on mnist5k with the shipped generator: for each distillation seed
# (SETSEEDS) and IPC, the dm-plus set and the ablations a reviewer asks for first, each scored by ConvNet-3 students
# (mnist5k-hard, final epoch, student seeds SEEDS) on the 1,000 real test digits:
#   dm-plus          the method (--method dm-plus: OT-cell medoid anchors, pull 1.0 over steps 10..40)
#   anchors          the real digits dm-plus anchored to (`anchor_folder`, kind real): a coreset
#   anchors-vae      their VAE reconstructions (`anchor_folder`, kind vae)
#   dm-plus-random   the same pull toward random real digits (--anchor-rule random)
#   sdedit           SDEdit of the same random digits at dm-plus's effective strength 0.18 (--method sdedit)
#   dit              plain DiT with CFG, the baseline every method is paired with
#   random           random real subsets (subset seed = student seed)
# Resumable: finished sets and runs are skipped. Rows go to CSV (default OUT/runs-ablations.csv).
#   bash experiments/mnist5k_ablations.sh [OUT]     (default OUT: runs/mnist5k-ablations)
# Environment: IPCS (default "10 1"), SETSEEDS (default "0 1 2"), SEEDS (default 0,1,2), CSV, and SETS (default
# "dm-plus anchors anchors-vae dm-plus-random sdedit dit random": the rows to make and score; anchors need dm-plus's set).
set -euo pipefail
OUT=${1:-runs/mnist5k-ablations}
IPCS=${IPCS:-10 1}; SETSEEDS=${SETSEEDS:-0 1 2}; SEEDS=${SEEDS:-0,1,2}; SETS=${SETS:-dm-plus anchors anchors-vae dm-plus-random sdedit dit random}
CSV=${CSV:-$OUT/runs-ablations.csv}
export OMP_NUM_THREADS=1 MPLBACKEND=Agg
P="--protocol mnist5k-hard --students convnet3 --seeds $SEEDS --threads 1 --quiet"
anchors() { [ -f "$2/manifest.json" ] || python -c "from dmgd.metrics import anchor_folder; anchor_folder('$1', '$2', kind='$3')"; }
declare -A ARGS=([dm-plus]="--method dm-plus" [dm-plus-random]="--method dm-plus --anchor-rule random" [sdedit]="--method sdedit" [dit]="--method dit")
for IPC in $IPCS; do
  [[ " $SETS " != *" random "* ]] || dmgd_evaluate --data random --ipc $IPC $P --out $CSV
  for SET in $SETSEEDS; do
    S=$OUT/sets; E="--ipc $IPC --seed $SET --quiet"
    for M in $SETS; do
      case $M in
        random) continue ;;
        anchors) dmgd_distill --method dm-plus $E --out $S/dm-plus-ipc$IPC-s$SET; anchors $S/dm-plus-ipc$IPC-s$SET $S/$M-ipc$IPC-s$SET real ;;
        anchors-vae) dmgd_distill --method dm-plus $E --out $S/dm-plus-ipc$IPC-s$SET; anchors $S/dm-plus-ipc$IPC-s$SET $S/$M-ipc$IPC-s$SET vae ;;
        *) dmgd_distill ${ARGS[$M]} $E --out $S/$M-ipc$IPC-s$SET ;;
      esac
      dmgd_evaluate --data $S/$M-ipc$IPC-s$SET $P --out $CSV
    done
  done
done
