"""Tests of lessonlib.stable: agreement with scipy.special to a few ulps on extreme inputs, ±inf and NaN
behaviour, no warnings, clear errors."""

from __future__ import annotations

import math
import warnings

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
import scipy.special as sp

from lessonlib.stable import clip_by_norm, cross_entropy_from_logits, log_sigmoid, logsumexp, sigmoid, softmax

TINY = np.finfo(float).tiny


def ulp_distance(a, b):
    """Largest distance between a and b in units of the spacing of floats at the larger of the two
    (0 where both are equal, including equal infinities and both NaN)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    same = (a == b) | (np.isnan(a) & np.isnan(b))
    with np.errstate(invalid="ignore", over="ignore"):   # np.spacing(max float) overflows: it is 2**971
        big = np.maximum(np.abs(a), np.abs(b))
        ulp = np.where(big == np.finfo(float).max, 2.0**971, np.spacing(big))
        gap = np.abs(a - b) / ulp
    return float(np.max(np.where(same, 0.0, gap), initial=0.0))


def scipy_quiet(f, *args, **kwargs):
    """scipy.special itself warns on some of these inputs (e.g. logsumexp of [-1e308, 1e308])."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return f(*args, **kwargs)


def grid():
    rng = np.random.default_rng(0)
    return {
        "huge": np.array([1e308, 1e308, -1e308]),
        "±1e308": np.array([-1e308, 1e308]),
        "max float": np.full(4, np.finfo(float).max),
        "tiny": np.array([1e-308, -1e-310, 5e-324, 0.0]),
        "±1000": np.array([1000.0, -1000.0, 1000.0]),
        "many equal": np.full(10_000, 7.25),
        "long": 30 * rng.standard_normal(200_000),
        "mixed signs": rng.uniform(-1e3, 1e3, 5000),
        "wide": np.concatenate([-np.logspace(-300, 300, 301), np.logspace(-300, 300, 301)]),
        "one large": np.array([0.0, -40.0, -80.0]),
        "−inf entries": np.array([-np.inf, 0.0, 3.0]),
        "all −inf": np.array([-np.inf, -np.inf]),
    }


@pytest.mark.parametrize("name", list(grid()))
def test_logsumexp_and_softmax_match_scipy_to_a_few_ulps(name):
    x = grid()[name]
    assert ulp_distance(logsumexp(x), scipy_quiet(sp.logsumexp, x)) <= 4
    if name != "all −inf":   # scipy gives nan too, with a warning
        assert ulp_distance(softmax(x), scipy_quiet(sp.softmax, x)) <= 4
    assert np.all(np.isnan(softmax(x))) == (name == "all −inf")


@pytest.mark.parametrize("name", list(grid()))
def test_sigmoid_and_log_sigmoid_match_scipy_to_a_few_ulps(name):
    x = grid()[name]
    ours, theirs = sigmoid(x), sp.expit(x)
    normal = np.abs(theirs) >= TINY      # scipy.special.expit returns 0 where σ(x) is subnormal
    assert ulp_distance(ours[normal], theirs[normal]) <= 4
    assert ulp_distance(log_sigmoid(x), sp.log_expit(x)) <= 4


def test_sigmoid_keeps_subnormal_values_that_expit_flushes_to_zero():
    mpmath.mp.dps = 40
    for x in [-709.9, -720.0, -740.0, -744.0]:
        exact = float(1 / (1 + mpmath.exp(-x)))
        assert exact > 0 and abs(sigmoid(x) - exact) <= 4 * 5e-324


def test_against_high_precision_reference():
    mpmath.mp.dps = 50
    for x in [-700.0, -30.0, -1e-10, 0.0, 1e-20, 2.5, 36.0, 800.0]:
        s = 1 / (1 + mpmath.exp(-x))
        assert ulp_distance(sigmoid(x), float(s)) <= 2
        assert ulp_distance(log_sigmoid(x), float(mpmath.log(s))) <= 2
    z = [3.0, -2.0, 1e-3, 700.0]
    lse = mpmath.log(sum(mpmath.exp(mpmath.mpf(v)) for v in z))
    assert ulp_distance(logsumexp(z), float(lse)) <= 2
    assert ulp_distance(logsumexp([0.0, -40.0]), float(mpmath.log(1 + mpmath.exp(-40)))) <= 2


def test_axis_keepdims_and_2d():
    rng = np.random.default_rng(1)
    x = 500 * rng.standard_normal((7, 5))
    for axis in (0, 1, -1):
        assert ulp_distance(logsumexp(x, axis=axis), sp.logsumexp(x, axis=axis)) <= 4
        assert ulp_distance(softmax(x, axis=axis), sp.softmax(x, axis=axis)) <= 4
    assert logsumexp(x, axis=0, keepdims=True).shape == (1, 5)
    assert ulp_distance(logsumexp(x), sp.logsumexp(x)) <= 4
    assert logsumexp(x, keepdims=True).shape == sp.logsumexp(x, keepdims=True).shape == (1, 1)


def test_infinities():
    assert logsumexp([-np.inf, -np.inf]) == -np.inf
    assert logsumexp([np.inf, 1.0]) == np.inf
    assert logsumexp([np.inf, -np.inf]) == np.inf
    assert logsumexp([-np.inf, 2.0]) == 2.0
    np.testing.assert_array_equal(softmax([np.inf, 0.0, -np.inf]), [1.0, 0.0, 0.0])
    assert np.all(np.isnan(softmax([np.inf, np.inf])))
    assert sigmoid(np.inf) == 1.0 and sigmoid(-np.inf) == 0.0
    assert log_sigmoid(np.inf) == 0.0 and log_sigmoid(-np.inf) == -np.inf
    assert cross_entropy_from_logits([np.inf, 0.0], 0) == 0.0
    assert cross_entropy_from_logits([np.inf, 0.0], 1) == np.inf
    assert math.isnan(cross_entropy_from_logits([np.inf, np.inf], 1))


def test_nan_propagates_never_a_finite_number():
    x = np.array([[1.0, np.nan, 3.0], [1.0, 2.0, 3.0]])
    assert np.isnan(logsumexp(x, axis=1)[0]) and np.isfinite(logsumexp(x, axis=1)[1])
    assert np.all(np.isnan(softmax(x)[0])) and np.all(np.isfinite(softmax(x)[1]))
    assert math.isnan(sigmoid(np.nan)) and math.isnan(log_sigmoid(np.nan))
    losses = cross_entropy_from_logits(x, [0, 0], reduction="none")
    assert np.isnan(losses[0]) and np.isfinite(losses[1])
    assert math.isnan(cross_entropy_from_logits(x, [0, 0]))
    assert np.all(np.isnan(clip_by_norm([1.0, np.nan], 1.0)))
    assert np.all(np.isnan(clip_by_norm([1.0, np.inf], 1.0)))


def test_cross_entropy_matches_scipy_log_softmax():
    rng = np.random.default_rng(2)
    z = 30 * rng.standard_normal((50, 4))
    y = rng.integers(0, 4, 50)
    ref = -sp.log_softmax(z, axis=1)[np.arange(50), y]
    ours = cross_entropy_from_logits(z, y, reduction="none")
    # scipy's log_softmax takes log(1 + s), accurate to a few ulps of 1, not of a small loss (log1p here)
    assert np.all(np.abs(ours - ref) <= 4 * np.spacing(np.maximum(ref, 1.0)))
    mpmath.mp.dps = 50
    exact = [float(mpmath.log(sum(mpmath.exp(mpmath.mpf(v)) for v in row)) - mpmath.mpf(row[k]))
             for row, k in zip(z, y)]
    # a loss this side of 1e-3 is a sum of exp(z_j − max z), and the subtraction z_j − max z is rounded
    # (error up to |z_j − max z|·ε/2): the exact answer moves by that relative amount, for any algorithm
    exact = np.array(exact)
    spread = np.max(z, axis=1) - np.min(z, axis=1)
    assert ulp_distance(ours[exact > 1e-3], exact[exact > 1e-3]) <= 4
    small = exact <= 1e-3
    assert np.all(np.abs(ours - exact)[small] <= (4 + spread[small]) * np.spacing(exact[small]))
    assert math.isclose(cross_entropy_from_logits(z, y), float(np.mean(ours)), rel_tol=1e-15)
    assert math.isclose(cross_entropy_from_logits(z, y, reduction="sum"), float(np.sum(ours)), rel_tol=1e-15)
    # binary case: the loss of label 1 with logits (0, t) is −log σ(t)
    for t in [-800.0, -3.0, 0.5, 40.0]:
        assert ulp_distance(cross_entropy_from_logits([0.0, t], 1), -log_sigmoid(t)) <= 4


def test_clip_by_norm():
    np.testing.assert_allclose(clip_by_norm([3.0, 4.0], 1.0), [0.6, 0.8], rtol=1e-15)
    np.testing.assert_array_equal(clip_by_norm([0.3, 0.4], 1.0), [0.3, 0.4])
    np.testing.assert_allclose(clip_by_norm(np.full(10, 1e308), 1.0), np.full(10, 10 ** -0.5), rtol=1e-15)
    np.testing.assert_allclose(clip_by_norm([3e-300, 4e-300], 1e-301), [6e-302, 8e-302], rtol=1e-15)
    np.testing.assert_array_equal(clip_by_norm([0.0, 0.0], 1.0), [0.0, 0.0])
    np.testing.assert_array_equal(clip_by_norm([5.0, 12.0], np.inf), [5.0, 12.0])
    g = np.array([[1.0, 2.0], [2.0, 4.0]])
    out = clip_by_norm(g, 1.0)
    assert out.shape == g.shape and math.isclose(float(np.linalg.norm(out)), 1.0, rel_tol=1e-15)
    assert np.all(g == [[1.0, 2.0], [2.0, 4.0]])   # the input is not changed


@pytest.mark.parametrize("call, message", [
    (lambda: logsumexp([]), "at least one"),
    (lambda: logsumexp([1.0, 2.0], axis=1), "out of range"),
    (lambda: logsumexp([1.0, 2.0], axis=0.5), "axis must be an integer"),
    (lambda: softmax(1.0), "scalar"),
    (lambda: softmax([[1.0]], axis=2), "out of range"),
    (lambda: softmax(["a"]), "real numbers"),
    (lambda: sigmoid([1 + 2j]), "real numbers"),
    (lambda: cross_entropy_from_logits([[1.0, 2.0]], [0, 1]), "shape"),
    (lambda: cross_entropy_from_logits([1.0, 2.0], 2), "lie in"),
    (lambda: cross_entropy_from_logits([1.0, 2.0], -1), "lie in"),
    (lambda: cross_entropy_from_logits([1.0, 2.0], 0.0), "integers"),
    (lambda: cross_entropy_from_logits(np.zeros((2, 2, 2)), [[0, 0], [0, 0]]), "shape"),
    (lambda: cross_entropy_from_logits([1.0, 2.0], 0, reduction="max"), "reduction"),
    (lambda: clip_by_norm([1.0], -1.0), "> 0"),
    (lambda: clip_by_norm([1.0], 0.0), "> 0"),
    (lambda: clip_by_norm([1.0], np.nan), "> 0"),
    (lambda: clip_by_norm([1.0], "1"), "number"),
])
def test_bad_input_raises_a_clear_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_no_warnings_on_extreme_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", invalid="raise", divide="raise"):   # underflow to 0 is fine
            for x in grid().values():
                logsumexp(x), softmax(x), sigmoid(x), log_sigmoid(x), clip_by_norm(x[np.isfinite(x)] + 0.0, 1.0)
                if np.any(np.isfinite(x)):
                    cross_entropy_from_logits(x, 0)


@settings(max_examples=300, deadline=None)
@given(arrays(np.float64, st.integers(1, 50), elements=st.floats(-1e308, 1e308, allow_nan=False)))
def test_property_agrees_with_scipy_on_any_finite_input(x):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours = (logsumexp(x), softmax(x), sigmoid(x), log_sigmoid(x))
    theirs = [scipy_quiet(sp.logsumexp, x), scipy_quiet(sp.softmax, x), sp.expit(x), sp.log_expit(x)]
    normal = np.abs(theirs[2]) >= TINY
    assert ulp_distance(ours[0], theirs[0]) <= 4
    assert ulp_distance(ours[1], theirs[1]) <= 4
    assert ulp_distance(ours[2][normal], theirs[2][normal]) <= 4
    assert ulp_distance(ours[3], theirs[3]) <= 4
    assert math.isclose(float(np.sum(ours[1])), 1.0, rel_tol=1e-12)
