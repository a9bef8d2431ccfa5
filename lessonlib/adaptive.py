"""Momentum and adaptive methods, each a tiny ``init``/``update`` pair in the style of Optax.

An [`Optimizer`][lessonlib.adaptive.Optimizer] is two functions:

```python
state = opt.init(x0)                   # the method's memory, zeros at the start
step, state = opt.update(g, state)     # g = ∇f(x) at the current iterate x
x = x + step                           # the caller moves
```

``step`` is what is *added* to ``x`` (it already carries the minus sign), as in Optax. Every state
is a small named tuple whose first field ``k`` counts the steps taken so far, so the step of
iteration ``k = 0, 1, 2, ...`` uses the learning rate ``η_k = eta(k)`` when ``eta`` is a schedule
(any callable of ``k``, see [`lessonlib.schedules`][lessonlib.schedules]) and ``η_k = eta`` when it
is a number. All arithmetic is elementwise on arrays of the shape of ``x``.
[`run`][lessonlib.adaptive.run] is the loop that drives any of them on a problem and returns the
usual [`OptimizeResult`][lessonlib.result.OptimizeResult].

The update rules, exactly as coded, in this order (``g`` the gradient; every state vector is zero at
``k = 0``):

| method     | one step                                                                                |
|------------|-----------------------------------------------------------------------------------------|
| `gd`       | step = −η_k g                                                                           |
| `momentum` | v = β v − η_k g;  step = v                                                              |
| `nesterov` | v = β v − η_k g;  step = β v − η_k g  (with the new v)                                  |
| `adagrad`  | G = G + g²;  step = −η_k g / (√G + ε)                                                   |
| `rmsprop`  | s = ρ s + (1 − ρ) g²;  step = −η_k g / (√s + ε)                                         |
| `adam`     | t = k + 1;  m = β₁ m + (1 − β₁) g;  v = β₂ v + (1 − β₂) g²;  m̂ = m / (1 − β₁ᵗ);  v̂ = v / (1 − β₂ᵗ);  step = −η_k m̂ / (√v̂ + ε) |

``ε`` is always added *outside* the square root, after Adam's bias correction.

References
----------
B. T. Polyak, "Some methods of speeding up the convergence of iteration methods", USSR Computational
Mathematics and Mathematical Physics 4(5), 1964.

Y. Nesterov, "A method for solving the convex programming problem with convergence rate O(1/k²)",
Soviet Mathematics Doklady 27, 1983.

I. Sutskever, J. Martens, G. Dahl & G. Hinton, "On the importance of initialization and momentum in
deep learning", ICML 2013.

J. Duchi, E. Hazan & Y. Singer, "Adaptive subgradient methods for online learning and stochastic
optimization", JMLR 12, 2011.

T. Tieleman & G. Hinton, Lecture 6.5, "rmsprop: divide the gradient by a running average of its recent
magnitude", COURSERA: Neural Networks for Machine Learning, 2012.

D. P. Kingma & J. Ba, "Adam: a method for stochastic optimization", ICLR 2015.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from lessonlib.result import Run


class Optimizer(NamedTuple):
    """A method as a pair of functions, ``init(x0) -> state`` and ``update(g, state) -> (step, state)``.

    ``update`` also accepts the current iterate as a third argument, ``update(g, state, x)``, as Optax
    does; none of the methods here uses it.

    Examples
    --------
    >>> opt = momentum(eta=0.1, beta=0.9)
    >>> state = opt.init(np.array([1.0, 1.0]))
    >>> step, state = opt.update(np.array([1.0, 4.0]), state)
    >>> step, state.k
    (array([-0.1, -0.4]), 1)
    """

    init: Callable
    update: Callable


class GDState(NamedTuple):
    """State of [`gd`][lessonlib.adaptive.gd]: the step count ``k``."""

    k: int


class MomentumState(NamedTuple):
    """State of [`momentum`][lessonlib.adaptive.momentum] and [`nesterov`][lessonlib.adaptive.nesterov]:
    step count ``k`` and velocity ``v``."""

    k: int
    v: np.ndarray


class AdaGradState(NamedTuple):
    """State of [`adagrad`][lessonlib.adaptive.adagrad]: step count ``k`` and the running sum ``G`` of
    squared gradients."""

    k: int
    G: np.ndarray


class RMSPropState(NamedTuple):
    """State of [`rmsprop`][lessonlib.adaptive.rmsprop]: step count ``k`` and the moving average ``s``
    of squared gradients."""

    k: int
    s: np.ndarray


class AdamState(NamedTuple):
    """State of [`adam`][lessonlib.adaptive.adam]: step count ``k``, first moment ``m`` and second
    moment ``v``."""

    k: int
    m: np.ndarray
    v: np.ndarray


def learning_rate(eta, k):
    """The step size of iteration ``k``: ``eta(k)`` for a schedule, ``eta`` itself for a number.

    Examples
    --------
    >>> learning_rate(0.1, 7), learning_rate(lambda k: 1.0 / (k + 1), 3)
    (0.1, 0.25)
    """
    return float(eta(k)) if callable(eta) else float(eta)


def _check_eta(eta):
    if not callable(eta) and not eta > 0:
        raise ValueError(f"eta must be > 0 or a schedule (a callable of k), got {eta}.")


def _check_decay(name, value):
    if not 0 <= value < 1:
        raise ValueError(f"{name} must be in [0, 1), got {value}.")


def _zeros(x0):
    return np.zeros(np.shape(x0), dtype=float)


# --8<-- [start:gd]
def gd(eta):
    """Plain gradient descent as an optimizer: step = −η g.

    The baseline every other method is compared with (same rule as
    [`lessonlib.gd.gradient_descent`][lessonlib.gd.gradient_descent]).

    Parameters
    ----------
    eta : float or callable
        Learning rate, > 0, or a schedule ``eta(k)``.

    Returns
    -------
    Optimizer

    References
    ----------
    A. Cauchy, "Méthode générale pour la résolution des systèmes d'équations simultanées" (1847).

    Examples
    --------
    >>> opt = gd(0.1)
    >>> step, state = opt.update(np.array([2.0, -4.0]), opt.init(np.zeros(2)))
    >>> step
    array([-0.2,  0.4])
    """
    _check_eta(eta)

    def init(x0):
        return GDState(k=0)

    def update(g, state, x=None):
        step = -learning_rate(eta, state.k) * g
        return step, GDState(state.k + 1)

    return Optimizer(init, update)
# --8<-- [end:gd]


# --8<-- [start:momentum]
def momentum(eta, beta=0.9):
    """Heavy-ball momentum: v = β v − η g, then x = x + v.

    The velocity ``v`` is a running, decaying sum of past steps; unrolled, it is Polyak's
    x_{k+1} = x_k − η ∇f(x_k) + β (x_k − x_{k−1}). Along a direction where the gradient keeps its
    sign the steps add up (with a constant gradient, up to 1/(1 − β) times longer); where it flips
    sign (the zig-zag) they cancel.

    Parameters
    ----------
    eta : float or callable
        Learning rate, > 0, or a schedule ``eta(k)``.
    beta : float
        Momentum coefficient in [0, 1); 0 is plain gradient descent.

    Returns
    -------
    Optimizer
        Its state is [`MomentumState`][lessonlib.adaptive.MomentumState] ``(k, v)`` with ``v = 0``
        at the start.

    References
    ----------
    B. T. Polyak, "Some methods of speeding up the convergence of iteration methods", USSR
    Computational Mathematics and Mathematical Physics 4(5), 1964.

    Examples
    --------
    Two steps on f(w) = ½(w₁² + 4w₂²) from (2, 1), where ∇f = (w₁, 4w₂):

    >>> opt = momentum(eta=0.1, beta=0.5)
    >>> x = np.array([2.0, 1.0]); state = opt.init(x)
    >>> step, state = opt.update(np.array([x[0], 4 * x[1]]), state); x = x + step
    >>> x                               # v = −0.1·(2, 4)
    array([1.8, 0.6])
    >>> step, state = opt.update(np.array([x[0], 4 * x[1]]), state); x = x + step
    >>> np.round(x, 6)                  # v = 0.5·(−0.2, −0.4) − 0.1·(1.8, 2.4)
    array([1.52, 0.16])
    """
    _check_eta(eta)
    _check_decay("beta", beta)

    # --8<-- [start:momentum_update]
    def init(x0):
        return MomentumState(k=0, v=_zeros(x0))

    def update(g, state, x=None):
        v = beta * state.v - learning_rate(eta, state.k) * g
        return v, MomentumState(state.k + 1, v)
    # --8<-- [end:momentum_update]

    return Optimizer(init, update)
# --8<-- [end:momentum]


# --8<-- [start:nesterov]
def nesterov(eta, beta=0.9):
    """Nesterov's accelerated gradient, in the form that needs only the gradient at the iterate.

    Sutskever et al. (2013) write Nesterov's method as a momentum method that takes the gradient at
    the look-ahead point x + βv:

        v_{k+1} = β v_k − η ∇f(x_k + β v_k),    x_{k+1} = x_k + v_{k+1}.

    Tracking the look-ahead point y_k = x_k + β v_k instead of x_k gives an update that uses the
    gradient g = ∇f(y_k) at the current iterate, which is what this optimizer does (as do PyTorch's
    ``SGD(nesterov=True)`` and Optax's ``sgd(nesterov=True)``):

        v = β v − η g,    step = β v − η g   (with the new v),    y = y + step.

    Compared with [`momentum`][lessonlib.adaptive.momentum], whose step is the new velocity
    β v_old − η g, the step here is β v_new − η g: it takes β times the *new* velocity, which already
    contains the current gradient, so the method corrects itself one step earlier, which damps the
    overshoot.

    Parameters
    ----------
    eta : float or callable
        Learning rate, > 0, or a schedule ``eta(k)``.
    beta : float
        Momentum coefficient in [0, 1).

    Returns
    -------
    Optimizer
        Its state is [`MomentumState`][lessonlib.adaptive.MomentumState] ``(k, v)`` with ``v = 0``
        at the start.

    References
    ----------
    Y. Nesterov, "A method for solving the convex programming problem with convergence rate
    O(1/k²)", Soviet Mathematics Doklady 27, 1983.

    I. Sutskever, J. Martens, G. Dahl & G. Hinton, "On the importance of initialization and momentum
    in deep learning", ICML 2013.

    Examples
    --------
    Two steps on f(w) = ½(w₁² + 4w₂²) from (2, 1):

    >>> opt = nesterov(eta=0.1, beta=0.9)
    >>> x = np.array([2.0, 1.0]); state = opt.init(x)
    >>> step, state = opt.update(np.array([x[0], 4 * x[1]]), state); x = x + step
    >>> np.round(x, 6)                  # v = (−0.2, −0.4), step = 0.9·v − 0.1·(2, 4)
    array([1.62, 0.24])
    >>> step, state = opt.update(np.array([x[0], 4 * x[1]]), state); x = x + step
    >>> np.round(x, 6)                  # v = 0.9·v − 0.1·(1.62, 0.96), step = 0.9·v − 0.1·(1.62, 0.96)
    array([ 1.1502, -0.2664])
    """
    _check_eta(eta)
    _check_decay("beta", beta)

    # --8<-- [start:nesterov_update]
    def init(x0):
        return MomentumState(k=0, v=_zeros(x0))

    def update(g, state, x=None):
        eta_k = learning_rate(eta, state.k)
        v = beta * state.v - eta_k * g
        step = beta * v - eta_k * g
        return step, MomentumState(state.k + 1, v)
    # --8<-- [end:nesterov_update]

    return Optimizer(init, update)
# --8<-- [end:nesterov]


# --8<-- [start:adagrad]
def adagrad(eta, eps=1e-8):
    """AdaGrad: divide each coordinate's step by the root of its summed squared gradients.

    G = G + g²,  step = −η g / (√G + ε).

    Coordinates with large gradients so far get small steps, rarely-updated ones keep large steps.
    Because ``G`` only grows, the effective step η/√G never increases; while the gradients keep a
    similar size it shrinks like 1/√k, the decay of Duchi et al.'s analysis for convex problems,
    which can stall a long non-convex run.

    Parameters
    ----------
    eta : float or callable
        Learning rate, > 0, or a schedule ``eta(k)``.
    eps : float
        Added to √G (outside the root) to avoid dividing by zero.

    Returns
    -------
    Optimizer
        Its state is [`AdaGradState`][lessonlib.adaptive.AdaGradState] ``(k, G)`` with ``G = 0`` at
        the start.

    References
    ----------
    J. Duchi, E. Hazan & Y. Singer, "Adaptive subgradient methods for online learning and stochastic
    optimization", JMLR 12, 2011 (the diagonal version, with δ = ε).

    Examples
    --------
    The first step moves every coordinate by η, whatever the size of its gradient:

    >>> opt = adagrad(eta=0.5)
    >>> x = np.array([2.0, 1.0]); state = opt.init(x)
    >>> step, state = opt.update(np.array([x[0], 4 * x[1]]), state); x = x + step
    >>> np.round(x, 6)                  # G = (4, 16), step = −0.5·(2/2, 4/4)
    array([1.5, 0.5])
    >>> step, state = opt.update(np.array([x[0], 4 * x[1]]), state); x = x + step
    >>> np.round(x, 6)                  # G = (4 + 2.25, 16 + 4)
    array([1.2 , 0.276393])
    """
    _check_eta(eta)

    # --8<-- [start:adagrad_update]
    def init(x0):
        return AdaGradState(k=0, G=_zeros(x0))

    def update(g, state, x=None):
        G = state.G + g * g
        step = -learning_rate(eta, state.k) * g / (np.sqrt(G) + eps)
        return step, AdaGradState(state.k + 1, G)
    # --8<-- [end:adagrad_update]

    return Optimizer(init, update)
# --8<-- [end:adagrad]


# --8<-- [start:rmsprop]
def rmsprop(eta, rho=0.9, eps=1e-8):
    """RMSProp: divide each coordinate's step by a moving root-mean-square of its gradients.

    s = ρ s + (1 − ρ) g²,  step = −η g / (√s + ε).

    Like [`adagrad`][lessonlib.adaptive.adagrad], but the sum is replaced by an exponential moving
    average, so old gradients are forgotten and the effective step η/√s does not decay to zero
    merely because steps accumulate. There is no bias correction: since ``s`` starts at 0, the first
    step moves each coordinate with a nonzero gradient by about η/√(1 − ρ) ≈ 3.16 η (for ρ = 0.9).

    Parameters
    ----------
    eta : float or callable
        Learning rate, > 0, or a schedule ``eta(k)``.
    rho : float
        Decay of the moving average, in [0, 1) (0.9 in Hinton's lecture).
    eps : float
        Added to √s (outside the root).

    Returns
    -------
    Optimizer
        Its state is [`RMSPropState`][lessonlib.adaptive.RMSPropState] ``(k, s)`` with ``s = 0`` at
        the start.

    References
    ----------
    T. Tieleman & G. Hinton, Lecture 6.5, "rmsprop: divide the gradient by a running average of its
    recent magnitude", COURSERA: Neural Networks for Machine Learning, 2012.

    Examples
    --------
    >>> opt = rmsprop(eta=0.1, rho=0.9)
    >>> x = np.array([2.0, 1.0]); state = opt.init(x)
    >>> step, state = opt.update(np.array([x[0], 4 * x[1]]), state); x = x + step
    >>> np.round(x, 6)                  # s = 0.1·(4, 16), step = −0.1·(2, 4)/√s = −0.1·√10·(1, 1)
    array([1.683772, 0.683772])
    >>> step, state = opt.update(np.array([x[0], 4 * x[1]]), state); x = x + step
    >>> np.round(x, 6)
    array([1.473875, 0.498871])
    """
    _check_eta(eta)
    _check_decay("rho", rho)

    # --8<-- [start:rmsprop_update]
    def init(x0):
        return RMSPropState(k=0, s=_zeros(x0))

    def update(g, state, x=None):
        s = rho * state.s + (1 - rho) * g * g
        step = -learning_rate(eta, state.k) * g / (np.sqrt(s) + eps)
        return step, RMSPropState(state.k + 1, s)
    # --8<-- [end:rmsprop_update]

    return Optimizer(init, update)
# --8<-- [end:rmsprop]


# --8<-- [start:adam]
def adam(eta, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam: momentum on the gradient, divided by a moving root-mean-square, both bias-corrected.

    With t = k + 1 the number of the step being taken:

        m = β₁ m + (1 − β₁) g            first moment (momentum)
        v = β₂ v + (1 − β₂) g²           second moment (per-coordinate scale)
        m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)    bias correction
        step = −η m̂ / (√v̂ + ε)

    ``m`` and ``v`` start at zero, so without the correction they would be too small in the first
    steps; with it, m̂ and v̂ are weighted averages (weights summing to 1) of the gradients and of
    their squares seen so far. The first step is then −η g / (|g| + ε) ≈ −η sign(g): every
    coordinate whose gradient is much larger than ε moves by about η. Read as
    ``step = −η D⁻¹ m̂`` with ``D = diag(√v̂) + εI``, Adam is gradient descent with momentum,
    preconditioned by a diagonal matrix estimated from gradients alone.

    Parameters
    ----------
    eta : float or callable
        Learning rate, > 0, or a schedule ``eta(k)``. It is the rough size of a step in each
        coordinate, in the units of ``x`` (Kingma & Ba, Section 2.1, discuss when it bounds it).
    beta1, beta2 : float
        Decays of the two moving averages, in [0, 1).
    eps : float
        Added to √v̂ (outside the root, after the bias correction), as in the paper's Algorithm 1.

    Returns
    -------
    Optimizer
        Its state is [`AdamState`][lessonlib.adaptive.AdamState] ``(k, m, v)`` with ``m = v = 0``
        at the start.

    References
    ----------
    D. P. Kingma & J. Ba, "Adam: a method for stochastic optimization", ICLR 2015, Algorithm 1.

    Examples
    --------
    >>> opt = adam(eta=0.1)
    >>> x = np.array([2.0, 1.0]); state = opt.init(x)
    >>> step, state = opt.update(np.array([x[0], 4 * x[1]]), state); x = x + step
    >>> np.round(x, 6)                  # m̂ = g, v̂ = g², step = −0.1·g/|g|
    array([1.9, 0.9])
    >>> step, state = opt.update(np.array([x[0], 4 * x[1]]), state); x = x + step
    >>> np.round(x, 6)
    array([1.800166, 0.800412])
    """
    _check_eta(eta)
    _check_decay("beta1", beta1)
    _check_decay("beta2", beta2)

    # --8<-- [start:adam_update]
    def init(x0):
        return AdamState(k=0, m=_zeros(x0), v=_zeros(x0))

    def update(g, state, x=None):
        t = state.k + 1
        m = beta1 * state.m + (1 - beta1) * g
        v = beta2 * state.v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        step = -learning_rate(eta, state.k) * m_hat / (np.sqrt(v_hat) + eps)
        return step, AdamState(t, m, v)
    # --8<-- [end:adam_update]

    return Optimizer(init, update)
# --8<-- [end:adam]


# --8<-- [start:run]
def run(optimizer, problem_or_f, x0=None, *, grad=None, max_iter=1000, tol=1e-8, norm=2, record_path=True):
    """Minimize f with an optimizer: x ← x + step, with the step from ``optimizer.update``.

    ``optimizer`` is an [`Optimizer`][lessonlib.adaptive.Optimizer] such as
    [`momentum`][lessonlib.adaptive.momentum] or [`adam`][lessonlib.adaptive.adam].

    The shared book-keeping of [`lessonlib.result.Run`][lessonlib.result.Run] counts evaluations,
    records the path, and stops on a small gradient, on ``max_iter``, on divergence or on a
    non-finite value.

    Parameters
    ----------
    optimizer : Optimizer
        For example ``momentum(0.1, beta=0.9)`` or ``adam(0.05)``.
    problem_or_f : Problem or callable
        A [`Problem`][lessonlib.problems.Problem], or the function f (then give ``x0`` and ``grad``).
    x0 : float or array_like, shape (n,), optional
        Starting point; defaults to the problem's.
    grad : callable, optional
        The gradient; finite differences if neither it nor a problem is given.
    max_iter : int
        Most steps to take (>= 1).
    tol : float
        Stop when ``norm(grad) <= tol``.
    norm : {2, np.inf}
        The gradient norm of the stopping test.
    record_path : bool
        Keep every iterate in ``res.path``.

    Returns
    -------
    OptimizeResult
        ``status_name`` is "converged", "max_iter", "diverged" or "nonfinite", as for
        [`lessonlib.gd.gradient_descent`][lessonlib.gd.gradient_descent].

    Examples
    --------
    >>> from lessonlib.problems import ill_conditioned_quadratic
    >>> p = ill_conditioned_quadratic(100.0)          # ½(x₁² + 100 x₂²)
    >>> eta, beta, rate = heavy_ball_optimal(1.0, 100.0)
    >>> for opt in (gd(2 / 101), momentum(eta, beta)):
    ...     res = run(opt, p, tol=1e-6)
    ...     print(res.status_name, res.nit)
    converged 922
    converged 119
    >>> run(momentum(0.05, beta=0.9), p).status_name    # ηL = 5 > 2(1 + β): unstable
    'diverged'
    """
    # --8<-- [start:run_loop]
    book = Run(problem_or_f, x0, grad=grad, max_iter=max_iter, tol=tol, norm=norm,
               record_path=record_path)
    x, g = book.x, book.jac
    state = optimizer.init(x)
    for k in book.iterations():
        step, state = optimizer.update(g, state, x)
        x, fx, g = book.accept(x + step)
    return book.result()
    # --8<-- [end:run_loop]
# --8<-- [end:run]


# --8<-- [start:heavy_ball_optimal]
def heavy_ball_optimal(mu, L):
    """Polyak's best heavy-ball parameters for a quadratic whose Hessian eigenvalues lie in [μ, L].

    η = 4 / (√L + √μ)²,  β = ((√L − √μ) / (√L + √μ))²,  rate = (√κ − 1) / (√κ + 1) = √β,

    with κ = L/μ. Plain gradient descent with its best step 2/(μ + L) has rate (κ − 1)/(κ + 1):
    momentum replaces κ by √κ, so for large κ and high accuracy it needs about √κ times fewer
    steps (in the example of [`run`][lessonlib.adaptive.run], κ = 100: 119 steps instead of 922).
    (With these parameters the extreme eigenvalues give a repeated root, so the error behaves like
    k·rateᵏ: the rate is reached asymptotically.) The guarantee is for quadratics: on other
    strongly convex functions with the same μ and L, these parameters can fail to converge
    (Lessard, Recht & Packard 2016).

    Parameters
    ----------
    mu, L : float
        Smallest and largest Hessian eigenvalue, 0 < μ <= L.

    Returns
    -------
    eta, beta, rate : float

    Raises
    ------
    ValueError
        Unless 0 < mu <= L.

    References
    ----------
    B. T. Polyak, *Introduction to Optimization*, Optimization Software, 1987, Section 3.2.1.

    L. Lessard, B. Recht & A. Packard, "Analysis and design of optimization algorithms via integral
    quadratic constraints", SIAM Journal on Optimization 26(1), 2016 (a strongly convex function on
    which the heavy ball with these parameters does not converge).

    Examples
    --------
    >>> eta, beta, rate = heavy_ball_optimal(1.0, 100.0)
    >>> round(eta, 4), round(beta, 4), round(rate, 4)
    (0.0331, 0.6694, 0.8182)
    """
    if not 0 < mu <= L:
        raise ValueError(f"need 0 < mu <= L, got mu={mu}, L={L}.")
    # --8<-- [start:heavy_ball_optimal_body]
    sm, sL = np.sqrt(mu), np.sqrt(L)
    eta = 4.0 / (sL + sm) ** 2
    beta = ((sL - sm) / (sL + sm)) ** 2
    rate = (sL - sm) / (sL + sm)
    return float(eta), float(beta), float(rate)
    # --8<-- [end:heavy_ball_optimal_body]
# --8<-- [end:heavy_ball_optimal]
