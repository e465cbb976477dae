"""The documentation builds offline: every notebook processed by nbdev and rendered to HTML, with no error
output, no missing picture and no broken internal link (tools/build_docs.py). And the check can fail."""
import importlib.util, json, shutil, subprocess, sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT/"tools"/"build_docs.py"
spec = importlib.util.spec_from_file_location("build_docs", TOOL)
build_docs = importlib.util.module_from_spec(spec); spec.loader.exec_module(build_docs)


def _copy(tmp, stubs=False):
    "The project in a temp folder (the build never writes into the source tree); `stubs`: chapters other than index reduced to their title."
    dst = tmp/"repo"
    shutil.copytree(ROOT, dst, ignore=shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "_proc", "_docs",
                                                             "_site_offline", "__pycache__", ".pytest_cache"))
    if stubs:
        for p in (dst/"nbs").glob("*.ipynb"):
            if p.name == "index.ipynb": continue
            nb = json.loads(p.read_text())
            nb["cells"] = nb["cells"][:1]                              # '# Title' and '> summary': links to it still resolve
            p.write_text(json.dumps(nb))
    return dst


def _build(repo):
    return subprocess.run([sys.executable, str(repo/"tools"/"build_docs.py")], cwd=repo, capture_output=True, text=True, timeout=1200)


def test_docs_build_offline(tmp_path):
    repo = _copy(tmp_path)
    r = _build(repo)
    assert r.returncode == 0, r.stdout + r.stderr[-2000:]
    site = repo/"_site_offline"
    pages = {p.stem for p in site.glob("*.html")}
    assert pages == {p.stem for p in (ROOT/"nbs").glob("*.ipynb")}, pages
    index = (site/"index.html").read_text()
    assert 'href="00_core.html"' in index and ".ipynb" not in index.split("<body")[1].split("Read in order")[1][:3000]


def _md(text): return {"cell_type": "markdown", "id": "b0rken01", "metadata": {}, "source": text}


@pytest.mark.parametrize("bad, expected", [
    (_md("![a picture](images/nowhere.png)"), "image images/nowhere.png is missing"),
    (_md("See [the chapter](99_nowhere.ipynb)."), "link 99_nowhere.html points to a missing page"),
    (_md("See [the loop](04_sampler.ipynb#no-such-heading)."), "no anchor #no-such-heading"),
    ({"cell_type": "code", "execution_count": 1, "id": "b0rken02", "metadata": {}, "source": "1/0",
      "outputs": [{"output_type": "error", "ename": "ZeroDivisionError", "evalue": "division by zero", "traceback": []}]},
     "cell 3 has an error output: ZeroDivisionError"),
])
def test_a_broken_notebook_fails_the_build(tmp_path, bad, expected):
    repo = _copy(tmp_path, stubs=True)
    nb = json.loads((repo/"nbs"/"index.ipynb").read_text())
    nb["cells"].insert(3, bad)
    (repo/"nbs"/"index.ipynb").write_text(json.dumps(nb))
    r = _build(repo)
    assert r.returncode == 1, r.stdout + r.stderr[-2000:]
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 1 and "index." in lines[0].split(":")[0] and expected in lines[0], lines


def test_a_notebook_nbdev_cannot_process_fails_the_build(tmp_path):
    "A cell that mixes imports with code is run by the docs build (nbdev runs import cells): if it fails, so does the build."
    repo = _copy(tmp_path, stubs=True)
    p = repo/"nbs"/"00_core.ipynb"
    nb = json.loads(p.read_text())
    code = lambda i, s: {"cell_type": "code", "execution_count": None, "id": f"b0rken0{i}", "metadata": {}, "outputs": [], "source": s}
    nb["cells"] += [code(4, "#| export\ndef twice(x): return 2*x"),              # a chapter with exports: nbdev runs its cells
                    code(5, "import math\nmath.sqrt(undefined_name)")]
    p.write_text(json.dumps(nb))
    r = _build(repo)
    assert r.returncode == 1, r.stdout + r.stderr[-2000:]
    lines = r.stdout.strip().splitlines()
    assert lines[0].startswith("nbs/00_core.ipynb: nbdev cannot process it") and "undefined_name" in lines[0], lines
    assert lines[1:] == ["index.html: link 00_core.html points to a missing page or file"], lines   # the page is not rendered
