"""Numerically stable building blocks of a training loss: log-sum-exp, softmax, sigmoid, cross-entropy.

The textbook formulas overflow or lose every digit on ordinary inputs: ``log(sum(exp(x)))`` is ``inf``
for ``x = [1000, 1000]`` and ``exp(x) / sum(exp(x))`` is ``nan``. Each function here computes the same
mathematical value from shifted or rearranged formulas whose intermediate results stay in range, so the
answer is correct to a few units in the last place (ulps) for inputs of any size, ``±1e308`` and ``±inf``
included, and no floating-point warning is raised. A NaN in the input gives NaN in the output (of the
whole slice for the reductions), never a wrong finite number.

References
----------
N. J. Higham, *Accuracy and Stability of Numerical Algorithms*, 2nd ed., SIAM, 2002: Chapter 2
(floating point), Chapter 4 (summation).

P. Blanchard, D. J. Higham & N. J. Higham, "Accurately computing the log-sum-exp and softmax
functions", *IMA Journal of Numerical Analysis* 41(4), 2021.

R. Pascanu, T. Mikolov & Y. Bengio, "On the difficulty of training recurrent neural networks",
ICML 2013 (gradient clipping by norm).
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["logsumexp", "softmax", "sigmoid", "log_sigmoid", "cross_entropy_from_logits", "clip_by_norm"]


def _real_array(x, name="x"):
    a = np.asarray(x)
    if a.dtype == object or not (np.issubdtype(a.dtype, np.floating) or np.issubdtype(a.dtype, np.integer)
                                 or a.dtype == bool):
        raise ValueError(f"{name} must be an array of real numbers, got dtype {a.dtype}")
    if not np.issubdtype(a.dtype, np.floating):
        a = a.astype(float)
    return a


def _check_axis(axis, ndim, allow_none=True):
    if axis is None and allow_none:
        return None
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, numbers.Integral):
        raise ValueError(f"axis must be an integer{' or None' if allow_none else ''}, got {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"axis {axis} is out of range for an array with {ndim} dimension(s)")
    return int(axis) % ndim


def logsumexp(x, axis=None, keepdims=False):
    """The log of the sum of exponentials, log Σ exp(xᵢ), without overflow or underflow.

    With m = max xᵢ, log Σ exp(xᵢ) = m + log(1 + Σ_{i≠i*} exp(xᵢ − m)): every exponential is at most 1,
    and ``log1p`` keeps the digits of a sum much smaller than 1.

    Parameters
    ----------
    x : array_like
        Real numbers (at least one along ``axis``).
    axis : int or None
        The axis to reduce; None (the default) reduces the whole array, like
        ``scipy.special.logsumexp``.
    keepdims : bool
        Keep the reduced axis with length 1.

    Returns
    -------
    float or ndarray
        At ``±inf``: if every entry is ``-inf`` the result is ``-inf`` (the log of an empty sum, 0);
        if some entry is ``+inf`` it is ``+inf``; a NaN anywhere in a slice gives NaN.

    Raises
    ------
    ValueError
        If ``x`` is empty or not real, or ``axis`` is not an axis of ``x``.

    Examples
    --------
    >>> from lessonlib.stable import logsumexp
    >>> round(logsumexp([1000.0, 1000.0]), 6)      # 1000 + log 2
    1000.693147
    >>> float(logsumexp([-np.inf, -np.inf])), float(logsumexp([0.0, np.inf]))
    (-inf, inf)
    >>> logsumexp([[0.0, 0.0], [1e308, -1e308]], axis=1)
    array([6.93147181e-001, 1.00000000e+308])
    """
    x = _real_array(x)
    axis = _check_axis(axis, x.ndim)
    shape_kept = (1,) * x.ndim
    if axis is None:
        x, axis = x.reshape(-1), 0
        if keepdims:
            return np.full(shape_kept, logsumexp(x)) if shape_kept else logsumexp(x)
    if x.ndim == 0 or x.shape[axis] == 0:
        raise ValueError("logsumexp needs at least one value along the axis")
    # --8<-- [start:logsumexp]
    m = np.max(x, axis=axis, keepdims=True)          # NaN if the slice has a NaN
    finite = np.isfinite(m)
    with np.errstate(over="ignore"):                 # −1e308 − 1e308 = −inf, and exp(−inf) = 0
        shifted = np.where(finite, x - np.where(finite, m, 0.0), 0.0)
    e = np.exp(shifted)                              # every entry in [0, 1]
    i = np.argmax(x, axis=axis, keepdims=True)
    np.put_along_axis(e, i, 0.0, axis=axis)          # leave out one maximum: its term is exactly 1
    out = np.where(finite, m + np.log1p(np.sum(e, axis=axis, keepdims=True)), m)
    # --8<-- [end:logsumexp]
    if not keepdims:
        out = np.squeeze(out, axis=axis)
    return float(out) if out.ndim == 0 else out


def _log_softmax(x, axis):
    """log softmax along ``axis``; the slices whose maximum is not finite are handled by the caller."""
    m = np.max(x, axis=axis, keepdims=True)
    finite = np.isfinite(m)
    with np.errstate(over="ignore"):
        shifted = np.where(finite, x - np.where(finite, m, 0.0), 0.0)
    e = np.exp(shifted)
    np.put_along_axis(e, np.argmax(x, axis=axis, keepdims=True), 0.0, axis=axis)
    out = shifted - np.log1p(np.sum(e, axis=axis, keepdims=True))   # log1p, as in logsumexp
    # a slice with +inf: the limit is 0 at the single +inf and −inf elsewhere; with several +inf, or all
    # −inf, the value depends on how the entries got there, so it is NaN.
    n_inf = np.sum(x == np.inf, axis=axis, keepdims=True)
    limit = np.where(n_inf == 1, np.where(x == np.inf, 0.0, -np.inf), np.nan)
    return np.where(finite, out, np.where(np.isnan(m), np.nan, limit))


def softmax(x, axis=-1):
    """The softmax exp(xᵢ) / Σⱼ exp(xⱼ) along ``axis``, computed as exp(xᵢ − m) / Σⱼ exp(xⱼ − m), m = max.

    Parameters
    ----------
    x : array_like
        Real numbers, the logits.
    axis : int
        The axis along which the entries sum to 1; the last one by default, as in PyTorch
        (``scipy.special.softmax`` uses the whole array by default).

    Returns
    -------
    ndarray
        Same shape as ``x``. At ``±inf``: a slice with a single ``+inf`` gives 1 there and 0 elsewhere
        (the limit, whatever the finite entries are); a slice with several ``+inf``, all ``-inf``, or a
        NaN gives NaN in the whole slice (no limit exists, or the input is already broken).

    Raises
    ------
    ValueError
        If ``x`` is a scalar or empty along ``axis``, not real, or ``axis`` is not an axis of ``x``.

    Examples
    --------
    >>> from lessonlib.stable import softmax
    >>> softmax([1000.0, 1000.0])
    array([0.5, 0.5])
    >>> softmax([0.0, np.inf, -np.inf])
    array([0., 1., 0.])
    >>> softmax([np.nan, 0.0])
    array([nan, nan])
    """
    x = _real_array(x)
    if x.ndim == 0:
        raise ValueError("softmax needs an array with at least one axis, got a scalar")
    axis = _check_axis(axis, x.ndim, allow_none=False)
    if x.shape[axis] == 0:
        raise ValueError("softmax needs at least one value along the axis")
    # --8<-- [start:softmax]
    m = np.max(x, axis=axis, keepdims=True)
    finite = np.isfinite(m)
    with np.errstate(over="ignore"):
        shifted = np.where(finite, x - np.where(finite, m, 0.0), 0.0)
    e = np.exp(shifted)                              # the largest entry is exp(0) = 1
    p = e / np.sum(e, axis=axis, keepdims=True)      # so the sum is >= 1: no 0/0, no overflow
    # --8<-- [end:softmax]
    return np.where(finite, p, np.exp(_log_softmax(x, axis)))


def sigmoid(x):
    """The logistic sigmoid σ(x) = 1 / (1 + exp(−x)), without overflow for any x.

    For x >= 0 it evaluates 1 / (1 + exp(−x)); for x < 0 the equal exp(x) / (1 + exp(x)): the
    exponential is always of a number <= 0, so it never overflows.

    Parameters
    ----------
    x : float or array_like
        Real numbers.

    Returns
    -------
    float or ndarray
        A float for a number, an array for an array. σ(+inf) = 1, σ(−inf) = 0, σ(NaN) = NaN.

    Examples
    --------
    >>> from lessonlib.stable import sigmoid
    >>> sigmoid(0.0), sigmoid(-1000.0), sigmoid(np.inf)
    (0.5, 0.0, 1.0)
    >>> sigmoid([-np.inf, np.nan])
    array([ 0., nan])
    """
    x = _real_array(x)
    # --8<-- [start:sigmoid]
    e = np.exp(-np.abs(x))                           # exp of a number <= 0: in [0, 1]
    out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    # --8<-- [end:sigmoid]
    out = np.where(np.isnan(x), np.nan, out)
    return float(out) if out.ndim == 0 else out


def log_sigmoid(x):
    """log σ(x) = −log(1 + exp(−x)), accurate for every x.

    For x >= 0 it evaluates −log1p(exp(−x)) (``log1p`` keeps the digits of a tiny exp(−x)); for x < 0
    the equal x − log1p(exp(x)), so that log σ(−1000) = −1000 instead of log(0) = −inf.

    Parameters
    ----------
    x : float or array_like
        Real numbers.

    Returns
    -------
    float or ndarray
        A float for a number, an array for an array. log σ(+inf) = 0, log σ(−inf) = −inf,
        log σ(NaN) = NaN.

    Examples
    --------
    >>> from lessonlib.stable import log_sigmoid
    >>> log_sigmoid(-1000.0), log_sigmoid(np.inf), log_sigmoid(-np.inf)
    (-1000.0, 0.0, -inf)
    >>> bool(log_sigmoid(40.0) == -np.exp(-40.0))
    True
    """
    x = _real_array(x)
    # --8<-- [start:log_sigmoid]
    softplus = np.log1p(np.exp(-np.abs(x)))          # log(1 + exp(−|x|)), in [0, log 2]
    out = np.where(x >= 0, -softplus, x - softplus)
    # --8<-- [end:log_sigmoid]
    out = np.where(np.isnan(x), np.nan, out) + 0.0    # + 0.0 turns −0.0 into 0.0
    return float(out) if out.ndim == 0 else out


def cross_entropy_from_logits(logits, labels, reduction="mean"):
    """The cross-entropy loss −log softmax(z)_y of integer class labels, computed from the logits z.

    It evaluates logsumexp(z) − z_y, never the log of a softmax that may have rounded to 0.

    Parameters
    ----------
    logits : array_like, shape (k,) or (m, k)
        One row of k class scores per example.
    labels : int or array_like of int, shape () or (m,)
        The correct class of each example, in 0, ..., k − 1.
    reduction : {"mean", "sum", "none"}
        Return the mean over the examples (default), their sum, or the array of per-example losses.

    Returns
    -------
    float or ndarray
        The loss, >= 0. At ``±inf``: a correct class with the only ``+inf`` logit costs 0; a correct
        class with a finite logit while another is ``+inf`` costs ``+inf``; several ``+inf`` logits,
        all ``-inf`` logits or a NaN logit give NaN.

    Raises
    ------
    ValueError
        If the shapes do not match, a label is not an integer in range, or ``reduction`` is unknown.

    Examples
    --------
    >>> from lessonlib.stable import cross_entropy_from_logits
    >>> cross_entropy_from_logits([0.0, 0.0], 1) == float(np.log(2.0))
    True
    >>> cross_entropy_from_logits([[1000.0, 0.0], [0.0, 1000.0]], [1, 1], reduction="none")
    array([1000.,    0.])
    """
    z = _real_array(logits, "logits")
    if z.ndim not in (1, 2):
        raise ValueError(f"logits must have shape (k,) or (m, k), got shape {z.shape}")
    if z.shape[-1] == 0:
        raise ValueError("logits need at least one class")
    y = np.asarray(labels)
    if y.dtype == bool or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"labels must be integers (class indices), got dtype {y.dtype}")
    if y.shape != z.shape[:-1]:
        raise ValueError(f"labels must have shape {z.shape[:-1]} for logits of shape {z.shape}, got {y.shape}")
    k = z.shape[-1]
    if np.any((y < 0) | (y >= k)):
        raise ValueError(f"labels must lie in 0, ..., {k - 1}")
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"reduction must be 'mean', 'sum' or 'none', got {reduction!r}")
    # --8<-- [start:cross_entropy]
    log_p = _log_softmax(z, axis=-1)                 # z − logsumexp(z), row by row
    losses = -np.take_along_axis(log_p, y[..., None], axis=-1)[..., 0]
    # --8<-- [end:cross_entropy]
    losses = losses + 0.0
    if reduction == "none":
        return float(losses) if losses.ndim == 0 else losses
    return float(np.mean(losses) if reduction == "mean" else np.sum(losses))


def clip_by_norm(g, max_norm):
    """Scale the gradient ``g`` down to Euclidean norm ``max_norm`` if it is longer; else return it as is.

    The norm is computed as s·‖g/s‖ with s = max |gᵢ|, so that entries like 1e200 do not overflow
    when squared. The direction is kept; only the length is capped.

    Parameters
    ----------
    g : array_like
        The gradient (any shape; its norm is that of all entries together).
    max_norm : float
        The largest norm allowed, > 0 (``inf`` turns clipping off).

    Returns
    -------
    ndarray
        The clipped gradient, a new float array. A gradient with an ``inf`` or NaN entry gives an array
        of NaN: its direction is undefined, and a NaN is easier to trace than a silently wrong step.

    Raises
    ------
    ValueError
        If ``max_norm`` is not a number > 0, or ``g`` is not real.

    Examples
    --------
    >>> from lessonlib.stable import clip_by_norm
    >>> clip_by_norm([3.0, 4.0], 1.0)
    array([0.6, 0.8])
    >>> clip_by_norm([0.3, 0.4], 1.0)
    array([0.3, 0.4])
    >>> clip_by_norm([3e200, 4e200], 5.0)
    array([3., 4.])
    """
    g = np.array(_real_array(g, "g"), dtype=float)
    if isinstance(max_norm, (bool, np.bool_)) or not isinstance(max_norm, numbers.Real):
        raise ValueError(f"max_norm must be a number > 0, got {max_norm!r}")
    if not max_norm > 0:
        raise ValueError(f"max_norm must be > 0, got {max_norm!r}")
    if g.size == 0:
        return g
    if not np.all(np.isfinite(g)):
        return np.full_like(g, np.nan)
    # --8<-- [start:clip_by_norm]
    s = np.max(np.abs(g))
    if s == 0.0:
        return g
    r = np.sqrt(np.sum((g / s) ** 2))                # ‖g‖ = s·r, without squaring huge entries
    with np.errstate(over="ignore"):                 # s·r may overflow to inf: still > max_norm
        norm = s * r
    if norm <= max_norm:
        return g
    return (g / s) * (max_norm / r)                  # = g · max_norm / ‖g‖
    # --8<-- [end:clip_by_norm]
