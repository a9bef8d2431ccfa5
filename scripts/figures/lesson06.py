"""Lesson 6's figures: convex vs non-convex, a saddle that stalls descent, random Hessians, Himmelblau."""

import matplotlib.pyplot as plt
import numpy as np

from lessonlib import gradient_descent, plotting, problems
from lessonlib.landscape import fraction_minima, minima_pass_rates, perturbed_gradient_descent, quartic_saddle
from scripts.figures import figure


def _chord(ax, f, a, b, color):
    """Draw the chord of f between a and b, and mark where the graph rises above it."""
    xs = np.linspace(a, b, 200)
    chord = f(a) + (xs - a) * (f(b) - f(a)) / (b - a)
    ax.plot([a, b], [f(a), f(b)], color=color, linewidth=1.6, marker="o", markersize=5)
    above = f(xs) > chord + 1e-9
    if above.any():
        ax.fill_between(xs, chord, f(xs), where=above, color=plotting.RED, alpha=0.25, linewidth=0)


@figure("lesson06-convexity")
def convexity():
    bowl = lambda x: 0.5 * x**2 + 0.25 * x + 0.5           # noqa: E731
    well = problems.double_well().f
    fig, axes = plt.subplots(1, 2, figsize=(7.2, 3.0))
    plotting.curve(axes[0], bowl, (-2.2, 2.2), color=plotting.INK)
    _chord(axes[0], bowl, -1.8, 1.4, plotting.BLUE)
    axes[0].set_title("convex: every chord lies above the graph", fontsize=10.5)
    axes[0].plot(-0.25, bowl(-0.25), marker="*", markersize=12, color=plotting.GREEN)
    plotting.curve(axes[1], well, (-2.2, 2.2), color=plotting.INK)
    _chord(axes[1], well, -1.4, 1.4, plotting.BLUE)
    axes[1].set_title("non-convex: a chord dips below it", fontsize=10.5)
    for x in (-np.sqrt(2), np.sqrt(2)):
        axes[1].plot(x, well(x), marker="*", markersize=12, color=plotting.GREEN)
    axes[1].set_ylim(-4, 6)
    for ax in axes:
        ax.set_xlabel("$x$")
    axes[0].set_ylabel("$f(x)$")
    fig.tight_layout()
    return fig


@figure("lesson06-saddle-escape")
def saddle_escape():
    p = quartic_saddle()
    runs = [
        (gradient_descent(p, x0=[1.0, 0.0], eta=0.1, max_iter=150), plotting.RED, "start $(1, 0)$: stalls at the saddle"),
        (gradient_descent(p, x0=[1.0, 1e-6], eta=0.1, max_iter=150), plotting.BLUE, r"start $(1, 10^{-6})$: escapes"),
        (perturbed_gradient_descent(p, x0=[1.0, 0.0], eta=0.1, max_iter=150), plotting.GREEN,
         "start $(1, 0)$ with a random kick"),
    ]
    fig, axes = plt.subplots(1, 2, figsize=(8.0, 3.5), gridspec_kw={"width_ratios": [1, 1.5]})
    plotting.contour(axes[0], p.f, (-1.3, 1.3), (-1.9, 1.9), levels=np.linspace(-0.95, 1.6, 12))
    for res, color, _ in runs:
        plotting.path(axes[0], res.path, color=color, markersize=2.5, linewidth=1.4)
    axes[0].plot(0, 0, marker="x", markersize=9, color=plotting.INK, mew=2)
    axes[0].set_xlabel("$x$")
    axes[0].set_ylabel("$y$")
    axes[0].set_title(r"$f = x^2 - y^2 + y^4/4$", fontsize=10.5)
    ax = axes[1]
    for res, color, label in runs:
        ax.plot(np.arange(res.values.size), res.values, color=color, label=label)
    kick = runs[2][0].kicks[0]
    ax.annotate("kick", (kick, runs[2][0].values[kick]), xytext=(kick, 0.4), color=plotting.GREEN,
                arrowprops=dict(arrowstyle="->", color=plotting.GREEN), ha="center")
    stall = runs[0][0]
    ax.annotate(f'"converged" at step {stall.nit}:\nthe saddle, not a minimum', (stall.nit, stall.fun),
                xytext=(118, 0.45), color=plotting.RED, ha="center", fontsize=9,
                arrowprops=dict(arrowstyle="->", color=plotting.RED))
    ax.axhline(0.0, color=plotting.MUTED, linewidth=1.0, linestyle=":")
    ax.text(16, -0.1, "plateau: f = 0 at the saddle", color=plotting.MUTED, ha="left", va="top", fontsize=9.5)
    ax.set_xlim(0, 150)
    ax.set_ylim(-1.15, 1.05)
    ax.set_xlabel("iteration $k$")
    ax.set_ylabel("$f(x_k)$")
    ax.legend(loc="center right", fontsize=8.8, bbox_to_anchor=(1.0, 0.3))
    fig.tight_layout()
    return fig


@figure("lesson06-random-hessians")
def random_hessians():
    ns = np.arange(1, 13)
    fractions = np.cumprod(minima_pass_rates(ns[-1], samples=20_000, seed=0))
    plain = np.array([fraction_minima(n, samples=100_000, seed=0) for n in ns[:8]])
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    ax.semilogy(ns, 0.5**ns, color=plotting.MUTED, linestyle="--", linewidth=1.4,
                label=r"independent coin flips, $2^{-n}$")
    ax.semilogy(ns, fractions, color=plotting.BLUE, marker="o", label="random symmetric Hessians")
    seen = plain > 0
    ax.semilogy(ns[:8][seen], plain[seen], linestyle="none", marker="s", markersize=8, markerfacecolor="none",
                color=plotting.ORANGE, label="plain sampling, $10^5$ matrices per $n$")
    ax.axhline(1e-5, color=plotting.ORANGE, linewidth=1.0, linestyle=":")
    ax.text(1.1, 3e-6, "below one in $10^5$,\nplain sampling of $10^5$\nmatrices sees nothing", color=plotting.ORANGE,
            ha="left", va="top", fontsize=9)
    ax.set_xticks(ns)
    ax.set_xlabel("dimension $n$")
    ax.set_ylabel("fraction that are minima")
    ax.set_ylim(1e-22, 2)
    ax.legend(loc="lower left", fontsize=9)
    fig.tight_layout()
    return fig


#: Starting points of the Himmelblau figure and of lesson 6's example.
HIMMELBLAU_STARTS = [(-4, 4), (0, 4), (4, 4), (-4, 0), (-1, 0), (0, 0), (4, 0), (-4, -4), (0, -4), (4, -4)]


@figure("lesson06-himmelblau")
def himmelblau():
    p = problems.himmelblau()
    colors = [plotting.BLUE, plotting.ORANGE, plotting.GREEN, plotting.PURPLE]
    fig, ax = plt.subplots(figsize=(5.6, 5.0))
    plotting.contour(ax, p.f, (-5, 5), (-5, 5), levels=np.geomspace(0.3, 800, 16))
    for x0 in HIMMELBLAU_STARTS:
        res = gradient_descent(p, x0=x0, eta=0.01, max_iter=2000)
        which = int(np.argmin(np.linalg.norm(problems.HIMMELBLAU_MINIMA - res.x, axis=1)))
        plotting.path(ax, res.path, color=colors[which], markersize=2.2, linewidth=1.3)
    for m, color in zip(problems.HIMMELBLAU_MINIMA, colors):
        ax.plot(*m, marker="*", markersize=16, color=color, markeredgecolor=plotting.INK, markeredgewidth=0.6)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    fig.tight_layout()
    return fig
