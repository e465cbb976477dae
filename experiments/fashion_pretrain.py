"""Pretrain the Fashion-MNIST generator: the tiny VAE + DiT recipe on the `fit` split (55,000 images; `valid` stays
unseen for choosing the CFG scale and the training length), keeping an EMA snapshot of the DiT every `--every` steps.

    python experiments/fashion_pretrain.py OUT [--dit-steps 8000] [--vae-steps 1500] [--every 2000] [--threads 1]
"""
import argparse
from dataclasses import replace
from pathlib import Path

import torch

from dmgd.core import atomic_folder
from dmgd.data import FashionMnist
from dmgd.pretrain import TinyRecipe, pretrain_tiny

ap = argparse.ArgumentParser()
ap.add_argument("out"); ap.add_argument("--dit-steps", type=int, default=8000); ap.add_argument("--vae-steps", type=int, default=1500)
ap.add_argument("--every", type=int, default=2000); ap.add_argument("--threads", type=int, default=1)
a = ap.parse_args()
out = Path(a.out).resolve()
snaps = out.parent/f"{out.name}-snapshots"

def keep(step, ema):
    "Save the EMA DiT every `--every` steps as SNAPS/step-XXXXX/transformer (atomically)."
    if step % a.every == 0:
        with atomic_folder(snaps/f"step-{step:05d}") as tmp: ema.save_pretrained(tmp/"transformer")

r = replace(TinyRecipe(), vae_steps=a.vae_steps, dit_steps=a.dit_steps)
rec = pretrain_tiny(out, recipe=r, threads=a.threads, data=FashionMnist("fit"), progress=True, callback=keep)
print(out, rec["cpu_seconds"])
