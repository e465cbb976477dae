"""The notebooks are the source: exporting them reproduces dmgd/ exactly, and nbdev-clean changes no notebook."""
import shutil, subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(shutil.which("nbdev-export")).parent


def _copy(tmp):
    dst = tmp/"repo"
    shutil.copytree(ROOT, dst, ignore=shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "_proc", "_docs", "__pycache__"))
    return dst


def _snapshot(folder, pattern):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob(pattern))}


def test_export_reproduces_the_package(tmp_path):
    repo = _copy(tmp_path)
    before = _snapshot(repo/"dmgd", "*.py")
    subprocess.run([BIN/"nbdev-export"], cwd=repo, check=True, capture_output=True)
    after = _snapshot(repo/"dmgd", "*.py")
    changed = sorted(str(k) for k in set(before) | set(after) if before.get(k) != after.get(k))
    assert not changed, f"nbdev-export changes {changed}: edit the notebooks, export, and commit both"


def test_notebooks_are_clean(tmp_path):
    repo = _copy(tmp_path)
    before = _snapshot(repo/"nbs", "*.ipynb")
    subprocess.run([BIN/"nbdev-clean"], cwd=repo, check=True, capture_output=True)
    after = _snapshot(repo/"nbs", "*.ipynb")
    changed = sorted(str(k) for k in before if before[k] != after[k])
    assert not changed, f"nbdev-clean changes {changed}"
