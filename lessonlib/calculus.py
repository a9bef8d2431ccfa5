"""Derivatives by central finite differences, and a gradient check.

For f three times continuously differentiable, the central difference (f(x + h) − f(x − h)) / 2h
has error O(h²) from truncation and O(ε/h) from rounding (ε ≈ 2.2e-16); balancing the two gives
h ≈ ε^(1/3) · max(1, |x|) and about two thirds of the digits (when f, f' and f''' are of
comparable size). For f four times continuously differentiable, the second difference
(f(x + h) − 2f(x) + f(x − h)) / h² has errors O(h²) and O(ε/h²), which balance at
h ≈ ε^(1/4) · max(1, |x|), leaving about half of the digits.

References
----------
Nocedal & Wright, *Numerical Optimization*, 2nd ed., Section 8.1.
"""

from __future__ import annotations

import numpy as np

EPS = np.finfo(float).eps


def _steps(x, h, power):
    """Step sizes for each entry of x: h if given, else EPS**power · max(1, |x|), made exact."""
    x = np.asarray(x, dtype=float)
    h = EPS**power * np.maximum(1.0, np.abs(x)) if h is None else np.broadcast_to(np.asarray(h, float), x.shape)
    return (x + h) - x  # a step that is exactly representable


def derivative(f, x, h=None):
    """f'(x) by the central difference (f(x + h) − f(x − h)) / 2h.

    Parameters
    ----------
    f : callable
        A function of one variable (elementwise functions work on arrays of x too).
    x : float or ndarray
        Where to differentiate.
    h : float, optional
        Step; default ε^(1/3) · max(1, |x|).

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(derivative(np.sin, 0.0), 8)
    1.0
    >>> round(derivative(lambda x: x**2 - 4*x + 5, 0.0), 6)
    -4.0
    """
    h = _steps(x, h, 1 / 3)
    d = (f(x + h) - f(x - h)) / (2 * h)
    return float(d) if np.ndim(d) == 0 else d


def second_derivative(f, x, h=None):
    """f''(x) by the second difference (f(x + h) − 2f(x) + f(x − h)) / h².

    Parameters
    ----------
    f : callable
        A function of one variable.
    x : float or ndarray
        Where to differentiate.
    h : float, optional
        Step; default ε^(1/4) · max(1, |x|).

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(second_derivative(lambda x: x**4 - 4*x**2 + 1, 0.0), 4)
    -8.0
    """
    h = _steps(x, h, 1 / 4)
    d = (f(x + h) - 2 * f(x) + f(x - h)) / h**2
    return float(d) if np.ndim(d) == 0 else d


def gradient(f, x, h=None):
    """∇f(x) by central differences, one coordinate at a time (2n evaluations of f).

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` for x of shape (n,).
    x : array_like, shape (n,)
    h : float or array_like, optional
        Step(s); default ε^(1/3) · max(1, |xᵢ|).

    Returns
    -------
    ndarray, shape (n,)

    Examples
    --------
    >>> f = lambda x: x[0]**2 + 3 * x[0] * x[1]
    >>> np.round(gradient(f, np.array([1.0, 2.0])), 6)
    array([8., 3.])
    """
    x = np.atleast_1d(np.asarray(x, dtype=float))
    h = _steps(x, h, 1 / 3)
    g = np.empty_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = h[i]
        g[i] = (f(x + e) - f(x - e)) / (2 * h[i])
    return g


def hessian(f, x, h=None, grad=None):
    """The Hessian of f at x by central differences.

    With ``grad``, each column is a central difference of the gradient (2n gradient calls, accurate
    to about two thirds of the digits); without it, second differences of f (about half the digits).
    The result is symmetrized.

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` (unused when ``grad`` is given).
    x : array_like, shape (n,)
    h : float or array_like, optional
        Step(s); default ε^(1/3) · max(1, |xᵢ|) with ``grad``, ε^(1/4) · max(1, |xᵢ|) without.
    grad : callable, optional
        The exact gradient.

    Returns
    -------
    ndarray, shape (n, n)

    Examples
    --------
    >>> f = lambda x: x[0]**2 - x[1]**2 + x[0] * x[1]
    >>> np.round(hessian(f, np.array([0.3, -0.7])), 6)
    array([[ 2.,  1.],
           [ 1., -2.]])
    """
    x = np.atleast_1d(np.asarray(x, dtype=float))
    n = x.size
    H = np.empty((n, n))
    if grad is not None:
        h = _steps(x, h, 1 / 3)
        for j in range(n):
            e = np.zeros(n)
            e[j] = h[j]
            H[:, j] = (np.asarray(grad(x + e)) - np.asarray(grad(x - e))) / (2 * h[j])
    else:
        h = _steps(x, h, 1 / 4)
        fx = f(x)
        for i in range(n):
            ei = np.zeros(n)
            ei[i] = h[i]
            H[i, i] = (f(x + ei) - 2 * fx + f(x - ei)) / h[i] ** 2
            for j in range(i):
                ej = np.zeros(n)
                ej[j] = h[j]
                H[i, j] = (f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej) + f(x - ei - ej)) / (4 * h[i] * h[j])
    lower = np.tril(H, -1)
    if grad is None:
        return np.diag(np.diag(H)) + lower + lower.T
    return (H + H.T) / 2


def check_gradient(f, grad, x, h=None):
    """Relative error ‖g − g_fd‖ / max(‖g‖, ‖g_fd‖) between ``grad(x)`` and finite differences.

    For a correct gradient of a smooth, well-scaled function this is the error of the central
    differences, typically 1e-10 or less (below 1e-8 in the example); a wrong gradient gives a far
    larger value (0.33 in the example). Check away from critical points (where both gradients are
    near zero the ratio is mostly rounding noise).

    Parameters
    ----------
    f, grad : callable
        The function and the gradient to check.
    x : array_like, shape (n,)
    h : float, optional
        Step for the finite differences.

    Returns
    -------
    float
        0.0 when both gradients are exactly zero.

    Examples
    --------
    >>> f = lambda x: np.sum(x**3)
    >>> x = np.array([1.0, -2.0, 0.5])
    >>> check_gradient(f, lambda x: 3 * x**2, x) < 1e-8
    True
    >>> round(check_gradient(f, lambda x: 2 * x**2, x), 4)
    0.3333
    """
    x = np.atleast_1d(np.asarray(x, dtype=float))
    g = np.asarray(grad(x), dtype=float).reshape(x.shape)
    g_fd = gradient(f, x, h)
    scale = max(np.linalg.norm(g), np.linalg.norm(g_fd))
    return 0.0 if scale == 0 else float(np.linalg.norm(g - g_fd) / scale)


def complex_step_jacobian(residual):
    """The Jacobian of a vector function written for complex input, exact to rounding.

    Column j is Im r(x + i h e_j) / h with h = 1e-30: the complex step (Squire & Trefethen 1998) has no
    subtraction, so no cancellation, and its truncation error O(h²) is far below rounding. It needs a
    function that is analytic and written with operations that accept complex numbers (no ``abs``, no
    comparisons).

    Parameters
    ----------
    residual : callable
        r(x) -> array of shape (m,), for x of shape (n,), real or complex.

    Returns
    -------
    callable
        x -> the Jacobian, shape (m, n).

    Examples
    --------
    >>> J = complex_step_jacobian(lambda x: np.array([x[0] ** 2, 3 * x[1], x[0] * x[1]]))
    >>> J(np.array([1.0, 2.0]))
    array([[2., 0.],
           [0., 3.],
           [2., 1.]])
    """
    def jac(x):
        x = np.asarray(x, dtype=float)
        cols = []
        for j in range(x.size):
            z = x.astype(complex)
            z[j] += 1e-30j
            cols.append(np.imag(residual(z)) / 1e-30)
        return np.array(cols).T
    return jac
