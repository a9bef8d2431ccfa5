"""Gradient descent with a fixed step, and its analysis on quadratics.

On a quadratic with Hessian eigenvalues λᵢ, one step θ ← θ − η∇ℒ(θ) multiplies the error along
the i-th eigenvector by 1 − ηλᵢ. Everything about the step size on a quadratic follows from those
factors; on other functions they hold near a minimizer, with the eigenvalues of the Hessian there.

References
----------
Nocedal & Wright, *Numerical Optimization*, 2nd ed., Section 3.3 (rate of steepest descent).
Nesterov, *Lectures on Convex Optimization*, 2nd ed., Theorem 2.1.15 (the step 2/(μ + L) and its
rate (L − μ)/(L + μ) for a μ-strongly convex function with L-Lipschitz gradient).
"""

from __future__ import annotations

import numpy as np

from lessonlib.result import Run


# --8<-- [start:gradient_descent]
def gradient_descent(problem_or_f, x0=None, eta=0.1, *, grad=None, max_iter=1000, tol=1e-8, norm=2,
                     record_path=True):
    """Minimize f by gradient descent with a fixed step: θ ← θ − η ∇f(θ).

    Parameters
    ----------
    problem_or_f : Problem or callable
        A [`Problem`][lessonlib.problems.Problem], or the function f (then give ``x0`` and ``grad``).
    x0 : float or array_like, shape (n,), optional
        Starting point; defaults to the problem's.
    eta : float
        The step size (learning rate), > 0.
    grad : callable, optional
        The gradient; finite differences if neither it nor a problem is given.
    max_iter : int
        Most steps to take (>= 1).
    tol : float
        Stop when ``norm(grad) <= tol``.
    norm : {2, np.inf}
        The gradient norm of the stopping test.
    record_path : bool
        Keep every iterate in ``res.path``.

    Returns
    -------
    OptimizeResult
        ``status_name`` is "converged", "max_iter", "diverged" (‖x‖ ran past 1e8·max(1, ‖x0‖), or
        after ``max_iter`` steps the loss is above where it started) or "nonfinite" (f or the
        gradient gave nan/inf).

    Raises
    ------
    ValueError
        If eta <= 0, max_iter < 1, tol < 0, x0 is not a finite number or 1-D array, or grad
        returns the wrong shape.

    References
    ----------
    A. Cauchy, "Méthode générale pour la résolution des systèmes d'équations simultanées" (1847).

    Examples
    --------
    >>> from lessonlib.problems import parabola
    >>> res = gradient_descent(parabola(), x0=0.0, eta=0.1, max_iter=20)
    >>> [round(float(x), 4) for x in res.path[[0, 5, 10, 15, 20], 0]]
    [0.0, 1.3446, 1.7853, 1.9296, 1.9769]
    >>> res.status_name, round(res.fun, 4)
    ('max_iter', 1.0005)
    >>> res = gradient_descent(parabola(), eta=1.5)
    >>> res.status_name, res.message
    ('diverged', 'diverged at step 26: |x| exceeded 1e+08')
    """
    if not eta > 0:
        raise ValueError(f"eta must be > 0, got {eta}.")
    run = Run(problem_or_f, x0, grad=grad, max_iter=max_iter, tol=tol, norm=norm, record_path=record_path)
    # --8<-- [start:gradient_descent_loop]
    x, g = run.x, run.jac
    for k in run.iterations():
        x, fx, g = run.accept(x - eta * g)
    return run.result()
    # --8<-- [end:gradient_descent_loop]
# --8<-- [end:gradient_descent]


# --8<-- [start:update_factors]
def update_factors(eta, eigenvalues):
    """The factors 1 − ηλᵢ by which one step scales the error along each eigenvector.

    Parameters
    ----------
    eta : float
        Step size.
    eigenvalues : array_like
        Eigenvalues λᵢ of the Hessian (for f = x², λ = f'' = 2).

    Returns
    -------
    ndarray

    Examples
    --------
    >>> update_factors(0.25, [1.0, 4.0])
    array([0.75, 0.  ])
    """
    # --8<-- [start:update_factors_body]
    return 1.0 - eta * np.asarray(eigenvalues, dtype=float)
    # --8<-- [end:update_factors_body]
# --8<-- [end:update_factors]


# --8<-- [start:rate]
def rate(eta, eigenvalues):
    """The convergence rate max |1 − ηλᵢ| of fixed-step gradient descent on a quadratic.

    On a quadratic with Hessian eigenvalues λᵢ, each step multiplies the norm of the error x − x*
    by at most this factor (and by exactly this factor along the eigenvector that attains it), so
    the iterates converge for every start when it is below 1.

    Examples
    --------
    >>> round(rate(0.4, [1.0, 4.0]), 12)
    0.6
    """
    # --8<-- [start:rate_body]
    return float(np.max(np.abs(update_factors(eta, eigenvalues))))
    # --8<-- [end:rate_body]
# --8<-- [end:rate]


def regime(eta, eigenvalues, slow_rate=0.9):
    """Name what fixed-step gradient descent does on a quadratic with these eigenvalues.

    "diverge" when the rate max|1 − ηλᵢ| exceeds 1 (the error grows along an eigenvector, from any
    start with a component along it); "oscillate" when it equals 1 (within 1e-12) because a factor
    is −1 (η = 1 on x²: x bounces between x₀ and −x₀); "slow" when the rate is at least
    ``slow_rate`` (a tiny η, or a zero eigenvalue); "converge" otherwise.

    Parameters
    ----------
    eta : float
        Step size, > 0.
    eigenvalues : array_like
        Hessian eigenvalues.
    slow_rate : float
        Rates at or above this (and below 1) count as slow.

    Returns
    -------
    str
        "slow", "converge", "oscillate" or "diverge".

    Raises
    ------
    ValueError
        If eta <= 0.

    Examples
    --------
    >>> [regime(eta, [2.0]) for eta in (0.01, 0.3, 1.0, 1.5)]   # f = x², f'' = 2
    ['slow', 'converge', 'oscillate', 'diverge']
    """
    if not eta > 0:
        raise ValueError(f"eta must be > 0, got {eta}.")
    # --8<-- [start:regime_body]
    factors = update_factors(eta, eigenvalues)
    r = float(np.max(np.abs(factors)))
    if r > 1 + 1e-12:
        return "diverge"
    if abs(r - 1) <= 1e-12 and np.any(np.abs(factors + 1) <= 1e-12):
        return "oscillate"
    if r >= slow_rate:
        return "slow"
    return "converge"
    # --8<-- [end:regime_body]


# --8<-- [start:optimal_step]
def optimal_step(eigenvalues):
    """The fixed step with the smallest rate: η* = 2 / (λmin + λmax).

    For eigenvalues that are all > 0, η* minimizes the rate max |1 − ηλᵢ| over η: there the factors
    of the smallest and the largest eigenvalue have equal size and opposite signs (Nesterov,
    *Lectures on Convex Optimization*, 2nd ed., Theorem 2.1.15).

    Examples
    --------
    >>> round(optimal_step([1.0, 4.0]), 12)
    0.4
    """
    # --8<-- [start:optimal_step_body]
    lam = np.asarray(eigenvalues, dtype=float)
    return float(2.0 / (lam.min() + lam.max()))
    # --8<-- [end:optimal_step_body]
# --8<-- [end:optimal_step]


# --8<-- [start:optimal_rate]
def optimal_rate(eigenvalues):
    """The rate at η*: (λmax − λmin) / (λmax + λmin) = (κ − 1) / (κ + 1), κ = λmax / λmin (all λ > 0).

    Examples
    --------
    >>> round(optimal_rate([1.0, 4.0]), 12)
    0.6
    """
    # --8<-- [start:optimal_rate_body]
    lam = np.asarray(eigenvalues, dtype=float)
    return float((lam.max() - lam.min()) / (lam.max() + lam.min()))
    # --8<-- [end:optimal_rate_body]
# --8<-- [end:optimal_rate]
