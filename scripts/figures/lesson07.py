"""Lesson 7's figures: Newton's quadratic model and its step, an indefinite model, GD vs Newton error."""

import matplotlib.pyplot as plt
import numpy as np

from lessonlib import gradient_descent, plotting, problems
from lessonlib.newton import newton
from lessonlib.taylor import quadratic_model
from scripts.figures import figure


def f(x):
    """The lesson's 1-D example f(x) = x − ln x (minimizer 1)."""
    return x - np.log(x)


def df(x):
    return 1 - 1 / x


def d2f(x):
    return 1 / x**2


def _model_panel(ax, xk, title):
    m = quadratic_model(f, df, d2f, xk)
    x_next = xk - df(xk) / d2f(xk)
    plotting.curve(ax, f, (0.25, 2.2), color=plotting.INK, label=r"$f(x) = x - \ln x$")
    plotting.curve(ax, m, (0.25, 2.2), color=plotting.BLUE, linestyle="--", label="quadratic model at $x_k$")
    ax.plot(xk, f(xk), marker="o", markersize=7, color=plotting.ORANGE, zorder=5)
    ax.plot(x_next, m(x_next), marker="*", markersize=13, color=plotting.BLUE, zorder=5)
    ax.plot(x_next, f(x_next), marker="o", markersize=6, color=plotting.RED, zorder=5)
    ax.axvline(1.0, color=plotting.GREEN, linewidth=1.0, linestyle=":")
    ax.text(xk, f(xk) - 0.06, f"$x_k = {xk:g}$", ha="center", va="top", color=plotting.ORANGE,
            fontsize=9.5)
    ax.text(x_next + 0.02, f(x_next) - 0.05, f"$x_{{k+1}} = {x_next:g}$", ha="left", va="top",
            color=plotting.BLUE, fontsize=9.5)
    ax.set_title(title, fontsize=10.5)
    ax.set_xlim(0.25, 2.2)
    ax.set_ylim(0.8, 1.9)
    ax.set_xlabel("$x$")


@figure("lesson07-quadratic-model")
def quadratic_model_step():
    fig, axes = plt.subplots(1, 2, figsize=(7.8, 3.9), sharey=True)
    _model_panel(axes[0], 0.5, "step 1: the model's minimum is the next point")
    _model_panel(axes[1], 0.75, "step 2: a new model, a closer fit")
    axes[0].set_ylabel("$f(x)$")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, fontsize=9, frameon=False)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


@figure("lesson07-indefinite")
def indefinite():
    p = problems.double_well()
    xk = 0.5
    m = quadratic_model(p.f, p.df, p.d2f, xk)
    pure = newton(p, x0=xk)
    fixed = newton(p, x0=xk, modify="eigen")
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    plotting.curve(ax, p.f, (-2.1, 2.1), color=plotting.INK, label="$f(x) = x^4 - 4x^2 + 1$")
    plotting.curve(ax, m, (-1.0, 1.6), color=plotting.BLUE, linestyle="--",
                   label="model at $x_0 = 0.5$ (curvature $-5$): opens downward")
    plotting.iterates_1d(ax, p.f, pure.path[:, 0], color=plotting.RED,
                         label=f"pure Newton: {pure.nit} steps to the maximum $x = 0$")
    plotting.iterates_1d(ax, p.f, fixed.path[:, 0], color=plotting.GREEN,
                         label=f"eigenvalue-modified: {fixed.nit} steps to the minimum {fixed.x.item():.3f}")
    ax.plot(xk, p.f(xk), marker="s", markersize=8, color=plotting.ORANGE, zorder=5)
    ax.set_xlim(-2.1, 2.1)
    ax.set_ylim(-3.6, 3.0)
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x)$")
    ax.legend(loc="upper center", fontsize=8.5)
    fig.tight_layout()
    return fig


def comparison_problem():
    """Lesson 7's comparison problem: the logistic regression of lesson 6 (200 points, 3 features)."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 3))
    y = (X @ np.array([1.5, -2.0, 0.5]) + rng.standard_normal(200) > 0).astype(float)
    L = np.linalg.eigvalsh(X.T @ X / 200).max() / 4 + 0.01
    return problems.logistic_regression(X, y, l2=0.01), L


@figure("lesson07-gd-vs-newton")
def gd_vs_newton():
    loss, L = comparison_problem()
    best = newton(loss, tol=1e-14).x
    gd = gradient_descent(loss, eta=1 / L, tol=1e-8, max_iter=1000)
    nt = newton(loss, tol=1e-8)
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    for res, color, name in ((gd, plotting.BLUE, "gradient descent, $\\eta = 1/L$"), (nt, plotting.RED, "Newton")):
        err = np.maximum(np.linalg.norm(res.path - best, axis=1), 1e-16)
        ax.semilogy(np.arange(err.size), err, color=color, marker="o", markersize=3,
                    label=f"{name}: {res.nit} iterations")
    ax.axhline(1e-8, color=plotting.MUTED, linewidth=1.0, linestyle=":")
    ax.set_xlabel("iteration $k$")
    ax.set_ylabel(r"error $\|x_k - x^*\|$")
    ax.set_ylim(1e-16, 10)
    ax.legend(loc="upper right", fontsize=9.5)
    fig.tight_layout()
    return fig
