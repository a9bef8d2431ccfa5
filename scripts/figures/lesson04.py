"""Lesson 4's figures: the step the tangent line suggests, the steepest direction, and descent paths in 2-D."""

import matplotlib.pyplot as plt
import numpy as np

from lessonlib import gradient_descent, plotting, problems
from lessonlib.taylor import linear_model
from scripts.figures import figure


@figure("lesson04-tangent-step")
def tangent_step():
    p = problems.parabola()  # x² − 4x + 5
    x0, eta = 0.0, 0.1
    x1 = x0 - eta * p.df(x0)
    tangent = linear_model(p.f, p.df, x0)
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.4, 3.8))

    plotting.curve(left, p.f, (-0.6, 2.6), color=plotting.BLUE, label=r"$f(x) = x^2 - 4x + 5$")
    xs = np.linspace(-0.6, 1.3, 50)
    left.plot(xs, tangent(xs), color=plotting.ORANGE, linewidth=1.6, label="tangent line at $x_0 = 0$")
    left.plot(x0, p.f(x0), marker="o", markersize=7, color=plotting.BLUE, zorder=5)
    for x in (x0, x1):
        left.plot([x, x], [0.45, p.f(x)], color=plotting.MUTED, linewidth=0.9, linestyle=":")
    left.annotate("", xy=(x1, 0.45), xytext=(x0, 0.45),
                  arrowprops=dict(arrowstyle="-|>", color=plotting.RED, linewidth=1.8, shrinkA=0, shrinkB=0))
    left.text(x1 + 0.06, 0.45, r"step $-\eta \cdot (-4) = 0.4$", color=plotting.RED, ha="left", va="center",
              fontsize=9.5)
    left.plot(x1, tangent(x1), marker="o", markersize=6, color=plotting.ORANGE, zorder=5)
    left.plot(x1, p.f(x1), marker="o", markersize=6, color=plotting.GREEN, zorder=5)
    arrow = dict(arrowstyle="-", color=plotting.MUTED, linewidth=0.8)
    left.annotate(f"the tangent predicts {tangent(x1):.2f}", (x1, tangent(x1)), xytext=(1.0, 2.6),
                  fontsize=9, color=plotting.ORANGE, arrowprops=arrow)
    left.annotate(f"the true value is {p.f(x1):.2f}", (x1, p.f(x1)), xytext=(1.0, 4.4),
                  fontsize=9, color=plotting.GREEN, arrowprops=arrow)
    left.set_xlim(-0.6, 2.6)
    left.set_ylim(0, 7.5)
    left.set_xlabel("$x$")
    left.set_ylabel("$f(x)$")
    left.set_title(r"one step, $\eta = 0.1$", fontsize=10.5)
    left.legend(loc="upper right", fontsize=8.5)

    res = gradient_descent(p, x0=x0, eta=eta, max_iter=20, tol=0.0)
    plotting.curve(right, p.f, (-0.6, 4.6), color=plotting.BLUE)
    plotting.iterates_1d(right, p.f, res.path[:, 0], color=plotting.ORANGE, label="20 steps from $x_0 = 0$")
    right.plot(2.0, 1.0, marker="*", markersize=12, color=plotting.GREEN, label="minimum $(2, 1)$", zorder=5,
               linestyle="none")
    right.set_xlim(-0.6, 4.6)
    right.set_ylim(0, 7.5)
    right.set_xlabel("$x$")
    right.set_title("steps shrink as the slope flattens", fontsize=10.5)
    right.legend(loc="upper center", fontsize=8.5)
    fig.tight_layout()
    return fig


@figure("lesson04-steepest")
def steepest():
    g = problems.lesson_quadratic().grad(np.array([2.0, 1.0]))  # (2, 4)
    norm = np.linalg.norm(g)
    angles = np.linspace(-np.pi, np.pi, 721)
    slopes = g[0] * np.cos(angles) + g[1] * np.sin(angles)
    best = np.arctan2(-g[1], -g[0])
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    ax.plot(np.degrees(angles), slopes, color=plotting.BLUE, label=r"slope $g^\top u$ along the unit direction $u$")
    ax.axhline(-norm, color=plotting.RED, linewidth=1.2, linestyle="--", label=r"$-\|g\|$ (Cauchy–Schwarz)")
    ax.axhline(norm, color=plotting.MUTED, linewidth=1.0, linestyle=":", label=r"$+\|g\|$")
    ax.axhline(0.0, color=plotting.MUTED, linewidth=0.8)
    ax.plot(np.degrees(best), -norm, marker="o", markersize=8, color=plotting.RED, zorder=5)
    ax.annotate(r"$u = -g/\|g\|$", (np.degrees(best), -norm), xytext=(14, -17), textcoords="offset points",
                color=plotting.RED, fontsize=10)
    ax.set_xlim(-180, 180)
    ax.set_xticks(range(-180, 181, 60))
    ax.set_ylim(-6.4, 9.0)
    ax.set_xlabel("angle of $u$ (degrees)")
    ax.set_ylabel("directional slope")
    ax.legend(loc="upper left", fontsize=8.5)
    fig.tight_layout()
    return fig


@figure("lesson04-paths-2d")
def paths_2d():
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.6, 3.3), gridspec_kw={"width_ratios": [4.8 / 2.6, 3.2 / 2.2]})
    q = problems.lesson_quadratic()
    res = gradient_descent(q, eta=0.1, tol=1e-6)
    plotting.contour(left, q.f, (-2.4, 2.4), (-1.3, 1.3), levels=12, num=120)
    plotting.path(left, res.path, color=plotting.ORANGE, label=rf"$\eta = 0.1$: {res.nit} steps")
    left.set_xlabel("$w_1$")
    left.set_ylabel("$w_2$")
    left.set_title(r"$\frac{1}{2}(w_1^2 + 4w_2^2)$ from $(2, 1)$", fontsize=10.5)
    left.legend(loc="lower left", fontsize=8.5)

    r = problems.rosenbrock()
    steps = 3000
    res = gradient_descent(r, eta=1e-3, max_iter=steps, tol=0.0)
    plotting.contour(right, r.f, (-1.6, 1.6), (-0.6, 1.6), levels=[0.3, 1, 3, 10, 30, 80, 200, 500], num=140)
    pts = np.concatenate([res.path[:30], res.path[30::150], res.path[-1:]])
    plotting.path(right, pts, color=plotting.ORANGE, markersize=2.5,
                  label=rf"$\eta = 0.001$: first {steps} steps")
    right.plot(1.0, 1.0, marker="+", markersize=12, markeredgewidth=2, color=plotting.RED, linestyle="none",
               label="minimum $(1, 1)$")
    right.set_xlabel("$x_1$")
    right.set_ylabel("$x_2$")
    right.set_title(r"Rosenbrock from $(-1.2, 1)$", fontsize=10.5)
    right.legend(loc="lower right", fontsize=8.5)
    fig.tight_layout()
    return fig


@figure("lesson04-gradient-contours")
def gradient_contours():
    q = problems.lesson_quadratic()  # ½(w₁² + 4w₂²), minimum at the origin
    xlim, ylim = (-3.0, 3.3), (-1.55, 1.55)
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    plotting.contour(ax, q.f, xlim, ylim, levels=[0.25, 1.0, 2.25, 4.0, 6.25], num=240)

    def unit(v):
        return v / np.linalg.norm(v)

    def arrow(start, end, color, width):
        ax.annotate("", xy=end, xytext=start,
                    arrowprops=dict(arrowstyle="-|>", color=color, linewidth=width, shrinkA=0, shrinkB=0))

    # Short arrows of −∇f at points of three contour lines: each leaves its line at a right angle.
    for level, s in [(1.0, 2.0), (2.25, 3.5), (4.0, 2.5), (1.0, 4.9), (2.25, 5.6), (4.0, 4.3)]:
        c = np.sqrt(2 * level)  # the contour f = level is the ellipse (c cos s, (c/2) sin s)
        w = np.array([c * np.cos(s), c / 2 * np.sin(s)])
        arrow(w, w + 0.4 * unit(-q.grad(w)), plotting.ORANGE, 1.4)
        ax.plot(*w, marker="o", markersize=3.5, color=plotting.ORANGE)

    # The point (2, 1): the tangent to its contour line, −∇f, and the straight line to the minimum.
    w = np.array([2.0, 1.0])
    g = q.grad(w)
    t = unit(np.array([-g[1], g[0]]))
    d = unit(-g)
    ax.plot(*np.array([w - 0.95 * t, w + 0.95 * t]).T, color=plotting.MUTED, linewidth=1.3, linestyle="--")
    ax.text(*(w + 0.95 * t + [0.05, 0.02]), "tangent", fontsize=9, color=plotting.MUTED, ha="left", va="bottom")
    ax.plot(*np.array([w, [0.0, 0.0]]).T, color=plotting.BLUE, linewidth=1.3, linestyle=":")
    arrow(w, w + 1.15 * d, plotting.RED, 2.2)
    ax.text(*(w + 1.15 * d + [0.08, -0.05]), r"$-\nabla f$", fontsize=11, color=plotting.RED, ha="left",
            va="top")
    corner = 0.2
    ax.plot(*np.array([w + corner * t, w + corner * (t + d), w + corner * d]).T, color=plotting.INK,
            linewidth=1.0)
    angle = np.degrees(np.arccos(d @ unit(-w)))
    ax.text(*(w + 0.62 * unit(d + unit(-w))), f"{angle:.0f}°", fontsize=10, color=plotting.INK, ha="right",
            va="center")
    ax.plot(*w, marker="o", markersize=6.5, color=plotting.RED, zorder=5)
    ax.annotate("(2, 1)", w, xytext=(7, 4), textcoords="offset points", fontsize=9.5, color=plotting.INK)
    ax.plot(0.0, 0.0, marker="*", markersize=11, color=plotting.GREEN, linestyle="none", zorder=5)
    ax.annotate("minimum", (0.0, 0.0), xytext=(-8, -12), textcoords="offset points", fontsize=9,
                color=plotting.GREEN, ha="right")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    ax.set_title(r"$-\nabla f$ crosses every contour line at a right angle", fontsize=10.5)
    fig.tight_layout()
    return fig
