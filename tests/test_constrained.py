"""lessonlib.constrained against SciPy's SLSQP on classic small problems, and the linear SVM against scikit-learn."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy.optimize import minimize

from lessonlib.result import STATUS
from lessonlib.constrained import (
    kkt_residual,
    minimize_constrained,
    project_ball,
    project_box,
    project_simplex,
    projected_gradient,
)


def _ineq(*fs):
    return lambda x: np.array([g(x) for g in fs])


# name: (f, x0, eq or None, ineq or None, known minimizer or None, known value)
# Hock & Schittkowski, "Test Examples for Nonlinear Programming Codes" (1981); bounds are written as
# inequality constraints so that SLSQP reports their multipliers too.
PROBLEMS = {
    "circle-line": (lambda x: x @ x, [0.0, 0.0], lambda x: np.array([x[0] + x[1] - 1]), None, [0.5, 0.5], 0.5),
    "HS6": (lambda x: (1 - x[0]) ** 2, [-1.2, 1.0], lambda x: np.array([10 * (x[1] - x[0] ** 2)]), None, [1, 1], 0.0),
    "HS7": (lambda x: np.log(1 + x[0] ** 2) - x[1], [2.0, 2.0],
            lambda x: np.array([(1 + x[0] ** 2) ** 2 + x[1] ** 2 - 4]), None, [0, np.sqrt(3)], -np.sqrt(3)),
    "HS21": (lambda x: 0.01 * x[0] ** 2 + x[1] ** 2 - 100, [-1.0, -1.0], None,
             _ineq(lambda x: 10 * x[0] - x[1] - 10, lambda x: x[0] - 2, lambda x: 50 - x[0],
                   lambda x: x[1] + 50, lambda x: 50 - x[1]), [2, 0], -99.96),
    "HS28": (lambda x: (x[0] + x[1]) ** 2 + (x[1] + x[2]) ** 2, [-4.0, 1.0, 1.0],
             lambda x: np.array([x[0] + 2 * x[1] + 3 * x[2] - 1]), None, [0.5, -0.5, 0.5], 0.0),
    "HS35": (lambda x: 9 - 8 * x[0] - 6 * x[1] - 4 * x[2] + 2 * x[0] ** 2 + 2 * x[1] ** 2 + x[2] ** 2
             + 2 * x[0] * x[1] + 2 * x[0] * x[2], [0.5, 0.5, 0.5], None,
             lambda x: np.concatenate([[3 - x[0] - x[1] - 2 * x[2]], x]), [4 / 3, 7 / 9, 4 / 9], 1 / 9),
    "HS48": (lambda x: (x[0] - 1) ** 2 + (x[1] - x[2]) ** 2 + (x[3] - x[4]) ** 2, [3.0, 5.0, -3.0, 2.0, -2.0],
             lambda x: np.array([x.sum() - 5, x[2] - 2 * (x[3] + x[4]) + 3]), None, [1, 1, 1, 1, 1], 0.0),
    "HS71": (lambda x: x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2], [1.0, 5.0, 5.0, 1.0],
             lambda x: np.array([x @ x - 40]),
             lambda x: np.concatenate([[x.prod() - 25], x - 1, 5 - x]), None, 17.0140173),
    # the SciPy tutorial's SLSQP example: Rosenbrock with two linear and two nonlinear constraints and bounds
    "scipy-tutorial": (lambda x: 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2, [0.5, 0.0],
                       lambda x: np.array([2 * x[0] + x[1] - 1]),
                       lambda x: np.array([1 - x[0] - 2 * x[1], 1 - x[0] ** 2 - x[1], 1 + x[0] ** 2 - x[1],
                                           x[0], 1 - x[0], x[1] + 0.5, 2 - x[1]]), [0.4149, 0.1701], None),
    "circle-projection": (lambda x: (x[0] - 2) ** 2 + (x[1] - 1) ** 2, [1.0, 0.0],
                          lambda x: np.array([x @ x - 1]), None, np.array([2, 1]) / np.sqrt(5), (np.sqrt(5) - 1) ** 2),
}


def _slsqp(f, x0, eq, ineq, cons=None, jac=None):
    if cons is None:
        cons = ([{"type": "eq", "fun": eq}] if eq else []) + ([{"type": "ineq", "fun": ineq}] if ineq else [])
    # SLSQP's line search sometimes fails ("positive directional derivative") at ftol = 1e-14 next to
    # the solution (HS71, some projections): then ask for less
    for ftol in (1e-14, 1e-12, 1e-10):
        ref = minimize(f, x0, jac=jac, method="SLSQP", constraints=cons, options={"ftol": ftol, "maxiter": 500})
        if ref.success:
            break
    return ref


def _check_against_slsqp(name, method, tol):
    f, x0, eq, ineq, xstar, fstar = PROBLEMS[name]
    res = minimize_constrained(f, x0, eq=eq, ineq=ineq, method=method)
    ref = _slsqp(f, x0, eq, ineq)
    assert ref.success, ref.message
    assert res.status_name == "converged", res.message
    assert np.max(np.abs(res.x - ref.x)) < tol
    assert abs(res.fun - ref.fun) < tol
    # SLSQP's res.multipliers: the equality multipliers, then the inequality ones, in one array
    ours = np.concatenate([res.multipliers["eq"], res.multipliers["ineq"]])
    assert np.max(np.abs(ours - ref.multipliers)) < tol
    if xstar is not None:
        assert np.max(np.abs(res.x - np.asarray(xstar))) < (1e-3 if name == "scipy-tutorial" else tol)
    if fstar is not None:
        assert abs(res.fun - fstar) < (1e-6 if name == "HS71" else tol)
    return res, ref


@pytest.mark.parametrize("name", PROBLEMS)
def test_augmented_lagrangian_matches_slsqp(name):
    res, ref = _check_against_slsqp(name, "augmented_lagrangian", 1e-6)
    assert res.kkt_residual < 1e-6


@pytest.mark.parametrize("name", ["circle-line", "HS35", "circle-projection"])
def test_penalty_approaches_the_solution_as_the_weight_grows(name):
    f, x0, eq, ineq, xstar, fstar = PROBLEMS[name]
    ref = _slsqp(f, x0, eq, ineq)
    errors = []
    for tau_max in (1e2, 1e4, 1e6):
        res = minimize_constrained(f, x0, eq=eq, ineq=ineq, method="penalty", tau0=tau_max, tau_max=tau_max, max_outer=1)
        errors.append(np.max(np.abs(res.x - ref.x)))
    # the penalty minimizer is off by O(1/τ): each factor 100 in τ cuts the error by a factor near 100
    assert errors[1] < errors[0] / 30 and errors[2] < errors[1] / 30 and errors[2] < 1e-4


def test_penalty_hessian_condition_number_grows_like_tau():
    # f = x² + y², h = x + y − 1: the penalty's Hessian is 2I + τ aaᵀ with a = (1, 1), eigenvalues 2 and 2 + 2τ
    kappas = [np.linalg.cond(2 * np.eye(2) + tau * np.ones((2, 2))) for tau in (1e2, 1e4, 1e6)]
    assert np.allclose(kappas, [1 + 1e2, 1 + 1e4, 1 + 1e6])


def test_multiplier_is_the_sensitivity_of_the_optimal_value():
    # min x² + y² s.t. x + y = b: p(b) = b²/2, dp/db = b = ν
    def value(b):
        return minimize_constrained(lambda x: x @ x, [0.0, 0.0], grad=lambda x: 2 * x, eq=lambda x: x[0] + x[1] - b)
    res, d = value(1.0), 1e-4
    slope = (value(1 + d).fun - value(1 - d).fun) / (2 * d)
    assert abs(slope - res.multipliers["eq"][0]) < 1e-6


def test_infeasible_problem_is_reported():
    res = minimize_constrained(lambda x: x @ x, [0.0], ineq=lambda x: np.array([x[0] - 1, -x[0] - 1]), tau_max=1e6)
    assert res.status_name == "infeasible" and res.status == STATUS["infeasible"] and not res.success
    assert "infeasible" in res.message


@pytest.mark.parametrize("bad, match", [
    ({"eq": lambda x: np.ones((2, 2))}, "1-D"),
    ({"eq": lambda x: np.array([np.nan])}, "non-finite"),
    ({"ineq": lambda x: np.ones(1 + int(x[0] != 0))}, "values at one point"),
    ({"eq": lambda x: x[0], "eq_jac": lambda x: np.ones(3)}, "shape"),
    ({"method": "sqp"}, "method"),
    ({"tau0": -1.0}, "tau0"),
])
def test_bad_input_raises(bad, match):
    with pytest.raises(ValueError, match=match):
        minimize_constrained(lambda x: x @ x, [0.0, 0.0], **bad)


def test_kkt_residual_of_a_point_that_is_not_optimal():
    # x² + y² s.t. x + y = 1 at (1, 0) with ν = 1: stationarity fails by 1
    assert kkt_residual(np.array([2.0, 0.0]), np.array([0.0]), np.array([[1.0, 1.0]]), np.zeros(0), np.zeros((0, 2)),
                        np.array([1.0]), np.zeros(0)) == 1.0


# -- projections ---------------------------------------------------------------------------------------
RNG = np.random.default_rng(12)
POINTS = [RNG.normal(size=5) * 3 for _ in range(20)]
SETS = {
    "box": (lambda z: project_box(z, -1.0, 0.5), [{"type": "ineq", "fun": lambda x: np.concatenate([x + 1, 0.5 - x])}]),
    "ball": (lambda z: project_ball(z, 2.0, center=np.full(5, 0.5)),
             [{"type": "ineq", "fun": lambda x: np.array([4.0 - (x - 0.5) @ (x - 0.5)]),
               "jac": lambda x: -2 * (x - 0.5)[None, :]}]),
    "simplex": (project_simplex, [{"type": "eq", "fun": lambda x: np.array([x.sum() - 1])},
                                  {"type": "ineq", "fun": lambda x: x}]),
}


@pytest.mark.parametrize("set_name", SETS)
def test_projection_solves_its_defining_problem(set_name):
    project, cons = SETS[set_name]
    for p in POINTS:
        ref = _slsqp(lambda x: (x - p) @ (x - p), np.full(5, 0.2), None, None, cons=cons, jac=lambda x: 2 * (x - p))
        if not ref.success:  # on some BLAS kernels SLSQP's line search fails on the ball: ask trust-constr
            with warnings.catch_warnings():  # its quasi-Newton update of the constraint's Hessian
                warnings.filterwarnings("ignore", message="delta_grad == 0.0")
                ref = minimize(lambda x: (x - p) @ (x - p), np.full(5, 0.2), jac=lambda x: 2 * (x - p),
                               hess=lambda x: 2 * np.eye(5), method="trust-constr", constraints=cons,
                               options={"gtol": 1e-12, "xtol": 1e-14, "maxiter": 5000})
        assert ref.success, ref.message
        assert np.max(np.abs(project(p) - ref.x)) < 1e-6


@pytest.mark.parametrize("set_name", SETS)
def test_projection_is_idempotent_and_non_expansive(set_name):
    project, _ = SETS[set_name]
    for p, q in zip(POINTS[:-1], POINTS[1:]):
        assert np.max(np.abs(project(project(p)) - project(p))) < 1e-12
        assert np.linalg.norm(project(p) - project(q)) <= np.linalg.norm(p - q) + 1e-12


def test_simplex_projection_by_hand():
    assert np.allclose(project_simplex([0.5, 0.8, -1.0]), [0.35, 0.65, 0.0])
    assert np.allclose(project_simplex([0.2, 0.3, 0.5]), [0.2, 0.3, 0.5])
    assert np.allclose(project_simplex([5.0, 5.0], s=2.0), [1.0, 1.0])


def test_projection_errors():
    with pytest.raises(ValueError, match="empty"):
        project_box([0.0], 1.0, 0.0)
    with pytest.raises(ValueError, match="radius"):
        project_ball([0.0], -1.0)
    with pytest.raises(ValueError, match="finite"):
        project_simplex([np.nan, 1.0])


# -- projected gradient ---------------------------------------------------------------------------------
def test_projected_gradient_on_the_simplex_matches_slsqp():
    A = np.array([[3.0, 1.0, 0.0], [1.0, 2.0, 0.5], [0.0, 0.5, 1.0]])
    b = np.array([1.0, -2.0, 0.5])
    f = lambda x: 0.5 * x @ A @ x - b @ x
    grad = lambda x: A @ x - b
    L = np.linalg.eigvalsh(A).max()  # the smoothness constant of f
    for eta in (1 / L, None):
        res = projected_gradient(f, [1.0, 1.0, 1.0], project_simplex, grad=grad, eta=eta, tol=1e-10)
        assert res.status_name == "converged" and "projection" in res.message  # the start was outside
        ref = minimize(f, np.full(3, 1 / 3), method="SLSQP", options={"ftol": 1e-15},
                       constraints=[{"type": "eq", "fun": lambda x: x.sum() - 1}, {"type": "ineq", "fun": lambda x: x}])
        assert np.max(np.abs(res.x - ref.x)) < 1e-6


def test_projected_gradient_errors():
    with pytest.raises(ValueError, match="eta"):
        projected_gradient(lambda x: x @ x, [1.0], project_simplex, eta=0)
    with pytest.raises(ValueError, match="shape"):
        projected_gradient(lambda x: x @ x, [1.0, 2.0], lambda z: z[:1])


# -- the linear SVM -------------------------------------------------------------------------------------
def svm_data():
    """Eight separable points in the plane, labels ±1."""
    X = np.array([[1.0, 2.0], [2.0, 3.0], [2.0, 1.0], [3.0, 3.5], [4.0, 1.0], [5.0, 2.0], [4.5, -0.5], [6.0, 0.5]])
    y = np.array([1.0, 1.0, 1.0, 1.0, -1.0, -1.0, -1.0, -1.0])
    return X, y


def test_hard_margin_svm_matches_scikit_learn():
    from sklearn.svm import SVC

    X, y = svm_data()
    n = X.shape[1]
    # variables (w, b): minimize ½‖w‖² subject to yᵢ(wᵀxᵢ + b) − 1 >= 0
    res = minimize_constrained(lambda v: 0.5 * v[:n] @ v[:n], np.zeros(n + 1),
                               grad=lambda v: np.concatenate([v[:n], [0.0]]),
                               ineq=lambda v: y * (X @ v[:n] + v[n]) - 1,
                               ineq_jac=lambda v: y[:, None] * np.hstack([X, np.ones((len(y), 1))]))
    assert res.status_name == "converged" and res.kkt_residual < 1e-6
    w, b, zeta = res.x[:n], res.x[n], res.multipliers["ineq"]
    svc = SVC(kernel="linear", C=1e6, tol=1e-10).fit(X, y)
    # the hard-margin solution equals the soft-margin one once C exceeds every multiplier, so the only
    # differences are libsvm's stopping tolerance (1e-10 on its KKT violation) and ours (1e-7): 1e-5 covers both
    assert np.max(np.abs(w - svc.coef_[0])) < 1e-5 and abs(b - svc.intercept_[0]) < 1e-5
    assert abs(2 / np.linalg.norm(w) - 2 / np.linalg.norm(svc.coef_[0])) < 1e-5
    support = np.nonzero(zeta > 1e-6)[0]
    assert support.tolist() == sorted(svc.support_.tolist())
    # libsvm's dual_coef_ is yᵢζᵢ on the support vectors: the multipliers are the dual variables
    assert np.max(np.abs(y[support] * zeta[support] - svc.dual_coef_[0][np.argsort(svc.support_)])) < 1e-5
    # support vectors are the active constraints: yᵢ(wᵀxᵢ + b) = 1 there, > 1 elsewhere
    margins = y * (X @ w + b)
    assert np.all(np.abs(margins[support] - 1) < 1e-6) and np.all(np.delete(margins, support) > 1 + 1e-3)


def test_svm_dual_gives_the_same_w():
    X, y = svm_data()
    K = (y[:, None] * X) @ (y[:, None] * X).T
    # minimize ½ζᵀKζ − Σζ s.t. yᵀζ = 0, ζ >= 0; then w = Σ ζᵢyᵢxᵢ
    res = minimize_constrained(lambda z: 0.5 * z @ K @ z - z.sum(), np.zeros(len(y)), grad=lambda z: K @ z - 1,
                               eq=lambda z: np.array([y @ z]), ineq=lambda z: z)
    primal = minimize_constrained(lambda v: 0.5 * v[:2] @ v[:2], np.zeros(3), ineq=lambda v: y * (X @ v[:2] + v[2]) - 1)
    assert res.status_name == "converged"
    assert np.max(np.abs((res.x * y) @ X - primal.x[:2])) < 1e-5
    # strong duality: the dual optimum is minus the primal one
    assert abs(res.fun + primal.fun) < 1e-6
