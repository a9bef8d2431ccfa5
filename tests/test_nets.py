"""The two-unit network: hand-written backpropagation against finite differences, and the symmetry pitfall."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import check_grad, minimize

from lessonlib import nets
from lessonlib.calculus import gradient

X, Y = nets.bump()


def test_pack_and_unpack_are_inverse():
    theta = np.arange(7.0) - 3
    w, b, v, c = nets.unpack(theta)
    np.testing.assert_array_equal(nets.pack(w, b, v, c), theta)
    with pytest.raises(ValueError, match="shape"):
        nets.unpack(np.zeros(6))


def test_forward_and_loss_by_hand():
    # h = tanh(0) = 0 at x = 0; at x = 1, h = (tanh 1, tanh(−1)); ŷ = 2 h_1 + 3 h_2 + 1.
    theta = nets.pack([1.0, -1.0], [0.0, 0.0], [2.0, 3.0], 1.0)
    y_hat, h = nets.forward(theta, [0.0, 1.0])
    t = np.tanh(1.0)
    np.testing.assert_allclose(h, [[0.0, t], [0.0, -t]])
    np.testing.assert_allclose(y_hat, [1.0, 1.0 - t])
    assert nets.loss(theta, [0.0, 1.0], [0.0, 0.0]) == pytest.approx(0.25 * (1.0 + (1.0 - t) ** 2))


def test_gradient_at_zero_by_hand():
    # Only c moves: ∂L/∂c = mean(ŷ − y) = −mean(y).
    g = nets.loss_gradient(np.zeros(7), X, Y)
    np.testing.assert_array_equal(g[:6], 0.0)
    assert g[6] == pytest.approx(-np.mean(Y))


@pytest.mark.parametrize("seed", range(5))
def test_backprop_matches_finite_differences(seed):
    theta = nets.init("random", scale=1.0, seed=seed)
    theta[-1] = 0.3
    g = nets.loss_gradient(theta, X, Y)
    g_fd = gradient(lambda t: nets.loss(t, X, Y), theta)
    np.testing.assert_allclose(g, g_fd, rtol=1e-6, atol=1e-9)
    assert check_grad(nets.loss, nets.loss_gradient, theta, X, Y) < 1e-6


@settings(max_examples=50, deadline=None)
@given(w=st.floats(-3, 3), b=st.floats(-3, 3), v=st.floats(-3, 3), c=st.floats(-3, 3))
def test_equal_units_get_equal_gradients(w, b, v, c):
    """The symmetry argument: equal units see equal gradients, bit for bit."""
    theta = nets.pack([w, w], [b, b], [v, v], c)
    g = nets.loss_gradient(theta, X, Y)
    assert nets.symmetry_gap(g[:6].tolist() + [0.0]) == 0.0


def test_zero_start_learns_nothing_in_the_hidden_layer():
    res = nets.train(nets.init("zeros"), X, Y, eta=0.5, steps=2000)
    assert res.status_name == "converged"  # the gradient vanished ...
    np.testing.assert_array_equal(res.x[:6], 0.0)  # ... with every hidden weight still zero
    assert res.x[6] == pytest.approx(np.mean(Y))  # the best constant
    assert res.fun == pytest.approx(0.5 * np.var(Y))


def test_equal_start_stays_symmetric_at_every_step():
    res = nets.train(nets.init("equal"), X, Y, eta=0.5, steps=1500)
    gaps = [nets.symmetry_gap(theta) for theta in res.path]
    assert max(gaps) == 0.0
    assert res.fun < nets.loss(nets.init("equal"), X, Y)  # it learns, as one unit


def test_random_start_breaks_the_symmetry_and_fits():
    equal = nets.train(nets.init("equal"), X, Y, eta=0.5, steps=3000)
    rand = nets.train(nets.init("random"), X, Y, eta=0.5, steps=3000)
    assert nets.symmetry_gap(rand.x) > 1.0
    assert rand.fun < 1e-3 < 0.1 < equal.fun
    # The teacher's units, up to order and sign: |w| = 2, |b| = 2, |v| = 1.
    np.testing.assert_allclose(np.abs(nets.units(rand.x)), [[2, 2, 1], [2, 2, 1]], atol=0.25)


def test_training_agrees_with_scipy():
    """From the same random start, SciPy's BFGS reaches a loss as small as ours (the teacher's 0)."""
    theta0 = nets.init("random")
    ours = nets.train(theta0, X, Y, eta=0.5, steps=5000)
    ref = minimize(nets.loss, theta0, args=(X, Y), jac=nets.loss_gradient, method="BFGS", options={"gtol": 1e-10})
    assert ref.fun < 1e-8 and ours.fun < 1e-4


def test_problem_wraps_the_loss():
    p = nets.problem(X, Y, nets.init("equal"))
    theta = nets.init("random", seed=3)
    assert p.f(theta) == nets.loss(theta, X, Y)
    np.testing.assert_array_equal(p.grad(theta), nets.loss_gradient(theta, X, Y))
    with pytest.raises(ValueError):
        nets.problem(X, Y[:-1])
    with pytest.raises(ValueError):
        nets.init("ones")
