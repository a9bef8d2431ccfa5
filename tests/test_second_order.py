"""Tests of lessonlib.second_order: LM against MINPACK on the Moré–Garbow–Hillstrom problems, the Misra1a fit,
Gauss–Newton's large-residual failure, trust regions, bad input, and the Fisher = Gauss–Newton identity."""

import numpy as np
import pytest
import scipy.optimize as so

from lessonlib import problems
from lessonlib.calculus import complex_step_jacobian
from lessonlib.second_order import least_squares, mgh_problems, misra1a, trust_region


@pytest.mark.parametrize("problem", mgh_problems(), ids=lambda p: p["name"])
def test_lm_solves_what_minpack_solves(problem):
    r, x0 = problem["residual"], problem["x0"]
    jac = complex_step_jacobian(r)
    ref = so.least_squares(r, x0, jac=jac, method="lm")
    res = least_squares(r, x0, jac=jac, method="lm")
    assert res.success, res.message
    # the same final cost or a lower one: MINPACK stops when the relative reduction of ‖r‖² is below
    # ftol = 1e-8, so two correct runs agree to a few times ftol relatively; 1e-6 leaves room, 1e-20
    # absolute covers the zero-residual problems. (Lower: on some BLAS kernels MINPACK stops at the start
    # of Biggs EXP6, whose x0 makes two pairs of Jacobian columns equal, with a spurious gtol test.)
    assert res.fun <= ref.cost * (1 + 1e-6) + 1e-20
    if ref.status > 0 and problem["name"] != "Biggs EXP6":
        assert ref.cost <= res.fun * (1 + 1e-6) + 1e-20
    assert np.isclose(res.fun, 0.5 * res.residual @ res.residual)


def test_lm_with_finite_differences_counts_them():
    p = mgh_problems()[0]
    res = least_squares(p["residual"], p["x0"])
    assert res.success and res.njev == 0
    assert res.nfev > 2 * res.nit          # each Jacobian is n = 2 more residual evaluations
    assert np.allclose(res.x, [1.0, 1.0], atol=1e-6)


def test_misra1a_matches_scipy_and_nist():
    data = misra1a()
    x, y = data["x"], data["y"]

    def r(b):
        return b[0] * (1 - np.exp(-b[1] * x)) - y

    def J(b):
        e = np.exp(-b[1] * x)
        return np.column_stack([1 - e, b[0] * x * e])

    tight = dict(ftol=1e-15, xtol=1e-15, gtol=1e-15)
    ref = so.least_squares(r, data["start"], jac=J, method="lm", **tight)
    for method in ("lm", "gauss-newton"):
        res = least_squares(r, data["start"], jac=J, method=method, **tight)
        assert res.success
        assert np.max(np.abs(res.x / ref.x - 1)) < 1e-8
        assert np.max(np.abs(res.x / data["certified"] - 1)) < 1e-8
        assert abs(2 * res.fun / data["certified_rss"] - 1) < 1e-8


def large_residual(y3):
    t, y = np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, y3])
    return (lambda x: np.exp(t * x[0]) - y), (lambda x: (t * np.exp(t * x[0]))[:, None])


def test_gauss_newton_fails_on_large_residuals_and_lm_does_not():
    r, J = large_residual(-8.0)
    gn = least_squares(r, [0.5], jac=J, method="gauss-newton", max_nfev=100)
    lm = least_squares(r, [0.5], jac=J, method="lm")
    assert not gn.success
    assert lm.success
    ref = so.least_squares(r, [0.5], jac=J, method="lm")
    assert abs(lm.x[0] - ref.x[0]) < 1e-6
    r0, J0 = large_residual(8.0)           # zero residual: Gauss–Newton converges
    assert least_squares(r0, [0.5], jac=J0, method="gauss-newton").success


@pytest.mark.parametrize("subproblem", ["dogleg", "cg"])
def test_trust_region_rosenbrock(subproblem):
    res = trust_region(problems.rosenbrock(), [-1.2, 1.0], subproblem=subproblem)
    assert res.success
    assert np.allclose(res.x, [1.0, 1.0], atol=1e-8)


def test_trust_region_cg_with_autodiff_hvp():
    from lessonlib.autodiff import grad, hvp

    def f(x):
        return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2

    res = trust_region(f, [-1.2, 1.0], grad=lambda x: grad(f)(x), hessp=lambda x, v: hvp(f, x, v),
                       subproblem="cg")
    assert res.success and res.nhev > 0
    assert np.allclose(res.x, [1.0, 1.0], atol=1e-8)


def test_trust_region_escapes_a_saddle():
    p = problems.quadratic(np.diag([1.0, -1.0]), x0=[1.0, 1e-3])
    # f has no minimizer: the iterates must move away along the negative curvature, never stop at 0
    res = trust_region(p, max_iter=30)
    assert not res.success
    assert abs(res.x[1]) > 1


def test_bad_input():
    ok = lambda x: np.array([x[0] - 1.0, x[0]])
    with pytest.raises(ValueError, match="changed length"):
        least_squares(lambda x: np.ones(2 if x[0] == 0 else 3), [0.0])
    with pytest.raises(ValueError, match="shape"):
        least_squares(ok, [0.0], jac=lambda x: np.ones((3, 1)))
    with pytest.raises(ValueError, match="not finite"):
        least_squares(lambda x: np.array([np.nan, 1.0]), [0.0])
    with pytest.raises(ValueError, match="method"):
        least_squares(ok, [0.0], method="newton")
    with pytest.raises(ValueError, match="trust radius"):
        trust_region(problems.rosenbrock(), [0.0, 0.0], delta0=0.0)
    with pytest.raises(ValueError, match="trust radius"):
        trust_region(problems.rosenbrock(), [0.0, 0.0], delta0=-1.0)
    with pytest.raises(ValueError, match="subproblem"):
        trust_region(problems.rosenbrock(), [0.0, 0.0], subproblem="exact")


def test_nonfinite_trial_point_shrinks_the_radius():
    # sqrt is nan for x < 0: LM must treat such trial points as failed steps, and still converge
    res = least_squares(lambda x: np.array([np.sqrt(x[0]) - 0.1, 0.0]), [4.0])
    assert res.success and abs(res.x[0] - 0.01) < 1e-8


def test_fisher_equals_gauss_newton_for_logistic_regression():
    from lessonlib import datasets

    data = datasets.breast_cancer()
    X = np.column_stack([data.X_train, np.ones(len(data.y_train))])
    w = np.random.default_rng(0).standard_normal(X.shape[1]) * 0.1
    p = 1 / (1 + np.exp(-(X @ w)))
    m = len(p)
    fisher = sum(pi * np.outer((pi - 1) * xi, (pi - 1) * xi) + (1 - pi) * np.outer(pi * xi, pi * xi)
                 for xi, pi in zip(X, p)) / m
    gn = X.T @ ((p * (1 - p))[:, None] * X) / m
    assert np.max(np.abs(fisher - gn)) < 1e-12 * np.max(np.abs(gn))


@pytest.mark.parametrize("subproblem", ["dogleg", "cg"])
def test_trust_region_with_finite_differences_only(subproblem):
    def f(v):
        return (1 - v[0]) ** 2 + 100 * (v[1] - v[0] ** 2) ** 2

    res = trust_region(f, [-1.2, 1.0], subproblem=subproblem)
    assert res.success and np.allclose(res.x, [1.0, 1.0], atol=1e-5)
    assert res.njev > res.nit          # finite-difference Hessians cost gradient evaluations


def test_gauss_newton_stops_within_its_budget_when_it_cannot_converge():
    # r = x² + 1 has its least-squares minimum at 0, where J = 0: Gauss–Newton is Newton's method on
    # x² + 1 = 0 and wanders; LM converges
    r = lambda x: np.array([x[0] ** 2 + 1.0])
    gn = least_squares(r, [1.0], method="gauss-newton", max_nfev=60)
    assert gn.status_name == "max_iter" and gn.nfev <= 60 + 2
    lm = least_squares(r, [1.0])
    assert lm.success and abs(lm.x[0]) < 1e-6
