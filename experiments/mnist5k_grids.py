"""The picture of the distillation chapter: the first 4 images of every class from each method's IPC 10 set of the
mnist5k table (`experiments/mnist5k_generated.sh`), side by side, and for our dmgd-plus the real train digit
nearest each image (in pixels): how close a rendering of an anchor comes to a copy.

    python experiments/mnist5k_grids.py [OUT]      (default OUT: runs/mnist5k; writes nbs/images/mnist5k_methods_ipc10.png)"""
import sys
from pathlib import Path

import matplotlib; matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import torch
from PIL import Image

from dmgd.data import Mnist5k

out = Path(sys.argv[1] if len(sys.argv) > 1 else "runs/mnist5k")
methods = {"dit": "dit", "dmgd": "dmgd (authors')", "dm-particle": "dm (particle, ρ=0.005)", "mgd3": "mgd3",
           "dm-plus": "dm-plus (ours)", "dmgd-plus": "dmgd-plus (ours)"}
img = lambda m, c, i: np.array(Image.open(out/"sets"/f"{m}-ipc10"/str(c)/f"{i:05d}.png"))
train = Mnist5k("train")
real = ((train.images[:, 0] + 1)*127.5).round().numpy()               # (N, 28, 28) in 0..255

def nearest(a, c):
    "The real train digit of class c nearest image a (L2 in pixels)."
    pool = real[train.targets.numpy() == c]
    return pool[((pool - a[None].astype(float))**2).sum((1, 2)).argmin()]

methods = {m: t for m, t in methods.items() if (out/"sets"/f"{m}-ipc10"/"manifest.json").exists()}   # sets made so far
panels = {t: [np.concatenate([img(m, c, i) for i in range(4)], 1) for c in range(10)] for m, t in methods.items()}
panels["nearest real digit to each dmgd-plus image"] = [np.concatenate([nearest(img("dmgd-plus", c, i), c) for i in range(4)], 1) for c in range(10)]
fig, axs = plt.subplots(1, len(panels), figsize=(2.1*len(panels), 5))
for ax, (title, rows) in zip(axs, panels.items()):
    ax.imshow(np.concatenate(rows, 0), cmap="gray", vmin=0, vmax=255); ax.set_title(title, fontsize=7, wrap=True); ax.axis("off")
plt.tight_layout(rect=(0, 0, 1, 0.97))
import io
buf = io.BytesIO(); fig.savefig(buf, format="png", dpi=80)
Image.open(buf).convert("L").save("nbs/images/mnist5k_methods_ipc10.png", optimize=True)
