"""Lesson 16's figures: the four methods on f(x, y) = xy, as trajectories and as distance to the
equilibrium against the step."""

import matplotlib.pyplot as plt
import numpy as np

from lessonlib import plotting
from lessonlib.minmax import extragradient, gda, optimistic_gda
from scripts.figures import figure

GX = lambda x, y: y   # noqa: E731
GY = lambda x, y: x   # noqa: E731
ETA = 0.2


def _runs(steps):
    return [
        ("simultaneous GDA", plotting.RED, gda(GX, GY, 1.0, 0.0, eta=ETA, steps=steps)),
        ("alternating GDA", plotting.ORANGE, gda(GX, GY, 1.0, 0.0, eta=ETA, steps=steps, alternating=True)),
        ("extragradient", plotting.GREEN, extragradient(GX, GY, 1.0, 0.0, eta=ETA, steps=steps)),
        ("optimistic GDA", plotting.BLUE, optimistic_gda(GX, GY, 1.0, 0.0, eta=ETA, steps=steps)),
    ]


@figure("lesson16-trajectories")
def trajectories():
    fig, axes = plt.subplots(1, 4, figsize=(11.0, 3.5), sharex=True, sharey=True, layout="constrained")
    g = np.linspace(-2.2, 2.2, 13)
    X, Y = np.meshgrid(g, g)
    for ax, (name, color, res) in zip(axes, _runs(60)):
        ax.quiver(X, Y, -Y, X, color=plotting.MUTED, alpha=0.55, width=0.004)   # -V = (-y, x)
        ax.plot(res.path_x[:, 0], res.path_y[:, 0], color=color, marker="o", markersize=2.2, linewidth=1.1)
        ax.plot(1.0, 0.0, marker="s", color=plotting.INK, markersize=5)
        ax.plot(0.0, 0.0, marker="*", color=plotting.INK, markersize=9)
        ax.set_title(name, fontsize=10.5)
        ax.set_xlim(-2.2, 2.2)
        ax.set_ylim(-2.2, 2.2)
        ax.set_aspect("equal")
        ax.set_xlabel("$x$ (minimizes)")
    axes[0].set_ylabel("$y$ (maximizes)")
    fig.suptitle(r"60 steps with $\eta = 0.2$ on $f(x, y) = xy$ from $(1, 0)$; arrows: the direction of GDA's step",
                 fontsize=10.5)
    return fig


@figure("lesson16-distance")
def distance():
    fig, ax = plt.subplots(figsize=(6.6, 3.6))
    k = np.arange(401)
    for name, color, res in _runs(400):
        d = np.linalg.norm(res.path, axis=1)
        ax.semilogy(k[: d.size], d, color=color, linewidth=1.6, label=name)
    ax.semilogy(k, np.sqrt(1 + ETA**2) ** k, color=plotting.INK, linestyle="--", linewidth=0.9,
                label=r"$(1 + \eta^2)^{k/2}$")
    ax.semilogy(k, np.sqrt(1 - ETA**2 + ETA**4) ** k, color=plotting.INK, linestyle=":", linewidth=1.1,
                label=r"$(1 - \eta^2 + \eta^4)^{k/2}$")
    ax.set_xlabel("step $k$")
    ax.set_ylabel(r"distance $\|(x_k, y_k)\|$ to the equilibrium")
    ax.set_title(r"$f(x, y) = xy$, $\eta = 0.2$", fontsize=10.5)
    ax.legend(fontsize=8.5, loc="lower left")
    fig.tight_layout()
    return fig
