"""Sampling speed on this machine, measured side by side in one run. Every timed run is a fresh process (the model load
is not timed), and old and new runs alternate, so the load of a shared machine hits both alike.

1. Old against new: plain `dit` at IPC 10 and 50 with the code of commit af3039f ("old": image i of every class per
   batch, 20 rows padded to 2 chunks of 16) and this package ("new": batches of whole chunks mixing image indices,
   `auto_batch`), same chunk (16), same outputs (the sha256 of every file is compared).
2. The authors' order at its real cost: one image at a time, class after class, with chunks of 2 rows (no padding,
   as their batch-1 loop runs), against this package's batches at chunk 16, for `dit` and `dmgd`. The bytes differ
   (chunk 2 vs 16 are different BLAS shapes); it is a cost comparison.
3. Each method's guidance overhead: its time / plain dit time, at IPC 10 and 50 (targets: dmgd <= 1.10, our dm-plus
   and dmgd-plus <= 1.5). With `auto_batch` dit fills its chunks and the progressive methods cannot, so from this
   version on the ratio includes that difference (use `--batch 10` for the guidance alone).

Uses the shipped tiny generator (`--generator tiny`) on mnist5k by default; any generator folder works.

    python benchmarks/sampling.py                        # all three; about 25 minutes on 2 shared cores
    python benchmarks/sampling.py --ipcs 2 --steps 10    # a quick look
    python benchmarks/sampling.py --skip-order --skip-methods   # old against new only
"""
import argparse, hashlib, json, os, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OLD_COMMIT = "af3039f"


def worker(a):
    "In a fresh process: time one `generate` (model already loaded), print seconds and a hash of every output file."
    import torch
    from dmgd.distill import DistillConfig, class_labels, generate, make_terms, real_latents
    from dmgd.generators import Generator
    torch.set_num_threads(a.threads)
    gen = Generator.from_pretrained(a.generator, device="cpu", chunk=a.chunk)
    names = [str(c) for c in range(gen.num_classes)]
    cfg = DistillConfig(generator=a.generator, steps=a.steps, ipc=a.ipc, method=a.method, chunk=a.chunk)
    cfg = cfg.resolved(gen)
    terms = make_terms(cfg, class_labels(names, gen),                     # igd: its surrogate and real gradients are built here, untimed
                       real_latents(cfg, gen, names, progress=False) if a.method != "dit" else None, gen=gen)
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        generate(gen, cfg, names, torch.arange(len(names)), terms, Path(d), batch=a.batch, order=a.order, progress=False)
        secs = time.perf_counter() - t0
        h = hashlib.sha256()
        for p in sorted(Path(d).rglob("*")):
            if p.is_file() and p.name != "timings.json": h.update(p.name.encode()); h.update(p.read_bytes())
    import dmgd
    print(json.dumps({"seconds": secs, "bytes": h.hexdigest()[:16], "code": str(Path(dmgd.__file__).parent)}))


def old_code(commit=OLD_COMMIT):
    "The package as it was at `commit`, extracted into a temp dir (put first on PYTHONPATH, it shadows the editable install)."
    d = Path(tempfile.mkdtemp(prefix=f"dmgd-{commit}-"))
    tar = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "dmgd"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(d)], input=tar, check=True)
    return d


def timed(a, code, method, ipc, chunk, order="index", batch=0):
    env = {**os.environ, "OMP_NUM_THREADS": str(a.threads), "TQDM_DISABLE": "1"}
    if code: env["PYTHONPATH"] = str(code) + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "--generator", a.generator, "--steps", str(a.steps), "--threads", str(a.threads),
           "--method", method, "--ipc", str(ipc), "--chunk", str(chunk), "--order", order, "--batch", str(batch)]
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    if r.returncode: raise SystemExit(f"{cmd} failed:\n{r.stderr[-3000:]}")
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert (code is None) == (Path(out["code"]) == ROOT/"dmgd"), out     # the code we meant to time
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--generator", default="tiny"); ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--ipcs", type=int, nargs="+", default=[10, 50]); ap.add_argument("--chunk", type=int, default=16)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--reps", type=int, default=2); ap.add_argument("--skip-order", action="store_true")
    ap.add_argument("--skip-old", action="store_true"); ap.add_argument("--skip-methods", action="store_true")
    ap.add_argument("--methods", nargs="+", default=["dmgd", "dm-plus", "dmgd-plus"])
    ap.add_argument("--batch", type=int, default=0, help="images per batch in the method / dit table (0: auto_batch)")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    for k in ("method", "order"): ap.add_argument(f"--{k}", default="", help=argparse.SUPPRESS)
    ap.add_argument("--ipc", type=int, default=0, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker: worker(a); sys.exit()
    print(f"load average at start: {os.getloadavg()[0]:.1f}; {a.threads} thread(s) per run, best of {a.reps} alternating runs")
    if not a.skip_old:
        old = old_code()
        print(f"\n{'old (af3039f) vs new, dit, chunk ' + str(a.chunk):<40} {'images':>6} {'old s':>7} {'new s':>7} "
              f"{'old img/s':>9} {'new img/s':>9} {'new/old':>8} {'same bytes':>10}")
        for ipc in a.ipcs:
            t = {"old": [], "new": []}
            for _ in range(a.reps):
                for k in t: t[k].append(timed(a, old if k == "old" else None, "dit", ipc, a.chunk))
            o, n = (min(r["seconds"] for r in t[k]) for k in ("old", "new"))
            same = len({r["bytes"] for r in t["old"] + t["new"]}) == 1
            N = ipc*10
            print(f"{'IPC ' + str(ipc):<40} {N:>6} {o:>7.1f} {n:>7.1f} {N/o:>9.2f} {N/n:>9.2f} {o/n:>8.2f} {str(same):>10}", flush=True)
    if not a.skip_order:
        one_ipc = min(a.ipcs)
        print(f"\n{'order (IPC ' + str(one_ipc) + ')':<58} {'images':>6} {'seconds':>8} {'images/s':>9} {'speed-up':>9}")
        for method in ("dit", "dmgd"):
            t = {"one": [], "batched": []}
            for _ in range(a.reps):
                t["one"].append(timed(a, None, method, one_ipc, 2, order="class")["seconds"])
                t["batched"].append(timed(a, None, method, one_ipc, a.chunk)["seconds"])
            one, bat = min(t["one"]), min(t["batched"])
            N = one_ipc*10
            print(f"{method + ': one image at a time, chunk 2 (authors order, unpadded)':<58} {N:>6} {one:>8.1f} {N/one:>9.2f} {1:>9.2f}")
            print(f"{method + f': batched (this package, chunk {a.chunk})':<58} {N:>6} {bat:>8.1f} {N/bat:>9.2f} {one/bat:>9.2f}", flush=True)
    if not a.skip_methods:
        ms = ["dit"] + [m for m in a.methods if m != "dit"]
        print(f"\n{'IPC':>4} " + " ".join(f"{m + ' s':>12}" for m in ms) + " " + " ".join(f"{m + ' / dit':>16}" for m in ms[1:])
              + f"  (batch {a.batch or 'auto'})")
        for ipc in a.ipcs:
            t = {m: [] for m in ms}
            for _ in range(a.reps):
                for m in t: t[m].append(timed(a, None, m, ipc, a.chunk, batch=a.batch)["seconds"])
            best = {m: min(v) for m, v in t.items()}
            print(f"{ipc:>4} " + " ".join(f"{best[m]:>12.1f}" for m in ms) + " " + " ".join(f"{best[m]/best['dit']:>16.3f}" for m in ms[1:]), flush=True)
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")
