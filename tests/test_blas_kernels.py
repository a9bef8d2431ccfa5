"""Every docs and docstring example holds under every OpenBLAS kernel this CPU can run.

Readers run the examples on other CPUs and BLAS libraries. OpenBLAS picks a kernel for the CPU it
finds, and kernels sum in different orders, so the last bits of a dot product, and with them the
path of a long iteration, differ from machine to machine. Forcing each kernel with
``OPENBLAS_CORETYPE`` (as a reader's CPU would pick it) and running the examples again turns a
path-sensitive number on a page into a failing test here, wherever it is added.

Each kernel runs in a fresh process, single-threaded (the main run uses OpenBLAS's own thread count,
so both settings are covered); the child reports the kernel it really used, and the test checks it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Kernel -> the CPU flag it needs, as /proc/cpuinfo names it (SSE3 is "pni").
KERNELS = {"Prescott": "pni", "Sandybridge": "avx", "Haswell": "avx2", "SkylakeX": "avx512f"}
#: The name OpenBLAS reports for a forced kernel: builds without the older cores serve Prescott
#: with their oldest x86-64 kernel, which reports itself as Katmai.
REPORTED = {"Prescott": {"prescott", "katmai"}}

#: (passed, failed, skipped) per kernel, printed in the terminal summary by ``tests/conftest.py``.
RESULTS: dict[str, tuple[int, int, int]] = {}


def _cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    match = re.search(r"^flags\s*:(.*)$", text, re.MULTILINE)
    return set(match.group(1).split()) if match else set()


def _uses_openblas() -> bool:
    import numpy  # noqa: F401  (loads the BLAS library that threadpoolctl inspects)
    from threadpoolctl import threadpool_info

    return any(info.get("internal_api") == "openblas" for info in threadpool_info())


FLAGS = _cpu_flags()


def _count(summary: str, word: str) -> int:
    match = re.search(rf"(\d+) {word}", summary)
    return int(match.group(1)) if match else 0


@pytest.mark.parametrize("kernel", list(KERNELS))
def test_examples_hold_under_every_blas_kernel(kernel):
    if not _uses_openblas():
        pytest.skip("NumPy is not linked to OpenBLAS here: its kernels cannot be chosen")
    if KERNELS[kernel] not in FLAGS:
        pytest.skip(f"this CPU cannot run the {kernel} kernel (no {KERNELS[kernel]} instructions)")
    env = {**os.environ, "OPENBLAS_CORETYPE": kernel, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "docs", "lessonlib", "-q", "-rf"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    out = proc.stdout + proc.stderr
    used = re.search(r"^BLAS kernel in use: (\S+)", out, re.MULTILINE)
    assert used, f"the run did not report its BLAS kernel:\n{out[-3000:]}"
    assert used.group(1).lower() in REPORTED.get(kernel, {kernel.lower()}), (
        f"asked for the {kernel} kernel, OpenBLAS used {used.group(1)}")
    summary = out.strip().splitlines()[-1]
    passed, failed, skipped = (_count(summary, w) for w in ("passed", "failed", "skipped"))
    failed += _count(summary, "error")
    RESULTS[f"{kernel} ({used.group(1)})" if used.group(1).lower() != kernel.lower() else kernel] = (
        passed, failed, skipped)
    failures = "\n".join(line for line in out.splitlines() if line.startswith(("FAILED", "ERROR")))
    assert proc.returncode == 0 and failed == 0 and passed > 0, (
        f"with OpenBLAS's {kernel} kernel, these examples print other output than the page:\n{failures}\n\n"
        f"{out[-6000:]}"
    )
