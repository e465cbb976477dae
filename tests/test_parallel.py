"""Two processes under torchrun write exactly the bytes of one process (issue 6, item 1)."""
import json

import pandas as pd

from conftest import DISTILL, EVAL, run, same_tree, torchrun


def test_encode_two_processes_same_bytes(work, ref_cache):
    r = torchrun(work, "dmgd_encode", "--cache", work/"par-cache", "--batch-size", "128")
    assert r.stdout.count("10 classes, 4000 latents") == 1, r.stdout          # only the main process prints
    assert same_tree(ref_cache, work/"par-cache", skip=()) == 11


def test_distill_two_processes_same_bytes(work, ref_cache, ref_out):
    torchrun(work, "dmgd_distill", "--cache", ref_cache, *DISTILL, "--out", work/"par-out")
    assert same_tree(ref_out, work/"par-out") == 10*4 + 4 + 1                  # PNGs, latents-<i>, manifest
    t = json.loads((work/"par-out"/"timings.json").read_text())
    assert t["processes"] == 2 and t["images_made"] == 5*4, t                  # the main process made its 5 classes only
    assert not list((work/"par-out").glob("*part*")) and not list((work/"par-out").rglob("*.tmp"))


def test_evaluate_two_processes_same_rows(real_run):
    "dmgd_evaluate shares its runs (seeds) between processes; every column but the timings is the one-process run's."
    d = real_run[0]
    two = torchrun(d, "dmgd_evaluate", *EVAL(d), "--out", d/"eval-2.csv")
    header = [l for l in two.stdout.splitlines() if l.split()[:2] == ["data", "student"]]
    assert len(header) == 1 and two.stdout.count("(the headline)") == 1, two.stdout   # one table and its legend, from the main process
    timing = ["train_s", "test_s", "s_per_epoch"]
    a, b = (pd.read_csv(d/f, dtype={"data": str}).drop(columns=timing) for f in ("eval-1.csv", "eval-2.csv"))
    assert len(a) == 2 and list(a.seed) == [0, 1]
    pd.testing.assert_frame_equal(a, b)
