"""`dmgd_pretrain --data ROOT --size N` on a user's own image folder (issue 12, item 3), then the rest of the pipeline on
it through the console scripts: dmgd_encode -> dmgd_distill --generator OUT --data ROOT -> dmgd_evaluate --dataset ROOT.
The class folders are not wnids and no command is given --spec: every class folder, sorted, is a class."""
import json

import numpy as np
import pandas as pd
from PIL import Image
from torchvision.datasets import ImageFolder

from conftest import run

CLASSES = ["ring", "bar", "dot"]                        # sorted: bar, dot, ring
TINY = ["--vae-channels", "8,16,16", "--vae-groups", "4", "--vae-steps", "6", "--vae-batch", "6", "--layers", "1",
        "--heads", "2", "--head-dim", "8", "--dit-steps", "6", "--dit-batch", "6", "--warmup", "2", "--log-every", "2",
        "--threads", "1", "--quiet"]


def shape(cls, side, rng):
    "A grayscale picture of the class's shape at a random place, `side` x `side`, as PIL 'L'."
    yy, xx = np.mgrid[:side, :side]/side
    cy, cx = rng.uniform(0.35, 0.65, 2)
    r = np.hypot(yy - cy, xx - cx)
    a = {"ring": abs(r - 0.25) < 0.07, "dot": r < 0.15, "bar": abs(xx - cx) < 0.08}[cls]
    return Image.fromarray((a*255).astype(np.uint8), "L")


def write_folder(root, per_class):
    rng = np.random.default_rng(0)
    for split, n in per_class.items():
        for c in CLASSES:
            (root/split/c).mkdir(parents=True, exist_ok=True)
            for i in range(n): shape(c, [20, 28, 36][i % 3], rng).save(root/split/c/f"{c}{i}.png")   # mixed sizes
    return root


def test_pretrain_folder_end_to_end(tmp_path):
    root = write_folder(tmp_path/"shapes", {"train": 6, "val": 3})
    gen = tmp_path/"gen"
    r = run(tmp_path, "dmgd_pretrain", "--data", root, "--size", 16, "--out", gen, "--cfgs", "1,2", "--cfg-ipc", 1, *TINY)
    assert "parameters, trained in" in r.stdout
    rec = json.loads((gen/"recipe.json").read_text())
    assert rec["data"]["classes"] == ["bar", "dot", "ring"] and rec["data"]["channels"] == 1 and rec["data"]["size"] == 16
    assert rec["data"]["images"] == 15 and rec["recipe"]["dit_steps"] == 6     # one image per class held out (--holdout 0.1)
    chosen = pd.read_csv(gen/"validation.csv").groupby("cfg").heldout_top1_final.mean()
    assert json.loads((gen/"dmgd.json").read_text()) == {"cfg": chosen.idxmax(), "chunk": 6}   # 2 x 3 classes a chunk
    assert f"CFG {chosen.idxmax()} chosen on 3 held-out images" in r.stdout
    tr = json.loads((gen/"transformer"/"config.json").read_text())
    assert (tr["num_embeds_ada_norm"], tr["sample_size"]) == (3, 4)
    assert json.loads((gen/"vae"/"config.json").read_text())["in_channels"] == 1

    enc = run(tmp_path, "dmgd_encode", "--data", root, "--vae", gen/"vae", "--size", 16, "--cache", tmp_path/"cache", "--workers", 0)
    assert "3 classes, 18 latents of shape (4, 4, 4)" in enc.stdout, enc.stdout
    assert list(json.loads((tmp_path/"cache"/"index.json").read_text())["classes"]) == ["bar", "dot", "ring"]

    run(tmp_path, "dmgd_distill", "--generator", gen, "--data", root, "--cache", tmp_path/"cache", "--ipc", 2, "--steps", 4,
        "--out", tmp_path/"syn")
    man = json.loads((tmp_path/"syn"/"manifest.json").read_text())
    assert man["complete"] and man["classes"] == ["bar", "dot", "ring"] and man["labels"] == [0, 1, 2]
    syn = ImageFolder(tmp_path/"syn")
    assert syn.classes == ["bar", "dot", "ring"] and len(syn) == 6
    with Image.open(syn.samples[0][0]) as im: assert im.size == (16, 16) and im.mode == "L"   # written as 1-channel PNGs

    ev = run(tmp_path, "dmgd_evaluate", "--data", tmp_path/"syn", "--dataset", root, "--size", 16, "--seeds", "0", "--quiet",
             "--out", tmp_path/"eval.csv")
    rows = pd.read_csv(tmp_path/"eval.csv", dtype={"data": str})
    assert list(rows.seed) == [0] and set(rows.ipc) == {2} and set(rows.images) == {6}
    assert rows.top1_final.between(0, 100).all() and "top1_final" in ev.stdout


def test_new_user_three_commands(tmp_path):
    """A new user's own classes, as issue 21 tried them: pretrain, distill and evaluate, with no --spec, no dmgd_encode
    (distill encodes the folder at the size the generator was trained at) and no --size but evaluate's."""
    root = write_folder(tmp_path/"shapes", {"train": 6, "val": 3})
    run(tmp_path, "dmgd_pretrain", "--data", root, "--out", tmp_path/"gen", "--cfgs", "none", *TINY)
    assert json.loads((tmp_path/"gen"/"vae"/"config.json").read_text())["sample_size"] == 28     # --size's default
    d = run(tmp_path, "dmgd_distill", "--generator", tmp_path/"gen", "--data", root, "--ipc", 2, "--steps", 4, "--out", tmp_path/"syn",
            "--quiet")
    assert "syn: 3 classes x 2 images (dmgd)" in d.stdout, d.stdout
    idx = json.loads(next((tmp_path/"dmgd-cache"/"latents").glob("shapes-gen*/index.json")).read_text())["config"]
    assert idx["classes"] == ["bar", "dot", "ring"] and idx["image_size"] == 28 and idx["latent_shape"] == [4, 7, 7]
    for size in (["--size", 28], []):                                                  # 28 given, and 28 from the set's generator
        csv = tmp_path/f"eval{len(size)}.csv"
        ev = run(tmp_path, "dmgd_evaluate", "--data", tmp_path/"syn", "--dataset", root, *size, "--seeds", "0", "--quiet", "--out", csv)
        rows = pd.read_csv(csv, dtype={"data": str})
        assert list(rows.seed) == [0] and set(rows.images) == {6} and "top1_final" in ev.stdout


def test_pretrain_folder_bad_input(tmp_path):
    "One line on stderr naming the problem, exit code 2, nothing written."
    write_folder(tmp_path/"one", {"train": 2})
    for c in CLASSES[1:]:
        for p in (tmp_path/"one"/"train"/c).iterdir(): p.unlink()
        (tmp_path/"one"/"train"/c).rmdir()
    write_folder(tmp_path/"empty", {"train": 2})
    (tmp_path/"empty"/"train"/"zero").mkdir()
    (tmp_path/"none"/"train").mkdir(parents=True)
    for root, msg in ((tmp_path/"one", "has 1 class folder (ring)"), (tmp_path/"empty", "zero (empty class folder)"),
                      (tmp_path/"none", "has no class folders")):
        r = run(tmp_path, "dmgd_pretrain", "--data", root, "--size", 16, "--out", tmp_path/"never", *TINY, check=False)
        assert r.returncode == 2, r.stderr
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("dmgd_pretrain: error:") and msg in lines[0], r.stderr
        assert not (tmp_path/"never").exists()
