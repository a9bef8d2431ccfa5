import numpy as np
import pytest

from lessonlib.critical import classify_1d, classify_hessian, critical_points, find_critical_points
from lessonlib.problems import double_well, himmelblau, saddle


def test_double_well_critical_points_and_kinds():
    p = double_well()
    pts = critical_points(p.df, p.d2f, -3, 3)
    assert np.allclose([c.x for c in pts], [-np.sqrt(2), 0.0, np.sqrt(2)], atol=1e-10)
    assert [c.kind for c in pts] == ["minimum", "maximum", "minimum"]
    assert np.allclose([c.curvature for c in pts], [16.0, -8.0, 16.0])


def test_parabola_single_root_off_grid():
    roots = find_critical_points(lambda x: 2 * x - 4.1, -10, 10, n_grid=101)
    assert roots.shape == (1,) and roots[0] == pytest.approx(2.05, abs=1e-11)


def test_double_root_without_sign_change_is_found():
    roots = find_critical_points(lambda x: 3 * (x - 0.123) ** 2, -1, 1)  # f = (x - 0.123)³
    assert roots.shape == (1,) and roots[0] == pytest.approx(0.123, abs=1e-6)
    assert classify_1d(lambda x: 6 * (x - 0.123), 0.123) == "inconclusive"


def test_no_false_roots_and_scalar_only_df():
    assert find_critical_points(lambda x: 1.0 + 0.5 * np.cos(x), -5, 5).size == 0
    assert find_critical_points(lambda x: float(np.cos(x)), 0, 5).tolist() == pytest.approx([np.pi / 2, 3 * np.pi / 2])


def test_classify_1d():
    assert classify_1d(lambda x: 2.0, 2.0) == "minimum"
    assert classify_1d(lambda x: -8.0, 0.0) == "maximum"
    assert classify_1d(lambda x: 12 * x**2, 0.0) == "inconclusive"  # x⁴ at 0


def test_classify_hessian():
    assert classify_hessian(saddle().hess(None)) == "saddle"
    assert classify_hessian(-np.eye(3)) == "maximum"
    assert classify_hessian(np.diag([1.0, 0.0, -1.0])) == "saddle"
    assert classify_hessian(np.diag([1.0, 1e-12])) == "inconclusive"
    h = himmelblau()
    assert classify_hessian(h.hess(np.array([-0.270845, -0.923039]))) == "maximum"


def test_bad_input():
    with pytest.raises(ValueError, match="square"):
        classify_hessian(np.ones((2, 3)))
    with pytest.raises(ValueError, match="a < b"):
        find_critical_points(np.cos, 1.0, 0.0)
