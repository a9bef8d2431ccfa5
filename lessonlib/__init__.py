"""lessonlib: the numerical-optimization library behind the Downhill lessons.

Every solver returns an [`OptimizeResult`][lessonlib.result.OptimizeResult]; every test problem is a
[`Problem`][lessonlib.problems.Problem].
"""

from lessonlib.autodiff import grad, hvp, jvp, value_and_grad
from lessonlib.calculus import check_gradient, derivative, gradient, hessian, second_derivative
from lessonlib.constrained import (kkt_residual, minimize_constrained, project_ball, project_box,
                                   project_simplex, projected_gradient)
from lessonlib.critical import (CriticalPoint, classify_1d, classify_hessian, critical_points,
                                find_critical_points)
from lessonlib.gd import gradient_descent, optimal_rate, optimal_step, rate, regime, update_factors
from lessonlib.linesearch import LineSearchResult, backtracking, strong_wolfe
from lessonlib.minimize import minimize
from lessonlib.minmax import bilinear_rates, extragradient, gda, optimistic_gda
from lessonlib.newton import newton, newton_1d, newton_direction
from lessonlib.problems import (HIMMELBLAU_MINIMA, Problem, beale, double_well, himmelblau,
                                ill_conditioned_quadratic, lesson_quadratic, logistic_regression, parabola,
                                powell_singular, quadratic, rosenbrock, saddle, square, wood)
from lessonlib.proximal import lasso, prox_gradient, soft_threshold, subgradient_method
from lessonlib.quasi_newton import bfgs, bfgs_update, lbfgs, two_loop
from lessonlib.result import STATUS, OptimizeResult, Run
from lessonlib.second_order import least_squares, trust_region
from lessonlib.taylor import linear_model, predicted_decrease, quadratic_model, remainder_bound, taylor_polynomial

__all__ = [
    "HIMMELBLAU_MINIMA", "STATUS", "CriticalPoint", "LineSearchResult", "OptimizeResult", "Problem", "Run",
    "backtracking", "beale", "bilinear_rates", "bfgs", "bfgs_update", "check_gradient", "classify_1d", "classify_hessian",
    "critical_points", "derivative", "double_well", "extragradient", "find_critical_points", "gradient", "gda", "grad", "gradient_descent", "hvp", "jvp",
    "hessian", "himmelblau", "kkt_residual", "lasso", "least_squares", "minimize_constrained", "project_ball", "project_box",
    "project_simplex", "projected_gradient", "ill_conditioned_quadratic", "lbfgs", "lesson_quadratic", "linear_model",
    "logistic_regression", "minimize", "newton", "newton_1d", "newton_direction", "optimal_rate",
    "optimal_step", "optimistic_gda", "parabola", "powell_singular", "predicted_decrease", "prox_gradient", "quadratic", "quadratic_model",
    "rate", "regime", "remainder_bound", "rosenbrock", "saddle", "second_derivative", "soft_threshold", "square",
    "strong_wolfe", "subgradient_method", "taylor_polynomial", "trust_region", "two_loop", "update_factors", "value_and_grad", "wood",
]
