import numpy as np
import pytest
from scipy.optimize import rosen, rosen_der, rosen_hess

from lessonlib.calculus import check_gradient, hessian
from lessonlib.problems import (HIMMELBLAU_MINIMA, beale, double_well, himmelblau, ill_conditioned_quadratic,
                                lesson_quadratic, logistic_regression, parabola, powell_singular, quadratic,
                                rosenbrock, saddle, square, wood)

RNG = np.random.default_rng(0)
ND_PROBLEMS = [rosenbrock(), rosenbrock(5), beale(), himmelblau(), powell_singular(), wood(), saddle(),
               lesson_quadratic(), ill_conditioned_quadratic(1e3, n=4),
               logistic_regression(RNG.normal(size=(20, 3)), RNG.integers(0, 2, 20), l2=0.1, fit_intercept=True)]


@pytest.mark.parametrize("p", ND_PROBLEMS, ids=lambda p: p.name)
def test_derivatives_match_finite_differences(p):
    x = p.x0 + 0.3 * RNG.normal(size=p.n)
    assert isinstance(p.f(x), float)
    assert check_gradient(p.f, p.grad, x) < 1e-7
    H = p.hess(x)
    assert H.shape == (p.n, p.n) and np.allclose(H, H.T)
    assert np.allclose(H, hessian(p.f, x, grad=p.grad), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("p", [q for q in ND_PROBLEMS if q.minimizer is not None], ids=lambda p: p.name)
def test_minimizer_is_critical_with_known_value(p):
    assert np.allclose(p.grad(p.minimizer), 0.0, atol=1e-9)
    assert p.f(p.minimizer) == pytest.approx(p.fmin, abs=1e-12)


def test_rosenbrock_matches_scipy_and_is_vectorised():
    x = RNG.normal(size=7)
    p = rosenbrock(7)
    assert p.f(x) == pytest.approx(rosen(x))
    assert np.allclose(p.grad(x), rosen_der(x)) and np.allclose(p.hess(x), rosen_hess(x))
    assert p.x0.tolist() == [-1.2, 1.0, -1.2, 1.0, -1.2, 1.0, -1.2]
    big = rosenbrock(10**5)
    assert big.f(np.ones(10**5)) == 0.0 and big.grad(big.x0).shape == (10**5,)


def test_contour_grids_evaluate_pointwise():
    X, Y = np.meshgrid(np.linspace(-2, 2, 5), np.linspace(-1, 3, 4))
    for p in (rosenbrock(), beale(), himmelblau(), saddle(), lesson_quadratic()):
        Z = p.f(np.array([X, Y]))
        assert Z.shape == X.shape
        assert Z[1, 2] == pytest.approx(p.f(np.array([X[1, 2], Y[1, 2]])))


def test_himmelblau_minima():
    p = himmelblau()
    for m in HIMMELBLAU_MINIMA:
        assert abs(p.f(m)) < 1e-20 and np.allclose(p.grad(m), 0, atol=1e-10)
        assert np.all(np.linalg.eigvalsh(p.hess(m)) > 0)


def test_quadratic_minimizer_and_validation():
    p = quadratic([[3.0, 1.0], [1.0, 2.0]], b=[1.0, -1.0], c=2.0)
    assert np.allclose(p.grad(p.minimizer), 0) and p.f(p.minimizer) == pytest.approx(p.fmin)
    assert quadratic(np.diag([1.0, -1.0])).minimizer is None
    with pytest.raises(ValueError, match="square"):
        quadratic(np.ones((2, 3)))
    with pytest.raises(ValueError, match="symmetric"):
        quadratic([[1.0, 2.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="shape"):
        quadratic(np.eye(2), b=[1.0, 2.0, 3.0])


def test_ill_conditioned_quadratic_has_condition_number_kappa():
    H = ill_conditioned_quadratic(1e3, n=10).hess(None)
    lam = np.linalg.eigvalsh(H)
    assert lam[-1] / lam[0] == pytest.approx(1e3)
    assert lesson_quadratic().f(np.array([1.0, 1.0])) == 2.5


def test_one_variable_problems():
    p = parabola()
    assert p.f(0.0) == 5.0 and p.f(np.array([2.0])) == 1.0 and isinstance(p.f(np.array([2.0])), float)
    assert p.grad(np.array([0.0])).shape == (1,) and p.hess(np.array([0.0])).shape == (1, 1)
    assert p.df(2.0) == 0.0 and p.d2f(2.0) == 2.0
    assert np.allclose(p.f(np.array([0.0, 2.0, 4.0])), [5.0, 1.0, 5.0])
    w = double_well()
    assert w.df(0.0) == 0.0 and w.d2f(0.0) == -8.0 and w.d2f(np.sqrt(2)) == pytest.approx(16.0)
    assert w.f(np.sqrt(2)) == pytest.approx(-3.0)
    assert square().f(3.0) == 9.0 and square().df(3.0) == 6.0
    with pytest.raises(ValueError):
        p.hess(np.zeros(2))


def test_logistic_regression_is_stable_and_matches_sklearn():
    from sklearn.linear_model import LogisticRegression

    X = RNG.normal(size=(60, 3))
    y = (X @ [1.0, -2.0, 0.5] + 0.3 * RNG.normal(size=60) > 0).astype(float)
    C = 10.0
    p = logistic_regression(X, y, l2=1 / (C * len(y)), fit_intercept=True)
    w_sk = LogisticRegression(C=C, tol=1e-10, max_iter=1000).fit(X, y)
    w = np.append(w_sk.coef_.ravel(), w_sk.intercept_)
    assert np.linalg.norm(p.grad(w)) < 1e-5
    huge = logistic_regression(np.array([[1000.0], [-1000.0]]), [0, 1])
    assert huge.f(np.array([1.0])) == pytest.approx(1000.0) and np.all(np.isfinite(huge.grad(np.array([1.0]))))


def test_logistic_regression_loss_on_a_grid_is_each_points_loss():
    """Points stacked on the first axis (a contour plot's grid) get each their own loss, penalty included."""
    X = RNG.normal(size=(40, 1))
    y = (X[:, 0] + 0.5 * RNG.normal(size=40) > 0).astype(float)
    p = logistic_regression(X, y, l2=0.3, fit_intercept=True)
    W, B = np.meshgrid(np.linspace(-3, 3, 7), np.linspace(-2, 2, 5))
    grid = p.f(np.array([W, B]))
    assert grid.shape == W.shape
    pointwise = [[p.f(np.array([W[i, j], B[i, j]])) for j in range(7)] for i in range(5)]
    np.testing.assert_allclose(grid, pointwise, rtol=1e-13)
    assert grid[2, 3] == pytest.approx(np.log(2.0))  # w = b = 0: log 2 and no penalty


def test_logistic_regression_validation():
    with pytest.raises(ValueError, match="2-D"):
        logistic_regression(np.ones(3), [0, 1, 1])
    with pytest.raises(ValueError, match="0 and 1"):
        logistic_regression(np.ones((2, 1)), [0, 2])
    with pytest.raises(ValueError, match="shape"):
        logistic_regression(np.ones((2, 1)), [0, 1, 1])


@pytest.mark.parametrize("n", [4, 5, 7])
def test_chained_rosenbrock_has_a_second_local_minimizer(n):
    # the docstring of rosenbrock: for n >= 4 a local minimizer with x1 < 0 and f between 3.7 and 4
    from lessonlib.quasi_newton import bfgs

    p = rosenbrock(n)
    res = bfgs(p, x0=np.r_[-1.0, np.ones(n - 1)])
    assert res.success and res.x[0] < 0 and 3.7 <= res.fun < 4.0
    assert np.all(np.linalg.eigvalsh(p.hess(res.x)) > 0)   # a minimizer, not a saddle
