"""Learning-rate schedules: the step size as a function of the step number k = 0, 1, 2, ...

A schedule is any callable ``eta(k) -> float``. Every optimizer of
[`lessonlib.adaptive`][lessonlib.adaptive] accepts one in place of a fixed ``eta`` and uses
``eta(k)`` for its step number ``k``. The three below are the ones most training recipes combine:

* [`constant`][lessonlib.schedules.constant] — η_k = η.
* [`step_decay`][lessonlib.schedules.step_decay] — η_k = η₀ · γ^⌊k / s⌋: cut by a factor γ every s
  steps.
* [`warmup_cosine`][lessonlib.schedules.warmup_cosine] — a linear warm-up to a peak over W steps,
  then half a cosine down to a final value at step T.

References
----------
P. Goyal et al., "Accurate, large minibatch SGD: training ImageNet in 1 hour", 2017 (linear warm-up).

I. Loshchilov & F. Hutter, "SGDR: stochastic gradient descent with warm restarts", ICLR 2017 (cosine
decay).
"""

from __future__ import annotations

import math


def constant(eta):
    """The schedule η_k = η for every k.

    Parameters
    ----------
    eta : float
        The step size, > 0.

    Returns
    -------
    callable
        ``k -> eta``.

    Raises
    ------
    ValueError
        If eta <= 0.

    Examples
    --------
    >>> schedule = constant(0.1)
    >>> [schedule(k) for k in (0, 1, 100)]
    [0.1, 0.1, 0.1]
    """
    if not eta > 0:
        raise ValueError(f"eta must be > 0, got {eta}.")

    def schedule(k):
        return float(eta)

    return schedule


# --8<-- [start:step_decay]
def step_decay(eta0, factor=0.5, every=100):
    """Step decay: η_k = η₀ · factor^⌊k / every⌋.

    Parameters
    ----------
    eta0 : float
        The initial step size, > 0.
    factor : float
        The multiplier applied every ``every`` steps, in (0, 1].
    every : int
        Steps between two cuts, >= 1.

    Returns
    -------
    callable
        ``k -> η_k``.

    Raises
    ------
    ValueError
        Unless eta0 > 0, 0 < factor <= 1 and ``every`` is an integer >= 1.

    Examples
    --------
    >>> schedule = step_decay(0.1, factor=0.5, every=10)
    >>> [schedule(k) for k in (0, 9, 10, 25)]
    [0.1, 0.1, 0.05, 0.025]
    """
    if not eta0 > 0 or not 0 < factor <= 1 or int(every) != every or every < 1:
        raise ValueError(f"need eta0 > 0, 0 < factor <= 1 and an integer every >= 1, "
                         f"got eta0={eta0}, factor={factor}, every={every}.")

    def schedule(k):
        return eta0 * factor ** (k // every)

    return schedule
# --8<-- [end:step_decay]


# --8<-- [start:warmup_cosine]
def warmup_cosine(peak, warmup, total, final=0.0):
    """Linear warm-up to ``peak``, then cosine decay to ``final`` at step ``total``.

    η_k = peak · (k + 1) / W                                       for k < W (W = ``warmup``),

    η_k = final + ½ (peak − final) (1 + cos(π (k − W) / (T − W)))   for W <= k < T (T = ``total``),

    η_k = final                                                    for k >= T.

    The warm-up reaches ``peak`` at k = W − 1 and starts above zero, so no step is wasted; the decay
    starts at ``peak`` for k = W and glides down with zero slope at both ends.

    Parameters
    ----------
    peak : float
        The largest step size, > 0.
    warmup : int
        W, the number of warm-up steps, >= 0 (0: no warm-up).
    total : int
        T, the step at which the decay ends, > ``warmup``.
    final : float
        The step size from T on, in [0, peak].

    Returns
    -------
    callable
        ``k -> η_k``.

    Raises
    ------
    ValueError
        Unless peak > 0, 0 <= final <= peak and 0 <= warmup < total.

    Examples
    --------
    >>> schedule = warmup_cosine(1.0, warmup=4, total=12)
    >>> [round(schedule(k), 4) for k in range(14)]
    [0.25, 0.5, 0.75, 1.0, 1.0, 0.9619, 0.8536, 0.6913, 0.5, 0.3087, 0.1464, 0.0381, 0.0, 0.0]
    """
    if not peak > 0 or not 0 <= final <= peak or not 0 <= warmup < total:
        raise ValueError(f"need peak > 0, 0 <= final <= peak and 0 <= warmup < total, "
                         f"got peak={peak}, final={final}, warmup={warmup}, total={total}.")

    # --8<-- [start:warmup_cosine_schedule]
    def schedule(k):
        if k < warmup:
            return peak * (k + 1) / warmup
        if k >= total:
            return float(final)
        progress = (k - warmup) / (total - warmup)
        return final + 0.5 * (peak - final) * (1 + math.cos(math.pi * progress))
    # --8<-- [end:warmup_cosine_schedule]

    return schedule
# --8<-- [end:warmup_cosine]
