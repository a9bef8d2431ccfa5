"""Lesson 12's figures: ∇f ∥ ∇h at a constrained minimum, the penalty path, the SVM's margin."""

import matplotlib.pyplot as plt
import numpy as np

from lessonlib import plotting
from lessonlib.constrained import minimize_constrained
from scripts.figures import figure


def f(x):
    return x @ x


def grad(x):
    return 2 * x


def h(x):
    return np.array([x[0] + x[1] - 1])


def svm_data():
    """The lesson's eight separable points (labels +1 then −1)."""
    X = np.array([[1.0, 2.0], [2.0, 3.0], [2.0, 1.0], [3.0, 3.5], [4.0, 1.0], [5.0, 2.0], [4.5, -0.5], [6.0, 0.5]])
    y = np.array([1.0, 1.0, 1.0, 1.0, -1.0, -1.0, -1.0, -1.0])
    return X, y


@figure("lesson12-lagrange")
def lagrange():
    res = minimize_constrained(f, [0.0, 0.0], grad=grad, eq=h)
    x = res.x
    fig, ax = plt.subplots(figsize=(5.6, 4.6))
    plotting.contour(ax, lambda p: p[0] ** 2 + p[1] ** 2, (-0.4, 1.4), (-0.4, 1.4), levels=[0.05, 0.125, 0.25, 0.5, 0.8, 1.2, 1.8])
    t = np.linspace(-0.4, 1.4, 2)
    ax.plot(t, 1 - t, color=plotting.ORANGE, linewidth=2.0, label="constraint $x + y = 1$")
    ax.plot(*x, marker="*", markersize=14, color=plotting.RED, zorder=5, label="constrained minimum $(1/2, 1/2)$")
    g = grad(x)
    # ∇h = (1, 1) drawn longer, underneath: ∇f = 1 · ∇h lies along it (ν = 1)
    ax.annotate("", xy=x + 0.4 * np.array([1.0, 1.0]), xytext=x,
                arrowprops=dict(arrowstyle="-|>", color=plotting.GREEN, linewidth=4.0, alpha=0.6))
    ax.annotate("", xy=x + 0.2 * g, xytext=x,
                arrowprops=dict(arrowstyle="-|>", color=plotting.BLUE, linewidth=1.6))
    ax.text(*(x + 0.2 * g + [-0.17, 0.02]), r"$\nabla f$", color=plotting.BLUE, fontsize=11)
    ax.text(*(x + 0.4 * np.array([1.0, 1.0]) + [0.03, -0.02]), r"$\nabla h$", color=plotting.GREEN, fontsize=11)
    # at another point of the line the gradient is not parallel to the normal: f decreases along the line
    q = np.array([1.0, 0.0])
    ax.annotate("", xy=q + 0.2 * grad(q), xytext=q, arrowprops=dict(arrowstyle="-|>", color=plotting.MUTED, linewidth=1.4))
    ax.plot(*q, marker="o", color=plotting.MUTED)
    ax.text(1.02, 0.1, r"$\nabla f$ at $(1, 0)$" "\nhas a component\nalong the line", color=plotting.MUTED, fontsize=8.5)
    ax.set_xlim(-0.4, 1.4)
    ax.set_ylim(-0.4, 1.4)
    ax.set_aspect("equal")
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.legend(loc="upper right", fontsize=8.5)
    fig.tight_layout()
    return fig


@figure("lesson12-penalty-path")
def penalty_path():
    taus = [0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0]
    points = np.array([[t / (2 + 2 * t)] * 2 for t in taus])  # the penalty minimizers, in closed form
    al = minimize_constrained(f, [0.0, 0.0], grad=grad, eq=h, tau0=1.0)
    fig, axes = plt.subplots(1, 2, figsize=(8.4, 3.9))
    ax = axes[0]
    plotting.contour(ax, lambda p: p[0] ** 2 + p[1] ** 2, (-0.05, 0.8), (-0.05, 0.8), levels=[0.02, 0.08, 0.18, 0.32, 0.5, 0.72])
    t = np.linspace(-0.05, 0.8, 2)
    ax.plot(t, 1 - t, color=plotting.ORANGE, linewidth=2.0, label="$x + y = 1$")
    ax.plot(points[:, 0], points[:, 1], color=plotting.BLUE, marker="o", markersize=4,
            label=r"penalty minimizers, $\tau = 0.1, \dots, 100$")
    plotting.path(ax, al.path, color=plotting.GREEN, label=r"augmented Lagrangian, $\tau = 1$")
    ax.plot(0.5, 0.5, marker="*", markersize=13, color=plotting.RED, zorder=5)
    ax.set_aspect("equal")
    ax.set_xlim(-0.05, 0.8)
    ax.set_ylim(-0.05, 0.8)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title("the penalty approaches from outside", fontsize=10)
    ax = axes[1]
    tau = np.logspace(-1, 6, 50)
    ax.loglog(tau, 1 / (2 * (1 + tau)), color=plotting.BLUE, label=r"error $1/(2(1+\tau))$ of the penalty minimizer")
    ax.loglog(tau, 1 + tau, color=plotting.RED, linestyle="--", label=r"condition number $1 + \tau$ of its Hessian")
    ax.set_xlabel(r"penalty weight $\tau$")
    ax.legend(loc="lower left", fontsize=8)
    ax.set_title("accuracy costs conditioning", fontsize=10)
    fig.tight_layout()
    return fig


@figure("lesson12-svm")
def svm():
    X, y = svm_data()
    res = minimize_constrained(lambda v: 0.5 * v[:2] @ v[:2], np.zeros(3), ineq=lambda v: y * (X @ v[:2] + v[2]) - 1)
    w, b, zeta = res.x[:2], res.x[2], res.multipliers["ineq"]
    support = zeta > 1e-6
    fig, ax = plt.subplots(figsize=(5.8, 4.4))
    xs = np.linspace(0, 7, 2)
    for level, style in ((0, "-"), (1, "--"), (-1, "--")):
        ax.plot(xs, (level - b - w[0] * xs) / w[1], color=plotting.INK if level == 0 else plotting.MUTED, linestyle=style,
                linewidth=1.6 if level == 0 else 1.1)
    ax.scatter(*X[y > 0].T, color=plotting.BLUE, s=40, label="$y_i = +1$", zorder=3)
    ax.scatter(*X[y < 0].T, color=plotting.ORANGE, marker="s", s=40, label="$y_i = -1$", zorder=3)
    ax.scatter(*X[support].T, s=200, facecolors="none", edgecolors=plotting.RED, linewidths=1.5,
               label=r"support vectors ($\zeta_i > 0$)", zorder=4)
    ax.text(0.3, 5.3, r"$w^\top x + b = 0$, dashed: $\pm 1$", fontsize=9)
    ax.set_xlim(0, 7)
    ax.set_ylim(-1.5, 6)
    ax.set_xlabel("feature 1")
    ax.set_ylabel("feature 2")
    ax.legend(loc="lower left", fontsize=8.5)
    fig.tight_layout()
    return fig
