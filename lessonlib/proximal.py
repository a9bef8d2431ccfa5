"""Non-smooth optimization: the subgradient method, proximal gradient (ISTA, FISTA) and the lasso.

A composite objective F(x) = f(x) + h(x) has a smooth convex part f, whose gradient is L-Lipschitz,
and a convex part h that may have kinks but whose proximal operator

    prox_{ηh}(v) = argmin_x  h(x) + ‖x − v‖² / (2η)

is cheap. For h(x) = t‖x‖₁ it is soft-thresholding. Proximal gradient takes a gradient step on f and
a prox step on h; FISTA adds Nesterov's extrapolation and improves the rate from O(1/k) to O(1/k²).
The subgradient method needs no prox, but only reaches O(1/√k), and only with diminishing steps.

References
----------
A. Beck & M. Teboulle, "A fast iterative shrinkage-thresholding algorithm for linear inverse
problems", SIAM Journal on Imaging Sciences 2(1), 2009: ISTA and FISTA, Theorems 3.1 and 4.4.

Y. Nesterov, *Lectures on Convex Optimization*, 2nd ed., Springer, 2018, §3.2.3 (the subgradient
method and its O(1/√k) rate).

S. Boyd, L. Xiao & A. Mutapcic, "Subgradient methods", lecture notes for EE392o, Stanford, 2003,
§2-3 (step-size rules and the bound on the best value).

R. Tibshirani, "Regression shrinkage and selection via the lasso", Journal of the Royal Statistical
Society B 58(1), 1996.
"""

from __future__ import annotations

import numpy as np

from lessonlib.result import Run

__all__ = ["soft_threshold", "prox_gradient", "subgradient_method", "lasso"]


# --8<-- [start:soft_threshold]
def soft_threshold(v, t):
    """Soft-thresholding, the proximal operator of t|x|: sign(v) · max(|v| − t, 0), entry by entry.

    It is the minimizer of t|x| + (x − v)²/2: entries with |v| <= t become exactly 0, the others
    move t towards 0. Applied to a vector it is the prox of t‖x‖₁, since that problem separates
    into one such problem per entry.

    Parameters
    ----------
    v : float or array_like
        The point (or points).
    t : float or array_like
        The threshold, >= 0 (an array is broadcast against ``v``).

    Returns
    -------
    float or ndarray
        A float for a number ``v``, an array for an array.

    Raises
    ------
    ValueError
        If t is negative or not finite.

    Examples
    --------
    >>> soft_threshold(3.0, 1.0), soft_threshold(0.5, 1.0), soft_threshold(-1.5, 1.0)
    (2.0, 0.0, -0.5)
    >>> soft_threshold(np.array([-2.0, -0.25, 0.0, 0.75, 4.0]), 0.5)
    array([-1.5 ,  0.  ,  0.  ,  0.25,  3.5 ])
    """
    t = np.asarray(t, dtype=float)
    if not (np.all(np.isfinite(t)) and np.all(t >= 0)):
        raise ValueError(f"the threshold t must be finite and >= 0, got {t}.")
    v = np.asarray(v, dtype=float)
    # --8<-- [start:soft_threshold_body]
    x = np.sign(v) * np.maximum(np.abs(v) - t, 0.0) + 0.0   # + 0.0 turns −0.0 into 0.0
    # --8<-- [end:soft_threshold_body]
    return float(x) if x.ndim == 0 else x
# --8<-- [end:soft_threshold]


# --8<-- [start:prox_gradient]
def prox_gradient(f, grad, prox, x0, *, h=None, eta=None, accelerated=False, eta0=1.0, shrink=0.5,
                  max_iter=1000, tol=1e-8, record_path=True):
    """Minimize F(x) = f(x) + h(x) by proximal gradient: ISTA, or FISTA with ``accelerated=True``.

    ISTA repeats x ← prox_{ηh}(x − η∇f(x)). FISTA takes the same step from an extrapolated point
    y = x_k + ((t_k − 1)/t_{k+1})(x_k − x_{k−1}), with t_1 = 1 and t_{k+1} = (1 + √(1 + 4t_k²))/2.

    Hypotheses (Beck & Teboulle 2009): f convex with an L-Lipschitz gradient, h convex, closed and
    with a computable prox, and a minimizer x* of F exists. Then with η = 1/L, after k steps

    * ISTA: F(x_k) − F* <= L‖x₀ − x*‖² / (2k)  (Theorem 3.1),
    * FISTA: F(x_k) − F* <= 2L‖x₀ − x*‖² / (k + 1)²  (Theorem 4.4);

    with backtracking (``eta=None``, started from ``eta0 >= 1/L``) the same hold with L replaced by
    L/``shrink``.

    The stopping test uses the gradient mapping G = (y − x)/η of the last step, from y to
    x = prox_{ηh}(y − η∇f(y)) (y = x_{k−1} for ISTA): G = 0 exactly when y minimizes F, and for
    η <= 1/L the distance from 0 to the subdifferential of F at x is at most 2‖G‖. (It is the plain
    gradient ∇f(y) when h = 0.)

    Parameters
    ----------
    f, grad : callable
        The smooth part f(x) -> float and its gradient, an array of shape (n,).
    prox : callable
        ``prox(v, eta)``: the proximal operator of η·h at v, argmin_x h(x) + ‖x − v‖²/(2η).
    x0 : float or array_like, shape (n,)
        Starting point.
    h : callable, optional
        The non-smooth part's value h(x). Give it so that ``fun`` and ``values`` are F = f + h;
        without it they are the values of f alone.
    eta : float, optional
        A fixed step (1/L is the largest the theorems allow). None: Beck & Teboulle's
        backtracking, which starts from ``eta0`` and multiplies η by ``shrink`` until
        f(x) <= f(y) + ∇f(y)ᵀ(x − y) + ‖x − y‖²/(2η) (up to a rounding allowance of
        1e-12·(1 + |f(y)|), so that steps of the size of rounding errors do not shrink η);
        η never grows again.
    accelerated : bool
        False: ISTA; True: FISTA.
    eta0, shrink : float
        The first step and the backtracking factor (0 < shrink < 1), used when ``eta`` is None.
    max_iter : int
        Most steps to take (>= 1).
    tol : float
        Stop when the norm of the gradient mapping is <= tol.
    record_path : bool
        Keep every iterate in ``res.path``.

    Returns
    -------
    OptimizeResult
        ``jac`` is the gradient mapping G of the last step. Counts: ``nfev`` evaluations of f
        (with h, once per iterate; backtracking adds evaluations of f alone), ``njev`` of ``grad``,
        ``nprox`` of ``prox``; ``eta`` is the last step size. ``status_name`` is "converged", "max_iter", "diverged", "nonfinite" or
        "line_search_failed" (100 reductions of η did not satisfy the test).

    Raises
    ------
    ValueError
        If eta <= 0, eta0 <= 0, shrink not in (0, 1), max_iter < 1, tol < 0, x0 not a finite
        number or 1-D array, or grad or prox returning the wrong shape.

    References
    ----------
    A. Beck & M. Teboulle, "A fast iterative shrinkage-thresholding algorithm for linear inverse
    problems", SIAM Journal on Imaging Sciences 2(1), 2009.

    Examples
    --------
    Minimize ½(x − 3)² + |x|: the minimizer is soft_threshold(3, 1) = 2, and with η = 1 = 1/L
    one step lands on it.

    >>> f = lambda x: 0.5 * float((x[0] - 3.0) ** 2)
    >>> grad = lambda x: x - 3.0
    >>> prox = lambda v, eta: soft_threshold(v, eta)
    >>> h = lambda x: float(abs(x[0]))
    >>> res = prox_gradient(f, grad, prox, 0.0, h=h, eta=1.0)
    >>> res.x, res.fun, res.status_name, res.nit
    (array([2.]), 2.5, 'converged', 2)
    >>> prox_gradient(f, grad, prox, 0.0, h=h, eta=4.0).status_name   # η = 4 > 2/L
    'diverged'
    """
    if eta is not None and not eta > 0:
        raise ValueError(f"eta must be > 0 (or None for backtracking), got {eta}.")
    if not eta0 > 0:
        raise ValueError(f"eta0 must be > 0, got {eta0}.")
    if not 0 < shrink < 1:
        raise ValueError(f"shrink must lie in (0, 1), got {shrink}.")
    line_search = eta is None
    eta = float(eta0 if line_search else eta)
    F = f if h is None else (lambda x: f(x) + h(x))
    counts = {"f": 0, "grad": 0, "prox": 0}

    def counted(name, fn, like):
        """``fn``, counted, its value checked to be a vector of the size of its first argument."""
        def call(v, *args):
            counts[name] += 1
            with np.errstate(all="ignore"):
                out = np.asarray(fn(v, *args), dtype=float)
            if out.size != v.size:
                raise ValueError(f"{name} must return an array of shape ({v.size},) like {like}, "
                                 f"got shape {out.shape}.")
            return out.reshape(v.shape)
        return call

    prox_point, gradient = counted("prox", prox, "v"), counted("grad", grad, "x")

    def smooth(x):
        counts["f"] += 1
        with np.errstate(all="ignore"):
            return float(f(x))

    # --8<-- [start:prox_step]
    def step(y, eta):
        """x = prox_{ηh}(y − η∇f(y)); with backtracking, η shrinks until f lies under its model."""
        gy = gradient(y)
        fy = smooth(y) if line_search else None
        for _ in range(100):
            x = prox_point(y - eta * gy, eta)
            if not line_search:
                return x, eta
            d = x - y
            if smooth(x) <= fy + gy @ d + d @ d / (2 * eta) + 1e-12 * (1 + abs(fy)):  # (+ rounding)
                return x, eta
            eta *= shrink
        return None, eta
    # --8<-- [end:prox_step]

    run = Run(F, x0, grad=lambda x: (x - prox_point(x - eta * gradient(x), eta)) / eta,  # G at x0
              max_iter=max_iter, tol=tol, record_path=record_path)
    # --8<-- [start:prox_gradient_loop]
    x = y = run.x
    t = 1.0
    for k in run.iterations():
        x_prev = x
        x, eta = step(y, eta)                           # x = prox_{ηh}(y − η∇f(y))
        if x is None:
            run.stop("line_search_failed", f"backtracking found no step at step {k}: η fell to {eta:.3g}")
            break
        x, Fx, G = run.accept(x, g=(y - x) / eta)       # G: the gradient mapping, tested against tol
        if accelerated:                                 # FISTA: extrapolate
            t_next = (1 + np.sqrt(1 + 4 * t**2)) / 2
            y = x + (t - 1) / t_next * (x - x_prev)
            t = t_next
        else:                                           # ISTA
            y = x
    # --8<-- [end:prox_gradient_loop]
    if run.status_name == "converged":
        run.message = run.message.replace("gradient norm", "gradient-mapping norm")
    res = run.result()
    res.nfev, res.njev, res.nprox, res.eta = run.nfev + counts["f"], counts["grad"], counts["prox"], eta
    return res
# --8<-- [end:prox_gradient]


# --8<-- [start:subgradient_method]
def subgradient_method(f, subgrad, x0, *, eta=1.0, steps="diminishing", max_iter=1000, record_path=True):
    """Minimize a convex f by the subgradient method: x ← x − η_k g, g a subgradient at x.

    The method is not a descent method: −g need not point downhill, and f(x_k) can rise. So it
    returns the **best** point seen. Steps: ``"constant"`` η_k = η, or ``"diminishing"``
    η_k = η/√(k + 1).

    Hypotheses and rate: f convex with a minimizer x*, every subgradient used has ‖g‖ <= M, and
    ‖x₀ − x*‖ <= R. Then after k steps the best value satisfies

        f_best − f* <= (R² + M² Σ η_i²) / (2 Σ η_i)   (sums over i = 0, ..., k − 1)

    (Boyd, Xiao & Mutapcic 2003, §3; Nesterov 2018, §3.2.3). With a constant step the right side
    tends to M²η/2, not 0: on |x| the iterates end up bouncing around 0 at the step size. With
    η_k = η/√(k + 1) it is O(log k / √k), and with the constant step R/(M√N) for a fixed number N
    of steps it is RM/√N: the subgradient method's O(1/√k).

    Parameters
    ----------
    f : callable
        The objective f(x) -> float.
    subgrad : callable
        Returns a subgradient of f at x, an array of shape (n,).
    x0 : float or array_like, shape (n,)
        Starting point.
    eta : float
        The step size (constant), or its scale (diminishing), > 0.
    steps : {"diminishing", "constant"}
        The step-size rule.
    max_iter : int
        The number of steps (>= 1).
    record_path : bool
        Keep every iterate in ``res.path``.

    Returns
    -------
    OptimizeResult
        ``x`` and ``fun`` are the best point seen and its value, ``best_iter`` the step at which it
        was reached, ``jac`` the subgradient there; ``path`` and ``values`` hold the whole run (the
        last iterate is ``path[-1]``). ``status_name`` is "converged" only if a subgradient was
        exactly 0 (a minimizer), else "max_iter"; or "diverged", "nonfinite".

    Raises
    ------
    ValueError
        If eta <= 0, steps is unknown, max_iter < 1, x0 is not a finite number or 1-D array, or
        subgrad returns the wrong shape.

    Examples
    --------
    On |x| from 1 with the constant step 3/8 the iterates fall into the cycle 0.25, −0.125 for
    ever; with diminishing steps they keep closing in on 0.

    >>> absx, sign = lambda x: float(abs(x[0])), lambda x: np.sign(x)
    >>> res = subgradient_method(absx, sign, 1.0, eta=0.375, steps="constant", max_iter=8)
    >>> res.path[:, 0]
    array([ 1.   ,  0.625,  0.25 , -0.125,  0.25 , -0.125,  0.25 , -0.125,  0.25 ])
    >>> res.fun, res.best_iter, res.status_name
    (0.125, 3, 'max_iter')
    >>> res = subgradient_method(absx, sign, 1.0, eta=0.375, max_iter=1000)
    >>> bool(res.fun < 0.01)
    True
    """
    if not eta > 0:
        raise ValueError(f"eta must be > 0, got {eta}.")
    if steps not in ("diminishing", "constant"):
        raise ValueError(f'steps must be "diminishing" or "constant", got {steps!r}.')
    run = Run(f, x0, grad=subgrad, max_iter=max_iter, tol=0.0, record_path=record_path)
    # --8<-- [start:subgradient_loop]
    x, g = run.x, run.jac
    best_x, best_f, best_g, best_k = x, run.fun, g, 0
    for k in run.iterations():
        eta_k = eta / np.sqrt(k + 1) if steps == "diminishing" else eta
        x, fx, g = run.accept(x - eta_k * g)
        if fx < best_f:                                   # keep the best point seen
            best_x, best_f, best_g, best_k = x, fx, g, k + 1
    # --8<-- [end:subgradient_loop]
        if run.nit == run.max_iter and run.status_name is None:
            run.stop("max_iter", f"stopped after max_iter = {run.max_iter} steps; the best value, "
                                 f"{best_f:.6g}, was reached at step {best_k}")
    res = run.result()
    if res.status_name == "converged":
        res.message = f"converged in {res.nit} iterations: the subgradient is exactly 0, a minimizer"
    if res.status_name in ("converged", "max_iter"):
        res.x, res.fun, res.jac = best_x, best_f, best_g
    res.best_iter = best_k
    return res
# --8<-- [end:subgradient_method]


def _check_data(X, y, alpha):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"X must be a 2-D array of shape (m, n), got shape {X.shape}.")
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},), one label per row of X, got shape {y.shape}.")
    if not (np.all(np.isfinite(X)) and np.all(np.isfinite(y))):
        raise ValueError("X and y must be finite (no nan or inf).")
    if not (np.isfinite(alpha) and alpha >= 0):
        raise ValueError(f"alpha must be finite and >= 0, got {alpha}.")
    return X, y, float(alpha)


# --8<-- [start:lasso]
def lasso(X, y, alpha, *, w0=None, accelerated=True, max_iter=100_000, tol=1e-10, record_path=False):
    """The lasso: minimize (1/(2m))‖y − Xw‖² + α‖w‖₁ by proximal gradient (FISTA by default).

    The objective is scikit-learn's ``Lasso`` without the intercept; ``alpha`` is its ``alpha``.
    Centre the data first (subtract the column means of X and the mean of y), as fitting an
    intercept would. The smooth part has gradient −Xᵀ(y − Xw)/m, which is L-Lipschitz with
    L = λ_max(XᵀX)/m; the step is η = 1/L and the prox of ηα‖w‖₁ is soft-thresholding at ηα.

    Parameters
    ----------
    X : array_like, shape (m, n)
        The data, one example per row (centred).
    y : array_like, shape (m,)
        The labels (centred).
    alpha : float
        The penalty strength, >= 0. At or above max|Xᵀy|/m the solution is w = 0.
    w0 : array_like, shape (n,), optional
        Starting point (zeros by default); a neighbouring solution warm-starts a path.
    accelerated : bool
        FISTA (True) or ISTA (False).
    max_iter, tol, record_path
        As in `prox_gradient` (``tol`` bounds the gradient mapping).

    Returns
    -------
    OptimizeResult
        ``x`` holds the coefficients w; ``fun`` the objective; ``L`` the smoothness constant.

    Raises
    ------
    ValueError
        If X is not 2-D, y does not have one entry per row of X, X or y is not finite, or alpha is
        negative or not finite.

    References
    ----------
    R. Tibshirani, "Regression shrinkage and selection via the lasso", JRSS B 58(1), 1996.

    Examples
    --------
    Two orthonormal columns scaled by √m: then XᵀX/m = I, and each coefficient is the
    least-squares one soft-thresholded at α.

    >>> m = 4
    >>> X = np.sqrt(m) * np.array([[0.5, 0.5], [0.5, -0.5], [-0.5, 0.5], [-0.5, -0.5]])
    >>> w_true = np.array([3.0, 0.5])
    >>> res = lasso(X, X @ w_true, alpha=1.0)
    >>> np.round(res.x, 8) + 0.0, res.status_name
    (array([2., 0.]), 'converged')
    """
    X, y, alpha = _check_data(X, y, alpha)
    m, n = X.shape
    w0 = np.zeros(n) if w0 is None else w0
    # --8<-- [start:lasso_body]
    L = np.linalg.eigvalsh(X.T @ X)[-1] / m                # the smoothness constant of f
    f = lambda w: (y - X @ w) @ (y - X @ w) / (2 * m)
    grad = lambda w: -X.T @ (y - X @ w) / m
    h = lambda w: alpha * np.abs(w).sum()
    prox = lambda v, eta: soft_threshold(v, eta * alpha)  # the prox of η·α‖w‖₁
    eta = 1.0 / L if L > 0 else 1.0
    res = prox_gradient(f, grad, prox, w0, h=h, eta=eta, accelerated=accelerated,
                        max_iter=max_iter, tol=tol, record_path=record_path)
    # --8<-- [end:lasso_body]
    res.L = float(L)
    return res
# --8<-- [end:lasso]
