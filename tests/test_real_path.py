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
