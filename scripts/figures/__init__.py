"""The site's figures, each drawn by a function of a module ``scripts/figures/lessonNN.py``.

A module registers its figures with :func:`figure`; ``scripts/make_figures.py`` draws them and the
MkDocs hook (``scripts/mkdocs_hooks.py``) does so during every build, so a page always shows what the
current code draws. A page refers to a figure as ``![alt text](../figures/NAME.svg)``; the hook serves a
light and a dark variant of each.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import io
import pkgutil
from pathlib import Path
from typing import Callable

FIGURE_DIR = Path(__file__).resolve().parent
ROOT = FIGURE_DIR.parent.parent
REGISTRY: dict[str, tuple[str, Callable]] = {}


def figure(name: str):
    """Register the decorated function, which returns a matplotlib Figure, under ``name``."""

    def register(draw):
        if name in REGISTRY and REGISTRY[name][0] != draw.__module__:
            raise ValueError(f"figure {name!r} is registered twice")
        REGISTRY[name] = (draw.__module__, draw)
        return draw

    return register


def modules() -> list[str]:
    """Names of the figure modules, e.g. ``["lesson02", "lesson05"]``."""
    return sorted(m.name for m in pkgutil.iter_modules([str(FIGURE_DIR)]))


def load(module_names=None) -> dict[str, tuple[str, Callable]]:
    """Import the figure modules (all by default) and return the registry."""
    for name in module_names or modules():
        importlib.import_module(f"scripts.figures.{name}")
    return REGISTRY


def declared(module_name: str) -> list[str]:
    """The names a module registers, read from its source (``@figure("NAME")``) without running it.

    The build announces the figures to MkDocs before they are drawn (they are drawn while the pages
    build), so each name must be written out as a string; :func:`render_figure` checks that the module
    registers exactly these.
    """
    path = FIGURE_DIR / f"{module_name}.py"
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "figure":
            name = node.args[0] if len(node.args) == 1 and not node.keywords else None
            if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
                raise ValueError(f"{path.relative_to(ROOT)}, line {node.lineno}: write the figure's name as a "
                                 f'string, @figure("NAME"), so the build knows it before drawing')
            names.append(name.value)
    return sorted(names)


def fingerprint(module_name: str) -> str:
    """A hash of everything a module's figures depend on: its source, lessonlib, the plotting style."""
    return fingerprints([module_name])[module_name]


def fingerprints(module_names: list[str]) -> dict[str, str]:
    """:func:`fingerprint` of several modules, reading what they share (lessonlib) once."""
    from importlib.metadata import version

    shared = hashlib.sha256(version("matplotlib").encode())
    for path in sorted((ROOT / "lessonlib").rglob("*.py")) + [FIGURE_DIR / "__init__.py"]:
        shared.update(str(path.relative_to(ROOT)).encode())
        shared.update(path.read_bytes())
    result = {}
    for name in module_names:
        h = shared.copy()
        path = FIGURE_DIR / f"{name}.py"
        h.update(str(path.relative_to(ROOT)).encode())
        h.update(path.read_bytes())
        result[name] = h.hexdigest()[:16]
    return result


def render(draw: Callable) -> tuple[bytes, bytes]:
    """Draw one figure; return its light and dark SVG, byte-for-byte reproducible."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    from lessonlib import plotting

    _share_math_text()
    with plotting.style():
        fig = draw()
        # A figure laid out once by its module (tight_layout) keeps a placeholder layout engine, for which
        # savefig draws it twice: once to lay it out, once to write it. Without it, once. (A figure with a
        # layout engine of its own, layout="constrained", keeps it.)
        if isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine):
            fig.set_layout_engine(None)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, transparent=True)
        plt.close(fig)
    light = buffer.getvalue()
    return light.encode(), plotting.dark_variant(light).encode()


def _share_math_text() -> None:
    """Parse each math text once per process, not once per renderer.

    matplotlib keeps the math texts it has parsed for each parser apart, and a figure meets several (the
    layout's, the SVG writer's), so the labels of the site's figures were parsed about 1,800 times for some
    700 distinct texts (a third of the time spent drawing). The parse depends only on the text, its font,
    the resolution and the parser's output type, so one cache serves them all; the SVG written is the same.
    Where matplotlib's private ``_parse_cached`` is not what this expects, it is left alone.
    """
    from matplotlib.mathtext import MathTextParser

    parse = MathTextParser.__dict__.get("_parse_cached")
    unwrapped = getattr(parse, "__wrapped__", None)
    if unwrapped is None or getattr(parse, "shared", False):
        return
    cache: dict = {}

    def shared(self, *key):
        key = (getattr(self, "_output_type", None), *key)
        if key not in cache:
            cache[key] = unwrapped(self, *key[1:])
        return cache[key]

    shared.shared = True
    MathTextParser._parse_cached = shared


def render_figure(module_name: str, name: str, out_dir: Path) -> None:
    """Draw one figure of a module into ``out_dir`` as NAME.svg and NAME-dark.svg."""
    registry = load([module_name])
    registered = sorted(n for n, (module, _) in registry.items() if module.rsplit(".", 1)[-1] == module_name)
    if registered != declared(module_name):
        raise RuntimeError(f"scripts/figures/{module_name}.py registers {registered} but its @figure(...) lines "
                           f"name {declared(module_name)}: give each figure's name as a string in @figure")
    try:
        light, dark = render(registry[name][1])
    except Exception as error:
        raise RuntimeError(f"figure {name!r} of scripts/figures/{module_name}.py failed: {error!r}") from error
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{name}.svg").write_bytes(light)
    (out_dir / f"{name}-dark.svg").write_bytes(dark)
