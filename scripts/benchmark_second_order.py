"""Lesson 14's benchmarks: Levenberg–Marquardt against MINPACK, and the O(n²) BFGS update.

    python scripts/benchmark_second_order.py            # both parts
    python scripts/benchmark_second_order.py --part lm  # only the least-squares table
    python scripts/benchmark_second_order.py --part bfgs --n 1000 --iters 30

1. ``lessonlib.second_order.least_squares(method="lm")`` and ``scipy.optimize.least_squares(method="lm")``
   (MINPACK's ``lmder``) on the Moré–Garbow–Hillstrom problems of
   ``lessonlib.second_order.mgh_problems``, both with the same exact (complex-step) Jacobian and the
   default tolerances (ftol = xtol = gtol = 1e-8). The table lists the final ‖r‖² and the evaluations of
   the residual plus the Jacobian; the script prints both medians and exits with status 1 if the
   library's median exceeds MINPACK's or a problem MINPACK solves is not solved to the same cost or a
   lower one (relative 1e-6, absolute 1e-20). On some BLAS kernels MINPACK stops at the start of Biggs
   EXP6 (its x0 makes two pairs of Jacobian columns equal, and the gtol test fires spuriously); the table
   marks where the library ends lower.

2. BFGS on a quadratic with a dense Hessian, n = 1000: ``lessonlib.quasi_newton.bfgs`` with its update
   (two rank-one corrections, O(n²)) and with the product form (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ (O(n³),
   kept here only for the comparison), and ``scipy.optimize.minimize(method="BFGS")``, each for the same
   number of iterations, alternately, keeping each one's fastest of three runs. It prints the time per
   iteration and the largest difference between the two
   library runs' iterates; exits with status 1 if the speed-up is below 10 or the iterates differ by more
   than 1e-8 relatively.
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
import scipy.optimize as so  # noqa: E402

from lessonlib import quasi_newton  # noqa: E402
from lessonlib.calculus import complex_step_jacobian  # noqa: E402
from lessonlib.second_order import least_squares, mgh_problems  # noqa: E402


def lm_table():
    ok = True
    ours, minpack = [], []
    print(f"{'MGH':>3}  {'problem':<20} {'n':>2} {'m':>3}  {'‖r‖² (lessonlib)':>17} {'‖r‖² (MINPACK)':>15}"
          f"  {'evals':>5} {'MINPACK':>7}")
    for p in mgh_problems():
        r, x0 = p["residual"], p["x0"]
        jac = complex_step_jacobian(r)
        res = least_squares(r, x0, jac=jac, method="lm")
        ref = so.least_squares(r, x0, jac=jac, method="lm")
        a, b = res.nfev + res.njev, ref.nfev + ref.njev
        ours.append(a)
        minpack.append(b)
        as_low = res.fun <= ref.cost * (1 + 1e-6) + 1e-20      # the same final cost, or a lower one
        lower = res.fun * (1 + 1e-6) + 1e-20 < ref.cost
        solved = res.success and as_low
        if ref.status > 0 and not solved:
            ok = False
        note = "NOT SOLVED" if not solved else ("lower cost than MINPACK" if lower else "")
        print(f"{p['number']:>3}  {p['name']:<20} {x0.size:>2} {p['m']:>3}  {2 * res.fun:>17.6e} {2 * ref.cost:>15.6e}"
              f"  {a:>5} {b:>7}  {note}")
    mo, mm = np.median(ours), np.median(minpack)
    print(f"median residual + Jacobian evaluations: lessonlib {mo:g}, MINPACK {mm:g}")
    print(f"total: lessonlib {sum(ours)}, MINPACK {sum(minpack)}")
    return ok and mo <= mm


def bfgs_update_product(H, s, y):
    """The BFGS update as the product of matrices, O(n³): for comparison only."""
    rho = 1.0 / (y @ s)
    I = np.eye(len(s))
    return (I - rho * np.outer(s, y)) @ H @ (I - rho * np.outer(y, s)) + rho * np.outer(s, s)


def bfgs_timing(n, iters, repeats=3, seed=0):
    rng = np.random.default_rng(seed)
    Q = np.linalg.qr(rng.standard_normal((n, n)))[0]
    A = (Q * np.logspace(0, 3, n)) @ Q.T          # dense, eigenvalues from 1 to 1000
    A = (A + A.T) / 2
    b = rng.standard_normal(n)
    f = lambda x: 0.5 * x @ A @ x - b @ x
    g = lambda x: A @ x - b
    x0 = np.zeros(n)

    def run(update):
        saved = quasi_newton.bfgs_update
        quasi_newton.bfgs_update = update
        try:
            t = time.perf_counter()
            res = quasi_newton.bfgs(f, x0, grad=g, max_iter=iters, gtol=0.0)
            return res, (time.perf_counter() - t) / res.nit
        finally:
            quasi_newton.bfgs_update = saved

    def run_scipy():
        t = time.perf_counter()
        ref = so.minimize(f, x0, jac=g, method="BFGS", options=dict(maxiter=iters, gtol=0.0))
        return ref, (time.perf_counter() - t) / ref.nit

    # alternate the three, and keep each one's fastest of `repeats` runs: the machine's other load
    # slows single runs, never speeds them up
    t_fast = t_slow = t_scipy = np.inf
    for _ in range(repeats):
        fast, t = run(quasi_newton.bfgs_update)
        t_fast = min(t_fast, t)
        slow, t = run(bfgs_update_product)
        t_slow = min(t_slow, t)
        ref, t = run_scipy()
        t_scipy = min(t_scipy, t)
    diff = np.max(np.abs(fast.path - slow.path)) / np.max(np.abs(slow.path))
    print(f"BFGS on a dense quadratic, n = {n}, {fast.nit} iterations (cond(A) = 1e3)")
    print(f"  lessonlib, two rank-one corrections: {1e3 * t_fast:8.2f} ms per iteration")
    print(f"  lessonlib, product form (old):       {1e3 * t_slow:8.2f} ms per iteration")
    print(f"  scipy.optimize.minimize BFGS:        {1e3 * t_scipy:8.2f} ms per iteration ({ref.nit} iterations)")
    print(f"  speed-up of the update: {t_slow / t_fast:.1f}x; largest relative difference of the iterates: {diff:.1e}")
    print(f"  f after {fast.nit} iterations: lessonlib {fast.fun:.10g}, scipy {ref.fun:.10g}")
    return t_slow / t_fast >= 10 and diff < 1e-8


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["lm", "bfgs", "both"], default="both")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--iters", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    ok = True
    if args.part in ("lm", "both"):
        ok = lm_table() and ok
    if args.part in ("bfgs", "both"):
        ok = bfgs_timing(args.n, args.iters, args.repeats) and ok
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
