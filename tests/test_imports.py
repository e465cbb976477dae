"""The package's module-level imports form no cycle (issue 21), and no module holds more than about 12 % of its lines."""
import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1]/"dmgd"


def modules():
    "module name (e.g. 'guidance.ot') -> path, for every module of the package but the generated index."
    return {".".join(p.relative_to(PKG).with_suffix("").parts): p for p in sorted(PKG.rglob("*.py"))
            if p.name not in ("_modidx.py", "__init__.py")}


def top_imports(name, path):
    "The package modules `name` imports at module level (imports inside functions are left out: they run later)."
    pkg = name.split(".")[:-1]
    out = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ImportFrom):
            if node.level: base = pkg[:len(pkg) - node.level + 1] + (node.module.split(".") if node.module else [])
            elif (node.module or "").startswith("dmgd."): base = node.module.split(".")[1:]
            else: continue
            out.add(".".join(base))
        elif isinstance(node, ast.Import):
            out |= {a.name[5:] for a in node.names if a.name.startswith("dmgd.")}
    return out


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
