"""Lesson 15's figures: the error of finite differences against the step h, and naive vs stable log σ."""

import matplotlib.pyplot as plt
import numpy as np

from lessonlib import plotting
from lessonlib.calculus import derivative
from lessonlib.stable import log_sigmoid
from scripts.figures import figure

EPS = np.finfo(float).eps


def fd_errors(hs, x=1.0):
    """Errors of the forward and central differences of exp at x, for each step in hs (made exact)."""
    hs = (x + np.asarray(hs)) - x          # steps that are exactly representable, as the lesson does
    exact = np.exp(x)
    forward = np.array([(np.exp(x + h) - np.exp(x)) / h for h in hs])
    central = np.array([derivative(np.exp, x, h=h) for h in hs])
    return hs, np.abs(forward - exact) / exact, np.abs(central - exact) / exact


@figure("lesson15-fd-error")
def fd_error():
    hs, fwd, cen = fd_errors(np.logspace(-15, 0, 151))
    floor = 1e-17                          # an exact 0 is drawn at the bottom of the log axis
    fig, ax = plt.subplots(figsize=(6.6, 4.0))
    ax.loglog(hs, np.maximum(fwd, floor), color=plotting.BLUE, label=r"forward $(f(x+h)-f(x))/h$")
    ax.loglog(hs, np.maximum(cen, floor), color=plotting.ORANGE, label=r"central $(f(x+h)-f(x-h))/2h$")
    ax.loglog(hs, EPS / hs + hs / 2, color=plotting.BLUE, linestyle=":", linewidth=1.0,
              label=r"model $\varepsilon/h + h/2$")
    ax.loglog(hs, EPS / hs + hs**2 / 6, color=plotting.ORANGE, linestyle=":", linewidth=1.0,
              label=r"model $\varepsilon/h + h^2/6$")
    for h, color, text in [(np.sqrt(EPS), plotting.BLUE, r"$\sqrt{\varepsilon}$"),
                           (EPS ** (1 / 3), plotting.ORANGE, r"$\varepsilon^{1/3}$")]:
        ax.axvline(h, color=color, linestyle="--", linewidth=1.0)
        ax.text(h * 1.3, 3e-1, text, color=color, fontsize=10)
    ax.set_xlim(1e-16, 1)
    ax.set_ylim(1e-13, 10)
    ax.set_xlabel("step $h$")
    ax.set_ylabel("relative error of the derivative of $e^x$ at $x = 1$")
    ax.legend(loc="lower left", fontsize=8.5)
    fig.tight_layout()
    return fig


def naive_log_sigmoid(x):
    with np.errstate(over="ignore", divide="ignore"):
        return np.log(1.0 / (1.0 + np.exp(-x)))


@figure("lesson15-log-sigmoid")
def log_sigmoid_naive_vs_stable():
    fig, axes = plt.subplots(1, 2, figsize=(7.8, 3.8))
    x = np.linspace(-800, 0, 801)
    naive = naive_log_sigmoid(x)
    ax = axes[0]
    ax.plot(x, log_sigmoid(x), color=plotting.GREEN, linewidth=3, label="stable log_sigmoid")
    ok = np.isfinite(naive)
    ax.plot(x[ok], naive[ok], color=plotting.RED, linestyle="--", label="naive log(1/(1+exp(−x)))")
    x_break = x[~ok].max()
    ax.axvline(x_break, color=plotting.RED, linewidth=1.0, linestyle=":")
    ax.text(-790, -60, "naive: −inf left of the dots\n(exp(−x) overflows)", ha="left", va="top",
            color=plotting.RED, fontsize=9)
    ax.set_xlim(-800, 0)
    ax.set_xlabel("$x$")
    ax.set_ylabel(r"$\log\sigma(x)$")
    ax.set_title("large negative x: overflow", fontsize=10.5)
    ax.legend(loc="lower right", fontsize=8.5)

    ax = axes[1]
    x = np.linspace(0, 60, 601)
    stable = -log_sigmoid(x)
    naive = -naive_log_sigmoid(x)
    ax.semilogy(x, stable, color=plotting.GREEN, linewidth=3, label=r"stable: $\log(1 + e^{-x})$")
    ok = naive > 0
    ax.semilogy(x[ok], naive[ok], color=plotting.RED, linestyle="--", label="naive (0 beyond the dashes)")
    ax.axvline(x[ok].max(), color=plotting.RED, linewidth=1.0, linestyle=":")
    ax.set_ylim(1e-27, 10)
    ax.set_xlabel("$x$")
    ax.set_ylabel(r"$-\log\sigma(x)$ (log scale)")
    ax.set_title(r"large positive x: $\sigma(x)$ rounds to 1", fontsize=10.5)
    ax.legend(loc="lower left", fontsize=8.5)
    fig.tight_layout()
    return fig
