"""Constrained optimization: projections, projected gradient, the quadratic penalty and the augmented Lagrangian.

The problem, in SciPy's convention:

```text
minimize f(x)  subject to  h(x) = 0 (eq),  c(x) >= 0 (ineq),
```

with ``h`` and ``c`` callables returning 1-D arrays. The Lagrangian is
Φ(x, ν, ζ) = f(x) − νᵀh(x) − ζᵀc(x): ν are the multipliers of the equalities, ζ ≥ 0 those of the
inequalities. This is the sign convention of Nocedal & Wright (§12.3) and of SciPy's SLSQP
(``res.multipliers``): at a KKT point ∇f(x) = J_h(x)ᵀν + J_c(x)ᵀζ.

References
----------
Nocedal & Wright, *Numerical Optimization*, 2nd ed.: Theorem 12.1 (the KKT conditions under LICQ),
Framework 17.1 (quadratic penalty), Framework 17.3 and Algorithm 17.4 (augmented Lagrangian),
Section 17.4 (inequalities in the max(0, ·) form). Bertsekas, *Nonlinear Programming*, 2nd ed.,
Section 2.3 (gradient projection), Section 4.2 (penalty and multiplier methods).
J. Duchi, S. Shalev-Shwartz, Y. Singer, T. Chandra, "Efficient projections onto the l1-ball for
learning in high dimensions", ICML 2008, Figure 1 (projection onto the simplex).
"""

from __future__ import annotations

import numpy as np

from lessonlib.result import STATUS, OptimizeResult, Run, _as_point




# -- projections ------------------------------------------------------------------------------------
# --8<-- [start:project_box]
def project_box(x, lower, upper):
    """The Euclidean projection onto the box ``lower <= x <= upper``: clip each coordinate.

    Examples
    --------
    >>> project_box([2.0, -3.0, 0.5], 0.0, 1.0)
    array([1. , 0. , 0.5])
    """
    lower, upper = np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
    if np.any(lower > upper):
        raise ValueError("the box is empty: some lower bound is above its upper bound.")
    # --8<-- [start:project_box_body]
    return np.clip(np.asarray(x, dtype=float), lower, upper)
    # --8<-- [end:project_box_body]
# --8<-- [end:project_box]


# --8<-- [start:project_ball]
def project_ball(x, radius=1.0, center=0.0):
    """The Euclidean projection onto the ball ``‖x − center‖ <= radius``: pull x in along the ray.

    Examples
    --------
    >>> project_ball([3.0, 4.0], radius=1.0)
    array([0.6, 0.8])
    """
    if not radius >= 0:
        raise ValueError(f"radius must be >= 0, got {radius}.")
    # --8<-- [start:project_ball_body]
    x = np.asarray(x, dtype=float)
    d = x - center
    r = np.linalg.norm(d)
    return x.copy() if r <= radius else center + d * (radius / r)
    # --8<-- [end:project_ball_body]
# --8<-- [end:project_ball]


def project_simplex(x, s=1.0):
    """The Euclidean projection onto the simplex ``{z : z >= 0, sum(z) = s}``, by sorting.

    The projection is z = max(x − τ, 0) for the one τ that makes the sum s; sorting x in decreasing
    order finds it in O(n log n) (Held, Wolfe & Crowder 1974; Duchi et al. 2008, Figure 1).

    Examples
    --------
    >>> project_simplex([0.5, 0.8, -1.0])
    array([0.35, 0.65, 0.  ])
    """
    if not s > 0:
        raise ValueError(f"the simplex sum s must be > 0, got {s}.")
    x = np.asarray(x, dtype=float)
    if x.ndim != 1 or not np.all(np.isfinite(x)):
        raise ValueError("x must be a finite 1-D array.")
    # --8<-- [start:project_simplex_body]
    u = np.sort(x)[::-1]                             # decreasing
    cumulative = np.cumsum(u) - s
    k = np.arange(1, x.size + 1)
    rho = np.nonzero(u - cumulative / k > 0)[0][-1]  # the last index kept positive
    tau = cumulative[rho] / (rho + 1)
    return np.maximum(x - tau, 0.0)
    # --8<-- [end:project_simplex_body]


# -- projected gradient -----------------------------------------------------------------------------
def projected_gradient(f, x0, project, *, grad=None, eta=None, max_iter=1000, tol=1e-8, record_path=True):
    """Minimize f over a closed convex set by projected gradient: x ← P(x − η∇f(x)).

    Parameters
    ----------
    f : callable
        The objective.
    x0 : array_like, shape (n,)
        Start. If it is not in the set it is projected first, and the message says so.
    project : callable
        The Euclidean projection onto the set, e.g. ``lambda z: project_box(z, 0, 1)``.
    grad : callable, optional
        The gradient; central differences if not given.
    eta : float, optional
        A fixed step (for an L-smooth f, 0 < η <= 1/L gives descent). None: backtracking along the
        projection arc from η = 1, halving until the sufficient decrease
        f(x⁺) <= f(x) + ∇f(x)ᵀ(x⁺ − x) + ‖x⁺ − x‖² / (2η) holds (Beck, *First-Order Methods in
        Optimization*, 2017, Chapter 10, backtracking for the proximal gradient method).
    max_iter, tol : int, float
        Converged when the gradient mapping ‖x − P(x − η∇f(x))‖ / η is <= tol (it is 0 exactly at
        the points satisfying the first-order condition over the set).

    Returns
    -------
    OptimizeResult
        As for every solver (``jac`` is ∇f, which need not vanish at a constrained minimizer), plus
        ``grad_mapping``, the norm of the gradient mapping at the end.

    Raises
    ------
    ValueError
        For eta <= 0, or a projection returning the wrong shape or non-finite values.

    Examples
    --------
    >>> f = lambda x: (x[0] - 2) ** 2 + (x[1] + 1) ** 2
    >>> grad = lambda x: np.array([2 * (x[0] - 2), 2 * (x[1] + 1)])
    >>> res = projected_gradient(f, [0.5, 0.5], lambda z: project_box(z, 0, 1), grad=grad, eta=0.5)
    >>> res.x, res.status_name
    (array([1., 0.]), 'converged')
    """
    if eta is not None and not eta > 0:
        raise ValueError(f"eta must be > 0, got {eta}.")
    x0 = _as_point(x0)
    start = _checked_projection(project, x0)
    moved = not np.array_equal(start, x0)
    run = Run(f, start, grad=grad, max_iter=max_iter, tol=0.0, record_path=record_path)
    # --8<-- [start:projected_gradient_loop]
    x, fx, g = run.x, run.fun, run.jac
    step = 1.0 if eta is None else eta
    G = np.linalg.norm(x - _checked_projection(project, x - step * g)) / step
    for k in run.iterations():
        if G <= tol:
            run.stop("converged", f"converged in {k} iterations: gradient mapping norm <= tol = {tol:g}")
            break
        step = 1.0 if eta is None else eta
        x_new = _checked_projection(project, x - step * g)
        while eta is None and run.f(x_new) > fx + g @ (x_new - x) + (x_new - x) @ (x_new - x) / (2 * step):
            step /= 2                                   # backtrack along the projection arc
            x_new = _checked_projection(project, x - step * g)
        G = np.linalg.norm(x_new - x) / step            # the gradient mapping at x
        x, fx, g = run.accept(x_new)
    # --8<-- [end:projected_gradient_loop]
    if moved:
        run.note("x0 was outside the set: the run started from its projection")
    res = run.result()
    res.grad_mapping = float(np.linalg.norm(x - _checked_projection(project, x - step * g)) / step)
    return res


def _checked_projection(project, z):
    p = np.asarray(project(z), dtype=float)
    if p.shape != z.shape:
        raise ValueError(f"project must return an array of shape {z.shape} like x, got shape {p.shape}.")
    if not np.all(np.isfinite(p)):
        raise ValueError(f"project returned non-finite values at {z}.")
    return p


# -- constraint functions ---------------------------------------------------------------------------
class _Constraints:
    """The constraint functions h or c with their Jacobian: shape checks, finiteness, counting."""

    def __init__(self, name, fun, jac, x0):
        self.name, self.fun, self.jac_fun, self.nev = name, fun, jac, 0
        if fun is not None and not callable(fun):
            raise ValueError(f"{name} must be a callable returning a 1-D array, got {type(fun).__name__}.")
        self.m = 0 if fun is None else self(x0).size

    def __call__(self, x):
        if self.fun is None:
            return np.zeros(0)
        self.nev += 1
        with np.errstate(all="ignore"):
            v = np.atleast_1d(np.asarray(self.fun(x), dtype=float))
        if v.ndim != 1:
            raise ValueError(f"{self.name}(x) must return a number or a 1-D array, got an array of shape {v.shape}.")
        if hasattr(self, "m") and v.size != self.m:
            raise ValueError(f"{self.name}(x) returned {v.size} values at one point and {self.m} at another.")
        if not np.all(np.isfinite(v)):
            raise ValueError(f"{self.name}(x) returned non-finite values {v} at x = {x}.")
        return v

    def jac(self, x):
        n = x.size
        if self.m == 0:
            return np.zeros((0, n))
        if self.jac_fun is None:                        # central differences, one column per variable
            J = np.empty((self.m, n))
            for i in range(n):
                h = 1e-6 * max(1.0, abs(x[i]))
                e = np.zeros(n)
                e[i] = h
                J[:, i] = (self(x + e) - self(x - e)) / (2 * h)
            return J
        with np.errstate(all="ignore"):
            J = np.asarray(self.jac_fun(x), dtype=float)
        if J.ndim == 1 and self.m == 1 and J.size == n:
            J = J.reshape(1, n)
        if J.shape != (self.m, n):
            raise ValueError(f"{self.name}_jac must return an array of shape ({self.m}, {n}).")
        if not np.all(np.isfinite(J)):
            raise ValueError(f"{self.name}_jac returned non-finite values at x = {x}.")
        return J


def kkt_residual(gradf, h, Jh, c, Jc, nu, zeta):
    """The largest violation of the KKT conditions, each measured in the max-norm.

    Stationarity ‖∇f − J_hᵀν − J_cᵀζ‖, feasibility ‖h‖ and ‖max(0, −c)‖, dual feasibility
    ‖max(0, −ζ)‖ and complementary slackness ‖ζ ∘ c‖ (Nocedal & Wright, Theorem 12.1).

    Examples
    --------
    >>> # min x² + y² s.t. x + y − 1 = 0 at (½, ½) with ν = 1
    >>> kkt_residual(np.array([1.0, 1.0]), np.array([0.0]), np.array([[1.0, 1.0]]),
    ...              np.zeros(0), np.zeros((0, 2)), np.array([1.0]), np.zeros(0))
    0.0
    """
    parts = [np.abs(gradf - Jh.T @ nu - Jc.T @ zeta), np.abs(h), np.maximum(0, -c), np.maximum(0, -zeta),
             np.abs(zeta * c)]
    return float(max((p.max() for p in parts if p.size), default=0.0))


def _least_squares_multipliers(gradf, Jh, Jc, active):
    """ν and ζ (ζ = 0 off ``active``) minimizing ‖∇f − J_hᵀν − J_cᵀζ‖, with negative ζ set to 0."""
    A = np.vstack([Jh, Jc[active]])
    zeta = np.zeros(Jc.shape[0])
    if A.shape[0] == 0:
        return np.zeros(0), zeta
    coef = np.linalg.lstsq(A.T, gradf, rcond=None)[0]
    zeta[active] = np.maximum(coef[Jh.shape[0]:], 0.0)
    return coef[: Jh.shape[0]], zeta


# -- penalty and augmented Lagrangian ---------------------------------------------------------------
def minimize_constrained(f, x0, *, grad=None, eq=None, ineq=None, eq_jac=None, ineq_jac=None,
                         method="augmented_lagrangian", tau0=10.0, tau_max=1e12, max_outer=50, tol=1e-7,
                         inner="bfgs"):
    """Minimize f subject to eq(x) = 0 and ineq(x) >= 0 by the augmented Lagrangian or a penalty.

    ``method="augmented_lagrangian"`` (the method of multipliers): each outer iteration minimizes,
    from the last point, the augmented Lagrangian in the max(0, ·) form of N&W §17.4

    ```text
    Φ_τ(x; ν, ζ) = f − νᵀh + (τ/2)‖h‖² + (1/(2τ)) Σ (max(0, ζᵢ − τcᵢ)² − ζᵢ²)
    ```

    with the library's [`bfgs`][lessonlib.quasi_newton.bfgs] (or
    [`lbfgs`][lessonlib.quasi_newton.lbfgs]), then updates the multipliers ν ← ν − τh,
    ζ ← max(0, ζ − τc), and multiplies τ by 10 when the constraint violation is above ``tol`` and did not fall
    to a quarter of its previous value (N&W Framework 17.3; Bertsekas, *Nonlinear Programming*, 2nd ed., §4.2).
    ``method="penalty"``: minimizes the quadratic penalty f + (τ/2)(‖h‖² + ‖max(0, −c)‖²) for
    τ = τ₀, 10τ₀, 100τ₀, ... (N&W Framework 17.1); its multiplier estimates are ν = −τh,
    ζ = τ max(0, −c), and it reaches the constrained minimizer only as τ → ∞.

    Parameters
    ----------
    f : callable
        The objective.
    x0 : array_like, shape (n,)
        Start; need not be feasible.
    grad : callable, optional
        ∇f; central differences if not given.
    eq, ineq : callable, optional
        h(x) and c(x), each returning a number or a 1-D array (SciPy's convention: h = 0, c >= 0).
    eq_jac, ineq_jac : callable, optional
        Their Jacobians, shape (number of constraints, n); central differences if not given.
    method : {"augmented_lagrangian", "penalty"}
    tau0, tau_max : float
        The first penalty weight and its bound.
    max_outer : int
        Most outer iterations (inner solves).
    tol : float
        Converged when the KKT residual is <= tol.
    inner : {"bfgs", "lbfgs"}
        The solver of the inner problems.

    Returns
    -------
    OptimizeResult
        ``x, fun, jac`` (∇f at x), ``nit`` (outer iterations), ``nfev, njev`` (of f and ∇f, inner
        solves included), ``path`` and ``values`` (one row per outer iteration), plus

        * ``multipliers``: ``{"eq": ν, "ineq": ζ}``, signed as in SciPy's SLSQP:
          ∇f(x) = J_h(x)ᵀν + J_c(x)ᵀζ with ζ >= 0. These are the method's estimates, or, where
          they give a smaller KKT residual at ``x``, the least-squares multipliers of the equalities and
          of the inequalities with a positive estimate (the inner solves stop at a gradient of the order
          of the rounding error of f, and the updated estimates can lag behind an accurate x);
        * ``kkt_residual``: see [`kkt_residual`][lessonlib.constrained.kkt_residual];
        * ``tau``: the last penalty weight; ``status``/``status_name`` from
          [`STATUS`][lessonlib.result.STATUS]: "converged", "max_iter",
          "infeasible" (violation > tol with τ at ``tau_max``: the problem is infeasible, or the
          iterates are stuck near a local minimizer of the violation), "diverged" or "nonfinite"
          (an inner solve ran off).

    Raises
    ------
    ValueError
        For an unknown method, bad x0, tau0 <= 0, a constraint function returning a 2-D array,
        a changing number of values, or non-finite values, a Jacobian of the wrong shape.

    Examples
    --------
    >>> res = minimize_constrained(lambda x: x @ x, [0.0, 0.0], grad=lambda x: 2 * x,
    ...                            eq=lambda x: x[0] + x[1] - 1)
    >>> np.round(res.x, 6), round(res.fun, 6), np.round(res.multipliers["eq"], 6)
    (array([0.5, 0.5]), 0.5, array([1.]))
    >>> res.status_name, bool(res.kkt_residual < 1e-7)
    ('converged', True)
    """
    if method not in ("augmented_lagrangian", "penalty"):
        raise ValueError(f'method must be "augmented_lagrangian" or "penalty", got {method!r}.')
    if not tau0 > 0 or not tau_max >= tau0:
        raise ValueError(f"need 0 < tau0 <= tau_max, got tau0 = {tau0}, tau_max = {tau_max}.")
    from lessonlib.quasi_newton import bfgs, lbfgs

    solve = {"bfgs": bfgs, "lbfgs": lbfgs}[inner]
    x = _as_point(x0)
    h, c = _Constraints("eq", eq, eq_jac, x), _Constraints("ineq", ineq, ineq_jac, x)
    outer = Run(f, x, grad=grad, max_iter=1, tol=0.0)   # book-keeping of f and ∇f only
    nu, zeta, tau = np.zeros(h.m), np.zeros(c.m), float(tau0)
    nu_hat, zeta_hat = nu, zeta
    path, values = [x.copy()], [outer.fun]
    status, message = None, ""

    def violation(x):
        return max(np.abs(h(x)).max(initial=0.0), np.maximum(0, -c(x)).max(initial=0.0))

    # --8<-- [start:augmented_lagrangian]
    # --8<-- [start:augmented_lagrangian_phi]
    def phi(x):                                        # Φ_τ(x; ν, ζ), or the penalty when ν = ζ = 0
        hx, cx = h(x), c(x)
        shifted = np.maximum(0.0, zeta - tau * cx)
        return outer.f(x) - nu @ hx + tau / 2 * hx @ hx + (shifted @ shifted - zeta @ zeta) / (2 * tau)

    def phi_grad(x):
        shifted = np.maximum(0.0, zeta - tau * c(x))
        return outer.grad(x) - h.jac(x).T @ (nu - tau * h(x)) - c.jac(x).T @ shifted
    # --8<-- [end:augmented_lagrangian_phi]

    last_violation = violation(x)
    for k in range(max_outer):
        inner_res = solve(phi, x, grad=phi_grad, gtol=tol / 10, record_path=False)
        if inner_res.status_name in ("diverged", "nonfinite"):
            status, message = inner_res.status_name, f"the inner solve {k} stopped: {inner_res.message}"
            break
        x = inner_res.x
        if method == "augmented_lagrangian":
            nu, zeta = nu - tau * h(x), np.maximum(0.0, zeta - tau * c(x))
            nu_hat, zeta_hat = nu, zeta
        else:                                          # the penalty's estimates; Φ keeps ν = ζ = 0
            nu_hat, zeta_hat = -tau * h(x), tau * np.maximum(0.0, -c(x))
        path.append(x.copy())
        values.append(outer.f(x))
        gx, hx, Jh, cx, Jc = outer.grad(x), h(x), h.jac(x), c(x), c.jac(x)
        r = kkt_residual(gx, hx, Jh, cx, Jc, nu_hat, zeta_hat)
        if r > tol:                                    # the estimates lag behind x: try least squares
            nu_ls, zeta_ls = _least_squares_multipliers(gx, Jh, Jc, zeta_hat > 0)
            r_ls = kkt_residual(gx, hx, Jh, cx, Jc, nu_ls, zeta_ls)
            if r_ls < r:
                nu_hat, zeta_hat, r = nu_ls, zeta_ls, r_ls
        if r <= tol:
            status, message = "converged", f"converged in {k + 1} outer iterations: KKT residual <= tol = {tol:g}"
            break
        v = violation(x)
        if method == "penalty" or v > max(tol, 0.25 * last_violation):
            if tau >= tau_max and v > tol:
                status = "infeasible"
                message = (f"infeasible: the constraints are still violated by {v:.3g} with the penalty "
                           f"weight at tau_max = {tau_max:g}: the problem is infeasible, or the run is stuck near a "
                           f"point that locally minimizes the violation (try another x0)")
                break
            tau = min(10 * tau, tau_max)
        last_violation = v
    # --8<-- [end:augmented_lagrangian]
    else:
        status, message = "max_iter", f"stopped: max_outer = {max_outer} outer iterations without KKT residual <= tol = {tol:g}"
    gx = outer.grad(x)
    return OptimizeResult(
        x=x, fun=outer.f(x), jac=gx, nit=len(path) - 1, nfev=outer.nfev, njev=outer.njev, nhev=0,
        success=status == "converged", status=STATUS[status], status_name=status, message=message,
        path=np.array(path), values=np.array(values), multipliers={"eq": nu_hat, "ineq": zeta_hat},
        kkt_residual=kkt_residual(gx, h(x), h.jac(x), c(x), c.jac(x), nu_hat, zeta_hat), tau=tau,
    )
