"""The shipped generator against the first one, side by side: weights' size, pretraining time (from each folder's
recipe.json), and plain `dit` sampling speed measured alternately in one run on this machine.

    python benchmarks/generators.py                         # dmgd/tiny vs experiments/generators/tiny-s1500
    python benchmarks/generators.py --ipc 5 --reps 3
"""
import argparse, tempfile, time
from pathlib import Path

import torch

from dmgd.core import read_json
from dmgd.distill import DistillConfig, class_labels, generate
from dmgd.generators import Generator
from dmgd.latents import tiny_dir

ap = argparse.ArgumentParser()
ap.add_argument("--old", default=str(Path(__file__).parent.parent/"experiments"/"generators"/"tiny-s1500"))
ap.add_argument("--ipc", type=int, default=2); ap.add_argument("--reps", type=int, default=2)
ap.add_argument("--threads", type=int, default=1)
a = ap.parse_args()
torch.set_num_threads(a.threads)
folders = {"first (tiny-s1500)": Path(a.old), "shipped (dmgd/tiny)": tiny_dir()}
gens = {k: Generator.from_pretrained(str(f), device="cpu") for k, f in folders.items()}
names = [str(c) for c in range(10)]
secs = {k: [] for k in folders}
for _ in range(a.reps):                                   # alternate, so load on a shared machine hits both alike
    for k, g in gens.items():
        cfg = DistillConfig(generator=str(folders[k]), ipc=a.ipc, method="dit")
        with tempfile.TemporaryDirectory() as d:
            t0 = time.perf_counter()
            generate(g, cfg, names, class_labels(names, g), [], Path(d), progress=False)
            secs[k].append(time.perf_counter() - t0)
print(f"\n{'generator':<22} {'MB':>6} {'DiT steps':>9} {'pretrain CPU min':>17} {'CFG':>5} {'dit images/s':>13} {'vs first':>9}")
base = None
for k, f in folders.items():
    r = read_json(f/"recipe.json"); mb = sum(p.stat().st_size for p in f.rglob("*.safetensors"))/2**20
    ips = a.ipc*len(names)/min(secs[k]); base = base or ips
    cfg = DistillConfig().resolved(gens[k]).cfg
    print(f"{k:<22} {mb:>6.1f} {r['recipe']['dit_steps']:>9} {r['cpu_seconds']['total']/60:>17.1f} {cfg:>5} {ips:>13.2f} {ips/base:>9.2f}")
