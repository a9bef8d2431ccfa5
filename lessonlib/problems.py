"""Test problems: each one object with ``f``, ``grad``, ``hess``, ``x0`` and its known minimizer.

Conventions
-----------
* A point is a 1-D float array ``x`` of shape ``(n,)``; ``f(x)`` returns a float, ``grad(x)`` an
  array of shape ``(n,)`` and ``hess(x)`` an array of shape ``(n, n)``.
* For contour plots, ``f`` of the closed-form problems also takes a stack of points of shape
  ``(n, ...)`` (``f(np.array([X, Y]))`` with ``X, Y`` from ``np.meshgrid``) and returns an array of
  shape ``(...)``.
* One-dimensional problems ([`parabola`][lessonlib.problems.parabola],
  [`double_well`][lessonlib.problems.double_well], [`square`][lessonlib.problems.square]) take their
  point as a shape-(1,) array like every other problem: ``grad`` returns shape ``(1,)`` and ``hess`` shape
  ``(1, 1)``. Their ``f`` also takes a plain float and returns a float, and evaluates elementwise on
  any other array (for plotting a curve). They carry the scalar derivatives ``df`` and ``d2f``
  (f' and f'', elementwise) used by the one-variable lessons.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

HIMMELBLAU_MINIMA = np.array([
    [3.0, 2.0],
    [-2.805118086952745, 3.131312518250573],
    [-3.779310253377747, -3.283185991286170],
    [3.584428340330492, -1.848126526964404],
])
"""The four minima of Himmelblau's function (f = 0 at each), one per row."""


@dataclass(frozen=True, eq=False)
class Problem:
    """A test problem: objective, derivatives, starting point and known answer.

    Parameters
    ----------
    name : str
        A readable name.
    f : callable
        ``f(x) -> float``.
    grad : callable
        ``grad(x) -> ndarray`` of shape (n,).
    hess : callable or None
        ``hess(x) -> ndarray`` of shape (n, n).
    x0 : ndarray, shape (n,)
        The standard starting point.
    minimizer : ndarray, shape (n,), optional
        A known minimizer (None when unknown or when there is none).
    fmin : float, optional
        ``f(minimizer)``.
    df, d2f : callable, optional
        For one-dimensional problems, f' and f'' as elementwise functions of a number.

    Examples
    --------
    >>> p = rosenbrock()
    >>> p
    Problem('rosenbrock', n=2)
    >>> round(p.f(p.x0), 6), p.f(p.minimizer)
    (24.2, 0.0)
    """

    name: str
    f: Callable
    grad: Callable
    hess: Callable | None
    x0: np.ndarray
    minimizer: np.ndarray | None = None
    fmin: float | None = None
    df: Callable | None = None
    d2f: Callable | None = None

    @property
    def n(self) -> int:
        """The number of variables."""
        return self.x0.size

    def __repr__(self):
        return f"Problem({self.name!r}, n={self.n})"


def _frozen(a):
    a = np.array(a, dtype=float)
    a.flags.writeable = False
    return a


def _number(value):
    """A 0-d result as a Python float; arrays (grids of points) unchanged."""
    return float(value) if np.ndim(value) == 0 else value


def _problem(name, f, grad, hess, x0, minimizer=None, fmin=None, **extra):
    def f_(x):
        return _number(f(np.asarray(x, dtype=float)))

    return Problem(name, f_, grad, hess, _frozen(x0), None if minimizer is None else _frozen(minimizer),
                   None if fmin is None else float(fmin), **extra)


# -- quadratics --------------------------------------------------------------------------------

def quadratic(A, b=None, c=0.0, x0=None, name="quadratic"):
    """The quadratic f(x) = ½ xᵀAx − bᵀx + c, with gradient Ax − b and Hessian A.

    Parameters
    ----------
    A : array_like, shape (n, n)
        Symmetric matrix.
    b : array_like, shape (n,), optional
        Linear term (zeros by default).
    c : float
        Constant term.
    x0 : array_like, shape (n,), optional
        Starting point (ones by default).
    name : str
        Name of the problem.

    Returns
    -------
    Problem
        With ``minimizer = A⁻¹b`` and ``fmin = c − ½ bᵀA⁻¹b`` when A is positive definite (then
        f is strictly convex and this is its unique minimizer); both None otherwise (f is then
        unbounded below, or its minimizers, if any, are not unique).

    Raises
    ------
    ValueError
        If A is not square and symmetric (to rounding, ``np.allclose(A, A.T)``), or b, x0 do not
        match its size.

    Examples
    --------
    >>> p = quadratic([[2.0, 0.0], [0.0, 4.0]], b=[2.0, 4.0])
    >>> p.minimizer, p.fmin
    (array([1., 1.]), -3.0)
    """
    A = np.array(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError(f"A must be a square matrix, got shape {A.shape}.")
    if not np.allclose(A, A.T):
        raise ValueError("A must be symmetric.")
    n = A.shape[0]
    b = np.zeros(n) if b is None else np.array(b, dtype=float)
    x0 = np.ones(n) if x0 is None else np.array(x0, dtype=float)
    if b.shape != (n,) or x0.shape != (n,):
        raise ValueError(f"b and x0 must have shape ({n},) to match A, got {b.shape} and {x0.shape}.")
    A.flags.writeable = False

    def f(x):
        return 0.5 * np.einsum("i...,ij,j...->...", x, A, x) - np.tensordot(b, x, axes=1) + c

    def grad(x):
        return A @ x - b

    def hess(x):
        return A.copy()

    minimizer = fmin = None
    if np.all(np.linalg.eigvalsh(A) > 0):
        minimizer = np.linalg.solve(A, b)
        fmin = c - 0.5 * b @ minimizer
    return _problem(name, f, grad, hess, x0, minimizer, fmin)


def ill_conditioned_quadratic(kappa, n=2, x0=None):
    """The quadratic ½ xᵀAx with A diagonal, eigenvalues log-spaced from 1 to ``kappa``.

    Parameters
    ----------
    kappa : float
        Condition number λmax/λmin (>= 1).
    n : int
        Dimension (>= 2).
    x0 : array_like, optional
        Starting point (ones by default).

    Returns
    -------
    Problem
        Minimizer 0, fmin 0.

    Raises
    ------
    ValueError
        If kappa < 1 or n < 2.

    Examples
    --------
    >>> p = ill_conditioned_quadratic(100.0, n=3)
    >>> np.diag(p.hess(p.x0))
    array([  1.,  10., 100.])
    """
    if not kappa >= 1 or n < 2:
        raise ValueError(f"need kappa >= 1 and n >= 2, got kappa={kappa}, n={n}.")
    A = np.diag(np.logspace(0.0, np.log10(kappa), n))
    return quadratic(A, x0=x0, name=f"ill-conditioned quadratic (kappa={kappa:g}, n={n})")


def lesson_quadratic():
    """Lesson 5's quadratic f(w) = ½(w₁² + 4w₂²): Hessian diag(1, 4), minimizer 0, x0 = (2, 1).

    Examples
    --------
    >>> p = lesson_quadratic()
    >>> p.f(np.array([1.0, 1.0])), np.linalg.eigvalsh(p.hess(p.x0))
    (2.5, array([1., 4.]))
    """
    return quadratic(np.diag([1.0, 4.0]), x0=[2.0, 1.0], name="lesson quadratic")


# -- one variable --------------------------------------------------------------------------------

def _one_d(name, f, df, d2f, x0, minimizer, fmin):
    def f_(x):
        x = np.asarray(x, dtype=float)
        return _number(f(x.reshape(()) if x.shape == (1,) else x))

    def grad(x):
        return _number(df(np.asarray(x, dtype=float)))

    def hess(x):
        x = np.asarray(x, dtype=float)
        if x.ndim == 0:
            return float(d2f(x))
        if x.shape != (1,):
            raise ValueError(f"hess of a one-variable problem takes a point of shape (1,), got {x.shape}.")
        return np.array([[d2f(x[0])]], dtype=float)

    def elementwise(fun):
        return lambda x: _number(fun(np.asarray(x, dtype=float)))

    return Problem(name, f_, grad, hess, _frozen([x0]), _frozen([minimizer]), float(fmin),
                   df=elementwise(df), d2f=elementwise(d2f))


def parabola():
    """f(x) = x² − 4x + 5, with f'(x) = 2x − 4, f'' = 2; x0 = 0, minimizer 2, f(2) = 1.

    Examples
    --------
    >>> p = parabola()
    >>> p.f(0.0), p.df(2.0), p.d2f(2.0), p.fmin
    (5.0, 0.0, 2.0, 1.0)
    >>> p.grad(np.array([0.0])), p.hess(np.array([0.0]))
    (array([-4.]), array([[2.]]))
    """
    return _one_d("parabola", lambda x: x**2 - 4 * x + 5, lambda x: 2 * x - 4, lambda x: 2.0 + 0 * x,
                  x0=0.0, minimizer=2.0, fmin=1.0)


def double_well():
    """f(x) = x⁴ − 4x² + 1: local maximum at 0, minima at ±√2 (f = −3); x0 = 0.5.

    ``minimizer`` is +√2; −√2 is the other.

    Examples
    --------
    >>> p = double_well()
    >>> p.d2f(0.0), round(p.d2f(np.sqrt(2)), 9), p.fmin
    (-8.0, 16.0, -3.0)
    """
    return _one_d("double well", lambda x: x**4 - 4 * x**2 + 1, lambda x: 4 * x**3 - 8 * x,
                  lambda x: 12 * x**2 - 8, x0=0.5, minimizer=np.sqrt(2.0), fmin=-3.0)


def square():
    """f(x) = x², with f' = 2x, f'' = 2; x0 = 1, minimizer 0.

    Examples
    --------
    >>> square().f(np.array([-1.0, 0.0, 3.0]))
    array([1., 0., 9.])
    """
    return _one_d("square", lambda x: x**2, lambda x: 2 * x, lambda x: 2.0 + 0 * x,
                  x0=1.0, minimizer=0.0, fmin=0.0)


# -- classic test functions -----------------------------------------------------------------------

def rosenbrock(n=2):
    """Rosenbrock's banana valley, chained for n > 2 (the form of ``scipy.optimize.rosen``).

    f(x) = Σᵢ 100 (xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)², i = 1 … n−1; global minimizer (1, …, 1), f = 0;
    x0 = (−1.2, 1, −1.2, 1, …). For n >= 4 the chained function also has a local minimizer with
    x₁ < 0 and f between 3.7 and 4, near (−1, 1, …, 1) for larger n (Kok & Sandrock 2009 prove these
    are the only two minimizers for 4 <= n <= 7), so a solver may end there. ``f`` and ``grad`` are
    vectorised (fine for n = 10⁶); ``hess`` builds the dense tridiagonal Hessian, so keep n modest
    for it.

    Parameters
    ----------
    n : int
        Number of variables (>= 2).

    Raises
    ------
    ValueError
        If n < 2.

    References
    ----------
    H. H. Rosenbrock, "An automatic method for finding the greatest or least value of a function",
    The Computer Journal 3 (1960). Moré, Garbow & Hillstrom, ACM TOMS 7 (1981), #1 and #21.
    S. Kok & C. Sandrock, "Locating and characterizing the stationary points of the extended
    Rosenbrock function", Evolutionary Computation 17 (2009).

    Examples
    --------
    >>> p = rosenbrock(4)
    >>> p.x0, p.f(p.minimizer)
    (array([-1.2,  1. , -1.2,  1. ]), 0.0)
    """
    if n < 2:
        raise ValueError(f"rosenbrock needs n >= 2, got {n}.")

    def f(x):
        return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2, axis=0)

    def grad(x):
        x = np.asarray(x, dtype=float)
        t = x[1:] - x[:-1] ** 2
        g = np.empty_like(x)
        g[:-1] = -400.0 * x[:-1] * t - 2.0 * (1.0 - x[:-1])
        g[-1] = 0.0
        g[1:] += 200.0 * t
        return g

    def hess(x):
        x = np.asarray(x, dtype=float)
        diag = np.zeros(n)
        diag[:-1] = 1200.0 * x[:-1] ** 2 - 400.0 * x[1:] + 2.0
        diag[1:] += 200.0
        off = -400.0 * x[:-1]
        return np.diag(diag) + np.diag(off, 1) + np.diag(off, -1)

    x0 = np.where(np.arange(n) % 2 == 0, -1.2, 1.0)
    name = "rosenbrock" if n == 2 else f"rosenbrock (n={n})"
    return _problem(name, f, grad, hess, x0, np.ones(n), 0.0)


def _sum_of_squares(name, residuals, x0, minimizer, fmin=0.0):
    """A problem f = Σ rᵢ(x)² from ``residuals(x) -> (r, J, [∇²r₁, ∇²r₂, ...])``."""

    def f(x):
        return np.sum(residuals(x, order=0) ** 2, axis=0)

    def grad(x):
        r, J = residuals(np.asarray(x, dtype=float), order=1)
        return 2.0 * J.T @ r

    def hess(x):
        r, J, R2 = residuals(np.asarray(x, dtype=float), order=2)
        return 2.0 * (J.T @ J + np.einsum("i,ijk->jk", r, R2))

    return _problem(name, f, grad, hess, x0, minimizer, fmin)


def beale():
    """Beale's function: Σ (cᵢ − x + x yⁱ)², c = (1.5, 2.25, 2.625); minimizer (3, 0.5); x0 = (1, 1).

    References
    ----------
    Moré, Garbow & Hillstrom, "Testing unconstrained optimization software", ACM TOMS 7 (1981), #5.

    Examples
    --------
    >>> p = beale()
    >>> round(p.f(p.x0), 6), p.f(p.minimizer)
    (14.203125, 0.0)
    """
    c = np.array([1.5, 2.25, 2.625])

    def residuals(x, order):
        u, v = x[0], x[1]
        r = np.array([c[0] - u + u * v, c[1] - u + u * v**2, c[2] - u + u * v**3])
        if order == 0:
            return r
        J = np.array([[v - 1, u], [v**2 - 1, 2 * u * v], [v**3 - 1, 3 * u * v**2]])
        if order == 1:
            return r, J
        R2 = np.array([[[0, 1], [1, 0]], [[0, 2 * v], [2 * v, 2 * u]], [[0, 3 * v**2], [3 * v**2, 6 * u * v]]])
        return r, J, R2

    return _sum_of_squares("beale", residuals, [1.0, 1.0], [3.0, 0.5])


def himmelblau():
    """Himmelblau's function (x² + y − 11)² + (x + y² − 7)²: four minima, f = 0 at each.

    ``minimizer`` is (3, 2); all four are in
    [`HIMMELBLAU_MINIMA`][lessonlib.problems.HIMMELBLAU_MINIMA]. x0 = (0, 0); the function also has a
    local maximum near (−0.27, −0.92) and four saddle points.

    References
    ----------
    D. M. Himmelblau, *Applied Nonlinear Programming*, McGraw-Hill (1972).

    Examples
    --------
    >>> p = himmelblau()
    >>> [round(p.f(m), 12) for m in HIMMELBLAU_MINIMA]
    [0.0, 0.0, 0.0, 0.0]
    """

    def residuals(x, order):
        u, v = x[0], x[1]
        r = np.array([u**2 + v - 11, u + v**2 - 7])
        if order == 0:
            return r
        J = np.array([[2 * u, 1.0], [1.0, 2 * v]])
        if order == 1:
            return r, J
        return r, J, np.array([[[2.0, 0.0], [0.0, 0.0]], [[0.0, 0.0], [0.0, 2.0]]])

    return _sum_of_squares("himmelblau", residuals, [0.0, 0.0], HIMMELBLAU_MINIMA[0])


def saddle():
    """The saddle f(x, y) = x² − y²: critical point (0, 0), Hessian diag(2, −2); unbounded below.

    ``minimizer`` and ``fmin`` are None (there is no minimum); x0 = (1, 0), on the line y = 0 (the
    crest of the ridge in y) along which gradient descent runs straight into the saddle.

    Examples
    --------
    >>> p = saddle()
    >>> p.grad(np.array([1.0, 1.0])), p.minimizer is None
    (array([ 2., -2.]), True)
    """
    return _problem("saddle", lambda x: x[0] ** 2 - x[1] ** 2, lambda x: np.array([2 * x[0], -2 * x[1]]),
                    lambda x: np.diag([2.0, -2.0]), [1.0, 0.0])


def powell_singular():
    """Powell's singular function; minimizer 0 where the Hessian is singular; x0 = (3, −1, 0, 1).

    f = (x₁ + 10x₂)² + 5(x₃ − x₄)² + (x₂ − 2x₃)⁴ + 10(x₁ − x₄)⁴.

    References
    ----------
    Moré, Garbow & Hillstrom, ACM TOMS 7 (1981), #13.

    Examples
    --------
    >>> p = powell_singular()
    >>> p.f(p.x0), int(np.linalg.matrix_rank(p.hess(p.minimizer)))
    (215.0, 2)
    """
    va, vb, vc, vd = (np.array(v, dtype=float) for v in ([1, 10, 0, 0], [0, 0, 1, -1], [0, 1, -2, 0], [1, 0, 0, -1]))

    def parts(x):
        return x[0] + 10 * x[1], x[2] - x[3], x[1] - 2 * x[2], x[0] - x[3]

    def f(x):
        a, b, c, d = parts(x)
        return a**2 + 5 * b**2 + c**4 + 10 * d**4

    def grad(x):
        a, b, c, d = parts(np.asarray(x, dtype=float))
        return 2 * a * va + 10 * b * vb + 4 * c**3 * vc + 40 * d**3 * vd

    def hess(x):
        a, b, c, d = parts(np.asarray(x, dtype=float))
        return (2 * np.outer(va, va) + 10 * np.outer(vb, vb) + 12 * c**2 * np.outer(vc, vc)
                + 120 * d**2 * np.outer(vd, vd))

    return _problem("powell singular", f, grad, hess, [3.0, -1.0, 0.0, 1.0], np.zeros(4), 0.0)


def wood():
    """Wood's function (four variables); minimizer (1, 1, 1, 1), f = 0; x0 = (−3, −1, −3, −1).

    References
    ----------
    Moré, Garbow & Hillstrom, ACM TOMS 7 (1981), #14.

    Examples
    --------
    >>> p = wood()
    >>> p.f(p.x0), p.f(p.minimizer)
    (19192.0, 0.0)
    """

    def f(x):
        x1, x2, x3, x4 = x[0], x[1], x[2], x[3]
        return (100 * (x2 - x1**2) ** 2 + (1 - x1) ** 2 + 90 * (x4 - x3**2) ** 2 + (1 - x3) ** 2
                + 10.1 * ((x2 - 1) ** 2 + (x4 - 1) ** 2) + 19.8 * (x2 - 1) * (x4 - 1))

    def grad(x):
        x1, x2, x3, x4 = np.asarray(x, dtype=float)
        return np.array([
            -400 * x1 * (x2 - x1**2) - 2 * (1 - x1),
            200 * (x2 - x1**2) + 20.2 * (x2 - 1) + 19.8 * (x4 - 1),
            -360 * x3 * (x4 - x3**2) - 2 * (1 - x3),
            180 * (x4 - x3**2) + 20.2 * (x4 - 1) + 19.8 * (x2 - 1),
        ])

    def hess(x):
        x1, x2, x3, x4 = np.asarray(x, dtype=float)
        return np.array([
            [1200 * x1**2 - 400 * x2 + 2, -400 * x1, 0, 0],
            [-400 * x1, 220.2, 0, 19.8],
            [0, 0, 1080 * x3**2 - 360 * x4 + 2, -360 * x3],
            [0, 19.8, -360 * x3, 200.2],
        ])

    return _problem("wood", f, grad, hess, [-3.0, -1.0, -3.0, -1.0], np.ones(4), 0.0)


# -- machine learning ------------------------------------------------------------------------------

def logistic_regression(X, y, l2=0.0, *, fit_intercept=False):
    """Mean log-loss of logistic regression, plus an L2 penalty: a smooth convex problem.

    ℒ(w) = (1/m) Σᵢ [log(1 + exp(zᵢ)) − yᵢ zᵢ] + ½ l2 ‖w‖², with z = X w. Computed with
    ``np.logaddexp`` so that large |z| neither overflows nor loses the loss.

    Gradient Xᵀ(σ(z) − y)/m + l2 w; Hessian Xᵀ diag(σ(1 − σ)) X/m + l2 I (with ``fit_intercept``,
    the intercept's entries of the penalty terms are 0). The Hessian is positive semidefinite, so L
    is convex; with l2 > 0 and no unpenalized intercept it is strongly convex, with a unique
    minimizer.

    Parameters
    ----------
    X : array_like, shape (m, d)
        Features, one row per example.
    y : array_like, shape (m,)
        Labels in {0, 1}.
    l2 : float
        Strength of the L2 penalty (>= 0).
    fit_intercept : bool
        No intercept by default (add a column of ones to X yourself if you want one, and it will be
        penalized like the other weights). With True, a column of ones is appended to X: the last
        weight is the intercept, and it is not penalized, as in scikit-learn's ``LogisticRegression``
        (whose objective with ``C`` has the same minimizer for ``l2 = 1/(C m)``).

    Returns
    -------
    Problem
        With x0 = 0 and no known minimizer.

    Raises
    ------
    ValueError
        If X is not 2-D, y does not match it or is not 0/1, or l2 < 0.

    Examples
    --------
    >>> X = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> p = logistic_regression(X, [0, 1, 1], l2=0.1)
    >>> round(p.f(p.x0), 6), np.round(p.grad(p.x0), 6)   # log 2 at w = 0
    (0.693147, array([-0.333333,  0.      ]))
    """
    X = np.array(X, dtype=float)
    y = np.array(y, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (examples x features), got shape {X.shape}.")
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},) to match X, got {y.shape}.")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y must contain only 0 and 1.")
    if not l2 >= 0:
        raise ValueError(f"l2 must be >= 0, got {l2}.")
    m = X.shape[0]
    penalized = np.ones(X.shape[1])
    if fit_intercept:
        X = np.column_stack([X, np.ones(m)])
        penalized = np.append(penalized, 0.0)

    def sigmoid(z):
        return np.exp(-np.logaddexp(0.0, -z))

    def f(w):
        if w.ndim > 1:  # points stacked on the first axis, a grid for a contour plot: each one's loss
            z = np.tensordot(X, w, axes=1)
            losses = np.logaddexp(0.0, z) - y.reshape(-1, *[1] * (w.ndim - 1)) * z
            return np.mean(losses, axis=0) + 0.5 * l2 * np.tensordot(penalized, w**2, axes=1)
        z = X @ w
        return np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * np.sum(penalized * w**2)

    def grad(w):
        return X.T @ (sigmoid(X @ w) - y) / m + l2 * penalized * w

    def hess(w):
        s = sigmoid(X @ w)
        return (X.T * (s * (1 - s))) @ X / m + l2 * np.diag(penalized)

    return _problem("logistic regression", f, grad, hess, np.zeros(X.shape[1]))
