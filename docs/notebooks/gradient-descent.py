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
# A companion to lessons [4](../../lessons/04-gradient-descent/) and
# [5](../../lessons/05-learning-rates/): change the step sizes in the first code cell and run
# everything again; every table and plot below is redrawn with your values.
#
# <a href="gradient-descent.py" download>Download this notebook</a> (`gradient-descent.py`).
# It is a Jupyter notebook stored as a plain Python file, in jupytext's "percent" format:
# each `# %%` line starts a cell. To open it:
#
# - in JupyterLab or Jupyter Notebook with jupytext installed (`pip install jupytext`):
#   right-click the file, then *Open With → Notebook*;
# - or convert it: `jupytext --to ipynb gradient-descent.py`;
# - or open it in VS Code, which runs `# %%` cells as they are.
#
# You also need the course library: from a copy of the repository, `pip install -e .` (or
# `pip install -e ".[docs]"`, which brings jupytext too), or put the notebook in the
# repository's root folder and start Jupyter there.

# %%
# ---- Change these, then rerun ----
# lesson 4, x² − 4x + 5 (try 0.5, 0.9, 1.0, 1.1)
ETA = 0.1
# four step sizes on f(x) = x²
ETAS_SQUARE = [0.05, 0.3, 1.0, 1.1]
# ½(w₁² + 4w₂²): stable below 0.5, best at 0.4
ETA_2D = 0.48
# how many steps each run takes
STEPS = 20

# %%
import matplotlib.pyplot as plt
import numpy as np

from lessonlib import plotting, problems
from lessonlib.gd import (gradient_descent, optimal_rate,
                          optimal_step, rate, regime,
                          update_factors)

plt.rcParams.update(plotting.rc())
# an opaque background, so the plots read on light and dark pages alike
plt.rcParams["figure.facecolor"] = plotting.PAPER

# %% [markdown]
# ## 1. One problem, one step size (lesson 4)
#
# f(x) = x² − 4x + 5 from x₀ = 0. Its curvature is f″ = 2, so each step multiplies the distance
# to the minimizer x* = 2 by the factor 1 − 2η. `regime` names what that factor does:
# *diverge* when |1 − 2η| > 1, *oscillate* when 1 − 2η = −1, *slow* when |1 − 2η| is 0.9 or
# more (the distance shrinks by 10 % or less per step), *converge* otherwise.

# %%
parabola = problems.parabola()
# tol=0 switches the gradient test off: exactly STEPS steps
res = gradient_descent(parabola, x0=0.0, eta=ETA, max_iter=STEPS,
                       tol=0)
print(f"eta = {ETA}: factor 1 - 2*eta = {1 - 2 * ETA:+.2f}, "
      f"regime: {regime(ETA, [2.0])}")
for k in range(0, res.nit + 1, 5):
    x, fx = res.path[k, 0], res.values[k]
    print(f"step {k:3d}: x = {x:.6f}, f(x) = {fx:.6f}")
print(f"status: {res.status_name}")

fig, ax = plt.subplots(figsize=(6, 3.4))
plotting.curve(ax, parabola.f, (-1, 5), color=plotting.MUTED)
xs = res.path[:, 0]
plotting.iterates_1d(ax, parabola.f, xs, color=plotting.ORANGE)
ax.set_ylim(0, 6)
ax.set_xlabel("x")
ax.set_ylabel("f(x)")
ax.set_title(f"gradient descent on x² − 4x + 5, η = {ETA}")
# Alt text: the parabola f(x) = x² − 4x + 5 with the iterates of gradient descent marked on it.
plt.show()

# %% [markdown]
# ## 2. The four regimes on f(x) = x² (lesson 5)
#
# The update is x ← (1 − 2η)·x: it converges for 0 < η < 1, oscillates at η = 1 and diverges
# for η > 1. Each step size in `ETAS_SQUARE` runs `STEPS` steps from x₀ = 1. On the left, |xₖ|
# on a log scale: a straight line going down is convergence, a flat line is the oscillation, a
# line going up is divergence.

# %%
square = problems.square()
runs = {eta: gradient_descent(square, x0=1.0, eta=eta, max_iter=STEPS,
                              tol=0)
        for eta in ETAS_SQUARE}
print("   eta  factor     final x  regime     status")
for eta, r in runs.items():
    print(f"{eta:6} {1 - 2 * eta:+7.2f} {r.x[0]:11.4g}  "
          f"{regime(eta, [2.0]):<10} {r.status_name}")

fig, (left, right) = plt.subplots(1, 2, figsize=(7.5, 3.2))
for (eta, r), color in zip(runs.items(), plotting.COLORS):
    # |x_k|, kept above 0 for the log scale
    size = np.maximum(np.abs(r.path[:, 0]), 1e-16)
    left.semilogy(size, marker="o", markersize=3, color=color,
                  label=f"η = {eta}")
    plotting.iterates_1d(right, square.f, r.path[:8, 0], color=color)
left.set_xlabel("step k")
left.set_ylabel("|xₖ|")
left.legend(fontsize=8)
plotting.curve(right, square.f, (-2.5, 2.5), color=plotting.MUTED)
right.set_xlim(-2.5, 2.5)
right.set_ylim(-0.2, 6)
right.set_xlabel("x")
right.set_ylabel("f(x) = x²   (first 8 steps)")
fig.tight_layout()
# Alt text: left, |x_k| against the step k on a log scale, one line per step size (falling: converges,
# flat: oscillates, rising: diverges); right, the first eight iterates of each on the parabola x².
plt.show()

# %% [markdown]
# ## 3. The zig-zag on ½(w₁² + 4w₂²)
#
# The Hessian has eigenvalues 1 and 4, so a step multiplies w₁ by 1 − η and w₂ by 1 − 4η.
# Set `ETA_2D` in the first cell: above 0.25 the factor 1 − 4η is negative, so the steep
# coordinate w₂ flips sign every step; near 0.5 the flips hardly shrink (the zig-zag), and
# above 0.5 they grow: the run diverges.

# %%
bowl = problems.lesson_quadratic()
lam = [1.0, 4.0]
res2 = gradient_descent(bowl, eta=ETA_2D, max_iter=STEPS, tol=1e-8)
print(f"eta = {ETA_2D}: factors {update_factors(ETA_2D, lam)}, "
      f"rate {rate(ETA_2D, lam):.3f}, regime: {regime(ETA_2D, lam)}")
print(f"after {res2.nit} steps: w = {np.round(res2.x, 4)} "
      f"({res2.status_name})")

fig, ax = plt.subplots(figsize=(6.4, 3.6))
plotting.contour(ax, bowl.f, (-2.5, 2.5), (-1.5, 1.5), levels=12)
# the iterates inside the frame
inside = np.all(np.abs(res2.path) < [2.5, 1.5], axis=1)
if inside.any():
    plotting.path(ax, res2.path[inside], color=plotting.ORANGE,
                  label=f"η = {ETA_2D}")
    ax.legend(loc="lower right")
ax.set_xlabel("w₁")
ax.set_ylabel("w₂")
# Alt text: contours of the bowl ½(w₁² + 4w₂²) with the path of gradient descent drawn over them.
plt.show()

# %% [markdown]
# ## 4. The rate curve r(η) = maxᵢ |1 − η·λᵢ|
#
# Each step multiplies the length of the error w − w* by at most r(η) (exactly r(η) along the
# eigen-direction that attains the maximum). The best step, the one with the smallest r, is
# η* = 2 / (λmin + λmax); beyond 2 / λmax the rate exceeds 1 and a run from (2, 1) diverges.
# Your `ETA_2D` is the square.

# %%
eta_star, r_star = optimal_step(lam), optimal_rate(lam)
print(f"eta* = {eta_star:.3f}, rate {r_star:.3f}; "
      f"diverges beyond 2/lambda_max = {2 / max(lam):.3f}")

etas = np.linspace(0.0, 0.6, 301)
fig, ax = plt.subplots(figsize=(6.4, 3.4))
rates = [rate(eta, lam) for eta in etas]
ax.plot(etas, rates, color=plotting.BLUE, label="r(η)")
ax.plot(eta_star, r_star, "o", color=plotting.GREEN,
        label=f"η* = {eta_star:.2f}")
ax.plot(ETA_2D, rate(ETA_2D, lam), "s", color=plotting.ORANGE,
        label=f"your η = {ETA_2D}")
ax.axhline(1.0, color=plotting.MUTED, linewidth=1)
ax.axvline(2 / max(lam), color=plotting.RED, linestyle=":")
ax.set_xlabel("step size η")
ax.set_ylabel("rate")
ax.set_ylim(0, 1.5)
ax.legend(fontsize=9)
# Alt text: the rate r(η) against the step size η, the best step η* as a dot, your η as a square,
# and the divergence threshold 2/λmax as a dotted line.
plt.show()

# %% [markdown]
# ## Things to try
#
# - `ETA = 1.0`: the lesson 4 loop bounces between 0 and 4 forever; `ETA = 1.1` diverges.
# - `ETAS_SQUARE = [0.4, 0.5, 0.6]`: the factors 1 − 2η are 0.2, 0 and −0.2. Which one lands
#   in a single step, and which two end at the same distance from 0?
# - `ETA_2D = 0.1`, `0.4`, `0.48`, `0.52`: smooth and slow; fastest (w₂ already flips sign, but
#   shrinks as fast as w₁); a slow zig-zag; divergence.
