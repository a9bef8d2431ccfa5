import numpy as np
import pytest

from lessonlib.problems import lesson_quadratic, parabola, rosenbrock
from lessonlib.taylor import linear_model, predicted_decrease, quadratic_model, remainder_bound, taylor_polynomial


def test_taylor_polynomial_of_exp_and_sin():
    p = taylor_polynomial([1.0] * 8, 0.0)
    assert p(0.5) == pytest.approx(np.exp(0.5), abs=1e-6)
    s = taylor_polynomial([0.0, 1.0, 0.0, -1.0], 0.0)  # sin to third order
    xs = np.linspace(-0.5, 0.5, 11)
    assert np.allclose(s(xs), xs - xs**3 / 6)


def test_sqrt_tangent_error_within_remainder_bound():
    m = linear_model(np.sqrt, lambda x: 0.5 / np.sqrt(x), 4.0)
    assert m(4.1) == pytest.approx(2.025)
    err = abs(m(4.1) - np.sqrt(4.1))
    assert err == pytest.approx(1.5e-4, rel=0.05)
    assert err <= remainder_bound(0.25 * 4.0**-1.5, 0.1)


def test_linear_model_error_grows_quadratically():
    p = rosenbrock()
    m = linear_model(p.f, p.grad, p.x0)
    d = np.array([0.6, 0.8])
    e1, e2 = abs(m(p.x0 + 1e-3 * d) - p.f(p.x0 + 1e-3 * d)), abs(m(p.x0 + 2e-3 * d) - p.f(p.x0 + 2e-3 * d))
    assert e2 / e1 == pytest.approx(4.0, rel=0.01)


def test_quadratic_model_is_exact_on_quadratics():
    p = lesson_quadratic()
    m = quadratic_model(p.f, p.grad, p.hess, p.x0)
    for x in ([0.0, 0.0], [3.0, -1.0]):
        assert m(np.array(x)) == pytest.approx(p.f(np.array(x)))
    q = parabola()
    m1 = quadratic_model(q.f, q.grad, q.hess, 0.0)  # 1-D, scalar x0
    assert m1(7.0) == pytest.approx(q.f(7.0))


def test_predicted_decrease_and_guarantee():
    p = lesson_quadratic()
    g = p.grad(p.x0)
    for eta in (0.1, 0.3, 0.49, 0.51):
        first, second = predicted_decrease(g, eta, 4.0)
        true = p.f(p.x0 - eta * g) - p.f(p.x0)
        assert first <= true <= first + second + 1e-12
        assert (first + second < 0) == (eta < 2 / 4.0)


def test_remainder_bound_orders():
    assert remainder_bound(6.0, 0.5, order=2) == pytest.approx(6.0 * 0.125 / 6)
    assert np.allclose(remainder_bound(2.0, np.array([0.1, -0.2])), [0.01, 0.04])
