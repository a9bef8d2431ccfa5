"""Figures of lesson 10: logistic regression on the breast-cancer data."""

import matplotlib.pyplot as plt
import numpy as np

from lessonlib import datasets, plotting
from scripts.figures import figure

C = 1.0
COLORS = {"GD": plotting.ORANGE, "Adam": plotting.PURPLE, "Newton": plotting.RED, "BFGS": plotting.BLUE,
          "L-BFGS": plotting.GREEN}


def capstone_runs(data, C=C, steps=2000):
    """The five runs of the lesson, with the same settings as the page."""
    X, y = data.X_train, data.y_train
    m = X.shape[0]
    X1 = np.column_stack([X, np.ones(m)])
    L = np.linalg.eigvalsh(X1.T @ X1 / m)[-1] / 4 + datasets.l2_from_C(C, m)
    settings = {
        "GD": ("gd", {"eta": 1 / L, "max_iter": steps}),
        "Newton": ("newton", {}),
        "BFGS": ("bfgs", {}),
        "L-BFGS": ("lbfgs", {}),
        "Adam": ("adam", {"eta": 0.01, "max_iter": steps}),
    }
    return {name: datasets.fit_logistic(X, y, C, method, tol=1e-8, norm=np.inf, **options)
            for name, (method, options) in settings.items()}


@figure("lesson10-two-features")
def two_features():
    data = datasets.breast_cancer()
    cols = [data.feature_names.index("worst radius"), data.feature_names.index("worst texture")]
    X, y = data.X_train[:, cols], data.y_train
    res = datasets.fit_logistic(X, y, C, "newton", tol=1e-10)
    w1, w2, b = res.x
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    ax.scatter(*X[y == 1].T, s=14, marker="o", color=plotting.BLUE, alpha=0.7, label="benign (y = 1)")
    ax.scatter(*X[y == 0].T, s=16, marker="^", color=plotting.RED, alpha=0.7, label="malignant (y = 0)")
    xs = np.linspace(-2.2, 4.2, 50)
    for p, style in [(0.1, ":"), (0.5, "-"), (0.9, "--")]:
        z = np.log(p / (1 - p))  # the probability is p where w1 x1 + w2 x2 + b = logit(p)
        ax.plot(xs, (z - b - w1 * xs) / w2, color=plotting.INK, linestyle=style, linewidth=1.4,
                label=f"P(benign) = {p}")
    ax.set_xlim(-2.2, 4.2)
    ax.set_ylim(-2.8, 4.2)
    ax.set_xlabel("worst radius (standardized)")
    ax.set_ylabel("worst texture (standardized)")
    ax.legend(loc="upper right", fontsize=8.5)
    fig.tight_layout()
    return fig


#: Gaps below this are not resolved: they depend on where inside the stopping test each run stopped, and on the
#: machine's rounding (the page prints them as "< 1e-12"). The figure draws them on this line.
GAP_FLOOR = 1e-12


@figure("lesson10-loss")
def loss_curves():
    data = datasets.breast_cancer()
    runs = capstone_runs(data)
    f_star = min(r.fun for r in runs.values())
    fig, ax = plt.subplots(figsize=(6.4, 3.9))
    ax.axhspan(1e-13, GAP_FLOOR, color=plotting.MUTED, alpha=0.15, linewidth=0)
    ax.text(1.1, 2.2e-13, "below 1e-12: not resolved (drawn at 1e-12)", fontsize=8, color=plotting.MUTED,
            va="center")
    for name, res in runs.items():
        gap = np.maximum(res.values - f_star, GAP_FLOOR)
        k = np.arange(1, gap.size + 1)
        ax.loglog(k, gap, color=COLORS[name], marker="o" if res.nit < 200 else None, markersize=3,
                  label=f"{name} ({res.nit} iterations)")
    ax.set_xlabel("iteration k + 1")
    ax.set_ylabel(r"$f(w_k) - f^*$")
    ax.set_ylim(1e-13, 1)
    ax.legend(fontsize=8.5, loc="lower left", bbox_to_anchor=(0.0, 0.1))
    fig.tight_layout()
    return fig


@figure("lesson10-regularization")
def regularization():
    data = datasets.breast_cancer()
    Cs = np.logspace(-3, 4, 15)
    train, test, norms = [], [], []
    for c in Cs:
        res = datasets.fit_logistic(data.X_train, data.y_train, c, "newton", tol=1e-8, norm=np.inf)
        train.append(datasets.accuracy(res.x, data.X_train, data.y_train))
        test.append(datasets.accuracy(res.x, data.X_test, data.y_test))
        norms.append(np.linalg.norm(res.x[:-1]))
    fig, (left, right) = plt.subplots(1, 2, figsize=(7.6, 3.4))
    left.semilogx(Cs, train, marker="o", markersize=3.5, color=plotting.BLUE, label="training")
    left.semilogx(Cs, test, marker="s", markersize=3.5, color=plotting.ORANGE, label="held out")
    left.set_xlabel("C (larger = weaker penalty)")
    left.set_ylabel("accuracy")
    left.legend(loc="lower right", fontsize=9)
    right.loglog(Cs, norms, marker="o", markersize=3.5, color=plotting.GREEN)
    right.set_xlabel("C")
    right.set_ylabel(r"$\|w\|$ (without the intercept)")
    for ax in (left, right):
        ax.axvline(C, color=plotting.MUTED, linestyle=":", linewidth=1.2)
    fig.tight_layout()
    return fig
