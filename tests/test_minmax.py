"""Tests of lessonlib.minmax: the four methods on the bilinear game f(x, y) = xy and bad input."""

import numpy as np
import pytest

from lessonlib.minmax import bilinear_rates, extragradient, gda, optimistic_gda

GX = lambda x, y: y   # noqa: E731  ∂(xy)/∂x
GY = lambda x, y: x   # noqa: E731  ∂(xy)/∂y


def _dist(res):
    return np.linalg.norm(res.path, axis=1)


@pytest.mark.parametrize("eta", [0.05, 0.2, 0.5, 1.0])
def test_simultaneous_gda_grows_by_sqrt_one_plus_eta_squared_every_step(eta):
    res = gda(GX, GY, 1.0, 0.5, eta=eta, steps=200)
    d = _dist(res)
    np.testing.assert_allclose(d[1:] / d[:-1], np.sqrt(1 + eta**2), rtol=1e-12, atol=0)


def test_simultaneous_gda_is_reported_diverged_without_warnings():
    res = gda(GX, GY, 1.0, 0.0, eta=0.5, steps=10_000)
    assert res.status_name == "diverged" and not res.success
    assert res.nit < 10_000 and np.all(np.isfinite(res.path))


@pytest.mark.parametrize("eta", [0.1, 0.5, 1.5])
def test_alternating_gda_conserves_its_quadratic_and_stays_bounded(eta):
    res = gda(GX, GY, 1.0, 0.5, eta=eta, steps=5000, alternating=True)
    x, y = res.path_x[:, 0], res.path_y[:, 0]
    q = x**2 + y**2 - eta * x * y
    np.testing.assert_allclose(q, q[0], rtol=1e-10)
    # the conserved quadratic is positive definite for eta < 2, so the iterates stay in a bounded ellipse
    lam_min = 1 - eta / 2
    assert np.max(x**2 + y**2) <= q[0] / lam_min * (1 + 1e-9)
    assert res.status_name == "max_iter"


@pytest.mark.parametrize("eta", [0.1, 0.2, 0.5, 0.9])
def test_extragradient_contracts_by_its_exact_factor(eta):
    res = extragradient(GX, GY, 1.0, 0.5, eta=eta, steps=50)
    d = _dist(res)
    np.testing.assert_allclose(d[1:] / d[:-1], np.sqrt(1 - eta**2 + eta**4), rtol=1e-12, atol=0)
    assert res.njev == 2 * res.nit + 1


@pytest.mark.parametrize("eta", [0.1, 0.2, 0.3])
def test_optimistic_gda_converges_at_the_root_rate(eta):
    res = optimistic_gda(GX, GY, 1.0, 0.5, eta=eta, steps=20_000, tol=1e-300)
    d = _dist(res)
    r = bilinear_rates(eta)["optimistic"]
    j, k = 200, 600
    measured = (d[k] / d[j]) ** (1 / (k - j))
    assert abs(measured / r - 1) < 1e-6
    assert r < 1
    conv = optimistic_gda(GX, GY, 1.0, 0.5, eta=eta, steps=20_000)
    assert conv.status_name == "converged" and conv.success
    assert np.linalg.norm(conv.jac) <= 1e-10


def test_result_fields():
    res = extragradient(lambda x, y: y, lambda x, y: x, [1.0], [2.0], eta=0.1, steps=3)
    assert res.path.shape == (4, 2) and res.path_x.shape == (4, 1) and res.path_y.shape == (4, 1)
    assert res.x.shape == (1,) and res.y.shape == (1,) and res.nit == 3
    # a player with two coordinates: f(x, y) = y·(A x)
    A = np.array([[1.0, 2.0]])
    res = gda(lambda x, y: A.T @ y, lambda x, y: A @ x, [1.0, 0.0], [0.0], eta=0.1, steps=2)
    assert res.path.shape == (3, 3) and res.x.shape == (2,) and res.y.shape == (1,)


@pytest.mark.parametrize("method", [gda, extragradient, optimistic_gda])
def test_bad_input(method):
    with pytest.raises(ValueError, match="eta"):
        method(GX, GY, 1.0, 0.0, eta=0.0, steps=5)
    with pytest.raises(ValueError, match="eta"):
        method(GX, GY, 1.0, 0.0, eta=-1.0, steps=5)
    with pytest.raises(ValueError, match="finite"):
        method(GX, GY, np.nan, 0.0, eta=0.1, steps=5)
    with pytest.raises(ValueError, match="finite"):
        method(GX, GY, 1.0, np.inf, eta=0.1, steps=5)
    with pytest.raises(ValueError, match="shape"):
        method(lambda x, y: np.ones(3), GY, 1.0, 0.0, eta=0.1, steps=5)
    with pytest.raises(ValueError, match="shape"):
        method(GX, GY, 1.0, [[0.0]], eta=0.1, steps=5)
    with pytest.raises(ValueError, match="steps"):
        method(GX, GY, 1.0, 0.0, eta=0.1, steps=0)


def test_nonfinite_gradient_is_a_status_not_a_warning():
    res = gda(lambda x, y: np.log(x - 2.0), GY, 1.0, 0.0, eta=0.1, steps=5)
    assert res.status_name == "nonfinite"
