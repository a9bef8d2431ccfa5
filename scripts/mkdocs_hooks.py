"""MkDocs hooks: the figures of every page are drawn from lessonlib, and its math typeset, during the build.

- ``on_files`` runs ``scripts/make_figures.py`` (which redraws only the figure modules whose code or
  lessonlib changed) and adds each figure to the site as ``figures/NAME.svg`` and ``figures/NAME-dark.svg``.
  ``mkdocs serve`` watches ``lessonlib/`` and ``scripts/figures/``, so an edit there shows on the page.
- ``on_page_markdown`` turns ``![alt](../figures/NAME.svg)`` into the light and dark variants, shown by
  the palette in use (``#only-light`` / ``#only-dark``). Both are loaded lazily, so a reader downloads
  only the variant of the palette shown, and only when it comes near the screen; their width and height
  are given, so the text does not move when they arrive.
- ``on_post_page`` typesets the page's math with KaTeX (``scripts/katex_ssr.py``): the browser gets the
  formulas already typeset, and needs no script for them. TeX that KaTeX rejects is a warning (an error
  under ``mkdocs build --strict``).
- Under ``mkdocs serve --dirty`` (what ``make serve`` runs) only the pages whose source changed are
  rebuilt; ``on_files`` also counts a page as changed when a ``lessonlib`` file it shows (the API page,
  ``--8<--`` snippets) or the hooks themselves are newer than the built page.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts import figures, katex_ssr, make_figures  # noqa: E402

log = logging.getLogger("mkdocs.hooks.downhill")

FIGURE_LINK = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<path>[^)\s]*figures/(?P<name>[\w.-]+?))\.svg\)(?P<attrs>\{[^}]*\})?")
SVG_SIZE = re.compile(rb'<svg[^>]*?\bwidth="(?P<w>[\d.]+)pt"[^>]*?\bheight="(?P<h>[\d.]+)pt"')
# What a page's output depends on besides its own source (used by dirty rebuilds).
SNIPPET = re.compile(r"--8<--\s*\"(?P<path>[^\":]+)")
MKDOCSTRINGS = re.compile(r"^:::\s*(?P<module>[\w.]+)", re.MULTILINE)

_figure_sizes: dict[str, tuple[str, str]] = {}


def on_files(files, config):
    cache = ROOT / ".cache" / "figures"
    for _ in range(3):
        folders = [cache / f"{module}-{figures.fingerprint(module)}" for module in figures.modules()]
        if all(make_figures.complete(folder) for folder in folders):
            break
        # A fresh process draws them, so an edit to lessonlib is seen even under `mkdocs serve`. The
        # fingerprints are taken again afterwards: lessonlib may have changed while it drew.
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_figures.py")], check=True, cwd=ROOT)
    _figure_sizes.clear()
    for folder in folders:
        for svg in sorted(folder.glob("*.svg")):
            files.append(File.generated(config, f"figures/{svg.name}", abs_src_path=str(svg)))
            _figure_sizes[svg.stem] = _svg_size(svg)
    for file in files.documentation_pages():
        _track_dependencies(file)
    return files


@lru_cache(maxsize=None)
def _svg_size_cached(path: str, mtime: int) -> tuple[str, str]:
    with open(path, "rb") as f:
        head = f.read(4096)
    match = SVG_SIZE.search(head)
    if not match:
        return "", ""
    # matplotlib gives the size in points; the browser shows the image at 96 px per 72 pt.
    px = [float(match[k]) * 96 / 72 for k in ("w", "h")]
    return tuple(f"{v:.2f}".rstrip("0").rstrip(".") for v in px)


def _svg_size(svg: Path) -> tuple[str, str]:
    return _svg_size_cached(str(svg), svg.stat().st_mtime_ns)


def _track_dependencies(file) -> None:
    """Let a dirty rebuild also redo a page when a file its output shows has changed since it was built."""
    if not file.abs_src_path or not file.src_uri.endswith(".md"):
        return
    try:
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
    except OSError:
        return
    deps = [ROOT / m["path"] for m in SNIPPET.finditer(text)]
    if MKDOCSTRINGS.search(text):
        deps += sorted((ROOT / "lessonlib").rglob("*.py"))
    deps.append(Path(__file__))
    deps = [d for d in deps if d.is_file()]
    original = type(file).is_modified

    def is_modified(self=file):
        if original(self):
            return True
        built = self.abs_dest_path
        if not os.path.isfile(built):
            return True
        mtime = os.path.getmtime(built)
        return any(os.path.getmtime(dep) > mtime for dep in deps)

    file.is_modified = is_modified


def on_page_markdown(markdown, page, config, files):
    def both(match):
        alt, path, name, attrs = match["alt"], match["path"], match["name"], match["attrs"] or ""
        extra = ' loading="lazy" decoding="async"'
        width, height = _figure_sizes.get(name, ("", ""))
        if width and "width=" not in attrs:
            extra += f' width="{width}" height="{height}"'
        attrs = "{" + (attrs[1:-1].strip() + extra).strip() + "}"
        dark_attrs = attrs
        return f"![{alt}]({path}.svg#only-light){attrs}![{alt}]({path}-dark.svg#only-dark){dark_attrs}"

    return FIGURE_LINK.sub(both, markdown)


def on_page_content(html, page, config, files):
    return mark_fold(html)


def on_post_page(output, page, config):
    output, errors = katex_ssr.typeset(output)
    for tex, message in errors:
        log.warning(f"{page.file.src_uri}: KaTeX cannot typeset {tex!r}: {message}")
    return preload_fonts(output, page)


# ---------------------------------------------------------------------------------------------------
# The first screen of a long page

# Blocks further down a page are rendered only when they come near the screen (``content-visibility``
# in docs/assets/css/downhill.css): their size is estimated until then. The blocks of the first screen
# must not be estimated, or they would move as the page appears; so the rule applies only from the
# first section heading past the first two phone screens (about 1,650 px), which gets the class ``dh-fold``.
FOLD_PX = 1650
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
TAG_TEXT = re.compile(r"<[^>]+>")


class _Blocks(HTMLParser):
    """The top-level elements of an HTML fragment: (tag, attributes, start offset, end offset)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.lines = [0]
        for line in html.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.depth, self.blocks = 0, []
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.blocks.append([tag, dict(attrs), self._offset(), None])
        if tag not in VOID:
            self.depth += 1
        elif self.depth == 0:
            self.blocks[-1][3] = self._offset()

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            self.blocks.append([tag, dict(attrs), self._offset(), self._offset()])

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        self.depth = max(0, self.depth - 1)
        if self.depth == 0 and self.blocks and self.blocks[-1][3] is None:
            self.blocks[-1][3] = self._offset()


def _estimate_px(tag: str, attrs: dict, html: str) -> float:
    """A rough height of a block on a phone (about 45 characters a line), generous rather than short."""
    text = TAG_TEXT.sub("", html)
    lines = len(text) / 45
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return 70
    if "highlight" in (attrs.get("class") or ""):
        return 40 + 20 * html.count("\n")
    if tag == "table":
        return 45 * html.count("<tr")
    if "arithmatex" in (attrs.get("class") or ""):
        return 70
    return 30 + 26 * lines + 350 * html.count("<img")


def mark_fold(html: str) -> str:
    """Give the class ``dh-fold`` to the first section heading past the first screens (see FOLD_PX)."""
    try:
        blocks = _Blocks(html).blocks
    except Exception:  # noqa: BLE001 - an unexpected fragment: the page is simply rendered whole
        return html
    top = 0.0
    for tag, attrs, start, end in blocks:
        cls = attrs.get("class") or ""
        heading = tag in ("h2", "h3", "h4") or (tag == "div" and "doc-object" in cls)
        if heading and top >= FOLD_PX and end is not None:
            head = html[start:html.index(">", start)]
            if 'class="' in head:
                marked = head.replace('class="', 'class="dh-fold ', 1)
            else:
                marked = head.replace(f"<{tag}", f'<{tag} class="dh-fold"', 1)
            return html[:start] + marked + html[start + len(head):]
        top += _estimate_px(tag, attrs, html[start:end or start])
    return html


# KaTeX's fonts that the first screen uses are asked for at once: text typeset in a font still loading is
# laid out in a fallback font and moves when the font arrives. Each font and the classes that use it.
KATEX_FONTS = {
    "KaTeX_Main-Regular": r'class="katex"',
    "KaTeX_Math-Italic": r"\bmathnormal\b",
    "KaTeX_Main-Bold": r"\b(?:mathbf|textbf)\b",
    "KaTeX_Main-Italic": r"\b(?:mathit|textit)\b",
    "KaTeX_AMS-Regular": r"\b(?:amsrm|mathbb|textbb)\b",
    "KaTeX_Size1-Regular": r"\b(?:size1|small-op)\b",
    "KaTeX_Size2-Regular": r"\b(?:size2|large-op)\b",
    "KaTeX_Caligraphic-Regular": r"\bmathcal\b",
}


def preload_fonts(output: str, page) -> str:
    start = output.find('<article class="md-content__inner')
    if start < 0:
        return output
    fold = output.find("dh-fold", start)
    first_screen = output[start:fold if fold > 0 else len(output)]
    if 'class="katex"' not in first_screen:
        return output
    base = "../" * page.url.count("/") if page.url else ""
    links = "".join(
        f'<link rel="preload" href="{base}assets/vendor/katex/fonts/{font}.woff2" as="font" type="font/woff2" crossorigin>'
        for font, used in KATEX_FONTS.items() if re.search(used, first_screen))
    return output.replace("<link rel=\"stylesheet\"", links + "<link rel=\"stylesheet\"", 1)
