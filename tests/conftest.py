"""Shared pieces of the command-line tests: the installed console scripts run as a user runs them, on the tiny model
(mnist5k) and on a random-weight model of DiT-XL/2's classes (an ImageNet-layout folder)."""
import contextlib, io, os, shutil, subprocess, tempfile
from pathlib import Path

import pytest
import torch

# In this process too: one thread (the bytes of a run do not depend on it, but the tests compare with runs made so),
# a private cache, no progress bars.
torch.set_num_threads(1)
os.environ.update(DMGD_CACHE=tempfile.mkdtemp(prefix="dmgd-cache-"), TQDM_DISABLE="1", HF_HUB_OFFLINE="1")

BIN = Path(shutil.which("dmgd_distill")).parent
WOOF = ["n02086240", "n02087394", "n02088364"]          # three ImageWoof wnids: ImageNet labels 155, 159, 162


def env(tmp):
    "The environment of a console-script run: one thread, caches under `tmp`, no hub."
    return {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "DMGD_CACHE": str(tmp/"dmgd-cache"),
            "HF_HUB_OFFLINE": "1", "TQDM_DISABLE": "1"}


def run(tmp, *args, check=True, **kw):
    "Run a console script (`args[0]`) or a launcher; return the CompletedProcess."
    cmd = [str(BIN/args[0]) if (BIN/args[0]).exists() else args[0], *map(str, args[1:])]
    r = subprocess.run(cmd, capture_output=True, text=True, env=env(tmp), cwd=tmp, timeout=600, **kw)
    if check: assert r.returncode == 0, f"{cmd} failed ({r.returncode}):\n{r.stdout[-2000:]}\n{r.stderr[-4000:]}"
    return r


def torchrun(tmp, script, *args, n=2, **kw):
    "The same console script under `torchrun --nproc_per_node n` (the CPU stand-in for `accelerate launch --multi_gpu`)."
    return run(tmp, BIN/"torchrun", "--nproc_per_node", n, "--no-python", BIN/script, *args, **kw)


def tree(folder, skip=("timings.json",)):
    "relative path -> bytes of every file under `folder` (except `skip`)."
    folder = Path(folder)
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name not in skip}


def same_tree(a, b, skip=("timings.json",)):
    ta, tb = tree(a, skip), tree(b, skip)
    assert sorted(ta) == sorted(tb), set(ta) ^ set(tb)
    differ = [k for k in ta if ta[k] != tb[k]]
    assert not differ, f"files differ: {differ}"
    return len(ta)


def cli(name, **kw):
    """Call console script `name` in this process (what `name --flag value ...` runs, without the start-up time):
    (exit code, stdout, stderr)."""
    import dmgd.cli, dmgd.demo, dmgd.evaluate, dmgd.minimax, dmgd.pretrain
    fn = next(getattr(m, name) for m in (dmgd.cli, dmgd.evaluate, dmgd.minimax, dmgd.demo, dmgd.pretrain) if hasattr(m, name))
    out, err, code = io.StringIO(), io.StringIO(), 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try: fn(**kw)
        except SystemExit as e: code = e.code
    return code, out.getvalue(), err.getvalue()


# The tiny model on mnist5k: one uninterrupted one-process run of each job, the reference the others must match.
DISTILL = ["--ipc", "4", "--steps", "10"]


@pytest.fixture(scope="session")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("cli")


DISTILL_KW = dict(ipc=4, steps=10)


@pytest.fixture(scope="session")
def ref_cache(work):
    assert cli("dmgd_encode", cache=str(work/"ref-cache"), batch_size=128)[0] == 0
    return work/"ref-cache"


@pytest.fixture(scope="session")
def ref_out(work, ref_cache):
    assert cli("dmgd_distill", cache=str(ref_cache), **DISTILL_KW, out=str(work/"ref-out"))[0] == 0
    return work/"ref-out"


# The real path: random-weight models of the diffusers classes of DiT-XL/2, saved as a user has them on disk.
@pytest.fixture(scope="session")
def real(tmp_path_factory):
    from dmgd.data import write_image_folder
    from dmgd.generators import random_dit, save_generator
    from dmgd.latents import random_vae
    d = tmp_path_factory.mktemp("real")
    # 1000 classes + null, learned sigma, 4-channel latents at 1/4 of the image size: DiT-XL/2's shape, tiny
    save_generator(d/"DiT-tiny-256", random_dit(num_classes=1000, sample_size=8, patch_size=2, layers=2, heads=2, head_dim=16),
                   random_vae(in_channels=3, blocks=(16, 32, 32)))
    for split, n in (("train", 6), ("val", 2)):
        write_image_folder(d/"imagenet", {w: ["RGB"]*n for w in WOOF}, split=split, size=(40, 36), seed=len(split))
    (d/"woof3.txt").write_text("# three ImageWoof classes\n" + "\n".join(WOOF) + "\n")
    return d


@pytest.fixture(scope="session")
def real_run(real):
    "dmgd_encode -> dmgd_distill --spec <list> -> dmgd_evaluate on the real path, one process: (folder, outputs of each)."
    d = real
    enc = run(d, "dmgd_encode", "--data", d/"imagenet", "--spec", d/"woof3.txt", "--vae", d/"DiT-tiny-256"/"vae",
              "--size", 32, "--cache", d/"cache", "--workers", 0)
    dis = run(d, "dmgd_distill", "--data", d/"imagenet", "--spec", d/"woof3.txt", "--generator", d/"DiT-tiny-256",
              "--cache", d/"cache", "--ipc", 2, "--steps", 4, "--out", d/"syn")
    ev = run(d, "dmgd_evaluate", *EVAL(d), "--out", d/"eval-1.csv")
    return d, enc, dis, ev


def EVAL(d):
    "dmgd_evaluate's arguments on the real-path output: two seeds, small student protocol."
    return ["--data", d/"syn", "--dataset", d/"imagenet", "--spec", d/"woof3.txt", "--size", 32, "--protocol", "mnist5k-hard",
            "--seeds", "0,1", "--quiet"]
