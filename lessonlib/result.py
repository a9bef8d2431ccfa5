"""One result type and one iteration driver, shared by every solver.

Each solver in `lessonlib` is a short loop that reads like its lesson. Everything else, the
book-keeping, lives here, once:

* [`OptimizeResult`][lessonlib.result.OptimizeResult] is what every solver returns, named like
  ``scipy.optimize.OptimizeResult``.
* [`Run`][lessonlib.result.Run] counts evaluations of ``f``, ``grad`` and ``hess``, checks shapes and
  finiteness, records the path of iterates and their values, applies the stopping tests (gradient
  small enough, ``max_iter`` reached, divergence, non-finite values) and builds the result.

A solver written with [`Run`][lessonlib.result.Run] looks like this (gradient descent):

```python
run = Run(problem_or_f, x0, grad=grad, max_iter=max_iter, tol=tol)
x, fx, g = run.x, run.fun, run.jac
for k in run.iterations():
    x, fx, g = run.accept(x - eta * g)
return run.result()
```

The status codes ([`STATUS`][lessonlib.result.STATUS]), by ``status_name``:

* 0 ``"converged"``: the gradient norm reached ``tol``.
* 1 ``"max_iter"``: ``max_iter`` steps were taken without reaching ``tol``.
* 2 ``"diverged"``: the iterates ran off (``‖x‖`` past ``DIVERGENCE_BOUND · max(1, ‖x0‖)``), or
  ``max_iter`` steps ended with the loss higher than at the start.
* 3 ``"nonfinite"``: ``f``, its gradient or its Hessian returned ``nan`` or ``inf`` at a finite point.
* 4 ``"line_search_failed"``: the line search found no acceptable step.
* 5 ``"singular_hessian"``: Newton's system ``H p = -g`` could not be solved (H exactly singular, or
  a solution that is not finite).
* 6 ``"not_descent"``: the search direction does not point downhill (``gᵀp ≥ 0``).
* 7 ``"not_minimum"``: the gradient norm reached ``tol``, but the Hessian there has a clearly negative
  eigenvalue, so the point is not a local minimizer (the second-order necessary condition fails,
  Nocedal & Wright, *Numerical Optimization*, 2nd ed., Theorem 2.3): the run stopped near a saddle
  point or a maximum. Only the solvers that evaluate the Hessian
  ([`newton`][lessonlib.newton.newton], [`newton_1d`][lessonlib.newton.newton_1d]) check this.
* 8 ``"infeasible"``: a constrained solver ended with its constraints still violated (the problem is
  infeasible, or the run is stuck near a point that locally minimizes the violation).

Evaluations of the user's functions run under ``np.errstate(all="ignore")``: an overflow becomes an
``inf`` that the stopping tests turn into a status, never a warning.
"""

from __future__ import annotations

import numpy as np

STATUS = {
    "converged": 0,
    "max_iter": 1,
    "diverged": 2,
    "nonfinite": 3,
    "line_search_failed": 4,
    "singular_hessian": 5,
    "not_descent": 6,
    "not_minimum": 7,
    "infeasible": 8,
}
"""The status codes of a run, by name: ``res.status == STATUS[res.status_name]``."""

DIVERGENCE_BOUND = 1e8
"""A run has diverged once ``‖x‖ > DIVERGENCE_BOUND * max(1, ‖x0‖)``."""


class OptimizeResult:
    """The result of a solver: fields read as attributes (``res.x``) or as keys (``res["x"]``).

    Named like ``scipy.optimize.OptimizeResult``. (It is not a dict, so that ``res.values`` is the
    array of values below rather than ``dict.values``; ``keys()`` and ``dict(res)`` still work.)

    Attributes
    ----------
    x : ndarray, shape (n,)
        The last iterate. A scalar starting point gives shape ``(1,)``: use ``res.x[0]`` or
        ``res.x.item()`` for the number.
    fun : float
        ``f(x)``.
    jac : ndarray, shape (n,)
        The gradient at ``x``.
    nit : int
        Number of steps taken.
    nfev, njev, nhev : int
        Number of evaluations of ``f``, of the gradient and of the Hessian.
    success : bool
        True when the run converged (``status == 0``).
    status : int
        A code, see [`STATUS`][lessonlib.result.STATUS].
    status_name : str
        The code in words: ``"converged"``, ``"max_iter"``, ``"diverged"``, ``"nonfinite"``,
        ``"line_search_failed"``, ``"singular_hessian"``, ``"not_descent"`` or ``"not_minimum"``.
    message : str
        What happened, in a sentence.
    path : ndarray, shape (nit + 1, n), or None
        The iterates ``x0, x1, ..., x``; None when the solver ran with ``record_path=False``.
    values : ndarray, shape (nit + 1,)
        ``f`` along the path (``nan`` when the solver was given no ``f``).

    Some solvers add fields of their own, such as ``kicks`` or ``samples``; their docstrings say so.

    Examples
    --------
    >>> res = OptimizeResult(x=np.array([1.0]), nit=3, values=np.array([2.0, 1.0]))
    >>> res.nit, res["nit"], res.values
    (3, 3, array([2., 1.]))
    """

    def __init__(self, **fields):
        self.__dict__.update(fields)

    def __getitem__(self, key):
        return self.__dict__[key]

    def __setitem__(self, key, value):
        self.__dict__[key] = value

    def __contains__(self, key):
        return key in self.__dict__

    def keys(self):
        return self.__dict__.keys()

    def get(self, key, default=None):
        return self.__dict__.get(key, default)

    def __repr__(self):
        if not self.__dict__:
            return "OptimizeResult()"
        width = max(map(len, self.keys()))
        lines = []
        for key, value in self.__dict__.items():
            text = np.array2string(value, precision=6, threshold=20) if isinstance(value, np.ndarray) else repr(value)
            lines.append(f"{key:>{width}}: " + text.replace("\n", "\n" + " " * (width + 2)))
        return "\n".join(lines)


def _as_point(x0):
    """``x0`` as a new 1-D float array (a scalar becomes shape (1,)), or a ValueError."""
    x = np.array(x0, dtype=float)
    if x.ndim == 0:
        x = x.reshape(1)
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"x0 must be a number or a 1-D array, got an array of shape {x.shape}.")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"x0 must be finite, got {x}.")
    return x


class Run:
    """The book-keeping of one solver run: counted evaluations, path, stopping tests, result.

    Parameters
    ----------
    problem_or_f : Problem or callable or None
        A [`Problem`][lessonlib.problems.Problem], or the objective ``f(x) -> float``. None is allowed
        when only derivatives are known (``newton_1d``); ``fun`` and ``values`` are then ``nan``.
    x0 : array_like, optional
        Starting point; defaults to the problem's ``x0``.
    grad, hess : callable, optional
        Gradient and Hessian; default to the problem's. Without a gradient, central finite
        differences of ``f`` are used (their evaluations count in ``nfev``); without a Hessian,
        central differences of the gradient (their evaluations count in ``njev``).
    max_iter : int or None
        Bound on the number of steps; None means ``200 * n`` (as in SciPy's BFGS).
    tol : float
        Converged when ``norm(grad) <= tol``.
    norm : {2, inf}
        Which norm of the gradient the test uses; ``np.inf`` is SciPy's ``gtol`` test.
    record_path : bool
        Keep every iterate in ``path`` (turn off for huge ``n``).

    Raises
    ------
    ValueError
        ``x0`` missing, not 1-D or not finite; an objective that is neither a Problem nor callable;
        ``max_iter`` not an integer >= 1; ``tol < 0``; a function returning an array of the wrong
        shape.
    """

    def __init__(self, problem_or_f, x0=None, *, grad=None, hess=None, max_iter=1000, tol=1e-8,
                 norm=2, record_path=True):
        f = problem_or_f
        if hasattr(problem_or_f, "grad") and hasattr(problem_or_f, "x0"):  # a Problem
            f = problem_or_f.f
            grad = problem_or_f.grad if grad is None else grad
            hess = problem_or_f.hess if hess is None else hess
            x0 = problem_or_f.x0 if x0 is None else x0
        if x0 is None:
            raise ValueError("x0 is required when the objective is given as a function.")
        if f is None and grad is None:
            raise ValueError("give the objective f, its gradient grad, or a Problem.")
        if f is not None and not callable(f):
            raise ValueError(f"the objective must be a Problem or a callable, got {type(f).__name__}.")
        self.x = _as_point(x0)
        self.n = self.x.size
        max_iter = 200 * self.n if max_iter is None else max_iter
        if int(max_iter) != max_iter or max_iter < 1:
            raise ValueError(f"max_iter must be an integer >= 1, got {max_iter}.")
        if not tol >= 0:
            raise ValueError(f"tol must be >= 0, got {tol}.")
        self._f, self._grad, self._hess = f, grad, hess
        self.max_iter, self.tol, self.norm = int(max_iter), float(tol), norm
        self.record_path = record_path
        self.bound = DIVERGENCE_BOUND * max(1.0, float(np.linalg.norm(self.x)))
        self.nit = self.nfev = self.njev = self.nhev = 0
        self.status_name = None
        self.message = ""
        self.notes = []
        self.path = [self.x.copy()] if record_path else None
        self.fun = self.f(self.x)
        self.jac = self.grad(self.x)
        self.values = [self.fun]
        self._check()

    # -- counted evaluations -------------------------------------------------------------------
    def f(self, x):
        """``f(x)`` as a float, counted in ``nfev``."""
        if self._f is None:
            return float("nan")
        self.nfev += 1
        with np.errstate(all="ignore"):
            value = np.asarray(self._f(x), dtype=float)
        if value.size != 1:
            raise ValueError(f"f must return a number, got an array of shape {value.shape}.")
        return float(value.reshape(()))

    def grad(self, x):
        """The gradient at ``x`` as an array of shape (n,), counted in ``njev``."""
        if self._grad is None:
            from lessonlib.calculus import gradient

            self.njev += 1
            return gradient(self.f, x)
        self.njev += 1
        with np.errstate(all="ignore"):
            g = np.asarray(self._grad(x), dtype=float)
        if g.shape != (self.n,):
            if g.size == 1 and self.n == 1:
                return g.reshape(1)
            raise ValueError(f"grad must return an array of shape ({self.n},) like x, got shape {g.shape}.")
        return g

    def hess(self, x):
        """The Hessian at ``x`` as an (n, n) array, counted in ``nhev``."""
        if self._hess is None:
            from lessonlib.calculus import hessian

            self.nhev += 1
            return hessian(self.f, x, grad=self.grad)
        self.nhev += 1
        with np.errstate(all="ignore"):
            H = np.asarray(self._hess(x), dtype=float)
        if H.shape != (self.n, self.n):
            if H.size == 1 and self.n == 1:
                return H.reshape(1, 1)
            raise ValueError(f"hess must return a square array of shape ({self.n}, {self.n}), got shape {H.shape}.")
        return H

    # -- the loop ------------------------------------------------------------------------------
    def iterations(self):
        """Yield the step numbers 0, 1, ... until a stopping test fires or ``max_iter`` is reached."""
        for k in range(self.max_iter):
            if self.status_name is not None:
                return
            yield k
        if self.status_name is None:
            if self.values[-1] > self.values[0]:
                self.stop("diverged", f"diverged: f rose from {self.values[0]:.3g} to {self.values[-1]:.3g} "
                                      f"in max_iter = {self.max_iter} steps")
            else:
                self.stop("max_iter", f"stopped: max_iter = {self.max_iter} steps taken before the gradient "
                                      f"norm reached tol = {self.tol:g}")

    def accept(self, x, fx=None, g=None):
        """Take ``x`` as the next iterate (evaluating ``f`` and ``grad`` there unless given).

        Returns ``(x, f(x), grad(x))`` and applies the stopping tests.
        """
        # --8<-- [start:accept_body]
        self.nit += 1
        self.x = x
        self.fun = self.f(x) if fx is None else float(fx)
        self.jac = self.grad(x) if g is None else g
        if self.record_path:
            self.path.append(np.array(x, dtype=float))
        self.values.append(self.fun)
        self._check()
        return self.x, self.fun, self.jac
        # --8<-- [end:accept_body]

    def _check(self):
        k, g = self.nit, self.jac
        size = np.linalg.norm(self.x)
        g_max, g_min = g.max(), g.min()  # finite iff every entry is (nan and inf propagate)
        if not np.isfinite(size) or size > self.bound:
            self.stop("diverged", f"diverged at step {k}: |x| exceeded {self.bound:.3g}")
        elif not (np.isfinite(self.fun) or self._f is None):
            self.stop("nonfinite", f"f returned {self.fun} at step {k}")
        elif not (np.isfinite(g_max) and np.isfinite(g_min)):
            self.stop("nonfinite", f"the gradient has non-finite entries at step {k}")
        elif (max(g_max, -g_min) if self.norm == np.inf else np.linalg.norm(g, self.norm)) <= self.tol:
            self.stop("converged", f"converged in {k} iterations: gradient norm <= tol = {self.tol:g}")

    def stop(self, status_name, message):
        """Stop the run with a status from [`STATUS`][lessonlib.result.STATUS] and a message."""
        self.status_name, self.message = status_name, message

    def note(self, text):
        """Add a remark to the final message."""
        self.notes.append(text)

    def fail(self, status_name, message):
        """Stop the run and return its result (for a solver that cannot go on)."""
        self.stop(status_name, message)
        return self.result()

    def result(self):
        """The [`OptimizeResult`][lessonlib.result.OptimizeResult] of the run."""
        if self.status_name is None:
            self.stop("max_iter", f"stopped after {self.nit} steps")
        message = "; ".join([self.message, *self.notes])
        return OptimizeResult(
            x=self.x, fun=self.fun, jac=self.jac, nit=self.nit, nfev=self.nfev, njev=self.njev,
            nhev=self.nhev, success=self.status_name == "converged", status=STATUS[self.status_name],
            status_name=self.status_name, message=message,
            path=np.array(self.path) if self.record_path else None, values=np.array(self.values),
        )
