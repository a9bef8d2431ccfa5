"""Lesson 5's claims beyond its page's examples: the regimes on x², the κ sweep, and the companion notebook."""

from __future__ import annotations

import math
import runpy
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessonlib import gradient_descent, problems
from lessonlib.gd import optimal_rate, optimal_step, regime

ROOT = Path(__file__).resolve().parent.parent


@settings(max_examples=40, deadline=None)
@given(eta=st.floats(0.01, 2.0).filter(lambda e: abs(e - 1.0) > 1e-3), x0=st.floats(0.5, 3.0))
def test_square_follows_the_update_factor(eta, x0):
    """On x², x_k = (1 - 2η)^k x0 exactly as long as it is finite; the regime follows |1 - 2η|."""
    res = gradient_descent(problems.square(), x0=x0, eta=eta, max_iter=30, tol=0.0)
    k = np.arange(res.nit + 1)
    np.testing.assert_allclose(res.path[:, 0], (1 - 2 * eta) ** k * x0, rtol=1e-9, atol=1e-300)
    if eta < 1:
        assert regime(eta, [2.0]) in ("slow", "converge")
        assert res.status_name in ("max_iter", "converged")
    else:
        assert regime(eta, [2.0]) == "diverge"


def test_eta_one_bounces_forever():
    res = gradient_descent(problems.square(), x0=1.5, eta=1.0, max_iter=101)
    np.testing.assert_array_equal(res.path[:, 0], 1.5 * (-1.0) ** np.arange(102))
    assert regime(1.0, [2.0]) == "oscillate" and not res.success


@pytest.mark.parametrize("kappa", [3.0, 10.0, 30.0, 100.0, 300.0])
def test_iterations_at_the_optimal_step_match_the_prediction(kappa):
    """At α* on diag(1, κ) both directions shrink by exactly (κ-1)/(κ+1): the count is the prediction rounded up."""
    tol = 1e-6
    problem = problems.ill_conditioned_quadratic(kappa)
    lams = [1.0, kappa]
    g0 = np.linalg.norm(problem.grad(problem.x0))
    res = gradient_descent(problem, eta=optimal_step(lams), max_iter=50_000, tol=tol * g0)
    predicted = math.log(tol) / math.log(optimal_rate(lams))
    assert res.status_name == "converged"
    assert res.nit == math.ceil(predicted)


def test_notebook_runs_as_a_script(monkeypatch):
    """The companion notebook (executed during the build) also runs top to bottom as plain Python."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.setattr(plt, "show", lambda *a, **k: None)
    try:
        ns = runpy.run_path(str(ROOT / "docs" / "notebooks" / "gradient-descent.py"))
    finally:
        plt.close("all")
    assert [regime(eta, [2.0]) for eta in ns["ETAS_SQUARE"]] == ["slow", "converge", "oscillate", "diverge"]
    assert ns["runs"][1.1].status_name == "diverged"
    assert round(ns["eta_star"], 12) == 0.4 and round(ns["r_star"], 12) == 0.6
