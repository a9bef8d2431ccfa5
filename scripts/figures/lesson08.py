"""Figures of lesson 8: the secant model, the Wolfe conditions, and GD, Newton, BFGS and L-BFGS on Rosenbrock's valley."""

import matplotlib.pyplot as plt
import numpy as np

from lessonlib import plotting, problems
from lessonlib.gd import gradient_descent
from lessonlib.linesearch import backtracking, strong_wolfe
from lessonlib.newton import newton
from lessonlib.quasi_newton import bfgs, lbfgs
from scripts.figures import figure

GD_ETA, GD_STEPS = 1e-3, 10_000


def rosenbrock_runs():
    """The four runs of the lesson's worked example, with the same stopping test (SciPy's gtol)."""
    p = problems.rosenbrock()
    return p, {
        "gradient descent": gradient_descent(p, eta=GD_ETA, max_iter=GD_STEPS, tol=1e-5, norm=np.inf),
        "Newton (Armijo)": newton(p, line_search="armijo", tol=1e-5, norm=np.inf),
        "BFGS": bfgs(p),
        "L-BFGS (m = 10)": lbfgs(p),
    }


COLORS = {"gradient descent": plotting.ORANGE, "Newton (Armijo)": plotting.RED, "BFGS": plotting.BLUE,
          "L-BFGS (m = 10)": plotting.GREEN}


@figure("lesson08-secant")
def secant():
    p = problems.double_well()
    x_old, x_new = 2.0, 1.6
    s, y = x_new - x_old, p.df(x_new) - p.df(x_old)
    B = y / s  # the secant slope: curvature measured from two gradients
    fig, (right, left) = plt.subplots(1, 2, figsize=(7.6, 3.5))

    plotting.curve(right, p.df, (0.9, 2.15), color=plotting.INK, label="gradient f'(x)")
    xs = np.linspace(0.9, 2.15, 50)
    right.plot(xs, p.df(x_new) + B * (xs - x_new), color=plotting.BLUE, linestyle="--",
               label=f"secant, slope y/s = {B:.2f}")
    right.plot(xs, p.df(x_new) + p.d2f(x_new) * (xs - x_new), color=plotting.RED, linestyle=":",
               label=f"tangent, slope f''({x_new}) = {p.d2f(x_new):.2f}")
    right.plot([x_old, x_new], [p.df(x_old), p.df(x_new)], "o", color=plotting.BLUE)
    right.annotate(r"$x_k$", (x_old, p.df(x_old)), textcoords="offset points", xytext=(-16, 4))
    right.annotate(r"$x_{k+1}$", (x_new, p.df(x_new)), textcoords="offset points", xytext=(6, -12))
    right.axhline(0, color=plotting.MUTED, linewidth=0.8)
    right.set_xlabel("x")
    right.set_title("two gradients give a slope", fontsize=11)
    right.legend(loc="upper left", fontsize=8.5)
    right.set_ylim(-12, 24)

    plotting.curve(left, p.f, (0.9, 2.15), color=plotting.INK, label=r"$f(x) = x^4 - 4x^2 + 1$")

    def model(x):
        return p.f(x_new) + p.df(x_new) * (x - x_new) + 0.5 * B * (x - x_new) ** 2

    left.plot(xs, model(xs), color=plotting.BLUE, linestyle="--", label="secant model")
    x_next = x_new - p.df(x_new) / B
    left.plot([x_new], [p.f(x_new)], "o", color=plotting.BLUE)
    left.plot([x_next], [model(x_next)], "*", markersize=11, color=plotting.BLUE)
    left.annotate("its minimum", (x_next, model(x_next)), textcoords="offset points", xytext=(-10, -16),
                  fontsize=9, color=plotting.BLUE)
    left.set_xlabel("x")
    left.set_title("the model built from that slope", fontsize=11)
    left.set_ylim(-3.6, 2.5)
    left.legend(loc="upper left", fontsize=8.5)
    fig.tight_layout()
    return fig


@figure("lesson08-rosenbrock-paths")
def rosenbrock_paths():
    p, runs = rosenbrock_runs()
    fig, axes = plt.subplots(2, 2, figsize=(7.6, 5.6), sharex=True, sharey=True)
    for ax, (name, res) in zip(axes.ravel(), runs.items()):
        plotting.contour(ax, p.f, (-1.6, 1.6), (-0.6, 1.8), levels=14, num=110, log=True)
        plotting.path(ax, res.path, color=COLORS[name], marker="" if res.nit > 100 else "o")
        ax.plot(*p.minimizer, marker="+", markersize=10, color=plotting.INK)
        ax.set_title(f"{name}: {res.nit:,} steps", fontsize=10.5)
    for ax in axes[1]:
        ax.set_xlabel(r"$x_1$")
    for ax in axes[:, 0]:
        ax.set_ylabel(r"$x_2$")
    fig.tight_layout()
    return fig


@figure("lesson08-rosenbrock-errors")
def rosenbrock_errors():
    p, runs = rosenbrock_runs()
    fig, (left, right) = plt.subplots(1, 2, figsize=(7.6, 3.5), gridspec_kw={"width_ratios": [1.3, 1]})
    for name, res in runs.items():
        err = np.linalg.norm(res.path - p.minimizer, axis=1)
        left.semilogy(np.arange(err.size)[:41], err[:41], marker="o", markersize=3, color=COLORS[name], label=name)
        if name == "gradient descent":
            right.loglog(np.arange(1, err.size + 1), err, color=COLORS[name])
    left.set_xlabel("iteration k")
    left.set_ylabel(r"error $\|x_k - x^*\|$")
    left.set_title("the first 40 iterations", fontsize=11)
    left.legend(fontsize=8.5, loc="lower left")
    right.set_xlabel("iteration k + 1")
    right.set_title(f"gradient descent, η = {GD_ETA:g}", fontsize=11)
    right.set_ylim(left.get_ylim())
    fig.tight_layout()
    return fig


def _intervals(alphas, mask):
    """The maximal runs of ``alphas`` where ``mask`` holds, as (first, last) pairs."""
    edges = np.flatnonzero(np.diff(np.concatenate([[0], mask.astype(int), [0]])))
    return [(alphas[i], alphas[j - 1]) for i, j in zip(edges[::2], edges[1::2])]


def wolfe_intervals(c1=1e-4, c2=0.9, alpha_max=2.6, num=26_001):
    """φ(α) = f(x + αp) for the lesson's double-well example (x = 0.1, p = −f'(0.1)), and where each condition holds."""
    p = problems.double_well()
    x = np.array([0.1])
    g = p.grad(x)
    d = -g
    fx, slope0 = p.f(x), float(g @ d)
    alphas = np.linspace(0.0, alpha_max, num)
    points = x[0] + alphas * d[0]
    phi, dphi = p.f(points), p.df(points) * d[0]
    armijo = phi <= fx + c1 * alphas * slope0
    strong = np.abs(dphi) <= c2 * abs(slope0)
    weak = dphi >= c2 * slope0
    return {
        "problem": p, "x": x, "g": g, "p": d, "fx": fx, "slope0": slope0, "alphas": alphas, "phi": phi,
        "armijo": _intervals(alphas, armijo & (alphas > 0)),
        "weak Wolfe": _intervals(alphas, armijo & weak & (alphas > 0)),
        "strong Wolfe": _intervals(alphas, armijo & strong & (alphas > 0)),
    }


@figure("lesson08-wolfe")
def wolfe():
    w = wolfe_intervals()
    prob, x, g, d, fx, slope0 = w["problem"], w["x"], w["g"], w["p"], w["fx"], w["slope0"]
    alphas, phi = w["alphas"], w["phi"]
    armijo_step = backtracking(prob.f, x, d, fx, g, alpha0=0.5).alpha
    wolfe_step = strong_wolfe(prob.f, prob.grad, x, d, fx, g, alpha0=0.5).alpha

    fig, (top, bars) = plt.subplots(2, 1, figsize=(6.4, 5.6), sharex=True,
                                    gridspec_kw={"height_ratios": [3, 1.5]})
    top.plot(alphas, phi, color=plotting.INK, label="φ(α) = f(x + αp)")
    top.plot(alphas, fx + 1e-4 * alphas * slope0, color=plotting.BLUE, linestyle="--",
             label="Armijo line φ(0) + c₁αφ′(0), c₁ = 10⁻⁴")
    top.plot(alphas, fx + alphas * slope0, color=plotting.MUTED, linestyle=":",
             label="tangent φ(0) + αφ′(0)")
    for step, color, name in ((armijo_step, plotting.ORANGE, "backtracking"),
                              (wolfe_step, plotting.GREEN, "strong Wolfe")):
        xs = x[0] + step * d[0]
        value, slope = prob.f(xs), prob.df(xs) * d[0]
        top.plot([step], [value], "o", color=color, markersize=7, zorder=5,
                 label=f"{name}: α = {step:.2f}, slope φ′ = {slope:.2f}".replace("-", "−"))
        seg = np.array([-0.22, 0.22])
        top.plot(step + seg, value + slope * seg, color=color, linewidth=2.5)  # the slope there
    for lo, hi in w["strong Wolfe"]:
        top.axvspan(lo, hi, color=plotting.GREEN, alpha=0.18, linewidth=0)
    top.set_ylim(-3.4, 4.6)
    top.set_ylabel("φ(α)")
    top.legend(loc="upper left", fontsize=8.5)
    top.set_title(f"the double well along p = −f′(0.1) from x = 0.1; φ′(0) = {slope0:.2f}".replace("-", "−"),
                  fontsize=10.5)

    rows = [("sufficient decrease (Armijo)", w["armijo"], plotting.BLUE),
            ("Armijo + curvature φ′(α) ≥ c₂φ′(0): Wolfe", w["weak Wolfe"], plotting.PURPLE),
            ("Armijo + |φ′(α)| ≤ c₂|φ′(0)|, c₂ = 0.9: strong Wolfe", w["strong Wolfe"], plotting.GREEN)]
    for row, (label, spans, color) in enumerate(rows):
        level = 1.6 * (len(rows) - 1 - row)
        for lo, hi in spans:
            bars.plot([lo, hi], [level, level], color=color, linewidth=7, solid_capstyle="butt")
        bars.text(0.02, level + 0.3, label, fontsize=9, color=plotting.INK, va="bottom")
    bars.set_ylim(-0.6, 1.6 * len(rows) - 0.3)
    bars.set_yticks([])
    bars.grid(False, axis="y")
    bars.set_xlabel("step length α")
    bars.set_xlim(0, alphas[-1])
    fig.tight_layout()
    return fig
