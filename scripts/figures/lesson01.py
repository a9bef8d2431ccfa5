"""Lesson 1's figures: a walker on a loss curve in fog, and training vs validation loss."""

import matplotlib.pyplot as plt
import numpy as np

from lessonlib import gradient_descent, plotting, problems
from scripts.figures import figure


def fog_loss(theta):
    """The lesson's one-parameter landscape L(θ) = θ²/10 + sin θ + 2 (two valleys)."""
    return theta**2 / 10 + np.sin(theta) + 2


def fog_slope(theta):
    return theta / 5 + np.cos(theta)


@figure("lesson01-fog")
def fog():
    theta0, eta, seen = 2.5, 2.0, 0.8
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    # The whole landscape, which the walker cannot see, faint; the patch around the walker, solid.
    plotting.curve(ax, fog_loss, (-6, 6.5), color=plotting.MUTED, linewidth=1.2, linestyle=(0, (2, 3)),
                   label="the landscape (hidden by fog)")
    plotting.curve(ax, fog_loss, (theta0 - seen, theta0 + seen), color=plotting.INK, linewidth=2.6,
                   label="what the walker feels")
    slope = fog_slope(theta0)
    ts = np.array([theta0 - 1.5, theta0 + 1.5])
    ax.plot(ts, fog_loss(theta0) + slope * (ts - theta0), color=plotting.ORANGE, linewidth=1.6,
            label=rf"tangent, slope $dL/d\theta = {slope:.2f}$")
    theta1 = theta0 - eta * slope
    y_arrow = fog_loss(theta0) - 0.75
    ax.annotate("", xy=(theta1, y_arrow), xytext=(theta0, y_arrow),
                arrowprops=dict(arrowstyle="-|>", color=plotting.RED, linewidth=1.8, mutation_scale=14,
                                shrinkA=0, shrinkB=0))
    ax.text(theta0 - 0.12, y_arrow, "step", color=plotting.RED, fontsize=9, ha="right", va="center")
    ax.plot(theta0, fog_loss(theta0), marker="o", markersize=9, color=plotting.BLUE, zorder=5,
            linestyle="none", label=rf"the walker, $\theta = {theta0:g}$")
    ax.plot(theta1, fog_loss(theta1), marker="o", markersize=8, markerfacecolor="none", markeredgewidth=2,
            color=plotting.RED, zorder=5, linestyle="none",
            label=rf"one step later, $\theta - \eta\, dL/d\theta$ ($\eta = {eta:g}$)")
    for x, name in [(-1.306, "global minimum"), (3.837, "local minimum")]:
        ax.annotate(name, xy=(x, fog_loss(x)), xytext=(x, fog_loss(x) - 0.9), ha="center", fontsize=9,
                    color=plotting.MUTED, arrowprops=dict(arrowstyle="-", color=plotting.MUTED, linewidth=0.8))
    ax.set_xlim(-6, 6.5)
    ax.set_ylim(-0.2, 7.4)
    ax.set_xlabel(r"parameter $\theta$")
    ax.set_ylabel(r"loss $L(\theta)$")
    ax.legend(loc="upper center", fontsize=8.5, ncol=2)
    fig.tight_layout()
    return fig


def polynomial_data(seed=0, m=12, m_val=200, noise=0.25):
    """The lesson's data: y = sin(πx) + noise, 12 training points and 200 validation points."""
    rng = np.random.default_rng(seed)
    x_train = np.sort(rng.uniform(-1, 1, m))
    y_train = np.sin(np.pi * x_train) + noise * rng.normal(size=m)
    x_val = np.linspace(-1, 1, m_val)
    y_val = np.sin(np.pi * x_val) + noise * rng.normal(size=m_val)
    return x_train, y_train, x_val, y_val


@figure("lesson01-early-stopping")
def early_stopping():
    x_train, y_train, x_val, y_val = polynomial_data()
    degree = 11
    P = np.polynomial.legendre.legvander(x_train, degree)
    V = np.polynomial.legendre.legvander(x_val, degree)
    m = len(x_train)
    A, b = P.T @ P / m, P.T @ y_train / m
    problem = problems.quadratic(A, b, c=0.5 * np.mean(y_train**2), x0=np.zeros(degree + 1))
    eta = 1 / np.linalg.eigvalsh(A).max()
    res = gradient_descent(problem, eta=eta, max_iter=2000, tol=0.0)
    steps = np.arange(res.nit + 1)
    train = 0.5 * np.mean((res.path @ P.T - y_train) ** 2, axis=1)
    val = 0.5 * np.mean((res.path @ V.T - y_val) ** 2, axis=1)
    best = int(np.argmin(val))

    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(7.6, 3.6), gridspec_kw={"width_ratios": [1.25, 1]})
    ax.loglog(steps[1:], train[1:], color=plotting.BLUE, label="training loss")
    ax.loglog(steps[1:], val[1:], color=plotting.ORANGE, label="validation loss")
    ax.axvline(best, color=plotting.MUTED, linestyle="--", linewidth=1.2)
    ax.annotate(f"stop here:\nstep {best}", xy=(best, val[best]), xytext=(best * 3.0, val[best] * 3.2),
                fontsize=9, color=plotting.INK,
                arrowprops=dict(arrowstyle="-|>", color=plotting.MUTED, linewidth=1.0))
    ax.set_xlabel("gradient-descent step $k$")
    ax.set_ylabel("loss (mean squared error / 2)")
    ax.legend(loc="lower left", fontsize=9)

    xs = np.linspace(-1, 1, 400)
    X = np.polynomial.legendre.legvander(xs, degree)
    ax2.plot(x_val, y_val, linestyle="none", marker=".", markersize=3, color=plotting.MUTED,
             label="validation data")
    ax2.plot(xs, np.sin(np.pi * xs), color=plotting.MUTED, linewidth=1.2, linestyle="--",
             label=r"truth $\sin \pi x$")
    ax2.plot(xs, X @ res.path[best], color=plotting.GREEN, label=f"step {best}")
    ax2.plot(xs, X @ res.path[-1], color=plotting.RED, linewidth=1.4, label=f"step {res.nit}")
    ax2.plot(x_train, y_train, linestyle="none", marker="o", markersize=5, color=plotting.BLUE,
             label="training data")
    ax2.set_ylim(-2.0, 2.0)
    ax2.set_xlabel("$x$")
    ax2.set_ylabel("$y$")
    ax2.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig
