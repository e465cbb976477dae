"""Quality metrics of every set of the mnist5k table, beside its accuracy: OT distance, coverage, precision,
recall, density and diversity of its latents against the class's real train latents (chapter *Baselines and
metrics*); the Fréchet distance and precision/recall/density/coverage in the reference classifier's features
(`feature_metrics`); the semantic accuracy of the reference classifier on its images; and `nn_rms`, the RMS pixel
distance (on [-1, 1]) from each image to the nearest train digit of its class, averaged: 0 for a copy (random real
subsets are copies by construction; the 1,000 test digits, real but unseen, give the scale of a new digit).

    python experiments/mnist5k_metrics.py [OUT]     (default OUT: runs/mnist5k; writes OUT/metrics.csv)

Random real subsets are scored at seed 0 (the table trains each seed on its own subset); sets not in OUT/sets are
skipped, and so are sets still being made (manifest not complete). About a minute."""
import json, sys
from pathlib import Path

import pandas as pd
import torch

from dmgd.core import atomic_path
from dmgd.data import Mnist5k, class_indices
from dmgd.evaluate import as_image_set, read_image_folder, real_subset_indices, reference_classifier
from dmgd.latents import default_cache_dir, load_latents
from dmgd.metrics import nn_rms, feature_metrics, folder_latents, kcenter, semantic_accuracy, set_metrics

torch.set_num_threads(1)
out = Path(sys.argv[1] if len(sys.argv) > 1 else "runs/mnist5k")
train, test = Mnist5k("train"), as_image_set(Mnist5k("test"))
names = list(train.classes)
real = {n: load_latents(default_cache_dir("mnist5k", "nette", "tiny"), n) for n in names}
ref = reference_classifier(train, seed=0, path=Path.home()/".cache/dmgd/reference/mnist5k-convnet3-seed0.safetensors", progress=False).eval()
idx = class_indices(train)

def mean_nn_rms(imgs, tgt): return float(nn_rms(imgs, tgt, train.images, train.targets).mean())

unseen = Mnist5k("test")
print(f"nn_rms of the 1,000 test digits (real, not in train): {mean_nn_rms(unseen.images, unseen.targets):.4f}")
rows = []
for ipc in (1, 10, 50):
    pos = real_subset_indices(train, ipc, 0)
    pick = torch.cat([i[p] for i, p in zip(idx, pos)])
    sets = {"random": ({n: real[n][p] for n, p in zip(names, pos)}, train.images[pick], torch.as_tensor(train.targets)[pick])}
    for m in ("kcenter", "dit", "sm", "dm", "dmgd", "dm-particle", "dmgd-particle", "mgd3", "dm-plus", "dmgd-plus", "minimax", "d4m", "igd"):
        d = out/"sets"/f"{m}-ipc{ipc}"
        if not d.exists() or (m != "kcenter" and not json.loads((d/"manifest.json").read_text()).get("complete")): continue
        folder = read_image_folder(d, test)
        lat = {n: real[n][kcenter(real[n], ipc)] for n in names} if m == "kcenter" else folder_latents(d)
        sets[m] = (lat, folder.images.float()/127.5 - 1, folder.targets)
    for m, (lat, imgs, tgt) in sets.items():
        per = set_metrics(lat, real, name=m).mean(numeric_only=True).drop("ipc").to_dict()
        with torch.no_grad():
            acc = semantic_accuracy(ref, imgs, tgt)
            feat = feature_metrics(ref, imgs, tgt, train.images, torch.as_tensor(train.targets))
        rows.append({"data": m, "ipc": ipc, **per, "semantic_acc": 100*acc, **{k: v for k, v in feat.items() if k not in ("data", "images")},
                     "nn_rms": mean_nn_rms(imgs, tgt)})
df = pd.DataFrame(rows)
with atomic_path(out/"metrics.csv") as tmp: df.to_csv(tmp, index=False)
print(df.round(4).to_string(index=False))
