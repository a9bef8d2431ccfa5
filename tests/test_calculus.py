import numpy as np
import pytest

from lessonlib.calculus import check_gradient, derivative, gradient, hessian, second_derivative
from lessonlib.problems import rosenbrock


def test_derivative_accuracy():
    assert derivative(np.exp, 1.0) == pytest.approx(np.e, rel=1e-9)
    assert derivative(lambda x: x**2 - 4 * x + 5, 2.0) == pytest.approx(0.0, abs=1e-9)
    assert second_derivative(lambda x: x**4 - 4 * x**2 + 1, np.sqrt(2)) == pytest.approx(16.0, rel=1e-6)
    assert derivative(np.exp, 30.0) == pytest.approx(np.exp(30.0), rel=1e-8)  # step scales with |x|


def test_derivative_elementwise():
    xs = np.linspace(-1, 1, 5)
    assert np.allclose(derivative(np.sin, xs), np.cos(xs), atol=1e-9)


def test_gradient_and_hessian_on_rosenbrock():
    p = rosenbrock(3)
    x = np.array([0.3, -0.2, 0.9])
    assert np.allclose(gradient(p.f, x), p.grad(x), rtol=1e-7, atol=1e-7)
    assert np.allclose(hessian(p.f, x), p.hess(x), rtol=1e-4, atol=1e-3)
    assert np.allclose(hessian(p.f, x, grad=p.grad), p.hess(x), rtol=1e-7, atol=1e-6)


def test_check_gradient_detects_a_wrong_gradient():
    p = rosenbrock()
    x = np.array([0.5, 0.5])
    assert check_gradient(p.f, p.grad, x) < 1e-8
    assert check_gradient(p.f, lambda x: 1.01 * p.grad(x), x) == pytest.approx(0.01 / 1.01, rel=1e-4)
    assert check_gradient(lambda x: 0.0, lambda x: np.zeros(2), x) == 0.0
