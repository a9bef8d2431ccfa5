"""The built site: strict build, published as plain static files, nothing loaded from another host."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Attributes through which a page makes the browser fetch something.
FETCHING = {
    "script": ["src"], "img": ["src", "srcset"], "source": ["src", "srcset"], "iframe": ["src"],
    "video": ["src", "poster"], "audio": ["src"], "embed": ["src"], "object": ["data"],
    "link": ["href"],  # stylesheets, icons, preloads; <a href> only navigates and is allowed
}


class _Fetches(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") in ("canonical", "alternate", "author", "license"):
            return  # metadata, never fetched
        for name in FETCHING.get(tag, []):
            if attrs.get(name):
                self.urls.extend(u.strip().split(" ")[0] for u in attrs[name].split(","))


def _external(url: str) -> bool:
    return bool(re.match(r"^(https?:)?//", url))


def test_strict_build_produces_every_page(built_site):
    for page in ["index.html", "404.html", "api/index.html", "playground/index.html", "sitemap.xml"]:
        assert (built_site / page).is_file(), page
    lessons = sorted(p.stem for p in (ROOT / "docs" / "lessons").glob("*.md"))
    assert len(lessons) == 10
    for slug in lessons:
        assert (built_site / "lessons" / slug / "index.html").is_file(), slug


def test_no_page_fetches_from_another_host(built_site):
    offenders = []
    for page in built_site.rglob("*.html"):
        parser = _Fetches()
        parser.feed(page.read_text(encoding="utf-8"))
        offenders += [f"{page.relative_to(built_site)}: {u}" for u in parser.urls if _external(u)]
    for css in built_site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text(encoding="utf-8", errors="replace")):
            if _external(url):
                offenders.append(f"{css.relative_to(built_site)}: {url}")
        for url in re.findall(r"@import\s+['\"]([^'\"]+)", css.read_text(encoding="utf-8", errors="replace")):
            if _external(url):
                offenders.append(f"{css.relative_to(built_site)}: @import {url}")
    assert not offenders, "requests to other hosts:\n" + "\n".join(offenders[:20])


def test_math_is_rendered_by_a_local_katex(built_site):
    index = (built_site / "index.html").read_text()
    assert 'class="arithmatex"' in index
    assert re.search(r'<script src="assets/vendor/katex/katex\.min\.js', index)
    assert (built_site / "assets/vendor/katex/katex.min.js").stat().st_size > 100_000
    css = (built_site / "assets/vendor/katex/katex.min.css").read_text()
    fonts = set(re.findall(r"url\((fonts/[^)]+)\)", css))
    assert fonts and all((built_site / "assets/vendor/katex" / f).is_file() for f in fonts)


def test_published_as_static_site_with_edit_links(built_site):
    page = (built_site / "lessons/02-critical-points/index.html").read_text()
    assert "edit/main/docs/lessons/02-critical-points.md" in page
    assert 'rel="canonical"' in page
    assert "Page not found" in (built_site / "404.html").read_text() or "404" in (built_site / "404.html").read_text()


def test_notebooks_are_executed_and_downloadable(built_site):
    notebooks = sorted((ROOT / "docs" / "notebooks").glob("*.py"))
    assert notebooks
    for nb in notebooks:
        html = (built_site / "notebooks" / nb.stem / "index.html").read_text()
        assert "jp-OutputArea-output" in html, f"{nb.name} has no executed output"
        assert f"{nb.name}" in html and "download" in html.lower(), f"{nb.name} has no download link"
        assert (built_site / "notebooks" / nb.stem / nb.name).is_file() or (built_site / "notebooks" / nb.name).is_file()


def test_api_page_is_generated_from_docstrings(built_site):
    html = (built_site / "api/index.html").read_text()
    for name in ["gradient_descent", "newton", "bfgs", "lbfgs", "OptimizeResult", "strong_wolfe"]:
        assert f'id="lessonlib.' in html and name in html, name
