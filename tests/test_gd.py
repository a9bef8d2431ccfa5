import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessonlib.gd import gradient_descent, optimal_rate, optimal_step, rate, regime, update_factors
from lessonlib.problems import lesson_quadratic, parabola, quadratic, rosenbrock, square


def test_parabola_worked_example():
    res = gradient_descent(parabola(), 0.0, eta=0.1, max_iter=20)
    # x_k = 2 - 2 * 0.8**k
    assert np.allclose(res.path[:, 0], 2 - 2 * 0.8 ** np.arange(21))
    assert res.nit == 20 and res.status_name == "max_iter"
    res = gradient_descent(parabola(), 0.0, eta=0.1)
    assert res.success and res.x[0] == pytest.approx(2.0, abs=1e-8) and res.fun == pytest.approx(1.0)


def test_plain_callables_and_scalar_x0():
    res = gradient_descent(lambda x: (x[0] - 3) ** 2, 0.0, eta=0.25, grad=lambda x: 2 * (x - 3))
    assert res.success and res.x.shape == (1,) and float(res.x[0]) == pytest.approx(3.0)


def test_x_squared_regimes():
    assert regime(1.0, [2.0]) == "oscillate" and regime(1.5, [2.0]) == "diverge"
    assert regime(0.001, [2.0]) == "slow" and regime(0.4, [2.0]) == "converge"
    res = gradient_descent(square(), 1.0, eta=1.0, max_iter=50)
    assert res.status_name == "max_iter" and set(np.abs(res.path[:, 0])) == {1.0}
    res = gradient_descent(square(), 1.0, eta=1.5, max_iter=10_000)
    assert res.status_name == "diverged" and res.nit < 40 and res.message.startswith("diverged at step")


def test_divergence_within_max_iter_is_reported():
    res = gradient_descent(square(), 1.0, eta=1.5, max_iter=10)
    assert res.status_name == "diverged" and "rose" in res.message


def test_optimal_step_and_rate_for_lesson_quadratic():
    lam = [1.0, 4.0]
    assert optimal_step(lam) == pytest.approx(0.4) and optimal_rate(lam) == pytest.approx(0.6)
    assert rate(0.4, lam) == pytest.approx(0.6)
    assert np.allclose(update_factors(0.4, lam), [0.6, -0.6])
    res = gradient_descent(lesson_quadratic(), eta=0.4, max_iter=5, tol=0.0)
    err = np.linalg.norm(res.path, axis=1)
    assert np.allclose(err[1:] / err[:-1], 0.6)


def test_regime_rejects_nonpositive_eta():
    with pytest.raises(ValueError, match="eta"):
        regime(0.0, [1.0])


@pytest.mark.parametrize("eta", [0.0, -0.1, float("nan")])
def test_gradient_descent_rejects_bad_eta(eta):
    with pytest.raises(ValueError, match="eta must be > 0"):
        gradient_descent(parabola(), eta=eta)


def test_gradient_descent_bad_inputs():
    with pytest.raises(ValueError, match="max_iter"):
        gradient_descent(parabola(), max_iter=0)
    with pytest.raises(ValueError, match="x0"):
        gradient_descent(rosenbrock(), x0=np.ones((2, 1)))
    with pytest.raises(ValueError, match="finite"):
        gradient_descent(rosenbrock(), x0=[np.nan, 1.0])
    with pytest.raises(ValueError, match="shape"):
        gradient_descent(lambda x: x @ x, np.ones(2), grad=lambda x: np.ones(3))


def test_nonfinite_function_value():
    # sqrt is nan below 0, where the first step (x = 0.5 - 1) lands
    res = gradient_descent(lambda x: np.sqrt(x[0]), [0.5], eta=1.0, grad=lambda x: np.ones(1))
    assert res.status_name == "nonfinite" and "step 1" in res.message and res.nit == 1


def test_no_overflow_warning_when_diverging_on_quartic():
    # pytest turns RuntimeWarning into errors: overflow must be prevented or silenced
    res = gradient_descent(lambda x: x[0] ** 4, [2.0], eta=1.0, grad=lambda x: 4 * x**3, max_iter=1000)
    assert res.status_name == "diverged"


def _spd(draw_eigs, angles):
    n = len(draw_eigs)
    Q, _ = np.linalg.qr(np.reshape(angles, (n, n)))
    return Q @ np.diag(draw_eigs) @ Q.T, Q


spd = st.integers(1, 5).flatmap(lambda n: st.tuples(
    st.lists(st.floats(0.1, 10.0), min_size=n, max_size=n),
    st.lists(st.floats(-1, 1).filter(lambda v: abs(v) > 1e-3), min_size=n * n, max_size=n * n),
    st.lists(st.floats(0.5, 2.0), min_size=n, max_size=n),
))


@settings(max_examples=40, deadline=None)
@given(spd, st.floats(0.02, 0.98))
def test_gd_contracts_below_two_over_lambda_max(data, u):
    eigs, angles, c = data
    A, Q = _spd(eigs, angles)
    eta = u * 2 / max(eigs)
    r = rate(eta, eigs)
    assert r < 1
    p = quadratic((A + A.T) / 2, x0=Q @ np.array(c))
    res = gradient_descent(p, eta=eta, max_iter=30, tol=0.0)
    err = np.linalg.norm(res.path, axis=1)  # minimizer is 0
    assert np.all(err[1:] <= r * err[:-1] * (1 + 1e-9) + 1e-13 * err[0])  # up to rounding
    assert res.status_name in ("max_iter", "converged") and err[-1] < err[0]


@settings(max_examples=40, deadline=None)
@given(spd, st.floats(1.05, 3.0))
def test_gd_diverges_above_two_over_lambda_max(data, u):
    eigs, angles, c = data
    A, Q = _spd(eigs, angles)
    eta = u * 2 / max(eigs)
    assert regime(eta, eigs) == "diverge"
    p = quadratic((A + A.T) / 2, x0=Q @ np.array(c))
    res = gradient_descent(p, eta=eta, max_iter=2000)
    assert res.status_name == "diverged" and res.message.startswith("diverged at step")
