"""What our anchored distribution matching (dm-plus, dmgd-plus) adds to sampling, measured side by side in one run:
choosing the anchors of a batch of 10 images (one per class; exact OT of the held images plus x̂0 onto the class's
400 real latents, then the medoid of the cell) against one guided forward of the same 10 images on the shipped
generator, with 0, 9 and 49 images already held. Each image chooses its anchor once and makes 50 forwards, so the
overhead on sampling is anchors / (50 x forward); the pull itself is one multiply-add per step.

    python benchmarks/anchor_cost.py [--reps 5]
"""
import argparse, time

import torch

from dmgd.generators import Generator
from dmgd.latents import default_cache_dir, load_latents
from dmgd.guidance.anchors import AnchorGuidance

ap = argparse.ArgumentParser(); ap.add_argument("--reps", type=int, default=5); ap.add_argument("--threads", type=int, default=1)
a = ap.parse_args()
torch.set_num_threads(a.threads)
g = Generator.from_pretrained("tiny", device="cpu")
real = {c: load_latents(default_cache_dir("mnist5k", None, "tiny"), str(c)) for c in range(10)}
z, y, gz = torch.randn(10, *g.latent_shape, generator=torch.Generator().manual_seed(0)), torch.arange(10), torch.Generator().manual_seed(1)
print(f"{'held':>5} {'anchors ms':>11} {'forward ms':>11} {'anchors / forward':>18} {'overhead on sampling':>21}")
for m in (0, 9, 49):
    ag = AnchorGuidance(real)
    if m:
        for c in range(10): ag.end(torch.full((m,), c), torch.arange(m), torch.randn(m, *g.latent_shape, generator=gz))
    tf, ta = [], []
    for _ in range(a.reps):                       # alternate, so load on a shared machine hits both alike
        t0 = time.perf_counter(); g.guided_eps(z, 500, y, 1.5); tf.append(time.perf_counter() - t0)
        t0 = time.perf_counter(); [ag.anchor(z[c], c, m) for c in range(10)]; ta.append(time.perf_counter() - t0)
    f, an = min(tf), min(ta)
    print(f"{m:>5} {an*1e3:>11.1f} {f*1e3:>11.1f} {an/f:>18.2f} {an/(50*f):>20.2%}")
