"""What the shipped Fashion-MNIST generator's sets look like beside random real images, before any student: the Fréchet
distance and precision/recall/density/coverage in the reference classifier's features (`feature_metrics`), the
semantic accuracy of the reference classifier (ConvNet-3 trained on the train split, 88.96 % on test), the OT distance
and coverage of the latents against the class's real train latents (`set_metrics`), and `nn_rms`: the RMS pixel
distance (on [-1, 1]) from each image to the nearest train image of its class (0 for a copy; the test images give the
scale of a new image).

    python experiments/fashion_metrics.py [OUT]     (default OUT: runs/fashion; reads OUT/sets, writes OUT/metrics.csv)

Random real subsets at subset seed 0; sets not in OUT/sets are skipped. One thread."""
import sys
from pathlib import Path

import pandas as pd
import torch

from dmgd.core import atomic_path, cache_root
from dmgd.data import FashionMnist, class_indices
from dmgd.evaluate import as_image_set, read_image_folder, real_subset_indices, reference_classifier
from dmgd.latents import default_cache_dir, load_latents
from dmgd.metrics import nn_rms, feature_metrics, folder_latents, semantic_accuracy, set_metrics

torch.set_num_threads(1)
out = Path(sys.argv[1] if len(sys.argv) > 1 else "runs/fashion")
train, test = FashionMnist("train"), FashionMnist("test")
names, idx = list(train.classes), class_indices(train)
real = {n: load_latents(default_cache_dir("fashion", None, "tiny-fashion"), n) for n in names}
ref = reference_classifier(train, seed=0, path=cache_root()/"reference"/"fashion-convnet3-seed0.safetensors", progress=False).eval()
like = as_image_set(test)

def mean_nn_rms(imgs, tgt): return float(nn_rms(imgs, tgt, train.images, train.targets).mean())

g = torch.Generator().manual_seed(0)
some = torch.randperm(len(test), generator=g)[:1000]
rows = [{"data": "test images (1,000, unseen)", "ipc": 0, "nn_rms": mean_nn_rms(test.images[some], test.targets[some])}]
print(rows[0], flush=True)
for ipc in (1, 10):
    pos = real_subset_indices(train, ipc, 0)
    pick = torch.cat([i[p] for i, p in zip(idx, pos)])
    sets = {"random": ({n: real[n][p] for n, p in zip(names, pos)}, train.images[pick], torch.as_tensor(train.targets)[pick])}
    for m in ("dit", "dmgd", "dm-plus", "anchors"):
        d = out/"sets"/f"{m}-ipc{ipc}-s0"
        if not (d/"manifest.json").exists(): continue
        folder = read_image_folder(d, like)
        src = out/"sets"/f"dm-plus-ipc{ipc}-s0" if m == "anchors" else d
        sets[m] = (folder_latents(src) if m != "anchors" else None, folder.images.float()/127.5 - 1, folder.targets)
    for m, (lat, imgs, tgt) in sets.items():
        per = set_metrics(lat, real, name=m).mean(numeric_only=True).drop("ipc").to_dict() if lat is not None else {}
        with torch.no_grad():
            acc = semantic_accuracy(ref, imgs, tgt)
            feat = feature_metrics(ref, imgs, tgt, train.images, torch.as_tensor(train.targets))
        rows.append({"data": m, "ipc": ipc, **per, "semantic_acc": 100*acc, **{k: v for k, v in feat.items() if k not in ("data", "images")},
                     "nn_rms": mean_nn_rms(imgs, tgt)})
        print(rows[-1], flush=True)
df = pd.DataFrame(rows)
with atomic_path(out/"metrics.csv") as tmp: df.to_csv(tmp, index=False)
print(df.round(4).to_string(index=False))
