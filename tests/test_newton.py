import numpy as np
import pytest
from scipy.optimize import minimize as scipy_minimize

from lessonlib.newton import newton, newton_1d, newton_direction
from lessonlib.result import STATUS
from lessonlib.problems import (beale, double_well, himmelblau, ill_conditioned_quadratic, logistic_regression,
                                parabola, quadratic, rosenbrock, saddle, wood)


def test_one_step_on_a_quadratic():
    for p in (ill_conditioned_quadratic(1e6, n=5), parabola(), quadratic([[4.0, 1.0], [1.0, 3.0]], b=[1.0, 2.0])):
        res = newton(p)
        assert res.nit == 1 and res.success
        assert np.allclose(res.x, p.minimizer, rtol=1e-10, atol=1e-12)


def test_quadratic_convergence_on_rosenbrock():
    p = rosenbrock()
    res = newton(p, x0=[1.2, 1.2])  # PD Hessian along the way
    e = np.linalg.norm(res.path - p.minimizer, axis=1)
    e = e[e > 1e-14]
    ratios = e[1:] / e[:-1] ** 2
    assert res.success and len(e) >= 4
    assert np.all(ratios[-3:] < 1e3)  # e_{k+1} <= C e_k^2
    assert e[-1] < 1e-8


def test_newton_1d_digits_double():
    res = newton_1d(lambda x: 4 * x**3 - 8 * x, lambda x: 12 * x**2 - 8, 1.2)
    e = np.abs(res.path[:, 0] - np.sqrt(2))
    assert res.success and np.all(e[2:5] <= 2 * e[1:4] ** 2)
    assert np.isnan(res.fun) and res.nfev == 0


def test_pure_newton_walks_to_the_maximum_and_says_so():
    res = newton(double_well(), x0=0.5)
    assert abs(res.x[0]) < 1e-12 and abs(res.jac[0]) <= 1e-10  # a stationary point ...
    assert not res.success and res.status_name == "not_minimum" and res.status == STATUS["not_minimum"]
    assert "signs (-): a maximum" in res.message and "did not point downhill" in res.message  # ... a maximum
    assert res.path[1, 0] == pytest.approx(-0.2)  # 0.5 - (-3.5) / (-5)
    for modify in ("eigen", "levenberg"):
        fixed = newton(double_well(), x0=0.5, modify=modify, line_search="armijo")
        assert fixed.success and fixed.x[0] == pytest.approx(np.sqrt(2)) and "downhill" not in fixed.message


def test_line_search_refuses_uphill_direction():
    res = newton(double_well(), x0=0.5, line_search="armijo")
    assert res.status_name == "not_descent" and res.nit == 0 and "step 0" in res.message


def test_singular_hessian_is_reported():
    p = quadratic(np.diag([1.0, 0.0]), b=[1.0, 1.0], x0=[0.0, 0.0])
    res = newton(p)
    assert res.status_name == "singular_hessian" and not res.success
    assert res.message.startswith("the Hessian is singular at step 0")
    with pytest.raises(np.linalg.LinAlgError):
        newton_direction(np.ones(2), np.zeros((2, 2)))


def test_saddle_pure_newton_lands_on_the_saddle():
    res = newton(saddle(), x0=[1.0, 1.0])
    assert res.nit == 1 and np.allclose(res.x, 0) and "did not point downhill" in res.message


@pytest.mark.parametrize("p", [rosenbrock(), beale(), himmelblau(), wood()], ids=lambda p: p.name)
@pytest.mark.parametrize("line_search", ["armijo", "wolfe"])
def test_modified_newton_with_line_search_matches_scipy(p, line_search):
    res = newton(p, line_search=line_search, modify="eigen", tol=1e-9)
    ref = scipy_minimize(p.f, p.x0, jac=p.grad, hess=p.hess, method="trust-exact", options={"gtol": 1e-10})
    assert res.success
    if np.linalg.norm(ref.x - res.x) > 1e-5:  # different local minima (Himmelblau): both critical and minima
        assert np.all(np.linalg.eigvalsh(p.hess(res.x)) > 0)
    else:
        assert np.allclose(res.x, ref.x, atol=1e-6)


def test_newton_on_logistic_regression():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(50, 3))
    y = (X[:, 0] - X[:, 1] + 0.5 * rng.normal(size=50) > 0).astype(float)
    res = newton(logistic_regression(X, y, l2=0.01, fit_intercept=True), line_search="armijo")
    assert res.success and res.nit < 15 and res.nhev == res.nit + 1  # + the check at x


def test_finite_difference_hessian_when_missing():
    p = rosenbrock()
    res = newton(p.f, p.x0, grad=p.grad, line_search="armijo", modify="eigen")
    assert res.success and np.allclose(res.x, 1.0, atol=1e-6) and res.nhev == res.nit + 1


def test_bad_options_and_shapes():
    with pytest.raises(ValueError, match="line_search"):
        newton(rosenbrock(), line_search="exact")
    with pytest.raises(ValueError, match="modify"):
        newton(rosenbrock(), modify="cholesky")
    with pytest.raises(ValueError, match="square"):
        newton(lambda x: x @ x, np.ones(2), grad=lambda x: 2 * x, hess=lambda x: np.eye(3))
    with pytest.raises(ValueError, match="max_iter"):
        newton(rosenbrock(), max_iter=0)


def test_pure_newton_lands_on_a_saddle_and_says_so():
    res = newton(saddle(), x0=[1.0, 1.0])  # x² − y²: one step to the saddle at the origin
    assert res.nit == 1 and np.allclose(res.x, 0.0)
    assert not res.success and res.status_name == "not_minimum"
    assert "signs (+, -): a saddle point" in res.message


def test_newton_1d_at_a_maximum_says_so():
    res = newton_1d(lambda x: 4 * x**3 - 8 * x, lambda x: 12 * x**2 - 8, 0.5)
    assert abs(res.x[0]) < 1e-12 and res.status_name == "not_minimum" and "a maximum" in res.message


def test_a_start_at_a_saddle_is_not_a_minimum():
    res = newton(saddle(), x0=[0.0, 0.0], line_search="armijo", modify="eigen")
    assert res.nit == 0 and res.status_name == "not_minimum" and res.nhev == 1


def test_a_semidefinite_minimum_still_converges():
    # f = x⁴ + y²: the Hessian at the minimizer is diag(0, 2), positive semidefinite: not ruled out
    res = newton(lambda x: x[0] ** 4 + x[1] ** 2, [1.0, 1.0], grad=lambda x: np.array([4 * x[0] ** 3, 2 * x[1]]),
                 hess=lambda x: np.diag([12 * x[0] ** 2, 2.0]), tol=1e-12)
    assert res.success and res.status_name == "converged"
