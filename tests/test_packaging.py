"""The package that ships: build the wheel, install it away from the source tree, and use it from there."""
import os, shutil, subprocess, sys, zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    src = tmp_path_factory.mktemp("src")/"dmgd"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "_proc", "_docs"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(src)],
                   check=True, capture_output=True)
    return next(out.glob("dmgd-*.whl"))


def test_wheel_holds_subpackages_and_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.name for p in (ROOT/"dmgd").glob("*.py")}
    assert {f"dmgd/{m}" for m in modules} <= names
    assert {"dmgd/specs/woof.txt", "dmgd/specs/nette.txt", "dmgd/specs/imagenet1k.txt"} <= names
    shipped = {str(p.relative_to(ROOT)) for d in ("tiny", "reference") for p in (ROOT/"dmgd"/d).rglob("*")
               if p.is_file() and p.suffix in (".json", ".safetensors")}
    assert "dmgd/reference/mnist5k-convnet3-seed0.safetensors" in shipped and shipped <= names, sorted(shipped - names)
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_wheel_works_outside_the_tree(wheel, tmp_path):
    target = tmp_path/"site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    code = ("import dmgd, dmgd.data as d, dmgd.latents as l; from pathlib import Path; "
            "print(Path(dmgd.__file__).parent); print(len(d.imagenet1k_wnids()), d.load_spec('woof')[0], len(d.Mnist5k('test')))")
    env = {**os.environ, "PYTHONPATH": str(target)}
    r = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    where, counts = r.stdout.strip().splitlines()
    assert Path(where) == target/"dmgd"
    assert counts == "1000 n02086240 1000"
