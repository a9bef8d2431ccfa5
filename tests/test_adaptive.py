"""Momentum and adaptive methods: hand-computed steps, the heavy-ball rate, Adam's bias correction."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessonlib import adaptive
from lessonlib.adaptive import adagrad, adam, gd, heavy_ball_optimal, momentum, nesterov, rmsprop, run
from lessonlib.gd import gradient_descent
from lessonlib.problems import ill_conditioned_quadratic, lesson_quadratic, rosenbrock
from lessonlib.schedules import step_decay

G1 = np.array([2.0, -1.0])
G2 = np.array([1.0, 1.0])


def two_steps(opt):
    state = opt.init(np.zeros(2))
    s1, state = opt.update(G1, state)
    s2, state = opt.update(G2, state)
    assert state.k == 2
    return s1, s2


# Expected values worked out by hand (η = 0.1; see the comments for the arithmetic).
HAND = {
    # step = −η g
    "gd": (gd(0.1), [-0.2, 0.1], [-0.1, -0.1]),
    # v1 = −0.1·g1 = (−0.2, 0.1);  v2 = 0.5·v1 − 0.1·g2 = (−0.2, −0.05)
    "momentum": (momentum(0.1, beta=0.5), [-0.2, 0.1], [-0.2, -0.05]),
    # step1 = 0.5·v1 − 0.1·g1 = (−0.3, 0.15);  step2 = 0.5·v2 − 0.1·g2 = (−0.2, −0.125)
    "nesterov": (nesterov(0.1, beta=0.5), [-0.3, 0.15], [-0.2, -0.125]),
    # G1 = (4, 1): step1 = −0.1·(2/2, −1/1);  G2 = (5, 2): step2 = −0.1·(1/√5, 1/√2)
    "adagrad": (adagrad(0.1, eps=0.0), [-0.1, 0.1], [-0.0447213595, -0.0707106781]),
    # s1 = 0.5·(4, 1) = (2, 0.5): step1 = −0.1·(2/√2, −1/√0.5);
    # s2 = 0.5·s1 + 0.5·(1, 1) = (1.5, 0.75): step2 = −0.1·(1/√1.5, 1/√0.75)
    "rmsprop": (rmsprop(0.1, rho=0.5, eps=0.0), [-0.1414213562, 0.1414213562], [-0.0816496581, -0.1154700538]),
    # t = 1: m̂ = g1, v̂ = g1², step1 = −0.1·sign(g1);
    # t = 2: m = (1, 0.25), v = (1, 0.4375); m̂ = m/0.75 = (4/3, 1/3), v̂ = v/0.4375 = (16/7, 1)
    #        step2 = −0.1·(4/3 / √(16/7), 1/3) = (−0.0881917104, −0.0333333333)
    "adam": (adam(0.1, beta1=0.5, beta2=0.75, eps=0.0), [-0.1, 0.1], [-0.0881917104, -0.0333333333]),
}


@pytest.mark.parametrize("name", HAND)
def test_first_two_steps_match_hand_computation(name):
    opt, first, second = HAND[name]
    s1, s2 = two_steps(opt)
    np.testing.assert_allclose(s1, first, atol=1e-10)
    np.testing.assert_allclose(s2, second, atol=1e-10)


def test_update_takes_the_iterate_as_optional_third_argument_like_optax():
    opt = adam(0.1)
    a, _ = opt.update(G1, opt.init(np.zeros(2)))
    b, _ = opt.update(G1, opt.init(np.zeros(2)), np.ones(2))
    np.testing.assert_array_equal(a, b)


def test_momentum_is_polyaks_two_step_recurrence():
    p = lesson_quadratic()
    eta, beta = 0.2, 0.7
    res = run(momentum(eta, beta), p, max_iter=30, tol=0.0)
    x_prev, x = p.x0.copy(), p.x0.copy()
    for k in range(30):
        x, x_prev = x - eta * p.grad(x) + beta * (x - x_prev), x
        np.testing.assert_allclose(res.path[k + 1], x, rtol=1e-12, atol=1e-14)


def test_nesterov_tracks_the_look_ahead_point_of_sutskevers_form():
    """Sutskever et al.: v ← βv − η∇f(x + βv), x ← x + v. Our iterate is y = x + βv."""
    p = lesson_quadratic()
    eta, beta = 0.1, 0.9
    res = run(nesterov(eta, beta), p, max_iter=40, tol=0.0)
    x, v = p.x0.copy(), np.zeros(2)
    for k in range(40):
        v = beta * v - eta * p.grad(x + beta * v)
        x = x + v
        np.testing.assert_allclose(res.path[k + 1], x + beta * v, rtol=1e-12, atol=1e-14)


def test_nesterov_is_nesterovs_1983_scheme_with_constant_momentum():
    """y_k = x_k + β(x_k − x_{k−1}), x_{k+1} = y_k − η∇f(y_k); our iterates are the y_k."""
    p = rosenbrock()
    eta, beta = 1e-3, 0.8
    res = run(nesterov(eta, beta), p, max_iter=25, tol=0.0)
    x_prev = x = p.x0.copy()
    for k in range(25):
        y = x + beta * (x - x_prev)
        np.testing.assert_allclose(res.path[k], y, rtol=1e-12, atol=1e-14)
        x, x_prev = y - eta * p.grad(y), x


def test_gd_optimizer_matches_gradient_descent():
    p = lesson_quadratic()
    a = run(gd(0.3), p, max_iter=50)
    b = gradient_descent(p, eta=0.3, max_iter=50)
    np.testing.assert_array_equal(a.path, b.path)
    assert (a.nit, a.nfev, a.njev, a.status_name) == (b.nit, b.nfev, b.njev, b.status_name)


def test_heavy_ball_optimal_parameters_formulas():
    eta, beta, rate = heavy_ball_optimal(1.0, 100.0)
    assert eta == pytest.approx(4 / 121)
    assert beta == pytest.approx((9 / 11) ** 2)
    assert rate == pytest.approx(9 / 11) == pytest.approx(np.sqrt(beta))
    with pytest.raises(ValueError):
        heavy_ball_optimal(2.0, 1.0)
    with pytest.raises(ValueError):
        heavy_ball_optimal(0.0, 1.0)


def measured_rate(path, start, stop):
    """The per-step contraction of ‖x_k‖ (minimizer 0), from a least-squares line through log‖x_k‖."""
    k = np.arange(start, stop + 1)
    slope = np.polyfit(k, np.log(np.linalg.norm(path[start:stop + 1], axis=1)), 1)[0]
    return float(np.exp(slope))


def test_heavy_ball_converges_at_the_predicted_rate():
    p = ill_conditioned_quadratic(100.0, n=10)        # eigenvalues log-spaced in [1, 100]
    eta, beta, rate = heavy_ball_optimal(1.0, 100.0)
    hb = run(momentum(eta, beta), p, max_iter=200, tol=0.0)
    measured = measured_rate(hb.path, 100, 200)
    # The extreme eigenvalues give a double root: error ~ k·rateᵏ, so the fit sits a little above.
    assert rate <= measured <= rate * 1.02
    gd_rate = (100 - 1) / (100 + 1)
    plain = run(gd(2 / 101), p, max_iter=200, tol=0.0)
    assert measured_rate(plain.path, 100, 200) == pytest.approx(gd_rate, abs=2e-3)
    assert measured < gd_rate - 0.15


@settings(max_examples=50, deadline=None)
@given(mu=st.floats(0.01, 10.0), kappa=st.floats(1.5, 1e4))
def test_heavy_ball_rate_is_the_spectral_radius_on_every_eigenvalue(mu, kappa):
    """Each eigenvalue λ gives the 2×2 recurrence z² − (1 + β − ηλ) z + β = 0; all roots have |z| <= rate."""
    L = mu * kappa
    eta, beta, rate = heavy_ball_optimal(mu, L)
    for lam in np.linspace(mu, L, 9):
        roots = np.roots([1.0, -(1 + beta - eta * lam), beta])
        assert np.max(np.abs(roots)) <= rate + 1e-6


@settings(max_examples=50, deadline=None)
@given(g=st.lists(st.floats(1e-3, 1e3), min_size=1, max_size=5), signs=st.lists(st.booleans(), min_size=5, max_size=5),
       eta=st.floats(1e-4, 1.0), beta1=st.floats(0.0, 0.99), beta2=st.floats(0.0, 0.9999))
def test_adams_bias_correction_makes_the_first_step_eta_sign_g(g, signs, eta, beta1, beta2):
    g = np.array(g) * np.where(signs[: len(g)], 1.0, -1.0)
    opt = adam(eta, beta1=beta1, beta2=beta2)
    step, state = opt.update(g, opt.init(np.zeros_like(g)))
    np.testing.assert_allclose(step, -eta * np.sign(g), rtol=1e-4)
    # Without the correction the step would be η(1 − β₁)/√(1 − β₂) · sign(g): off by that factor.
    uncorrected = -eta * state.m / np.sqrt(state.v)
    np.testing.assert_allclose(uncorrected, -eta * (1 - beta1) / np.sqrt(1 - beta2) * np.sign(g), rtol=1e-4)


def test_adagrad_and_adam_first_step_moves_each_coordinate_by_eta():
    g = np.array([1e-3, 50.0, -7.0])
    for opt in (adagrad(0.05), adam(0.05)):
        step, _ = opt.update(g, opt.init(np.zeros(3)))
        np.testing.assert_allclose(np.abs(step), 0.05, rtol=1e-4)


def test_rmsprop_first_step_is_larger_by_one_over_root_one_minus_rho():
    step, _ = rmsprop(0.1, rho=0.9).update(np.array([3.0]), rmsprop(0.1).init(np.zeros(1)))
    assert step[0] == pytest.approx(-0.1 / np.sqrt(0.1), rel=1e-6)


@pytest.mark.parametrize("opt", [gd(0.2), momentum(0.1, 0.9), nesterov(0.1, 0.9), adagrad(1.0),
                                 rmsprop(0.1), adam(0.02)], ids=lambda o: "")
def test_every_method_reaches_the_minimum_of_the_lesson_quadratic(opt):
    res = run(opt, lesson_quadratic(), max_iter=5000, tol=1e-3)
    assert res.status_name == "converged"
    assert np.linalg.norm(res.x) < 1e-2


def test_rmsprop_with_a_constant_step_can_lock_into_a_two_cycle_of_size_eta():
    """Sign-like steps of length η bounce between ±η/2; a decaying schedule lets it settle."""
    from lessonlib.schedules import warmup_cosine

    res = run(rmsprop(0.01), lesson_quadratic(), max_iter=3000, tol=1e-6)
    assert res.status_name == "max_iter"
    np.testing.assert_allclose(np.abs(res.path[-20:]), 0.005, rtol=1e-3)
    res = run(rmsprop(warmup_cosine(0.01, warmup=0, total=3000)), lesson_quadratic(), max_iter=3000, tol=1e-6)
    assert np.linalg.norm(res.x) < 1e-4


def test_adam_reaches_the_rosenbrock_valley_floor():
    res = run(adam(0.02), rosenbrock(), max_iter=4000, tol=1e-4)
    assert np.linalg.norm(res.x - 1) < 1e-2


def test_run_reports_divergence_with_the_shared_status():
    p = ill_conditioned_quadratic(100.0)
    res = run(momentum(0.05, beta=0.9), p)      # ηL = 5 > 2(1 + β) = 3.8
    assert res.status_name == "diverged" and not res.success
    res = run(momentum(0.037, beta=0.9), p, max_iter=2000, tol=1e-6)   # ηL = 3.7 < 3.8
    assert res.status_name == "converged"


def test_run_counts_evaluations_and_records_the_path():
    res = run(adam(0.1), lesson_quadratic(), max_iter=7, tol=0.0)
    assert res.nit == 7 and res.nfev == res.njev == 8 and res.nhev == 0
    assert res.path.shape == (8, 2) and res.values.shape == (8,)
    assert run(adam(0.1), lesson_quadratic(), max_iter=7, record_path=False).path is None


def test_run_takes_plain_callables():
    res = run(momentum(0.1), lambda x: float(x @ x), np.array([1.0, -1.0]), grad=lambda x: 2 * x, tol=1e-8)
    assert res.success and np.allclose(res.x, 0, atol=1e-8)


def test_a_schedule_sets_the_step_of_each_iteration():
    f = lambda x: float(x[0])               # gradient 1 everywhere: x moves by −η_k each step
    res = run(gd(step_decay(1.0, factor=0.5, every=2)), f, np.array([0.0]), grad=lambda x: np.ones(1),
              max_iter=6, tol=0.0)
    np.testing.assert_allclose(np.diff(res.path[:, 0]), [-1, -1, -0.5, -0.5, -0.25, -0.25])
    res = run(adam(lambda k: 0.1 * (k + 1)), f, np.array([0.0]), grad=lambda x: np.ones(1), max_iter=3, tol=0.0)
    np.testing.assert_allclose(np.diff(res.path[:, 0]), [-0.1, -0.2, -0.3], rtol=1e-6)


@pytest.mark.parametrize("make", [lambda: gd(0.0), lambda: momentum(-1.0), lambda: momentum(0.1, beta=1.0),
                                  lambda: nesterov(0.1, beta=-0.1), lambda: rmsprop(0.1, rho=1.0),
                                  lambda: adam(0.1, beta2=1.0), lambda: adagrad(-0.5)])
def test_bad_parameters_are_refused(make):
    with pytest.raises(ValueError):
        make()


def test_every_main_function_has_snippet_markers():
    source = open(adaptive.__file__).read()
    for name in ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "run", "heavy_ball_optimal"):
        assert f"# --8<-- [start:{name}]" in source and f"# --8<-- [end:{name}]" in source, name
