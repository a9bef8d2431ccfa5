import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessonlib.calculus import check_gradient, hessian
from lessonlib.critical import classify_hessian
from lessonlib.gd import gradient_descent
from lessonlib.landscape import (fraction_minima, minima_pass_rates, perturbed_gradient_descent,
                                 quartic_saddle, random_symmetric)
from lessonlib.problems import lesson_quadratic

EXACT_N2 = (2 - np.sqrt(2)) / 4  # P(a 2 × 2 GOE matrix is positive definite)


def test_quartic_saddle_derivatives_and_critical_points():
    p = quartic_saddle()
    for x in ([0.3, -0.7], [1.5, 2.0], [-1.0, 0.4]):
        x = np.array(x)
        assert check_gradient(p.f, p.grad, x) < 1e-8
        assert np.allclose(hessian(p.f, x, grad=p.grad), p.hess(x), atol=1e-6)
    assert classify_hessian(p.hess(np.zeros(2))) == "saddle"
    for m in (p.minimizer, -p.minimizer):
        assert np.allclose(p.grad(m), 0, atol=1e-12) and p.f(m) == pytest.approx(-1.0)
        assert classify_hessian(p.hess(m)) == "minimum"


def test_random_symmetric_is_goe():
    H = random_symmetric(5, samples=20_000, rng=0)
    assert np.array_equal(H, np.swapaxes(H, 1, 2))
    off = H[:, 0, 1:]
    diag = np.diagonal(H, axis1=1, axis2=2)
    assert off.var() == pytest.approx(1.0, rel=0.03) and diag.var() == pytest.approx(2.0, rel=0.03)
    assert abs(H.mean()) < 0.02
    with pytest.raises(ValueError, match="n must be"):
        random_symmetric(0)


def test_fraction_minima_matches_exact_values_and_eigenvalue_count():
    samples = 400_000
    for n, exact in ((1, 0.5), (2, EXACT_N2)):
        se = np.sqrt(exact * (1 - exact) / samples)
        assert abs(fraction_minima(n, samples=samples, seed=3) - exact) < 5 * se
    # the row-by-row Sylvester test counts what the eigenvalues count, on n = 3
    lam = np.linalg.eigvalsh(random_symmetric(3, samples=samples, rng=7))
    by_eig = np.mean(lam[:, 0] > 0)
    by_rows = fraction_minima(3, samples=samples, seed=8)
    se = np.sqrt(by_eig * (1 - by_eig) / samples)
    assert abs(by_eig - by_rows) < 6 * se


def test_fraction_minima_shrinks_with_dimension():
    fractions = [fraction_minima(n, samples=200_000, seed=n) for n in range(1, 6)]
    assert all(a > b > 0 for a, b in zip(fractions, fractions[1:]))
    assert fraction_minima(9, samples=50_000) == 0.0  # about 6e-12: never seen


def test_pass_rates_agree_with_plain_sampling_and_decrease():
    q = minima_pass_rates(10, samples=50_000, seed=1)
    fractions = np.cumprod(q)
    assert fractions[1] == pytest.approx(EXACT_N2, rel=0.03)
    for n in (3, 4):
        assert fractions[n - 1] == pytest.approx(fraction_minima(n, samples=400_000, seed=n), rel=0.15)
    assert np.all(np.diff(q) < 0)                     # each new direction is a harder test
    assert np.all(fractions < 0.5 ** np.arange(1, 11) + 1e-12)  # rarer than independent coin flips
    # Dean & Majumdar: -ln P / n² decreases toward (ln 3)/4 ≈ 0.2747
    ratio = -np.log(fractions) / np.arange(1, 11) ** 2
    assert np.all(np.diff(ratio) < 0) and 0.2747 < ratio[-1] < 0.34


def test_plain_gradient_descent_converges_to_the_saddle_from_the_ridge():
    res = gradient_descent(quartic_saddle(), eta=0.1)
    assert res.status_name == "converged" and np.allclose(res.x, 0, atol=1e-8)
    assert classify_hessian(quartic_saddle().hess(res.x)) == "saddle"


def test_perturbed_gradient_descent_escapes_to_a_minimum():
    p = quartic_saddle()
    signs = set()
    for seed in range(8):
        res = perturbed_gradient_descent(p, eta=0.1, seed=seed)
        assert res.success and res.fun == pytest.approx(-1.0, abs=1e-10)
        assert classify_hessian(p.hess(res.x)) == "minimum"
        assert res.kicks and res.kicks[0] < 40
        assert np.all(np.diff(res.kicks) >= 50)
        signs.add(np.sign(res.x[1]))
    assert signs == {-1.0, 1.0}  # the kick's direction picks the minimum


def test_perturbed_gradient_descent_stops_at_a_minimum():
    res = perturbed_gradient_descent(lesson_quadratic(), eta=0.2, tol=0.0, max_iter=5_000)
    assert res.status_name == "converged" and "is a minimum" in res.message
    assert len(res.kicks) == 1 and np.linalg.norm(res.x) < 1e-2
    assert res.nit == res.kicks[0] + 50


def test_perturbed_gradient_descent_checks_eta():
    with pytest.raises(ValueError, match="eta must be > 0"):
        perturbed_gradient_descent(quartic_saddle(), eta=0.0)


@settings(max_examples=30, deadline=None)
@given(x=st.floats(-2, 2), y=st.floats(1e-6, 2).flatmap(lambda v: st.sampled_from([v, -v])))
def test_gradient_descent_off_the_ridge_never_ends_at_the_saddle(x, y):
    """Lee et al. (2016): from almost every start, gradient descent with a small step avoids strict saddles."""
    res = gradient_descent(quartic_saddle(), x0=[x, y], eta=0.1, max_iter=2_000, tol=1e-10)
    assert res.success and res.fun == pytest.approx(-1.0, abs=1e-8)


def test_pass_rate_estimates_lose_precision_with_the_number_of_levels():
    # the docstring of minima_pass_rates: over seeds, with the default 20 000 samples, the relative
    # spread of the estimated fraction is a few percent up to n = 5 and tens of percent by n = 10
    estimates = np.array([np.cumprod(minima_pass_rates(10, seed=seed)) for seed in range(10)])
    spread = estimates.std(axis=0) / estimates.mean(axis=0)
    assert np.all(spread[:5] < 0.1)
    assert 0.15 < spread[9] < 0.6
    assert 1e-14 < estimates[:, 9].mean() < 1e-13   # "fractions like 1e-14"


def test_fraction_of_minima_for_n_8_is_about_1e_9():
    # the docstring of fraction_minima: none of 100 000 samples, for a fraction of about 1e-9
    assert fraction_minima(8, samples=100_000) == 0.0
    assert 3e-10 < np.prod(minima_pass_rates(8, samples=100_000)) < 3e-9
