"""Real data for the capstone: a train/test split, standardization, and logistic regression fitted
by any of the library's solvers, on scikit-learn's ``LogisticRegression`` objective (up to a
constant factor, so with the same minimizer).

The objective is the mean log-loss with an L2 penalty on the weights (not on the intercept),

```text
ℒ(w, b) = (1/m) Σᵢ [log(1 + exp(zᵢ)) − yᵢ zᵢ] + ½ λ ‖w‖²,   z = X w + b,
```

which is [`lessonlib.problems.logistic_regression`][lessonlib.problems.logistic_regression] with
``fit_intercept=True``. scikit-learn minimizes ``C Σᵢ loss + ½‖w‖²``; dividing by ``C m`` gives the
same minimizer for ``λ = 1/(C m)`` ([`l2_from_C`][lessonlib.datasets.l2_from_C]). A weight vector
here is ``[w₁, …, w_d, b]``: the intercept comes last.

scikit-learn is needed only by [`breast_cancer`][lessonlib.datasets.breast_cancer] (the data ships
inside the package, no download) and [`sklearn_reference`][lessonlib.datasets.sklearn_reference];
it is imported there, when they are called.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lessonlib import problems


@dataclass(frozen=True, eq=False)
class Split:
    """A data set split into a training and a held-out part.

    Attributes
    ----------
    X_train, X_test : ndarray, shapes (m, d) and (m_test, d)
        Features (standardized with the training part's statistics when made by
        [`breast_cancer`][lessonlib.datasets.breast_cancer] with ``standardize=True``).
    y_train, y_test : ndarray of int, shapes (m,) and (m_test,)
        Labels in {0, 1}.
    feature_names : tuple of str
        One name per column.
    mean, scale : ndarray, shape (d,)
        The statistics used to standardize (zeros and ones when not standardized).
    """

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    feature_names: tuple
    mean: np.ndarray
    scale: np.ndarray

    def __repr__(self):
        return (f"Split(train={self.X_train.shape[0]}, test={self.X_test.shape[0]}, "
                f"features={self.X_train.shape[1]})")


def train_test_split(X, y, test_fraction=0.25, seed=0):
    """Split ``X, y`` at random into a training and a held-out part, keeping the class balance.

    Each class is shuffled on its own (with ``numpy.random.default_rng(seed)``) and the first
    ``round(test_fraction · count)`` of its examples go to the held-out part.

    Parameters
    ----------
    X : array_like, shape (m, d)
    y : array_like, shape (m,)
        Class labels.
    test_fraction : float
        Share of each class held out, in (0, 1).
    seed : int
        Seed of the shuffle: the same seed gives the same split.

    Returns
    -------
    X_train, X_test, y_train, y_test : ndarray

    Raises
    ------
    ValueError
        If X is not 2-D, y does not have one label per row, or test_fraction is not in (0, 1).

    Examples
    --------
    >>> X = np.arange(20.0).reshape(10, 2)
    >>> y = np.array([0, 0, 0, 0, 1, 1, 1, 1, 1, 1])
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, test_fraction=0.5)
    >>> X_train.shape, X_test.shape, np.bincount(y_test)
    ((5, 2), (5, 2), array([2, 3]))
    """
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"X must be 2-D and y must have one label per row, got {X.shape} and {y.shape}.")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction}.")
    rng = np.random.default_rng(seed)
    test = []
    for label in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == label))
        test.extend(members[: int(round(test_fraction * members.size))])
    is_test = np.zeros(y.size, dtype=bool)
    is_test[test] = True
    return X[~is_test], X[is_test], y[~is_test], y[is_test]


def standardize(X_train, X_test=None):
    """Scale each column to mean 0 and standard deviation 1, with the training part's statistics.

    The held-out part is transformed with the *training* mean and standard deviation, never its
    own: what the model may know about the data must come from the training part only.

    Parameters
    ----------
    X_train : array_like, shape (m, d)
    X_test : array_like, shape (m_test, d), optional

    Returns
    -------
    Z_train, Z_test, mean, scale
        ``Z = (X − mean) / scale``; ``Z_test`` is None when ``X_test`` is. A constant column gets
        scale 1.

    Examples
    --------
    >>> Z_train, Z_test, mean, scale = standardize([[1.0], [3.0]], [[5.0]])
    >>> Z_train.ravel(), Z_test.ravel(), mean, scale
    (array([-1.,  1.]), array([3.]), array([2.]), array([1.]))
    """
    X_train = np.asarray(X_train, dtype=float)
    mean = X_train.mean(axis=0)
    scale = X_train.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    Z_test = None if X_test is None else (np.asarray(X_test, dtype=float) - mean) / scale
    return (X_train - mean) / scale, Z_test, mean, scale


_standardize = standardize  # breast_cancer's argument of the same name hides the function


def breast_cancer(test_fraction=0.25, seed=0, standardize=True):
    """scikit-learn's breast-cancer data (569 tumours, 30 features), split and standardized.

    The label is 1 for a benign tumour and 0 for a malignant one (scikit-learn's coding). The data
    ship inside scikit-learn: nothing is downloaded.

    Parameters
    ----------
    test_fraction : float
        Share held out for testing (stratified, see [`train_test_split`][lessonlib.datasets.train_test_split]).
    seed : int
        Seed of the split.
    standardize : bool
        Standardize with the training part's mean and standard deviation (see
        [`standardize`][lessonlib.datasets.standardize]).

    Returns
    -------
    Split

    References
    ----------
    W. N. Street, W. H. Wolberg & O. L. Mangasarian, "Nuclear feature extraction for breast tumor
    diagnosis", IS&T/SPIE Electronic Imaging (1993). UCI Machine Learning Repository.

    Examples
    --------
    >>> data = breast_cancer()
    >>> data
    Split(train=427, test=142, features=30)
    >>> bool(np.allclose(data.X_train.mean(axis=0), 0)), bool(np.allclose(data.X_train.std(axis=0), 1))
    (True, True)
    >>> bool(np.allclose(data.X_test.mean(axis=0), 0))   # scaled with the training statistics
    False
    """
    from sklearn.datasets import load_breast_cancer

    raw = load_breast_cancer()
    X_train, X_test, y_train, y_test = train_test_split(raw.data, raw.target, test_fraction, seed)
    d = raw.data.shape[1]
    mean, scale = np.zeros(d), np.ones(d)
    if standardize:
        X_train, X_test, mean, scale = _standardize(X_train, X_test)
    return Split(X_train, X_test, y_train.astype(int), y_test.astype(int), tuple(map(str, raw.feature_names)),
                 mean, scale)


# --8<-- [start:l2_from_C]
def l2_from_C(C, m):
    """The penalty λ of the mean loss that matches scikit-learn's ``C`` on ``m`` examples: 1/(C m).

    scikit-learn minimizes ``C Σᵢ loss + ½‖w‖²``; dividing by ``C m`` (which does not move the
    minimizer) gives ``(1/m) Σᵢ loss + ½ (1/(C m)) ‖w‖²``.

    Raises
    ------
    ValueError
        If C <= 0.

    Examples
    --------
    >>> l2_from_C(1.0, 400)
    0.0025
    """
    if not C > 0:
        raise ValueError(f"C must be > 0, got {C}.")
    return 1.0 / (C * m)
# --8<-- [end:l2_from_C]


# --8<-- [start:logistic_problem]
def logistic_problem(X, y, C=1.0):
    """The capstone's objective: mean log-loss + ½λ‖w‖², λ = 1/(C m), unpenalized intercept last.

    Parameters
    ----------
    X : array_like, shape (m, d)
    y : array_like, shape (m,)
        Labels in {0, 1}.
    C : float
        scikit-learn's inverse regularization strength (> 0).

    Returns
    -------
    Problem
        In ``d + 1`` variables ``[w₁, …, w_d, b]``, starting at zero.

    Examples
    --------
    >>> p = logistic_problem([[0.0], [1.0], [2.0]], [0, 1, 1], C=1.0)
    >>> p.n, round(p.f(p.x0), 6)   # at w = 0 every prediction is 1/2: loss log 2
    (2, 0.693147)
    """
    X = np.asarray(X, dtype=float)
    return problems.logistic_regression(X, y, l2=l2_from_C(C, X.shape[0]), fit_intercept=True)
# --8<-- [end:logistic_problem]


# --8<-- [start:fit_logistic]
def fit_logistic(X, y, C=1.0, method="lbfgs", **options):
    """Fit L2-regularized logistic regression with one of the library's solvers.

    Parameters
    ----------
    X : array_like, shape (m, d)
    y : array_like, shape (m,)
        Labels in {0, 1}.
    C : float
        Inverse regularization strength, as in scikit-learn.
    method : str
        "gd", "newton", "bfgs", "lbfgs" (passed to
        [`lessonlib.minimize.minimize`][lessonlib.minimize.minimize]) or "adam"
        ([`lessonlib.adaptive.adam`][lessonlib.adaptive.adam] driven by
        [`lessonlib.adaptive.run`][lessonlib.adaptive.run]).
    **options
        Passed to the solver, e.g. ``eta``, ``max_iter``, ``tol`` (for "adam", ``eta``, which it
        requires, ``beta1``, ``beta2`` and ``eps`` go to the method, the rest to the loop).

    Returns
    -------
    OptimizeResult
        ``res.x`` is ``[w₁, …, w_d, b]``.

    Examples
    --------
    >>> X = np.array([[-2.0], [-1.0], [0.0], [1.0], [2.0], [0.5]])
    >>> y = np.array([0, 0, 1, 1, 1, 0])
    >>> res = fit_logistic(X, y, C=1.0, method="newton", tol=1e-10)
    >>> res.status_name, np.round(res.x, 4)
    ('converged', array([ 0.8812, -0.0939]))
    """
    problem = logistic_problem(X, y, C)
    if method == "adam":
        from lessonlib import adaptive

        hyper = {key: options.pop(key) for key in ("eta", "beta1", "beta2", "eps") if key in options}
        return adaptive.run(adaptive.adam(**hyper), problem, **options)
    from lessonlib.minimize import minimize

    return minimize(problem, method=method, **options)
# --8<-- [end:fit_logistic]


def predict(w, X):
    """Class labels 1 where ``X w[:-1] + w[-1] > 0``, else 0 (the intercept is the last weight).

    Examples
    --------
    >>> predict(np.array([2.0, -1.0]), np.array([[0.0], [1.0]]))
    array([0, 1])
    """
    w = np.asarray(w, dtype=float)
    return (np.asarray(X, dtype=float) @ w[:-1] + w[-1] > 0).astype(int)


def accuracy(w, X, y):
    """The fraction of examples whose label [`predict`][lessonlib.datasets.predict] gets right.

    Examples
    --------
    >>> accuracy(np.array([2.0, -1.0]), np.array([[0.0], [1.0], [2.0]]), np.array([0, 1, 0]))
    0.6666666666666666
    """
    return float(np.mean(predict(w, X) == np.asarray(y)))


def sklearn_reference(X, y, C=1.0, tol=1e-10, max_iter=10_000):
    """Weights ``[w₁, …, w_d, b]`` from ``sklearn.linear_model.LogisticRegression(solver="lbfgs")``.

    Parameters
    ----------
    X, y : array_like
        Training data.
    C : float
        Inverse regularization strength.
    tol, max_iter
        Passed to scikit-learn (its ``tol`` is the gradient test of SciPy's L-BFGS-B).

    Returns
    -------
    ndarray, shape (d + 1,)

    Examples
    --------
    >>> X = np.array([[-2.0], [-1.0], [0.0], [1.0], [2.0], [0.5]])
    >>> y = np.array([0, 0, 1, 1, 1, 0])
    >>> np.round(sklearn_reference(X, y, C=1.0), 4)
    array([ 0.8812, -0.0939])
    """
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(solver="lbfgs", C=C, tol=tol, max_iter=max_iter).fit(X, y)
    return np.append(model.coef_.ravel(), model.intercept_)


def relative_difference(w, w_ref):
    """The largest coefficient difference relative to the largest reference coefficient.

    ``max|wᵢ − w_refᵢ| / max|w_refᵢ|``: a scale-free measure of how far two weight vectors are,
    which does not blow up on a coefficient that happens to be near zero.

    Examples
    --------
    >>> relative_difference(np.array([1.0, 2.5]), np.array([1.0, 2.0]))
    0.25
    """
    w, w_ref = np.asarray(w, dtype=float), np.asarray(w_ref, dtype=float)
    return float(np.max(np.abs(w - w_ref)) / np.max(np.abs(w_ref)))
