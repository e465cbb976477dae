"""Cost of one OT guidance step against the size of the real class, measured side by side in one run.

For m real latents of 4x32x32 per class (DiT-XL/2's latent shape), one OT step for one image (forward and
backward of L_OT with respect to its sources, as `OTGuidance` does it: n = memory + 1 sources) is timed

- exactly, by EMD against all m real latents (`ot_loss(..., solver="emd")`), and
- as DMGD does it, by 5 Sinkhorn iterations against K = 10 weighted K-means centroids (`ot_loss`),

with the K-means of the class (`approximate_target`), a one-off per class, reported beside them, and the
number of OT steps after which it has paid for itself. A second table times one batched guidance step
(`OTGuidance.mean_shift`, 10 classes) against calling it image by image.

The latents are synthetic (a seeded Gaussian mixture of 10 modes), since only sizes matter for time.
Timings are medians over --reps runs after a warm-up. This machine's 2 cores are shared, so the default
is one thread for torch and for K-means (with 2, small kernels' times scatter widely under load).

    python benchmarks/ot_cost.py                      # m = 100, 400, 1300; about a minute on 2 cores
    python benchmarks/ot_cost.py --sizes 1300 --n-src 51
"""
import argparse, statistics, time
from types import SimpleNamespace

import torch
from threadpoolctl import threadpool_limits

from dmgd.guidance.ot import OTGuidance
from dmgd.ot import approximate_target, ot_loss


def timed(f, reps):
    f()                                                     # warm-up
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter(); f(); ts.append(time.perf_counter() - t0)
    return statistics.median(ts)


def class_latents(m, shape, g, modes=10):
    "m latents (m, *shape): a Gaussian mixture of `modes` random modes, unit scale."
    centres = torch.randn(modes, *shape, generator=g)
    return centres[torch.randint(modes, (m,), generator=g)] + 0.7*torch.randn(m, *shape, generator=g)


def step_cost(x, y, b, solver):
    "One OT step for one image: forward and backward of L_OT with respect to the sources x."
    x = x.clone().requires_grad_()
    torch.autograd.grad(ot_loss(x, None, y, b, solver=solver), x)


def main(a):
    torch.set_num_threads(a.threads)
    threadpool_limits(a.threads)                            # scikit-learn's K-means (OpenMP/BLAS) too
    g, shape = torch.Generator().manual_seed(a.seed), (4, 32, 32)
    print(f"OT step cost: one image, n = {a.n_src} sources of {'x'.join(map(str, shape))}, K = {a.k}, "
          f"Sinkhorn eps = 0.1, 5 iterations; torch threads = {torch.get_num_threads()}, median of {a.reps}\n")
    rows = []
    for m in a.sizes:
        real = class_latents(m, shape, g)
        x = class_latents(a.n_src, shape, g)
        t_km = timed(lambda: approximate_target(real, k=a.k, seed=a.seed), max(1, a.reps//2))
        pts, ms = approximate_target(real, k=a.k, seed=a.seed)
        t_emd = timed(lambda: step_cost(x, real, None, "emd"), a.reps)
        t_sk = timed(lambda: step_cost(x, pts, ms, "sinkhorn"), a.reps)
        rows.append((m, 1e3*t_emd, 1e3*t_sk, t_emd/t_sk, t_km, t_km/max(t_emd - t_sk, 1e-12)))
    head = ("m real", "EMD on all m (ms)", f"Sinkhorn vs K={a.k} (ms)", "EMD/Sinkhorn", "K-means once (s)", "break-even (steps)")
    fmt = "{:>7} | {:>17.1f} | {:>21.1f} | {:>12.1f} | {:>16.2f} | {:>18.0f}"
    print(" | ".join(f"{h:>{w}}" for h, w in zip(head, (7, 17, 21, 12, 16, 18))))
    for r in rows: print(fmt.format(*r))
    print(f"\nbreak-even = K-means time / (EMD step - Sinkhorn step): OT steps per class after which the one-off"
          f" K-means is repaid. DMGD takes 16 OT steps per image, so IPC images make 16*IPC steps per class.\n")

    B = a.classes
    targets = {c: approximate_target(class_latents(400, shape, g), k=a.k, seed=a.seed) for c in range(B)}
    term = OTGuidance(targets, rho=0.5)
    for c in range(B):
        term.end(torch.full((a.n_src - 1,), c), torch.arange(a.n_src - 1), class_latents(a.n_src - 1, shape, g))
    st = SimpleNamespace(i=35, n=50, t=torch.full((B,), 700), z=torch.randn(B, *shape, generator=g),
                         eps=torch.randn(B, *shape, generator=g), alpha_bar=torch.full((B, 1, 1, 1), 0.02),
                         std=torch.full((B, *shape), 0.5), mean=None, classes=torch.arange(B),
                         index=torch.full((B,), a.n_src - 1))
    one = lambda j: SimpleNamespace(**{k: (v[j:j+1] if torch.is_tensor(v) and v.dim() else v) for k, v in vars(st).items()})
    t_b = timed(lambda: term.mean_shift(st), a.reps)
    t_l = timed(lambda: [term.mean_shift(one(j)) for j in range(B)], a.reps)
    print(f"One guidance step, {B} classes, {a.n_src - 1} images in each memory, K = {a.k}: "
          f"batched {1e3*t_b:.1f} ms, image by image {1e3*t_l:.1f} ms ({t_l/t_b:.1f}x)")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 400, 1300], help="real latents per class")
    ap.add_argument("--n-src", type=int, default=10, help="sources per OT problem (memory + 1)")
    ap.add_argument("--k", type=int, default=10, help="K-means centroids")
    ap.add_argument("--classes", type=int, default=10, help="classes in the batched-step table")
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    main(ap.parse_args())
