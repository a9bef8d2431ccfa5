"""lessonlib.proximal: soft-thresholding, ISTA/FISTA, the subgradient method and the lasso.

Checked against scikit-learn's ``Lasso`` on the diabetes data (the whole regularization path of
lesson 13), against a 1-D minimization for the prox, and against the bounds of Beck & Teboulle
(2009, Theorems 3.1 and 4.4) and of the subgradient method.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from lessonlib.proximal import lasso, prox_gradient, soft_threshold, subgradient_method


@pytest.fixture(scope="module")
def diabetes():
    from sklearn.datasets import load_diabetes

    X, y = load_diabetes(return_X_y=True)
    return X - X.mean(axis=0), y - y.mean()


def path_alphas(X, y, num=20):
    """The lesson's grid: 20 values of α on a log grid from α_max = max|Xᵀy|/m down to α_max/1000."""
    alpha_max = np.abs(X.T @ y).max() / len(y)
    return np.geomspace(alpha_max, alpha_max / 1000, num)


# -- soft-thresholding -------------------------------------------------------------------------

def test_soft_threshold_cases():
    assert soft_threshold(3.0, 1.0) == 2.0
    assert soft_threshold(0.5, 1.0) == 0.0
    assert soft_threshold(-1.5, 1.0) == -0.5
    out = soft_threshold(np.array([-0.5, 0.5, 1.0, -1.0]), 1.0)
    assert np.array_equal(out, np.zeros(4)) and not np.any(np.signbit(out))  # no −0.0


@pytest.mark.parametrize("v", [-3.0, -1.5, -0.7, -0.2, 0.0, 0.4, 0.999, 1.3, 2.5, 10.0])
@pytest.mark.parametrize("t", [0.0, 0.3, 1.0, 2.0])
def test_soft_threshold_is_the_prox_of_t_abs(v, t):
    """argmin_x t|x| + (x − v)²/2, found by a bounded 1-D minimization."""
    best = minimize_scalar(lambda x: t * abs(x) + 0.5 * (x - v) ** 2, bounds=(-20, 20), method="bounded",
                           options={"xatol": 1e-10})
    assert abs(soft_threshold(v, t) - best.x) < 1e-6


def test_soft_threshold_rejects_a_negative_threshold():
    with pytest.raises(ValueError, match="threshold"):
        soft_threshold(1.0, -0.5)
    with pytest.raises(ValueError, match="threshold"):
        soft_threshold(1.0, np.nan)


# -- the lasso against scikit-learn -------------------------------------------------------------

def test_lasso_matches_scikit_learn_on_the_whole_path(diabetes):
    from sklearn.linear_model import Lasso

    X, y = diabetes
    w, worst = None, 0.0
    for alpha in path_alphas(X, y):
        res = lasso(X, y, alpha, w0=w, tol=1e-12)
        assert res.success, res.message
        ref = Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=1_000_000).fit(X, y).coef_
        worst = max(worst, np.abs(res.x - ref).max())
        # the same zeros: sparsity is exact (soft-thresholding returns exact zeros)
        assert np.array_equal(res.x == 0, np.abs(ref) < 1e-12)
        w = res.x
    assert worst < 1e-6, worst


def test_lasso_cold_start_and_ista_agree(diabetes):
    X, y = diabetes
    alpha = 0.1
    fista = lasso(X, y, alpha, tol=1e-12)
    ista = lasso(X, y, alpha, accelerated=False, tol=1e-12)
    assert fista.success and ista.success
    assert np.abs(fista.x - ista.x).max() < 1e-6
    assert fista.nit < ista.nit


def test_lasso_above_alpha_max_is_zero(diabetes):
    X, y = diabetes
    alpha_max = np.abs(X.T @ y).max() / len(y)
    res = lasso(X, y, 1.01 * alpha_max)
    assert np.array_equal(res.x, np.zeros(X.shape[1])) and res.success


def test_lasso_smoothness_constant(diabetes):
    X, y = diabetes
    res = lasso(X, y, 0.5)
    assert res.L == pytest.approx(np.linalg.norm(X, 2) ** 2 / len(y), rel=1e-12)


@pytest.mark.parametrize("args, match", [
    ((np.ones((3, 2)), np.ones(3), -0.1), "alpha"),
    ((np.ones((3, 2)), np.ones(3), np.nan), "alpha"),
    ((np.ones(3), np.ones(3), 0.1), "2-D"),
    ((np.ones((3, 2)), np.ones(2), 0.1), "one label per row"),
    ((np.array([[1.0, np.nan], [0.0, 1.0]]), np.ones(2), 0.1), "finite"),
    ((np.ones((2, 2)), np.array([1.0, np.inf]), 0.1), "finite"),
])
def test_lasso_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        lasso(*args)


# -- ISTA and FISTA: the rates of Beck & Teboulle ------------------------------------------------

@pytest.fixture(scope="module")
def ista_fista(diabetes):
    """ISTA and FISTA from w = 0 with η = 1/L on the lasso of the diabetes data, α = 0.01."""
    X, y = diabetes
    alpha = 0.01
    best = lasso(X, y, alpha, tol=1e-13)
    assert best.success
    ista = lasso(X, y, alpha, accelerated=False, tol=0.0, max_iter=3000)
    fista = lasso(X, y, alpha, tol=0.0, max_iter=3000)
    return best, ista, fista


def test_the_bounds_of_theorems_3_1_and_4_4_hold_along_the_runs(ista_fista):
    best, ista, fista = ista_fista
    L, F_star, R2 = best.L, best.fun, best.x @ best.x   # x0 = 0, so ‖x0 − x*‖² = ‖x*‖²
    k = np.arange(1, 3001)
    slack = 1e-9 * F_star                                 # F* is known to rounding, not exactly
    assert np.all(ista.values[1:] - F_star <= L * R2 / (2 * k) + slack)
    assert np.all(fista.values[1:] - F_star <= 2 * L * R2 / (k + 1) ** 2 + slack)
    # ISTA is a descent method; FISTA is not (its values may rise), but it still obeys its bound
    assert np.all(np.diff(ista.values) <= 1e-12 * F_star)


def test_fista_needs_far_fewer_iterations_than_ista(ista_fista):
    best, ista, fista = ista_fista
    L, F_star, R2 = best.L, best.fun, best.x @ best.x
    for eps in (1e-2, 1e-4, 1e-6):
        target = eps * F_star
        k_ista = int(np.argmax(ista.values - F_star <= target))
        k_fista = int(np.argmax(fista.values - F_star <= target))
        assert k_ista > 0 and k_fista > 0
        # each run reaches the accuracy no later than its theorem promises ...
        assert k_ista <= L * R2 / (2 * target)
        assert k_fista <= np.sqrt(2 * L * R2 / target) - 1
        # ... and FISTA gets there first
        assert k_fista <= k_ista
    # to 1e-6 relative accuracy, FISTA needs fewer than a tenth of ISTA's iterations
    assert k_fista < k_ista / 10


def test_backtracking_finds_a_step_and_converges(diabetes):
    X, y = diabetes
    m, alpha = len(y), 0.1
    f = lambda w: (y - X @ w) @ (y - X @ w) / (2 * m)
    grad = lambda w: -X.T @ (y - X @ w) / m
    h = lambda w: alpha * np.abs(w).sum()
    prox = lambda v, eta: soft_threshold(v, eta * alpha)
    ref = lasso(X, y, alpha, tol=1e-12)
    for accelerated in (False, True):
        res = prox_gradient(f, grad, prox, np.zeros(10), h=h, eta=None, eta0=1e4, accelerated=accelerated,
                            tol=1e-9, max_iter=20000)
        assert res.success, res.message
        assert res.eta <= 1e4 and res.eta > 0.5 / ref.L     # η only shrinks, and stops shrinking by 1/(2L)
        assert np.abs(res.x - ref.x).max() < 1e-3


def test_prox_gradient_reports_the_gradient_mapping():
    f = lambda x: 0.5 * float((x[0] - 3.0) ** 2)
    res = prox_gradient(f, lambda x: x - 3.0, lambda v, eta: soft_threshold(v, eta), 0.0,
                        h=lambda x: float(abs(x[0])), eta=0.5)
    assert res.success and "gradient-mapping norm" in res.message
    assert abs(res.x[0] - 2.0) < 1e-8 and np.linalg.norm(res.jac) <= 1e-8


def test_prox_gradient_bad_input():
    f, grad, prox = (lambda x: float(x @ x)), (lambda x: 2 * x), (lambda v, eta: v)
    for kwargs in ({"eta": 0.0}, {"eta": -1.0}, {"eta0": 0.0}, {"shrink": 1.0}, {"max_iter": 0}, {"tol": -1.0}):
        with pytest.raises(ValueError):
            prox_gradient(f, grad, prox, [1.0, 2.0], **kwargs)
    with pytest.raises(ValueError, match="grad must return"):
        prox_gradient(f, lambda x: np.ones(3), prox, [1.0, 2.0])
    with pytest.raises(ValueError, match="prox must return"):
        prox_gradient(f, grad, lambda v, eta: np.ones(3), [1.0, 2.0])
    with pytest.raises(ValueError, match="x0"):
        prox_gradient(f, grad, prox, [1.0, np.nan])


def test_prox_gradient_iterations_are_bounded_and_status_reported():
    f, grad, prox = (lambda x: float(x @ x)), (lambda x: 2 * x), (lambda v, eta: v)
    res = prox_gradient(f, grad, prox, [1.0, 2.0], eta=0.01, max_iter=5)
    assert res.nit == 5 and res.status_name == "max_iter" and not res.success
    res = prox_gradient(f, grad, prox, [1.0, 2.0], eta=5.0)   # η > 2/L = 1: diverges
    assert res.status_name == "diverged"
    res = prox_gradient(f, lambda x: np.full(2, np.nan), prox, [1.0, 2.0], eta=0.1)
    assert res.status_name == "nonfinite"


# -- the subgradient method on |x| ---------------------------------------------------------------

ABS = (lambda x: float(abs(x[0])), lambda x: np.sign(x))


def test_a_fixed_step_bounces_at_the_step_size_and_never_converges():
    eta = 0.375
    res = subgradient_method(*ABS, 1.0, eta=eta, steps="constant", max_iter=1000)
    tail = res.path[100:, 0]
    assert set(tail) == {0.25, -0.125}                    # a 2-cycle, exact in binary
    assert np.all(np.abs(np.diff(tail)) == eta)           # every step has length η
    assert res.fun == 0.125 and res.status_name == "max_iter" and res.best_iter == 3


@pytest.mark.parametrize("eta, x0", [(0.1, 1.0), (0.3, -2.0), (0.7, 0.05)])
def test_a_fixed_step_cannot_converge_on_abs(eta, x0):
    """Once |x_k| < η/2, the next step overshoots to |x_{k+1}| = η − |x_k| > η/2: no limit but 0 is
    possible, and the iterates cannot stay near 0. (Unless some x_k is exactly 0.)"""
    res = subgradient_method(*ABS, x0, eta=eta, steps="constant", max_iter=500)
    tail = np.abs(res.path[100:, 0])
    assert tail.max() >= eta / 2 - 1e-12


def test_diminishing_steps_reach_the_one_over_sqrt_k_behaviour():
    eta = 0.375
    # the subgradient 1 at x = 0 (any g in [−1, 1] is one): the run never stops on an exact 0
    res = subgradient_method(ABS[0], lambda x: np.where(x >= 0, 1.0, -1.0), 1.0, eta=eta, max_iter=10_000)
    assert res.status_name == "max_iter" and res.nit == 10_000
    x = np.abs(res.path[:, 0])
    k = np.arange(len(x))
    # after the first crossing of 0, |x_k| <= η_{k−1} = η/√k: f(x_k) = O(1/√k)
    first = int(np.argmax(res.path[:, 0] < 0))
    assert np.all(x[first:] <= eta / np.sqrt(k[first:]) + 1e-15)
    # and the values really go to 0, which a constant step cannot do
    assert x[-100:].max() < 0.005 and res.fun < 0.005
    # the bound of Boyd, Xiao & Mutapcic (R = 1, M = 1) holds on the best value along the run
    steps = eta / np.sqrt(np.arange(1, len(x)))
    best = np.minimum.accumulate(x)[1:]
    bound = (1 + np.cumsum(steps**2)) / (2 * np.cumsum(steps))
    assert np.all(best <= bound)


def test_subgradient_method_is_not_a_descent_method_and_returns_the_best_point():
    # f(x) = |x₁| + 2|x₂| from (1, 0.1): the step overshoots in x₂ and f rises
    f = lambda x: float(abs(x[0]) + 2 * abs(x[1]))
    sub = lambda x: np.array([np.sign(x[0]), 2 * np.sign(x[1])])
    res = subgradient_method(f, sub, [1.0, 0.1], eta=0.25, steps="constant", max_iter=20)
    assert np.any(np.diff(res.values) > 0)                 # not a descent method
    assert res.fun == res.values.min() and np.array_equal(res.x, res.path[res.best_iter])


def test_subgradient_method_stops_at_an_exact_zero_subgradient():
    res = subgradient_method(*ABS, 0.5, eta=0.5, steps="constant")   # lands on 0, where sign(0) = 0
    assert res.success and res.nit == 1 and res.x[0] == 0.0


def test_subgradient_method_bad_input():
    with pytest.raises(ValueError, match="eta"):
        subgradient_method(*ABS, 1.0, eta=0.0)
    with pytest.raises(ValueError, match="steps"):
        subgradient_method(*ABS, 1.0, steps="armijo")
    with pytest.raises(ValueError, match="max_iter"):
        subgradient_method(*ABS, 1.0, max_iter=0)
    with pytest.raises(ValueError, match="grad must return"):
        subgradient_method(*ABS[:1], lambda x: np.ones(3), 1.0)
