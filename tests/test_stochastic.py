"""Mini-batch SGD on least squares: unbiased gradients, reproducible runs, noise shrinking with the batch."""

from __future__ import annotations

import numpy as np
import pytest

from lessonlib.adaptive import adam, momentum
from lessonlib.stochastic import (final_loss_noise, least_squares, least_squares_data, minibatch_gradient,
                                  minibatch_sgd)

X, Y, W_TRUE = least_squares_data(seed=0)
PROBLEM = least_squares(X, Y)


def test_least_squares_problem_matches_numpy():
    w = np.arange(5.0)
    assert PROBLEM.f(w) == pytest.approx(np.mean((X @ w - Y) ** 2) / 2)
    np.testing.assert_allclose(PROBLEM.minimizer, np.linalg.lstsq(X, Y, rcond=None)[0])
    np.testing.assert_allclose(PROBLEM.grad(PROBLEM.minimizer), 0, atol=1e-12)
    eps = 1e-6
    numeric = [(PROBLEM.f(w + eps * e) - PROBLEM.f(w - eps * e)) / (2 * eps) for e in np.eye(5)]
    np.testing.assert_allclose(PROBLEM.grad(w), numeric, rtol=1e-6)


def test_minibatch_gradient_is_unbiased():
    w = np.ones(5)
    singles = np.array([minibatch_gradient(X, Y, w, [i]) for i in range(len(Y))])
    np.testing.assert_allclose(singles.mean(axis=0), PROBLEM.grad(w), atol=1e-12)
    np.testing.assert_allclose(minibatch_gradient(X, Y, w, np.arange(len(Y))), PROBLEM.grad(w), atol=1e-12)


def test_runs_are_reproducible_and_seeds_differ():
    a = minibatch_sgd(X, Y, 4, eta=0.1, steps=50, seed=3)
    b = minibatch_sgd(X, Y, 4, eta=0.1, steps=50, seed=3)
    c = minibatch_sgd(X, Y, 4, eta=0.1, steps=50, seed=4)
    np.testing.assert_array_equal(a.values, b.values)
    assert not np.array_equal(a.values, c.values)
    assert a.values.shape == (51,) and a.samples == 200 and a.batch_size == 4


def test_final_loss_noise_decreases_with_the_batch_size():
    rows = []
    for B in (1, 4, 16, 64):
        excess = [final_loss_noise(minibatch_sgd(X, Y, B, eta=0.1, steps=500, seed=s), PROBLEM.fmin)[0]
                  for s in range(3)]
        rows.append(np.mean(excess))
    assert all(a > b for a, b in zip(rows, rows[1:])), rows
    assert rows[0] > 20 * rows[-1]          # roughly 1/B: 64 times the batch, far less noise
    full = minibatch_sgd(X, Y, len(Y), eta=0.1, steps=500)
    mean, std = final_loss_noise(full, PROBLEM.fmin)
    assert abs(mean) < 1e-12 and std < 1e-12     # the full batch is plain gradient descent: no noise


def test_full_batch_is_gradient_descent():
    from lessonlib.gd import gradient_descent

    sgd = minibatch_sgd(X, Y, len(Y), eta=0.1, steps=40)
    plain = gradient_descent(PROBLEM, eta=0.1, max_iter=40, tol=0.0)
    np.testing.assert_allclose(sgd.path, plain.path, rtol=1e-10, atol=1e-12)


def test_too_large_a_step_diverges():
    res = minibatch_sgd(X, Y, 1, eta=3.0, steps=500, seed=0)
    assert res.status_name == "diverged"


def test_any_optimizer_takes_minibatch_gradients():
    for opt in (momentum(0.05, beta=0.9), adam(0.05)):
        res = minibatch_sgd(X, Y, 16, optimizer=opt, steps=400, seed=1)
        assert res.values[-1] - PROBLEM.fmin < 0.05 * (res.values[0] - PROBLEM.fmin)


def test_bad_batch_size_is_refused():
    for B in (0, len(Y) + 1, 2.5):
        with pytest.raises(ValueError):
            minibatch_sgd(X, Y, B, steps=1)


def test_minibatch_gradient_variance_without_replacement():
    # the module docstring: E‖g_B − ∇L‖² = (σ²/B)(N − B)/(N − 1), σ² = (1/N) Σ‖∇ℓᵢ − ∇L‖², checked
    # exactly by enumerating every batch of a small data set
    from itertools import combinations

    X, y, _ = least_squares_data(n_samples=7, n_features=3, seed=3)
    w = np.array([0.3, -1.0, 2.0])
    N = X.shape[0]
    full = X.T @ (X @ w - y) / N
    per_example = X * (X @ w - y)[:, None]
    sigma2 = np.mean(np.sum((per_example - full) ** 2, axis=1))
    for B in range(1, N + 1):
        batches = list(combinations(range(N), B))
        variance = np.mean([np.sum((minibatch_gradient(X, y, w, list(b)) - full) ** 2) for b in batches])
        assert variance == pytest.approx(sigma2 / B * (N - B) / (N - 1), rel=1e-10, abs=1e-12)
