"""The real path end to end, as a user with real weights runs it (issue 6, item 4): random-weight models of DiT-XL/2's
diffusers classes saved with save_pretrained, an ImageNet-layout folder of RGB PNGs with wnid class folders, a spec
file of those wnids, then dmgd_encode -> dmgd_distill --spec <list> -> dmgd_evaluate through the console scripts."""
import json

import pandas as pd
from safetensors import safe_open
from torchvision.datasets import ImageFolder

from conftest import WOOF, EVAL, run


def test_real_path_end_to_end(real_run):
    d, enc, dis, ev = real_run
    # the cache: one file per wnid, 6 latents each of DiT's (4, 8, 8) shape for 32-pixel images
    assert "3 classes, 18 latents of shape (4, 8, 8)" in enc.stdout, enc.stdout
    index = json.loads((d/"cache"/"index.json").read_text())
    assert list(index["classes"]) == WOOF and index["config"]["latent_shape"] == [4, 8, 8]
    # the distilled set: an ImageFolder with wnid folders, conditioned on the wnids' ImageNet-1K labels
    man = json.loads((d/"syn"/"manifest.json").read_text())
    assert man["complete"] and man["classes"] == WOOF and man["labels"] == [155, 159, 162]
    assert man["config"]["spec"] == str(d/"woof3.txt") and man["config"]["method"] == "dmgd"
    syn = ImageFolder(d/"syn")
    assert syn.classes == WOOF and len(syn) == 3*2
    assert syn[0][0].size == (32, 32) and syn[0][0].mode == "RGB"
    with safe_open(d/"syn"/"latents-00001.safetensors", "pt") as f: assert sorted(f.keys()) == WOOF
    # the evaluation: one row per seed, tested on the val split of the three classes
    rows = pd.read_csv(d/"eval-1.csv", dtype={"data": str})
    assert list(rows.seed) == [0, 1] and set(rows.ipc) == {2} and set(rows.images) == {6}
    assert rows.top1_final.between(0, 100).all()
    assert "syn" in ev.stdout and "top1_final" in ev.stdout


def test_real_path_dmgd_plus(real_run):
    "Our dmgd-plus (soft labels + anchored distribution matching) through the console scripts on the same folder and cache."
    d = real_run[0]
    r = run(d, "dmgd_distill", "--method", "dmgd-plus", "--data", d/"imagenet", "--spec", d/"woof3.txt", "--generator", d/"DiT-tiny-256",
            "--cache", d/"cache", "--ipc", 2, "--steps", 4, "--out", d/"syn-plus")
    man = json.loads((d/"syn-plus"/"manifest.json").read_text())
    assert man["complete"] and man["classes"] == WOOF and man["config"]["method"] == "dmgd-plus"
    assert (man["config"]["anchor_gamma"], man["config"]["anchor_last"], man["config"]["anchor_rule"]) == (1.0, 40, "medoid")
    assert man["config"]["timestep_features"] == "dit"                     # a 1000-class DiT: DiT's own features
    syn = ImageFolder(d/"syn-plus")
    assert syn.classes == WOOF and len(syn) == 3*2 and syn[0][0].size == (32, 32)
    # a different set from dmgd's (same seeds): the anchors moved it
    with safe_open(d/"syn"/"latents-00001.safetensors", "pt") as f, safe_open(d/"syn-plus"/"latents-00001.safetensors", "pt") as g:
        assert any((f.get_tensor(w) - g.get_tensor(w)).abs().max() > 0 for w in WOOF)
    ev = run(d, "dmgd_evaluate", "--data", d/"syn-plus", *EVAL(d)[2:], "--out", d/"eval-plus.csv")
    rows = pd.read_csv(d/"eval-plus.csv", dtype={"data": str})
    assert list(rows.seed) == [0, 1] and rows.top1_final.between(0, 100).all()


def test_real_path_minimax(real_run):
    "Minimax: dmgd_finetune on the random DiT-XL/2-shaped model and the test's cache, then dmgd_distill --method dit samples it."
    d = real_run[0]
    base, g2 = d/"DiT-tiny-256", d/"DiT-tiny-256-minimax"
    r = run(d, "dmgd_finetune", "--method", "minimax", "--generator", base, "--data", d/"imagenet", "--spec", d/"woof3.txt",
            "--cache", d/"cache", "--steps", 4, "--batch", 4, "--ckpt-every", 2, "--quiet", "--out", g2)
    assert "4 steps" in r.stdout, r.stdout
    info = json.loads((g2/"finetune.json").read_text())
    assert info["data"]["classes"] == WOOF and info["data"]["latents"] == 18 and info["recipe"]["steps"] == 4
    assert (g2/"vae"/"diffusion_pytorch_model.safetensors").read_bytes() == (base/"vae"/"diffusion_pytorch_model.safetensors").read_bytes()
    assert not (d/".DiT-tiny-256-minimax.finetune").exists()
    # only DiffFit's parameters moved: the biases, the class-embedding tables, and the weights its scales were folded into
    # (the default --scales difffit: every block of this 2-block model); the folder is a plain DiT, with no scale left
    from safetensors.torch import load_file
    a, b = (load_file(p/"transformer"/"diffusion_pytorch_model.safetensors") for p in (base, g2))
    assert set(a) == set(b) and info["recipe"]["scales"] == "difffit" and info["scales"]["blocks"] == 2
    folded = {f"transformer_blocks.{i}.{m}.weight" for i in range(2) for m in ("attn1.to_q", "attn1.to_k", "attn1.to_v", "attn1.to_out.0", "ff.net.2")}
    moved = {k for k in a if not (a[k] == b[k]).all()}
    assert moved and all(k.endswith(".bias") or k.endswith("embedding_table.weight") or k in folded for k in moved), moved
    run(d, "dmgd_distill", "--method", "dit", "--data", d/"imagenet", "--spec", d/"woof3.txt", "--generator", g2,
        "--cache", d/"cache", "--ipc", 2, "--steps", 4, "--out", d/"syn-minimax")
    man = json.loads((d/"syn-minimax"/"manifest.json").read_text())
    assert man["complete"] and man["classes"] == WOOF and man["labels"] == [155, 159, 162]
    assert man["config"]["generator"] == str(g2) and man["config"]["timestep_features"] == "dit"
    syn = ImageFolder(d/"syn-minimax")
    assert syn.classes == WOOF and len(syn) == 3*2 and syn[0][0].size == (32, 32)


BF16_TOL = 0.03     # relative latent distance bf16 vs fp32 on this model, 4 steps; measured about 0.009 (plain CFG)


def test_real_path_bf16(real_run):
    """--dtype bf16 through the console script on the DiT-XL/2-shaped model: the latents are within BF16_TOL (relative) of the
    fp32 run's (same seeds, same dmgd terms) but not its bytes, the manifest records it, and a bad --dtype is refused."""
    import torch
    d = real_run[0]
    args = ["dmgd_distill", "--data", d/"imagenet", "--spec", d/"woof3.txt", "--generator", d/"DiT-tiny-256", "--cache", d/"cache",
            "--ipc", 2, "--steps", 4]
    run(d, *args, "--dtype", "bf16", "--out", d/"syn-bf16")
    man = json.loads((d/"syn-bf16"/"manifest.json").read_text())
    assert man["complete"] and man["config"]["dtype"] == "bf16"
    assert json.loads((d/"syn"/"manifest.json").read_text())["config"]["dtype"] == "fp32"      # the default, as the authors run
    for i in range(2):
        with safe_open(d/"syn"/f"latents-{i:05d}.safetensors", "pt") as f, safe_open(d/"syn-bf16"/f"latents-{i:05d}.safetensors", "pt") as g:
            for w in WOOF:
                a, b = f.get_tensor(w), g.get_tensor(w)
                assert b.dtype == torch.float32 and not torch.equal(a, b)
                assert (b - a).norm()/a.norm() < BF16_TOL, (i, w, float((b - a).norm()/a.norm()))
    r = run(d, *args, "--dtype", "fp8", "--out", d/"never", check=False)
    assert r.returncode == 2 and r.stderr.strip() == "dmgd_distill: error: --dtype 'fp8': use one of fp32, bf16, fp16", r.stderr
    assert not (d/"never").exists()


def test_real_path_d4m(real_run):
    "The D4M peer through the console scripts: each image starts from its class's K-means prototype of the cached latents."
    import torch
    from dmgd.guidance.d4m import d4m_prototypes
    from dmgd.latents import load_latents
    d = real_run[0]
    run(d, "dmgd_distill", "--method", "d4m", "--data", d/"imagenet", "--spec", d/"woof3.txt", "--generator", d/"DiT-tiny-256",
        "--cache", d/"cache", "--ipc", 2, "--steps", 4, "--d4m-strength", 0.25, "--d4m-start", "strength", "--out", d/"syn-d4m")
    man = json.loads((d/"syn-d4m"/"manifest.json").read_text())
    assert man["complete"] and man["classes"] == WOOF and man["config"]["method"] == "d4m"
    assert (man["config"]["d4m_strength"], man["config"]["d4m_start"], man["config"]["d4m_sampler"]) == (0.25, "strength", "ddim")
    # 0.25 of these 4 steps (--d4m-start strength: on the run's own steps): only the last step runs
    syn = ImageFolder(d/"syn-d4m")
    assert syn.classes == WOOF and len(syn) == 3*2 and syn[0][0].size == (32, 32)
    # started at the last step (t = 0, where the prototype weighs 0.99995), each image ends nearest its own prototype
    protos = d4m_prototypes({c: load_latents(d/"cache", w) for c, w in enumerate(WOOF)}, ipc=2)
    P = torch.cat([protos[c] for c in range(3)]).flatten(1)                 # (6, 256): class 0's two, then class 1's, ...
    for i in range(2):
        with safe_open(d/"syn-d4m"/f"latents-{i:05d}.safetensors", "pt") as f:
            for c, w in enumerate(WOOF):
                assert torch.cdist(f.get_tensor(w).flatten()[None], P).argmin().item() == 2*c + i, (w, i)
    ev = run(d, "dmgd_evaluate", "--data", d/"syn-d4m", *EVAL(d)[2:], "--out", d/"eval-d4m.csv")
    rows = pd.read_csv(d/"eval-d4m.csv", dtype={"data": str})


def test_real_path_igd(real_run):
    "The peer IGD through the console scripts: a surrogate trained for one epoch on the folder, cached, reused, and refused when it does not match."
    d = real_run[0]
    args = ["--method", "igd", "--data", d/"imagenet", "--spec", d/"woof3.txt", "--generator", d/"DiT-tiny-256", "--cache", d/"cache",
            "--ipc", 2, "--steps", 4, "--igd-epochs", 1, "--igd-grad-ipc", 4, "--igd-surrogate", d/"igd-surrogate.safetensors"]
    run(d, "dmgd_distill", *args, "--out", d/"syn-igd")
    man = json.loads((d/"syn-igd"/"manifest.json").read_text())
    assert man["complete"] and man["classes"] == WOOF and man["config"]["method"] == "igd"
    assert (man["config"]["igd_student"], man["config"]["igd_epochs"], man["config"]["igd_scale"]) == ("convnet3", 1, 5.0)  # 32-px images: ConvNet-3
    syn = ImageFolder(d/"syn-igd")
    assert syn.classes == WOOF and len(syn) == 3*2 and syn[0][0].size == (32, 32) and syn[0][0].mode == "RGB"
    with safe_open(d/"igd-surrogate.safetensors", "pt") as f: meta = json.loads(f.metadata()["dmgd"])
    assert meta["shape"] == [3, 32, 32] and meta["classes"] == WOOF and meta["checkpoints"] == [0, 1]
    # a different set from dit's on the same seeds: the guidance moved it
    run(d, "dmgd_distill", "--method", "dit", *args[2:14], "--out", d/"syn-dit")
    with safe_open(d/"syn-dit"/"latents-00001.safetensors", "pt") as f, safe_open(d/"syn-igd"/"latents-00001.safetensors", "pt") as g:
        assert any((f.get_tensor(w) - g.get_tensor(w)).abs().max() > 0 for w in WOOF)
    # the surrogate is reused (the file is not rewritten), and refused with one line when it was made otherwise
    stamp = (d/"igd-surrogate.safetensors").stat().st_mtime_ns
    run(d, "dmgd_distill", *args, "--seed", 1, "--out", d/"syn-igd-1")
    assert (d/"igd-surrogate.safetensors").stat().st_mtime_ns == stamp
    bad = run(d, "dmgd_distill", *args[:-5], 2, *args[-4:], "--out", d/"syn-igd-2", check=False)
    assert bad.returncode == 2 and "another recipe" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1, bad.stderr
    assert not (d/"syn-igd-2"/"manifest.json").exists()
    ev = run(d, "dmgd_evaluate", "--data", d/"syn-igd", *EVAL(d)[2:], "--out", d/"eval-igd.csv")
    rows = pd.read_csv(d/"eval-igd.csv", dtype={"data": str})
    assert list(rows.seed) == [0, 1] and rows.top1_final.between(0, 100).all()
