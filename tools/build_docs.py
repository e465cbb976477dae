"""Build the documentation offline and check it: the notebooks rendered as web pages, without Quarto.

    python tools/build_docs.py            # nbs/ -> _proc/ -> _site_offline/*.html, then check
    python tools/build_docs.py --jobs 1   # one worker (the processing step imports torch per notebook)

1. Process the notebooks as `nbdev-proc-nbs` does: nbdev's `FilterDefaults` processors (directives
   removed, hidden cells dropped, `show_doc` added for every exported function and run, together with
   the export and import cells) write `_proc/`. This calls the function behind `nbdev-proc-nbs`
   notebook by notebook, without its first step, which tries to install Quarto with `sudo`.
2. Render every `_proc/*.ipynb` to `_site_offline/*.html` with nbconvert. Nothing is executed: the
   pictures are the notebooks' committed outputs. Links to `*.ipynb` become links to `*.html`, as Quarto
   makes them, and the other files of `nbs/` (pictures, styles) are copied beside the pages.
3. Check, and print one line per problem: a notebook that nbdev cannot process, an error output, an
   image that is neither embedded nor a file of the site, and an internal link (to a page, a file or an
   `#anchor`) that does not resolve. The exit code is 1 if there is any problem.

Where Quarto is installed, `nbdev-docs` builds the full site from the same notebooks (`nbs/_quarto.yml`).
"""
import argparse, json, os, re, shutil, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]


# ---- 1. process: nbs/ -> _proc/ ----------------------------------------------------------------------

def _proc_many(pairs):
    "Process notebooks with nbdev's docs processors (in a process of their own: they run the notebooks' import cells)."
    import warnings
    from nbdev.processors import FilterDefaults
    from nbdev import serve_drv
    warnings.simplefilter("ignore")
    for src, dst in pairs:
        try: serve_drv.main((Path(src), Path(dst), FilterDefaults)); r = ""
        except Exception as e:
            Path(dst).unlink(missing_ok=True)
            r = " ".join(str(e).split()) or type(e).__name__
            r = r[:400] + (" …" if len(r) > 400 else "")
        print(json.dumps([src, r]), flush=True)


def _run_proc(pairs, root):
    "Run `_proc_many` in a fresh interpreter; {notebook: '' or why it failed}."
    env = {**os.environ, "MPLBACKEND": "Agg"}
    r = subprocess.run([sys.executable, __file__, "--proc", json.dumps(pairs)], cwd=root, env=env, capture_output=True, text=True)
    done = dict(json.loads(l) for l in r.stdout.splitlines() if l.startswith("["))
    why = (r.stderr.strip().splitlines() or [f"exit code {r.returncode}"])[-1]
    return {s: done.get(s, f"processing stopped: {why}") for s, _ in pairs}


def process(root:Path, nbs:Path, proc:Path, jobs:int):
    "Process every notebook of `nbs` into `proc` (other files are copied); one problem line per failure."
    os.chdir(root)
    from nbdev.config import get_config
    from nbdev.doclinks import nbglob, _build_modidx
    get_config.cache_clear() if hasattr(get_config, "cache_clear") else None
    _build_modidx()                                     # what nbdev-proc-nbs does first: show_doc links need it
    if proc.exists(): shutil.rmtree(proc)
    proc.mkdir(parents=True)
    todo = []
    for s in nbglob(nbs, func=Path, file_glob="", file_re=""):
        rel = s.relative_to(nbs)
        if any(p.startswith((".", "_")) for p in rel.parts[:-1]): continue
        d = proc/rel; d.parent.mkdir(parents=True, exist_ok=True)
        if s.suffix == ".ipynb": todo.append((str(s), str(d)))
        else: shutil.copy2(s, d)
    for extra in ("_quarto.yml",):
        if (nbs/extra).exists(): shutil.copy2(nbs/extra, proc/extra)
    groups = [todo[i::max(1, jobs)] for i in range(max(1, jobs))]      # one interpreter per group: torch is imported once
    with ThreadPoolExecutor(len(groups)) as ex: results = [r for g in ex.map(_run_proc, groups, [root]*len(groups)) for r in g.items()]
    return [f"{Path(s).relative_to(root)}: nbdev cannot process it: {r}" for s, r in sorted(results) if r]


# ---- 2. render: _proc/*.ipynb -> site/*.html ----------------------------------------------------------

_FRONT = re.compile(r"^---\s*\n(.*?)\n---\s*$", re.S)
_IPYNB_LINK = re.compile(r'(href=")([^"#:]*?)\.ipynb((?:#[^"]*)?")')


def _title_cell(nb):
    "nbdev turns '# Title\\n> summary' into a raw front-matter cell, which HTML drops: put it back as markdown."
    for c in nb["cells"]:
        if c["cell_type"] != "raw": continue
        m = _FRONT.match("".join(c["source"]).strip())    # a list of lines or a string
        if not m: continue
        meta = {}
        for line in m.group(1).splitlines():
            k, _, v = line.partition(":")
            meta[k.strip()] = v.strip().strip("'\"")
        c["cell_type"], c["metadata"] = "markdown", {}
        c.pop("outputs", None); c.pop("execution_count", None)
        c["source"] = f"# {meta.get('title', '')}\n\n> {meta.get('description', '')}\n" if meta.get("title") else ""
        return


def render(proc:Path, site:Path):
    "Render every processed notebook to HTML (no execution); pages named like the notebooks."
    import nbformat
    from nbconvert import HTMLExporter
    if site.exists(): shutil.rmtree(site)
    shutil.copytree(proc, site, ignore=shutil.ignore_patterns("*.ipynb", "*.yml"))
    exporter = HTMLExporter(template_name="lab")
    pages = []
    for nbp in sorted(proc.rglob("*.ipynb")):
        nb = json.loads(nbp.read_text())
        _title_cell(nb)
        for c in nb["cells"]: c.get("metadata", {}).pop("execution", None)     # nbdev's timings do not validate
        body, _ = exporter.from_notebook_node(nbformat.reads(json.dumps(nb), as_version=4))
        body = _IPYNB_LINK.sub(r"\1\2.html\3", body)             # as Quarto does
        out = site/nbp.relative_to(proc).with_suffix(".html")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(body)
        pages.append(out)
    return pages


# ---- 3. check ----------------------------------------------------------------------------------------

class _Page(HTMLParser):
    "Collect image sources, link targets and element ids of one HTML page."
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.imgs, self.links, self.ids = [], [], set()
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k in ("id", "name"):
            if a.get(k): self.ids.add(a[k])
        if tag == "img": self.imgs.append(a.get("src") or "")
        if tag == "a" and a.get("href") is not None: self.links.append(a["href"])


def _parse(path:Path):
    p = _Page(); p.feed(path.read_text()); return p


def error_outputs(nbs:Path, root:Path):
    "One line per error output committed in a notebook (cells numbered from 0, as in the notebook)."
    probs = []
    for nbp in sorted(nbs.glob("*.ipynb")):
        nb = json.loads(nbp.read_text())
        for i, c in enumerate(nb["cells"]):
            for o in c.get("outputs", []):
                if o.get("output_type") == "error":
                    probs.append(f"{nbp.relative_to(root)}: cell {i} has an error output: {o.get('ename')}: {o.get('evalue', '')[:120]}")
    return probs


def check_pages(site:Path, pages:list):
    "One line per image that is not there and per internal link that does not resolve."
    parsed = {p.resolve(): _parse(p) for p in pages}
    probs = []
    for page, p in parsed.items():
        name = page.relative_to(site.resolve())
        for src in p.imgs:
            u = urlsplit(src)
            if not src: probs.append(f"{name}: an image without a source")
            elif u.scheme == "data":
                if len(src.partition(",")[2]) < 20: probs.append(f"{name}: an embedded image is empty")
            elif u.scheme or u.netloc: probs.append(f"{name}: image {src} is not part of the site (shown only online)")
            elif not (page.parent/unquote(u.path)).is_file(): probs.append(f"{name}: image {src} is missing")
        for href in p.links:
            u = urlsplit(href)
            if u.scheme or u.netloc: continue                         # external: not ours to check offline
            target = page if not u.path else (page.parent/unquote(u.path)).resolve()
            if u.path and not target.exists():
                probs.append(f"{name}: link {href} points to a missing page or file"); continue
            if u.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if unquote(u.fragment) not in ids: probs.append(f"{name}: link {href}: no anchor #{u.fragment} on that page")
    return probs


def build(root:Path=ROOT, site:Path|None=None, jobs:int=2):
    "Process, render and check; returns (problems, pages, seconds)."
    t0 = time.time()
    nbs, proc, site = root/"nbs", root/"_proc", site or root/"_site_offline"
    probs = process(root, nbs, proc, jobs)
    pages = render(proc, site)
    if not pages: probs.append(f"{proc}: no notebooks to render")
    probs += error_outputs(nbs, root)
    probs += check_pages(site, pages)
    return probs, pages, time.time() - t0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--proc"]: sys.exit(_proc_many(json.loads(sys.argv[2])))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=str(ROOT), help="project root (with pyproject.toml and nbs/)")
    ap.add_argument("--site", default=None, help="output folder for the HTML pages (default: ROOT/_site_offline)")
    ap.add_argument("--jobs", type=int, default=2, help="notebooks processed at once")
    a = ap.parse_args()
    probs, pages, secs = build(Path(a.root).resolve(), Path(a.site).resolve() if a.site else None, a.jobs)
    for p in probs: print(p)
    print(f"{len(pages)} pages in {Path(a.site or Path(a.root)/'_site_offline')}, {len(probs)} problems, {secs:.0f} s",
          file=sys.stderr)
    sys.exit(1 if probs else 0)
