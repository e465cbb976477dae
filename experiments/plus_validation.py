"""Validation runs for dm-plus / dmgd-plus (issue 13): every number here is on the validation split.

Each variant is a set made by `dmgd_distill` (the shipped generator, seed 0) with the given flags, scored by
  * ConvNet-3 students (mnist5k-hard protocol, final epoch) trained on it and tested on `Mnist5k("valid")`;
  * semantic accuracy (the reference ConvNet-3 trained on the train split) and the exact-EMD OT distance of each
    class's latents to the class's real train latents (the metrics chapter's), averaged over classes.

    python experiments/plus_validation.py OUT.csv SETS_DIR --ipc 10 --seeds 0,1,2 NAME="--method dm-plus --anchor-gamma 0.5" ...

Rows already in OUT.csv are skipped (resumable). One thread."""
import argparse, shlex, subprocess, time
from pathlib import Path

import pandas as pd
import torch

from dmgd.core import atomic_path, cache_root, read_json
from dmgd.data import Mnist5k
from dmgd.evaluate import as_image_set, read_image_folder, reference_classifier, train_student
from dmgd.latents import default_cache_dir, load_latents
from dmgd.metrics import folder_latents, semantic_accuracy
from dmgd.ot import ot_distance

torch.set_num_threads(1)
ap = argparse.ArgumentParser()
ap.add_argument("out"); ap.add_argument("sets"); ap.add_argument("variants", nargs="+")
ap.add_argument("--ipc", type=int, default=10); ap.add_argument("--seeds", default="0,1,2")
a = ap.parse_args()
valid, train = as_image_set(Mnist5k("valid"), "valid"), Mnist5k("train")
judge = reference_classifier(train, seed=0, path=cache_root()/"reference"/"mnist5k-convnet3-seed0.safetensors", progress=False)
cache = default_cache_dir("mnist5k", None, "tiny")
rows = pd.read_csv(a.out).to_dict("records") if Path(a.out).exists() else []
done = {(r["variant"], r["ipc"], r["seed"]) for r in rows}
for v in a.variants:
    name, flags = v.split("=", 1)
    todo = [int(s) for s in a.seeds.split(",") if (name, a.ipc, int(s)) not in done]
    if not todo: continue
    out = Path(a.sets)/f"{name}-ipc{a.ipc}"
    t0 = time.time()
    subprocess.run(["dmgd_distill", "--ipc", str(a.ipc), "--out", str(out), *shlex.split(flags)], check=True)
    sample_s = read_json(out/"timings.json")["seconds"] if (out/"timings.json").exists() else time.time() - t0
    s = read_image_folder(out, valid, name)
    sem = 100*semantic_accuracy(judge, s.images.float()/127.5 - 1, s.targets)
    z = folder_latents(out)
    otd = sum(ot_distance(z[c], load_latents(cache, c)) for c in z)/len(z)
    for seed in todo:
        r = train_student(s, valid, "mnist5k-hard", seed, "convnet3", progress=False)
        rows.append({"variant": name, "flags": flags, "ipc": a.ipc, "seed": seed, "valid_top1_final": r["top1_final"],
                     "semantic_acc": sem, "ot": otd, "sample_s": sample_s})
        with atomic_path(a.out) as tmp: pd.DataFrame(rows).to_csv(tmp, index=False)
        print(rows[-1], flush=True)
