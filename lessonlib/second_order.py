"""Second-order methods: nonlinear least squares (Gauss–Newton, Levenberg–Marquardt) and trust regions.

A least-squares objective f(x) = ½‖r(x)‖² with residuals r: Rⁿ → Rᵐ and Jacobian J has

    ∇f = Jᵀr,    ∇²f = JᵀJ + Σᵢ rᵢ ∇²rᵢ.

Gauss–Newton drops the second term (the residual curvature) and solves JᵀJ p = −Jᵀr, a linear
least-squares problem min ‖Jp + r‖. Levenberg–Marquardt solves the same model inside a trust region
‖Dp‖ <= Δ, which adds λDᵀD to JᵀJ; the radius Δ grows or shrinks with the ratio of actual to predicted
reduction. [`trust_region`][lessonlib.second_order.trust_region] is the same framework for a general f
with its Hessian as the model (the dogleg step, or Steihaug's truncated conjugate gradients).

References
----------
J. J. Moré, "The Levenberg–Marquardt algorithm: implementation and theory", in *Numerical Analysis*,
Lecture Notes in Mathematics 630, Springer, 1978, pp. 105–116 (the algorithm of MINPACK's ``lmder``).

J. Nocedal & S. J. Wright, *Numerical Optimization*, 2nd ed., Springer, 2006: §10.3 (Gauss–Newton,
and with a line search Theorem 10.1; Levenberg–Marquardt), Algorithm 4.1 (trust region), §4.1 (Cauchy point, dogleg),
Algorithm 7.2 (CG–Steihaug), Theorem 4.5 (global convergence of trust-region methods).

J. J. Moré, B. S. Garbow & K. E. Hillstrom, "Testing unconstrained optimization software", ACM
Transactions on Mathematical Software 7(1), 1981, pp. 17–41 (the test problems of
[`mgh_problems`][lessonlib.second_order.mgh_problems]).

NIST Statistical Reference Datasets, nonlinear regression, "Misra1a" (H. Misra, NIST, 1978).
"""

from __future__ import annotations

import numpy as np

from lessonlib.result import STATUS, OptimizeResult, Run, _as_point

__all__ = ["least_squares", "trust_region", "dogleg_step", "steihaug_cg", "mgh_problems", "misra1a"]

_EPS = np.finfo(float).eps


class _Residual:
    """Counted evaluations of r and J, with the shape checks."""

    def __init__(self, residual, jac, x):
        if not callable(residual):
            raise ValueError(f"residual must be callable, got {type(residual).__name__}.")
        if jac is not None and not callable(jac):
            raise ValueError(f"jac must be callable or None, got {type(jac).__name__}.")
        self._r, self._jac = residual, jac
        self.n = x.size
        self.nfev = self.njev = 0
        self.m = None
        r = self.r(x)
        if not np.all(np.isfinite(r)):
            raise ValueError(f"the residual is not finite at x0: {r}.")
        self.r0 = r

    def r(self, x):
        self.nfev += 1
        with np.errstate(all="ignore"):
            r = np.atleast_1d(np.asarray(self._r(x), dtype=float))
        if r.ndim != 1:
            raise ValueError(f"the residual must be a 1-D array, got shape {r.shape}.")
        if self.m is None:
            self.m = r.size
        elif r.size != self.m:
            raise ValueError(f"the residual changed length: {self.m} entries at first, now {r.size}.")
        return r

    def J(self, x, r):
        if self._jac is None:   # forward differences: n more residual evaluations, counted in nfev
            J = np.empty((self.m, self.n))
            for j in range(self.n):
                h = np.sqrt(_EPS) * max(abs(x[j]), 1.0)
                e = x.copy()
                e[j] += h
                J[:, j] = (self.r(e) - r) / (e[j] - x[j])
            return J
        self.njev += 1
        with np.errstate(all="ignore"):
            J = np.asarray(self._jac(x), dtype=float)
        if J.shape != (self.m, self.n):
            if J.size == self.m * self.n and min(self.m, self.n) == 1:
                return J.reshape(self.m, self.n)
            raise ValueError(f"jac must return an array of shape (m, n) = ({self.m}, {self.n}), got {J.shape}.")
        return J


# --8<-- [start:lm_parameter]
def _lm_step(J, r, d, delta):
    """The step p minimizing ‖Jp + r‖ subject to ‖Dp‖ <= Δ, D = diag(d), and its λ.

    With q = Dp and JD⁻¹ = U S Vᵀ, q(λ) = −V diag(s/(s² + λ)) Uᵀr solves (JᵀJ + λDᵀD) p = −Jᵀr.
    λ = 0 (the Gauss–Newton step) if it fits within 1.1Δ; otherwise λ > 0 with ‖q(λ)‖ within 10% of Δ,
    found by Newton's method on 1/Δ − 1/‖q(λ)‖ (Moré 1978, §5), safeguarded by bisection.
    """
    U, s, Vt = np.linalg.svd(J / d, full_matrices=False)
    c = U.T @ r
    keep = s > s[0] * _EPS * max(J.shape) if s.size and s[0] > 0 else np.zeros(s.shape, bool)

    def q_of(lam):
        w = np.where(keep, s / np.where(keep, s**2 + lam, 1.0), 0.0)
        return -(Vt.T @ (w * c))

    def norm_and_slope(lam):   # ‖q(λ)‖ and d‖q‖/dλ
        t = np.where(keep, s * c / np.where(keep, s**2 + lam, 1.0), 0.0)
        qn = np.sqrt(t @ t)
        dq = -np.sum(np.where(keep, t**2 / np.where(keep, s**2 + lam, 1.0), 0.0)) / max(qn, 1e-300)
        return qn, dq

    qn, _ = norm_and_slope(0.0)
    if qn <= 1.1 * delta:
        return q_of(0.0) / d, 0.0
    lo, hi = 0.0, np.linalg.norm(s * c) / delta   # ‖q(hi)‖ <= Δ
    lam = 0.0
    for _ in range(60):
        qn, dq = norm_and_slope(lam)
        if abs(qn - delta) <= 0.1 * delta:
            break
        if qn > delta:
            lo = lam
        else:
            hi = lam
        lam_new = lam - (qn / delta) * (qn - delta) / dq if dq < 0 else hi   # Newton on 1/Δ − 1/‖q‖
        lam = lam_new if lo < lam_new < hi else 0.5 * (lo + hi)
    return q_of(lam) / d, lam
# --8<-- [end:lm_parameter]


def least_squares(residual, x0, *, jac=None, method="lm", ftol=1e-8, xtol=1e-8, gtol=1e-8, max_nfev=None,
                  factor=100.0, record_path=True):
    """Minimize f(x) = ½‖r(x)‖² by Levenberg–Marquardt (Moré 1978) or by Gauss–Newton.

    ``method="lm"``: at x, with J = J(x) and scaling D = diag(d) (d the largest column norms of J seen
    so far), the step minimizes the Gauss–Newton model ½‖r + Jp‖² subject to ‖Dp‖ <= Δ. The ratio
    ρ = (actual reduction) / (predicted reduction) decides: the step is taken if ρ >= 1e-4; Δ shrinks
    (by a factor in [0.1, 0.5]) if ρ < 1/4, and becomes 2‖Dp‖ if ρ >= 3/4 or the step was the plain
    Gauss–Newton one (λ = 0). A new Jacobian is evaluated only after a step is taken. This is the
    algorithm of MINPACK's ``lmder``, which ``scipy.optimize.least_squares(method="lm")`` calls.

    ``method="gauss-newton"``: x ← x + p with p the least-squares solution of Jp = −r (minimum norm if J
    is rank deficient), no step control. Near a minimizer with small residuals it converges fast; with
    large residuals it may not converge at all (Nocedal & Wright, §10.3; Dennis & Schnabel, *Numerical
    Methods for Unconstrained Optimization and Nonlinear Equations*, Theorem 10.2.1).

    Parameters
    ----------
    residual : callable
        ``residual(x)`` -> array of shape (m,); the same m at every x.
    x0 : array_like, shape (n,)
        Starting point.
    jac : callable, optional
        ``jac(x)`` -> the Jacobian, shape (m, n). Without it, forward differences are used, and their
        n residual evaluations per Jacobian count in ``nfev``.
    method : {"lm", "gauss-newton"}
    ftol, xtol, gtol : float
        MINPACK's tests, the same as SciPy's: converged when both the actual and the predicted relative
        reductions of ‖r‖² are <= ftol; or Δ <= xtol‖Dx‖ (for Gauss–Newton, ‖p‖ <= xtol(xtol + ‖x‖));
        or the largest cosine between r and a column of J is <= gtol (r = 0 included).
    max_nfev : int, optional
        Most residual evaluations; default 100(n + 1), as in SciPy.
    factor : float
        The first radius is Δ₀ = factor·‖Dx₀‖ (or ``factor`` if that is 0), MINPACK's default 100.
    record_path : bool
        Keep the iterates in ``res.path``.

    Returns
    -------
    OptimizeResult
        ``fun`` = ½‖r(x)‖², ``residual`` = r(x), ``jacobian`` = the last Jacobian evaluated and
        ``jac`` = its product with r(x), the gradient Jᵀr (for LM, as in MINPACK, the Jacobian is not
        evaluated again after the last step, so it is the one at the previous iterate), ``nit`` steps taken, ``nfev`` residual and
        ``njev`` Jacobian evaluations, ``nhev`` = 0. ``status_name``: "converged" (the message says which
        test), "max_iter" (``max_nfev`` reached), "diverged" or "nonfinite" (Gauss–Newton only; for LM a
        non-finite residual at a trial point is a failed step: the radius shrinks).

    Raises
    ------
    ValueError
        An unknown method, a residual that is not finite at x0 or changes length, a Jacobian of the wrong
        shape, tolerances < 0, factor <= 0.

    Examples
    --------
    Fit y = a·exp(bt) to four points that lie on y = 2 exp(−t/2):

    >>> t = np.array([0.0, 1.0, 2.0, 3.0])
    >>> y = 2.0 * np.exp(-0.5 * t)
    >>> res = least_squares(lambda x: x[0] * np.exp(x[1] * t) - y, [1.0, 0.0])
    >>> res.status_name, np.round(res.x, 8) + 0.0
    ('converged', array([ 2. , -0.5]))
    >>> bool(res.fun < 1e-20), res.residual.shape
    (True, (4,))
    """
    if method not in ("lm", "gauss-newton"):
        raise ValueError(f'method must be "lm" or "gauss-newton", got {method!r}.')
    if not (ftol >= 0 and xtol >= 0 and gtol >= 0):
        raise ValueError(f"ftol, xtol and gtol must be >= 0, got {ftol}, {xtol}, {gtol}.")
    if not factor > 0:
        raise ValueError(f"factor must be > 0, got {factor}.")
    x = _as_point(x0)
    fn = _Residual(residual, jac, x)
    max_nfev = 100 * (x.size + 1) if max_nfev is None else int(max_nfev)
    solve = _levenberg_marquardt if method == "lm" else _gauss_newton
    return solve(fn, x, ftol, xtol, gtol, max_nfev, factor, record_path)


def _cosine(J, r):
    """The largest |cos| of the angle between r and a column of J (0 when r = 0)."""
    rn = np.linalg.norm(r)
    if rn == 0:
        return 0.0
    cn = np.linalg.norm(J, axis=0)
    g = np.abs(J.T @ r)
    return float(np.max(np.where(cn > 0, g / np.where(cn > 0, cn, 1.0), 0.0)) / rn)


def _result(fn, x, r, J, nit, status_name, message, path, values):
    return OptimizeResult(
        x=x, fun=0.5 * float(r @ r), residual=r, jac=J.T @ r, jacobian=J, nit=nit, nfev=fn.nfev,
        njev=fn.njev, nhev=0, success=status_name == "converged", status=STATUS[status_name],
        status_name=status_name, message=message, path=None if path is None else np.array(path),
        values=np.array(values),
    )


def _levenberg_marquardt(fn, x, ftol, xtol, gtol, max_nfev, factor, record_path):
    r = fn.r0
    path, values = ([x.copy()] if record_path else None), [0.5 * float(r @ r)]
    nit, status, message = 0, None, ""
    d = np.zeros(x.size)
    delta = None
    while status is None:
        J = fn.J(x, r)
        if not np.all(np.isfinite(J)):
            status, message = "nonfinite", f"the Jacobian has non-finite entries after {nit} steps"
            break
        d = np.maximum(d, np.linalg.norm(J, axis=0))     # the scaling D: column norms, never decreasing
        d = np.where(d > 0, d, 1.0)
        if delta is None:
            delta = factor * np.linalg.norm(d * x) or factor
        if _cosine(J, r) <= gtol:
            status, message = "converged", f"converged after {nit} steps: the gradient test (gtol) holds"
            break
        rn2 = float(r @ r)
        while True:   # trial steps until one is taken or a test fires
            # --8<-- [start:lm_step]
            p, lam = _lm_step(J, r, d, delta)
            dp = np.linalg.norm(d * p)
            if nit == 0 and delta > dp:
                delta = dp            # MINPACK: the first radius is at most the first step
            r_new = fn.r(x + p)
            Jp = J @ p
            pred = (Jp @ Jp + 2 * lam * dp**2) / rn2                   # predicted relative reduction of ‖r‖²
            actual = 1 - (r_new @ r_new) / rn2 if np.all(np.isfinite(r_new)) else -np.inf
            rho = actual / pred if pred > 0 else 0.0
            if rho < 0.25:            # a poor model: shrink the trust region
                dirder = -(Jp @ Jp + lam * dp**2) / rn2
                shrink = 0.5 if actual >= 0 else 0.5 * dirder / (dirder + 0.5 * actual)
                if not (0.1 <= shrink) or (np.isfinite(actual) and actual < -99):   # ‖r_new‖ > 10‖r‖
                    shrink = 0.1
                delta = min(shrink, 0.5) * min(delta, dp / 0.1)
            elif lam == 0 or rho >= 0.75:   # a good model, or the Gauss–Newton step fits: grow it
                delta = 2 * dp
            if rho >= 1e-4:           # take the step
                x, r = x + p, r_new
                nit += 1
                if record_path:
                    path.append(x.copy())
                values.append(0.5 * float(r @ r))
            # --8<-- [end:lm_step]
            if abs(actual) <= ftol and pred <= ftol and 0.5 * rho <= 1:
                status, message = "converged", f"converged after {nit} steps: the reduction test (ftol) holds"
            elif delta <= xtol * np.linalg.norm(d * x):
                status, message = "converged", f"converged after {nit} steps: the step test (xtol) holds"
            elif fn.nfev >= max_nfev:
                status, message = "max_iter", f"stopped: max_nfev = {max_nfev} residual evaluations used"
            elif delta <= 10 * _EPS * max(np.linalg.norm(d * x), 1e-300) or (pred <= _EPS and abs(actual) <= _EPS):
                status, message = "converged", (f"converged after {nit} steps: no further reduction is possible "
                                                "in floating point")
            if status is not None or rho >= 1e-4:
                break
    return _result(fn, x, r, J, nit, status, message, path, values)


# --8<-- [start:gauss_newton]
def _gauss_newton(fn, x, ftol, xtol, gtol, max_nfev, factor, record_path):
    r = fn.r0
    path, values = ([x.copy()] if record_path else None), [0.5 * float(r @ r)]
    bound = 1e8 * max(1.0, np.linalg.norm(x))
    nit, status, message = 0, None, ""
    while True:
        J = fn.J(x, r)
        if _cosine(J, r) <= gtol:
            status, message = "converged", f"converged after {nit} steps: the gradient test (gtol) holds"
            break
        if fn.nfev >= max_nfev:
            status, message = "max_iter", f"stopped: max_nfev = {max_nfev} residual evaluations used"
            break
        p = np.linalg.lstsq(J, -r, rcond=None)[0]   # solves JᵀJ p = −Jᵀr
        x = x + p
        r = fn.r(x)
        nit += 1
        if record_path:
            path.append(x.copy())
        values.append(0.5 * float(r @ r))
        if not np.all(np.isfinite(r)) or not np.isfinite(np.linalg.norm(x)):
            status, message = "nonfinite", f"the residual is not finite after {nit} steps"
            return _result(fn, x, r, np.full((r.size, x.size), np.nan), nit, status, message, path, values)
        if np.linalg.norm(x) > bound:
            status, message = "diverged", f"diverged: |x| exceeded {bound:.3g} after {nit} steps"
            break
        if np.linalg.norm(p) <= xtol * (xtol + np.linalg.norm(x)):
            J = fn.J(x, r)
            status, message = "converged", f"converged after {nit} steps: the step test (xtol) holds"
            break
    return _result(fn, x, r, J, nit, status, message, path, values)
# --8<-- [end:gauss_newton]


# --8<-- [start:dogleg_step]
def dogleg_step(g, B, delta):
    """The dogleg step for the model gᵀp + ½pᵀBp in ‖p‖ <= Δ (Nocedal & Wright, §4.1).

    The full step p_B = −B⁻¹g if it fits; else the path from 0 to the Cauchy point
    p_U = −(gᵀg / gᵀBg) g, then on to p_B, cut where it leaves the ball. If B is not positive
    definite, the Cauchy point of the ball, −Δ g/‖g‖ scaled by the model's minimum along −g.

    Examples
    --------
    >>> B, g = np.diag([1.0, 10.0]), np.array([1.0, 1.0])
    >>> dogleg_step(g, B, 10.0)             # the Newton step fits
    array([-1. , -0.1])
    >>> float(np.linalg.norm(dogleg_step(g, B, 0.5)))   # it does not: the step ends on the boundary
    0.5
    """
    gBg = g @ B @ g
    gn = np.linalg.norm(g)
    try:
        chol = np.linalg.cholesky(B)
    except np.linalg.LinAlgError:
        chol = None
    if chol is None or gBg <= 0:   # negative curvature: the Cauchy point
        tau = 1.0 if gBg <= 0 else min(gn**3 / (delta * gBg), 1.0)
        return -tau * delta * g / gn
    p_newton = -np.linalg.solve(chol.T, np.linalg.solve(chol, g))
    if np.linalg.norm(p_newton) <= delta:
        return p_newton
    p_cauchy = -(gn**2 / gBg) * g
    if np.linalg.norm(p_cauchy) >= delta:
        return -delta * g / gn
    u = p_newton - p_cauchy            # ‖p_U + t u‖ = Δ, t in [0, 1]
    a, b, c = u @ u, 2 * (p_cauchy @ u), p_cauchy @ p_cauchy - delta**2
    t = (-b + np.sqrt(b * b - 4 * a * c)) / (2 * a)
    return p_cauchy + t * u
# --8<-- [end:dogleg_step]


def _to_boundary(z, d, delta):
    """τ >= 0 with ‖z + τd‖ = Δ (z inside the ball)."""
    a, b, c = d @ d, 2 * (z @ d), z @ z - delta**2
    return (-b + np.sqrt(max(b * b - 4 * a * c, 0.0))) / (2 * a)


# --8<-- [start:steihaug_cg]
def steihaug_cg(g, hessp, delta, *, max_iter=None):
    """Steihaug's truncated CG for min gᵀp + ½pᵀBp in ‖p‖ <= Δ (Nocedal & Wright, Algorithm 7.2).

    Only products ``hessp(v)`` = Bv are used. CG on Bp = −g from p = 0 stops at the boundary, at a
    direction of negative curvature (followed to the boundary), or when the residual is below
    ε = min(0.5, √‖g‖)‖g‖.

    Examples
    --------
    >>> B, g = np.diag([1.0, 10.0]), np.array([1.0, 1.0])
    >>> steihaug_cg(g, lambda v: B @ v, 10.0)
    array([-1. , -0.1])
    >>> steihaug_cg(g, lambda v: -v, 2.0) / np.sqrt(2)   # negative curvature: to the boundary
    array([-1., -1.])
    """
    gn = np.linalg.norm(g)
    eps = min(0.5, np.sqrt(gn)) * gn
    z, res = np.zeros_like(g), g.copy()
    d = -res
    for _ in range(max_iter or 2 * g.size):
        Bd = hessp(d)
        dBd = d @ Bd
        if dBd <= 0:
            return z + _to_boundary(z, d, delta) * d
        alpha = (res @ res) / dBd
        if np.linalg.norm(z + alpha * d) >= delta:
            return z + _to_boundary(z, d, delta) * d
        z = z + alpha * d
        res_new = res + alpha * Bd
        if np.linalg.norm(res_new) < eps:
            return z
        d = -res_new + (res_new @ res_new) / (res @ res) * d
        res = res_new
    return z
# --8<-- [end:steihaug_cg]


def trust_region(problem_or_f, x0=None, *, grad=None, hess=None, hessp=None, subproblem="dogleg", delta0=1.0,
                 max_delta=1000.0, eta=0.15, max_iter=1000, tol=1e-8, record_path=True):
    """Minimize f by a trust-region method (Nocedal & Wright, Algorithm 4.1).

    At x the model m(p) = f + gᵀp + ½pᵀBp (B the Hessian) is minimized approximately in ‖p‖ <= Δ
    (``subproblem="dogleg"``: [`dogleg_step`][lessonlib.second_order.dogleg_step];
    ``"cg"``: [`steihaug_cg`][lessonlib.second_order.steihaug_cg], Newton-CG with Hessian-vector
    products only). With ρ = (f(x) − f(x + p)) / (m(0) − m(p)): Δ ← Δ/4 if ρ < 1/4;
    Δ ← min(2Δ, Δ_max) if ρ > 3/4 and ‖p‖ = Δ; the step is taken if ρ > η.

    Global convergence (Nocedal & Wright, Theorem 4.5 and 4.6): if f is bounded below on the level
    set of x₀ and Lipschitz continuously differentiable near it, the Hessians are bounded, and each
    step reduces the model at least a fixed fraction of the Cauchy point's reduction (both the
    dogleg and Steihaug's CG do), then liminf ‖∇f(x_k)‖ = 0 (η = 0), lim ‖∇f(x_k)‖ = 0 (η > 0).

    Parameters
    ----------
    problem_or_f : Problem or callable
        A [`Problem`][lessonlib.problems.Problem], or f(x) -> float.
    x0 : array_like, optional
        Starting point (default: the problem's).
    grad, hess : callable, optional
        Gradient and Hessian (defaults: the problem's, else finite differences counted as in
        [`Run`][lessonlib.result.Run]).
    hessp : callable, optional
        ``hessp(x, v)`` -> ∇²f(x)v, for ``subproblem="cg"`` (e.g. from
        [`lessonlib.autodiff.hvp`][lessonlib.autodiff.hvp]). Without it: ``hess(x) @ v`` if a Hessian is
        known, else a forward difference of the gradient. Products count in ``nhev``.
    subproblem : {"dogleg", "cg"}
    delta0, max_delta : float
        First and largest radius, 0 < delta0 <= max_delta.
    eta : float
        Acceptance threshold in [0, 1/4).
    max_iter : int
        Most trial steps (taken or not).
    tol : float
        Converged when ‖∇f‖ <= tol.
    record_path : bool

    Returns
    -------
    OptimizeResult
        With ``delta``, the last radius. ``status_name`` is "converged", "max_iter", "diverged",
        "nonfinite", or "line_search_failed" when the radius shrank to rounding size.

    Raises
    ------
    ValueError
        An unknown subproblem, delta0 <= 0 or > max_delta, eta not in [0, 1/4).

    Examples
    --------
    >>> from lessonlib import problems
    >>> res = trust_region(problems.rosenbrock(), [-1.2, 1.0])
    >>> res.status_name, np.round(res.x, 8) + 0.0
    ('converged', array([1., 1.]))
    >>> res_cg = trust_region(problems.rosenbrock(), [-1.2, 1.0], subproblem="cg")
    >>> res_cg.status_name, np.round(res_cg.x, 8) + 0.0
    ('converged', array([1., 1.]))
    """
    if subproblem not in ("dogleg", "cg"):
        raise ValueError(f'subproblem must be "dogleg" or "cg", got {subproblem!r}.')
    if not (0 < delta0 <= max_delta and np.isfinite(max_delta)):
        raise ValueError(f"the trust radius must satisfy 0 < delta0 <= max_delta < inf, got {delta0}, {max_delta}.")
    if not 0 <= eta < 0.25:
        raise ValueError(f"eta must be in [0, 1/4), got {eta}.")
    run = Run(problem_or_f, x0, grad=grad, hess=hess, max_iter=max_iter, tol=tol, record_path=record_path)
    if hess is None and hasattr(problem_or_f, "hess"):
        hess = problem_or_f.hess

    def product(x, g):
        if hessp is not None:
            def hv(v):
                run.nhev += 1
                return np.asarray(hessp(x, v), dtype=float)
        elif hess is not None:
            B = run.hess(x)
            return lambda v: B @ v
        else:
            def hv(v):
                run.nhev += 1
                h = np.sqrt(_EPS) * max(1.0, np.linalg.norm(x)) / max(np.linalg.norm(v), 1e-300)
                return (run.grad(x + h * v) - g) / h
        return hv

    # --8<-- [start:trust_region_loop]
    x, fx, g = run.x, run.fun, run.jac
    delta = float(delta0)
    B = None
    for k in run.iterations():
        if subproblem == "dogleg":
            B = run.hess(x) if B is None else B
            p = dogleg_step(g, B, delta)
            Bp = B @ p
        else:
            hv = product(x, g)
            p = steihaug_cg(g, hv, delta)
            Bp = hv(p)
        predicted = -(g @ p + 0.5 * p @ Bp)       # m(0) − m(p)
        f_new = run.f(x + p)
        rho = (fx - f_new) / predicted if predicted > 0 else -np.inf
        if not rho >= 0.25:
            delta = 0.25 * delta
        elif rho > 0.75 and np.linalg.norm(p) >= 0.999 * delta:
            delta = min(2 * delta, max_delta)
        if rho > eta:
            x, fx, g = run.accept(x + p, fx=f_new)
            B = None
        elif delta < 10 * _EPS * max(1.0, np.linalg.norm(x)):
            run.stop("line_search_failed", f"stopped after {run.nit} steps: the trust radius shrank to {delta:.1e}")
    # --8<-- [end:trust_region_loop]
    res = run.result()
    res.delta = delta
    return res


def mgh_problems():
    """Nineteen least-squares test problems of Moré, Garbow & Hillstrom (1981), with their starting points.

    Returns
    -------
    list of dict
        Each with ``name``, ``number`` (the paper's), ``residual`` (a function of x working for real and
        complex x, so a complex-step Jacobian is exact), ``x0`` and ``m``.

    Examples
    --------
    >>> probs = mgh_problems()
    >>> len(probs), probs[0]["name"], probs[0]["residual"](probs[0]["x0"])
    (19, 'Rosenbrock', array([-4.4,  2.2]))
    """
    P = []

    def add(number, name, x0, residual):
        x0 = np.array(x0, dtype=float)
        P.append(dict(number=number, name=name, x0=x0, residual=residual, m=len(residual(x0))))

    add(1, "Rosenbrock", [-1.2, 1.0], lambda x: np.array([10 * (x[1] - x[0] ** 2), 1 - x[0]]))
    add(2, "Freudenstein-Roth", [0.5, -2.0], lambda x: np.array([
        -13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1], -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1]]))
    add(3, "Powell badly scaled", [0.0, 1.0], lambda x: np.array([
        1e4 * x[0] * x[1] - 1, np.exp(-x[0]) + np.exp(-x[1]) - 1.0001]))
    add(4, "Brown badly scaled", [1.0, 1.0], lambda x: np.array([x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2]))
    yb = np.array([1.5, 2.25, 2.625])
    add(5, "Beale", [1.0, 1.0], lambda x: yb - x[0] * (1 - x[1] ** np.arange(1, 4)))
    i10 = np.arange(1, 11)
    add(6, "Jennrich-Sampson", [0.3, 0.4], lambda x: 2 + 2 * i10 - (np.exp(i10 * x[0]) + np.exp(i10 * x[1])))

    def helical(x):
        theta = np.arctan(x[1] / x[0]) / (2 * np.pi) + (0.5 if np.real(x[0]) < 0 else 0.0)
        return np.array([10 * (x[2] - 10 * theta), 10 * (np.sqrt(x[0] ** 2 + x[1] ** 2) - 1), x[2]])

    add(7, "Helical valley", [-1.0, 0.0, 0.0], helical)
    y8 = np.array([0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.10, 4.39])
    u = np.arange(1.0, 16.0)
    v, w = 16 - u, np.minimum(u, 16 - u)
    add(8, "Bard", [1.0, 1.0, 1.0], lambda x: y8 - (x[0] + u / (v * x[1] + w * x[2])))
    y9 = np.array([0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989, 0.3521, 0.2420, 0.1295,
                   0.0540, 0.0175, 0.0044, 0.0009])
    t9 = (8 - np.arange(1, 16)) / 2
    add(9, "Gaussian", [0.4, 1.0, 0.0], lambda x: x[0] * np.exp(-x[1] * (t9 - x[2]) ** 2 / 2) - y9)
    y10 = np.array([34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820,
                    3307, 2872], dtype=float)
    t10 = 45 + 5 * np.arange(1, 17.0)
    add(10, "Meyer", [0.02, 4000.0, 250.0], lambda x: x[0] * np.exp(x[1] / (t10 + x[2])) - y10)
    t12 = 0.1 * np.arange(1, 11)
    add(12, "Box 3-D", [0.0, 10.0, 20.0], lambda x: np.exp(-t12 * x[0]) - np.exp(-t12 * x[1])
        - x[2] * (np.exp(-t12) - np.exp(-10 * t12)))
    add(13, "Powell singular", [3.0, -1.0, 0.0, 1.0], lambda x: np.array([
        x[0] + 10 * x[1], np.sqrt(5) * (x[2] - x[3]), (x[1] - 2 * x[2]) ** 2, np.sqrt(10) * (x[0] - x[3]) ** 2]))
    add(14, "Wood", [-3.0, -1.0, -3.0, -1.0], lambda x: np.array([
        10 * (x[1] - x[0] ** 2), 1 - x[0], np.sqrt(90) * (x[3] - x[2] ** 2), 1 - x[2],
        np.sqrt(10) * (x[1] + x[3] - 2), (x[1] - x[3]) / np.sqrt(10)]))
    y15 = np.array([0.1957, 0.1947, 0.1735, 0.1600, 0.0844, 0.0627, 0.0456, 0.0342, 0.0323, 0.0235, 0.0246])
    u15 = np.array([4, 2, 1, 0.5, 0.25, 0.167, 0.125, 0.1, 0.0833, 0.0714, 0.0625])
    add(15, "Kowalik-Osborne", [0.25, 0.39, 0.415, 0.39], lambda x: y15 - x[0] * (u15 ** 2 + u15 * x[1])
        / (u15 ** 2 + u15 * x[2] + x[3]))
    t16 = np.arange(1, 21) / 5
    add(16, "Brown-Dennis", [25.0, 5.0, -5.0, -1.0], lambda x: (x[0] + t16 * x[1] - np.exp(t16)) ** 2
        + (x[2] + x[3] * np.sin(t16) - np.cos(t16)) ** 2)
    y17 = np.array([0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.850, 0.818, 0.784, 0.751, 0.718, 0.685,
                    0.658, 0.628, 0.603, 0.580, 0.558, 0.538, 0.522, 0.506, 0.490, 0.478, 0.467, 0.457, 0.448,
                    0.438, 0.431, 0.424, 0.420, 0.414, 0.411, 0.406])
    t17 = 10.0 * np.arange(33)
    add(17, "Osborne 1", [0.5, 1.5, -1.0, 0.01, 0.02], lambda x: y17 - (x[0] + x[1] * np.exp(-t17 * x[3])
                                                                      + x[2] * np.exp(-t17 * x[4])))
    t18 = 0.1 * np.arange(1, 14)
    y18 = np.exp(-t18) - 5 * np.exp(-10 * t18) + 3 * np.exp(-4 * t18)
    add(18, "Biggs EXP6", [1.0, 2.0, 1.0, 1.0, 1.0, 1.0], lambda x: x[2] * np.exp(-t18 * x[0])
        - x[3] * np.exp(-t18 * x[1]) + x[5] * np.exp(-t18 * x[4]) - y18)

    def watson(x):
        t = np.arange(1, 30) / 29
        j = np.arange(len(x))
        powers = t[:, None] ** j[None, :]
        first = (powers[:, :-1] * j[1:]) @ x[1:]
        r = first - (powers @ x) ** 2 - 1
        return np.concatenate([r, [x[0], x[1] - x[0] ** 2 - 1]])

    add(20, "Watson (n = 6)", np.zeros(6), watson)

    def osborne2(x):
        t = np.arange(65) / 10
        return y19 - (x[0] * np.exp(-t * x[4]) + x[1] * np.exp(-(t - x[8]) ** 2 * x[5])
                      + x[2] * np.exp(-(t - x[9]) ** 2 * x[6]) + x[3] * np.exp(-(t - x[10]) ** 2 * x[7]))

    y19 = np.array([1.366, 1.191, 1.112, 1.013, 0.991, 0.885, 0.831, 0.847, 0.786, 0.725, 0.746, 0.679, 0.608,
                    0.655, 0.616, 0.606, 0.602, 0.626, 0.651, 0.724, 0.649, 0.649, 0.694, 0.644, 0.624, 0.661,
                    0.612, 0.558, 0.533, 0.495, 0.500, 0.423, 0.395, 0.375, 0.372, 0.391, 0.396, 0.405, 0.428,
                    0.429, 0.523, 0.562, 0.607, 0.653, 0.672, 0.708, 0.633, 0.668, 0.645, 0.632, 0.591, 0.559,
                    0.597, 0.625, 0.739, 0.710, 0.729, 0.720, 0.636, 0.581, 0.428, 0.292, 0.162, 0.098, 0.054])
    add(19, "Osborne 2", [1.3, 0.65, 0.65, 0.7, 0.6, 3.0, 5.0, 7.0, 2.0, 4.5, 5.5], osborne2)
    P.sort(key=lambda p: p["number"])
    return P


def misra1a():
    """NIST StRD's Misra1a: 14 observations of y = b₁(1 − exp(−b₂x)), a dental research study.

    Returns
    -------
    dict
        ``x``, ``y`` (arrays of 14), ``start`` (NIST's first start, (500, 1e-4)), ``certified`` (NIST's
        certified values of b₁, b₂) and ``certified_rss`` (the residual sum of squares).

    Examples
    --------
    >>> data = misra1a()
    >>> data["x"].shape, data["start"]
    ((14,), array([5.e+02, 1.e-04]))
    """
    return dict(
        x=np.array([77.6, 114.9, 141.1, 190.8, 239.9, 289.0, 332.8, 378.4, 434.8, 477.3, 536.8, 593.1, 689.1,
                    760.0]),
        y=np.array([10.07, 14.73, 17.94, 23.93, 29.61, 35.18, 40.02, 44.82, 50.76, 55.05, 61.01, 66.40, 75.47,
                    81.78]),
        start=np.array([500.0, 1e-4]),
        certified=np.array([2.3894212918e02, 5.5015643181e-04]),
        certified_rss=1.2455138894e-01,
    )
