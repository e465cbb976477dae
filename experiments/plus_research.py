"""The search for a generated image worth more than the real image it came from (issue 22), on the validation split only.

Every variant is distilled from the `fit` split of `--data` (mnist5k or fashion; `--real-split fit`: the train split without
its valid images, so no set anchors to, or matches, a valid image) by the shipped generator, for each distillation seed, and
scored by ConvNet-3 students (mnist5k-hard, or fashion-hard for fashion; final epoch) tested on the `valid` split. Beside each variant that records anchors, the real
digits it anchored to (`anchor_folder`, kind real) are scored the same way: the bar a generated set must clear.
Random real subsets of the fit split are the other bar, and with --coresets the k-center and herding coresets of the fit
split (chosen on its latents, one set each, `coreset_folder(split="fit")`): the best real coreset a set must beat.

    python experiments/plus_research.py OUT.csv SETS_DIR --ipc 10 --sets 0,1 --seeds 0,1 [--coresets] NAME="--method dm-plus" ...

Rows already in OUT.csv are skipped (resumable). One thread."""
import argparse, shlex, shutil, subprocess
from pathlib import Path

import pandas as pd
import torch

from dmgd.core import atomic_path
from dmgd.data import load_dataset
from dmgd.evaluate import as_image_set, read_image_folder, real_subset, train_student
from dmgd.metrics import anchor_folder, coreset_folder, set_anchors

torch.set_num_threads(1)
ap = argparse.ArgumentParser()
ap.add_argument("out"); ap.add_argument("sets"); ap.add_argument("variants", nargs="*")
ap.add_argument("--ipc", type=int, default=10); ap.add_argument("--sets-seeds", "--sets", dest="set_seeds", default="0,1")
ap.add_argument("--seeds", default="0,1")
ap.add_argument("--coresets", action="store_true", help="also score the k-center and herding coresets of the fit split")
ap.add_argument("--data", default="mnist5k", choices=("mnist5k", "fashion"))
a = ap.parse_intermixed_args()
valid, fit = as_image_set(load_dataset(a.data, "valid"), "valid"), load_dataset(a.data, "fit")
protocol, vae = ("mnist5k-hard", "tiny") if a.data == "mnist5k" else ("fashion-hard", "tiny-fashion")
set_seeds, seeds = [int(s) for s in a.set_seeds.split(",")], [int(s) for s in a.seeds.split(",")]
rows = pd.read_csv(a.out).to_dict("records") if Path(a.out).exists() else []
done = {(r["variant"], r["ipc"], r["set_seed"], r["seed"]) for r in rows}

def score(name, flags, set_seed, train):
    for seed in seeds:
        if (name, a.ipc, set_seed, seed) in done: continue
        r = train_student(train, valid, protocol, seed, "convnet3", progress=False)
        rows.append({"variant": name, "flags": flags, "ipc": a.ipc, "set_seed": set_seed, "seed": seed, "valid_top1_final": r["top1_final"]})
        done.add((name, a.ipc, set_seed, seed))
        with atomic_path(a.out) as tmp: pd.DataFrame(rows).to_csv(tmp, index=False)
        print(rows[-1], flush=True)

for s in seeds:                                                    # random real digits of the fit split: subset seed = student seed
    if ("random", a.ipc, s, s) not in done:
        r = train_student(real_subset(fit, a.ipc, s), valid, protocol, s, "convnet3", progress=False)
        rows.append({"variant": "random", "flags": "", "ipc": a.ipc, "set_seed": s, "seed": s, "valid_top1_final": r["top1_final"]})
        done.add(("random", a.ipc, s, s))
        with atomic_path(a.out) as tmp: pd.DataFrame(rows).to_csv(tmp, index=False)
scored = {}                                                        # (ipc, anchor records) -> (variant, set seed) whose anchors were scored
for v, ss in {(r["variant"], r["set_seed"]) for r in rows if r["variant"].endswith("-anchors") and r["ipc"] == a.ipc}:
    made = Path(a.sets)/f"{v.removesuffix('-anchors')}-ipc{a.ipc}-s{ss}"
    if all((v, a.ipc, ss, s) in done for s in seeds) and (made/"manifest.json").exists():
        scored[(a.ipc, tuple(sorted(set_anchors(made).items())))] = (v, ss)
for v in a.variants:
    name, flags = v.split("=", 1)
    for set_seed in set_seeds:
        out = Path(a.sets)/f"{name}-ipc{a.ipc}-s{set_seed}"
        subprocess.run(["dmgd_distill", "--data", a.data, "--ipc", str(a.ipc), "--seed", str(set_seed), "--real-split", "fit", "--quiet",
                        "--out", str(out), *shlex.split(flags)], check=True)
        score(name, flags, set_seed, read_image_folder(out, valid, name))
        if recs := set_anchors(out):
            anc = Path(a.sets)/f"{name}-anchors-ipc{a.ipc}-s{set_seed}"
            key = (a.ipc, tuple(sorted(recs.items())))
            if key in scored:                                     # the same real images were scored already: same students, same rows
                for r in [r for r in rows if r["variant"] == scored[key][0] and r["set_seed"] == scored[key][1] and r["ipc"] == a.ipc]:
                    if (f"{name}-anchors", a.ipc, set_seed, r["seed"]) not in done:
                        rows.append({**r, "variant": f"{name}-anchors", "set_seed": set_seed}); done.add((f"{name}-anchors", a.ipc, set_seed, r["seed"]))
                with atomic_path(a.out) as tmp: pd.DataFrame(rows).to_csv(tmp, index=False)
                continue
            if not (anc/"manifest.json").exists(): anchor_folder(out, anc)
            score(f"{name}-anchors", "anchor_folder", set_seed, read_image_folder(anc, valid, f"{name}-anchors"))
            scored[key] = (f"{name}-anchors", set_seed)
for m in ("kcenter", "herding") if a.coresets else ():          # the real coresets of the fit split: one set each (set seed 0)
    out = Path(a.sets)/f"{m}-fit-ipc{a.ipc}"
    if not out.exists():
        shutil.rmtree(f"{out}.part", ignore_errors=True); coreset_folder(m, a.ipc, f"{out}.part", data=a.data, vae=vae, split="fit"); Path(f"{out}.part").rename(out)
    score(m, "coreset_folder split fit", 0, read_image_folder(out, valid, m))
d = pd.DataFrame(rows)
print(d.groupby("variant", sort=False).valid_top1_final.agg(["mean", "std", "count"]).round(2).to_string())
