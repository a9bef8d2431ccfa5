"""lessonlib: the numerical-optimization library behind the Downhill lessons."""

from lessonlib.calculus import check_gradient, derivative, gradient, hessian, second_derivative
from lessonlib.critical import (CriticalPoint, classify_1d, classify_hessian, critical_points,
                                find_critical_points)
from lessonlib.gd import gradient_descent, optimal_rate, optimal_step, rate, regime, update_factors
from lessonlib.problems import (HIMMELBLAU_MINIMA, Problem, beale, double_well, himmelblau,
                                ill_conditioned_quadratic, lesson_quadratic, logistic_regression, parabola,
                                powell_singular, quadratic, rosenbrock, saddle, square, wood)
from lessonlib.result import STATUS, OptimizeResult
from lessonlib.taylor import linear_model, predicted_decrease, quadratic_model, remainder_bound, taylor_polynomial
