"""The package's module-level imports form no cycle (issue 21), no module holds more than about 12 % of its lines, and the
home page's picture of the imports (tools/house.py) is the current one."""
import importlib.util
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("house", ROOT/"tools"/"house.py")
house = importlib.util.module_from_spec(spec); spec.loader.exec_module(house)
modules, top_imports = house.modules, house.top_imports     # the imports as the home page's picture draws them


def test_no_import_cycle():
    mods = modules()
    graph = {m: {d for d in top_imports(m, p) if d in mods} for m, p in mods.items()}
    assert graph["distill"] >= {"guidance.registry"} and "guidance.base" in graph["guidance.ot"]      # the graph is read
    state = {}
    def visit(m, path):
        state[m] = "open"
        for d in graph[m]:
            assert state.get(d) != "open", f"import cycle: {' -> '.join(path + [d])}"
            if d not in state: visit(d, path + [d])
        state[m] = "done"
    for m in graph:
        if m not in state: visit(m, [m])


def test_module_sizes():
    lines = {m: len(p.read_text().splitlines()) for m, p in modules().items()}
    total = sum(lines.values())
    big = {m: round(100*n/total, 1) for m, n in lines.items() if n > 0.12*total}
    assert not big, f"modules above 12 % of the package's {total} lines: {big}"


def test_house_picture_is_current():
    drawn = Image.open(house.PICTURE).text.get("Description")
    assert drawn == house.description(house.graph()), "the imports changed: run python tools/house.py"
    assert all(house.floors(house.graph())[m] > house.floors(house.graph())[d] for m, ds in house.graph().items() for d in ds)
