"""Lesson 5's figures: the four regimes on x², the rate curve r(η), zig-zag paths, condition numbers, standardizing."""

import matplotlib.pyplot as plt
import numpy as np

from lessonlib import datasets, gradient_descent, plotting, problems
from lessonlib.gd import optimal_rate, optimal_step, rate
from scripts.figures import figure

#: (η, title) of the four regimes on f(x) = x², all from x0 = 1.
REGIMES = [
    (0.05, "slow"),
    (0.3, "converge"),
    (1.0, "oscillate"),
    (1.1, "diverge"),
]

NOTES = {
    "slow": "creeps down one side",
    "converge": "reaches the bottom quickly",
    "oscillate": "bounces between $x_0$ and $-x_0$",
    "diverge": "each bounce lands higher",
}


@figure("lesson05-regimes")
def regimes():
    problem = problems.square()
    fig, axes = plt.subplots(2, 2, figsize=(7.0, 5.2), sharex=True, sharey=True)
    for ax, (eta, name) in zip(axes.ravel(), REGIMES):
        res = gradient_descent(problem, x0=1.0, eta=eta, max_iter=8, tol=0.0)
        xs = res.path[:, 0]
        plotting.curve(ax, problem.f, (-2.2, 2.2), color=plotting.MUTED, linewidth=1.4)
        plotting.iterates_1d(ax, problem.f, xs, color=plotting.ORANGE)
        ax.plot(xs[0], problem.f(xs[0]), marker="s", markersize=7, color=plotting.BLUE, linestyle="none")
        ax.text(0.0, 3.7, f"{res.nit} steps from $x_0 = 1$:\n" + NOTES[name], ha="center", va="center",
                fontsize=9.5, color=plotting.INK)
        ax.set_title(rf"{name}: $\eta = {eta:g}$, factor $1-2\eta = {1 - 2 * eta:+.1f}$", fontsize=10.5)
        ax.set_xlim(-2.2, 2.2)
        ax.set_ylim(-0.2, 4.6)
    for ax in axes[1]:
        ax.set_xlabel("$x$")
    for ax in axes[:, 0]:
        ax.set_ylabel("$f(x) = x^2$")
    fig.tight_layout()
    return fig


@figure("lesson05-rate-curve")
def rate_curve():
    lams = [1.0, 4.0]
    etas = np.linspace(0.0, 0.6, 601)
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    for lam, color in zip(lams, [plotting.GREEN, plotting.PURPLE]):
        ax.plot(etas, np.abs(1 - etas * lam), color=color, linewidth=1.3, linestyle="--",
                label=rf"$|1 - \eta\lambda|$, $\lambda = {lam:g}$")
    ax.plot(etas, [rate(a, lams) for a in etas], color=plotting.BLUE, linewidth=2.6,
            label=r"$r(\eta) = \max_i |1 - \eta\lambda_i|$")
    a_star, r_star = optimal_step(lams), optimal_rate(lams)
    ax.plot(a_star, r_star, marker="o", markersize=8, color=plotting.ORANGE, zorder=5)
    ax.annotate(rf"$\eta^* = {a_star:.1f}$, $r = {r_star:.1f}$", (a_star, r_star), xytext=(48, -58),
                textcoords="offset points", ha="center", color=plotting.INK,
                arrowprops=dict(arrowstyle="->", color=plotting.MUTED))
    boundary = 2 / max(lams)
    ax.axvline(boundary, color=plotting.RED, linewidth=1.2, linestyle=":")
    ax.axhline(1.0, color=plotting.MUTED, linewidth=1.0)
    ax.text(boundary - 0.008, 1.36, rf"$2/\lambda_{{\max}} = {boundary:.1f}$:" + "\ndiverges to the right",
            color=plotting.RED, fontsize=9.5, va="top", ha="right")
    ax.set_xlim(0, 0.6)
    ax.set_ylim(0, 1.45)
    ax.set_xlabel(r"step size $\eta$")
    ax.set_ylabel("contraction per step")
    ax.legend(loc="upper left", fontsize=9)
    fig.tight_layout()
    return fig


#: The three step sizes of the zig-zag figure on f(w) = ½(w₁² + 4w₂²).
ZIGZAG_STEPS = [0.1, 0.4, 0.48]


@figure("lesson05-zigzag")
def zigzag():
    problem = problems.lesson_quadratic()
    fig, axes = plt.subplots(1, 3, figsize=(7.6, 2.25), sharey=True)
    colors = [plotting.GREEN, plotting.BLUE, plotting.ORANGE]
    for ax, eta, color in zip(axes, ZIGZAG_STEPS, colors):
        res = gradient_descent(problem, eta=eta, max_iter=15, tol=0.0)
        plotting.contour(ax, problem.f, (-2.4, 2.4), (-1.4, 1.4), levels=10, num=100)
        plotting.path(ax, res.path, color=color)
        ax.set_title(rf"$\eta = {eta:g}$, rate ${rate(eta, [1.0, 4.0]):.2f}$", fontsize=10.5)
        ax.set_xlabel("$w_1$")
    axes[0].set_ylabel("$w_2$")
    fig.tight_layout()
    return fig


#: Condition numbers of the sweep, and the tolerance: the gradient must shrink by this factor.
KAPPAS = [1, 10, 100, 1000]
TOL = 1e-6


@figure("lesson05-condition")
def condition():
    fig, (left, right) = plt.subplots(1, 2, figsize=(7.6, 3.3), gridspec_kw={"width_ratios": [1.25, 1]})
    colors = [plotting.GREEN, plotting.BLUE, plotting.ORANGE, plotting.RED]
    iterations = []
    for kappa, color in zip(KAPPAS, colors):
        problem = problems.ill_conditioned_quadratic(kappa)
        lams = [1.0, float(kappa)]
        g0 = np.linalg.norm(problem.grad(problem.x0))
        eta = optimal_step(lams)
        # the same quadratic, as cheap callables, for the long run that only counts iterations
        d = np.diag(problem.hess(problem.x0))
        count = gradient_descent(lambda x: 0.5 * x @ (d * x), problem.x0, eta=eta, grad=lambda x: d * x,
                                 max_iter=20_000, tol=TOL * g0, record_path=False)
        iterations.append(count.nit)
        res = gradient_descent(problem, eta=eta, max_iter=800, tol=TOL * g0)   # the part shown
        err = np.linalg.norm(res.path, axis=1) / np.linalg.norm(problem.x0)
        left.semilogy(np.arange(err.size), np.maximum(err, 1e-9), color=color, label=rf"$\kappa = {kappa}$")
    left.axhline(TOL, color=plotting.MUTED, linewidth=1.0, linestyle=":")
    left.text(790, 2 * TOL, "tolerance $10^{-6}$", color=plotting.MUTED, ha="right", fontsize=9)
    left.set_xlim(0, 800)
    left.set_ylim(1e-7, 2)
    left.set_xlabel("iteration $k$")
    left.set_ylabel(r"$\|x_k\| \,/\, \|x_0\|$")
    left.legend(loc="upper right", bbox_to_anchor=(1.0, 0.88), fontsize=9)

    kappas = np.geomspace(1.5, 1000, 100)
    predicted = np.log(TOL) / np.log((kappas - 1) / (kappas + 1))
    right.loglog(kappas, predicted, color=plotting.MUTED, linewidth=1.4,
                 label=r"$\log(\mathrm{tol}) / \log\frac{\kappa-1}{\kappa+1}$")
    right.loglog(KAPPAS[1:], iterations[1:], "o", color=plotting.BLUE, markersize=7, label="measured")
    for kappa, n in zip(KAPPAS[1:], iterations[1:]):
        right.annotate(f"{n}", (kappa, n), xytext=(-8, 6), textcoords="offset points", ha="right",
                       fontsize=9, color=plotting.INK)
    right.set_xlabel(r"condition number $\kappa$")
    right.set_ylabel("iterations to tolerance")
    right.legend(loc="upper left", fontsize=9)
    fig.tight_layout()
    return fig


#: Steps of the standardization figure: the raw run does not converge within them.
STANDARDIZE_STEPS = 10_000


def _radius_fit(feature, y):
    """Logistic regression on one feature and an intercept, and gradient descent on it with eta = 1/L."""
    problem = problems.logistic_regression(feature[:, None], y, fit_intercept=True)
    X1 = np.column_stack([feature, np.ones(len(y))])
    L = np.linalg.eigvalsh(X1.T @ X1).max() / (4 * len(y))
    res = gradient_descent(problem, eta=1 / L, max_iter=STANDARDIZE_STEPS, tol=1e-6)
    return problem, res


@figure("lesson05-standardize")
def standardize():
    raw = datasets.breast_cancer(standardize=False)
    y = raw.y_train
    radius = raw.X_train[:, 0]
    mean, std = radius.mean(), radius.std()
    p_std, run_std = _radius_fit((radius - mean) / std, y)
    p_raw, run_raw = _radius_fit(radius, y)
    w, b = run_std.x
    best_raw = np.array([w / std, b - w * mean / std])      # the same model, in raw coordinates
    fstar = run_std.fun
    levels = fstar + np.array([0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0])

    fig, axes = plt.subplots(1, 2, figsize=(7.6, 3.5))
    panels = [
        (p_raw, run_raw, best_raw, (-1.3, 0.3), (-2.0, 17.0), "raw radius", [1000, 3000]),
        (p_std, run_std, run_std.x, (-4.6, 0.6), (-1.6, 2.6), "standardized radius", [1, 2, 5]),
    ]
    for ax, (problem, res, best, xlim, ylim, name, marks) in zip(axes, panels):
        H = problem.hess(best)
        lam = np.linalg.eigvalsh(H)
        plotting.contour(ax, problem.f, xlim, ylim, levels=levels, num=160)
        ax.set_aspect("auto")
        ax.plot(res.path[:, 0], res.path[:, 1], color=plotting.ORANGE, linewidth=1.6)
        ax.plot(*res.path[0], marker="s", markersize=6, color=plotting.ORANGE, linestyle="none")
        for k in marks:
            ax.plot(*res.path[k], marker="o", markersize=4, color=plotting.ORANGE, linestyle="none")
            ax.annotate(f"{k}", res.path[k], xytext=(6, -2), textcoords="offset points", fontsize=9,
                        color=plotting.INK)
        ax.plot(*res.path[-1], marker="o", markersize=6, color=plotting.ORANGE, linestyle="none")
        ax.plot(*best, marker="+", markersize=12, markeredgewidth=2.2, color=plotting.INK, linestyle="none")
        steps = f"{res.nit} steps" if res.status_name == "converged" else f"not there after {res.nit:,} steps"
        kappa = float(f"{lam[-1] / lam[0]:.2g}")                 # two significant digits: 17 000 and 5
        ax.set_title(rf"{name}: $\kappa \approx$ {kappa:,.0f}".replace(",", " ") + "\n" + steps.replace(",", " "),
                     fontsize=10.5)
        ax.set_xlabel("weight $w$")
    end = run_raw.path[-1]
    axes[0].annotate(f"after {run_raw.nit:,} steps".replace(",", " "), end, xytext=(10, -4), textcoords="offset points",
                     fontsize=9, color=plotting.INK)
    axes[0].annotate("minimum", best_raw, xytext=(10, -4), textcoords="offset points", fontsize=9,
                     color=plotting.INK)
    axes[0].set_ylabel("intercept $b$")
    fig.tight_layout()
    return fig
