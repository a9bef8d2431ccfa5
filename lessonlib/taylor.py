"""Taylor polynomials and the local models that optimization methods minimize.

References
----------
Nocedal & Wright, *Numerical Optimization*, 2nd ed., Theorem 2.1 (Taylor's theorem).
"""

from __future__ import annotations

from math import factorial

import numpy as np


def _number(value):
    return float(value) if np.ndim(value) == 0 else value


# --8<-- [start:taylor_polynomial]
def taylor_polynomial(derivatives, a):
    """The Taylor polynomial p(x) = Σₖ f⁽ᵏ⁾(a) (x − a)ᵏ / k! from the derivatives at a.

    Parameters
    ----------
    derivatives : sequence of float
        ``[f(a), f'(a), f''(a), ...]``; the order of p is ``len(derivatives) - 1``.
    a : float
        The expansion point.

    Returns
    -------
    callable
        ``p(x)``, elementwise on arrays.

    Examples
    --------
    >>> p = taylor_polynomial([1.0, 1.0, 1.0, 1.0], 0.0)   # eˣ to third order
    >>> round(p(0.1), 6), round(float(np.exp(0.1)), 6)
    (1.105167, 1.105171)
    """
    # --8<-- [start:taylor_polynomial_body]
    coeffs = [float(d) / factorial(k) for k, d in enumerate(derivatives)]

    def p(x):
        x = np.asarray(x, dtype=float)
        return _number(sum(c * (x - a) ** k for k, c in enumerate(coeffs)))

    return p
    # --8<-- [end:taylor_polynomial_body]
# --8<-- [end:taylor_polynomial]


def _displacement(x, x0):
    """x − x0, with x of shape (n,) or a stack of points (n, ...); scalars for 1-D models."""
    x = np.asarray(x, dtype=float)
    if x0.ndim == 0:
        return x - x0
    return x - x0.reshape(x0.shape + (1,) * (x.ndim - 1))


def linear_model(f, grad, x0):
    """The first-order model m(x) = f(x0) + ∇f(x0)ᵀ(x − x0).

    Parameters
    ----------
    f, grad : callable
        The function and its gradient (f' for one variable).
    x0 : float or array_like, shape (n,)
        The expansion point. A float gives the tangent line of a one-variable function.

    Returns
    -------
    callable
        ``m(x)`` for x like x0 (or a stack of points of shape (n, ...), or an array of numbers when
        x0 is a float).

    Examples
    --------
    >>> m = linear_model(np.sqrt, lambda x: 0.5 / np.sqrt(x), 4.0)   # tangent at 4
    >>> m(4.1), round(float(np.sqrt(4.1)), 6), f"{abs(m(4.1) - np.sqrt(4.1)):.1e}"
    (2.025, 2.024846, '1.5e-04')
    """
    x0 = np.asarray(x0, dtype=float)
    f0 = float(np.asarray(f(x0)).reshape(-1)[0])
    g = np.asarray(grad(x0), dtype=float)
    if x0.ndim == 0:
        g = g.reshape(())

    def m(x):
        d = _displacement(x, x0)
        return _number(f0 + (g * d if x0.ndim == 0 else np.tensordot(g, d, axes=1)))

    return m


def quadratic_model(f, grad, hess, x0):
    """The second-order model m(x) = f(x0) + ∇f(x0)ᵀδ + ½ δᵀ∇²f(x0)δ, δ = x − x0.

    Parameters
    ----------
    f, grad, hess : callable
        The function, its gradient and its Hessian (f' and f'' for one variable).
    x0 : float or array_like, shape (n,)
        The expansion point.

    Returns
    -------
    callable
        ``m(x)``, like [`linear_model`][lessonlib.taylor.linear_model].

    Examples
    --------
    >>> from lessonlib.problems import rosenbrock
    >>> p = rosenbrock()
    >>> m = quadratic_model(p.f, p.grad, p.hess, p.x0)
    >>> x = p.x0 + np.array([1e-3, 0.0])
    >>> f"{abs(m(x) - p.f(x)):.1e}"   # error O(‖δ‖³)
    '4.8e-07'
    """
    x0 = np.asarray(x0, dtype=float)
    f0 = float(np.asarray(f(x0)).reshape(-1)[0])
    g = np.asarray(grad(x0), dtype=float)
    H = np.asarray(hess(x0), dtype=float)
    if x0.ndim == 0:
        g, H = g.reshape(()), H.reshape(())

    def m(x):
        d = _displacement(x, x0)
        if x0.ndim == 0:
            return _number(f0 + g * d + 0.5 * H * d**2)
        return _number(f0 + np.tensordot(g, d, axes=1) + 0.5 * np.einsum("i...,ij,j...->...", d, H, d))

    return m


def remainder_bound(M, delta, order=1):
    """Lagrange bound on the Taylor error: M |δ|^(order+1) / (order+1)!.

    Taylor's theorem with the Lagrange remainder: when f (one variable) is ``order + 1`` times
    differentiable between x and x + δ and |f^(order+1)| <= M there, the order-``order`` Taylor
    polynomial at x errs at x + δ by at most this much. For the linear model (order 1) the bound is
    (M/2) δ²: it grows quadratically with the distance. (In several variables, with ‖∇²f‖ <= M on
    the segment, the same (M/2)‖δ‖² bounds the error of the linear model: Nocedal & Wright,
    *Numerical Optimization*, 2nd ed., Theorem 2.1.)

    Parameters
    ----------
    M : float
        Bound on the (order+1)-th derivative.
    delta : float or ndarray
        The distance from the expansion point.
    order : int
        Order of the Taylor polynomial.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(remainder_bound(2.0, 0.1), 12)   # linear model, |f''| <= 2
    0.01
    >>> f"{remainder_bound(1 / 32, 0.1):.4e}"   # √x on [4, 4.1]: |f''| <= 1/32, so error <= 1.5625e-4
    '1.5625e-04'
    """
    return _number(M * np.abs(np.asarray(delta, dtype=float)) ** (order + 1) / factorial(order + 1))


# --8<-- [start:predicted_decrease]
def predicted_decrease(g, eta, lam_max):
    """The two terms of the bound Δℒ <= −η‖g‖² + ½η²λmax‖g‖² for a gradient step of size η.

    The first-order term is the decrease the linear model promises; the second-order term is the
    most that curvature can take back. The bound holds when the curvature is at most λmax along the
    whole step, for instance when ∇ℒ is λmax-Lipschitz (the Hessian's eigenvalues are at most λmax
    everywhere): this is the descent lemma, Nesterov, *Lectures on Convex Optimization*, 2nd ed.,
    Lemma 1.2.3. The sum is then negative, so the loss is guaranteed to go down, when
    0 < η < 2/λmax and g ≠ 0.

    Parameters
    ----------
    g : float or array_like
        The gradient.
    eta : float
        The step size.
    lam_max : float
        Bound on the curvature along g (largest Hessian eigenvalue).

    Returns
    -------
    tuple of float
        ``(first_order_term, second_order_term)``.

    Examples
    --------
    >>> from lessonlib.problems import lesson_quadratic
    >>> p = lesson_quadratic()
    >>> g = p.grad(p.x0)
    >>> first, second = predicted_decrease(g, 0.1, 4.0)
    >>> round(first, 6), round(second, 6), round(first + second, 6)
    (-2.0, 0.4, -1.6)
    >>> round(p.f(p.x0 - 0.1 * g) - p.f(p.x0), 6)   # convex, curvature <= 4: the true change lies between
    -1.66
    """
    # --8<-- [start:predicted_decrease_body]
    gg = float(np.sum(np.square(g)))
    return -eta * gg, 0.5 * eta**2 * lam_max * gg
    # --8<-- [end:predicted_decrease_body]
# --8<-- [end:predicted_decrease]
