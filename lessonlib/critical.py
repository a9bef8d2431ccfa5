"""Critical points: where the derivative vanishes, and what the curvature says about them.

References
----------
Nocedal & Wright, *Numerical Optimization*, 2nd ed., Theorems 2.2–2.4 (necessary and sufficient
conditions).
"""

from __future__ import annotations

from collections import namedtuple

import numpy as np

CriticalPoint = namedtuple("CriticalPoint", "x curvature kind")
"""A critical point ``x``, the second derivative there, and its kind from
[`classify_1d`][lessonlib.critical.classify_1d]."""


def _values(df, xs):
    """df on a grid: vectorised if df allows it, else point by point."""
    try:
        with np.errstate(all="ignore"):
            v = np.asarray(df(xs), dtype=float)
        if v.shape == xs.shape:
            return v
    except (TypeError, ValueError):
        pass
    return np.array([float(df(x)) for x in xs])


def _bisect(df, lo, hi, f_lo, tol):
    """A root of df in [lo, hi], where df changes sign, to width ``tol`` (bounded loop)."""
    for _ in range(200):
        if hi - lo <= tol:
            break
        mid = 0.5 * (lo + hi)
        f_mid = float(df(mid))
        if f_mid == 0.0:
            return mid
        if (f_mid < 0) == (f_lo < 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def _golden_min_abs(df, lo, hi, tol):
    """The point of [lo, hi] where |df| is smallest (golden-section search, bounded loop)."""
    r = (np.sqrt(5.0) - 1) / 2
    a, b = lo, hi
    c, d = b - r * (b - a), a + r * (b - a)
    fc, fd = abs(float(df(c))), abs(float(df(d)))
    for _ in range(200):
        if b - a <= tol:
            break
        if fc < fd:
            b, d, fd = d, c, fc
            c = b - r * (b - a)
            fc = abs(float(df(c)))
        else:
            a, c, fc = c, d, fd
            d = a + r * (b - a)
            fd = abs(float(df(d)))
    return 0.5 * (a + b)


def find_critical_points(df, a, b, n_grid=1001, tol=1e-12):
    """All roots of f' in [a, b]: the critical points of f there, sorted.

    f' is evaluated on a grid of ``n_grid`` points. Each sign change is refined by bisection to
    width ``tol``; grid points where f' is exactly zero are roots; and a local minimum of |f'| that
    touches zero without a sign change (a double root, like f' = 3x² of f = x³) is refined by
    golden-section search and kept when |f'| there is below √ε · max(1, max|f'| on the grid).
    Roots closer than the grid spacing to each other may be missed or merged.

    Parameters
    ----------
    df : callable
        The derivative f' (elementwise on arrays, or of one number).
    a, b : float
        The interval, a < b.
    n_grid : int
        Number of grid points (>= 3).
    tol : float
        Width to which each root is refined.

    Returns
    -------
    ndarray
        The critical points, sorted.

    Raises
    ------
    ValueError
        If a >= b or n_grid < 3.

    Examples
    --------
    >>> np.round(find_critical_points(lambda x: 4 * x**3 - 8 * x, -3, 3), 6)
    array([-1.414214,  0.      ,  1.414214])
    >>> find_critical_points(lambda x: 2 * x - 4, -10, 10)
    array([2.])
    """
    if not a < b or n_grid < 3:
        raise ValueError(f"need a < b and n_grid >= 3, got a={a}, b={b}, n_grid={n_grid}.")
    xs = np.linspace(a, b, int(n_grid))
    v = _values(df, xs)
    scale = np.max(np.abs(v[np.isfinite(v)]), initial=0.0)
    sign = np.sign(v)
    roots = list(xs[v == 0])
    for i in np.flatnonzero(sign[:-1] * sign[1:] < 0):
        roots.append(_bisect(df, xs[i], xs[i + 1], v[i], tol))
    for i in range(1, len(xs) - 1):
        touching = abs(v[i]) <= abs(v[i - 1]) and abs(v[i]) <= abs(v[i + 1]) and sign[i - 1] == sign[i + 1] != 0
        if touching and sign[i] == sign[i - 1]:
            x = _golden_min_abs(df, xs[i - 1], xs[i + 1], tol)
            if abs(float(df(x))) <= np.sqrt(np.finfo(float).eps) * max(scale, 1.0):
                roots.append(x)
    roots = np.sort(np.array(roots, dtype=float))
    if roots.size:  # merge duplicates (a root found from two neighbouring cells)
        roots = roots[np.concatenate([[True], np.diff(roots) > 10 * tol])]
    return roots


# --8<-- [start:classify_1d]
def classify_1d(d2f, x, tol=1e-8):
    """Second-derivative test at a critical point x: "minimum", "maximum" or "inconclusive".

    For f twice continuously differentiable with f'(x) = 0: f''(x) > 0 makes x a strict local
    minimizer and f''(x) < 0 a strict local maximizer (Nocedal & Wright, *Numerical Optimization*,
    2nd ed., Theorem 2.4, applied to f and to −f); f''(x) = 0 decides nothing.

    Parameters
    ----------
    d2f : callable
        The second derivative f''.
    x : float
        A critical point (f'(x) = 0).
    tol : float
        |f''(x)| <= tol counts as zero: the test says nothing (x³ and x⁴ at 0).

    Returns
    -------
    str

    Examples
    --------
    >>> d2f = lambda x: 12 * x**2 - 8
    >>> classify_1d(d2f, 0.0), classify_1d(d2f, np.sqrt(2))
    ('maximum', 'minimum')
    >>> classify_1d(lambda x: 6 * x, 0.0)
    'inconclusive'
    """
    # --8<-- [start:classify_1d_body]
    c = float(d2f(x))
    if c > tol:
        return "minimum"
    if c < -tol:
        return "maximum"
    return "inconclusive"
    # --8<-- [end:classify_1d_body]
# --8<-- [end:classify_1d]


# --8<-- [start:classify_hessian]
def classify_hessian(H, tol=1e-8):
    """Classify a critical point by the eigenvalues of its Hessian.

    All eigenvalues > tol: "minimum"; all < −tol: "maximum"; some > tol and some < −tol: "saddle";
    otherwise (an eigenvalue within tol of 0 and no sign change) "inconclusive". For f twice
    continuously differentiable and a point where ∇f = 0, a positive definite Hessian makes it a
    strict local minimizer (Nocedal & Wright, *Numerical Optimization*, 2nd ed., Theorem 2.4), a
    negative definite one a strict local maximizer, and an indefinite one neither (Theorem 2.3: a
    local minimizer has a positive semidefinite Hessian); a zero eigenvalue without a sign change
    decides nothing (x⁴ + y² and x³ + y² both have Hessian diag(0, 2) at 0).

    Parameters
    ----------
    H : array_like, shape (n, n)
        The Hessian (symmetrized before use).
    tol : float
        Eigenvalues with |λ| <= tol count as zero.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If H is not square or not finite.

    Examples
    --------
    >>> classify_hessian([[2.0, 0.0], [0.0, -2.0]])
    'saddle'
    >>> classify_hessian(np.diag([1.0, 4.0])), classify_hessian(np.diag([1.0, 0.0]))
    ('minimum', 'inconclusive')
    """
    H = np.asarray(H, dtype=float)
    if H.ndim != 2 or H.shape[0] != H.shape[1]:
        raise ValueError(f"H must be a square matrix, got shape {H.shape}.")
    if not np.all(np.isfinite(H)):
        raise ValueError("H must be finite.")
    # --8<-- [start:classify_hessian_body]
    lam = np.linalg.eigvalsh((H + H.T) / 2)
    if np.all(lam > tol):
        return "minimum"
    if np.all(lam < -tol):
        return "maximum"
    if np.any(lam > tol) and np.any(lam < -tol):
        return "saddle"
    return "inconclusive"
    # --8<-- [end:classify_hessian_body]
# --8<-- [end:classify_hessian]


def critical_points(df, d2f, a, b, **options):
    """The critical points of f in [a, b], each with its curvature f'' and its kind.

    Parameters
    ----------
    df, d2f : callable
        f' and f''.
    a, b : float
        The interval.
    **options
        Passed to [`find_critical_points`][lessonlib.critical.find_critical_points] (``n_grid``, ``tol``).

    Returns
    -------
    list of CriticalPoint
        ``CriticalPoint(x, curvature, kind)``, sorted by x.

    Examples
    --------
    >>> for p in critical_points(lambda x: 4*x**3 - 8*x, lambda x: 12*x**2 - 8, -3, 3):
    ...     print(f"{p.x:+.4f}  f''={p.curvature:+.1f}  {p.kind}")
    -1.4142  f''=+16.0  minimum
    +0.0000  f''=-8.0  maximum
    +1.4142  f''=+16.0  minimum
    """
    return [CriticalPoint(float(x), float(d2f(x)), classify_1d(d2f, x))
            for x in find_critical_points(df, a, b, **options)]
