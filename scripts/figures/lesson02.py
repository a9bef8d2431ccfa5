"""Lesson 2's figures: the second-derivative test, a saddle, convexity as chords, descent from several starts,
broken symmetry."""

import matplotlib.pyplot as plt
import numpy as np

from lessonlib import critical_points, gradient_descent, nets, plotting, problems
from scripts.figures import figure

KIND_COLORS = {"minimum": plotting.GREEN, "maximum": plotting.RED, "inconclusive": plotting.PURPLE}

#: (title, f, f', f'', x-range, y-range) of the four panels of the second-derivative test.
FUNCTIONS = [
    (r"$x^2 - 4x + 5$", lambda x: x**2 - 4 * x + 5, lambda x: 2 * x - 4, lambda x: 2.0 + 0 * x,
     (-0.5, 4.5), (-1.8, 7.5)),
    (r"$x^4 - 4x^2 + 1$", lambda x: x**4 - 4 * x**2 + 1, lambda x: 4 * x**3 - 8 * x, lambda x: 12 * x**2 - 8,
     (-2.3, 2.3), (-6.2, 4.5)),
    (r"$x^3$", lambda x: x**3, lambda x: 3 * x**2, lambda x: 6 * x, (-1.5, 1.5), (-2.5, 2.5)),
    (r"$x^4$", lambda x: x**4, lambda x: 4 * x**3, lambda x: 12 * x**2, (-1.5, 1.5), (-1.2, 2.5)),
]


@figure("lesson02-second-derivative-test")
def second_derivative_test():
    fig, axes = plt.subplots(2, 2, figsize=(7.0, 5.4))
    for ax, (title, f, df, d2f, xlim, ylim) in zip(axes.ravel(), FUNCTIONS):
        plotting.curve(ax, f, xlim, color=plotting.INK, linewidth=1.8)
        for p in critical_points(df, d2f, *xlim):
            color = KIND_COLORS[p.kind]
            ax.plot(p.x, f(p.x), marker="o", markersize=8, color=color, zorder=5, linestyle="none")
            below = p.kind != "maximum"
            ax.annotate(f"f'' = {p.curvature:+.0f}\n{p.kind}", xy=(p.x, f(p.x)),
                        xytext=(0, -14 if below else 10), textcoords="offset points", ha="center",
                        va="top" if below else "bottom", fontsize=8.5, color=color)
        ax.set_title(title, fontsize=11)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_xlabel("$x$")
    fig.tight_layout()
    return fig


@figure("lesson02-saddle")
def saddle():
    problem = problems.saddle()
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(7.4, 3.6), gridspec_kw={"width_ratios": [1, 1.15]})
    X, Y, Z = plotting.grid(problem.f, (-2, 2), (-2, 2), num=121)
    ax.contour(X, Y, Z, levels=np.arange(0.5, 3.6, 0.5), colors=plotting.BLUE, linewidths=0.9)
    ax.contour(X, Y, Z, levels=np.arange(-3.5, 0.0, 0.5), colors=plotting.PURPLE, linewidths=0.9)
    ax.contour(X, Y, Z, levels=[0.0], colors=plotting.MUTED, linewidths=0.9, linestyles="--")
    ax.set_aspect("equal", adjustable="box")
    ax.grid(False)
    H = problem.hess(np.zeros(2))
    lam, vecs = np.linalg.eigh(H)
    for i, (value, vec, color) in enumerate(zip(lam, vecs.T, [plotting.RED, plotting.GREEN]), start=1):
        vec = vec * np.sign(vec.sum())  # point right or up
        for sign in (1, -1):
            ax.annotate("", xy=1.3 * sign * vec, xytext=(0, 0),
                        arrowprops=dict(arrowstyle="-|>", color=color, linewidth=2.2, mutation_scale=14))
        ax.text(*(1.3 * vec + np.array([0.12, 0.1])), rf"$\lambda_{i} = {value:+.0f}$", color=color, fontsize=10.5,
                ha="left", va="bottom", fontweight="bold",
                bbox=dict(boxstyle="round,pad=0.15", facecolor=plotting.PAPER, edgecolor="none", alpha=0.9))
    ax.plot([], [], color=plotting.BLUE, linewidth=0.9, label="$f > 0$")
    ax.plot([], [], color=plotting.PURPLE, linewidth=0.9, linestyle="--", label="$f < 0$")
    ax.legend(loc="lower left", fontsize=8, framealpha=0.95)
    ax.plot(0, 0, marker="o", markersize=7, color=plotting.INK)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.set_title(r"$f(x, y) = x^2 - y^2$", fontsize=11)

    t = np.linspace(-2, 2, 200)
    ax2.plot(t, problem.f(np.array([t, 0 * t])), color=plotting.GREEN,
             label=r"along $x$: $f(t, 0) = t^2$, curves up ($+2$)")
    ax2.plot(t, problem.f(np.array([0 * t, t])), color=plotting.RED,
             label=r"along $y$: $f(0, t) = -t^2$, curves down ($-2$)")
    ax2.plot(0, 0, marker="o", markersize=7, color=plotting.INK)
    ax2.set_xlabel("$t$")
    ax2.set_ylim(-4.5, 6.2)
    ax2.legend(loc="upper center", fontsize=8.5)
    ax2.set_title("two slices through the saddle", fontsize=11)
    fig.tight_layout()
    return fig


@figure("lesson02-convexity")
def convexity():
    """A chord above a convex graph, and a chord below the graph of the (non-convex) double well."""
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(7.6, 3.4))
    panels = [
        (ax, problems.parabola().f, (-0.3, 4.6), (0.5, 4.0), "convex: every chord lies above the graph", (-0.5, 7.5)),
        (ax2, problems.double_well().f, (-2.2, 2.2), (-np.sqrt(2), np.sqrt(2)), "not convex: this chord lies below the graph",
         (-3.9, 4.2)),
    ]
    for axis, f, xlim, (a, b), title, ylim in panels:
        plotting.curve(axis, f, xlim, color=plotting.INK, linewidth=1.8)
        axis.plot([a, b], [f(a), f(b)], color=plotting.ORANGE, linewidth=2.0, marker="o", markersize=6,
                  label="chord")
        axis.set_xlim(*xlim)
        axis.set_ylim(*ylim)
        axis.set_xlabel("$x$")
        axis.set_title(title, fontsize=10.5)
    ax.fill_between(np.linspace(0.5, 4.0, 100), problems.parabola().f(np.linspace(0.5, 4.0, 100)),
                    np.interp(np.linspace(0.5, 4.0, 100), [0.5, 4.0], [problems.parabola().f(0.5),
                                                                        problems.parabola().f(4.0)]),
                    color=plotting.ORANGE, alpha=0.15, linewidth=0)
    ax.set_ylabel("$f(x)$")
    ax.annotate(r"$x^2 - 4x + 5$", xy=(3.3, 2.69), xytext=(3.55, 1.0), fontsize=9.5, color=plotting.INK,
                arrowprops=dict(arrowstyle="-", color=plotting.MUTED, linewidth=0.8))
    ax2.annotate("the graph rises\nabove the chord", xy=(0, 1), xytext=(0.45, 2.6), fontsize=9, color=plotting.RED,
                 arrowprops=dict(arrowstyle="-|>", color=plotting.RED, linewidth=1.0))
    ax2.plot(0, 1, marker="o", markersize=6, color=plotting.RED, linestyle="none")
    ax2.annotate(r"$x^4 - 4x^2 + 1$", xy=(-1.9, problems.double_well().f(-1.9)), xytext=(-1.85, 3.2),
                 fontsize=9.5, color=plotting.INK)
    fig.tight_layout()
    return fig


#: The starting points and step size of the multi-start figure and the lesson's worked example.
STARTS = [-2.0, -0.9, -0.05, 0.05, 0.6, 2.1]
ETA = 0.05


@figure("lesson02-starts")
def starts():
    problem = problems.double_well()
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(7.6, 3.7), gridspec_kw={"width_ratios": [1.15, 1]})
    plotting.curve(ax, problem.f, (-2.3, 2.3), color=plotting.MUTED, linewidth=1.5)
    colors = [plotting.BLUE, plotting.SKY, plotting.PURPLE, plotting.ORANGE, plotting.RED, plotting.GREEN]
    for x0, color in zip(STARTS, colors):
        res = gradient_descent(problem, x0=x0, eta=ETA, max_iter=60, tol=1e-10)
        xs = res.path[:, 0]
        plotting.iterates_1d(ax, problem.f, xs, color=color)
        ax.plot(xs[0], problem.f(xs[0]), marker="s", markersize=7, color=color, linestyle="none")
        ax2.plot(np.arange(xs.size), xs, color=color, marker="o", markersize=2.5, linewidth=1.4,
                 label=rf"$x_0 = {x0:g}$")
    for x in (-np.sqrt(2), np.sqrt(2)):
        ax.plot(x, problem.f(x), marker="*", markersize=13, color=plotting.GREEN, zorder=5, linestyle="none")
        ax2.axhline(x, color=plotting.MUTED, linestyle="--", linewidth=1.0)
    ax.set_xlim(-2.3, 2.3)
    ax.set_ylim(-3.6, 4.0)
    ax.set_xlabel("$x$")
    ax.set_ylabel(r"$f(x) = x^4 - 4x^2 + 1$")
    ax2.set_xlabel("step $k$")
    ax2.set_ylabel("$x_k$")
    ax2.set_yticks([-2, -np.sqrt(2), -1, 0, 1, np.sqrt(2), 2], ["−2", "−√2", "−1", "0", "1", "√2", "2"])
    ax2.legend(loc="center right", fontsize=8, ncol=1)
    ax2.set_xlim(0, 32)
    fig.tight_layout()
    return fig


#: The starting points of the symmetry figure and the lesson's worked example.
def symmetry_starts():
    equal = nets.init("equal")
    return [
        ("all zeros", nets.init("zeros"), plotting.RED),
        ("equal units", equal, plotting.ORANGE),
        (r"equal units $+\,10^{-6}$", equal + 1e-6 * np.array([1, -1, 1, -1, 1, -1, 0]), plotting.PURPLE),
        ("random", nets.init("random"), plotting.BLUE),
    ]


@figure("lesson02-symmetry")
def symmetry():
    x, y = nets.bump()
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(7.6, 3.6), gridspec_kw={"width_ratios": [1.2, 1]})
    xs = np.linspace(-3, 3, 300)
    ax2.plot(x, y, linestyle="none", marker="o", markersize=4, color=plotting.MUTED, label="data")
    for label, theta0, color in symmetry_starts():
        res = nets.train(theta0, x, y, eta=0.5, steps=3000, tol=0.0)
        values = res["values"]
        ax.semilogy(np.arange(values.size), values, color=color, label=label)
        if label != r"equal units $+\,10^{-6}$":
            ax2.plot(xs, nets.forward(res.x, xs)[0], color=color, linewidth=1.6, label=label)
    ax.set_xlabel("gradient-descent step")
    ax.set_ylabel("training loss")
    ax.set_ylim(1e-6, 1.0)
    ax.legend(loc="lower left", fontsize=8.5)
    ax.set_title("loss during training", fontsize=11)
    ax2.set_xlabel("$x$")
    ax2.set_ylabel("network output")
    ax2.set_title("after 3000 steps", fontsize=11)
    ax2.set_ylim(-0.4, 2.4)
    ax2.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig
