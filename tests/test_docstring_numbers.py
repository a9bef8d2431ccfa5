"""The counts the lessonlib docstrings print hold on every machine, not just on this one.

Another CPU, BLAS or libm changes results in their last bits. A count printed in a docstring example
(iterations, evaluations, the step of the first kick) is fine only if such changes cannot move it. Here
each of those runs is repeated with every evaluation of f, its gradient and its Hessian perturbed by a
relative 1e-13, several hundred times the rounding error, and must give the same numbers as the
unperturbed run. (The docstring examples check the numbers themselves.)
"""

from __future__ import annotations

import numpy as np
import pytest

from lessonlib import adaptive
from lessonlib.landscape import perturbed_gradient_descent, quartic_saddle
from lessonlib.linesearch import strong_wolfe
from lessonlib.minimize import minimize
from lessonlib.newton import newton
from lessonlib.problems import Problem, ill_conditioned_quadratic, rosenbrock
from lessonlib.quasi_newton import bfgs, lbfgs

NOISE = 1e-13
SEEDS = range(8)


def perturbed(p: Problem, seed: int, noise: float = NOISE) -> Problem:
    """``p`` with every value of f, grad and hess multiplied by (1 + noise · N(0, 1)), entry by entry."""
    rng = np.random.default_rng(seed)

    def f(x):
        return p.f(x) * (1 + noise * rng.standard_normal())

    def grad(x):
        g = np.asarray(p.grad(x), dtype=float)
        return g * (1 + noise * rng.standard_normal(g.shape))

    def hess(x):
        H = np.asarray(p.hess(x), dtype=float)
        E = noise * rng.standard_normal(H.shape)
        return H * (1 + (E + E.T) / 2)

    return Problem(p.name, f, grad, hess if p.hess is not None else None, p.x0, p.minimizer, p.fmin)


def counts(res):
    return res.status_name, res.nit, res.nfev, res.njev


RUNS = {
    "bfgs: rosenbrock": lambda p: counts(bfgs(p)),
    "lbfgs: rosenbrock, m=5": lambda p: counts(lbfgs(p, m=5)),
    "minimize: Newton": lambda p: counts(minimize(p, method="Newton", gtol=1e-5)),
    "minimize: BFGS": lambda p: counts(minimize(p, method="BFGS", gtol=1e-5)),
    "minimize: L-BFGS": lambda p: counts(minimize(p, method="L-BFGS", gtol=1e-5)),
    "newton: rosenbrock, armijo": lambda p: counts(newton(p, line_search="armijo")),
    "strong_wolfe: rosenbrock": lambda p: (lambda ls: (round(ls.alpha, 6), ls.nfev, ls.njev))(
        strong_wolfe(p.f, p.grad, p.x0, -p.grad(p.x0), p.f(p.x0), p.grad(p.x0))),
}


@pytest.mark.parametrize("name", RUNS)
def test_counts_on_rosenbrock_do_not_move_in_the_last_bits(name):
    run = RUNS[name]
    expected = run(rosenbrock())
    assert all(run(perturbed(rosenbrock(), seed)) == expected for seed in SEEDS), name


def test_momentum_and_gradient_descent_step_counts_are_robust():
    # lessonlib.adaptive.run's example: 922 and 119 steps to tol = 1e-6
    p = ill_conditioned_quadratic(100.0)
    eta, beta, _ = adaptive.heavy_ball_optimal(1.0, 100.0)
    for optimizer in (lambda: adaptive.gd(2 / 101), lambda: adaptive.momentum(eta, beta)):
        expected = counts(adaptive.run(optimizer(), p, tol=1e-6))
        assert all(counts(adaptive.run(optimizer(), perturbed(p, seed), tol=1e-6)) == expected for seed in SEEDS)


def test_first_kick_of_perturbed_gradient_descent_is_robust():
    p = quartic_saddle()
    res = perturbed_gradient_descent(p, eta=0.1)
    for seed in SEEDS:
        other = perturbed_gradient_descent(perturbed(p, seed), eta=0.1)
        assert other.kicks[0] == res.kicks[0] and other.status_name == res.status_name
        assert np.allclose(other.x, res.x, atol=1e-6)   # the same minimum, (0, -√2)


def test_the_perturbation_is_large_enough_to_matter():
    # the check has teeth: a perturbation a thousand times larger does move a count of L-BFGS
    run = RUNS["minimize: L-BFGS"]
    expected = run(rosenbrock())
    assert any(run(perturbed(rosenbrock(), seed, noise=1e-10)) != expected for seed in range(20))
