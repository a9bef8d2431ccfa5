"""How much does a gradient by reverse mode cost, against the function itself?  (lesson 11)

    python scripts/benchmark_autodiff.py            # n = 10^4, prints the ratios
    python scripts/benchmark_autodiff.py --n 1000 --repeats 31

Reverse mode gets the whole gradient of f: R^n -> R for a small constant times the cost of f, whatever n
(Griewank & Walther, *Evaluating Derivatives*, 2nd ed., Chapter 4: at most about 4 times the operations of
f, plus the memory of the recorded graph). Two functions of a vector w of n = 10^4 entries are timed:

* ``logistic``: a regularized logistic loss with a data matrix X of shape (200, n), the shape of a
  model's loss: f costs two passes over X (X @ w), the gradient one more (its transpose product);
* ``elementwise``: a chain of cheap elementwise functions of w (sin, exp, sqrt, tanh, log), where each
  NumPy call costs a few microseconds and the engine's own work per recorded operation (a Python object,
  the stored intermediate arrays) is a larger share.

f and ``grad(f)`` are timed alternately (so both see the same machine load) and the median of the repeats
is compared. The script exits with status 1 if the logistic ratio exceeds 5.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # one thread: timings that do not depend on other work

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

import lessonlib.autodiff as ad  # noqa: E402


def functions(n, m=200, seed=0):
    """The two benchmark functions of a vector of n entries, and a point."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((m, n)) / np.sqrt(n)
    y = np.sign(rng.standard_normal(m))

    def logistic(w):
        return ad.sum(ad.log(1 + ad.exp(-y * (X @ w)))) / m + 0.005 * ad.sum(w**2)

    def elementwise(w):
        u = w**2
        return ad.sum(ad.sin(w) * ad.exp(-u)) + ad.sum(ad.sqrt(1 + u)) + ad.sum(ad.tanh(w) * ad.log(1 + u))

    return {"logistic": logistic, "elementwise": elementwise}, rng.standard_normal(n)


def median_times(f, x, repeats):
    """Median seconds of f(x) and of grad(f)(x), measured alternately."""
    g = ad.grad(f)
    f(x), g(x)  # warm up
    tf, tg = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f(x)
        t1 = time.perf_counter()
        g(x)
        t2 = time.perf_counter()
        tf.append(t1 - t0)
        tg.append(t2 - t1)
    return float(np.median(tf)), float(np.median(tg))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=51)
    args = parser.parse_args(argv)
    fs, x = functions(args.n)
    ratios = {}
    print(f"n = {args.n}, median of {args.repeats} repeats")
    for name, f in fs.items():
        tf, tg = median_times(f, x, args.repeats)
        ratios[name] = tg / tf
        print(f"{name:12s} f: {tf * 1e3:8.3f} ms   grad: {tg * 1e3:8.3f} ms   ratio grad/f: {tg / tf:5.2f}")
    ok = ratios["logistic"] <= 5
    print(f"logistic: gradient at most 5 times the cost of f: {ok}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
