"""lessonlib.autodiff against the complex step, finite differences, PyTorch and the hand-derived gradient of lesson 2."""

from __future__ import annotations

import types

import numpy as np
import pytest

import lessonlib.autodiff as ad
from lessonlib import nets
from lessonlib.calculus import check_gradient, hessian

# ---------------------------------------------------------------------------------------------------------
# Random compositions, written once for any namespace `m` that has exp, log, sin, cos, tanh, sqrt, sum and
# `const` (how a constant array enters): lessonlib.autodiff on a traced value, the same functions on a complex
# array (they are NumPy's there), and torch.


def _ops(rng, n):
    """One random layer u -> u' (shape (n,) to (n,)), as a function of (u, x, m)."""
    kind = rng.integers(10)
    M = rng.standard_normal((n, n)) / np.sqrt(n)
    perm = rng.permutation(n)
    c = rng.uniform(0.5, 1.5)
    return [
        lambda u, x, m: m.tanh(u) * c,
        lambda u, x, m: m.sin(u) + m.cos(c * u),
        lambda u, x, m: m.log(1 + u**2),
        lambda u, x, m: m.sqrt(1 + u**2) - 1,
        lambda u, x, m: m.exp(-(u**2) / 2) * u,
        lambda u, x, m: m.const(M) @ u,
        lambda u, x, m: u * x + u[m.const(perm)],
        lambda u, x, m: u / (2 + m.cos(u)) + m.sum(u) / n,
        lambda u, x, m: (1 + u**2) ** 0.75 - m.flip(u) * c,
        lambda u, x, m: u[:1] * u + x**2 / (1 + x**2),
    ][kind]


def random_composition(seed, depth, n):
    rng = np.random.default_rng(seed)
    layers = [_ops(rng, n) for _ in range(depth)]
    w = rng.standard_normal(n)

    def f(x, m):
        u = x
        for layer in layers:
            u = layer(u, x, m)
        return m.sum(u * m.const(w)) + m.sum(u**2) / 2

    return f


NUMPY = types.SimpleNamespace(exp=ad.exp, log=ad.log, sin=ad.sin, cos=ad.cos, tanh=ad.tanh, sqrt=ad.sqrt,
                              sum=ad.sum, const=np.asarray, flip=lambda u: u[::-1])


def complex_step_gradient(f, x, h=1e-30):
    """∂f/∂xᵢ = Im f(x + i h eᵢ) / h, exact to rounding for a real-analytic f (no cancellation)."""
    g = np.empty(x.size)
    for i in range(x.size):
        z = x.astype(complex)
        z[i] += 1j * h
        g[i] = np.imag(f(z)) / h
    return g


CASES = [(seed, 5 + seed % 4, [1, 3, 10, 30, 100][seed % 5]) for seed in range(60)]


@pytest.mark.parametrize("seed, depth, n", CASES)
def test_random_compositions_agree_with_the_complex_step(seed, depth, n):
    f = random_composition(seed, depth, n)
    x = np.random.default_rng(1000 + seed).uniform(-1, 1, n)
    value, g = ad.value_and_grad(lambda x: f(x, NUMPY))(x)
    g_cs = complex_step_gradient(lambda z: f(z, NUMPY), x)
    assert value == pytest.approx(f(x, NUMPY), rel=1e-14)
    assert np.linalg.norm(g - g_cs) <= 1e-12 * np.linalg.norm(g_cs)


def test_the_compositions_are_deep_and_wide_enough():
    assert len(CASES) >= 50 and min(d for _, d, _ in CASES) >= 5 and max(n for *_, n in CASES) == 100


@pytest.mark.parametrize("seed", range(10))
def test_random_compositions_agree_with_check_gradient(seed):
    f = random_composition(seed, 6, 8)
    x = np.random.default_rng(seed).uniform(-1, 1, 8)
    fx = lambda x: float(f(x, NUMPY))
    g = ad.grad(lambda x: f(x, NUMPY))
    # central differences carry an error of about h² ≈ 4e-11 times the third derivatives, which these
    # compositions make large: 1e-6 separates it from a wrong gradient (a 1% change of one entry).
    assert check_gradient(fx, g, x) < 1e-6
    wrong = lambda x: g(x) * np.r_[1.01, np.ones(7)]
    assert check_gradient(fx, wrong, x) > 1e-6


@pytest.mark.parametrize("seed", range(10))
def test_random_compositions_agree_with_torch(seed):
    torch = pytest.importorskip("torch")
    TORCH = types.SimpleNamespace(exp=torch.exp, log=torch.log, sin=torch.sin, cos=torch.cos, tanh=torch.tanh,
                                  sqrt=torch.sqrt, sum=torch.sum, flip=lambda u: torch.flip(u, [0]),
                                  const=lambda a: torch.as_tensor(a) if np.asarray(a).dtype.kind == "i"
                                  else torch.as_tensor(a, dtype=torch.float64))
    f = random_composition(seed, 7, 20)
    x = np.random.default_rng(seed).uniform(-1, 1, 20)
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    f(xt, TORCH).backward()
    g = ad.grad(lambda x: f(x, NUMPY))(x)
    np.testing.assert_allclose(g, xt.grad.numpy(), rtol=1e-12, atol=1e-12 * np.abs(g).max())


# ---------------------------------------------------------------------------------------------------------
# The network of lesson 2


def net_loss(theta, x, y):
    """lessonlib.nets.loss, written with autodiff operations."""
    w, b, v, c = theta[0:2], theta[2:4], theta[4:6], theta[6]
    y_hat = v[0] * ad.tanh(w[0] * x + b[0]) + v[1] * ad.tanh(w[1] * x + b[1]) + c
    return 0.5 * ad.sum((y_hat - y) ** 2) / x.size


@pytest.mark.parametrize("kind", ["random", "equal", "zeros"])
def test_network_gradient_matches_the_hand_derived_one(kind):
    x, y = nets.bump()
    theta = nets.init(kind)
    value, g = ad.value_and_grad(lambda t: net_loss(t, x, y))(theta)
    assert value == pytest.approx(nets.loss(theta, x, y), rel=1e-14)
    g_hand = nets.loss_gradient(theta, x, y)
    assert np.max(np.abs(g - g_hand)) <= 1e-14 * max(1.0, np.max(np.abs(g_hand)))


def test_network_gradient_along_a_training_run():
    x, y = nets.bump()
    for theta in nets.train(nets.init("random"), x, y, steps=200).path[::20]:
        g = ad.grad(lambda t: net_loss(t, x, y))(theta)
        g_hand = nets.loss_gradient(theta, x, y)
        assert np.max(np.abs(g - g_hand)) <= 1e-14 * max(1.0, np.max(np.abs(g_hand)))


# ---------------------------------------------------------------------------------------------------------
# Forward mode and Hessian-vector products


@pytest.mark.parametrize("seed", range(8))
def test_forward_mode_gives_the_directional_derivative(seed):
    f = random_composition(seed, 6, 12)
    rng = np.random.default_rng(seed)
    x, v = rng.uniform(-1, 1, 12), rng.standard_normal(12)
    value, d = ad.jvp(lambda x: f(x, NUMPY), x, v)
    g = ad.grad(lambda x: f(x, NUMPY))(x)
    assert value == pytest.approx(f(x, NUMPY), rel=1e-14)
    assert d == pytest.approx(g @ v, rel=1e-12, abs=1e-12 * np.linalg.norm(g) * np.linalg.norm(v))


def test_forward_mode_of_a_vector_function_is_a_jacobian_vector_product():
    A = np.array([[1.0, 2.0, 0.0], [0.0, -1.0, 3.0]])
    x, v = np.array([0.5, -1.0, 2.0]), np.array([1.0, 1.0, -1.0])
    value, Jv = ad.jvp(lambda x: ad.tanh(A @ x), x, v)
    J = (1 - np.tanh(A @ x) ** 2)[:, None] * A
    np.testing.assert_allclose(value, np.tanh(A @ x), rtol=1e-15)
    np.testing.assert_allclose(Jv, J @ v, rtol=1e-14)


@pytest.mark.parametrize("seed", range(5))
def test_hvp_is_exact_on_a_quadratic(seed):
    rng = np.random.default_rng(seed)
    n = 15
    B = rng.standard_normal((n, n))
    A = B @ B.T + np.eye(n)
    b = rng.standard_normal(n)
    f = lambda x: 0.5 * ad.sum(x * (A @ x)) - ad.sum(b * x)
    x, v = rng.standard_normal(n), rng.standard_normal(n)
    np.testing.assert_allclose(ad.hvp(f, x, v), A @ v, rtol=1e-12, atol=1e-12 * np.abs(A @ v).max())
    columns = np.column_stack([ad.hvp(f, x, e) for e in np.eye(n)])
    np.testing.assert_allclose(columns, A, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("seed", range(8))
def test_hvp_agrees_with_finite_differences_of_the_gradient(seed):
    f = random_composition(seed, 5, 10)
    rng = np.random.default_rng(seed)
    x, v = rng.uniform(-1, 1, 10), rng.standard_normal(10)
    g = ad.grad(lambda x: f(x, NUMPY))
    H = hessian(None, x, grad=g)
    Hv = ad.hvp(lambda x: f(x, NUMPY), x, v)
    assert np.linalg.norm(Hv - H @ v) <= 1e-7 * max(1.0, np.linalg.norm(H @ v))


def test_hvp_of_the_network_is_symmetric():
    x, y = nets.bump()
    theta = nets.init("random")
    H = np.column_stack([ad.hvp(lambda t: net_loss(t, x, y), theta, e) for e in np.eye(7)])
    np.testing.assert_allclose(H, H.T, rtol=1e-12, atol=1e-14)


def test_scalar_input():
    assert ad.grad(lambda x: ad.sin(x) * x)(0.5) == pytest.approx(np.cos(0.5) * 0.5 + np.sin(0.5), rel=1e-15)
    assert ad.hvp(lambda x: x**3, 2.0, 1.0) == 12.0
    assert ad.jvp(lambda x: ad.exp(x), 0.0, 2.0) == (1.0, 2.0)


def test_constant_function_and_unused_entries():
    assert ad.value_and_grad(lambda x: 3.0)(np.ones(2)) == (3.0, pytest.approx(np.zeros(2)))
    g = ad.grad(lambda x: x[0] * 2.0)(np.ones(3))
    np.testing.assert_array_equal(g, [2.0, 0.0, 0.0])


def test_index_used_twice_adds_up():
    g = ad.grad(lambda x: ad.sum(x[np.array([0, 0, 1])] ** 2))(np.array([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(g, [4.0, 4.0, 0.0])


def test_maximum_away_from_a_tie():
    g = ad.grad(lambda x: ad.sum(ad.maximum(x, 0.0) * x))(np.array([-1.0, 2.0]))
    np.testing.assert_array_equal(g, [0.0, 4.0])


def test_plain_arrays_are_numpy():
    z = np.array([1 + 1e-20j, 2.0])
    np.testing.assert_array_equal(ad.exp(z), np.exp(z))
    assert ad.sum(np.arange(4.0)) == 6.0


# ---------------------------------------------------------------------------------------------------------
# Bad input: a clear error, never a silent wrong gradient


@pytest.mark.parametrize("f, match", [
    (lambda x: np.sum(x), "numpy.sum was called on a traced value.*lessonlib.autodiff.sum"),
    (lambda x: ad.sum(np.exp(x)), "numpy.exp was called on a traced value.*lessonlib.autodiff.exp"),
    (lambda x: ad.sum(np.abs(x)), "numpy.absolute was called on a traced value"),
    (lambda x: float(x[0]), "cannot be converted to a float"),
    (lambda x: ad.sum(np.asarray(x)), "cannot be converted to a NumPy array"),
    (lambda x: x[0] if x[0] > 0 else x[1], "cannot be compared"),
])
def test_numpy_on_a_traced_value_is_refused(f, match):
    with pytest.raises(TypeError, match=match):
        ad.grad(f)(np.array([1.0, 2.0]))


@pytest.mark.parametrize("f, x, match", [
    (lambda x: ad.sum(ad.sqrt(x)), [0.0, 1.0], "derivative of sqrt is not finite"),
    (lambda x: ad.sum(x ** 0.5), [0.0, 1.0], r"derivative of \*\* is not finite"),
    (lambda x: ad.sum(ad.log(x)), [0.0, 1.0], "log has no finite value"),
    (lambda x: ad.sum(ad.log(x)), [-1.0, 1.0], "log has no finite value"),
    (lambda x: ad.sum(1 / x), [0.0, 1.0], "/ has no finite value"),
    (lambda x: ad.sum(ad.exp(x)), [1000.0], "exp has no finite value"),
    (lambda x: ad.sum(ad.maximum(x, 1.0)), [1.0, 2.0], "maximum.*no derivative where a == b"),
])
def test_no_value_or_no_derivative_is_refused(f, x, match):
    with pytest.raises(ValueError, match=match):
        ad.grad(f)(np.array(x))


def test_hvp_at_a_point_without_a_second_derivative_is_refused():
    with pytest.raises(ValueError):
        ad.hvp(lambda x: ad.sum(ad.sqrt(x)), np.array([0.0, 1.0]), np.ones(2))


@pytest.mark.parametrize("f, x, match", [
    (lambda x: x * 2, [1.0, 2.0], "f must return a number, got a traced value of shape"),
    (lambda x: ad.sum(x * np.ones((2, 1))), [1.0, 2.0], r"shape \(2, 2\).*numbers and 1-D arrays only"),
    (lambda x: ad.sum(x), [[1.0, 2.0]], r"x must be a number or a 1-D array, got shape \(1, 2\)"),
    (lambda x: ad.sum(x), [1.0, np.nan], "x must be finite"),
    (lambda x: ad.sum(x), [1j, 2.0], "real"),
])
def test_wrong_shapes_and_points_are_refused(f, x, match):
    with pytest.raises(ValueError, match=match):
        ad.grad(f)(np.array(x))


def test_wrong_shapes_in_matmul_and_directions():
    with pytest.raises(ValueError, match="matmul"):
        ad.grad(lambda x: ad.sum(np.ones((2, 3)) @ x))(np.ones(2))
    with pytest.raises(ValueError, match="v must have the shape of x"):
        ad.hvp(lambda x: ad.sum(x**2), np.ones(3), np.ones(2))
    with pytest.raises(ValueError, match="v must have the shape of x"):
        ad.jvp(lambda x: ad.sum(x**2), np.ones(3), np.ones(2))


def test_forward_and_reverse_mode_cannot_be_mixed():
    with pytest.raises(TypeError, match="cannot be mixed"):
        ad.add(ad.Var(np.ones(2)), ad.Dual(np.ones(2), np.ones(2)))
