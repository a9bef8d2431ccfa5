"""Fixtures shared by the site tests: one strict build of the site per test session."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """Build the site once with ``mkdocs build --strict`` (notebooks executed, figures drawn)."""
    out = tmp_path_factory.mktemp("site")
    start = time.perf_counter()
    # As `make build` builds it: without the test run's MPLBACKEND=Agg (conftest.py), which the notebooks'
    # kernel would inherit, and then show no plot.
    env = {name: value for name, value in os.environ.items() if name != "MPLBACKEND"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, capture_output=True, text=True, env=env,
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed ({seconds:.1f} s):\n{proc.stdout}\n{proc.stderr}", pytrace=False)
    print(f"\nmkdocs build --strict passed in {seconds:.1f} s")
    return out
