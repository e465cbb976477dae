"""README.md is the home page notebook, nbs/index.ipynb, and must not drift from it."""
import importlib.util, re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("readme", ROOT/"tools"/"readme.py")
readme = importlib.util.module_from_spec(spec); spec.loader.exec_module(readme)


def test_readme_is_index():
    assert (ROOT/"README.md").read_text() == readme.readme_text(), "run: python tools/readme.py"


def test_ci_runs_the_readme_test_command():
    cmds = re.findall(r"```sh\n(.+?)\n```", (ROOT/"README.md").read_text())
    test_cmd = next(c for c in cmds if "nbdev-test" in c)
    assert test_cmd in (ROOT/".ci"/"run").read_text()


def test_readme_links_resolve():
    for link in re.findall(r"\]\((nbs/[^)]+)\)", (ROOT/"README.md").read_text()):
        assert (ROOT/link).exists(), link
