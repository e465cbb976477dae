#!/usr/bin/env bash
# The Fashion-MNIST table (issue 23): every generated method's sets from the shipped Fashion generator (dmgd/tiny-fashion),
# several distilled sets per method (SETSEEDS, `dmgd_distill --seed`) and several ConvNet-3 students per set (SEEDS),
# final epoch, tested on the 10,000 real test images. `anchors` are the real training images the dm-plus set of the
# same seed anchored to (`anchor_folder`), and B-anchors those of set B (e.g. dm-plus-am-anchors); `random` draws a new real subset per student seed (subset seed = student seed);
# `kcenter` and `herding` are the real coresets chosen on the train split's latents (`coreset_folder`; no seed, one set).
# Run from the repo root after `apt-get install dataset-fashion-mnist`.
# Resumable: finished sets and runs are skipped. Rows go to CSV (default OUT/runs-<PROTOCOL>.csv).
#   bash experiments/fashion_table.sh [OUT]      (default OUT: runs/fashion)
# Environment: IPCS (default "10 1 50"), SETS (default: every method below), SETSEEDS (default "0 1 2"),
# SEEDS (student seeds, default 0,1,2), PROTOCOL (default fashion-hard; dsa for the rows beside DC/DSA's), CSV, and
# FULL=1 for the row of the whole train split (60,000 images; once, before the IPC loop).
set -euo pipefail
OUT=${1:-runs/fashion}
IPCS=${IPCS:-10 1 50}; SETS=${SETS:-random dit dmgd dm-plus anchors kcenter herding sm dm mgd3 d4m igd minimax dmgd-plus}; SETSEEDS=${SETSEEDS:-0 1 2}
SEEDS=${SEEDS:-0,1,2}; PROTOCOL=${PROTOCOL:-fashion-hard}
CSV=${CSV:-$OUT/runs-$PROTOCOL.csv}
export OMP_NUM_THREADS=1 MPLBACKEND=Agg
P="--dataset fashion --protocol $PROTOCOL --students convnet3 --seeds $SEEDS --threads 1 --quiet"
declare -A ARGS=([dit]="--method dit" [dmgd]="--method dmgd" [sm]="--method sm" [dm]="--method dm" [mgd3]="--method mgd3"
                 [d4m]="--method d4m" [igd]="--method igd" [dm-plus]="--method dm-plus" [dmgd-plus]="--method dmgd-plus"
                 [dm-plus-am]="--method dm-plus --anchor-gamma 0.5 --anchor-last 30 --anchor-memory anchors"   # ours, a variant chosen on valid (chapter Anchors)
                 [dit-cfg8]="--method dit --cfg 8"                  # the generator at CFG 8 (IPC 1: chosen on valid, chapter Anchors)
                 [dm-plus-cfg8]="--method dm-plus --cfg 8"          # ours at IPC 1: dm-plus with CFG 8 in its free steps (chosen on valid)
                 [dm-plus-mean-cfg8]="--method dm-plus --anchor-rule mean --cfg 8"   # ours at IPC 1 under the copy rule: the best valid variant whose images are no nearer the fit split than valid images
                 [minimax]="--method dit --generator experiments/generators/minimax-tiny-fashion")  # peer: Minimax as released, fine-tuned
# by `dmgd_finetune --method minimax --data fashion --threads 1 --out experiments/generators/minimax-tiny-fashion` (50.4 CPU min)
if [ "${FULL:-0}" = 1 ]; then dmgd_evaluate --data full $P --out $CSV; fi
for IPC in $IPCS; do
  for S in $SETS; do
    if [ "$S" = random ]; then dmgd_evaluate --data random --ipc $IPC $P --out $CSV; continue; fi
    if [ "$S" = kcenter ] || [ "$S" = herding ]; then        # chosen on the train latents, no seed: one set
      D=$OUT/sets/$S-ipc$IPC
      [ -d $D ] || { rm -rf $D.part; python -c "from dmgd.metrics import coreset_folder; coreset_folder('$S', $IPC, '$D.part', data='fashion', vae='tiny-fashion')" && mv $D.part $D; }
      dmgd_evaluate --data $D $P --out $CSV; continue
    fi
    for SET in $SETSEEDS; do
      D=$OUT/sets/$S-ipc$IPC-s$SET
      if [[ "$S" == anchors || "$S" == *-anchors ]]; then        # the real images a set anchored to: anchors (dm-plus's), or B-anchors (set B's)
        B=${S%anchors}; B=${B%-}; B=${B:-dm-plus}
        dmgd_distill --data fashion ${ARGS[$B]} --ipc $IPC --seed $SET --quiet --out $OUT/sets/$B-ipc$IPC-s$SET
        [ -f $D/manifest.json ] || python -c "from dmgd.metrics import anchor_folder; anchor_folder('$OUT/sets/$B-ipc$IPC-s$SET', '$D')"
      else
        dmgd_distill --data fashion ${ARGS[$S]} --ipc $IPC --seed $SET --quiet --out $D
      fi
      dmgd_evaluate --data $D $P --out $CSV
    done
  done
done
