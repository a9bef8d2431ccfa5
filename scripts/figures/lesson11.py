"""Lesson 11's figures: a computational graph with its forward values and backward adjoints, and gradient
norms through a deep chain of tanh layers."""

import matplotlib.pyplot as plt
import numpy as np

import lessonlib.autodiff as ad
from lessonlib import plotting
from scripts.figures import figure

X1, X2 = 2.0, 5.0


def graph_values():
    """The nodes of f(x₁, x₂) = ln x₁ + x₁x₂ − sin x₂ at (2, 5): name, formula, value, adjoint, position."""
    v1, v2, v3 = np.log(X1), X1 * X2, np.sin(X2)
    v4 = v1 + v2
    y = v4 - v3
    # adjoints, from the output back (each node's adjoint is ∂y/∂node)
    y_bar = 1.0
    v4_bar, v3_bar = y_bar, -y_bar
    v1_bar, v2_bar = v4_bar, v4_bar
    x2_bar = v3_bar * np.cos(X2) + v2_bar * X1
    x1_bar = v1_bar / X1 + v2_bar * X2
    g = ad.grad(lambda x: ad.log(x[0]) + x[0] * x[1] - ad.sin(x[1]))(np.array([X1, X2]))
    assert np.allclose(g, [x1_bar, x2_bar], rtol=1e-15)
    return [
        ("x₁", "input", X1, x1_bar, (0.0, 1.0)),
        ("x₂", "input", X2, x2_bar, (0.0, -1.0)),
        ("v₁", "ln x₁", v1, v1_bar, (1.0, 1.6)),
        ("v₂", "x₁ x₂", v2, v2_bar, (1.0, 0.0)),
        ("v₃", "sin x₂", v3, v3_bar, (1.0, -1.6)),
        ("v₄", "v₁ + v₂", v4, v4_bar, (2.0, 0.8)),
        ("y", "v₄ − v₃", y, y_bar, (3.0, 0.0)),
    ]


EDGES = [("x₁", "v₁"), ("x₁", "v₂"), ("x₂", "v₂"), ("x₂", "v₃"), ("v₁", "v₄"), ("v₂", "v₄"), ("v₄", "y"),
         ("v₃", "y")]


@figure("lesson11-graph")
def computational_graph():
    nodes = {name: (formula, value, adjoint, xy) for name, formula, value, adjoint, xy in graph_values()}
    fig, ax = plt.subplots(figsize=(7.6, 4.2))
    for a, b in EDGES:
        (xa, ya), (xb, yb) = nodes[a][3], nodes[b][3]
        ax.annotate("", xy=(xb - 0.32, yb), xytext=(xa + 0.32, ya),
                    arrowprops=dict(arrowstyle="-|>", color=plotting.MUTED, linewidth=1.2, mutation_scale=12))
    for name, (formula, value, adjoint, (x, y)) in nodes.items():
        ax.text(x, y + 0.2, f"{name} = {formula}", ha="center", va="center", fontsize=9.5, color=plotting.INK,
                bbox=dict(boxstyle="round,pad=0.35", facecolor=plotting.PAPER, edgecolor=plotting.INK))
        ax.text(x, y - 0.22, f"{value:.3f}", ha="center", va="center", fontsize=9, color=plotting.BLUE)
        ax.text(x, y - 0.5, f"adjoint {adjoint:.3f}", ha="center", va="center", fontsize=9, color=plotting.RED)
    ax.annotate("forward: values", xy=(3.2, -2.45), xytext=(-0.2, -2.45), color=plotting.BLUE, fontsize=9,
                va="center", arrowprops=dict(arrowstyle="-|>", color=plotting.BLUE))
    ax.annotate("backward: adjoints ∂y/∂node", xy=(-0.2, -2.85), xytext=(3.2, -2.85), color=plotting.RED,
                fontsize=9, va="center", ha="right", arrowprops=dict(arrowstyle="-|>", color=plotting.RED))
    ax.set_xlim(-0.6, 3.6)
    ax.set_ylim(-3.1, 2.2)
    ax.axis("off")
    ax.set_title("f(x₁, x₂) = ln x₁ + x₁x₂ − sin x₂ at (2, 5)", fontsize=11)
    fig.tight_layout()
    return fig


def chain_gradient_norms(scale, n=100, depth=50, seed=0):
    """‖∂f/∂h_k‖ for k = 0 … depth, for h_k = tanh(W_k h_{k−1}), W_k = scale · G_k/√n, f = Σ h_depth / √n.

    Backpropagation multiplies by one transposed layer Jacobian J_kᵀ = W_kᵀ diag(1 − h_k²) per layer.
    """
    rng = np.random.default_rng(seed)
    Ws = [scale * rng.standard_normal((n, n)) / np.sqrt(n) for _ in range(depth)]
    hs = [rng.standard_normal(n)]
    for W in Ws:
        hs.append(np.tanh(W @ hs[-1]))
    v = np.ones(n) / np.sqrt(n)
    norms = [np.linalg.norm(v)]
    for W, h in zip(Ws[::-1], hs[:0:-1]):
        v = W.T @ ((1 - h**2) * v)
        norms.append(np.linalg.norm(v))
    return np.array(norms[::-1])


@figure("lesson11-gradient-norms")
def gradient_norms():
    fig, ax = plt.subplots(figsize=(6.8, 4.0))
    for scale, color in [(4.0, plotting.RED), (2.0, plotting.ORANGE), (1.0, plotting.GREEN), (0.5, plotting.BLUE)]:
        norms = chain_gradient_norms(scale)
        ax.semilogy(np.arange(norms.size), norms, color=color, label=f"weight scale $\\gamma = {scale:g}$")
    ax.set_xlabel("layer $k$ (0 = input, 50 = output)")
    ax.set_ylabel(r"$\|\partial f / \partial h_k\|$")
    ax.set_title("gradient norms through 50 tanh layers of width 100", fontsize=11)
    ax.legend(fontsize=9, loc="upper right")
    fig.tight_layout()
    return fig
