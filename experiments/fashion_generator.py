"""Choose the Fashion-MNIST generator's CFG scale and training length on the validation split (never the test split).

1. `choose_cfg` (chapter Pretraining) on the finished generator: the plain `dit` set at IPC 10 for each scale of
   `CFG_GRID`, ConvNet-3 students (seeds 0-2) tested on `FashionMnist("valid")`; writes GEN/dmgd.json (best scale,
   chunk 20) and GEN/validation.csv.
2. Training length: the EMA snapshots kept every 2,000 DiT steps (GEN-snapshots/step-*), each with GEN's VAE, at
   the chosen scale, scored the same way.
3. The bar to reach: random real subsets of `FashionMnist("fit")` at IPC 10 (subset seed = student seed), same students.

    python experiments/fashion_generator.py GEN OUT_DIR [--protocol mnist5k-hard]

Writes OUT_DIR/validation-length.csv and OUT_DIR/validation-random.csv (resumable: a finished file is kept). One thread."""
import argparse, shutil, tempfile
from pathlib import Path

import pandas as pd
import torch

from dmgd.core import atomic_path
from dmgd.data import FashionMnist
from dmgd.evaluate import as_image_set, real_subset, train_student
from dmgd.pretrain import CFG_GRID, choose_cfg

torch.set_num_threads(1)
ap = argparse.ArgumentParser()
ap.add_argument("gen"); ap.add_argument("out"); ap.add_argument("--protocol", default="mnist5k-hard")
ap.add_argument("--seeds", default="0,1,2")
a = ap.parse_args()
gen, out, seeds = Path(a.gen), Path(a.out), tuple(int(s) for s in a.seeds.split(","))
out.mkdir(parents=True, exist_ok=True)
fit, valid = FashionMnist("fit"), FashionMnist("valid")

if not (gen/"validation.csv").exists():
    best, table = choose_cfg(gen, fit, valid, CFG_GRID, 10, seeds, a.protocol)
best = pd.read_csv(gen/"validation.csv").groupby("cfg").heldout_top1_final.mean().idxmax()
print(pd.read_csv(gen/"validation.csv").groupby("cfg").heldout_top1_final.agg(["mean", "std"]), flush=True)

if not (out/"validation-random.csv").exists():
    v = as_image_set(valid, "valid")
    rows = [train_student(real_subset(fit, 10, s), v, a.protocol, s, "convnet3", progress=False) | {"subset_seed": s} for s in seeds]
    with atomic_path(out/"validation-random.csv") as tmp: pd.DataFrame(rows).to_csv(tmp, index=False)
print("random real, valid:", pd.read_csv(out/"validation-random.csv").top1_final.agg(["mean", "std"]).round(2).to_dict(), flush=True)

if not (out/"validation-length.csv").exists():
    rows = []
    for snap in sorted((gen.parent/f"{gen.name}-snapshots").glob("step-*")):
        with tempfile.TemporaryDirectory() as d:
            g = Path(d)/"gen"
            shutil.copytree(gen, g, ignore=shutil.ignore_patterns("transformer", "dmgd.json", "validation.csv"))
            shutil.copytree(snap/"transformer", g/"transformer")
            _, t = choose_cfg(g, fit, valid, (best,), 10, seeds, a.protocol, progress=False)
        rows += (t.assign(dit_steps=int(snap.name.split("-")[1]))).to_dict("records")
        print(rows[-1], flush=True)
    with atomic_path(out/"validation-length.csv") as tmp: pd.DataFrame(rows).to_csv(tmp, index=False)
print(pd.read_csv(out/"validation-length.csv").groupby("dit_steps").heldout_top1_final.agg(["mean", "std"]))
