"""MkDocs hooks: the figures of every page are drawn from lessonlib during the build.

- ``on_files`` runs ``scripts/make_figures.py`` (which redraws only the figure modules whose code or
  lessonlib changed) and adds each figure to the site as ``figures/NAME.svg`` and ``figures/NAME-dark.svg``.
  ``mkdocs serve`` watches ``lessonlib/`` and ``scripts/figures/``, so an edit there shows on the page.
- ``on_page_markdown`` turns ``![alt](../figures/NAME.svg)`` into the light and dark variants, shown by
  the palette in use (``#only-light`` / ``#only-dark``).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts import figures, make_figures  # noqa: E402

FIGURE_LINK = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<path>[^)\s]*figures/(?P<name>[\w.-]+?))\.svg\)(?P<attrs>\{[^}]*\})?")


def on_files(files, config):
    cache = ROOT / ".cache" / "figures"
    folders = [cache / f"{module}-{figures.fingerprint(module)}" for module in figures.modules()]
    if not all(make_figures.complete(folder) for folder in folders):
        # A fresh process draws them, so an edit to lessonlib is seen even under `mkdocs serve`.
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_figures.py")], check=True, cwd=ROOT)
    for folder in folders:
        for svg in sorted(folder.glob("*.svg")):
            files.append(File.generated(config, f"figures/{svg.name}", abs_src_path=str(svg)))
    return files


def on_page_markdown(markdown, page, config, files):
    def both(match):
        alt, path, name, attrs = match["alt"], match["path"], match["name"], match["attrs"] or ""
        return f"![{alt}]({path}.svg#only-light){attrs}![{alt}]({path}-dark.svg#only-dark){attrs}"

    return FIGURE_LINK.sub(both, markdown)
