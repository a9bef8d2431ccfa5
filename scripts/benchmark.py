"""Benchmark lessonlib's solvers against scipy.optimize on classic test problems.

Prints Markdown: a table per problem and method (success, iterations, evaluations, final gradient and
distance to the minimizer), the median evaluations per method with the targets checked, Newton's error
sequence, and the time per iteration of L-BFGS against SciPy's L-BFGS-B on Rosenbrock with n = 10^6.

Usage::

    python scripts/benchmark.py            # everything (the n = 10^6 part takes a few minutes)
    python scripts/benchmark.py --quick    # skip the n = 10^6 part

Every method stops on the same test, ‖∇f‖∞ <= 1e-5 (SciPy's ``gtol``), except SciPy's Newton-CG, which
has no gradient test and stops when its step is small (``xtol``). SciPy's L-BFGS-B also stops when f
stops decreasing (relative change <= ``ftol``, 2.2e-9 by default), usually before the gradient test
holds; it runs here with ``ftol=0`` so that it stops on the gradient test like the others.

BLAS runs single-threaded for both libraries (set before NumPy loads), so that the timings compare the
algorithms rather than thread scheduling on a shared machine.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
from scipy.optimize import minimize as scipy_minimize  # noqa: E402

from lessonlib.gd import gradient_descent  # noqa: E402
from lessonlib.newton import newton  # noqa: E402
from lessonlib.problems import (HIMMELBLAU_MINIMA, beale, himmelblau, ill_conditioned_quadratic,  # noqa: E402
                                powell_singular, rosenbrock, wood)
from lessonlib.quasi_newton import bfgs, lbfgs  # noqa: E402

GTOL = 1e-5
PAIRS = {"lessonlib BFGS": "scipy BFGS", "lessonlib L-BFGS": "scipy L-BFGS-B"}


def problems():
    return [rosenbrock(), beale(), himmelblau(), powell_singular(), wood(), rosenbrock(100),
            ill_conditioned_quadratic(1e3, n=10)]


def gd_step(p):
    """A sensible fixed step for gradient descent: 1/L with L the largest curvature at x0 and at x*."""
    L = max(np.linalg.eigvalsh(p.hess(p.x0))[-1], np.linalg.eigvalsh(p.hess(p.minimizer))[-1])
    return 1.0 / L


def solvers():
    """(name, run(problem) -> result with x, success, nit, nfev, njev, nhev)."""
    def scipy(method, **options):
        def run(p):
            hess = p.hess if method == "Newton-CG" else None
            return scipy_minimize(p.f, p.x0, jac=p.grad, hess=hess, method=method, options=options)
        return run

    return [
        ("lessonlib GD", lambda p: gradient_descent(p, eta=gd_step(p), tol=GTOL, norm=np.inf, max_iter=20_000,
                                                    record_path=False)),
        ("lessonlib Newton", lambda p: newton(p, line_search="armijo", modify="eigen", tol=GTOL, norm=np.inf,
                                              max_iter=1000, record_path=False)),
        ("lessonlib BFGS", lambda p: bfgs(p, gtol=GTOL, record_path=False)),
        ("lessonlib L-BFGS", lambda p: lbfgs(p, m=10, gtol=GTOL, record_path=False)),
        ("scipy BFGS", scipy("BFGS", gtol=GTOL)),
        ("scipy Newton-CG", scipy("Newton-CG")),
        ("scipy L-BFGS-B", scipy("L-BFGS-B", gtol=GTOL, ftol=0.0, maxcor=10, maxiter=20_000, maxfun=100_000)),
    ]


def distance_to_minimizer(p, x):
    minima = HIMMELBLAU_MINIMA if p.name == "himmelblau" else [p.minimizer]
    return min(np.linalg.norm(x - m) for m in minima)


def comparison():
    rows = []
    print("## Solvers on classic test problems\n")
    print(f"All stop on ‖∇f‖∞ <= {GTOL:g} (SciPy's Newton-CG on its step size); *solved* means the run "
          "reports success and ends with ‖∇f‖∞ <= gtol. ‖x − x*‖ is measured to the nearest known minimizer.\n")
    print("| problem | method | solved | nit | nfev | njev | nhev | nfev+njev | ‖∇f‖∞ | ‖x − x*‖ |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for p in problems():
        for name, run in solvers():
            res = run(p)
            g_inf = float(np.max(np.abs(p.grad(res.x))))
            solved = bool(res.success) and g_inf <= GTOL * (1 + 1e-12)
            nhev = int(getattr(res, "nhev", 0) or 0)
            row = dict(problem=p.name, method=name, solved=solved, nit=res.nit, nfev=res.nfev, njev=res.njev,
                       nhev=nhev, evals=res.nfev + res.njev, g=g_inf, err=distance_to_minimizer(p, res.x))
            rows.append(row)
            print(f"| {p.name} | {name} | {'yes' if solved else 'no'} | {res.nit} | {res.nfev} | {res.njev} | "
                  f"{nhev} | {row['evals']} | {g_inf:.1e} | {row['err']:.1e} |")
    return rows


def summary(rows):
    methods = list(dict.fromkeys(r["method"] for r in rows))
    print("\n## Median function + gradient evaluations over the problems\n")
    print("| method | solved | median nfev+njev |")
    print("|---|---:|---:|")
    medians = {}
    for m in methods:
        mine = [r for r in rows if r["method"] == m]
        medians[m] = float(np.median([r["evals"] for r in mine]))
        print(f"| {m} | {sum(r['solved'] for r in mine)}/{len(mine)} | {medians[m]:g} |")
    print("\nTargets:\n")
    for ours, theirs in PAIRS.items():
        solved_by = {r["problem"] for r in rows if r["method"] == theirs and r["solved"]}
        we_solve = {r["problem"] for r in rows if r["method"] == ours and r["solved"]}
        missing = sorted(solved_by - we_solve)
        ok = medians[ours] <= medians[theirs]
        print(f"- {ours} solves every problem {theirs} solves: {'met' if not missing else 'NOT met ' + str(missing)}")
        print(f"- median nfev+njev, {ours} {medians[ours]:g} <= {theirs} {medians[theirs]:g}: "
              f"{'met' if ok else 'NOT met'}")


def newton_errors():
    p = rosenbrock()
    res = newton(p, tol=1e-14)
    print("\n## Newton's method converges quadratically\n")
    print("Pure Newton (full steps) on Rosenbrock from (−1.2, 1); e_k = ‖x_k − x*‖. Once the Hessian is "
          "positive definite near x*, e_{k+1}/e_k² settles to a constant: the digits double.\n")
    print("| k | e_k | e_{k+1} / e_k² | H(x_k) positive definite |")
    print("|---:|---:|---:|---|")
    e = np.linalg.norm(res.path - p.minimizer, axis=1)
    for k, x in enumerate(res.path):
        ratio = f"{e[k + 1] / e[k] ** 2:.3g}" if k + 1 < len(e) and e[k] > 0 else ""
        pd = "yes" if np.all(np.linalg.eigvalsh(p.hess(x)) > 0) else "no"
        print(f"| {k} | {e[k]:.3e} | {ratio} | {pd} |")
    print(f"\n{res.message}")


def speed(n=10**6, iters=30, rounds=3):
    p = rosenbrock(n)
    print(f"\n## Speed: L-BFGS (m = 10) on Rosenbrock with n = {n:,}\n")
    print(f"Both run {iters} iterations, alternately, {rounds} rounds in this process (record_path=False; "
          "SciPy with maxcor=10, ftol=0). Time per iteration includes the function and gradient evaluations, "
          "which both libraries share.\n")
    print("| round | lessonlib ms/it | (nfev, njev) | scipy L-BFGS-B ms/it | (nfev, njev) | ratio |")
    print("|---:|---:|---:|---:|---:|---:|")
    ours, theirs = [], []
    for r in range(rounds):
        t = time.perf_counter()
        a = lbfgs(p, m=10, max_iter=iters, gtol=GTOL, record_path=False)
        ours.append((time.perf_counter() - t) / a.nit)
        t = time.perf_counter()
        b = scipy_minimize(p.f, p.x0, jac=p.grad, method="L-BFGS-B",
                           options=dict(maxcor=10, maxiter=iters, gtol=GTOL, ftol=0.0))
        theirs.append((time.perf_counter() - t) / b.nit)
        print(f"| {r + 1} | {1e3 * ours[-1]:.1f} | ({a.nfev}, {a.njev}) | {1e3 * theirs[-1]:.1f} | "
              f"({b.nfev}, {b.njev}) | {ours[-1] / theirs[-1]:.2f} |", flush=True)
    best = min(ours) / min(theirs)
    median = float(np.median(np.array(ours) / np.array(theirs)))
    print(f"\nTime per iteration, best of {rounds}: lessonlib {1e3 * min(ours):.1f} ms, scipy "
          f"{1e3 * min(theirs):.1f} ms; ratio {best:.2f} (median of the per-round ratios {median:.2f}); "
          f"target <= 1.2: {'met' if best <= 1.2 else 'NOT met'}.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the n = 10^6 speed comparison")
    parser.add_argument("--speed-iters", type=int, default=30, help="iterations per timed run")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds of each solver")
    args = parser.parse_args()
    with np.errstate(all="ignore"):  # SciPy's trial points may overflow; lessonlib silences its own
        rows = comparison()
    summary(rows)
    newton_errors()
    if not args.quick:
        speed(iters=args.speed_iters, rounds=args.rounds)


if __name__ == "__main__":
    main()
