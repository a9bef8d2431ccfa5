"""Draw every figure of the site from lessonlib.

    python scripts/make_figures.py                 # all figures into .cache/figures (reused when unchanged)
    python scripts/make_figures.py --out DIR       # all figures into DIR
    python scripts/make_figures.py --list          # the registered figure names

Figures are cached per module under a fingerprint of the module's source and of lessonlib, so a build
redraws only what an edit can have changed. Output is deterministic: no dates, fixed SVG ids.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import figures  # noqa: E402

CACHE = ROOT / ".cache" / "figures"


def complete(folder: Path) -> bool:
    """Whether a cache folder holds every figure its module drew (light and dark)."""
    marker = folder / ".complete"
    if not marker.exists():
        return False
    names = [n for n in marker.read_text().split("\n") if n]
    return all((folder / f"{n}.svg").exists() and (folder / f"{n}-dark.svg").exists() for n in names)


def _draw(module_name: str) -> tuple[str, list[str]]:
    key = figures.fingerprint(module_name)
    target = CACHE / f"{module_name}-{key}"
    if not complete(target):
        tmp = Path(tempfile.mkdtemp(prefix=f".{module_name}-", dir=CACHE))  # one per process: builds may overlap
        names = figures.render_module(module_name, tmp)
        (tmp / ".complete").write_text("\n".join(names))
        shutil.rmtree(target, ignore_errors=True)
        try:
            tmp.rename(target)
        except OSError:  # another build finished the same figures first
            shutil.rmtree(tmp, ignore_errors=True)
        for stale in CACHE.glob(f"{module_name}-*"):
            if stale != target and not stale.name.startswith("."):
                shutil.rmtree(stale, ignore_errors=True)
    return module_name, [str(p) for p in sorted(target.glob("*.svg"))]


def build(jobs: int = 2) -> dict[str, list[Path]]:
    """Draw (or reuse) every module's figures; return {module: [svg paths]}."""
    CACHE.mkdir(parents=True, exist_ok=True)
    names = figures.modules()
    keys = figures.fingerprints(names)
    stale = [m for m in names if not complete(CACHE / f"{m}-{keys[m]}")]
    results = {}
    if len(stale) > 1 and jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results.update(pool.map(_draw, stale))
    else:
        results.update(map(_draw, stale))
    results.update(_draw(m) for m in names if m not in results)
    return {m: [Path(p) for p in paths] for m, paths in results.items()}


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
