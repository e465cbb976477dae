"""Draw the package as a house: its modules, and what imports what, into nbs/images/house.png (shown on the home page).

    python tools/house.py

The imports are the module-level ones (imports inside functions run later and are left out), as
tests/test_imports.py reads them to check that they form no cycle. A module stands one floor above the
highest module it imports, so every arrow points down; a dark arrow is an import that no chain of other
imports already implies, a faint one an import that such a chain also gives. The picture's PNG text holds
the imports it drew, so that a test can tell when it is out of date.
"""
import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT/"dmgd"
PICTURE = ROOT/"nbs"/"images"/"house.png"
GROUPS = {  # colour of a module: what it is for
    "guidance": ("#f4d6a0", "guidance terms"),
    "evaluation": ("#c9e3c2", "evaluation"),
    "command": ("#f2b8b5", "console scripts"),
    "other": ("#cfdcef", "the method and its data"),
}
EVALUATION = {"students", "images", "augmentation", "protocols", "learner", "teachers", "evaluate", "dsa", "metrics"}
COMMANDS = {"cli", "demo", "pretrain", "minimax"}   # the modules that define console scripts


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


def graph():
    "module -> the package modules it imports at module level."
    mods = modules()
    return {m: {d for d in top_imports(m, p) if d in mods} for m, p in mods.items()}


def description(g):
    "The imports of `g`, one line each (`a -> b`), sorted: what the picture records of what it drew."
    return "\n".join(f"{m} -> {d}" for m in sorted(g) for d in sorted(g[m]))


def floors(g):
    "module -> its floor: 0 for a module that imports none of the package, else one above the highest it imports."
    out = {}
    def floor(m): out[m] = out[m] if m in out else 1 + max((floor(d) for d in g[m]), default=-1); return out[m]
    for m in g: floor(m)
    return out


def implied(g):
    "The imports (m, d) that a chain of two or more other imports also gives."
    def below(m, seen):
        for d in g[m]:
            if d not in seen: seen.add(d); below(d, seen)
        return seen
    return {(m, d) for m in g for d in g[m] if any(d in below(e, set()) for e in g[m] if e != d)}


def layout(g, fl, sweeps=8):
    "module -> (x, y): floors from the bottom, each floor's modules ordered to keep arrows short (barycentre sweeps)."
    rows = {}
    for m in sorted(g): rows.setdefault(fl[m], []).append(m)
    width = max(len(r) for r in rows.values())
    pos = {}
    def place():
        for f, r in rows.items():
            for k, m in enumerate(r): pos[m] = ((k + 0.5)*width/len(r), f)
    place()
    users = {m: [u for u in g if m in g[u]] for m in g}
    for s in range(sweeps):
        for f in sorted(rows, reverse=s % 2 == 1):
            near = lambda m: [pos[n][0] for n in (g[m] | set(users[m]))] or [pos[m][0]]
            rows[f].sort(key=lambda m: sum(near(m))/len(near(m)))
            place()
    return pos


def group(m):
    if m.startswith("guidance."): return "guidance"
    return "command" if m in COMMANDS else "evaluation" if m in EVALUATION else "other"


def draw(path=PICTURE):
    import io, matplotlib
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch
    g = graph()
    fl, weak = floors(g), implied(g)
    pos = layout(g, fl)
    lines = {m: len(p.read_text().splitlines()) for m, p in modules().items()}
    fig, ax = plt.subplots(figsize=(11, 0.62*(max(fl.values()) + 1) + 0.8))
    for m in g:
        for d in g[m]:
            (x0, y0), (x1, y1) = pos[m], pos[d]
            faint = (m, d) in weak
            ax.annotate("", xy=(x1, y1 + 0.26), xytext=(x0, y0 - 0.22), zorder=1 if faint else 1.5,
                        arrowprops=dict(arrowstyle="-|>,head_length=0.5,head_width=0.2", lw=0.5 if faint else 1.0, shrinkA=0, shrinkB=0,
                                        color="#d4d4d4" if faint else "#3a3a3a"))
    for m, (x, y) in pos.items():
        ax.text(x, y, f"{m}\n{lines[m]} lines", ha="center", va="center", fontsize=7.5, zorder=2,
                bbox=dict(boxstyle="round,pad=0.3", fc=GROUPS[group(m)][0], ec="#555555", lw=0.6))
    xs = [x for x, _ in pos.values()]
    ax.set(xlim=(min(xs) - 0.6, max(xs) + 0.6), ylim=(-0.6, max(fl.values()) + 0.6))
    ax.axis("off")
    ax.legend(handles=[Patch(fc=c, ec="#555555", label=t) for c, t in GROUPS.values()], loc="lower right", fontsize=7.5, frameon=False)
    ax.set_title(f"dmgd: {len(g)} modules, {sum(map(len, g.values()))} module-level imports; every arrow points down "
                 "(dark: not implied by a chain of others)", fontsize=9)
    plt.tight_layout()
    buf = io.BytesIO(); fig.savefig(buf, format="png", dpi=90); plt.close(fig)
    info = PngInfo(); info.add_text("Description", description(g))
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.open(buf).convert("RGB").quantize(64).save(path, optimize=True, pnginfo=info)   # a small file for the repository
    return path


if __name__ == "__main__":
    print(draw())
