"""Experiments on the landscape of non-convex losses: saddles, random Hessians, escaping by perturbation.

Three pieces for lesson 6:

* [`quartic_saddle`][lessonlib.landscape.quartic_saddle], the saddle x² − y² made bounded below by
  y⁴/4: a test problem whose saddle at the origin sits between two minima, so that gradient descent
  can stall there or escape.
* [`random_symmetric`][lessonlib.landscape.random_symmetric],
  [`fraction_minima`][lessonlib.landscape.fraction_minima] and
  [`minima_pass_rates`][lessonlib.landscape.minima_pass_rates]: how often a random symmetric matrix (a
  stand-in for the Hessian at a random critical point) has every eigenvalue positive, that is, in
  this model, how often such a critical point is a minimum. The answer shrinks quickly with the
  dimension n.
* [`perturbed_gradient_descent`][lessonlib.landscape.perturbed_gradient_descent]: gradient descent
  that adds a small random kick whenever the gradient becomes small, which takes it off a saddle.

References
----------
Y. N. Dauphin et al., "Identifying and attacking the saddle point problem in high-dimensional
non-convex optimization", NeurIPS 2014.
D. S. Dean & S. N. Majumdar, "Large deviations of extreme eigenvalues of random matrices", Physical
Review Letters 97, 160201 (2006).
C. Jin, R. Ge, P. Netrapalli, S. M. Kakade & M. I. Jordan, "How to escape saddle points efficiently",
ICML 2017.
"""

from __future__ import annotations

import numpy as np

from lessonlib.problems import Problem
from lessonlib.result import Run


def quartic_saddle():
    """f(x, y) = x² − y² + y⁴/4: a saddle at (0, 0) between two minima (0, ±√2) with f = −1.

    Near the origin it is the saddle x² − y² of lesson 2; the term y⁴/4 bends the falling direction
    back up, so the function is bounded below. Gradient (2x, −2y + y³), Hessian diag(2, 3y² − 2).
    ``minimizer`` is (0, √2); x0 = (1, 0) lies on the line y = 0 that leads straight into the saddle.

    Returns
    -------
    Problem

    Examples
    --------
    >>> p = quartic_saddle()
    >>> p.f(np.zeros(2)), p.fmin, np.round(p.minimizer, 6)
    (0.0, -1.0, array([0.      , 1.414214]))
    >>> np.diag(p.hess(np.zeros(2)))        # one curvature up, one down: a saddle
    array([ 2., -2.])
    """

    def f(x):
        x = np.asarray(x, dtype=float)
        value = x[0] ** 2 - x[1] ** 2 + x[1] ** 4 / 4
        return float(value) if np.ndim(value) == 0 else value

    def grad(x):
        x = np.asarray(x, dtype=float)
        return np.array([2 * x[0], -2 * x[1] + x[1] ** 3])

    def hess(x):
        x = np.asarray(x, dtype=float)
        return np.diag([2.0, 3 * x[1] ** 2 - 2.0])

    x0, minimizer = np.array([1.0, 0.0]), np.array([0.0, np.sqrt(2.0)])
    x0.flags.writeable = minimizer.flags.writeable = False
    return Problem("quartic saddle", f, grad, hess, x0, minimizer, -1.0)


# -- random Hessians ------------------------------------------------------------------------------

def random_symmetric(n, samples=None, rng=None):
    """Random symmetric matrices with independent Gaussian entries (the Gaussian orthogonal ensemble).

    Off-diagonal entries are N(0, 1) and diagonal entries N(0, 2): the matrix is (G + Gᵀ)/√2 for a
    matrix G of independent standard normals. Its distribution does not change under rotations, so
    no direction is special, and each eigenvalue is as likely to be positive as negative.

    Parameters
    ----------
    n : int
        Size of each matrix (>= 1).
    samples : int, optional
        How many matrices; None gives one matrix of shape (n, n).
    rng : numpy.random.Generator or int, optional
        Random generator or seed.

    Returns
    -------
    ndarray, shape (n, n) or (samples, n, n)

    Raises
    ------
    ValueError
        If n is not an integer >= 1.

    Examples
    --------
    >>> H = random_symmetric(3, rng=0)
    >>> H.shape, bool(np.allclose(H, H.T))
    ((3, 3), True)
    >>> random_symmetric(4, samples=5, rng=1).shape
    (5, 4, 4)
    """
    if int(n) != n or n < 1:
        raise ValueError(f"n must be an integer >= 1, got {n}.")
    rng = np.random.default_rng(rng)
    shape = (int(n), int(n)) if samples is None else (int(samples), int(n), int(n))
    G = rng.standard_normal(shape)
    return (G + np.swapaxes(G, -1, -2)) / np.sqrt(2.0)


def _add_direction(L, rng):
    """Extend a stack of Cholesky factors (S, k, k) of positive-definite GOE blocks by one row.

    The (k+1)-th row and column of a GOE matrix are fresh independent normals a (off-diagonal, N(0, 1))
    and d (diagonal, N(0, 2)). With L lᵀ = a solved for l, the new pivot is p = d − ‖l‖²: the bigger
    block is positive definite exactly when p > 0 (Sylvester's criterion, one leading minor at a time).
    Returns the extended factors (S, k+1, k+1) and the boolean mask p > 0.
    """
    S, k = L.shape[0], L.shape[1]
    a = rng.standard_normal((S, k))
    d = np.sqrt(2.0) * rng.standard_normal(S)
    ell = np.zeros((S, k))
    for i in range(k):  # forward substitution, all samples at once
        ell[:, i] = (a[:, i] - np.einsum("sj,sj->s", L[:, i, :i], ell[:, :i])) / L[:, i, i]
    p = d - np.einsum("sj,sj->s", ell, ell)
    passed = p > 0
    grown = np.zeros((S, k + 1, k + 1))
    grown[:, :k, :k] = L
    grown[:, k, :k] = ell
    grown[:, k, k] = np.sqrt(np.where(passed, p, 1.0))
    return grown, passed


def fraction_minima(n, samples=100_000, seed=0):
    """The fraction of random symmetric n × n matrices whose eigenvalues are all positive.

    A critical point is a strict local minimum when its Hessian has positive curvature in every
    direction (Nocedal & Wright, *Numerical Optimization*, 2nd ed., Theorem 2.4). Taking
    the Hessian to be a random symmetric matrix
    ([`random_symmetric`][lessonlib.landscape.random_symmetric]), this is plain Monte Carlo:
    draw ``samples`` matrices and count the positive-definite ones. The test is done one leading block
    at a time (Sylvester's criterion), dropping a matrix as soon as one block fails, which gives the
    same answer as checking ``eigvalsh(H).min() > 0`` for far less work.

    Parameters
    ----------
    n : int
        Dimension (>= 1).
    samples : int
        Number of random matrices.
    seed : int
        Seed of the random generator.

    Returns
    -------
    float
        The fraction (0.0 when none of the samples was positive definite).

    Raises
    ------
    ValueError
        If n is not an integer >= 1.

    See Also
    --------
    [`minima_pass_rates`][lessonlib.landscape.minima_pass_rates]: reaches fractions far too small to
    count by plain sampling.

    Examples
    --------
    >>> fraction_minima(1, samples=100_000)     # one direction: a coin flip
    0.49829
    >>> fraction_minima(2, samples=100_000)     # (2 − √2)/4 = 0.1464... with infinitely many samples
    0.14697
    >>> fraction_minima(8, samples=100_000)     # about 1e-9: none of the samples
    0.0
    """
    if int(n) != n or n < 1:
        raise ValueError(f"n must be an integer >= 1, got {n}.")
    rng = np.random.default_rng(seed)
    L = np.zeros((int(samples), 0, 0))
    for _ in range(int(n)):
        L, passed = _add_direction(L, rng)
        L = L[passed]
        if L.shape[0] == 0:
            return 0.0
    return L.shape[0] / int(samples)


def minima_pass_rates(n_max, samples=20_000, seed=0):
    """How often the k-th direction also curves up, given that the first k − 1 did: for k = 1 … n_max.

    A random symmetric matrix is positive definite exactly when each of its leading blocks is
    (Sylvester's criterion), so the fraction of minima in dimension n is the product of the pass
    rates

    ```text
    q_k = P(block k × k positive definite | block (k−1) × (k−1) positive definite),
    ```

    ``fraction(n) = q_1 q_2 ⋯ q_n``. Each q_k is estimated from ``samples`` matrices that passed the
    first k − 1 tests (survivors are resampled with replacement back to ``samples``, the idea of
    sequential Monte Carlo, or *splitting*), so fractions like 10⁻¹⁴, which plain sampling would
    never see, get an estimate of the right order of magnitude. Its relative error grows with the
    number of levels: over seeds, with the default 20 000 samples, it is a few percent up to n = 5
    and tens of percent by n = 10; more samples shrink it like 1/√samples.

    Parameters
    ----------
    n_max : int
        Largest dimension (>= 1).
    samples : int
        Matrices per level.
    seed : int
        Seed of the random generator.

    Returns
    -------
    ndarray, shape (n_max,)
        ``q_1, …, q_n_max``; ``np.cumprod`` of it gives the fractions of minima for n = 1 … n_max.

    Raises
    ------
    ValueError
        If n_max is not an integer >= 1.

    References
    ----------
    D. S. Dean & S. N. Majumdar, Phys. Rev. Lett. 97, 160201 (2006): the fraction decays like
    exp(−θ n²) with θ = (ln 3)/4 ≈ 0.275 as n grows.

    Examples
    --------
    >>> q = minima_pass_rates(6, samples=20_000)
    >>> np.round(q, 3)                     # each new direction is a harder test than the last
    array([0.498, 0.294, 0.166, 0.099, 0.056, 0.033])
    >>> [f"{x:.2e}" for x in np.cumprod(q)]   # the fractions of minima for n = 1 ... 6
    ['4.98e-01', '1.46e-01', '2.43e-02', '2.40e-03', '1.35e-04', '4.47e-06']
    """
    if int(n_max) != n_max or n_max < 1:
        raise ValueError(f"n_max must be an integer >= 1, got {n_max}.")
    rng = np.random.default_rng(seed)
    samples = int(samples)
    L = np.zeros((samples, 0, 0))
    rates = []
    for _ in range(int(n_max)):
        L, passed = _add_direction(L, rng)
        rates.append(passed.mean())
        if not passed.any():
            rates += [0.0] * (int(n_max) - len(rates))
            break
        L = L[passed]
        L = L[rng.integers(0, L.shape[0], size=samples)]  # resample the survivors
    return np.array(rates, dtype=float)


# -- escaping saddles -----------------------------------------------------------------------------

def _ball(rng, n):
    """A point drawn uniformly from the unit ball in n dimensions."""
    u = rng.standard_normal(n)
    return u / np.linalg.norm(u) * rng.random() ** (1.0 / n)


# --8<-- [start:perturbed_gradient_descent]
def perturbed_gradient_descent(problem_or_f, x0=None, eta=0.1, *, grad=None, radius=1e-3, g_thresh=1e-3,
                               t_thresh=50, f_thresh=1e-4, seed=0, max_iter=1000, tol=1e-8,
                               record_path=True):
    """Gradient descent that kicks the point at random when the gradient gets small.

    Where ‖∇f(x)‖ ≤ ``g_thresh`` the point may be near a minimum, a saddle or a maximum. The method
    adds a random vector ξ, uniform in the ball of radius ``radius``, and carries on with
    x ← x − η∇f(x). Near a strict saddle (a Hessian eigenvalue λ < 0) the kick almost surely has a
    component along a direction of negative curvature, which, while the quadratic model holds, grows
    by the factor 1 + η|λ| per step: the run escapes. If, ``t_thresh`` steps after a kick, f has not
    dropped by at least ``f_thresh`` below its value before the kick, the run stops, taking the point
    for a minimum (a heuristic test: Jin et al. prove that, with thresholds set from the function's
    smoothness constants, such a point is with high probability an approximate second-order
    stationary point). At most one kick every ``t_thresh`` steps.

    Parameters
    ----------
    problem_or_f : Problem or callable
        A [`Problem`][lessonlib.problems.Problem], or f (then give ``x0`` and ``grad``).
    x0 : array_like, optional
        Starting point; defaults to the problem's.
    eta : float
        Step size, > 0.
    grad : callable, optional
        The gradient.
    radius, g_thresh, t_thresh, f_thresh : float, float, int, float
        Size of a kick; gradient norm below which to kick; steps to wait before judging a kick;
        decrease that counts as an escape.
    seed : int
        Seed of the random kicks.
    max_iter, tol, record_path
        As in [`gradient_descent`][lessonlib.gd.gradient_descent] (a kick counts as a step).

    Returns
    -------
    OptimizeResult
        With the extra key ``kicks``: the step numbers at which a kick was made.

    References
    ----------
    C. Jin, R. Ge, P. Netrapalli, S. M. Kakade & M. I. Jordan, "How to escape saddle points
    efficiently", ICML 2017, Algorithm 2 (here simplified: fixed thresholds given by the caller).

    Examples
    --------
    >>> from lessonlib import gradient_descent
    >>> p = quartic_saddle()                             # start on the line into the saddle
    >>> plain = gradient_descent(p, eta=0.1)
    >>> plain.status_name, np.round(plain.x, 6), round(plain.fun, 6)   # "converged" ... to the saddle
    ('converged', array([0., 0.]), 0.0)
    >>> res = perturbed_gradient_descent(p, eta=0.1)
    >>> res.status_name, res.kicks[0], np.round(res.x, 6), round(res.fun, 6)
    ('converged', 35, array([ 0.      , -1.414214]), -1.0)
    """
    if not eta > 0:
        raise ValueError(f"eta must be > 0, got {eta}.")
    # --8<-- [start:perturbed_gradient_descent_loop]
    rng = np.random.default_rng(seed)
    run = Run(problem_or_f, x0, grad=grad, max_iter=max_iter, tol=tol, record_path=record_path)
    x, g = run.x, run.jac
    kicks, f_before = [], None
    for k in run.iterations():
        if kicks and k == kicks[-1] + t_thresh:         # judge the last kick
            if run.fun > f_before - f_thresh:
                run.stop("converged", f"converged in {k} iterations: a kick at step {kicks[-1]} "
                                      f"did not lower f by {f_thresh:g}, so x is a minimum")
                break
        if np.linalg.norm(g) <= g_thresh and (not kicks or k >= kicks[-1] + t_thresh):
            kicks.append(k)                              # small gradient: kick
            f_before = run.fun
            x, fx, g = run.accept(x + radius * _ball(rng, run.n))
        else:
            x, fx, g = run.accept(x - eta * g)
    res = run.result()
    res.kicks = kicks
    return res
    # --8<-- [end:perturbed_gradient_descent_loop]
# --8<-- [end:perturbed_gradient_descent]
