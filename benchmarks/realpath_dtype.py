"""How far half-precision samples drift from fp32 ones on the real path's shapes, measured side by side in one run.

The model is the test suite's random-weight stand-in for DiT-XL/2 (diffusers' `DiTTransformer2DModel`, 1000 classes +
null, 4x32x32 latents, patch 2: DiT-XL/2's 256 tokens, at a small width), saved and loaded back as a user loads a
generator (`Generator.from_pretrained(dtype=...)`). Same seeds, same classes, 50 steps, CFG 4 on 3 channels (DiT's
sampler): the final latents in bf16 and fp16 against fp32, as ||z - z_fp32|| / ||z_fp32|| per image. For scale: fp32
at another chunk size (a bytes-level change only) and two fp32 samples of different seeds (a different image).
Random weights are not DiT-XL/2's: a trained model's drift can differ, in either direction.

    python benchmarks/realpath_dtype.py                 # about a minute on one CPU thread
    python benchmarks/realpath_dtype.py --layers 8 --heads 6 --head-dim 64 --images 8
"""
import argparse, os, tempfile, time
from pathlib import Path

import torch

from dmgd.generators import Generator, random_dit, save_generator
from dmgd.latents import random_vae
from dmgd.sampler import sample


def rel(z, ref): return ((z - ref).flatten(1).norm(dim=1)/ref.flatten(1).norm(dim=1))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--layers", type=int, default=4); ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--head-dim", type=int, default=32); ap.add_argument("--images", type=int, default=8)
    ap.add_argument("--steps", type=int, default=50); ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    tmp = Path(tempfile.mkdtemp())
    save_generator(tmp/"gen", random_dit(num_classes=1000, sample_size=32, patch_size=2, layers=a.layers, heads=a.heads,
                                         head_dim=a.head_dim), random_vae(in_channels=3, blocks=(16, 32, 32)))
    labels = torch.arange(a.images)*97 % 1000                          # spread over ImageNet's classes
    keys = [(str(int(c)), 0) for c in labels]
    print(f"load average {os.getloadavg()[0]:.1f}; DiT: {a.layers} layers, width {a.heads*a.head_dim}, 4x32x32 latents, "
          f"patch 2, 1000 classes; {a.images} images, {a.steps} steps, CFG 4")
    z, secs = {}, {}
    for name, dtype, chunk, seed in [("fp32", "fp32", 16, 0), ("bf16", "bf16", 16, 0), ("fp16", "fp16", 16, 0),
                                     ("fp32, chunk 4", "fp32", 4, 0), ("fp32, seed 1", "fp32", 16, 1)]:
        gen = Generator.from_pretrained(str(tmp/"gen"), device="cpu", dtype=dtype, chunk=chunk)
        t0 = time.perf_counter()
        z[name] = sample(gen, labels, keys, seed=seed, steps=a.steps, cfg=4.0)
        secs[name] = time.perf_counter() - t0
    print(f"final latents' RMS (fp32): {z['fp32'].pow(2).mean().sqrt():.3f}")
    print(f"\n{'run':<16} {'rel. distance to fp32: mean':>28} {'max':>9} {'finite':>7} {'seconds':>8} {'time / fp32':>12}")
    for k in z:
        if k == "fp32": continue
        d = rel(z[k], z["fp32"])
        print(f"{k:<16} {d.mean():>28.2e} {d.max():>9.2e} {str(bool(torch.isfinite(z[k]).all())):>7} {secs[k]:>8.1f} "
              f"{secs[k]/secs['fp32']:>12.2f}")
