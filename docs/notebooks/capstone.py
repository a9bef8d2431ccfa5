# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Capstone: logistic regression on the breast-cancer data
#
# The companion of [lesson 10](../../lessons/10-capstone/). It trains L2-regularized logistic
# regression on scikit-learn's breast-cancer data with five methods from `lessonlib`, compares them
# in two tables (with the time each took on the machine that ran it), checks the weights against
# scikit-learn's own `lbfgs` solver, and plots the loss against the iterations.
#
# Download this notebook (the download link at the top of the page), open it in Jupyter, change the
# settings in the next cell and run everything again. You need the course library: from a copy of
# the repository, `pip install -e .`, or start Jupyter in the repository's root folder.
#
# - `C` is scikit-learn's inverse penalty: a smaller `C` is a stronger penalty,
#   λ = 1/(C m) on the mean loss over the m training examples;
# - `METHODS` picks the solvers;
# - `STEPS` is the budget of the first-order methods, gradient descent and Adam.

# %%
# ---- Change these and rerun -------------------------
C = 1.0          # scikit-learn's C: lambda = 1 / (C m)
METHODS = ["GD", "Newton", "BFGS", "L-BFGS", "Adam"]
STEPS = 2000     # budget of gradient descent and Adam
ADAM_ETA = 0.01  # Adam's learning rate
TOL = 1e-8       # stop once every |gradient entry| < TOL
# -------------------------------------------------------

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression

from lessonlib import datasets, plotting

# %% [markdown]
# ## The data
# 427 tumours for training and 142 held out, each class split in the same proportion; every
# feature standardized with the training part's mean and standard deviation
# ([lesson 10, The data](../../lessons/10-capstone/#the-data)).

# %%
data = datasets.breast_cancer(test_fraction=0.25, seed=0)
X, y = data.X_train, data.y_train
m = len(y)
lam = datasets.l2_from_C(C, m)
problem = datasets.logistic_problem(X, y, C)
print(data)
print(f"C = {C:g}, so lambda = 1/(C m) = {lam:.3e}")
print(f"{problem.n} unknowns: 30 weights and the intercept")

# %% [markdown]
# ## Five methods
# Gradient descent takes the step η = 1/L. L = λmax(X̃ᵀX̃/m)/4 + λ bounds the largest eigenvalue of
# the Hessian everywhere (X̃ is X with a column of ones for the intercept): the smoothness constant
# of [lesson 5](../../lessons/05-learning-rates/#worked-example-logistic-regression).

# %%
X1 = np.column_stack([X, np.ones(m)])
L = np.linalg.eigvalsh(X1.T @ X1 / m)[-1] / 4 + lam
settings = {
    "GD": ("gd", {"eta": 1 / L, "max_iter": STEPS}),
    "Newton": ("newton", {}),
    "BFGS": ("bfgs", {}),
    "L-BFGS": ("lbfgs", {}),
    "Adam": ("adam", {"eta": ADAM_ETA, "max_iter": STEPS}),
}
results, seconds = {}, {}
for name in METHODS:
    method, options = settings[name]
    start = time.perf_counter()
    results[name] = datasets.fit_logistic(
        X, y, C, method, tol=TOL, norm=np.inf, **options)
    seconds[name] = time.perf_counter() - start


# %% [markdown]
# ## The results
# f* is the lowest loss any of the listed methods reached. A gap f − f* below 1e-12 is shown as
# "< 1e-12": at that level it only says where inside the stopping test a run stopped, and it changes
# with the machine's rounding. The first table shows where each run ended, the second what it cost
# (iterations; evaluations of the loss, the gradient and the Hessian; milliseconds on this machine).

# %%
def row(*cells, width=10):
    """Print one table row, each cell right-aligned."""
    print("".join(f"{c:>{width}}" for c in cells))


def gap(r):
    """f - f*, or a bound where it is rounding noise."""
    if r.fun - f_star < 1e-12:
        return "< 1e-12"
    return f"{r.fun - f_star:.1e}"


def accuracy(r, X, y):
    return f"{datasets.accuracy(r.x, X, y):.4f}"


f_star = min(r.fun for r in results.values())
print(f"f* = {f_star:.10f}\n")
row("", "status", "f - f*", "train", "test")
for name, r in results.items():
    row(name, r.status_name, gap(r), accuracy(r, X, y),
        accuracy(r, data.X_test, data.y_test))
print()
row("", "iters", "f evals", "grads", "Hess", "ms", width=8)
for name, r in results.items():
    row(name, r.nit, r.nfev, r.njev, r.nhev,
        f"{1000 * seconds[name]:.1f}", width=8)

# %% [markdown]
# ## Agreement with scikit-learn
# For each method, the largest coefficient difference relative to the largest coefficient of
# `LogisticRegression(solver="lbfgs", C=C, tol=1e-10, max_iter=10000)`. With the settings above
# unchanged, every run that meets the stopping test agrees to well within 1e-4; a run stopped by its
# budget need not ([lesson 10](../../lessons/10-capstone/#agreement-with-scikit-learn) explains
# what limits the agreement).

# %%
start = time.perf_counter()
sk = LogisticRegression(solver="lbfgs", C=C, tol=1e-10,
                        max_iter=10000).fit(X, y)
sk_ms = 1000 * (time.perf_counter() - start)
theta_sk = np.append(sk.coef_.ravel(), sk.intercept_)
largest = np.abs(problem.grad(theta_sk)).max()
print(f"scikit-learn: {sk.n_iter_[0]} iterations, {sk_ms:.1f} ms")
print(f"our largest gradient entry there: {largest:.1e}\n")
row("", "rel. diff", "< 1e-4")
for name, r in results.items():
    diff = datasets.relative_difference(r.x, theta_sk)
    row(name, f"{diff:.1e}", str(diff < 1e-4))

# %% [markdown]
# ## Loss against iterations
# The gap f(w_k) − f* on log–log axes. Gaps below 1e-12 are not resolved (see above) and are drawn
# at 1e-12, in the grey band.

# %%
colors = {"GD": plotting.ORANGE, "Adam": plotting.PURPLE,
          "Newton": plotting.RED, "BFGS": plotting.BLUE,
          "L-BFGS": plotting.GREEN}
with plotting.style():
    fig, ax = plt.subplots(figsize=(7, 4))
    fig.patch.set_facecolor("white")
    for name, r in results.items():
        gaps = np.maximum(r.values - f_star, 1e-12)
        ax.loglog(np.arange(1, gaps.size + 1), gaps,
                  color=colors[name],
                  label=f"{name} ({r.nit} iterations)")
    ax.set_ylim(1e-13, 1)
    ax.axhspan(1e-13, 1e-12, color="0.5", alpha=0.15,
               linewidth=0)
    ax.set_xlabel("iteration k + 1")
    ax.set_ylabel("f(w_k) - f*")
    ax.legend(fontsize=9)
    # Alt text: the gap f(w_k) − f* against the iteration on log–log axes for GD, Adam, Newton, BFGS
    # and L-BFGS; the band below 1e-12, where gaps are not resolved, is shaded.
    plt.show()

# %% [markdown]
# ## Things to try
# - `C = 0.01` or `C = 100`: how do the held-out accuracy and the iteration counts change? (A
#   weaker penalty makes the problem worse conditioned: lesson 10's exercise B3.)
# - `METHODS = ["GD", "Newton"]` with `STEPS = 20000`: how close does gradient descent get? (Keep
#   Newton in the list: f* is the lowest loss any listed method reached.)
# - `ADAM_ETA = 0.1` or `0.001`.
# - `TOL = 1e-6`: does the agreement with scikit-learn still hold to 1e-4?
