"""Lesson 1's figures: a line fit and its bowl-shaped loss, a walker on a loss curve in fog, and training
vs validation loss. The loss is written ℒ, as on the notation page."""

import matplotlib.pyplot as plt
import numpy as np

from lessonlib import gradient_descent, plotting, problems
from scripts.figures import figure


#: The line fit's four points and the three guesses the lesson evaluates.
LINE_X = np.array([0.0, 1.0, 2.0, 3.0])
LINE_Y = np.array([1.0, 2.9, 5.1, 7.0])
GUESSES = [((0.0, 0.0), plotting.RED), ((1.0, 2.1), plotting.ORANGE)]


@figure("lesson01-line-fit")
def line_fit():
    X = np.column_stack([np.ones_like(LINE_X), LINE_X])
    m = len(LINE_Y)
    A, b = X.T @ X / m, X.T @ LINE_Y / m
    problem = problems.quadratic(A, b, c=0.5 * np.mean(LINE_Y**2))    # the loss (1/2m)‖Xθ − y‖²
    theta_star = np.linalg.solve(A, b)
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(7.6, 3.7), gridspec_kw={"width_ratios": [1, 1.15]})

    xs = np.linspace(-0.3, 3.3, 2)
    for theta, color in GUESSES:
        ax.plot(xs, theta[0] + theta[1] * xs, color=color, linewidth=1.4,
                label=rf"$\theta = ({theta[0]:g}, {theta[1]:g})$")
    ax.plot(xs, theta_star[0] + theta_star[1] * xs, color=plotting.GREEN, linewidth=2.4, linestyle="--",
            label=rf"$\theta^* = ({theta_star[0]:.2f}, {theta_star[1]:.2f})$")
    ax.plot(LINE_X, LINE_Y, linestyle="none", marker="o", markersize=7, color=plotting.BLUE, zorder=5,
            label="data")
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.set_title("three lines through the data", fontsize=11)
    ax.legend(loc="upper left", fontsize=8.5)

    xlim, ylim = (-1.4, 3.4), (-0.6, 3.2)
    levels = [0.01, 0.05, 0.2, 0.5, 1, 2, 4, problem.f(np.zeros(2)), 16]
    plotting.contour(ax2, problem.f, xlim, ylim, levels=levels, num=241)
    for theta, color in GUESSES:
        ax2.plot(*theta, marker="o", markersize=7, color=color, zorder=5, linestyle="none")
    ax2.plot(*theta_star, marker="*", markersize=13, color=plotting.GREEN, zorder=5, linestyle="none")
    ax2.annotate(r"$\theta^*$", xy=theta_star, xytext=(8, -12), textcoords="offset points", fontsize=10,
                 color=plotting.GREEN)
    g = problem.grad(np.zeros(2))
    down = -0.9 * g / np.linalg.norm(g)
    ax2.annotate("", xy=down, xytext=(0, 0),
                 arrowprops=dict(arrowstyle="-|>", color=plotting.RED, linewidth=2.0, mutation_scale=14,
                                 shrinkA=0, shrinkB=0))
    ax2.text(*(down + np.array([0.08, -0.05])), r"$-\nabla ℒ$", color=plotting.RED, fontsize=10,
             ha="left", va="top")
    ax2.set_xlabel(r"intercept $\theta_0$")
    ax2.set_ylabel(r"slope $\theta_1$")
    ax2.set_title(r"the loss $ℒ(\theta)$: a bowl", fontsize=11)
    fig.tight_layout()
    return fig


def fog_loss(theta):
    """The lesson's one-parameter landscape ℒ(θ) = θ²/10 + sin θ + 2 (two valleys)."""
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
            label=rf"tangent, slope $dℒ/d\theta = {slope:.2f}$")
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
            label=rf"one step later, $\theta - \eta\, dℒ/d\theta$ ($\eta = {eta:g}$)")
    for x, name in [(-1.306, "global minimum"), (3.837, "local minimum")]:
        ax.annotate(name, xy=(x, fog_loss(x)), xytext=(x, fog_loss(x) - 0.9), ha="center", fontsize=9,
                    color=plotting.MUTED, arrowprops=dict(arrowstyle="-", color=plotting.MUTED, linewidth=0.8))
    ax.set_xlim(-6, 6.5)
    ax.set_ylim(-0.2, 7.4)
    ax.set_xlabel(r"parameter $\theta$")
    ax.set_ylabel(r"loss $ℒ(\theta)$")
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
