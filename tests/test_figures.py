"""Figures: drawn by scripts/figures from lessonlib, each used by a page, none orphaned, all with alt text."""

from __future__ import annotations

import os
import re
import subprocess
import sys
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


def test_each_module_declares_the_figures_it_registers():
    """The build announces the figures before drawing them, from their @figure("NAME") lines."""
    registry = figures.load()
    for module in figures.modules():
        registered = sorted(name for name, (where, _) in registry.items() if where.rsplit(".", 1)[-1] == module)
        assert figures.declared(module) == registered, module


def test_a_figure_name_not_written_out_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "lesson99.py").write_text('NAME = "lesson99-x"\n\n\n@figure(NAME)\ndef x():\n    pass\n')
    monkeypatch.setattr(figures, "FIGURE_DIR", tmp_path)
    monkeypatch.setattr(figures, "ROOT", tmp_path)
    with pytest.raises(ValueError, match=r"lesson99\.py, line 4: write the figure's name as a string"):
        figures.declared("lesson99")


def test_figures_drawn_while_the_pages_build_give_the_same_site(built_site, tmp_path):
    """With no figure drawn yet, the build draws them side by side with the pages, then copies them and
    writes their sizes into the pages: the site is the one a build with every figure at hand makes."""
    env = {name: value for name, value in os.environ.items() if name != "MPLBACKEND"}
    env["DOWNHILL_FIGURE_CACHE"] = str(tmp_path / "figures")
    out = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "--site-dir", str(out)],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert len(list((tmp_path / "figures").glob("*/*.svg"))) == 2 * len(figures.load())
    pages = sorted(p.relative_to(built_site) for p in built_site.rglob("*") if p.suffix in (".html", ".svg"))
    assert pages and pages == sorted(p.relative_to(out) for p in out.rglob("*") if p.suffix in (".html", ".svg"))
    differ = [str(p) for p in pages if (built_site / p).read_bytes() != (out / p).read_bytes()]
    assert not differ, f"pages or figures that differ: {differ}"
    assert not [p for p in pages if b"dh-size-of-" in (out / p).read_bytes()]
