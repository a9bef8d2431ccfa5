"""The home page's figure."""

import matplotlib.pyplot as plt
import numpy as np

from lessonlib import gradient_descent, plotting, problems
from lessonlib.newton import newton
from scripts.figures import figure


@figure("home-downhill")
def downhill():
    problem = problems.ill_conditioned_quadratic(kappa=10.0, x0=np.array([-9.0, 2.5]))
    gd = gradient_descent(problem, eta=0.18, max_iter=30)
    nt = newton(problem)
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    plotting.contour(ax, problem.f, (-10, 10), (-3.5, 3.5), levels=14)
    plotting.path(ax, gd.path, color=plotting.ORANGE, label=f"gradient descent ({gd.nit} steps)")
    plotting.path(ax, nt.path, color=plotting.RED, label=f"Newton ({nt.nit} step)")
    ax.set_xlabel(r"$\theta_1$")
    ax.set_ylabel(r"$\theta_2$")
    ax.legend(loc="lower right")
    fig.tight_layout()
    return fig
