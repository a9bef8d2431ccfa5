"""Quasi-Newton methods: BFGS and limited-memory BFGS.

Instead of the Hessian, keep an approximation H of its inverse and correct it after every step
with the pair s = x_{k+1} − x_k, y = ∇f_{k+1} − ∇f_k so that it satisfies the secant condition
H y = s. The update keeps H positive definite as long as the curvature condition yᵀs > 0 holds,
which a step satisfying the Wolfe conditions (c₂ < 1) along a descent direction guarantees
(Nocedal & Wright, Section 6.1). The solvers here skip the update when yᵀs is not clearly positive
(below ε‖y‖‖s‖, which only rounding can cause).

References
----------
Nocedal & Wright, *Numerical Optimization*, 2nd ed., Chapter 6 (BFGS, Algorithm 6.1) and
Section 7.2 (L-BFGS, Algorithms 7.4–7.5).
D. C. Liu and J. Nocedal, "On the limited memory BFGS method for large scale optimization",
Mathematical Programming 45 (1989).
"""

from __future__ import annotations

from collections import deque

import numpy as np

from lessonlib.linesearch import strong_wolfe
from lessonlib.result import Run

EPS = np.finfo(float).eps


def _first_step(g):
    """Initial trial step of the first iteration, when H is still I: a step of length at most 1."""
    return min(1.0, 1.0 / np.linalg.norm(g))


def _curvature_ok(s, y):
    """The curvature condition yᵀs > 0, with a margin for rounding: skip the update otherwise."""
    return float(y @ s) > EPS * np.linalg.norm(y) * np.linalg.norm(s)


def _initial_inverse_hessian(H0, n):
    """The starting H: the identity for None or "scaled" (a guess), else the given matrix."""
    if H0 is None or (isinstance(H0, str) and H0 == "scaled"):
        return np.eye(n), True
    if isinstance(H0, str) or np.shape(H0) != (n, n):
        raise ValueError(f"H0 must be None, 'scaled' or an array of shape ({n}, {n}).")
    return np.array(H0, dtype=float), False


# --8<-- [start:bfgs_update]
def bfgs_update(H, s, y):
    """The BFGS update of the inverse-Hessian approximation.

    H⁺ = (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, with ρ = 1 / (yᵀs).

    Computed without the matrix products, in O(n²) operations instead of O(n³): multiplied out, with
    Hy = H y, the formula is two rank-one corrections and one multiple of s sᵀ,

    H⁺ = H − ρ (s (Hy)ᵀ + (Hy) sᵀ) + (ρ² yᵀHy + ρ) s sᵀ.

    Parameters
    ----------
    H : ndarray, shape (n, n)
        Current approximation of the inverse Hessian (symmetric positive definite).
    s, y : ndarray, shape (n,)
        The step x_{k+1} − x_k and the change of gradient ∇f_{k+1} − ∇f_k, with yᵀs > 0.

    Returns
    -------
    ndarray, shape (n, n)
        H⁺, which satisfies the secant condition H⁺ y = s, and is symmetric positive definite when
        H is and yᵀs > 0.

    References
    ----------
    Nocedal & Wright, *Numerical Optimization*, 2nd ed., equation (6.17).

    Examples
    --------
    >>> s, y = np.array([1.0, 0.0]), np.array([2.0, 1.0])
    >>> H = bfgs_update(np.eye(2), s, y)
    >>> H @ y
    array([1., 0.])
    """
    # --8<-- [start:bfgs_update_body]
    rho = 1.0 / (y @ s)
    Hy = H @ y
    c = rho**2 * (y @ Hy) + rho
    # H − ρ s(Hy)ᵀ − ρ (Hy)sᵀ + c s sᵀ, as two rank-one corrections: s (c s − ρ Hy)ᵀ and −ρ (Hy) sᵀ
    return H + np.outer(s, c * s - rho * Hy) - np.outer(rho * Hy, s)
    # --8<-- [end:bfgs_update_body]
# --8<-- [end:bfgs_update]


# --8<-- [start:bfgs]
def bfgs(problem_or_f, x0=None, *, grad=None, H0=None, max_iter=None, gtol=1e-5, norm=np.inf, c1=1e-4,
         c2=0.9, record_path=True):
    """Minimize f by BFGS: x ← x + αp with p = −H∇f, then update H with (s, y).

    Parameters
    ----------
    problem_or_f : Problem or callable
        A [`Problem`][lessonlib.problems.Problem], or f (then give ``x0`` and ``grad``).
    x0 : float or array_like, shape (n,), optional
        Starting point; defaults to the problem's.
    grad : callable, optional
        The gradient; finite differences if neither it nor a problem is given.
    H0 : None, "scaled" or ndarray, shape (n, n)
        Initial inverse-Hessian approximation. None: H = I, as in SciPy. "scaled": H = I for the
        first step, then H = (yᵀs / yᵀy) I before the first update, the heuristic of N&W (6.20).
        It is a heuristic, not a rule: on Wood's function it needs fewer evaluations than H = I,
        on an ill-conditioned quadratic more, because yᵀs / yᵀy then reflects mostly the largest
        curvatures (the library's tests check both).
    max_iter : int, optional
        Most steps; default 200·n.
    gtol : float
        Stop when ``norm(grad) <= gtol``; with the default ``norm=np.inf`` this is SciPy's test.
    norm : {np.inf, 2}
        The gradient norm of the stopping test.
    c1, c2 : float
        The strong Wolfe constants of the line search.
    record_path : bool
        Keep every iterate in ``res.path``.

    Returns
    -------
    OptimizeResult
        ``status_name`` "converged", "max_iter", "diverged" or "nonfinite" as for every solver;
        "line_search_failed" when the line search finds no step (typically because f is flat to
        rounding error, far below any sensible ``gtol``); "not_descent" when p = −H∇f does not
        point downhill (a user ``H0`` that is not positive definite).

    Raises
    ------
    ValueError
        For bad ``x0``, ``max_iter`` or ``H0``, or a gradient of the wrong shape.

    Notes
    -----
    The first line search starts from α = min(1, 1/‖∇f(x0)‖), a first step of length at most 1
    (unless ``H0`` is a matrix), every later one from α = 1. For f twice continuously
    differentiable with a Lipschitz continuous Hessian near a minimizer where the Hessian is
    positive definite, BFGS with a Wolfe line search that tries α = 1 first, if it converges to that
    minimizer fast enough (the errors ‖x_k − x*‖ summable), does so superlinearly (N&W Theorem
    6.6).

    References
    ----------
    Nocedal & Wright, *Numerical Optimization*, 2nd ed., Algorithm 6.1.

    Examples
    --------
    >>> from lessonlib.problems import rosenbrock
    >>> res = bfgs(rosenbrock())
    >>> res.status_name, np.round(res.x, 4), res.nit, res.nfev, res.njev
    ('converged', array([1., 1.]), 34, 44, 37)
    """
    run = Run(problem_or_f, x0, grad=grad, max_iter=max_iter, tol=gtol, norm=norm, record_path=record_path)
    # --8<-- [start:bfgs_loop]
    x, fx, g = run.x, run.fun, run.jac
    H, H_is_guess = _initial_inverse_hessian(H0, x.size)  # I, unless H0 is a matrix
    for k in run.iterations():
        p = -H @ g
        if not g @ p < 0:
            return run.fail("not_descent",
                            f"p = -H g is not a descent direction at step {k}")
        alpha0 = _first_step(g) if k == 0 and H_is_guess else 1.0
        search = strong_wolfe(run.f, run.grad, x, p, fx, g,
                              alpha0=alpha0, c1=c1, c2=c2)
        if not search.success:
            return run.fail("line_search_failed",
                            f"the line search found no acceptable step at step {k}")
        s, y = search.alpha * p, search.jac - g
        if _curvature_ok(s, y):
            if k == 0 and isinstance(H0, str):  # H0="scaled": N&W (6.20)
                H = (y @ s) / (y @ y) * np.eye(x.size)
            H = bfgs_update(H, s, y)
        x, fx, g = run.accept(x + s, search.fun, search.jac)
    return run.result()
    # --8<-- [end:bfgs_loop]
# --8<-- [end:bfgs]


# --8<-- [start:two_loop]
def two_loop(g, s_list, y_list, rho_list=None):
    """The L-BFGS two-loop recursion: the product H g without forming H.

    H is the BFGS inverse-Hessian approximation built from the stored pairs (s, y), oldest first,
    starting from H⁰ = γI with γ = sᵀy / yᵀy of the newest pair (N&W (7.20)); with no pairs, H = I.
    Costs about 4mn multiplications for m pairs.

    Parameters
    ----------
    g : ndarray, shape (n,)
        The vector to multiply (the gradient).
    s_list, y_list : sequence of ndarray, shape (n,)
        The stored steps and gradient changes, oldest first, each with yᵀs > 0.
    rho_list : sequence of float, optional
        The numbers ρ = 1 / (yᵀs) of the pairs, if already known (saves m dot products).

    Returns
    -------
    ndarray, shape (n,)
        H g; the search direction is its negative.

    References
    ----------
    Nocedal & Wright, *Numerical Optimization*, 2nd ed., Algorithm 7.4.

    Examples
    --------
    >>> s, y = [np.array([1.0, 0.0])], [np.array([2.0, 1.0])]
    >>> two_loop(y[0], s, y)                    # the secant condition H y = s
    array([1., 0.])
    >>> np.allclose(two_loop(np.array([0.3, -1.0]), s, y),
    ...             bfgs_update(0.4 * np.eye(2), s[0], y[0]) @ [0.3, -1.0])
    True
    """
    # --8<-- [start:two_loop_body]
    m = len(s_list)
    rho = rho_list
    if rho is None:  # ρ_i = 1 / (y_iᵀ s_i)
        rho = [1.0 / (y @ s) for s, y in zip(s_list, y_list)]
    omega = [0.0] * m
    q = g.copy()
    for i in reversed(range(m)):  # newest pair first
        omega[i] = rho[i] * (s_list[i] @ q)
        q -= omega[i] * y_list[i]
    if m:  # H⁰ q = γ q, with γ = sᵀy / yᵀy of the newest pair
        q *= 1.0 / (rho[-1] * (y_list[-1] @ y_list[-1]))
    for i in range(m):  # oldest pair first
        psi = rho[i] * (y_list[i] @ q)
        q += (omega[i] - psi) * s_list[i]
    return q
    # --8<-- [end:two_loop_body]
# --8<-- [end:two_loop]


# --8<-- [start:lbfgs]
def lbfgs(problem_or_f, x0=None, *, grad=None, m=10, max_iter=None, gtol=1e-5, norm=np.inf, c1=1e-4, c2=0.9,
          record_path=True):
    """Minimize f by L-BFGS: BFGS that keeps only the last m pairs (s, y), O(mn) time and memory.

    Parameters
    ----------
    problem_or_f : Problem or callable
        A [`Problem`][lessonlib.problems.Problem], or f (then give ``x0`` and ``grad``).
    x0 : float or array_like, shape (n,), optional
        Starting point; defaults to the problem's.
    grad : callable, optional
        The gradient; finite differences if neither it nor a problem is given.
    m : int
        Number of pairs kept (>= 1).
    max_iter : int, optional
        Most steps; default 200·n.
    gtol : float
        Stop when ``norm(grad) <= gtol``.
    norm : {np.inf, 2}
        The gradient norm of the stopping test.
    c1, c2 : float
        The strong Wolfe constants of the line search.
    record_path : bool
        Keep every iterate in ``res.path`` (turn off for large n).

    Returns
    -------
    OptimizeResult
        As [`bfgs`][lessonlib.quasi_newton.bfgs], except that there is no ``H0`` and so no
        "not_descent".

    Raises
    ------
    ValueError
        If m < 1, and as [`bfgs`][lessonlib.quasi_newton.bfgs].

    References
    ----------
    Nocedal & Wright, *Numerical Optimization*, 2nd ed., Algorithm 7.5.

    Examples
    --------
    >>> from lessonlib.problems import rosenbrock
    >>> res = lbfgs(rosenbrock(), m=5)
    >>> res.status_name, np.round(res.x, 4), res.nit, res.nfev, res.njev
    ('converged', array([1., 1.]), 39, 52, 42)
    """
    if int(m) != m or m < 1:
        raise ValueError(f"m must be an integer >= 1, got {m}.")
    run = Run(problem_or_f, x0, grad=grad, max_iter=max_iter, tol=gtol, norm=norm, record_path=record_path)
    # --8<-- [start:lbfgs_loop]
    x, fx, g = run.x, run.fun, run.jac
    s_list, y_list, rho_list = deque(maxlen=m), deque(maxlen=m), deque(maxlen=m)
    for k in run.iterations():
        p = -two_loop(g, s_list, y_list, rho_list)
        alpha0 = 1.0 if s_list else _first_step(g)
        search = strong_wolfe(run.f, run.grad, x, p, fx, g,
                              alpha0=alpha0, c1=c1, c2=c2)
        if not search.success:
            return run.fail("line_search_failed",
                            f"the line search found no acceptable step at step {k}")
        s, y = search.alpha * p, search.jac - g
        if _curvature_ok(s, y):  # keep the newest m pairs
            s_list.append(s)
            y_list.append(y)
            rho_list.append(1.0 / (y @ s))
        x, fx, g = run.accept(x + s, search.fun, search.jac)
    return run.result()
    # --8<-- [end:lbfgs_loop]
# --8<-- [end:lbfgs]
