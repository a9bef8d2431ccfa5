"""Does a change to how the site is built or loads change how it looks? Screenshots of two builds, compared.

Builds the site at a git revision (``--before``, in a temporary worktree that shares the figure cache) and
the working tree (or ``--after-site``), opens the same pages in both with the Chromium the tests use, on a
phone (412 x 823) and a desktop (1280 x 900) screen, in the light and the dark palette, scrolls each page to
its end and back (so every block is drawn), and takes a screenshot of the whole page. It reports, per page
and view, whether the two have the same height and what fraction of pixels differ, and writes the pairs
that differ, with a difference image, to ``--out``.

    .venv/bin/python scripts/compare_screenshots.py --before 2971969
    .venv/bin/python scripts/compare_screenshots.py --before-site /tmp/a --after-site /tmp/b --pages notation

A page whose content changed between the two revisions differs for that reason too: choose revisions with
the same text, or read the difference images.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.page_speed import CHROMIUM, GzipServer, base_path  # noqa: E402

PAGES = ["", "notation/", "lessons/01-learning-is-optimization/", "lessons/05-learning-rates/",
         "lessons/08-quasi-newton/", "lessons/13-proximal/", "playground/"]
VIEWS = {"phone": dict(viewport={"width": 412, "height": 823}, device_scale_factor=1, is_mobile=True, has_touch=True),
         "desktop": dict(viewport={"width": 1280, "height": 900}, device_scale_factor=1)}


def build(revision: str, out: Path) -> Path:
    """The site of ``revision``, built in a temporary worktree into ``out``."""
    with tempfile.TemporaryDirectory(prefix="downhill-rev-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), revision], cwd=ROOT, check=True)
        try:
            (tree / ".cache").mkdir()
            (tree / ".cache" / "figures").symlink_to(ROOT / ".cache" / "figures")
            # What setup.sh installs beside the sources: KaTeX for node, and the site's copy of KaTeX.
            for installed in ("scripts/vendor/node_modules", "docs/assets/vendor"):
                if (ROOT / installed).exists() and not (tree / installed).exists():
                    (tree / installed).symlink_to(ROOT / installed)
            subprocess.run([str(ROOT / ".venv" / "bin" / "mkdocs"), "build", "-q", "-d", str(out)], cwd=tree, check=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=True)
    return out


def shoot(browser, url: str, view: str, scheme: str, path: Path) -> None:
    context = browser.new_context(**VIEWS[view], color_scheme="dark" if scheme == "dark" else "light",
                                  reduced_motion="reduce")
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.evaluate("""async () => {
        await document.fonts.ready;
        for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
            scrollTo(0, y);
            await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        }
        scrollTo(0, 0);
        await new Promise((r) => setTimeout(r, 300));
    }""")
    # A whole-page screenshot also shows what is off the screen, which the browser does not draw on a long
    # page (content-visibility: auto) until it comes near: as a reader scrolling through sees it, drawn.
    page.add_style_tag(content=".md-content * { content-visibility: visible !important; }")
    page.wait_for_timeout(300)
    page.screenshot(path=str(path), full_page=True, animations="disabled", caret="hide")
    context.close()


def difference(a: Path, b: Path, out: Path) -> tuple[bool, float]:
    """(same size, fraction of pixels that differ); writes a difference image when they differ."""
    import matplotlib.image as mpimg

    x, y = mpimg.imread(a)[..., :3], mpimg.imread(b)[..., :3]
    if x.shape != y.shape:
        return False, 1.0
    changed = np.abs(x - y).max(axis=2) > 2 / 255
    if changed.any():
        mpimg.imsave(out, np.where(changed[..., None], np.array([1.0, 0.0, 0.3]), y * 0.35 + 0.65))
    return True, float(changed.mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", help="git revision to compare with (built in a temporary worktree)")
    parser.add_argument("--before-site", type=Path, help="a site built already, instead of --before")
    parser.add_argument("--after-site", type=Path, help="a site built already (default: build the working tree)")
    parser.add_argument("--pages", help="comma-separated pages (default: home, notation, lessons 1, 5, 8, 13, playground)")
    parser.add_argument("--out", type=Path, default=ROOT / ".cache" / "screenshots")
    args = parser.parse_args()
    if not (args.before or args.before_site):
        parser.error("give --before REVISION or --before-site DIR")
    pages = [p if p.endswith("/") or not p else p + "/" for p in args.pages.split(",")] if args.pages else PAGES
    pages = ["" if p in ("home/", "/") else p for p in pages]
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="downhill-shots-") as tmp, ExitStack() as stack:
        before = args.before_site or build(args.before, Path(tmp) / "before")
        after = args.after_site
        if after is None:
            after = Path(tmp) / "after"
            subprocess.run([str(ROOT / ".venv" / "bin" / "mkdocs"), "build", "-q", "-d", str(after)], cwd=ROOT, check=True)
        servers = {name: stack.enter_context(GzipServer(site, base_path())) for name, site in (("before", before), ("after", after))}
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--font-render-hinting=none"])
        print("| page | view | palette | same height | pixels that differ |\n|---|---|---|---|---:|")
        for page_path in pages:
            for view in VIEWS:
                for scheme in ("light", "dark"):
                    name = f"{(page_path.strip('/') or 'home').replace('/', '_')}-{view}-{scheme}"
                    shots = {side: args.out / f"{name}-{side}.png" for side in servers}
                    try:
                        for side, server in servers.items():
                            shoot(browser, server.url + page_path, view, scheme, shots[side])
                        same, fraction = difference(shots["before"], shots["after"], args.out / f"{name}-diff.png")
                    except Exception as error:  # noqa: BLE001 - e.g. a page too tall for one screenshot
                        print(f"| {page_path or 'home'} | {view} | {scheme} | not compared: {error!r:.80} | |", flush=True)
                        continue
                    if same and fraction == 0:
                        for shot in shots.values():
                            shot.unlink()
                    print(f"| {page_path or 'home'} | {view} | {scheme} | {'yes' if same else 'no'} | {fraction:.4%} |", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
