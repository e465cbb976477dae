"""The copy check of issue 23's moonshot on Fashion-MNIST: `nn_rms`, the RMS pixel distance (on [-1, 1]) from each image of a
set to the nearest train image of its class (0 for a copy), per set, beside the same for 1,000 unseen test images (the
scale of a new image). A generated set counts only if its images are at least as far from the train set as test images.

    python experiments/fashion_nn.py OUT.csv SETS_DIR NAME...     (NAME: a folder of SETS_DIR, e.g. mgd3-ipc10-s0)
    python experiments/fashion_nn.py --split valid OUT.csv SETS_DIR NAME...

`--split valid` is the same rule on the tuning side, for sets made by the generator that saw only the `fit` split (the
research sets of chapter Anchors): distances to the `fit` images, beside 1,000 `valid` images (held out from the
generator, as test images are), so a variant can be chosen under the rule without the test split.

One thread, a few seconds per set."""
import argparse
from pathlib import Path

import pandas as pd
import torch

from dmgd.core import atomic_path
from dmgd.data import FashionMnist
from dmgd.evaluate import as_image_set, read_image_folder
from dmgd.metrics import nn_rms

torch.set_num_threads(1)
ap = argparse.ArgumentParser()
ap.add_argument("out"); ap.add_argument("sets"); ap.add_argument("names", nargs="*")
ap.add_argument("--split", default="test", choices=("test", "valid"), help="test: against the train split; valid: against fit")
a = ap.parse_intermixed_args()
out, sets, names, split = Path(a.out), Path(a.sets), a.names, a.split
train, test = FashionMnist("train" if split == "test" else "fit"), FashionMnist(split)
some = torch.randperm(len(test), generator=torch.Generator().manual_seed(0))[:1000]
dist = lambda imgs, tgt: nn_rms(imgs, tgt, train.images, train.targets)
t = dist(test.images[some], test.targets[some])
rows = [{"data": f"{split} images (1,000, unseen)", "nn_rms": float(t.mean()), "nn_rms_min": float(t.min())}]
for n in names:
    f = read_image_folder(sets/n, as_image_set(test))
    d = dist(f.images.float()/127.5 - 1, f.targets)
    rows.append({"data": n, "nn_rms": float(d.mean()), "nn_rms_min": float(d.min())})
df = pd.DataFrame(rows)
with atomic_path(out) as tmp: df.to_csv(tmp, index=False)
print(df.round(4).to_string(index=False))
