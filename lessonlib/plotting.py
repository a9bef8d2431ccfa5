"""Plotting helpers shared by the site's figures: one style, one palette, light and dark variants.

Every figure is drawn on a transparent background with the colours below. The light variant is what
matplotlib writes; [`dark_variant`][lessonlib.plotting.dark_variant] swaps the ink, grid and paper
colours so the same drawing reads on a dark page. The data colours are the Okabe–Ito palette, chosen
so that colour-blind readers can tell them apart; they are the same in both variants.
"""

from __future__ import annotations

import contextlib

import numpy as np

INK, INK_DARK = "#24292f", "#e6edf3"
MUTED, MUTED_DARK = "#57606a", "#9da7b3"
GRID, GRID_DARK = "#d0d7de", "#3d444d"
PAPER, PAPER_DARK = "#fffffe", "#1f2229"

COLORS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"]
"""Okabe–Ito colours, in the order figures use them."""
BLUE, ORANGE, GREEN, RED, PURPLE, SKY, YELLOW = COLORS

def _contour_cmap():
    """viridis without its darkest and lightest ends, so every level reads on a light and a dark page."""
    import matplotlib
    from matplotlib.colors import ListedColormap

    return ListedColormap(matplotlib.colormaps["viridis"](np.linspace(0.22, 0.88, 256)), name="downhill")

_SWAPS = {INK: INK_DARK, MUTED: MUTED_DARK, GRID: GRID_DARK, PAPER: PAPER_DARK}


def rc() -> dict:
    """The matplotlib settings of every figure on the site."""
    from cycler import cycler

    return {
        "svg.fonttype": "none",
        "svg.hashsalt": "downhill",
        "path.simplify": True,
        "figure.figsize": (6.4, 4.0),
        "figure.dpi": 100,
        "font.size": 11,
        "font.family": "sans-serif",
        "text.color": INK,
        "axes.labelcolor": INK,
        "axes.edgecolor": MUTED,
        "axes.titlecolor": INK,
        "axes.facecolor": "none",
        "axes.grid": True,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": cycler(color=COLORS),
        "grid.color": GRID,
        "grid.linewidth": 0.8,
        "xtick.color": MUTED,
        "ytick.color": MUTED,
        "xtick.labelcolor": INK,
        "ytick.labelcolor": INK,
        "legend.facecolor": PAPER,
        "legend.edgecolor": GRID,
        "legend.framealpha": 0.9,
        "lines.linewidth": 2.0,
        "image.cmap": "viridis",
    }


@contextlib.contextmanager
def style():
    """Context in which figures are drawn with the site's style."""
    import matplotlib

    with matplotlib.rc_context(rc()):
        yield


def dark_variant(svg: str) -> str:
    """The dark-mode version of an SVG drawn with [`style`][lessonlib.plotting.style]: ink, grid and
    paper colours swapped.

    Examples
    --------
    >>> dark_variant('<path style="stroke: #24292f"/>')
    '<path style="stroke: #e6edf3"/>'
    """
    for light, dark in _SWAPS.items():
        svg = svg.replace(light, dark)
    return svg


def grid(f, xlim, ylim, num=200):
    """Evaluate ``f(np.array([x, y]))`` on a ``num × num`` grid; return X, Y, Z for contour plots."""
    xs = np.linspace(*xlim, num)
    ys = np.linspace(*ylim, num)
    X, Y = np.meshgrid(xs, ys)
    return X, Y, _evaluate_on_grid(f, X, Y)


def _evaluate_on_grid(f, X, Y):
    """f on every grid point: in one vectorised call when f allows it (checked on sample points)."""
    pointwise = lambda i, j: float(f(np.array([X[i, j], Y[i, j]])))  # noqa: E731
    try:
        with np.errstate(all="ignore"):
            Z = np.asarray(f(np.array([X, Y])), dtype=float)
        samples = [(0, 0), (-1, -1), (X.shape[0] // 3, X.shape[1] // 2), (X.shape[0] // 2, X.shape[1] // 5)]
        if Z.shape == X.shape and all(np.isclose(Z[i, j], pointwise(i, j), rtol=1e-12, atol=1e-12)
                                      for i, j in samples):
            return Z
    except (ValueError, TypeError, IndexError):
        pass
    return np.array([[pointwise(i, j) for j in range(X.shape[1])] for i in range(X.shape[0])])


def contour(ax, f, xlim, ylim, levels=20, num=200, log=False, filled=False):
    """Draw the level sets of a 2-D function ``f`` on ``ax``; ``log=True`` spaces levels geometrically."""
    X, Y, Z = grid(f, xlim, ylim, num)
    if log:
        low = max(Z.min(), 1e-12)
        levels = np.geomspace(low + 1e-3 * (Z.max() - low), Z.max(), levels) if np.isscalar(levels) else levels
        Z = np.maximum(Z, low)
    draw = ax.contourf if filled else ax.contour
    cs = draw(X, Y, Z, levels=levels, cmap=_contour_cmap(), linewidths=None if filled else 0.9, alpha=0.85)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal", adjustable="box")
    ax.grid(False)
    return cs


def path(ax, points, color=None, label=None, marker="o", markersize=3.5, **kwargs):
    """Draw a sequence of 2-D iterates (an array of shape (k, 2)) as a polyline with markers."""
    points = np.asarray(points, dtype=float)
    (line,) = ax.plot(points[:, 0], points[:, 1], marker=marker, markersize=markersize, color=color,
                      label=label, **kwargs)
    ax.plot(*points[0], marker="s", markersize=6, color=line.get_color())
    ax.plot(*points[-1], marker="*", markersize=11, color=line.get_color())
    return line


def curve(ax, f, xlim, num=400, color=INK, label=None, **kwargs):
    """Draw a 1-D function ``f`` (vectorised or not) over ``xlim``."""
    xs = np.linspace(*xlim, num)
    try:
        ys = np.asarray(f(xs), dtype=float)
        if ys.shape != xs.shape:
            raise ValueError
    except (TypeError, ValueError):
        ys = np.array([float(f(x)) for x in xs])
    return ax.plot(xs, ys, color=color, label=label, **kwargs)[0]


def iterates_1d(ax, f, xs, color=ORANGE, label=None, **kwargs):
    """Mark 1-D iterates ``xs`` on the graph of ``f`` and join consecutive ones."""
    xs = np.asarray(xs, dtype=float).ravel()
    ys = np.array([float(f(x)) for x in xs])
    return ax.plot(xs, ys, marker="o", markersize=4, color=color, label=label, linewidth=1.2, **kwargs)[0]
