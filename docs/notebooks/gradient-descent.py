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
# A companion to lessons [4](../../lessons/04-gradient-descent/) and [5](../../lessons/05-learning-rates/).
# Download this notebook (the download link at the top of the page), open it in Jupyter, change the step sizes in
# the next cell and run everything again. Each section redraws with your values.
#
# To run it you need the course library: from a copy of the repository, `pip install -e .` (or run the notebook
# from the repository's root folder).

# %%
# ---- Change these and rerun ----------------------------------------------------------------
ETA = 0.1                      # the step size of the lesson 4 loop on x² - 4x + 5 (try 0.5, 0.9, 1.0, 1.1)
ETAS_SQUARE = [0.05, 0.3, 1.0, 1.1]   # four step sizes on f(x) = x²: slow, converge, oscillate, diverge
ETA_2D = 0.48                  # the step size on the bowl ½(w₁² + 4w₂²) (stable below 0.5, best at 0.4)
STEPS = 20                     # how many steps each run takes
# ----------------------------------------------------------------------------------------------

# %%
import matplotlib.pyplot as plt
import numpy as np

from lessonlib import plotting, problems
from lessonlib.gd import gradient_descent, optimal_rate, optimal_step, rate, regime, update_factors

plt.rcParams.update(plotting.rc())
plt.rcParams["figure.facecolor"] = plotting.PAPER   # an opaque background reads in light and dark pages

# %% [markdown]
# ## 1. One problem, one step size (lesson 4)
# $f(x) = x^2 - 4x + 5$ from $x_0 = 0$. Its curvature is $f'' = 2$, so each step multiplies the distance to the
# minimizer $x^* = 2$ by $1 - 2\eta$.

# %%
parabola = problems.parabola()
res = gradient_descent(parabola, x0=0.0, eta=ETA, max_iter=STEPS, tol=0)
print(f"eta = {ETA}: factor 1 - 2*eta = {1 - 2 * ETA:+.2f}, regime: {regime(ETA, [2.0])}")
for k in range(0, res.nit + 1, 5):
    print(f"step {k:3d}: x = {res.path[k, 0]:.6f}, f(x) = {res.values[k]:.6f}")
print(f"status: {res.status_name} ({res.message})")

fig, ax = plt.subplots(figsize=(6, 3.4))
plotting.curve(ax, parabola.f, (-1, 5), color=plotting.MUTED)
plotting.iterates_1d(ax, parabola.f, res.path[:, 0], color=plotting.ORANGE)
ax.set_ylim(0, 6)
ax.set_xlabel("x")
ax.set_ylabel("f(x)")
ax.set_title(f"gradient descent on x² − 4x + 5, η = {ETA}")
plt.show()

# %% [markdown]
# ## 2. The four regimes on $f(x) = x^2$ (lesson 5)
# The update is $x \leftarrow (1 - 2\eta)\,x$: it converges for $0 < \eta < 1$, oscillates at $\eta = 1$ and diverges for
# $\eta > 1$. The table runs `STEPS` steps from $x_0 = 1$ for each step size in `ETAS_SQUARE`.

# %%
square = problems.square()
runs = {eta: gradient_descent(square, x0=1.0, eta=eta, max_iter=STEPS, tol=0) for eta in ETAS_SQUARE}
print(f"{'eta':>6} {'factor':>7} {'final x':>11}  {'regime':<10} status")
for eta, r in runs.items():
    print(f"{eta:6} {1 - 2 * eta:+7.2f} {r.x[0]:11.4g}  {regime(eta, [2.0]):<10} {r.status_name}")

fig, axes = plt.subplots(1, 2, figsize=(9, 3.4))
for eta, r, color in zip(runs, runs.values(), plotting.COLORS):
    axes[0].plot(r.path[:, 0], marker="o", markersize=3, color=color, label=f"η = {eta}")
axes[0].set_ylim(-2.5, 2.5)
axes[0].set_xlabel("step k")
axes[0].set_ylabel("$x_k$")
axes[0].legend(fontsize=8)
plotting.curve(axes[1], square.f, (-2.5, 2.5), color=plotting.MUTED)
for eta, r, color in zip(runs, runs.values(), plotting.COLORS):
    plotting.iterates_1d(axes[1], square.f, r.path[:8, 0], color=color, label=f"η = {eta}")
axes[1].set_ylim(-0.2, 6)
axes[1].set_xlabel("x")
axes[1].set_ylabel("f(x) = x²")
fig.tight_layout()
plt.show()

# %% [markdown]
# ## 3. The zig-zag on $\tfrac12(w_1^2 + 4w_2^2)$
# The Hessian has eigenvalues 1 and 4, so a step multiplies $w_1$ by $1 - \eta$ and $w_2$ by $1 - 4\eta$. Set `ETA_2D`
# at the top: near 0.5 the steep coordinate $w_2$ flips sign every step (the zig-zag); above 0.5 it diverges.

# %%
bowl = problems.lesson_quadratic()
lam = [1.0, 4.0]
res2 = gradient_descent(bowl, eta=ETA_2D, max_iter=STEPS, tol=1e-8)
print(f"eta = {ETA_2D}: factors {update_factors(ETA_2D, lam)}, rate {rate(ETA_2D, lam):.3f}, "
      f"regime: {regime(ETA_2D, lam)}")
print(f"after {res2.nit} steps: w = {np.round(res2.x, 4)} ({res2.status_name})")

fig, ax = plt.subplots(figsize=(6.4, 3.6))
plotting.contour(ax, bowl.f, (-2.5, 2.5), (-1.5, 1.5), levels=12)
shown = res2.path[np.all(np.abs(res2.path) < [2.5, 1.5], axis=1)]   # the iterates inside the frame
if len(shown):
    plotting.path(ax, shown, color=plotting.ORANGE, label=f"η = {ETA_2D}")
    ax.legend(loc="lower right")
ax.set_xlabel("$w_1$")
ax.set_ylabel("$w_2$")
plt.show()

# %% [markdown]
# ## 4. The rate curve $r(\alpha) = \max_i |1 - \alpha\lambda_i|$
# The error shrinks by at least $r(\alpha)$ per step. The best step is $\alpha^* = 2/(\lambda_{\min} + \lambda_{\max})$; beyond
# $2/\lambda_{\max}$ the rate exceeds 1 and the run diverges. Your `ETA_2D` is marked.

# %%
a_star, r_star = optimal_step(lam), optimal_rate(lam)
print(f"alpha* = {a_star:.3f}, rate {r_star:.3f}; diverges beyond 2/lambda_max = {2 / max(lam):.3f}")

alphas = np.linspace(0.0, 0.6, 301)
fig, ax = plt.subplots(figsize=(6.4, 3.4))
ax.plot(alphas, [rate(a, lam) for a in alphas], color=plotting.BLUE, label="r(α)")
ax.plot(a_star, r_star, "o", color=plotting.GREEN, label=f"α* = {a_star:.2f}")
ax.plot(ETA_2D, rate(ETA_2D, lam), "s", color=plotting.ORANGE, label=f"your η = {ETA_2D}")
ax.axhline(1.0, color=plotting.MUTED, linewidth=1)
ax.axvline(2 / max(lam), color=plotting.RED, linestyle=":", linewidth=1.2)
ax.set_xlabel("step size α")
ax.set_ylabel("rate")
ax.set_ylim(0, 1.5)
ax.legend(fontsize=9)
plt.show()

# %% [markdown]
# ## Things to try
# - `ETA = 1.0`: the lesson 4 loop bounces between 0 and 4 forever; `ETA = 1.1` diverges.
# - `ETAS_SQUARE = [0.4, 0.5, 0.6]`: the factor $1 - 2\eta$ is $0.2$, $0$ and $-0.2$; which lands in one step?
# - `ETA_2D = 0.1`, `0.4`, `0.48`, `0.52`: smooth and slow, fastest, zig-zag, divergence.
