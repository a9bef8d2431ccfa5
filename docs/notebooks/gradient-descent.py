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
# # Gradient descent and step sizes
#
# A companion to lessons [4](../lessons/04-gradient-descent.md) and [5](../lessons/05-learning-rates.md).
# Download this notebook (the button at the top right of the page), change `eta` below and run it again.

# %%
import matplotlib.pyplot as plt
import numpy as np

from lessonlib import gradient_descent, problems
from lessonlib.gd import rate, regime

# %% [markdown]
# ## One problem, one step size
# $f(x) = x^2 - 4x + 5$ from $x_0 = 0$. Try `eta = 0.1`, `0.5`, `0.9`, `1.0`, `1.1`.

# %%
eta = 0.1
problem = problems.parabola()
res = gradient_descent(problem, x0=0.0, eta=eta, max_iter=20, tol=0)
print(f"eta = {eta}: factor 1 - 2*eta = {1 - 2 * eta:+.2f}, regime: {regime(eta, [2.0])}")
print(f"after {res.nit} steps: x = {res.x.item():.6f}, f(x) = {res.fun:.6f} ({res.status_name})")

fig, ax = plt.subplots(figsize=(6, 3.5))
xs = np.linspace(-1, 5, 200)
ax.plot(xs, [problem.f(x) for x in xs], color="gray")
ax.plot(res.path[:, 0], res.values, "o-", color="tab:orange")
ax.set_xlabel("x")
ax.set_ylabel("f(x)")
plt.show()

# %% [markdown]
# ## The factor |1 − ηλ| over a sweep of step sizes
# On $f(x) = x^2$ the curvature is $\lambda = 2$, so each step multiplies $x$ by $1 - 2\eta$.

# %%
for eta in [0.01, 0.1, 0.5, 0.9, 1.0, 1.1]:
    print(f"eta = {eta:4}: rate {rate(eta, [2.0]):.2f} -> {regime(eta, [2.0])}")
