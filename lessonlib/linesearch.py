"""Line searches: how far to go along a descent direction p.

Both searches work on φ(α) = f(x + αp), with φ(0) = f(x) and φ'(0) = ∇f(x)ᵀp < 0, and both return
a [`LineSearchResult`][lessonlib.linesearch.LineSearchResult] that carries f (and, for strong
Wolfe, the gradient) at the accepted point, so that a solver never evaluates them twice.

Trial points where f is nan or inf count as "too far" and the step is shortened.

References
----------
Nocedal & Wright, *Numerical Optimization*, 2nd ed., Section 3.1 (Wolfe conditions),
Algorithm 3.1 (backtracking), Algorithms 3.5–3.6 (strong Wolfe line search and zoom),
Section 3.5 (interpolation).
"""

from __future__ import annotations

import math
from collections import namedtuple

import numpy as np

LineSearchResult = namedtuple("LineSearchResult", "alpha fun jac nfev njev success")
"""The accepted step ``alpha``, ``f`` and gradient (``jac``, None if not evaluated) at
``x + alpha p``, the evaluations spent, and whether the conditions were met."""


def _slope(gx, p):
    slope = float(np.dot(gx, p))
    if not slope < 0:
        raise ValueError(f"p is not a descent direction: grad(x)ᵀp = {slope:.3g} must be < 0.")
    return slope


# --8<-- [start:backtracking]
def backtracking(f, x, p, fx, gx, alpha0=1.0, c1=1e-4, shrink=0.5, max_steps=50):
    """Backtracking line search: shrink α until the Armijo (sufficient decrease) condition holds.

    Accepts the first α = α₀, α₀·shrink, α₀·shrink², … with
    f(x + αp) <= f(x) + c₁ α ∇f(x)ᵀp. For f continuously differentiable and p a descent direction,
    every small enough α passes, so the search ends (Nocedal & Wright, *Numerical Optimization*,
    2nd ed., Section 3.1); ``max_steps`` bounds it in floating point.

    Parameters
    ----------
    f : callable
        The objective.
    x, p : ndarray, shape (n,)
        The point and a descent direction.
    fx : float
        f(x).
    gx : ndarray, shape (n,)
        ∇f(x).
    alpha0 : float
        First trial step (1 for Newton and quasi-Newton directions).
    c1 : float
        Sufficient-decrease constant, 0 < c1 < 1.
    shrink : float
        Factor applied to α after each rejection, 0 < shrink < 1.
    max_steps : int
        Most trial steps.

    Returns
    -------
    LineSearchResult
        ``jac`` is None (backtracking never evaluates the gradient); ``success`` is False when
        no trial step passed within ``max_steps`` (``alpha`` and ``fun`` are then those of the
        last step tried).

    Raises
    ------
    ValueError
        If p is not a descent direction (∇f(x)ᵀp >= 0).

    References
    ----------
    Nocedal & Wright, *Numerical Optimization*, 2nd ed., Algorithm 3.1.

    Examples
    --------
    >>> from lessonlib.problems import rosenbrock
    >>> pr = rosenbrock()
    >>> x, g = pr.x0, pr.grad(pr.x0)
    >>> ls = backtracking(pr.f, x, -g, pr.f(x), g)
    >>> ls.alpha, round(ls.fun, 4), ls.nfev, ls.success
    (0.0009765625, 5.1011, 11, True)
    """
    # --8<-- [start:backtracking_body]
    slope = _slope(gx, p)  # ∇f(x)ᵀp, checked to be < 0
    alpha = alpha0
    for i in range(max_steps):
        f_new = float(f(x + alpha * p))
        if f_new <= fx + c1 * alpha * slope:  # Armijo; a nan f_new fails it
            return LineSearchResult(alpha, f_new, None, i + 1, 0, True)
        alpha *= shrink
    return LineSearchResult(alpha / shrink, f_new, None, max_steps, 0, False)
    # --8<-- [end:backtracking_body]
# --8<-- [end:backtracking]


def _interpolate(lo, hi):
    """Minimizer of the cubic (or quadratic) through the bracket ends, or None.

    ``lo`` and ``hi`` are (α, φ(α), φ'(α)) with φ'(α) of ``hi`` possibly None; N&W (3.59), (3.57).
    """
    a, fa, da = lo
    b, fb, db = hi
    try:
        if db is not None:
            d1 = da + db - 3 * (fa - fb) / (a - b)
            d2 = math.copysign(math.sqrt(d1 * d1 - da * db), b - a)
            return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2)
        return a - 0.5 * da * (b - a) ** 2 / (fb - fa - da * (b - a))
    except (ValueError, ZeroDivisionError, OverflowError):  # no real minimizer
        return None


# --8<-- [start:strong_wolfe]
def strong_wolfe(f, grad, x, p, fx, gx, alpha0=1.0, c1=1e-4, c2=0.9, max_iter=20):
    """Line search for a step satisfying the strong Wolfe conditions.

    Finds α with sufficient decrease f(x + αp) <= f(x) + c₁ α ∇f(x)ᵀp and the curvature
    condition |∇f(x + αp)ᵀp| <= c₂ |∇f(x)ᵀp|: first bracketing, doubling α until an interval
    must contain such a step, then [`zoom`][lessonlib.linesearch.zoom] shrinks the interval. Such
    steps exist when f is continuously differentiable and bounded below along the ray x + αp,
    α > 0 (Nocedal & Wright, *Numerical Optimization*, 2nd ed., Lemma 3.1). The gradient is
    evaluated only at trial points that pass the sufficient-decrease test.

    Parameters
    ----------
    f, grad : callable
        The objective and its gradient.
    x, p : ndarray, shape (n,)
        The point and a descent direction.
    fx : float
        f(x).
    gx : ndarray, shape (n,)
        ∇f(x).
    alpha0 : float
        First trial step (1 for quasi-Newton directions).
    c1, c2 : float
        The Wolfe constants, 0 < c1 < c2 < 1 (c2 = 0.9 for quasi-Newton, 0.1 for conjugate
        gradients).
    max_iter : int
        Most trial steps in each phase (bracketing, zoom).

    Returns
    -------
    LineSearchResult
        With ``success`` False when no step was found within ``max_iter`` trials; ``alpha`` is
        then the best step seen that decreases f, or 0.

    Raises
    ------
    ValueError
        If p is not a descent direction (∇f(x)ᵀp >= 0).

    References
    ----------
    Nocedal & Wright, *Numerical Optimization*, 2nd ed., Algorithms 3.5 and 3.6.

    Examples
    --------
    >>> from lessonlib.problems import rosenbrock
    >>> pr = rosenbrock()
    >>> x, g = pr.x0, pr.grad(pr.x0)
    >>> ls = strong_wolfe(pr.f, pr.grad, x, -g, pr.f(x), g)
    >>> round(ls.alpha, 6), round(ls.fun, 4), ls.nfev, ls.njev
    (0.00135, 12.2126, 5, 1)
    >>> bool(abs(ls.jac @ -g) <= 0.9 * abs(g @ -g))   # the curvature condition
    True
    """
    # --8<-- [start:strong_wolfe_body]
    slope0 = _slope(gx, p)  # φ'(0) = ∇f(x)ᵀp, checked to be < 0
    prev = (0.0, fx, slope0)  # (α, φ(α), φ'(α))
    alpha, nfev, njev = alpha0, 0, 0
    for i in range(max_iter):
        x_new = x + alpha * p
        f_new = float(f(x_new))
        nfev += 1
        if not f_new <= fx + c1 * alpha * slope0 or (i > 0 and f_new >= prev[1]):
            # too far (no sufficient decrease, or f rose): a step lies in [prev, α]
            return zoom(f, grad, x, p, fx, slope0, prev, (alpha, f_new, None),
                        c1, c2, max_iter, nfev, njev)
        g_new = grad(x_new)
        njev += 1
        slope = float(np.dot(g_new, p))
        if abs(slope) <= -c2 * slope0:  # the curvature condition: accept
            return LineSearchResult(alpha, f_new, g_new, nfev, njev, True)
        if slope >= 0:  # past the bottom along p: a step lies in [α, prev]
            return zoom(f, grad, x, p, fx, slope0, (alpha, f_new, slope), prev,
                        c1, c2, max_iter, nfev, njev, g_lo=g_new)
        prev = (alpha, f_new, slope)
        alpha = 2.0 * alpha  # still steep downhill: go further
    return LineSearchResult(prev[0], prev[1], None, nfev, njev, False)
    # --8<-- [end:strong_wolfe_body]


# --8<-- [start:zoom]
def zoom(f, grad, x, p, fx, slope0, lo, hi, c1, c2, max_iter, nfev, njev, g_lo=None):
    """Shrink a bracket [lo, hi] known to contain a strong Wolfe step (N&W Algorithm 3.6).

    ``lo`` and ``hi`` are (α, φ(α), φ'(α)); ``lo`` has the lowest f so far and satisfies sufficient
    decrease. Each trial α is the minimizer of the cubic (or, without φ'(hi), the quadratic) that
    interpolates the ends, moved to at least 10% of the bracket away from either end.
    """
    # --8<-- [start:zoom_body]
    for _ in range(max_iter):
        a, b = sorted((lo[0], hi[0]))
        alpha = _interpolate(lo, hi)
        if alpha is None or not math.isfinite(alpha):
            alpha = 0.5 * (a + b)  # no interpolant: bisect
        # safeguard: stay at least 10% of the bracket inside it
        alpha = min(max(alpha, a + 0.1 * (b - a)), b - 0.1 * (b - a))
        x_new = x + alpha * p
        f_new = float(f(x_new))
        nfev += 1
        if not f_new <= fx + c1 * alpha * slope0 or f_new >= lo[1]:
            hi = (alpha, f_new, None)  # too far: the new far end
            continue
        g_new = grad(x_new)
        njev += 1
        slope = float(np.dot(g_new, p))
        if abs(slope) <= -c2 * slope0:  # the curvature condition: accept
            return LineSearchResult(alpha, f_new, g_new, nfev, njev, True)
        if slope * (hi[0] - lo[0]) >= 0:
            hi = lo
        lo, g_lo = (alpha, f_new, slope), g_new
    return LineSearchResult(lo[0], lo[1], g_lo, nfev, njev, False)
    # --8<-- [end:zoom_body]
# --8<-- [end:zoom]
# --8<-- [end:strong_wolfe]
