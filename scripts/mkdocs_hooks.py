"""MkDocs hooks: the figures of every page are drawn from lessonlib, and its math typeset, during the build.

- The slow parts run side by side with the pages' build (``scripts/background.py``): ``on_config`` starts
  ``scripts/make_figures.py`` (which redraws only the figure modules whose code or lessonlib changed),
  ``on_files`` the notebooks not yet executed. ``on_files`` adds each figure to the site as
  ``figures/NAME.svg`` and ``figures/NAME-dark.svg``; ``on_post_build`` waits for the figures still being
  drawn (and copies them into the site), a notebook's page for its notebook.
  ``mkdocs serve`` watches ``lessonlib/`` and ``scripts/figures/``, so an edit there shows on the page.
- ``on_page_markdown`` turns ``![alt](../figures/NAME.svg)`` into the light and dark variants, shown by
  the palette in use (``#only-light`` / ``#only-dark``). Both are loaded lazily, so a reader downloads
  only the variant of the palette shown, and only when it comes near the screen; their width and height
  are given, so the text does not move when they arrive (for a figure still being drawn when its page is
  written, ``on_post_build`` writes them in).
- ``on_page_content`` marks the first screens of a long page and gives the size of each block below them
  (``scripts/long_pages.py``), so that the browser renders only the blocks near the screen.
- ``on_post_page`` typesets the page's math with KaTeX (``scripts/katex_ssr.py``): the browser gets the
  formulas already typeset, and needs no script for them. TeX that KaTeX rejects is a warning (an error
  under ``mkdocs build --strict``). The KaTeX fonts of the first screen are preloaded.
- Under ``mkdocs serve --dirty`` (what ``make serve`` runs) only the pages whose source changed are
  rebuilt; ``on_files`` also counts a page as changed when a ``lessonlib`` file it shows (the API page,
  ``--8<--`` snippets), ``mkdocs.yml``, the theme overrides or these hooks are newer than the built page;
  the cross-references of a rebuilt page resolve with the anchors of the last build
  (``scripts/serve_memory.py``), and the executed notebooks stay in mkdocs-jupyter's cache.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts import background, katex_ssr, long_pages, make_figures, serve_memory  # noqa: E402

log = logging.getLogger("mkdocs.hooks.downhill")

FIGURE_LINK = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<path>[^)\s]*figures/(?P<name>[\w.-]+?))\.svg\)(?P<attrs>\{[^}]*\})?")
SVG_SIZE = re.compile(rb'<svg[^>]*?\bwidth="(?P<w>[\d.]+)pt"[^>]*?\bheight="(?P<h>[\d.]+)pt"')
# What a page's output depends on besides its own source (used by dirty rebuilds).
SNIPPET = re.compile(r"--8<--\s*\"(?P<path>[^\":]+)")
MKDOCSTRINGS = re.compile(r"^:::\s*(?P<module>[\w.]+)", re.MULTILINE)

_figure_sizes: dict[str, tuple[str, str]] = {}
_figure_files: dict[str, File] = {}
_pages_to_size: list[Path] = []
_drawing: background.FigureDrawing | None = None
_notebooks: background.NotebookRuns | None = None
# A figure's size while it is still being drawn: on_post_build writes in the real one.
SIZE_LATER = re.compile(r'(?P<attr>width|height)="dh-size-of-(?P<name>[\w.-]+)"')


def on_startup(command, dirty):
    serve_memory.start(dirty)


def on_env(env, config, files):
    # Each rebuild of `make serve` loads the theme's templates anew; compiled once, they are reused (jinja
    # checks each template's source, so an edited override is compiled again).
    from jinja2 import FileSystemBytecodeCache

    folder = ROOT / ".cache" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env


def on_nav(nav, config, files):
    # A dirty rebuild (make serve) renders only the changed pages: cross-references to the others resolve
    # with the anchors the last build found.
    serve_memory.restore_anchors(config.plugins.get("autorefs"))
    return nav


def on_post_build(config):
    if _drawing is not None and not _figure_sizes:
        # The figures were drawn while the pages built: into the site with them, and their sizes into the pages.
        _drawing.wait()
        _read_figure_sizes()
        for file in _figure_files.values():
            File.copy_file(file)
        for path in _pages_to_size:
            html = path.read_text(encoding="utf-8")
            path.write_text(SIZE_LATER.sub(_figure_size, html), encoding="utf-8")
        _pages_to_size.clear()
    serve_memory.remember_anchors(config.plugins.get("autorefs"))
    # The theme's table rules also style the tables the build put in their wrapper (long_pages.wrap_tables).
    sheets = list((Path(config.site_dir) / "assets" / "stylesheets").glob("main.*.min.css"))
    for sheet in sheets:
        css = sheet.read_text(encoding="utf-8")
        if long_pages.THEME_TABLE in css:
            sheet.write_text(long_pages.theme_table_rules(css), encoding="utf-8")
        elif long_pages.TABLE_CLASS not in css:
            log.warning("the theme's stylesheet %s has no rule for %s: tables are unstyled", sheet.name, long_pages.THEME_TABLE)
    if not sheets:
        log.warning("the theme's stylesheet (assets/stylesheets/main.*.min.css) was not found: tables are unstyled")


def on_config(config):
    global _drawing
    # The figures are drawn while the pages build (scripts/background.py): from the build's first step.
    _drawing = background.FigureDrawing(make_figures.CACHE)


def on_files(files, config):
    global _notebooks
    _figure_files.clear()
    _figure_sizes.clear()
    _pages_to_size.clear()
    drawn = _drawing.complete()
    for name, svg in _drawing.svgs().items():
        file = _figure_files[name] = File.generated(config, f"figures/{name}", abs_src_path=str(svg))
        if not drawn:
            file.copy_file = _copy_later  # into the site once drawn (on_post_build)
        files.append(file)
    if drawn:
        _read_figure_sizes()
    _notebooks = background.NotebookRuns(config.plugins.get("mkdocs-jupyter"), files, config)
    shared = [Path(__file__), Path(katex_ssr.__file__), Path(long_pages.__file__)]
    if config.config_file_path:
        shared.append(Path(config.config_file_path))
    shared += [p for p in (ROOT / "docs" / ".overrides").rglob("*") if p.is_file()]
    for file in files.documentation_pages():
        _track_dependencies(file, shared)
    return files


def _copy_later(dirty: bool = False) -> None:
    pass


def _read_figure_sizes() -> None:
    for name, svg in _drawing.svgs().items():
        if name in _figure_files:  # a redraw (lessonlib edited meanwhile) moves them; the next build adds new ones
            _figure_files[name].abs_src_path = str(svg)
        _figure_sizes[svg.stem] = _svg_size(svg)


def on_pre_page(page, config, files):
    if _notebooks is not None:
        _notebooks.wait(page.file)
    return page


def on_build_error(error):
    if _drawing is not None:
        _drawing.stop()


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


def _track_dependencies(file, shared: list[Path]) -> None:
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
    deps = [d for d in deps + shared if d.is_file()]
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
        width, height = _figure_sizes.get(name) or (f"dh-size-of-{name}",) * 2
        if "width=" not in attrs:
            extra += f' width="{width}" height="{height}"'
        attrs = "{" + (attrs[1:-1].strip() + extra).strip() + "}"
        return f"![{alt}]({path}.svg#only-light){attrs}![{alt}]({path}-dark.svg#only-dark){attrs}"

    return FIGURE_LINK.sub(both, markdown)


def on_page_content(html, page, config, files):
    return long_pages.prepare(html)


NOTEBOOK_IMAGE = re.compile(r'<img (?P<before>[^>]*?)src="data:image/png;base64,(?P<data>[A-Za-z0-9+/=\s]+)"')
NOTEBOOK_MATHJAX = re.compile(r'<!-- Load mathjax -->\s*<script src="">\s*</script>')


def notebook_images(output: str, folder: Path) -> str:
    """A notebook page with its plots as files beside it, loaded as they near the screen, rather than
    inline in the page (where a reader downloads them all before the page can show), and without the
    notebook template's MathJax loader, whose address is empty: it fetched the page a second time."""
    import base64
    import hashlib

    def save(match):
        png = base64.b64decode(match["data"])
        name = f"plot-{hashlib.sha256(png).hexdigest()[:12]}.png"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(png)
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        return f'<img {match["before"]}width="{width}" height="{height}" loading="lazy" decoding="async" src="{name}"'

    cells = NOTEBOOK_CELL.split(NOTEBOOK_IMAGE.sub(save, NOTEBOOK_MATHJAX.sub("", output)))
    return "".join(_alt_text(cell) for cell in cells)


NOTEBOOK_CELL = re.compile(r'(?=<div class="jp-Cell )')
ALT_COMMENT = re.compile(r"#\s*Alt text:\s*(?P<text>.*?)</span>(?P<more>(?:\s*<span class=\"c1\">#(?!\s*Alt text:).*?</span>)*)", re.DOTALL)
NO_ALT = 'alt="No description has been provided for this image"'


def _alt_text(cell: str) -> str:
    """A notebook cell whose code has an ``# Alt text: ...`` comment (continued on the comment lines
    after it) gives that text to the plot it draws, in place of nbconvert's "no description"."""
    match = ALT_COMMENT.search(cell)
    if not match or NO_ALT not in cell:
        return cell
    more = re.findall(r'<span class="c1">#\s*(.*?)</span>', match["more"] or "", re.DOTALL)
    text = " ".join([match["text"].strip(), *(m.strip() for m in more)]).replace('"', "&quot;")
    text = text[:1].upper() + text[1:]
    return cell.replace(NO_ALT, f'alt="{text}"')


def _figure_size(match) -> str:
    known = _figure_sizes.get(match["name"])
    return f'{match["attr"]}="{known[match["attr"] == "height"]}"' if known else ""


def on_post_page(output, page, config):
    if _figure_sizes:
        output = SIZE_LATER.sub(_figure_size, output)
    elif SIZE_LATER.search(output):
        _pages_to_size.append(Path(page.file.abs_dest_path))
    if page.file.src_uri.endswith(".py"):  # a notebook (mkdocs-jupyter)
        output = notebook_images(output, Path(page.file.abs_dest_path).parent)
    output, errors = katex_ssr.typeset(output)
    for tex, message in errors:
        log.warning(f"{page.file.src_uri}: KaTeX cannot typeset {tex!r}: {message}")
    return long_pages.preload_fonts(output, depth=page.url.count("/"))
