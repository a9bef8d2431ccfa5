"""Test configuration for the whole repository.

Sybil turns every Python block of the Markdown in ``docs/`` and every ``Examples`` section of the
``lessonlib`` docstrings into a test: ```` ```python ```` blocks run as code (blocks with ``>>>`` are
checked as doctests), ``<!-- invisible-code-block: python -->`` comments run unseen, and
``<!-- skip: next ... -->`` skips a block, its reason written beside it.
At the end of the run, a table counts the examples that ran on each page.
"""

from __future__ import annotations

import doctest
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import pytest  # noqa: E402
from sybil import Sybil  # noqa: E402
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser  # noqa: E402
from sybil.evaluators.doctest import NUMBER  # noqa: E402
from sybil.parsers.rest import DocTestParser  # noqa: E402

pytest_plugins = ["pytester"]

# Output is compared exactly. An example whose last printed digit may sit on a rounding boundary
# (a value from a long run, printed to a chosen precision) says so with ``# doctest: +NUMBER``: its
# floats are then compared to the precision they are printed with, one unit of the last digit.
# Rounding noise is never printed as digits at all: print a bound (``< 1e-12``) instead.
OPTIONFLAGS = doctest.NORMALIZE_WHITESPACE
assert NUMBER  # registered by sybil, so ``+NUMBER`` directives are understood


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


FRAMEWORKS = {"torch": "PyTorch", "tensorflow": "TensorFlow"}


def pytest_addoption(parser):
    parser.addoption(
        "--require-frameworks", action="store_true",
        help="fail, rather than skip the PyTorch and TensorFlow tabs, when a framework is missing "
             "(make test installs both, so no tab goes unexecuted)",
    )


def pytest_configure(config):
    if config.getoption("--require-frameworks"):
        missing = [name for module, name in FRAMEWORKS.items() if not _has(module)]
        if missing:
            raise pytest.UsageError(f"--require-frameworks: {' and '.join(missing)} not installed; "
                                    "scripts/setup.sh --test installs them")


def _page_setup(namespace):
    # Names a skip condition may use, e.g. <!-- skip: next if(not HAVE_TORCH, reason="...") -->
    namespace["HAVE_TORCH"] = _has("torch")
    namespace["HAVE_TENSORFLOW"] = _has("tensorflow")


def _page_teardown(namespace):
    import matplotlib.pyplot as plt

    plt.close("all")


markdown_examples = Sybil(
    name="docs",
    path="docs",
    parsers=[PythonCodeBlockParser(doctest_optionflags=OPTIONFLAGS), SkipParser()],
    patterns=["*.md"],
    setup=_page_setup,
    teardown=_page_teardown,
)
docstring_examples = Sybil(
    name="docstrings",
    path="lessonlib",
    parsers=[DocTestParser(optionflags=OPTIONFLAGS)],
    patterns=["*.py"],
)
pytest_collect_file = (markdown_examples + docstring_examples).pytest()


def _is_directive(item) -> bool:
    evaluator = getattr(getattr(getattr(item, "example", None), "region", None), "evaluator", None)
    return type(evaluator).__name__ == "Skipper"


def pytest_collection_modifyitems(session, config, items):
    config._docs_directives = {item.nodeid for item in items if _is_directive(item)}


def blas_in_use() -> str:
    """The BLAS library, its kernel and its thread count, as NumPy loaded them."""
    import numpy  # noqa: F401  (loads BLAS)
    from threadpoolctl import threadpool_info

    infos = [info for info in threadpool_info() if info.get("user_api") == "blas"]
    # NumPy's own BLAS first (SciPy may load a second OpenBLAS of its own; both obey OPENBLAS_CORETYPE)
    infos.sort(key=lambda info: "numpy" not in str(info.get("filepath", "")))
    for info in infos:
            kernel = info.get("architecture") or "unknown"
            return f"{kernel} ({info.get('internal_api')} {info.get('version')}, {info.get('num_threads')} threads)"
    return "unknown (no BLAS found)"


def pytest_terminal_summary(terminalreporter, config):
    """Print the BLAS kernel in use, the kernel matrix, and how many docs examples ran on each page."""
    terminalreporter.write_line(f"BLAS kernel in use: {blas_in_use()}")
    _kernel_matrix(terminalreporter)
    _examples_per_page(terminalreporter, config)


def _kernel_matrix(terminalreporter):
    results = getattr(sys.modules.get("test_blas_kernels") or sys.modules.get("tests.test_blas_kernels"),
                      "RESULTS", None)
    if not results:
        return
    terminalreporter.section("docs and docstring examples, per OpenBLAS kernel")
    terminalreporter.write_line(f"  {'kernel':<20} {'passed':>7} {'failed':>7} {'skipped':>8}")
    for kernel, (passed, failed, skipped) in results.items():
        terminalreporter.write_line(f"  {kernel:<20} {passed:>7} {failed:>7} {skipped:>8}")


def _examples_per_page(terminalreporter, config):
    counts: dict[str, Counter] = defaultdict(Counter)
    for outcome in ("passed", "failed", "skipped", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            if "::sybil:" not in nodeid or nodeid in getattr(config, "_docs_directives", ()):
                continue  # not a docs example, or a skip directive (the block it skips is counted)
            counts[nodeid.split("::", 1)[0]][outcome] += 1
    if not counts:
        return
    write = terminalreporter.write_line
    terminalreporter.section("examples executed, per file")
    for kind, prefix in (("docs pages", "docs/"), ("lessonlib docstrings", "lessonlib/")):
        rows = {path: c for path, c in sorted(counts.items()) if path.startswith(prefix)}
        if not rows:
            continue
        width = max(len(p) for p in rows)
        write(f"{kind}:")
        for path, c in rows.items():
            extra = "".join(f", {c[k]} {k}" for k in ("failed", "error", "skipped") if c[k])
            write(f"  {path:<{width}}  {c['passed']:4d} passed{extra}")
        total = sum((c for c in rows.values()), Counter())
        extra = "".join(f", {total[k]} {k}" for k in ("failed", "error", "skipped") if total[k])
        write(f"  {'total':<{width}}  {total['passed']:4d} passed{extra} in {len(rows)} files")
