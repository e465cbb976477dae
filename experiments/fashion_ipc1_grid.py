"""The picture of chapter Anchors' Fashion IPC 1 search: one image per class (columns) for each set (rows), read from
the research sets' folders (`experiments/plus_research.py ... --data fashion --ipc 1`, distillation seed 0).

    python experiments/fashion_ipc1_grid.py SETS_DIR OUT.png
"""
import argparse
from pathlib import Path

import matplotlib; matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from PIL import Image

ROWS = [("dm-plus-anchors-ipc1-s0", "real medoids (anchors)"), ("first0-last49-ipc1-s0", "pull over every step"),
        ("dm-plus-ipc1-s0", "dm-plus, CFG 1.5"), ("cfg8-ipc1-s0", "dm-plus, CFG 8"),
        ("mean-cfg8-ipc1-s0", "pull to the cell mean, CFG 8"), ("dit-cfg8-ipc1-s0", "generator alone, CFG 8")]
ap = argparse.ArgumentParser(); ap.add_argument("sets"); ap.add_argument("out")
a = ap.parse_args()
sets = Path(a.sets)
fig, axes = plt.subplots(len(ROWS), 1, figsize=(10, 1.15*len(ROWS)))
for ax, (name, label) in zip(axes, ROWS):
    imgs = [np.asarray(Image.open(next((sets/name/str(c)).glob("*.png"))).convert("L")) for c in range(10)]
    ax.imshow(np.concatenate(imgs, 1), cmap="gray", vmin=0, vmax=255)
    ax.set_xticks([]); ax.set_yticks([]); ax.set_ylabel(label, rotation=0, ha="right", va="center", fontsize=8)
    for s in ax.spines.values(): s.set_visible(False)
fig.tight_layout(); fig.savefig(a.out, dpi=100)
