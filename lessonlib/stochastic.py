"""Stochastic gradients: mini-batch SGD on a least-squares problem.

The loss of a model on N examples is an average, ℒ(w) = (1/N) Σᵢ ℓᵢ(w), so its gradient is an
average too. A mini-batch of B distinct examples drawn at random gives an unbiased estimate of it,

```text
g_B(w) = (1/B) Σ_{i ∈ batch} ∇ℓᵢ(w),    E[g_B] = ∇ℒ(w),
```

at B/N of the cost. Its variance, E‖g_B − ∇ℒ‖² = (σ²/B)·(N − B)/(N − 1) with
σ² = (1/N) Σᵢ ‖∇ℓᵢ(w) − ∇ℒ(w)‖², is about σ²/B for B ≪ N and 0 for the full batch B = N (the
variance of a sample mean drawn without replacement: W. G. Cochran, *Sampling Techniques*, 3rd ed.,
Theorem 2.2). Here ℓᵢ(w) = ½ (xᵢᵀw − yᵢ)², so

```text
ℒ(w) = ‖Xw − y‖² / (2N),    ∇ℒ(w) = Xᵀ(Xw − y) / N,    ∇²ℒ = XᵀX / N.
```

Every random choice comes from ``np.random.default_rng(seed)``, so a run is reproducible.

References
----------
H. Robbins & S. Monro, "A stochastic approximation method", Annals of Mathematical Statistics 22, 1951.

L. Bottou, F. E. Curtis & J. Nocedal, "Optimization methods for large-scale machine learning", SIAM
Review 60(2), 2018, Section 4.
"""

from __future__ import annotations

import numpy as np

from lessonlib.adaptive import gd
from lessonlib.problems import Problem
from lessonlib.result import Run


def least_squares_data(n_samples=256, n_features=5, noise=0.5, seed=0):
    """A synthetic regression data set: y = X w_true + noise · ε, with X and ε standard normal.

    Parameters
    ----------
    n_samples, n_features : int
        N and d.
    noise : float
        Standard deviation of the noise on y.
    seed : int
        Seed of ``np.random.default_rng``.

    Returns
    -------
    X : ndarray, shape (N, d)
    y : ndarray, shape (N,)
    w_true : ndarray, shape (d,)
        The weights the data were made with (not the least-squares minimizer, because of the noise).

    Examples
    --------
    >>> X, y, w_true = least_squares_data(n_samples=100, n_features=3, seed=1)
    >>> X.shape, y.shape, w_true.shape
    ((100, 3), (100,), (3,))
    """
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_samples, n_features))
    w_true = rng.standard_normal(n_features)
    y = X @ w_true + noise * rng.standard_normal(n_samples)
    return X, y, w_true


def least_squares(X, y, x0=None):
    """The least-squares loss ℒ(w) = ‖Xw − y‖² / (2N) as a [`Problem`][lessonlib.problems.Problem].

    Parameters
    ----------
    X : array_like, shape (N, d)
        The examples, one per row.
    y : array_like, shape (N,)
        The targets.
    x0 : array_like, shape (d,), optional
        Starting weights (zeros by default).

    Returns
    -------
    Problem
        With the least-squares solution as ``minimizer`` (the one of least norm when X has rank
        < d) and its loss as ``fmin``.

    Raises
    ------
    ValueError
        If X is not 2-D or y does not have one entry per row of X.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]); y = np.array([1.0, 2.0, 3.0])
    >>> p = least_squares(X, y)
    >>> np.round(p.minimizer, 12), round(p.fmin, 12)
    (array([1., 2.]), 0.0)
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"need X of shape (N, d) and y of shape (N,), got {X.shape} and {y.shape}.")
    N, d = X.shape
    x0 = np.zeros(d) if x0 is None else np.asarray(x0, dtype=float)

    def f(w):
        r = X @ w - y
        return float(r @ r) / (2 * N)

    def grad(w):
        return X.T @ (X @ w - y) / N

    def hess(w):
        return X.T @ X / N

    w_star = np.linalg.lstsq(X, y, rcond=None)[0]
    return Problem("least squares", f, grad, hess, x0, w_star, f(w_star))


def minibatch_gradient(X, y, w, batch):
    """The gradient of the least-squares loss on the examples ``batch``: X_Bᵀ(X_B w − y_B) / B.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 2.0]]); y = np.array([1.0, 0.0])
    >>> minibatch_gradient(X, y, np.array([0.0, 1.0]), [1])     # only the second example
    array([0., 4.])
    """
    XB, yB = X[batch], y[batch]
    return XB.T @ (XB @ w - yB) / len(yB)


# --8<-- [start:minibatch_sgd]
def minibatch_sgd(X, y, batch_size, eta=0.1, *, optimizer=None, steps=500, w0=None, seed=0,
                  record_path=True):
    """Minimize ‖Xw − y‖²/(2N) with gradients from random mini-batches of ``batch_size`` examples.

    Each step draws ``batch_size`` distinct examples with ``np.random.default_rng(seed)``, takes
    the gradient on them only ([`minibatch_gradient`][lessonlib.stochastic.minibatch_gradient]),
    and moves with ``optimizer`` (plain SGD, w ← w − η g_B, by default; any
    [`lessonlib.adaptive`][lessonlib.adaptive] optimizer works). ``batch_size = N`` is full-batch
    gradient descent.

    Parameters
    ----------
    X : array_like, shape (N, d)
    y : array_like, shape (N,)
    batch_size : int
        B, between 1 and N.
    eta : float or callable
        The learning rate of the default optimizer (ignored when ``optimizer`` is given).
    optimizer : Optimizer, optional
        How a mini-batch gradient becomes a step; ``gd(eta)`` by default.
    steps : int
        Number of steps.
    w0 : array_like, shape (d,), optional
        Starting weights (zeros by default).
    seed : int
        Seed of the random batches.
    record_path : bool
        Keep every iterate in ``res.path``.

    Returns
    -------
    OptimizeResult
        ``res.values`` is the loss history: the full-data loss ℒ(w_k) at the start and after every
        step (length ``steps + 1``), computed to *monitor* the run (those evaluations, and the
        full-data gradients beside them, are what ``nfev`` and ``njev`` count; the run never stops
        on a small full-data gradient). ``res.samples`` is the number of examples whose gradient
        was taken, ``nit · B`` (``steps · B`` for a run that was not stopped). ``status_name`` is
        "max_iter", or "diverged" (w ran off, or the last loss is above the first) or "nonfinite"
        when η is too large.

    Raises
    ------
    ValueError
        If ``batch_size`` is not an integer between 1 and N, or ``steps`` < 1.

    Examples
    --------
    >>> X, y, _ = least_squares_data(seed=0)
    >>> res = minibatch_sgd(X, y, batch_size=8, eta=0.1, steps=300, seed=0)
    >>> res.values.shape, res.samples, res.status_name
    ((301,), 2400, 'max_iter')
    >>> round(float(res.values[0]), 4), round(float(res.values[-1]), 4)
    (2.0275, 0.128)
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    N = X.shape[0]
    if int(batch_size) != batch_size or not 1 <= batch_size <= N:
        raise ValueError(f"batch_size must be an integer between 1 and N = {N}, got {batch_size}.")
    optimizer = gd(eta) if optimizer is None else optimizer
    # --8<-- [start:minibatch_sgd_loop]
    rng = np.random.default_rng(seed)
    # tol=0: the full-data loss and gradient are only watched, never used to stop
    book = Run(least_squares(X, y, x0=w0), max_iter=steps, tol=0.0,
               record_path=record_path)
    w = book.x
    state = optimizer.init(w)
    for k in book.iterations():
        batch = rng.choice(N, size=batch_size, replace=False)
        g = minibatch_gradient(X, y, w, batch)
        step, state = optimizer.update(g, state, w)
        w, loss, _ = book.accept(w + step)
    # --8<-- [end:minibatch_sgd_loop]
    res = book.result()
    res.samples = res.nit * int(batch_size)
    res.batch_size = int(batch_size)
    return res
# --8<-- [end:minibatch_sgd]


def final_loss_noise(res, fmin, tail=200):
    """How far above the optimum, and how noisily, a run's loss sits over its last ``tail`` steps.

    Parameters
    ----------
    res : OptimizeResult
        A run whose ``values`` is the loss history (e.g. from
        [`minibatch_sgd`][lessonlib.stochastic.minibatch_sgd]).
    fmin : float
        The optimal loss.
    tail : int
        How many of the last values to average over.

    Returns
    -------
    mean_excess, std : float
        The mean of ℒ(w_k) − ℒ* and the standard deviation of ℒ(w_k) over the tail.

    Examples
    --------
    >>> from lessonlib.result import OptimizeResult
    >>> final_loss_noise(OptimizeResult(values=np.array([9.0, 1.0, 3.0])), fmin=1.0, tail=2)
    (1.0, 1.0)
    """
    values = np.asarray(res.values, dtype=float)[-tail:]
    return float(np.mean(values - fmin)), float(np.std(values))
