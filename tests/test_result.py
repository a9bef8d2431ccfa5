import numpy as np
import pytest

from lessonlib.problems import parabola, rosenbrock
from lessonlib.result import STATUS, OptimizeResult, Run


def test_result_attribute_and_key_access():
    res = OptimizeResult(x=np.zeros(2), nit=4, values=np.ones(3))
    assert res.nit == res["nit"] == 4 and res.values.shape == (3,)
    res.fun = 1.5
    assert res["fun"] == 1.5 and "fun" in res and dict(res)["nit"] == 4
    with pytest.raises(AttributeError):
        res.missing
    assert "nit" in repr(res)


def test_run_counts_evaluations_and_records_path():
    run = Run(rosenbrock(), max_iter=3, tol=0.0)
    x = run.x
    for k in run.iterations():
        x, fx, g = run.accept(x - 1e-4 * run.jac)
    res = run.result()
    assert (res.nit, res.nfev, res.njev, res.nhev) == (3, 4, 4, 0)
    assert res.path.shape == (4, 2) and res.values.shape == (4,)
    assert res.values[-1] < res.values[0]
    assert res.status_name == "max_iter" and res.status == STATUS["max_iter"] and not res.success


def test_scalar_x0_gives_shape_one():
    run = Run(parabola(), x0=3.0)
    assert run.x.shape == (1,) and run.result().x.item() == 3.0


def test_record_path_false_keeps_no_path():
    run = Run(rosenbrock(), record_path=False, max_iter=1)
    for k in run.iterations():
        run.accept(run.x - 1e-4 * run.jac)
    assert run.result().path is None


@pytest.mark.parametrize("x0", [np.zeros((2, 2)), np.array([1.0, np.nan]), np.array([np.inf, 0.0]), []])
def test_bad_x0_raises(x0):
    with pytest.raises(ValueError, match="x0"):
        Run(rosenbrock(), x0=x0)


def test_missing_x0_for_plain_function_raises():
    with pytest.raises(ValueError, match="x0 is required"):
        Run(lambda x: x @ x, grad=lambda x: 2 * x)


@pytest.mark.parametrize("max_iter", [0, -3, 2.5])
def test_bad_max_iter_raises(max_iter):
    with pytest.raises(ValueError, match="max_iter"):
        Run(rosenbrock(), max_iter=max_iter)


def test_grad_of_wrong_shape_raises():
    with pytest.raises(ValueError, match=r"grad must return an array of shape \(2,\)"):
        Run(lambda x: x @ x, np.ones(2), grad=lambda x: np.ones(3))


def test_hess_not_square_raises():
    run = Run(lambda x: x @ x, np.ones(2), grad=lambda x: 2 * x, hess=lambda x: np.ones((2, 3)))
    with pytest.raises(ValueError, match="square"):
        run.hess(run.x)


def test_f_returning_array_raises():
    with pytest.raises(ValueError, match="f must return a number"):
        Run(lambda x: x, np.ones(2), grad=lambda x: np.ones(2))


def test_nonfinite_f_gives_status_naming_the_step():
    f = lambda x: float("nan") if x[0] < 0.5 else float(x @ x)  # noqa: E731
    run = Run(f, np.ones(1), grad=lambda x: 2 * x, tol=0.0)
    x = run.x
    for k in run.iterations():
        x, fx, g = run.accept(x - 0.3 * run.jac)  # x = 1, 0.4: f is nan at step 1
    res = run.result()
    assert res.status_name == "nonfinite" and res.message == "f returned nan at step 1" and res.nit == 1


def test_finite_difference_gradient_when_none_given():
    run = Run(lambda x: float(np.sum((x - 1) ** 2)), np.zeros(3))
    assert np.allclose(run.jac, -2.0, atol=1e-8)
    assert run.nfev == 1 + 6 and run.njev == 1
