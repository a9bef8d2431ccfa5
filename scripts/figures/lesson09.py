"""Lesson 9's figures: momentum and adaptive paths, heavy-ball rates, schedules, mini-batch noise."""

import matplotlib.pyplot as plt
import numpy as np

from lessonlib import plotting, problems
from lessonlib.adaptive import adagrad, adam, gd, heavy_ball_optimal, momentum, nesterov, rmsprop, run
from lessonlib.schedules import step_decay, warmup_cosine
from lessonlib.stochastic import least_squares, least_squares_data, minibatch_sgd
from scripts.figures import figure

#: The methods of the path figure, with the settings the lesson uses.
PATH_METHODS = [
    ("gradient descent, η = 0.45", gd(0.45), plotting.ORANGE),
    ("heavy ball, η = 0.1, β = 0.7", momentum(0.1, beta=0.7), plotting.BLUE),
    ("Nesterov, η = 0.1, β = 0.7", nesterov(0.1, beta=0.7), plotting.SKY),
    ("AdaGrad, η = 0.5", adagrad(0.5), plotting.GREEN),
    ("RMSProp, η = 0.1", rmsprop(0.1), plotting.PURPLE),
    ("Adam, η = 0.1", adam(0.1), plotting.RED),
]


STEPS = 25


@figure("lesson09-paths")
def paths():
    problem = problems.lesson_quadratic()
    X, Y, Z = plotting.grid(problem.f, (-1.2, 2.3), (-1.2, 1.2), num=80)      # one grid for all six panels
    values = dict(zip(zip(X.ravel(), Y.ravel()), Z.ravel()))

    def f(x):
        return values[(x[0], x[1])]

    fig, axes = plt.subplots(2, 3, figsize=(7.6, 5.0), sharex=True, sharey=True)
    for ax, (label, opt, color) in zip(axes.ravel(), PATH_METHODS):
        res = run(opt, problem, max_iter=STEPS, tol=1e-6)
        plotting.contour(ax, f, (-1.2, 2.3), (-1.2, 1.2), levels=np.geomspace(0.005, 6, 9), num=80)
        plotting.path(ax, res.path, color=color, markersize=2.5, linewidth=1.4)
        ax.plot(0, 0, marker="+", color=plotting.INK, markersize=9)
        ax.set_title(f"{label}\nf = {res.fun:.1e} after {STEPS} steps", fontsize=9)
        ax.tick_params(labelsize=8)
    for ax in axes[1]:
        ax.set_xlabel(r"$w_1$")
    for ax in axes[:, 0]:
        ax.set_ylabel(r"$w_2$")
    fig.tight_layout()
    return fig


@figure("lesson09-rates")
def rates():
    mu, L = 1.0, 100.0
    kappa = L / mu
    problem = problems.ill_conditioned_quadratic(kappa, n=10)
    eta, beta, hb_rate = heavy_ball_optimal(mu, L)
    gd_rate = (kappa - 1) / (kappa + 1)
    nesterov_beta = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    runs = [
        (f"gradient descent, η = 2/(μ+L): rate {gd_rate:.4f}", gd(2 / (mu + L)), gd_rate, plotting.ORANGE),
        (f"Nesterov, η = 1/L, β = {nesterov_beta:.3f}: rate {1 - 1 / np.sqrt(kappa):.4f}",
         nesterov(1 / L, nesterov_beta), 1 - 1 / np.sqrt(kappa), plotting.SKY),
        (f"heavy ball, optimal η, β: rate {hb_rate:.4f}", momentum(eta, beta), hb_rate, plotting.BLUE),
    ]
    fig, ax = plt.subplots(figsize=(6.4, 3.9))
    steps = 300
    for label, opt, r, color in runs:
        res = run(opt, problem, max_iter=steps, tol=1e-13)
        error = np.linalg.norm(res.path, axis=1)
        ax.semilogy(error, color=color, label=label, linewidth=1.8)
        k = np.arange(steps + 1)
        ax.semilogy(k, error[0] * r**k, color=color, linestyle=":", linewidth=1.2)
    ax.axhline(1e-6, color=plotting.MUTED, linewidth=0.8)
    ax.text(steps, 1.6e-6, "1e-6", ha="right", va="bottom", fontsize=8.5, color=plotting.MUTED)
    ax.set_ylim(1e-13, 10)
    ax.set_xlim(0, steps)
    ax.set_xlabel("iteration k")
    ax.set_ylabel(r"error $\|x_k - x^*\|$")
    ax.set_title(r"quadratic with eigenvalues in $[\mu, L] = [1, 100]$ (dotted: predicted rate$^k$)", fontsize=10)
    ax.legend(loc="upper right", fontsize=8.5)
    fig.tight_layout()
    return fig


@figure("lesson09-schedules")
def schedules():
    total = 500
    k = np.arange(total + 1)
    curves = [
        ("constant, η = 0.1", 0.1, plotting.MUTED),
        ("step decay: × 0.5 every 100 steps", step_decay(0.1, factor=0.5, every=100), plotting.BLUE),
        ("warm-up 30 steps, cosine to 0.001", warmup_cosine(0.1, warmup=30, total=total, final=0.001),
         plotting.RED),
    ]
    X, y, _ = least_squares_data(seed=0)
    fmin = least_squares(X, y).fmin
    fig, (left, right) = plt.subplots(1, 2, figsize=(7.6, 3.4))
    for label, schedule, color in curves:
        eta = [schedule(j) if callable(schedule) else schedule for j in k]
        left.plot(k, eta, color=color, label=label)
        res = minibatch_sgd(X, y, 4, eta=schedule, steps=total, seed=0, record_path=False)
        right.semilogy(np.maximum(res.values - fmin, 1e-16), color=color, linewidth=1.0)
    left.set_xlabel("step k")
    left.set_ylabel(r"learning rate $\eta_k$")
    left.set_ylim(0, 0.16)
    left.set_xlim(0, total)
    left.legend(loc="upper right", fontsize=8.5)
    left.set_title("three schedules", fontsize=10)
    right.set_xlabel("step k")
    right.set_ylabel(r"excess loss $\mathcal{L}(w_k) - \mathcal{L}^*$")
    right.set_xlim(0, total)
    right.set_ylim(1e-5, 5)
    right.set_title("mini-batch SGD (B = 4) with each", fontsize=10)
    fig.tight_layout()
    return fig


BATCH_SIZES = (1, 4, 16, 64, 256)


@figure("lesson09-minibatch")
def minibatch():
    X, y, _ = least_squares_data(seed=0)
    fmin = least_squares(X, y).fmin
    colors = [plotting.RED, plotting.ORANGE, plotting.GREEN, plotting.BLUE, plotting.INK]
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    for B, color in zip(BATCH_SIZES, colors):
        res = minibatch_sgd(X, y, B, eta=0.1, steps=500, seed=0, record_path=False)
        excess = np.maximum(res.values - fmin, 1e-16)
        label = f"B = {B}" + (" (full batch: gradient descent)" if B == len(y) else "")
        ax.semilogy(excess, color=color, label=label, linewidth=1.1 if B < len(y) else 2.0)
    ax.axvspan(300, 500, color=plotting.MUTED, alpha=0.12, linewidth=0)
    ax.text(400, 3.0, "tail averaged\nin the table", ha="center", va="top", fontsize=8.5, color=plotting.MUTED)
    ax.set_ylim(1e-8, 5)
    ax.set_xlim(0, 500)
    ax.set_xlabel("step k")
    ax.set_ylabel(r"excess loss $\mathcal{L}(w_k) - \mathcal{L}^*$")
    ax.set_title(f"mini-batch SGD, η = 0.1, on least squares (N = {len(y)}, n = {X.shape[1]})", fontsize=10)
    ax.legend(loc="lower left", fontsize=8.5, ncol=2)
    fig.tight_layout()
    return fig
