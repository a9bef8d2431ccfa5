"""Draw every figure of the site from lessonlib.

    python scripts/make_figures.py                 # all figures into .cache/figures (reused when unchanged)
    python scripts/make_figures.py --out DIR       # all figures into DIR
    python scripts/make_figures.py --list          # the registered figure names

Figures are cached per module under a fingerprint of the module's source and of lessonlib, so a build
redraws only what an edit can have changed. Output is deterministic: no dates, fixed SVG ids. The cache is
.cache/figures, or the folder named by the environment variable DOWNHILL_FIGURE_CACHE.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import figures  # noqa: E402

CACHE = Path(os.environ.get("DOWNHILL_FIGURE_CACHE") or ROOT / ".cache" / "figures")


def complete(folder: Path) -> bool:
    """Whether a cache folder holds every figure its module drew (light and dark)."""
    marker = folder / ".complete"
    if not marker.exists():
        return False
    names = [n for n in marker.read_text().split("\n") if n]
    return all((folder / f"{n}.svg").exists() and (folder / f"{n}-dark.svg").exists() for n in names)


def _draw(task: tuple[str, str, str]) -> None:
    module_name, name, folder = task
    figures.render_figure(module_name, name, Path(folder))


def _import_once(modules: list[str]) -> None:
    """Import what the figures need before the workers start: where they are forked from this process (Linux),
    they find it imported rather than each importing it again (about a second of CPU each). That includes
    scikit-learn, whose loaders give the lessons' data sets."""
    import importlib.util

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401

    figures.load(modules)
    if importlib.util.find_spec("sklearn"):
        import sklearn.datasets  # noqa: F401


def build(jobs: int = 2) -> dict[str, list[Path]]:
    """Draw (or reuse) every module's figures; return {module: [svg paths]}.

    Each stale figure is one task, so the two processes share the work evenly whatever a module holds;
    a module's folder takes its place in the cache once all its figures are drawn.
    """
    CACHE.mkdir(parents=True, exist_ok=True)
    names = figures.modules()
    keys = figures.fingerprints(names)
    targets = {m: CACHE / f"{m}-{keys[m]}" for m in names}
    stale = [m for m in names if not complete(targets[m])]
    # one folder per build: builds may overlap
    work = {m: Path(tempfile.mkdtemp(prefix=f".{m}-", dir=CACHE)) for m in stale}
    declared = {m: figures.declared(m) for m in stale}
    try:
        tasks = [(m, name, str(work[m])) for m in stale for name in declared[m]]
        if len(tasks) > 1 and jobs > 1:
            _import_once(stale)
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                list(pool.map(_draw, tasks))
        else:
            list(map(_draw, tasks))
        for m in stale:
            (work[m] / ".complete").write_text("\n".join(declared[m]))
            shutil.rmtree(targets[m], ignore_errors=True)
            try:
                work[m].rename(targets[m])
            except OSError:  # another build finished the same figures first
                pass
            for old in CACHE.glob(f"{m}-*"):
                if old != targets[m]:
                    shutil.rmtree(old, ignore_errors=True)
    finally:
        for folder in work.values():
            shutil.rmtree(folder, ignore_errors=True)
    return {m: sorted(targets[m].glob("*.svg")) for m in names}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="copy every figure into this folder")
    parser.add_argument("--list", action="store_true", help="print the registered figure names")
    args = parser.parse_args()
    if args.list:
        for name, (module, _) in sorted(figures.load().items()):
            print(f"{name}\t{module}")
        return
    drawn = build()
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for paths in drawn.values():
            for path in paths:
                shutil.copy2(path, args.out / path.name)
    total = sum(len(p) for p in drawn.values()) // 2
    print(f"{total} figures from {len(drawn)} modules" + (f" in {args.out}" if args.out else f" in {CACHE}"))


if __name__ == "__main__":
    main()
