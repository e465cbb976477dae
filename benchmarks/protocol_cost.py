"""The cost of one student run under each protocol, side by side: `mnist5k-hard` (the yardstick), `fashion-hard` and `dsa`.

Each run trains ConvNet-3 on random real images (IPC 10, subset seed 0, run seed 0) and tests it on the real test
split, as `dmgd_evaluate --data random` does: `mnist5k-hard` on mnist5k (1,000 test digits), `fashion-hard` and `dsa`
on Fashion-MNIST (10,000 test images; Debian's dataset-fashion-mnist or $DMGD_FASHION). `dsa` runs 1,001 passes, a
quarter of an hour on one core, so by default it is timed over `--dsa-epochs` passes and its training time is
extrapolated linearly (every pass is one batch of the same size; the test pass is measured, once, as the protocol
does it). The table gives wall seconds (train, test, run) and the process's CPU seconds, and the ratio of each
run's CPU seconds to `mnist5k-hard`'s. On a shared machine the CPU seconds are the figure to trust; `dsa`'s are
extrapolated from the CPU time of two cut runs (`--dsa-epochs` and 10 passes): per pass = their difference /
(`--dsa-epochs` - 10), plus the rest of the longer run (loading, test).

    python benchmarks/protocol_cost.py                      # IPC 10, dsa timed over 50 (and 10) passes; ~5 min here
    python benchmarks/protocol_cost.py --dsa-epochs 1001    # a whole dsa run (no extrapolation)
    python benchmarks/protocol_cost.py --precision fp32     # the published code's arithmetic (default: auto, bf16 where native)
"""
import argparse, time
from dataclasses import replace

import pandas as pd
import torch

from dmgd.data import load_dataset
from dmgd.dsa import DSA, FASHION_HARD
from dmgd.evaluate import train_student
from dmgd.images import as_image_set, real_subset
from dmgd.protocols import MNIST5K_HARD


def run(data, protocol, ipc, epochs=None, precision="auto"):
    "One run's row (`train_student`'s) plus `cpu_s`, the process CPU seconds of loading, training and testing; with `epochs`, the protocol cut to that many passes."
    c0 = time.process_time()
    train, test = as_image_set(load_dataset(data, "train")), as_image_set(load_dataset(data, "test"))
    p = protocol if epochs is None else replace(protocol, epochs=((None, epochs),))
    r = train_student(real_subset(train, ipc, 0), test, p, 0, "convnet3", progress=False, precision=precision)
    return r | dict(cpu_s=time.process_time() - c0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ipc", type=int, default=10)
    ap.add_argument("--dsa-epochs", type=int, default=50, help="passes of dsa to time, more than 10 (1001: the whole run)")
    ap.add_argument("--precision", default="auto")
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    rows = []
    for data, p, epochs in [("mnist5k", MNIST5K_HARD, None), ("fashion", FASHION_HARD, None), ("fashion", DSA, a.dsa_epochs)]:
        t0 = time.perf_counter()
        r = run(data, p, a.ipc, epochs, a.precision)
        full = p.epochs_for(a.ipc)
        train_s, cpu_s = r["train_s"]*full/r["epochs"], r["cpu_s"]    # wall: extrapolated when cut short
        if r["epochs"] < full:                                        # CPU: per pass from two cut runs, fixed costs cancel
            short = run(data, p, a.ipc, 10, a.precision)
            cpu_s += (full - r["epochs"])*(r["cpu_s"] - short["cpu_s"])/(r["epochs"] - 10)
        rows.append(dict(protocol=p.name, data=data, epochs=full, timed_epochs=r["epochs"], steps=full*r["steps"]//r["epochs"],
                         batch=r["batch_size"], precision=r["precision"], train_s=train_s, test_s=r["test_s"],
                         run_s=train_s + r["test_s"], cpu_s=cpu_s, top1_timed=r["top1_final"], wall_s=time.perf_counter() - t0))
        print(f"{p.name}: {r['epochs']} of {full} epochs in {r['train_s']:.1f} s + test {r['test_s']:.1f} s", flush=True)
    df = pd.DataFrame(rows)
    df["cpu_x_mnist5k_hard"] = df.cpu_s/df.cpu_s[0]
    pd.set_option("display.width", 200)
    print(df.round(2).to_string(index=False))
    print(f"run_s = train_s + test_s (wall); cpu_s: process CPU seconds of the run, loading included; dsa's train_s and cpu_s are "
          f"extrapolated from {a.dsa_epochs} (and 10) passes when fewer than {DSA.epochs_for(a.ipc)}; "
          f"top1_timed is the accuracy after the timed passes (not the protocol's when cut short); {a.threads} thread(s)")


if __name__ == "__main__":
    main()
