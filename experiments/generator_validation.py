"""Validation measurements of a generator for mnist5k or fashion: every number here is on the validation split.

For each CFG scale and IPC, the plain `dit` set (the images `dmgd_distill --method dit --seed 0` makes: same per-image
keys, 50 steps), scored by
  * ConvNet-3 students (`--protocol`, final epoch) trained on it and tested on the `valid` split,
    one row per student seed;
  * semantic accuracy: the reference ConvNet-3 (`reference_classifier` on the train split) on its images;
  * precision/recall/density/coverage per class in the generator's latent space against the train latents
    (as `dmgd.metrics.set_metrics`), and the same plus a Fréchet distance in the reference classifier's features.
`--random` adds random real subsets of the `fit` split (seed = student seed) scored the same way.

    python experiments/generator_validation.py GEN OUT.csv --cfgs 1.5,2,4 --ipcs 10 --seeds 0,1,2 [--random] [--data fashion]

Rows already in OUT.csv are skipped (resumable). One thread."""
import argparse, time
from pathlib import Path

import pandas as pd
import torch

from dmgd.core import atomic_path, cache_root
from dmgd.data import load_dataset
from dmgd.evaluate import ImageSet, as_image_set, quantise, real_subset, reference_classifier, train_student
from dmgd.generators import Generator
from dmgd.latents import encode_batch
from dmgd.metrics import feature_metrics, prdc_metrics, semantic_accuracy
from dmgd.sampler import sample

torch.set_num_threads(1)
ap = argparse.ArgumentParser()
ap.add_argument("gen"); ap.add_argument("out")
ap.add_argument("--cfgs", default="4"); ap.add_argument("--ipcs", default="10"); ap.add_argument("--seeds", default="0,1,2")
ap.add_argument("--random", action="store_true"); ap.add_argument("--name", default=None)
ap.add_argument("--data", default="mnist5k"); ap.add_argument("--protocol", default="mnist5k-hard")
a = ap.parse_args()
name = a.name or Path(a.gen).name
fit, valid, train = (load_dataset(a.data, s) for s in ("fit", "valid", "train"))
valid = as_image_set(valid, "valid")
judge = reference_classifier(train, seed=0, path=cache_root()/"reference"/f"{a.data}-convnet3-seed0.safetensors", progress=False)
gen = Generator.from_pretrained(a.gen, device="cpu", chunk=250)
with torch.no_grad(): real_z = torch.cat([encode_batch(gen.vae, train.images[i:i + 5000]) for i in range(0, len(train), 5000)])
rows = pd.read_csv(a.out).to_dict("records") if Path(a.out).exists() else []
done = {(r["generator"], r.get("protocol", "mnist5k-hard"), r["data"], r["cfg"], r["ipc"], r["seed"]) for r in rows}

def measure(data, cfg, ipc, x, y, z, seeds, sample_s=float("nan")):   # x: (N, 1, 28, 28) in [-1, 1]; z: latents
    todo = [s for s in seeds if (name, a.protocol, data, cfg, ipc, s) not in done]
    if not todo: return
    lat = pd.DataFrame([prdc_metrics(z[y == c], real_z[train.targets == c]) for c in range(10)]).mean().add_prefix("lat_").to_dict()
    feat = feature_metrics(judge, x, y, train.images, train.targets)
    sem = 100*semantic_accuracy(judge, quantise(x).float()/127.5 - 1, y)
    s = ImageSet(quantise(x), torch.as_tensor(y), valid.classes, data)
    for seed in todo:
        t0 = time.time()
        r = train_student(s, valid, a.protocol, seed, "convnet3", progress=False)
        rows.append({"generator": name, "data": data, "protocol": a.protocol, "cfg": cfg, "ipc": ipc, "seed": seed, "valid_top1_final": r["top1_final"],
                     "semantic_acc": sem, **lat, "fd": feat["fd"], **{k: v for k, v in feat.items() if k.startswith("feat_")},
                     "sample_s": sample_s, "student_s": time.time() - t0})
        with atomic_path(a.out) as tmp: pd.DataFrame(rows).to_csv(tmp, index=False)
        print(rows[-1], flush=True)

seeds = [int(s) for s in a.seeds.split(",")]
for ipc in [int(i) for i in a.ipcs.split(",")]:
    if a.random:
        for seed in seeds:
            rs = real_subset(fit, ipc, seed)
            x = rs.images.float()/127.5 - 1
            measure("random-fit", float("nan"), ipc, x, rs.targets, encode_batch(gen.vae, x), [seed])
    for cfg in [float(c) for c in a.cfgs.split(",")]:
        if all((name, a.protocol, "dit", cfg, ipc, s) in done for s in seeds): continue
        y = torch.arange(10).repeat_interleave(ipc)
        t0 = time.time()
        z = sample(gen, y, [(str(c), i) for c in range(10) for i in range(ipc)], seed=0, steps=50, cfg=cfg)
        with torch.no_grad(): x = gen.decode(z)
        measure("dit", cfg, ipc, x, y, z, seeds, time.time() - t0)
