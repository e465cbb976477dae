"""The picture of the distillation chapter: the first 4 images of every class from each method's IPC 10 set
of the mnist5k table (`experiments/mnist5k_table.sh` and `experiments/mnist5k_faithful.sh`), side by side.

    python experiments/mnist5k_grids.py [OUT]      (default OUT: runs/mnist5k; writes nbs/images/mnist5k_methods_ipc10.png)"""
import sys
from pathlib import Path

import matplotlib; matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from PIL import Image

out = Path(sys.argv[1] if len(sys.argv) > 1 else "runs/mnist5k")
methods = {"dit": "dit", "sm": "sm", "dmgd": "dmgd", "dm-particle": "dm (particle, ρ=0.005)",
           "dmgd-particle": "dmgd (particle, ρ=0.005)", "mgd3": "mgd3"}
fig, axs = plt.subplots(1, len(methods), figsize=(2.1*len(methods), 5))
for ax, (m, title) in zip(axs, methods.items()):
    rows = [np.concatenate([np.array(Image.open(out/"sets"/f"{m}-ipc10"/str(c)/f"{i:05d}.png")) for i in range(4)], 1) for c in range(10)]
    ax.imshow(np.concatenate(rows, 0), cmap="gray", vmin=0, vmax=255); ax.set_title(title, fontsize=8); ax.axis("off")
plt.tight_layout(rect=(0, 0, 1, 0.97))
fig.savefig("nbs/images/mnist5k_methods_ipc10.png", dpi=80)
