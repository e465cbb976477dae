#!/bin/sh
# `dmgd_evaluate` gives the same CSV rows before and after a change (the timings aside): two fixed cheap runs, seed 0,
# protocol mnist5k-hard: `--data random --ipc 1`, and a folder of 2 real digits per class with a manifest naming seed 3.
#   git archive OLD dmgd | tar -x -C /tmp/old && tools/evaluate_identity/identity.sh /tmp/before /tmp/old
#   tools/evaluate_identity/identity.sh /tmp/after        # the installed package
#   python tools/evaluate_identity/compare.py /tmp/before /tmp/after
set -e
OUT=$1; PKG=$2; HERE=$(dirname "$0")
export OMP_NUM_THREADS=1 PYTHONPATH=$PKG
mkdir -p "$OUT"
python "$HERE/make_folder.py" "$OUT/set"
python "$HERE/run_evaluate.py" --data random --ipc 1 --seeds 0 --out "$OUT/random.csv" --threads 1 --quiet
python "$HERE/run_evaluate.py" --data "$OUT/set" --seeds 0 --out "$OUT/folder.csv" --threads 1 --quiet
