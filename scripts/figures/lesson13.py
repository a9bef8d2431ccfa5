"""Lesson 13's figures: subgradients at a kink, the subgradient method on |x|, the L1 ball's corners,
ISTA against FISTA, and the lasso's regularization path on the diabetes data."""

import matplotlib.pyplot as plt
import numpy as np

from lessonlib import plotting
from lessonlib.proximal import lasso, subgradient_method
from scripts.figures import figure


def _diabetes():
    from sklearn.datasets import load_diabetes

    data = load_diabetes()
    X, y = data.data, data.target
    return X - X.mean(axis=0), y - y.mean(), list(data.feature_names)


@figure("lesson13-subgradients")
def subgradients():
    fig, axes = plt.subplots(1, 3, figsize=(9.0, 3.0))
    cases = [
        (r"$|x|$", lambda z: np.abs(z), 0.0, [-1.0, -0.5, 0.0, 0.5, 1.0], r"$\partial f(0) = [-1, 1]$"),
        (r"hinge $\max(0, 1 - z)$", lambda z: np.maximum(0.0, 1 - z), 1.0, [-1.0, -0.6, -0.3, 0.0],
         r"$\partial f(1) = [-1, 0]$"),
        (r"ReLU $\max(0, z)$", lambda z: np.maximum(0.0, z), 0.0, [0.0, 0.35, 0.7, 1.0],
         r"$\partial f(0) = [0, 1]$"),
    ]
    for ax, (title, f, kink, slopes, label) in zip(axes, cases):
        z = np.linspace(kink - 2, kink + 2, 200)
        for s in slopes:
            ax.plot(z, f(kink) + s * (z - kink), color=plotting.ORANGE, linewidth=1.0, linestyle="--")
        ax.plot(z, f(z), color=plotting.BLUE, linewidth=2.2)
        ax.plot(kink, f(kink), marker="o", markersize=6, color=plotting.RED, zorder=5)
        ax.set_xlim(kink - 2, kink + 2)
        ax.set_ylim(-1.2, 2.2)
        ax.set_title(title, fontsize=10.5)
        ax.text(0.5, 0.95, label, transform=ax.transAxes, ha="center", va="top", fontsize=9.5)
        ax.set_xlabel("$x$" if kink == 0.0 and "ReLU" not in title else "$z$")
    fig.tight_layout()
    return fig


@figure("lesson13-subgradient-method")
def subgradient_method_on_abs():
    absx = lambda x: float(abs(x[0]))
    sub = lambda x: np.where(x >= 0, 1.0, -1.0)   # at 0, the subgradient 1
    eta = 0.375
    fixed = subgradient_method(absx, sub, 1.0, eta=eta, steps="constant", max_iter=2000)
    shrinking = subgradient_method(absx, sub, 1.0, eta=eta, max_iter=2000)
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.8, 3.4))
    k = np.arange(31)
    left.axhline(0.0, color=plotting.MUTED, linewidth=0.8)
    left.plot(k, fixed.path[:31, 0], marker="o", markersize=3.5, color=plotting.RED,
              label=r"constant $\eta = 0.375$")
    left.plot(k, shrinking.path[:31, 0], marker="o", markersize=3.5, color=plotting.GREEN,
              label=r"diminishing $\eta_k = 0.375/\sqrt{k+1}$")
    left.set_xlabel("step $k$")
    left.set_ylabel("$x_k$")
    left.set_title(r"the iterates on $f(x) = |x|$ from $x_0 = 1$", fontsize=10.5)
    left.legend(loc="upper right", fontsize=8.5)

    k = np.arange(1, 2001)
    right.loglog(k, np.abs(fixed.path[1:, 0]), color=plotting.RED, linewidth=0.9, label="constant step")
    right.loglog(k, np.abs(shrinking.path[1:, 0]), color=plotting.GREEN, linewidth=0.6,
                 label="diminishing steps")
    right.loglog(k, eta / np.sqrt(k), color=plotting.INK, linestyle="--", linewidth=1.2,
                 label=r"$\eta/\sqrt{k}$")
    right.set_ylim(1e-5, 2)
    right.set_xlabel("step $k$")
    right.set_ylabel(r"$f(x_k) = |x_k|$")
    right.set_title("a constant step stalls; diminishing steps go on", fontsize=10.5)
    right.legend(loc="lower left", fontsize=8.5)
    fig.tight_layout()
    return fig


@figure("lesson13-l1-corners")
def l1_corners():
    """A least-squares loss whose unconstrained minimum is at (2, 1.2): its smallest contour touching the
    L1 ball of radius 1 touches it at the corner (1, 0); the L2 ball is touched off the axes."""
    center = np.array([2.0, 1.2])
    A = np.array([[1.0, 0.3], [0.3, 0.6]])

    def loss(x, y):
        d = np.stack([x - center[0], y - center[1]])
        return 0.5 * np.einsum("i...,ij,j...->...", d, A, d)

    t = np.linspace(0, 2 * np.pi, 400)
    fig, axes = plt.subplots(1, 2, figsize=(8.4, 3.9))
    for ax, kind in zip(axes, ("l1", "l2")):
        xs = np.linspace(-1.6, 3.2, 300)
        X, Y = np.meshgrid(xs, np.linspace(-1.6, 2.6, 300))
        if kind == "l1":
            ball = np.array([[1, 0], [0, 1], [-1, 0], [0, -1], [1, 0]], dtype=float)
            # the constrained minimizer over |x| + |y| <= 1, by a fine search on the boundary
            s = np.linspace(0, 1, 20001)
            edge = np.concatenate([np.stack([1 - s, s], 1), np.stack([1 - s, -s], 1)])
        else:
            ball = np.stack([np.cos(t), np.sin(t)], 1)
            a = np.linspace(0, 2 * np.pi, 40001)
            edge = np.stack([np.cos(a), np.sin(a)], 1)
        best = edge[np.argmin(loss(edge[:, 0], edge[:, 1]))]
        level = loss(*best)
        ax.contour(X, Y, loss(X, Y), levels=[level / 4, level, 2.2 * level], colors=[plotting.MUTED,
                   plotting.ORANGE, plotting.MUTED], linewidths=[0.8, 1.8, 0.8])
        ax.fill(ball[:, 0], ball[:, 1], color=plotting.BLUE, alpha=0.25)
        ax.plot(ball[:, 0], ball[:, 1], color=plotting.BLUE, linewidth=1.6)
        ax.plot(*center, marker="+", markersize=11, markeredgewidth=2, color=plotting.INK)
        ax.annotate("least squares", center, xytext=(6, 6), textcoords="offset points", fontsize=9)
        ax.plot(*best, marker="o", markersize=7, color=plotting.RED, zorder=5)
        where = f"({best[0]:.2f}, {best[1]:.2f})"
        ax.annotate(where, best, xytext=(8, -14), textcoords="offset points", fontsize=9, color=plotting.RED)
        ax.axhline(0, color=plotting.GRID, linewidth=0.8, zorder=0)
        ax.axvline(0, color=plotting.GRID, linewidth=0.8, zorder=0)
        ax.set_aspect("equal")
        ax.set_xlim(-1.6, 3.2)
        ax.set_ylim(-1.6, 2.6)
        ax.set_xlabel("$w_1$")
        ax.set_ylabel("$w_2$")
        ax.set_title(r"$\|w\|_1 \leq 1$: a corner, $w_2 = 0$" if kind == "l1"
                     else r"$\|w\|_2 \leq 1$: no zero coordinate", fontsize=10.5)
    fig.tight_layout()
    return fig


@figure("lesson13-ista-fista")
def ista_fista():
    X, y, _ = _diabetes()
    alpha = 0.01
    best = lasso(X, y, alpha, tol=1e-13)
    runs = {False: lasso(X, y, alpha, accelerated=False, tol=0.0, max_iter=3000),
            True: lasso(X, y, alpha, tol=0.0, max_iter=3000)}
    L, F_star, R2 = best.L, best.fun, best.x @ best.x
    k = np.arange(1, 3001)
    fig, ax = plt.subplots(figsize=(6.6, 3.9))
    floor = 1e-12
    for accelerated, color, name in ((False, plotting.ORANGE, "ISTA"), (True, plotting.BLUE, "FISTA")):
        gap = np.maximum((runs[accelerated].values[1:] - F_star) / F_star, floor)
        ax.loglog(k, gap, color=color, linewidth=1.6, label=name)
    ax.loglog(k, L * R2 / (2 * k) / F_star, color=plotting.ORANGE, linestyle="--", linewidth=1.1,
              label=r"ISTA's bound $L\|x_0 - x^*\|^2/(2k)$")
    ax.loglog(k, 2 * L * R2 / (k + 1) ** 2 / F_star, color=plotting.BLUE, linestyle="--", linewidth=1.1,
              label=r"FISTA's bound $2L\|x_0 - x^*\|^2/(k+1)^2$")
    ax.axhline(1e-6, color=plotting.MUTED, linewidth=0.8, linestyle=":")
    ax.set_ylim(1e-10, 10)
    ax.set_xlabel("iteration $k$")
    ax.set_ylabel(r"$(F(x_k) - F^*)/F^*$")
    ax.set_title(r"the lasso on the diabetes data, $\gamma = 0.01$, step $1/L$", fontsize=10.5)
    ax.legend(loc="lower left", fontsize=8.5)
    fig.tight_layout()
    return fig


@figure("lesson13-lasso-path")
def lasso_path():
    X, y, names = _diabetes()
    alpha_max = np.abs(X.T @ y).max() / len(y)
    alphas = np.geomspace(alpha_max, alpha_max / 1000, 20)
    coefs, w = [], None
    for alpha in alphas:
        w = lasso(X, y, alpha, w0=w, tol=1e-12).x
        coefs.append(w)
    coefs = np.array(coefs)
    fig, ax = plt.subplots(figsize=(7.2, 4.0))
    colors = plotting.COLORS + [plotting.INK, plotting.MUTED, "#8c564b"]
    for j, name in enumerate(names):
        ax.semilogx(alphas, coefs[:, j], marker="o", markersize=3, color=colors[j], linewidth=1.4, label=name)
    ax.axhline(0, color=plotting.MUTED, linewidth=0.8)
    ax.invert_xaxis()
    ax.set_xlabel(r"penalty $\gamma$ (scikit-learn's alpha), decreasing to the right")
    ax.set_ylabel("coefficient $w_j$")
    ax.set_title("the lasso path: features enter as the penalty falls", fontsize=10.5)
    ax.legend(loc="lower left", fontsize=8, ncol=2)
    fig.tight_layout()
    return fig
