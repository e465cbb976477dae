"""Sampling speed on this machine, measured side by side in one run.

1. Greedy progressive matching batched across classes (image i of every class in one batch) against the
   official code's order (one image at a time, class after class), same model, steps and outputs.
2. Each method's guidance overhead: its time / plain dit time, at IPC 10 and 50 (targets: dmgd <= 1.10,
   our dm-plus and dmgd-plus <= 1.5).

Uses the shipped tiny generator (`--generator tiny`) on mnist5k by default; any generator folder works.

    python benchmarks/sampling.py                    # IPC 10 and 50, 10 classes; several minutes on 2 cores
    python benchmarks/sampling.py --ipcs 2 --steps 10  # a quick look
    python benchmarks/sampling.py --skip-order         # only the method / dit table
    python benchmarks/sampling.py --skip-order --methods dmgd-plus --ipcs 10   # one method
"""
import argparse, tempfile, time
from pathlib import Path

import torch

from dmgd.distill import DistillConfig, class_labels, generate, make_terms, real_latents
from dmgd.generators import Generator


def run(gen, cfg, names, latents, order, batch=0):
    terms = make_terms(cfg.resolved(gen), class_labels(names, gen), latents)
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        generate(gen, cfg, names, torch.arange(len(names)), terms, Path(d), batch=batch, order=order, progress=False)
        return time.perf_counter() - t0


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--generator", default="tiny"); ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--ipcs", type=int, nargs="+", default=[10, 50]); ap.add_argument("--chunk", type=int, default=16)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=2); ap.add_argument("--skip-order", action="store_true")
    ap.add_argument("--methods", nargs="+", default=["dmgd", "dm-plus", "dmgd-plus"])
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    gen = Generator.from_pretrained(a.generator, device="cpu", chunk=a.chunk)
    names = [str(c) for c in range(gen.num_classes)]
    base = DistillConfig(generator=a.generator, steps=a.steps)
    latents = real_latents(base, gen, names, progress=False)
    rows = []
    one_ipc = min(a.ipcs)
    for method in (() if a.skip_order else ("dit", "dmgd")):
        cfg = DistillConfig(generator=a.generator, steps=a.steps, ipc=one_ipc, method=method)
        one, batched = run(gen, cfg, names, latents, "class"), run(gen, cfg, names, latents, "index")
        n = one_ipc*len(names)
        rows.append((f"{method}: one image at a time (official order)", n, one, n/one, 1.0))
        rows.append((f"{method}: image i of every class per batch", n, batched, n/batched, one/batched))
    print(f"\n{'run':<48} {'images':>6} {'seconds':>8} {'images/s':>9} {'speed-up':>9}")
    for r in rows: print(f"{r[0]:<48} {r[1]:>6} {r[2]:>8.1f} {r[3]:>9.2f} {r[4]:>9.2f}")
    ms = ["dit"] + [m for m in a.methods if m != "dit"]
    print(f"\n{'IPC':>4} " + " ".join(f"{m + ' s':>12}" for m in ms) + " " + " ".join(f"{m + ' / dit':>16}" for m in ms[1:])
          + f"  (best of {a.reps} alternating runs each)")
    for ipc in a.ipcs:
        t = {m: [] for m in ms}
        for _ in range(a.reps):                     # alternate, so load on a shared machine hits every method alike
            for m in t: t[m].append(run(gen, DistillConfig(generator=a.generator, steps=a.steps, ipc=ipc, method=m), names, latents, "index"))
        best = {m: min(v) for m, v in t.items()}
        print(f"{ipc:>4} " + " ".join(f"{best[m]:>12.1f}" for m in ms) + " " + " ".join(f"{best[m]/best['dit']:>16.3f}" for m in ms[1:]), flush=True)
