"""Bad input (issue 6, item 3): one clear line on stderr, exit code 2, nothing written. One test per case; each
checks the message, the exit code, and that no file anywhere under the test folder or the cache changed."""
import os, re, shutil
from pathlib import Path

import pytest
import torch
from PIL import Image

from conftest import WOOF, cli, run


@pytest.fixture(scope="session")
def bad(real, ref_cache):
    "Folders and generators that are wrong in one way each, beside the good ones."
    from dmgd.data import write_image_folder
    from dmgd.generators import random_dit, save_generator
    from dmgd.latents import random_vae
    d = real.parent/"bad"; d.mkdir()
    g = real/"DiT-tiny-256"
    shutil.copytree(g, d/"no-weights"); (d/"no-weights"/"transformer"/"diffusion_pytorch_model.safetensors").unlink()
    shutil.copytree(g, d/"no-vae"); shutil.rmtree(d/"no-vae"/"vae")
    (d/"not-a-generator").mkdir(); (d/"not-a-generator"/"readme.txt").write_text("weights go here")
    save_generator(d/"five-classes", random_dit(num_classes=5), random_vae(in_channels=1))
    random_vae(in_channels=1, seed=1).save_pretrained(d/"other-vae")
    assert cli("dmgd_encode", cache=str(d/"other-vae-cache"), vae=str(d/"other-vae"), batch_size=500)[0] == 0
    assert cli("dmgd_encode", data=str(real/"imagenet"), spec=str(real/"woof3.txt"), vae=str(g/"vae"), size=16,
               cache=str(d/"size16-cache"), workers=0)[0] == 0
    assert cli("dmgd_encode", data=str(real/"imagenet"), spec=str(real/"woof3.txt"), vae=str(g/"vae"), size=32,
               cache=str(d/"cache"), workers=0)[0] == 0
    write_image_folder(d/"empty", {WOOF[0]: ["RGB"]*2}); (d/"empty"/"train"/WOOF[1]).mkdir()
    write_image_folder(d/"corrupt", {WOOF[0]: ["RGB"]*2, WOOF[1]: ["RGB"]*2})
    (d/"corrupt"/"train"/WOOF[0]/"broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really a png")
    write_image_folder(d/"modes", {WOOF[0]: ["L", "RGBA", "CMYK"], WOOF[1]: ["RGB", "LA", "P"]})
    (d/"spec2.txt").write_text("\n".join(WOOF[:2]) + "\n")
    (d/"a-file").write_text("I am a file")
    return d


def files(*folders):
    return {p: (p.stat().st_mtime_ns, p.stat().st_size) for f in folders for p in sorted(Path(f).rglob("*"))}


def refused(script, msg, where, **kw):
    "Run `script` with `kw`: exit code 2, exactly one line on stderr naming the problem, no file created or changed."
    watch = [where, os.environ["DMGD_CACHE"]]
    before = files(*watch)
    code, out, err = cli(script, **kw)
    assert code == 2, (code, out, err)
    lines = [l for l in err.replace("\r", "\n").splitlines() if l.strip()]
    bars = [l for l in lines if re.match(r"^[\w ]+:\s+\d+%\|", l)]          # progress bars, if any, came before
    assert len(lines) - len(bars) == 1 and lines[-1].startswith(f"{script}: error: ") and err.endswith("\n"), err
    assert msg in err, err
    assert files(*watch) == before, "something was written"
    for k in ("out", "cache"):
        if k in kw and "never" in kw[k]: assert not Path(kw[k]).exists()
    return err


def real_args(real, **kw):
    return {**dict(data=str(real/"imagenet"), spec=str(real/"woof3.txt"), generator=str(real/"DiT-tiny-256")), **kw}


# --- datasets and specs -------------------------------------------------------------------------------------------
def test_unknown_dataset(work, bad):
    refused("dmgd_distill", "dataset 'cifar10': not one of mnist5k, fashion and no such folder", work.parent,
            data="cifar10", method="dit", out=str(bad/"never"))

def test_fashion_without_its_files(work, bad, monkeypatch):
    "A plain install on a machine without Fashion-MNIST: one line naming the Debian package and the variable, nothing written."
    import dmgd.data
    monkeypatch.setattr(dmgd.data, "FASHION_DEBIAN", Path("/nonexistent-debian"))
    monkeypatch.delenv("DMGD_FASHION", raising=False)
    refused("dmgd_distill", "fashion: Fashion-MNIST's IDX files are not in /nonexistent-debian; install Debian's dataset-fashion-mnist",
            work.parent, data="fashion", method="dmgd", ipc=10, out=str(bad/"never"))

def test_missing_dataset_folder(work, bad):
    refused("dmgd_encode", f"dataset root {bad/'nowhere'}: no such folder", work.parent,
            data=str(bad/"nowhere"), cache=str(bad/"never"))

def test_unknown_spec(real, bad):
    refused("dmgd_encode", "class spec 'nettte': not one of woof, nette, imagenet1k and no such file", real.parent,
            data=str(real/"imagenet"), spec="nettte", cache=str(bad/"never"))

def test_missing_spec_file(real, bad):
    refused("dmgd_distill", f"class spec {str(bad/'woof.txt')!r}: not one of", real.parent,
            **real_args(real, spec=str(bad/"woof.txt"), cache=str(bad/"cache")), out=str(bad/"never"))

def test_spec_class_without_folder(real, bad):
    refused("dmgd_encode", "train: no folder for classes n01440764, n02102040, n02979186, n03000684, n03028079 … named by the spec", real.parent,
            data=str(real/"imagenet"), spec="nette", cache=str(bad/"never"))

def test_empty_class(real, bad):
    refused("dmgd_encode", f"Found no valid file for the classes {WOOF[1]}", real.parent,
            data=str(bad/"empty"), spec=str(bad/"spec2.txt"), vae=str(real/"DiT-tiny-256"/"vae"), size=32,
            cache=str(bad/"never"), workers=0)

def test_corrupt_image(real, bad):
    err = refused("dmgd_encode", "broken.png: cannot read image", real.parent,
                  data=str(bad/"corrupt"), spec=str(bad/"spec2.txt"), vae=str(real/"DiT-tiny-256"/"vae"), size=32,
                  cache=str(bad/"never"), workers=0)
    assert "pass --skip-bad" in err

def test_grayscale_rgba_cmyk_palette_are_converted(real, bad):
    "Not refused: L, LA, P, RGBA and CMYK (JPEG) images are converted to RGB and encoded."
    code, out, err = cli("dmgd_encode", data=str(bad/"modes"), spec=str(bad/"spec2.txt"), vae=str(real/"DiT-tiny-256"/"vae"),
                         size=32, cache=str(bad/"modes-cache"), workers=0)
    assert code == 0 and "2 classes, 6 latents of shape (4, 8, 8)" in out and "skipped" not in out, (out, err)
    from dmgd.latents import load_latents
    assert load_latents(bad/"modes-cache", WOOF[0]).isfinite().all()
    assert sorted(p.suffix for p in (bad/"modes"/"train"/WOOF[0]).iterdir()) == [".jpg", ".png", ".png"]

# --- IPC ----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("ipc", [0, -3])
def test_ipc_not_positive(work, bad, ipc):
    refused("dmgd_distill", f"--ipc {ipc}: must be at least 1", work.parent, ipc=ipc, out=str(bad/"never"))

def test_ipc_more_than_file_names_allow(work, bad):
    refused("dmgd_distill", "--ipc 100000: at most 99999 images per class", work.parent, ipc=100_000, out=str(bad/"never"))

def test_ipc_more_modes_than_real_images(real, bad):
    refused("dmgd_distill", "--ipc 7: mgd3 needs at least IPC real latents per class (the smallest class has 6)", real.parent,
            **real_args(real, cache=str(bad/"cache")), method="mgd3", ipc=7, steps=4, out=str(bad/"never"))

# --- generators ---------------------------------------------------------------------------------------------------
def test_generator_missing_weights(real, bad):
    refused("dmgd_distill", f"generator {bad/'no-weights'}: cannot load transformer/", real.parent,
            **real_args(real, generator=str(bad/"no-weights"), cache=str(bad/"cache")), out=str(bad/"never"))

def test_generator_missing_vae(real, bad):
    refused("dmgd_distill", "has no vae/ folder; pass --vae with an AutoencoderKL folder", real.parent,
            **real_args(real, generator=str(bad/"no-vae"), cache=str(bad/"cache")), out=str(bad/"never"))

def test_generator_folder_without_model(real, bad):
    refused("dmgd_distill", "folder has no config.json (nor transformer/config.json)", real.parent,
            **real_args(real, generator=str(bad/"not-a-generator"), cache=str(bad/"cache")), out=str(bad/"never"))

def test_generator_wrong_number_of_classes(work, bad):
    refused("dmgd_distill", "has 5 classes, the dataset has 10 (and it is not a 1000-class ImageNet DiT)", work.parent,
            generator=str(bad/"five-classes"), method="dit", out=str(bad/"never"))

# --- latent caches ------------------------------------------------------------------------------------------------
def test_cache_from_another_vae(work, bad):
    refused("dmgd_distill", f"latent cache {bad/'other-vae-cache'}: made with another VAE", work.parent,
            cache=str(bad/"other-vae-cache"), out=str(bad/"never"))

def test_cache_of_another_shape(real, bad):
    refused("dmgd_distill", "latents of shape (4, 4, 4), the generator makes (4, 8, 8)", real.parent,
            **real_args(real, cache=str(bad/"size16-cache")), out=str(bad/"never"))

def test_cache_missing(real, bad):
    refused("dmgd_distill", f"latent cache {bad/'no-cache'}: not found; run dmgd_encode first", real.parent,
            **real_args(real, cache=str(bad/"no-cache")), out=str(bad/"never"))

# --- outputs and flags --------------------------------------------------------------------------------------------
def test_distill_out_is_a_file(work, bad):
    refused("dmgd_distill", f"--out {bad/'a-file'}: is a file, not a folder", work.parent, out=str(bad/"a-file"))

def test_encode_cache_is_a_file(work, bad):
    refused("dmgd_encode", f"cache {bad/'a-file'}: is a file, not a folder", work.parent, cache=str(bad/"a-file"))

def test_unknown_method(work, bad):
    refused("dmgd_distill", "--method 'dmgdd': use one of dit, sm, dm, dmgd, mgd3, dm-plus, dmgd-plus, sdedit, d4m, igd", work.parent, method="dmgdd",
            out=str(bad/"never"))

def test_d4m_strength_out_of_range(work, bad):
    refused("dmgd_distill", "--d4m-strength 1.5: must be in (0, 1]", work.parent, method="d4m", d4m_strength=1.5, out=str(bad/"never"))

def test_igd_bad_flags(work, bad):
    "IGD's own flags: a negative scale, an empty guided span, an unknown surrogate."
    refused("dmgd_distill", "--igd-scale -1.0: must be at least 0", work.parent, method="igd", igd_scale=-1.0, out=str(bad/"never"))
    refused("dmgd_distill", "--igd-first 40 --igd-last 30: need 0 <= first <= last <= 49", work.parent, method="igd",
            igd_first=40, igd_last=30, out=str(bad/"never"))
    refused("dmgd_distill", "--igd-student 'vgg11': use auto, convnet<depth>, resnetap10 or resnet18", work.parent, method="igd",
            igd_student="vgg11", out=str(bad/"never"))

def test_console_script_exit_code(work, bad):
    "The same through the installed console script: a real exit code 2 and one line."
    r = run(work, "dmgd_distill", "--method", "dmgdd", "--out", bad/"never", check=False)
    assert r.returncode == 2 and r.stderr == "dmgd_distill: error: --method 'dmgdd': use one of dit, sm, dm, dmgd, mgd3, dm-plus, dmgd-plus, sdedit, d4m, igd\n", r.stderr
    assert not (bad/"never").exists()


def test_device_unknown_or_absent(work, bad):
    "A device torch does not know, or one this machine lacks, is one line from every command that takes --device."
    for script, kw in [("dmgd_encode", dict(cache=str(bad/"never"))), ("dmgd_distill", dict(out=str(bad/"never"))),
                       ("dmgd_evaluate", dict(data="random", ipc=1, seeds="0", out=str(bad/"never.csv"))),
                       ("dmgd_finetune", dict(out=str(bad/"never")))]:
        refused(script, "--device 'gpu': not a torch device (e.g. cpu, cuda, cuda:1)", work.parent, device="gpu", **kw)
        if not torch.cuda.is_available():
            refused(script, "--device cuda: this machine has no cuda device; use cpu", work.parent, device="cuda", **kw)


def test_distill_seed_out_of_range(work, bad):
    "The run seed is K-means' random_state too: outside [0, 2**32) it is one line before anything is written (it was a traceback after the manifest)."
    for seed in (-1, 2**32):
        refused("dmgd_distill", f"--seed {seed}: must be in [0, 2**32)", work.parent, seed=seed, ipc=1, out=str(bad/"never"))


def test_evaluate_out_is_not_a_results_csv(work, bad):
    "--out that is a folder, or a file that is not a dmgd_evaluate CSV, is refused before training and left as it was."
    (bad/"other.csv").write_text("a,b\n1,2\n")
    refused("dmgd_evaluate", f"--out {bad}: is a folder; give a CSV file path", work.parent, data="random", ipc=1, seeds="0", out=str(bad))
    refused("dmgd_evaluate", "other.csv: exists and is not a dmgd_evaluate results CSV (no 'data' column)", work.parent,
            data="random", ipc=1, seeds="0", out=str(bad/"other.csv"))


def test_non_finite_and_out_of_range_numbers(work, bad):
    "nan passes every `x < 0` check, so each float flag is checked for nan and inf first; then each number's own range."
    refused("dmgd_distill", "--cfg nan: must be a finite number", work.parent, cfg=float("nan"), ipc=1, out=str(bad/"never"))
    refused("dmgd_distill", "--igd-scale inf: must be a finite number", work.parent, method="igd", igd_scale=float("inf"), out=str(bad/"never"))
    refused("dmgd_distill", "--reg 0.0: must be positive", work.parent, method="dm", reg=0.0, out=str(bad/"never"))
    refused("dmgd_distill", "--rho -1.0: must be at least 0", work.parent, method="dm", rho=-1.0, out=str(bad/"never"))
    refused("dmgd_distill", "--steps 1001: more than the generator's 1000 training timesteps", work.parent, ipc=1, steps=1001,
            out=str(bad/"never"))
    refused("dmgd_finetune", "--lr inf: must be a finite number", work.parent, lr=float("inf"), out=str(bad/"never"))


def test_demo_and_pretrain_flags(work, bad):
    "The demo checks its sampler and protocol before its first write; pretraining checks every rate and weight."
    refused("dmgd_demo", "--steps 2000: more than the generator's 1000 training timesteps", work.parent, steps=2000, out=str(bad/"never"))
    refused("dmgd_demo", "--protocol mnist5k-soft: the demo trains on hard labels", work.parent, protocol="mnist5k-soft", out=str(bad/"never"))
    refused("dmgd_demo", "--data 'cifar10': the demo runs on mnist5k or fashion", work.parent, data="cifar10", out=str(bad/"never"))
    refused("dmgd_pretrain", "--cfgs 0.5: every scale must be at least 1.0", work.parent, cfgs="0.5", out=str(bad/"never"))
    refused("dmgd_pretrain", "--dit-lr nan: must be a finite number", work.parent, dit_lr=float("nan"), out=str(bad/"never"))
    refused("dmgd_pretrain", "--class-dropout 1.5: must be in [0, 1)", work.parent, class_dropout=1.5, out=str(bad/"never"))


def test_folder_size_and_workers(real, bad):
    "A non-positive --size or a negative --workers on a folder dataset is one line (both were tracebacks from torchvision)."
    refused("dmgd_encode", "--size 0: must be positive", real.parent, data=str(real/"imagenet"), spec=str(real/"woof3.txt"), size=0,
            cache=str(bad/"never"))
    refused("dmgd_encode", "--workers -1: must be 0 (read in this process) or more", real.parent, data=str(real/"imagenet"),
            spec=str(real/"woof3.txt"), size=16, workers=-1, cache=str(bad/"never"))
    refused("dmgd_evaluate", "--workers -1: must be 0", real.parent, data="random", ipc=1, seeds="0", workers=-1, out=str(bad/"never.csv"))
