"""Lesson 3's figures: the linear model inside its error band, Taylor polynomials of √x at 4, the
linear and quadratic models of Himmelblau's function in 2-D, and the predicted loss after one step."""

import matplotlib.pyplot as plt
import numpy as np

from lessonlib import plotting, problems
from lessonlib.taylor import linear_model, predicted_decrease, quadratic_model, remainder_bound, taylor_polynomial
from scripts.figures import figure

#: √x at a = 4: f(4), f'(4), f''(4), f'''(4), f''''(4) (the page prints the same list).
SQRT_AT_4 = [2.0, 1 / 4, -1 / 32, 3 / 256, -15 / 2048]

#: The 2-D example: Himmelblau's function expanded at a point on the slope of its basin around (3, 2).
HIMMELBLAU_POINT = np.array([2.5, 1.5])

#: The small logistic-regression data set of the page (8 examples, 2 features).
LOGISTIC_X = np.array([[1.0, 2.0], [2.0, 0.5], [-1.0, -1.5], [0.5, -1.0],
                       [-2.0, 0.5], [1.5, 1.0], [-0.5, 1.5], [-1.5, -0.5]])
LOGISTIC_Y = np.array([1, 1, 0, 0, 0, 1, 1, 0])


@figure("lesson03-linear-bound")
def linear_bound():
    a, M = 1.0, 1.0  # sin near a = 1; |sin''| <= 1 everywhere
    tangent = linear_model(np.sin, np.cos, a)
    xs = np.linspace(a - 2.2, a + 2.2, 400)
    band = remainder_bound(M, xs - a)
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    ax.fill_between(xs, tangent(xs) - band, tangent(xs) + band, color=plotting.SKY, alpha=0.25, linewidth=0,
                    label=r"tangent $\pm \frac{M}{2}\delta^2$ ($M = 1$)")
    ax.plot(xs, tangent(xs), color=plotting.ORANGE, linewidth=1.8, label="tangent line at $a = 1$")
    plotting.curve(ax, np.sin, (xs[0], xs[-1]), color=plotting.BLUE, label=r"$f(x) = \sin x$")
    ax.plot(a, np.sin(a), marker="o", markersize=7, color=plotting.ORANGE, zorder=5)
    ax.set_xlim(xs[0], xs[-1])
    ax.set_ylim(-2.0, 3.3)
    ax.set_xlabel("$x$")
    ax.set_ylabel("value")
    ax.legend(loc="upper left", fontsize=9)
    fig.tight_layout()
    return fig


@figure("lesson03-orders")
def orders():
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.0, 3.8))
    colors = [plotting.ORANGE, plotting.GREEN, plotting.PURPLE, plotting.RED]
    plotting.curve(left, np.sqrt, (0.0, 12.0), color=plotting.BLUE, linewidth=2.6, label=r"$\sqrt{x}$")
    for n, color in zip(range(1, 5), colors):
        p = taylor_polynomial(SQRT_AT_4[: n + 1], 4.0)
        plotting.curve(left, p, (0.0, 12.0), color=color, linewidth=1.4, label=f"order {n}")
    left.plot(4.0, 2.0, marker="o", markersize=6, color=plotting.INK, zorder=5)
    left.set_xlim(0, 12)
    left.set_ylim(0, 4.2)
    left.set_xlabel("$x$")
    left.set_title(r"Taylor polynomials of $\sqrt{x}$ at $a = 4$", fontsize=10.5)
    left.legend(loc="lower right", fontsize=8.5)

    # from 0.03 up: below it the order-4 error (about 1e-12 there) would sink toward rounding noise
    deltas = np.geomspace(3e-2, 2.0, 60)
    for n, color in zip(range(1, 5), colors):
        p = taylor_polynomial(SQRT_AT_4[: n + 1], 4.0)
        err = np.abs(p(4.0 + deltas) - np.sqrt(4.0 + deltas))
        right.loglog(deltas, err, color=color, linewidth=1.6, label=rf"order {n}: slope {n + 1}")
    right.set_xlabel(r"distance $\delta$ from $a = 4$")
    right.set_ylabel("|error|")
    right.set_title(r"error shrinks like $\delta^{\,n+1}$", fontsize=10.5)
    right.legend(loc="lower right", fontsize=8.5)
    fig.tight_layout()
    return fig


@figure("lesson03-models-2d")
def models_2d():
    p = problems.himmelblau()
    x0 = HIMMELBLAU_POINT
    lin = linear_model(p.f, p.grad, x0)
    quad = quadratic_model(p.f, p.grad, p.hess, x0)
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.2, 3.9), gridspec_kw={"width_ratios": [1.0, 1.05]})

    xlim, ylim = (-0.5, 5.0), (-1.0, 4.5)
    X, Y = np.meshgrid(np.linspace(*xlim, 160), np.linspace(*ylim, 160))
    levels = [1, 4, 10, 15.625, 25, 50, 100, 200]
    left.contour(X, Y, p.f(np.array([X, Y])), levels=levels, cmap="viridis", linewidths=1.0)
    left.contour(X, Y, quad(np.array([X, Y])), levels=levels, colors=plotting.ORANGE, linewidths=1.0,
                 linestyles="dashed")
    left.plot(*x0, marker="o", markersize=6, color=plotting.RED, zorder=5)
    m_min = x0 - np.linalg.solve(p.hess(x0), p.grad(x0))
    left.plot(*m_min, marker="x", markersize=8, markeredgewidth=2, color=plotting.ORANGE, linestyle="none",
              label="the model's minimum", zorder=5)
    left.plot([], [], color=plotting.GREEN, label="Himmelblau $f$")
    left.plot([], [], color=plotting.ORANGE, linestyle="dashed", label="quadratic model at the dot")
    left.set_xlim(*xlim)
    left.set_ylim(*ylim)
    left.set_aspect("equal", adjustable="box")
    left.grid(False)
    left.set_xlabel("$x_1$")
    left.set_ylabel("$x_2$")
    left.legend(loc="lower left", fontsize=8)

    u = np.array([0.6, 0.8])
    rs = np.geomspace(1e-3, 0.5, 60)
    e1 = [abs(p.f(x0 + r * u) - lin(x0 + r * u)) for r in rs]
    e2 = [abs(p.f(x0 + r * u) - quad(x0 + r * u)) for r in rs]
    right.loglog(rs, e1, color=plotting.BLUE, label="linear model: slope 2")
    right.loglog(rs, e2, color=plotting.ORANGE, label="quadratic model: slope 3")
    right.set_xlabel(r"distance $\|\delta\|$ along $u = (0.6, 0.8)$")
    right.set_ylabel("|model − f|")
    right.legend(loc="lower right", fontsize=8.5)
    fig.tight_layout()
    return fig


def _step_panel(ax, f, grad, hess, w, etas, title, label_side="right"):
    g = grad(w)
    H = hess(w)
    lam_max = np.linalg.eigvalsh(H).max()
    true = [f(w - eta * g) - f(w) for eta in etas]
    first = [predicted_decrease(g, eta, lam_max)[0] for eta in etas]
    both = [sum(predicted_decrease(g, eta, lam_max)) for eta in etas]
    ax.axhline(0.0, color=plotting.MUTED, linewidth=1.0)
    ax.plot(etas, first, color=plotting.MUTED, linewidth=1.3, linestyle=":", label=r"linear: $-\eta\|g\|^2$")
    ax.plot(etas, both, color=plotting.ORANGE, linewidth=2.0, linestyle="--",
            label=r"predicted: $-\eta\|g\|^2 + \frac{1}{2}\eta^2\lambda_{\max}\|g\|^2$")
    ax.plot(etas, true, color=plotting.BLUE, linewidth=2.0, label=r"true $\Delta\mathcal{L}$")
    ax.axvline(2 / lam_max, color=plotting.RED, linewidth=1.2, linestyle=":")
    text = rf"$2/\lambda_{{\max}} = {2 / lam_max:.2f}$"
    text = text + " " if label_side == "right" else " " + text
    ax.text(2 / lam_max, 0.03, text, transform=ax.get_xaxis_transform(), color=plotting.RED, fontsize=9,
            va="bottom", ha=label_side)
    ax.set_xlabel(r"step size $\eta$")
    ax.set_ylabel(r"change of the loss $\Delta\mathcal{L}$")
    ax.set_title(title, fontsize=10.5)


@figure("lesson03-step-prediction")
def step_prediction():
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.4, 3.9))
    q = problems.lesson_quadratic()
    _step_panel(left, q.f, q.grad, q.hess, q.x0, np.linspace(0.0, 0.62, 200),
                r"quadratic $\frac{1}{2}(w_1^2 + 4w_2^2)$ from $(2, 1)$")
    left.set_ylim(-4.2, 3.6)
    left.legend(loc="upper left", fontsize=8)
    lr = problems.logistic_regression(LOGISTIC_X, LOGISTIC_Y)
    _step_panel(right, lr.f, lr.grad, lr.hess, lr.x0, np.linspace(0.0, 4.4, 200),
                "logistic loss from $w = 0$", label_side="left")
    right.set_ylim(-1.0, 0.45)
    fig.tight_layout()
    return fig
