"""Newton's method: step to the minimizer of the local quadratic model.

When H is positive definite, the model m(p) = f + gᵀp + ½ pᵀHp is smallest where H p = −g. If f
is twice differentiable with a Lipschitz continuous Hessian near a minimizer x* where the Hessian
is positive definite, pure Newton started close enough to x* converges to it quadratically (the
number of correct digits roughly doubles each step): Nocedal & Wright, Theorem 3.5. On a quadratic
with a nonsingular Hessian it lands on the stationary point in one step (the minimizer when the
Hessian is positive definite). Far from a minimizer, or where H is indefinite or singular, pure
Newton can step uphill, toward a maximum or a saddle, or fail; a line search and a modified
Hessian are the remedies.

References
----------
Nocedal & Wright, *Numerical Optimization*, 2nd ed., Section 3.3 (Theorem 3.5, quadratic
convergence) and Section 3.4 (Newton's method with Hessian modification, Algorithms 3.2 and
3.3).
"""

from __future__ import annotations

import numpy as np

from lessonlib.linesearch import backtracking, strong_wolfe
from lessonlib.result import Run


# --8<-- [start:newton_direction]
def newton_direction(g, H, modify=None):
    """The Newton direction p solving H p = −g, with H optionally made positive definite.

    Parameters
    ----------
    g : ndarray, shape (n,)
        The gradient.
    H : ndarray, shape (n, n)
        The Hessian.
    modify : {None, "eigen", "levenberg"}
        None: solve with H as it is (p then points to the stationary point of the quadratic model,
        which for an indefinite H is its saddle, for a negative definite H its maximum).
        "eigen": replace each eigenvalue λ of H by max(|λ|, δ), δ = 1e-8·max(1, max|λ|), so
        negative curvature becomes positive.
        "levenberg": solve with H + τI for the first τ of the sequence 0 (only when every diagonal
        entry of H is positive), β, 2β, 4β, … whose Cholesky factorization succeeds, with
        β = 1e-3·max(1, max|Hᵢᵢ|) (after N&W Algorithm 3.3, which starts from τ = β − min Hᵢᵢ).

    Returns
    -------
    ndarray, shape (n,)

    Raises
    ------
    numpy.linalg.LinAlgError
        If H is exactly singular (and not modified), if the solution is not finite, or if
        τ = 2⁹⁹β still does not make H + τI positive definite ("levenberg").

    Examples
    --------
    >>> H = np.array([[-5.0]])                 # f'' < 0: x⁴ − 4x² + 1 at x = 0.5
    >>> g = np.array([-3.5])
    >>> newton_direction(g, H), newton_direction(g, H, "eigen")
    (array([-0.7]), array([0.7]))
    """
    # --8<-- [start:newton_direction_body]
    if modify == "eigen":
        lam, Q = np.linalg.eigh(H)
        lam = np.maximum(np.abs(lam), 1e-8 * max(1.0, np.max(np.abs(lam))))
        p = -Q @ ((Q.T @ g) / lam)
    elif modify == "levenberg":
        I, scale = np.eye(len(g)), max(1.0, np.max(np.abs(np.diag(H))))
        tau = 0.0 if np.min(np.diag(H)) > 0 else 1e-3 * scale
        for _ in range(100):  # τ doubles: H + τI is positive definite long before the end
            try:
                C = np.linalg.cholesky(H + tau * I)  # H + τI = C Cᵀ
                break
            except np.linalg.LinAlgError:
                tau = max(2 * tau, 1e-3 * scale)
        else:
            raise np.linalg.LinAlgError("no shift tau made H + tau I positive definite")
        p = -np.linalg.solve(C.T, np.linalg.solve(C, g))
    else:
        p = np.linalg.solve(H, -g)
    if not np.all(np.isfinite(p)):
        raise np.linalg.LinAlgError("the Newton direction is not finite")
    return p
    # --8<-- [end:newton_direction_body]
# --8<-- [end:newton_direction]


# --8<-- [start:newton]
def newton(problem_or_f, x0=None, *, grad=None, hess=None, line_search=None, modify=None, max_iter=100,
           tol=1e-10, norm=2, record_path=True):
    """Minimize f by Newton's method: x ← x + αp with H p = −∇f (a linear solve, never an inverse).

    Parameters
    ----------
    problem_or_f : Problem or callable
        A [`Problem`][lessonlib.problems.Problem], or f (then give ``x0``, ``grad`` and ``hess``; a
        missing ``hess`` is approximated by finite differences of ``grad``).
    x0 : float or array_like, shape (n,), optional
        Starting point; defaults to the problem's.
    grad, hess : callable, optional
        Gradient and Hessian.
    line_search : {None, "armijo", "wolfe"}
        None takes the full step α = 1 (pure Newton); "armijo" backtracks from α = 1
        ([`backtracking`][lessonlib.linesearch.backtracking]); "wolfe" uses
        [`strong_wolfe`][lessonlib.linesearch.strong_wolfe].
    modify : {None, "eigen", "levenberg"}
        How to make an indefinite Hessian positive definite; see
        [`newton_direction`][lessonlib.newton.newton_direction].
    max_iter : int
        Most steps (>= 1).
    tol : float
        Stop when ``norm(grad) <= tol``.
    norm : {2, np.inf}
        The gradient norm of the stopping test.
    record_path : bool
        Keep every iterate in ``res.path``.

    Returns
    -------
    OptimizeResult
        Pure Newton (no line search, no modification) takes its step even where H is not positive
        definite, as the lessons show; it may then converge to a maximum or a saddle, and the
        ``message`` says how many of its directions did not point downhill (gᵀp >= 0). With a line search,
        such a direction stops the run with ``status_name`` "not_descent", and a failed search
        with "line_search_failed". An exactly singular H (or a direction that is not finite) stops
        it with "singular_hessian", a Hessian with nan or inf entries with "nonfinite".
        A run whose gradient norm reaches ``tol`` is checked once more at its last point (one more
        Hessian, counted in ``nhev``): where the Hessian has an eigenvalue below
        −1e-8·max(1, max|λ|), the point is not a local minimizer (near a saddle or a maximum), and
        the run ends with ``success=False`` and ``status_name`` "not_minimum", the message giving
        the signs of the eigenvalues (see [`check_second_order`][lessonlib.newton.check_second_order]).

    Raises
    ------
    ValueError
        For an unknown ``line_search`` or ``modify``, bad ``x0``, ``max_iter`` or ``tol``, or
        derivatives of the wrong shape.

    References
    ----------
    Nocedal & Wright, *Numerical Optimization*, 2nd ed., Sections 3.3–3.4.

    Examples
    --------
    >>> from lessonlib.problems import double_well, rosenbrock
    >>> res = newton(rosenbrock(), line_search="armijo")
    >>> res.status_name, res.nit, np.round(res.x, 6)
    ('converged', 22, array([1., 1.]))
    >>> pure = newton(double_well(), x0=0.5)             # f'' < 0 at 0.5: heads to the maximum
    >>> round(pure.x.item(), 6), pure.success, pure.status_name
    (0.0, False, 'not_minimum')
    >>> print(pure.message)
    stopped at a stationary point that is not a minimum, after 4 steps: the gradient norm is <= tol = 1e-10, but the Hessian there has eigenvalues of signs (-): a maximum; 4 of the 4 Newton steps did not point downhill (H not positive definite)
    >>> round(newton(double_well(), x0=0.5, modify="eigen").x.item(), 6)
    1.414214
    """
    if line_search not in (None, "armijo", "wolfe"):
        raise ValueError(f"line_search must be None, 'armijo' or 'wolfe', got {line_search!r}.")
    if modify not in (None, "eigen", "levenberg"):
        raise ValueError(f"modify must be None, 'eigen' or 'levenberg', got {modify!r}.")
    run = Run(problem_or_f, x0, grad=grad, hess=hess, max_iter=max_iter, tol=tol, norm=norm,
              record_path=record_path)
    # --8<-- [start:newton_loop]
    x, fx, g = run.x, run.fun, run.jac
    uphill = 0
    for k in run.iterations():
        H = run.hess(x)
        if not np.all(np.isfinite(H)):
            return run.fail("nonfinite",
                            f"the Hessian has non-finite entries at step {k}")
        try:
            p = newton_direction(g, H, modify)
        except np.linalg.LinAlgError:
            return run.fail("singular_hessian",
                            f"the Hessian is singular at step {k}: H p = -g has no unique solution")
        if g @ p >= 0:  # uphill: H is not positive definite along p
            if line_search is not None:
                return run.fail("not_descent",
                                f"the Newton direction is not a descent direction at step {k} "
                                "(H not positive definite); try modify='eigen'")
            uphill += 1
        if line_search is None:
            x, fx, g = run.accept(x + p)
            continue
        if line_search == "armijo":
            search = backtracking(run.f, x, p, fx, g)
        else:
            search = strong_wolfe(run.f, run.grad, x, p, fx, g)
        if not search.success:
            return run.fail("line_search_failed",
                            f"the line search found no acceptable step at step {k}")
        x, fx, g = run.accept(x + search.alpha * p, search.fun, search.jac)
    if run.status_name == "converged":
        check_second_order(run)  # a zero gradient at a saddle or maximum: "not_minimum"
    if uphill:
        run.note(f"{uphill} of the {run.nit} Newton steps did not point downhill "
                 "(H not positive definite)")
    return run.result()
    # --8<-- [end:newton_loop]
# --8<-- [end:newton]


def check_second_order(run):
    """Turn a "converged" run into "not_minimum" when the Hessian at its last point has a negative eigenvalue.

    A zero gradient is only the first-order condition: at a saddle point or a maximum it holds too.
    For f with a continuous Hessian, the second-order necessary condition for a local minimizer is a
    positive semidefinite Hessian (Nocedal & Wright, *Numerical Optimization*, 2nd ed., Theorem 2.3):
    a clearly negative eigenvalue (below −1e-8·max(1, max|λ|)) rules the point out. The run is then
    stopped with status "not_minimum" and a message giving the signs of the eigenvalues (largest
    first) and the kind of point ("a maximum" when all are negative, "a saddle point" when some are
    positive). One more Hessian evaluation, counted in ``nhev``; a Hessian with non-finite
    eigenvalues leaves the run as it was.

    Parameters
    ----------
    run : Run
        A run of [`Run`][lessonlib.result.Run] that stopped with status "converged"; changed in
        place.
    """
    lam = np.linalg.eigvalsh(symmetric(run.hess(run.x)))[::-1]
    if not np.all(np.isfinite(lam)):
        return
    zero = 1e-8 * max(1.0, np.max(np.abs(lam)))
    if lam[-1] >= -zero:
        return
    signs = ", ".join("+" if v > zero else "-" if v < -zero else "0" for v in lam)
    kind = "a maximum" if lam[0] < -zero else "a saddle point" if lam[0] > zero else "not a minimum"
    run.stop("not_minimum", f"stopped at a stationary point that is not a minimum, after {run.nit} step{'s' * (run.nit != 1)}: "
                            f"the gradient norm is <= tol = {run.tol:g}, but the Hessian there has eigenvalues "
                            f"of signs ({signs}): {kind}")


def symmetric(H):
    """(H + Hᵀ) / 2: a Hessian from finite differences is symmetric only up to rounding."""
    return (H + H.T) / 2


def newton_1d(df, d2f, x0, *, f=None, max_iter=50, tol=1e-12, record_path=True):
    """Newton's method in one variable: x ← x − f'(x) / f''(x).

    Parameters
    ----------
    df, d2f : callable
        f' and f'' as functions of a number.
    x0 : float
        Starting point.
    f : callable, optional
        f itself, only to fill ``fun`` and ``values`` (``nan`` without it).
    max_iter : int
        Most steps.
    tol : float
        Stop when |f'(x)| <= tol.
    record_path : bool
        Keep the iterates in ``res.path`` (shape (nit + 1, 1)).

    Returns
    -------
    OptimizeResult
        As [`newton`][lessonlib.newton.newton]; ``res.x.item()`` is the last iterate.

    Examples
    --------
    >>> res = newton_1d(lambda x: 4 * x**3 - 8 * x, lambda x: 12 * x**2 - 8, 1.2)
    >>> for k, x in enumerate(res.path[:, 0]):   # the error roughly squares each step
    ...     err = abs(x - np.sqrt(2))
    ...     print(k, f"{err:.1e}" if err >= 1e-15 else "< 1e-15 (the rounding level of √2)")
    0 2.1e-01
    1 7.5e-02
    2 5.4e-03
    3 3.0e-05
    4 9.7e-10
    5 < 1e-15 (the rounding level of √2)
    >>> res.status_name, res.nit, res.nhev              # the last Hessian checks the second-order condition
    ('converged', 5, 6)
    """
    return newton(f, x0, grad=lambda x: np.array([df(x[0])], dtype=float),
                  hess=lambda x: np.array([[d2f(x[0])]], dtype=float), max_iter=max_iter, tol=tol,
                  record_path=record_path)
