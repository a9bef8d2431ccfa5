"""Lesson 14's figures: Gauss–Newton against Levenberg–Marquardt on a large-residual problem, the dogleg
path inside trust regions of three radii, and the Misra1a curve fit."""

import matplotlib.pyplot as plt
import numpy as np

from lessonlib import plotting
from lessonlib.second_order import dogleg_step, least_squares, misra1a
from scripts.figures import figure


def _exp_fit(y3):
    t, y = np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, y3])
    return (lambda x: np.exp(t * x[0]) - y), (lambda x: (t * np.exp(t * x[0]))[:, None])


@figure("lesson14-gauss-newton-failure")
def gauss_newton_failure():
    fig, axes = plt.subplots(1, 3, figsize=(9.6, 3.3), sharey=False)
    for ax, y3 in zip(axes, (-1.0, -4.0, -8.0)):
        r, J = _exp_fit(y3)
        lm = least_squares(r, [0.5], jac=J, method="lm", ftol=1e-14, xtol=1e-14, gtol=1e-14)
        gn = least_squares(r, lm.x + 0.01, jac=J, method="gauss-newton", max_nfev=13)
        x_star = lm.x[0]
        k = np.arange(len(gn.path))
        ax.axhline(x_star, color=plotting.MUTED, linewidth=1.0, linestyle="--", label=r"minimizer $x^*$")
        ax.plot(k, gn.path[:, 0], marker="o", markersize=3.5, color=plotting.RED, label="Gauss–Newton")
        ax.set_title(rf"$y_3 = {y3:g}$", fontsize=10.5)
        ax.set_xlabel("step $k$")
        ax.set_ylim(x_star - 1.0, x_star + 1.0)
        if y3 == -1.0:
            ax.set_ylabel("$x_k$")
            ax.legend(loc="upper right", fontsize=8.5)
    fig.suptitle(r"Gauss–Newton from $x^* + 0.01$ on $r(x) = (e^{x} - 2,\ e^{2x} - 4,\ e^{3x} - y_3)$",
                 fontsize=10.5)
    fig.tight_layout()
    return fig


@figure("lesson14-dogleg")
def dogleg_paths():
    B = np.array([[1.0, 0.0], [0.0, 12.0]])
    g = np.array([-2.0, -6.0])
    model = lambda P, Q: g[0] * P + g[1] * Q + 0.5 * (B[0, 0] * P**2 + 2 * B[0, 1] * P * Q + B[1, 1] * Q**2)
    p_newton = -np.linalg.solve(B, g)
    p_cauchy = -(g @ g) / (g @ B @ g) * g
    fig, ax = plt.subplots(figsize=(5.6, 4.2))
    xs = np.linspace(-0.6, 2.6, 300)
    P, Q = np.meshgrid(xs, np.linspace(-0.4, 1.0, 300))
    ax.contour(P, Q, model(P, Q), levels=12, colors=plotting.GRID, linewidths=0.8)
    ax.plot([0, p_cauchy[0], p_newton[0]], [0, p_cauchy[1], p_newton[1]], color=plotting.MUTED, linewidth=1.4,
            linestyle="--", label="dogleg path")
    ax.plot(*p_cauchy, marker="s", markersize=6, color=plotting.ORANGE, linestyle="none",
            label=r"Cauchy point $p^U$")
    ax.plot(*p_newton, marker="*", markersize=11, color=plotting.GREEN, linestyle="none",
            label=r"Newton step $p^B$")
    a = np.linspace(0, 2 * np.pi, 300)
    for delta, color in ((0.3, plotting.RED), (1.0, plotting.BLUE), (2.5, plotting.PURPLE)):
        ax.plot(delta * np.cos(a), delta * np.sin(a), color=color, linewidth=1.0)
        p = dogleg_step(g, B, delta)
        ax.plot(*p, marker="o", markersize=6, color=color, linestyle="none", label=rf"step for $\Delta = {delta:g}$")
    ax.plot(0, 0, marker="+", markersize=10, color=plotting.INK)
    ax.set_xlim(-0.6, 2.6)
    ax.set_ylim(-0.4, 1.0)
    ax.set_aspect("equal")
    ax.set_xlabel("$p_1$")
    ax.set_ylabel("$p_2$")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("the dogleg step for three trust radii", fontsize=10.5)
    fig.tight_layout()
    return fig


@figure("lesson14-misra1a")
def misra1a_fit():
    data = misra1a()
    x, y = data["x"], data["y"]
    r = lambda b: b[0] * (1 - np.exp(-b[1] * x)) - y
    res = least_squares(r, data["start"], method="lm")
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.0, 3.4))
    grid = np.linspace(0, 800, 200)
    b = res.x
    left.plot(x, y, marker="o", linestyle="none", color=plotting.BLUE, label="Misra1a data")
    left.plot(grid, b[0] * (1 - np.exp(-b[1] * grid)), color=plotting.ORANGE, label=r"fit $b_1(1 - e^{-b_2 x})$")
    start = data["start"]
    left.plot(grid, start[0] * (1 - np.exp(-start[1] * grid)), color=plotting.MUTED, linestyle="--",
              label="start (500, 1e-4)")
    left.set_xlabel("$x$")
    left.set_ylabel("$y$")
    left.legend(loc="upper left", fontsize=8.5)
    right.axhline(0, color=plotting.GRID, linewidth=0.8)
    right.plot(x, res.residual, marker="o", color=plotting.RED, linewidth=0.8)
    right.set_xlabel("$x$")
    right.set_ylabel(r"residual $r_i$")
    right.set_title("residuals at the fit", fontsize=10.5)
    fig.tight_layout()
    return fig
