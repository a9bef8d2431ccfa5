"""Learning-rate schedules: the formulas, their joints, and bad parameters."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lessonlib.schedules import constant, step_decay, warmup_cosine


def test_constant():
    assert [constant(0.3)(k) for k in range(3)] == [0.3, 0.3, 0.3]
    with pytest.raises(ValueError):
        constant(0.0)


def test_step_decay_halves_every_s_steps():
    s = step_decay(0.8, factor=0.5, every=3)
    assert [s(k) for k in range(9)] == [0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2, 0.2]
    for bad in (dict(eta0=0.0), dict(eta0=1.0, factor=1.5), dict(eta0=1.0, every=0), dict(eta0=1.0, every=2.5)):
        with pytest.raises(ValueError):
            step_decay(**bad)


def test_warmup_cosine_shape():
    peak, W, T, final = 0.1, 10, 110, 0.001
    s = warmup_cosine(peak, warmup=W, total=T, final=final)
    eta = np.array([s(k) for k in range(130)])
    assert eta[0] == pytest.approx(peak / W) and eta[0] > 0
    assert np.all(np.diff(eta[:W]) > 0) and eta[W - 1] == pytest.approx(peak)
    assert eta[W] == pytest.approx(peak) and eta.max() == pytest.approx(peak)
    assert np.all(np.diff(eta[W:T + 1]) < 0)
    assert eta[(W + T) // 2] == pytest.approx((peak + final) / 2)      # half-way down at the middle
    assert np.all(eta[T:] == final)
    # the decay meets the floor smoothly: the last step before T is within (π/2·1/100)² of it
    assert eta[T - 1] - final == pytest.approx(0.5 * (peak - final) * (1 + math.cos(math.pi * 99 / 100)))


def test_warmup_cosine_without_warmup_starts_at_the_peak():
    s = warmup_cosine(1.0, warmup=0, total=4)
    assert [round(s(k), 12) for k in range(5)] == [1.0, round(0.5 * (1 + math.cos(math.pi / 4)), 12), 0.5,
                                                   round(0.5 * (1 + math.cos(3 * math.pi / 4)), 12), 0.0]


@pytest.mark.parametrize("bad", [dict(peak=0.0, warmup=1, total=5), dict(peak=1.0, warmup=5, total=5),
                                 dict(peak=1.0, warmup=1, total=5, final=2.0), dict(peak=1.0, warmup=-1, total=5)])
def test_warmup_cosine_refuses_bad_parameters(bad):
    with pytest.raises(ValueError):
        warmup_cosine(**bad)
