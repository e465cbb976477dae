"""Student training speed, old against new, side by side in one run.

"old" is `dmgd/evaluate.py` as it was at commit 0cbb20b (read with `git show` into a temp dir and imported
from there), "new" is the installed package. Both train the same ConvNet-3 (same initial weights) on the same
mnist5k sets with the same protocol (`mnist5k-hard`: SGD, batch 64, CutMix, the digits augmentation), and
test on the same 1,000 real test digits. Old and new runs alternate, and each figure is the best of `--reps`,
so that load from other jobs on a shared machine hits both alike.

    python benchmarks/students.py                      # steps/s at IPC 10 and 50, test evaluation; ~3 min here
    python benchmarks/students.py --accuracy 0,1,2,3,4 # also: final top-1 of the fixed small run, old vs new
    python benchmarks/students.py --threads 2          # torch threads (default 1: a shared 2-core machine)

It ends with the ceiling: the FLOPs of one training step (torch's `FlopCounterMode`, forward and backward at
batch 64), the rate each code reaches, and the rate a large matrix product reaches on this core in fp32 and in
bf16, which no convolution network's step exceeds. A 4x speed-up of the old step needs 4x the old rate.
"""
import argparse, importlib.util, subprocess, sys, tempfile, time
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch

import dmgd.evaluate as new
from dmgd.data import Mnist5k

OLD_COMMIT = "0cbb20b"
ROOT = Path(__file__).resolve().parents[1]


def old_module(commit=OLD_COMMIT):
    "`dmgd.evaluate` as it was at `commit`, imported from a temp copy (its relative imports pointed at the installed package)."
    src = subprocess.run(["git", "-C", str(ROOT), "show", f"{commit}:dmgd/evaluate.py"], capture_output=True, text=True, check=True).stdout
    d = Path(tempfile.mkdtemp()); f = d/"evaluate_old.py"
    f.write_text(src.replace("from .", "from dmgd."))
    spec = importlib.util.spec_from_file_location("evaluate_old", f)
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
    return m


def small_run(ev, kw, train, test, seed, epochs=30):
    "The fixed small run of the accuracy check: random IPC 10 (subset seed 0), ConvNet-3, `epochs` epochs of mnist5k-hard."
    p = replace(ev.MNIST5K_HARD, name="small", epochs=((None, epochs),), evals=1)
    return ev.train_student(ev.real_subset(train, 10, 0), test, p, seed, "convnet3", progress=False, **kw)["top1_final"]


def time_steps(ev, kw, train, ipc, epochs):
    "Seconds per training step of `ev.fit` (no test evaluations) at `ipc`."
    p = replace(ev.MNIST5K_HARD, name="bench", epochs=((None, epochs),))
    s = ev.real_subset(train, ipc, 0)
    with ev.seeded(0, "init"): m = ev.make_student("convnet3", 1, 10, 28)
    r = ev.fit(m, s, p, 0, progress=False, **kw)
    return r["train_s"]/r["steps"]


def step_flops(B=64):
    "FLOPs of one ConvNet-3 training step at batch `B` on 28x28 digits (forward, loss and backward), by torch's counter."
    from torch.utils.flop_counter import FlopCounterMode
    m = new.make_student("convnet3", 1, 10, 28)
    with FlopCounterMode(display=False) as fc:
        torch.nn.functional.cross_entropy(m(torch.randn(B, 1, 28, 28)), torch.zeros(B, dtype=torch.long)).backward()
    return fc.get_total_flops()


def gemm_rate(dtype, n=2048, reps=5):
    "GFLOP/s of an n x n x n matrix product on this thread budget: what the core's arithmetic can do at best, in practice."
    a, b = torch.randn(n, n, dtype=dtype), torch.randn(n, n, dtype=dtype)
    a @ b; t0 = time.perf_counter()
    for _ in range(reps): a @ b
    return 2*n**3*reps/(time.perf_counter() - t0)/1e9


def time_test(ev, kw, test, model):
    t0 = time.perf_counter(); ev.accuracy(model, test, **kw); return time.perf_counter() - t0


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1); ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=5, help="epochs per timed run (IPC 10: 2 steps each; IPC 50: 8)")
    ap.add_argument("--accuracy", default="", help="comma-separated seeds of the fixed small run, old vs new (~30 s a run)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    old = old_module()
    train_ds, test_ds = Mnist5k("train"), Mnist5k("test")
    mods = {"old": (old, {}), "new, fp32": (new, dict(precision="fp32")), "new": (new, {})}   # new: precision "auto"
    sets = {k: (m.as_image_set(train_ds), m.as_image_set(test_ds)) for k, (m, _) in mods.items()}
    with torch.random.fork_rng():
        torch.manual_seed(0); net = new.make_student("convnet3", 1, 10, 28)
    for k, (m, kw) in mods.items(): time_steps(m, kw, sets[k][0], 10, 1)      # warm-up
    res = {}
    for _ in range(a.reps):
        for k, (m, kw) in mods.items():
            tr, te = sets[k]
            res.setdefault(("step, IPC 10 (batches of 64 and 36)", k), []).append(time_steps(m, kw, tr, 10, a.epochs))
            res.setdefault(("step, IPC 50 (batch 64)", k), []).append(time_steps(m, kw, tr, 50, max(1, a.epochs//4)))
            res.setdefault(("test evaluation, 1,000 digits", k), []).append(time_test(m, kw, te, net))
    print(f"\ntorch {torch.__version__}, {a.threads} thread(s), best of {a.reps} alternating runs; new: precision "
          f"'auto' = {new.autocast_dtype('cpu')}\n")
    print(f"{'what':<38} {'old s':>7} {'fp32 s':>7} {'new s':>7} {'old/s':>6} {'new/s':>6} {'new, fp32 / old':>16} {'new / old':>10}")
    for what in dict.fromkeys(w for w, _ in res):
        o, f, n = (min(res[what, k]) for k in mods)
        print(f"{what:<38} {o:>7.3f} {f:>7.3f} {n:>7.3f} {1/o:>6.2f} {1/n:>6.2f} {o/f:>15.2f}x {o/n:>9.2f}x")
    print("(speed-ups are ratios of steps/s, or of evaluations/s)")
    F, (o, f, n) = step_flops(), (min(res["step, IPC 50 (batch 64)", k]) for k in mods)
    g32, g16 = gemm_rate(torch.float32), gemm_rate(torch.bfloat16)
    print(f"\nceiling: a training step at batch 64 is {F/1e9:.1f} GFLOP (FlopCounterMode, forward + backward)")
    print(f"  reached: old {F/o/1e9:.0f} GFLOP/s, new fp32 {F/f/1e9:.0f}, new {F/n/1e9:.0f};  4x the old step needs {4*F/o/1e9:.0f}")
    print(f"  a 2048^3 matrix product here: fp32 {g32:.0f} GFLOP/s, bf16 {g16:.0f} GFLOP/s (the most this core's arithmetic gives)")
    if a.accuracy:
        seeds = [int(s) for s in a.accuracy.split(",")]
        print(f"\nfixed small run (random IPC 10, 30 epochs), final top-1 by seed {seeds}:")
        for k, (m, kw) in mods.items():
            v = [small_run(m, kw, *sets[k], seed) for seed in seeds]
            print(f"  {k:<10} {v}  mean {np.mean(v):.2f} ± {np.std(v, ddof=1):.2f}", flush=True)
