"""The capstone's claims: the data pipeline is honest, λ = 1/(C m) is scikit-learn's objective, and every
second-order and quasi-Newton solver of lessonlib lands on scikit-learn's coefficients to 1e-4 relative."""

import numpy as np
import pytest

pytest.importorskip("sklearn")

from lessonlib import datasets  # noqa: E402


@pytest.fixture(scope="module")
def data():
    return datasets.breast_cancer(test_fraction=0.25, seed=0)


@pytest.fixture(scope="module")
def references(data):
    return {C: datasets.sklearn_reference(data.X_train, data.y_train, C) for C in (0.1, 1.0, 10.0)}


def test_split_is_stratified_reproducible_and_disjoint(data):
    again = datasets.breast_cancer(test_fraction=0.25, seed=0)
    assert np.array_equal(data.X_train, again.X_train) and np.array_equal(data.y_test, again.y_test)
    assert (len(data.y_train), len(data.y_test)) == (427, 142)
    # each class keeps its share (212 malignant, 357 benign in the whole set)
    assert np.bincount(data.y_test).tolist() == [53, 89]
    raw = datasets.breast_cancer(standardize=False)
    rows = {tuple(r) for r in raw.X_train}
    assert not any(tuple(r) in rows for r in raw.X_test)


def test_scaler_is_fitted_on_the_training_part_only(data):
    raw = datasets.breast_cancer(standardize=False)
    np.testing.assert_allclose(data.mean, raw.X_train.mean(axis=0))
    np.testing.assert_allclose(data.scale, raw.X_train.std(axis=0))
    np.testing.assert_allclose(data.X_test, (raw.X_test - data.mean) / data.scale)
    np.testing.assert_allclose(data.X_train.mean(axis=0), 0, atol=1e-12)
    assert np.abs(data.X_test.mean(axis=0)).max() > 0.05  # the held-out part is not re-centred


@pytest.mark.parametrize("C", [0.1, 1.0, 10.0])
def test_lambda_mapping_matches_sklearn(data, references, C):
    """scikit-learn's weights are a stationary point of the mean loss with λ = 1/(C m), not of λ = 1/C."""
    problem = datasets.logistic_problem(data.X_train, data.y_train, C)
    assert np.abs(problem.grad(references[C])).max() < 1e-6
    wrong = datasets.problems.logistic_regression(data.X_train, data.y_train, l2=1 / C, fit_intercept=True)
    assert np.abs(wrong.grad(references[C])).max() > 1e-2


@pytest.mark.parametrize("method", ["newton", "bfgs", "lbfgs"])
@pytest.mark.parametrize("C", [0.1, 1.0, 10.0])
def test_second_order_and_quasi_newton_agree_with_sklearn(data, references, method, C):
    res = datasets.fit_logistic(data.X_train, data.y_train, C, method, tol=1e-8, norm=np.inf)
    assert res.status_name == "converged", res.message
    assert datasets.relative_difference(res.x, references[C]) < 1e-4


def test_capstone_table_at_C_1(data, references):
    """The numbers the lesson quotes: iterations, held-out accuracy, and the first-order methods' gap."""
    X, y = data.X_train, data.y_train
    m = X.shape[0]
    X1 = np.column_stack([X, np.ones(m)])
    L = np.linalg.eigvalsh(X1.T @ X1 / m)[-1] / 4 + datasets.l2_from_C(1.0, m)
    runs = {
        "gd": datasets.fit_logistic(X, y, 1.0, "gd", eta=1 / L, max_iter=2000, tol=1e-8, norm=np.inf),
        "newton": datasets.fit_logistic(X, y, 1.0, "newton", tol=1e-8, norm=np.inf),
        "lbfgs": datasets.fit_logistic(X, y, 1.0, "lbfgs", tol=1e-8, norm=np.inf),
        "adam": datasets.fit_logistic(X, y, 1.0, "adam", eta=0.01, max_iter=2000, tol=1e-8, norm=np.inf),
    }
    f_star = runs["newton"].fun
    assert runs["newton"].nit <= 12 and runs["lbfgs"].nit <= 80
    assert 1e-6 < runs["gd"].fun - f_star < 1e-3  # still short of the optimum after 2000 steps
    assert 0 < runs["adam"].fun - f_star < runs["gd"].fun - f_star
    for res in runs.values():
        assert datasets.accuracy(res.x, data.X_test, data.y_test) == pytest.approx(140 / 142)
    # the first-order runs are not at the optimum: their weights are visibly different
    assert datasets.relative_difference(runs["gd"].x, references[1.0]) > 1e-3


def test_relative_difference_is_scale_free():
    w = np.array([3.0, -4.0, 0.001])
    assert datasets.relative_difference(w, w) == 0
    assert datasets.relative_difference(10 * (w + 1e-3), 10 * w) == pytest.approx(datasets.relative_difference(w + 1e-3, w))
