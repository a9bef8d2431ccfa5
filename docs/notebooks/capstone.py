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
# The companion of [lesson 10](../../lessons/10-capstone/). It trains L2-regularized logistic regression
# on scikit-learn's breast-cancer data with five methods from `lessonlib`, compares them in one table
# (with the time each took), checks the weights against scikit-learn's own `lbfgs` solver, and plots
# the loss against the iterations.
#
# Download the notebook (the button at the top right of the page), change the settings in the next
# cell and run it again: a smaller `C` is a stronger penalty; `METHODS` picks the solvers; `STEPS` is
# the budget of the first-order methods.

# %%
# scikit-learn's C: the penalty is lambda = 1 / (C m)
C = 1.0
# any of "GD", "Newton", "BFGS", "L-BFGS", "Adam"
METHODS = ["GD", "Newton", "BFGS", "L-BFGS", "Adam"]
STEPS = 2000     # budget of gradient descent and Adam
ADAM_ETA = 0.01  # Adam's learning rate
TOL = 1e-8       # stop when every |gradient component| < TOL

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression

from lessonlib import datasets, plotting

# %% [markdown]
# ## The data
# 427 tumours for training and 142 held out, stratified; every feature standardized with the
# training part's mean and standard deviation.

# %%
data = datasets.breast_cancer(test_fraction=0.25, seed=0)
m = data.X_train.shape[0]
lam = datasets.l2_from_C(C, m)
problem = datasets.logistic_problem(data.X_train, data.y_train, C)
print(data)
print(f"C = {C:g}, so lambda = 1/(C m) = {lam:.3e}")
print(f"{problem.n} unknowns: 30 weights and the intercept")

# %% [markdown]
# ## Five methods
# Gradient descent takes the step η = 1/L, where L = λmax(X̃ᵀX̃/m)/4 + λ bounds the largest
# eigenvalue of the Hessian (X̃ is X with a column of ones for the intercept).

# %%
X1 = np.column_stack([data.X_train, np.ones(m)])
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
        data.X_train, data.y_train, C, method,
        tol=TOL, norm=np.inf, **options)
    seconds[name] = time.perf_counter() - start

# %%
f_star = min(r.fun for r in results.values())
print(f"f* = {f_star:.10f}  (the lowest loss reached)")
print("f - f* below 1e-12 is shown as '< 1e-12': at that level it depends on where inside the")
print("stopping test a run stopped, and on the machine's rounding\n")
print(f"{'method':7s} {'status':9s} {'f - f*':>7s} {'train':>6s}"
      f" {'test':>6s} {'its':>4s} {'f ev':>4s} {'g ev':>4s} {'Hess':>4s}"
      f" {'ms':>6s}")
for name, r in results.items():
    train = datasets.accuracy(r.x, data.X_train, data.y_train)
    test = datasets.accuracy(r.x, data.X_test, data.y_test)
    ms = 1000 * seconds[name]
    gap = r.fun - f_star
    shown = f"{gap:.1e}" if gap >= 1e-12 else "< 1e-12"
    print(f"{name:7s} {r.status_name:9s} {shown:>7s}"
          f" {train:6.4f} {test:6.4f} {r.nit:4d} {r.nfev:4d}"
          f" {r.njev:4d} {r.nhev:4d} {ms:6.1f}")

# %% [markdown]
# ## Agreement with scikit-learn
# For each method, the largest coefficient difference relative to the largest coefficient of
# `LogisticRegression(solver="lbfgs", C=C, tol=1e-10, max_iter=10000)`.

# %%
start = time.perf_counter()
sk = LogisticRegression(solver="lbfgs", C=C, tol=1e-10, max_iter=10000)
sk.fit(data.X_train, data.y_train)
sk_ms = 1000 * (time.perf_counter() - start)
theta_sk = np.append(sk.coef_.ravel(), sk.intercept_)
largest = np.abs(problem.grad(theta_sk)).max()
print(f"scikit-learn: {sk.n_iter_[0]} iterations in {sk_ms:.1f} ms")
print(f"our largest gradient component there: {largest:.1e}\n")
for name, r in results.items():
    diff = datasets.relative_difference(r.x, theta_sk)
    verdict = "agrees" if diff < 1e-4 else "does not agree"
    print(f"{name:7s} max rel. difference {diff:.1e}"
          f" ({verdict} to 1e-4)")

# %% [markdown]
# ## Loss against iterations
# The gap f(w_k) − f* on log–log axes. Gaps below 1e-12 are not resolved (see above) and are drawn at 1e-12.

# %%
colors = {"GD": plotting.ORANGE, "Adam": plotting.PURPLE,
          "Newton": plotting.RED, "BFGS": plotting.BLUE,
          "L-BFGS": plotting.GREEN}
with plotting.style():
    fig, ax = plt.subplots(figsize=(7, 4))
    fig.patch.set_facecolor("white")
    for name, r in results.items():
        gap = np.maximum(r.values - f_star, 1e-12)
        ax.loglog(np.arange(1, gap.size + 1), gap, color=colors[name],
                  label=f"{name} ({r.nit} iterations)")
    ax.set_ylim(1e-13, 1)
    ax.axhspan(1e-13, 1e-12, color="0.5", alpha=0.15, linewidth=0)
    ax.set_xlabel("iteration k + 1")
    ax.set_ylabel("f(w_k) - f*")
    ax.legend(fontsize=9)
    plt.show()

# %% [markdown]
# ## Things to try
# - `C = 0.01` or `C = 100`: how do the held-out accuracy and the iteration counts change? (A
#   weaker penalty makes the problem worse conditioned.)
# - `METHODS = ["GD", "Newton"]` with `STEPS = 20000`: how close does gradient descent get? (Keep
#   Newton in the list: f* is the lowest loss any listed method reached.)
# - `ADAM_ETA = 0.1` or `0.001`.
# - `TOL = 1e-6`: does the agreement with scikit-learn still hold to 1e-4?
