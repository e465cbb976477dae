"""Execute notebooks in place so that their pictures are committed with them (the docs render committed outputs).

    OMP_NUM_THREADS=1 python tools/run_notebooks.py nbs/01_data.ipynb nbs/04_sampler.ipynb ...
    nbdev-clean

Cells are run as `nbdev-test` runs them: cells marked `#| eval: false`, `#| slow` or `#| notest` are
skipped, and keep whatever outputs they had (a slow cell's outputs are committed by running it on purpose).
Each notebook runs in its own kernel, in its own folder.
"""
import os, re, sys, time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

SKIP = re.compile(r"^#\|\s*(eval:\s*false|slow|notest)\s*$", re.M)


def _noise(o):
    "tqdm's warning that ipywidgets is missing: not part of the chapter."
    return o.get("output_type") == "stream" and "TqdmWarning: IProgress not found" in o.get("text", "")


def run(path:Path, timeout:int=900):
    nb = nbformat.read(path, as_version=4)
    kept = {}
    for i, c in enumerate(nb.cells):
        if c.cell_type == "code" and SKIP.search(c.source):
            kept[i] = (c.source, c.outputs); c.source = ""
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"      # figures as PNG outputs, not Agg
    NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    for c in nb.cells:
        if c.cell_type == "code": c.outputs = [o for o in c.outputs if not _noise(o)]
    for i, (src, outs) in kept.items():
        nb.cells[i].source, nb.cells[i].outputs, nb.cells[i].execution_count = src, outs, None
    nbformat.write(nb, path)


if __name__ == "__main__":
    for p in sys.argv[1:]:
        t = time.time(); run(Path(p)); print(f"{p}: {time.time() - t:.0f} s")
