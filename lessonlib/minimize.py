"""One entry point for every solver, like ``scipy.optimize.minimize``."""

from __future__ import annotations

from lessonlib.gd import gradient_descent
from lessonlib.newton import newton
from lessonlib.quasi_newton import bfgs, lbfgs

METHODS = {"gd": gradient_descent, "newton": newton, "bfgs": bfgs, "lbfgs": lbfgs, "l-bfgs": lbfgs}


def minimize(problem_or_f, x0=None, method="bfgs", *, jac=None, hess=None, **options):
    """Minimize f with the chosen method; a thin switch over the solvers.

    Parameters
    ----------
    problem_or_f : Problem or callable
        A [`Problem`][lessonlib.problems.Problem], or f (then give ``x0`` and ``jac``).
    x0 : float or array_like, shape (n,), optional
        Starting point; defaults to the problem's.
    method : {"gd", "newton", "bfgs", "lbfgs"}
        Case-insensitive ("L-BFGS" is accepted too).
    jac : callable, optional
        The gradient (SciPy's name).
    hess : callable, optional
        The Hessian; only for ``method="newton"``.
    **options
        Passed on to the solver (``eta``, ``max_iter``, ``line_search``, ``m``, ...). For
        convenience ``maxiter`` means ``max_iter``, and ``tol`` and ``gtol`` are the same thing:
        the gradient tolerance, whatever the method calls it. The norm of that test stays the
        solver's default unless ``norm`` is given: the 2-norm for "gd" and "newton", the max-norm
        (SciPy's) for "bfgs" and "lbfgs".

    Returns
    -------
    OptimizeResult

    Raises
    ------
    ValueError
        For an unknown method, or ``hess`` with a method that does not use it.

    Examples
    --------
    >>> import numpy as np
    >>> from lessonlib.problems import rosenbrock
    >>> for method in ["Newton", "BFGS", "L-BFGS"]:
    ...     res = minimize(rosenbrock(), method=method, gtol=1e-5)
    ...     print(f"{method:7s} {res.status_name} nit={res.nit} nfev={res.nfev} njev={res.njev} x={np.round(res.x, 4)}")
    Newton  converged nit=5 nfev=6 njev=6 x=[1. 1.]
    BFGS    converged nit=34 nfev=44 njev=37 x=[1. 1.]
    L-BFGS  converged nit=36 nfev=46 njev=40 x=[1. 1.]
    >>> res = minimize(rosenbrock(), method="gd", eta=1e-3, max_iter=1000)
    >>> res.status_name, np.round(res.x, 4)
    ('max_iter', array([0.3273, 0.104 ]))
    """
    name = method.lower()
    if name not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of 'gd', 'newton', 'bfgs', 'lbfgs'.")
    if hess is not None and name != "newton":
        raise ValueError(f"hess is only used by method='newton', not {method!r}.")
    if "maxiter" in options:
        options["max_iter"] = options.pop("maxiter")
    tolerance = "tol" if name in ("gd", "newton") else "gtol"
    for alias in ("tol", "gtol"):
        if alias in options and alias != tolerance:
            options[tolerance] = options.pop(alias)
    if name == "newton":
        return newton(problem_or_f, x0, grad=jac, hess=hess, **options)
    return METHODS[name](problem_or_f, x0, grad=jac, **options)
