"""A network small enough to differentiate by hand: one input, two tanh hidden units, one output.

The network and its loss, on data ``(x_i, y_i)``, i = 1 … m:

```text
h_j = tanh(w_j x + b_j),   j = 1, 2           (hidden units)
ŷ   = v_1 h_1 + v_2 h_2 + c                  (output)
ℒ(θ) = (1/2m) Σᵢ (ŷᵢ − yᵢ)²                    (mean squared error, halved)
```

with the seven parameters packed into one vector ``θ = (w_1, w_2, b_1, b_2, v_1, v_2, c)``, so that
every solver of `lessonlib` (and [`lessonlib.calculus.gradient`][lessonlib.calculus.gradient]) can
take it as a point.

It exists to show one pitfall of training: when both hidden units start with equal weights, they
receive equal gradients, stay equal at every step of gradient descent, and the network can never
use its second unit (it computes what one unit with output weight 2v would).
Starting from all zeros is the extreme case: the hidden layer receives no gradient at all. A random
start breaks the tie.

References
----------
Goodfellow, Bengio & Courville, *Deep Learning*, MIT Press, 2016, Section 8.4 ("the need to break
symmetry between different units"); Rumelhart, Hinton & Williams, "Learning representations by
back-propagating errors", Nature 323, 1986.
"""

from __future__ import annotations

import numpy as np

from lessonlib.gd import gradient_descent
from lessonlib.problems import Problem

N_PARAMS = 7
"""The number of parameters: w (2), b (2), v (2), c (1)."""


def pack(w, b, v, c):
    """Pack the weights into one parameter vector ``θ = (w_1, w_2, b_1, b_2, v_1, v_2, c)``.

    Parameters
    ----------
    w, b, v : array_like, shape (2,)
        Input weights, biases and output weights of the two hidden units.
    c : float
        Output bias.

    Returns
    -------
    ndarray, shape (7,)

    Examples
    --------
    >>> pack([1, 2], [3, 4], [5, 6], 7)
    array([1., 2., 3., 4., 5., 6., 7.])
    """
    return np.concatenate([np.asarray(w, float).ravel(), np.asarray(b, float).ravel(),
                           np.asarray(v, float).ravel(), [float(c)]])


def unpack(theta):
    """Split θ into ``(w, b, v, c)``: three arrays of shape (2,) and a float.

    Raises
    ------
    ValueError
        If θ does not have 7 entries.

    Examples
    --------
    >>> w, b, v, c = unpack(np.arange(7.0))
    >>> w, b, v, c
    (array([0., 1.]), array([2., 3.]), array([4., 5.]), 6.0)
    """
    theta = np.asarray(theta, dtype=float)
    if theta.shape != (N_PARAMS,):
        raise ValueError(f"theta must have shape ({N_PARAMS},), got {theta.shape}.")
    return theta[0:2], theta[2:4], theta[4:6], float(theta[6])


def forward(theta, x):
    """The network's output ŷ and hidden activations h on inputs x.

    Parameters
    ----------
    theta : array_like, shape (7,)
    x : array_like, shape (m,)

    Returns
    -------
    y_hat : ndarray, shape (m,)
    h : ndarray, shape (2, m)
        ``h[j]`` is unit j's activation on every input.

    Examples
    --------
    >>> y_hat, h = forward(pack([1, -1], [0, 0], [1, 1], 0.5), [0.0, 1.0])
    >>> np.round(y_hat, 6), np.round(h, 4)
    (array([0.5, 0.5]), array([[ 0.    ,  0.7616],
           [ 0.    , -0.7616]]))
    """
    w, b, v, c = unpack(theta)
    x = np.asarray(x, dtype=float)
    h = np.tanh(w[:, None] * x[None, :] + b[:, None])
    return v @ h + c, h


def loss(theta, x, y):
    """The loss ℒ(θ) = (1/2m) Σᵢ (ŷᵢ − yᵢ)².

    Examples
    --------
    >>> loss(np.zeros(7), [0.0, 1.0], [1.0, 3.0])    # ŷ = 0: (1 + 9) / 4
    2.5
    """
    y_hat, _ = forward(theta, x)
    return float(0.5 * np.mean((y_hat - np.asarray(y, dtype=float)) ** 2))


# --8<-- [start:loss_gradient]
def loss_gradient(theta, x, y):
    """∇ℒ(θ) by backpropagation: the chain rule written out, from the output back to the input.

    With the error δᵢ = (ŷᵢ − yᵢ)/m on each example,

        ∂ℒ/∂c   = Σᵢ δᵢ
        ∂ℒ/∂v_j = Σᵢ δᵢ h_j(xᵢ)
        ∂ℒ/∂b_j = Σᵢ δᵢ v_j (1 − h_j(xᵢ)²)           (tanh' = 1 − tanh²)
        ∂ℒ/∂w_j = Σᵢ δᵢ v_j (1 − h_j(xᵢ)²) xᵢ

    Parameters
    ----------
    theta : array_like, shape (7,)
    x, y : array_like, shape (m,)

    Returns
    -------
    ndarray, shape (7,)
        In the order of θ.

    Examples
    --------
    From all zeros only the output bias c has a gradient: the hidden units' h = tanh(0) = 0 and
    their output weights v = 0 block every other path.

    >>> g = loss_gradient(np.zeros(7), [0.0, 1.0], [1.0, 3.0])
    >>> np.flatnonzero(g), float(g[6])       # the only nonzero entry is ∂ℒ/∂c, the last
    (array([6]), -2.0)
    """
    # --8<-- [start:loss_gradient_body]
    w, b, v, c = unpack(theta)
    x = np.asarray(x, dtype=float)
    y_hat, h = forward(theta, x)
    delta = (y_hat - np.asarray(y, dtype=float)) / x.size  # ∂ℒ/∂ŷᵢ
    grad_c = np.sum(delta)
    grad_v = h @ delta                                       # one row of h per unit
    delta_hidden = v[:, None] * (1 - h**2) * delta[None, :]  # ∂ℒ/∂(w_j xᵢ + b_j)
    grad_b = np.sum(delta_hidden, axis=1)
    grad_w = delta_hidden @ x
    return pack(grad_w, grad_b, grad_v, grad_c)
    # --8<-- [end:loss_gradient_body]
# --8<-- [end:loss_gradient]


def units(theta):
    """The two hidden units side by side: row j is ``(w_j, b_j, v_j)``.

    Examples
    --------
    >>> units(pack([1, 2], [3, 4], [5, 6], 7))
    array([[1., 3., 5.],
           [2., 4., 6.]])
    """
    w, b, v, _ = unpack(theta)
    return np.column_stack([w, b, v])


def symmetry_gap(theta):
    """max |unit 1 − unit 2| over (w, b, v): exactly 0.0 when the two units are identical.

    Examples
    --------
    >>> symmetry_gap(pack([0.5, 0.5], [0, 0], [0.3, 0.3], 0)), symmetry_gap(pack([1, 2], [0, 0], [1, 1], 0))
    (0.0, 1.0)
    """
    u = units(theta)
    return float(np.max(np.abs(u[0] - u[1])))


def init(kind="random", scale=0.5, seed=0):
    """A starting θ: ``"zeros"``, ``"equal"`` (both units ``scale``, c = 0) or ``"random"``.

    ``"random"`` draws every weight from a normal distribution with standard deviation ``scale``
    (``numpy.random.default_rng(seed)``), and sets c = 0.

    Raises
    ------
    ValueError
        For an unknown ``kind``.

    Examples
    --------
    >>> init("zeros")
    array([0., 0., 0., 0., 0., 0., 0.])
    >>> init("equal", scale=0.5)
    array([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0. ])
    >>> symmetry_gap(init("random")) > 0
    True
    """
    if kind == "zeros":
        return np.zeros(N_PARAMS)
    if kind == "equal":
        return np.append(np.full(N_PARAMS - 1, float(scale)), 0.0)
    if kind == "random":
        theta = np.random.default_rng(seed).normal(0.0, scale, N_PARAMS)
        theta[-1] = 0.0
        return theta
    raise ValueError(f'kind must be "zeros", "equal" or "random", got {kind!r}.')


def bump(m=25):
    """A data set one tanh unit cannot fit and two can: y = tanh(2x + 2) − tanh(2x − 2) on [−3, 3].

    The target is itself a two-unit network (w = (2, 2), b = (2, −2), v = (1, −1), c = 0), so the
    best loss is 0.

    Returns
    -------
    x, y : ndarray, shape (m,)

    Examples
    --------
    >>> x, y = bump(7)
    >>> print(x, np.round(y, 2))
    [-3. -2. -1.  0.  1.  2.  3.] [0.   0.04 1.   1.93 1.   0.04 0.  ]
    """
    x = np.linspace(-3.0, 3.0, m)
    return x, np.tanh(2 * x + 2) - np.tanh(2 * x - 2)


def problem(x, y, theta0=None):
    """The training loss on data (x, y) as a [`Problem`][lessonlib.problems.Problem] (no Hessian).

    Parameters
    ----------
    x, y : array_like, shape (m,)
    theta0 : array_like, shape (7,), optional
        Starting point; a random one ([`init`][lessonlib.nets.init]) by default.

    Returns
    -------
    Problem

    Raises
    ------
    ValueError
        If x and y are not 1-D arrays of the same length, or theta0 does not have 7 entries.

    Examples
    --------
    >>> x, y = bump()
    >>> p = problem(x, y, init("zeros"))
    >>> round(p.f(p.x0), 4), p.n
    (0.4804, 7)
    """
    x = np.array(x, dtype=float)
    y = np.array(y, dtype=float)
    if x.ndim != 1 or y.shape != x.shape:
        raise ValueError(f"x and y must be 1-D of the same length, got shapes {x.shape} and {y.shape}.")
    theta0 = init("random") if theta0 is None else np.asarray(theta0, dtype=float)
    unpack(theta0)  # checks the shape
    return Problem("two-unit network", lambda t: loss(t, x, y), lambda t: loss_gradient(t, x, y), None,
                   theta0.copy())


def train(theta0, x, y, eta=0.5, steps=2000, tol=1e-8):
    """Train the network by full-batch gradient descent θ ← θ − η ∇ℒ(θ).

    The loop is [`lessonlib.gd.gradient_descent`][lessonlib.gd.gradient_descent], run on
    [`problem`][lessonlib.nets.problem]: the same few lines that minimize a parabola train this
    network, once the gradient comes from [`loss_gradient`][lessonlib.nets.loss_gradient].

    Parameters
    ----------
    theta0 : array_like, shape (7,)
        Starting parameters (see [`init`][lessonlib.nets.init]).
    x, y : array_like, shape (m,)
        Training data.
    eta : float
        Learning rate η > 0.
    steps : int
        Maximum number of steps.
    tol : float
        Stop early when ‖∇ℒ‖ <= tol.

    Returns
    -------
    OptimizeResult
        ``x`` is the trained θ, ``fun`` the final loss, ``path`` every θ along the way and
        ``res["values"]`` the loss at each of them.

    Examples
    --------
    Two equal units stay equal, step after step (to rounding: both get the same update):

    >>> x, y = bump()
    >>> res = train(init("equal"), x, y, eta=0.5, steps=300)
    >>> bool(symmetry_gap(res.x) < 1e-12), bool(res.fun < loss(init("equal"), x, y))
    (True, True)
    """
    return gradient_descent(problem(x, y, theta0), eta=eta, max_iter=steps, tol=tol)
