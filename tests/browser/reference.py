"""Reference trajectories from lessonlib, for the playground's own update code to reproduce.

Each case is a playground configuration (the same dict the page's ``Playground.run`` takes) and the
lessonlib run it stands for: ``gradient_descent`` for gd, ``lessonlib.adaptive.run`` with
``momentum``, ``nesterov`` or ``adam`` for those, and pure ``newton`` for newton, all with the
playground's stopping test (``tol = 1e-8``) and ``max_iter`` = the number of steps.

The wiggle, f(x) = x² + 3 sin²(2x), is the playground's own fourth curve; lessonlib has no such
problem, so it is written here as a :class:`lessonlib.problems.Problem`, in the page's formulas.
"""

from __future__ import annotations

import numpy as np

from lessonlib import adaptive, problems
from lessonlib.gd import gradient_descent
from lessonlib.newton import newton

TOL = 1e-8  # the playground's stopping test, as lessonlib's default for gradient descent


def wiggle():
    """f(x) = x² + 3 sin²(2x): f' = 2x + 6 sin 4x, f'' = 2 + 24 cos 4x."""

    def f(x):
        x = float(np.asarray(x, dtype=float).reshape(-1)[0])
        s = np.sin(2 * x)
        return x * x + 3 * (s * s)

    def grad(x):
        x = float(np.asarray(x, dtype=float).reshape(-1)[0])
        return np.array([2 * x + 6 * np.sin(4 * x)])

    def hess(x):
        x = float(np.asarray(x, dtype=float).reshape(-1)[0])
        return np.array([[2 + 24 * np.cos(4 * x)]])

    return problems.Problem("wiggle", f, grad, hess, np.array([2.5]), np.array([0.0]), 0.0)


def problem(name: str, kappa: float = 10.0):
    """The lessonlib problem behind a playground function name."""
    if name == "quadratic":
        return problems.quadratic(np.diag([1.0, kappa]), name=f"½(w₁² + {kappa:g} w₂²)")
    if name == "wiggle":
        return wiggle()
    return getattr(problems, name)()


def lessonlib_run(cfg: dict):
    """The lessonlib result for a playground configuration."""
    p = problem(cfg["f"], cfg.get("kappa", 10.0))
    x0 = np.array(cfg["x0"], dtype=float)
    steps, method = cfg["steps"], cfg["method"]
    if method == "gd":
        return gradient_descent(p, x0, eta=cfg["eta"], max_iter=steps, tol=TOL)
    if method == "newton":
        return newton(p, x0, max_iter=steps, tol=TOL)
    if method in ("momentum", "nesterov"):
        opt = getattr(adaptive, method)(cfg["eta"], beta=cfg["beta"])
    elif method == "adam":
        opt = adaptive.adam(cfg["eta"])
    else:
        raise ValueError(method)
    return adaptive.run(opt, p, x0, max_iter=steps, tol=TOL)


def case(f, method, eta, x0, steps, **extra):
    return {"f": f, "method": method, "eta": eta, "x0": list(x0), "steps": steps, "beta": 0.9, "kappa": 10.0, **extra}


#: A few problems for each method: convex and not, 1-D and 2-D, converging, oscillating and diverging.
CASES = [
    case("square", "gd", 0.3, [1.5], 40),
    case("square", "gd", 1.0, [1.5], 20),                       # oscillates: ±1.5 forever
    case("square", "gd", 1.5, [1.5], 60),                       # diverges: ‖x‖ passes 1e8·1.5
    case("parabola", "gd", 0.1, [0.0], 20),
    case("double_well", "gd", 0.05, [0.5], 30),
    case("wiggle", "gd", 0.02, [2.5], 40),
    case("quadratic", "gd", 0.07, [2.5, 1.5], 80, kappa=25.0),
    case("rosenbrock", "gd", 0.001, [-1.2, 1.0], 400),
    case("saddle", "gd", 0.1, [1.5, 0.01], 40),
    case("himmelblau", "gd", 0.01, [0.0, 0.0], 100),
    case("quadratic", "momentum", 0.1, [2.5, 1.5], 80, kappa=25.0, beta=0.6),
    case("wiggle", "momentum", 0.02, [2.5], 40),
    case("rosenbrock", "momentum", 0.0005, [-1.2, 1.0], 300),
    case("himmelblau", "momentum", 0.005, [-1.0, -1.0], 100, beta=0.8),
    case("quadratic", "nesterov", 0.1, [2.5, 1.5], 80, kappa=25.0, beta=0.6),
    case("double_well", "nesterov", 0.02, [-2.0], 60),
    case("rosenbrock", "nesterov", 0.0005, [-1.2, 1.0], 300),
    case("quadratic", "adam", 0.3, [2.5, 1.5], 60, kappa=25.0),
    case("himmelblau", "adam", 0.1, [0.0, 0.0], 150),
    case("rosenbrock", "adam", 0.02, [-1.2, 1.0], 300),
    case("parabola", "adam", 0.5, [0.0], 40),
    case("quadratic", "newton", 1.0, [2.5, 1.5], 5, kappa=25.0),
    case("rosenbrock", "newton", 1.0, [-1.2, 1.0], 20),
    case("double_well", "newton", 1.0, [0.5], 10),               # heads for the maximum at 0
    case("himmelblau", "newton", 1.0, [1.0, 1.0], 20),
    case("wiggle", "newton", 1.0, [1.2], 20),
]


def case_id(cfg: dict) -> str:
    return f"{cfg['method']}-{cfg['f']}-eta{cfg['eta']:g}"
