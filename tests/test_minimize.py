import numpy as np
import pytest

from lessonlib.minimize import minimize
from lessonlib.problems import parabola, rosenbrock


@pytest.mark.parametrize("method", ["bfgs", "BFGS", "lbfgs", "L-BFGS", "newton", "Newton"])
def test_methods_solve_rosenbrock(method):
    res = minimize(rosenbrock(), method=method)
    assert res.success and np.allclose(res.x, 1.0, atol=1e-4)


def test_plain_function_with_jac_and_hess():
    p = rosenbrock()
    res = minimize(p.f, p.x0, method="newton", jac=p.grad, hess=p.hess, maxiter=50, gtol=1e-12)
    assert res.success and res.nit <= 10 and np.linalg.norm(res.jac) <= 1e-12


def test_gd_options_pass_through():
    res = minimize(parabola(), method="gd", eta=0.1, tol=1e-10)
    assert res.success and res.x[0] == pytest.approx(2.0)


def test_errors():
    with pytest.raises(ValueError, match="unknown method"):
        minimize(rosenbrock(), method="nelder-mead")
    with pytest.raises(ValueError, match="hess is only used"):
        minimize(rosenbrock(), method="bfgs", hess=rosenbrock().hess)
