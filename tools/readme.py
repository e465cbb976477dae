"""Write README.md from nbs/index.ipynb (what `nbdev-readme` does where Quarto is installed).

    python tools/readme.py          # rewrite README.md
    python tools/readme.py --check  # exit 1 if README.md is not what index.ipynb gives
"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_text():
    nb = json.loads((ROOT/"nbs"/"index.ipynb").read_text())
    cells = ["".join(c["source"]).strip() for c in nb["cells"] if c["cell_type"] == "markdown"]
    text = "\n\n".join(cells) + "\n"
    text = re.sub(r"\]\((\d\d[a-z]?_[\w]+\.ipynb)\)", r"](nbs/\1)", text)     # chapter links work from the repo root
    return re.sub(r"\]\((images/[^)]+)\)", r"](nbs/\1)", text)            # and so do pictures


if __name__ == "__main__":
    want = readme_text()
    if "--check" in sys.argv:
        sys.exit(0 if (ROOT/"README.md").read_text() == want else 1)
    (ROOT/"README.md").write_text(want)
