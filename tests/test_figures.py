"""Figures: drawn by scripts/figures from lessonlib, each used by a page, none orphaned, all with alt text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lessonlib import plotting
from scripts import figures

ROOT = Path(__file__).resolve().parent.parent
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)\)")


def _images():
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for number, line in enumerate(page.read_text().splitlines(), 1):
            for m in IMAGE.finditer(line):
                yield f"{page.relative_to(ROOT)}:{number}", m["alt"], m["src"]


def test_every_image_has_alt_text():
    missing = [where for where, alt, _ in _images() if len(alt.strip()) < 10]
    assert not missing, f"images without a real alt text: {missing}"


def test_every_page_figure_is_drawn_by_a_script():
    registered = set(figures.load())
    unknown = [f"{where}: {src}" for where, _, src in _images()
               if "figures/" in src and Path(src).stem not in registered]
    assert not unknown, f"figures that no script draws: {unknown}"


def test_no_figure_is_orphaned():
    used = {Path(src).stem for _, _, src in _images() if "figures/" in src}
    orphans = sorted(set(figures.load()) - used)
    assert not orphans, f"figures drawn but shown on no page: {orphans}"


def test_no_hand_made_image_files_in_docs():
    """Figures are drawn during the build; an image file kept in docs/ would be one nobody redraws."""
    kept = [str(p.relative_to(ROOT)) for ext in ("png", "svg", "jpg", "jpeg", "gif", "webp")
            for p in (ROOT / "docs").rglob(f"*.{ext}") if "assets/vendor" not in str(p)]
    assert not kept, f"image files in docs/: {kept}"


def test_figures_are_deterministic_and_have_a_dark_variant():
    registry = figures.load()
    name = "home-downhill"
    first = figures.render(registry[name][1])
    second = figures.render(registry[name][1])
    assert first == second
    light, dark = (b.decode() for b in first)
    assert "<dc:date>" not in light
    assert plotting.INK in light and plotting.INK not in dark and plotting.INK_DARK in dark


def test_built_pages_show_both_variants_of_each_figure(built_site):
    html = (built_site / "index.html").read_text()
    assert 'src="figures/home-downhill.svg#only-light"' in html
    assert 'src="figures/home-downhill-dark.svg#only-dark"' in html
    for name in figures.load():
        assert (built_site / "figures" / f"{name}.svg").is_file(), name
        assert (built_site / "figures" / f"{name}-dark.svg").is_file(), name
