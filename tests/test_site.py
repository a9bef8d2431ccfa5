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
    assert len(lessons) == 16  # Part I, lessons 1-10, and Part II, lessons 11-16
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


def test_math_is_typeset_at_build_time(built_site):
    """Every formula arrives as KaTeX's HTML and MathML; no page loads a script to typeset math; the
    stylesheet and fonts that lay it out are the site's own."""
    index = (built_site / "index.html").read_text()
    assert re.search(r'class="arithmatex"><span class="katex"><span class="katex-mathml"><math', index)
    pages = [p for p in built_site.rglob("*.html") if "assets" not in p.parts]
    formulas = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        rel = page.relative_to(built_site)
        assert not re.search(r"<script[^>]+src=\"[^\"]*(katex|auto-render|mathjax)", html, re.I), f"{rel} loads a math script"
        raw = re.findall(r'class="arithmatex">\s*\\[\[(]', html)
        assert not raw, f"{rel}: {len(raw)} formula(s) left as TeX"
        assert "katex-error" not in html, f"{rel}: TeX that KaTeX could not typeset"
        formulas += html.count('class="arithmatex"')
        if 'class="arithmatex"' in html:
            assert 'href="' in html and "katex.min.css" in html, f"{rel} has math but not KaTeX's stylesheet"
    assert formulas > 1000
    assert not (built_site / "assets/vendor/katex/katex.min.js").exists()
    css = (built_site / "assets/vendor/katex/katex.min.css").read_text()
    fonts = set(re.findall(r"url\((fonts/[^)]+)\)", css))
    assert fonts and all((built_site / "assets/vendor/katex" / f).is_file() for f in fonts)


def test_figures_load_lazily_with_their_size(built_site):
    """Each figure has a light and a dark variant: both load lazily (the reader downloads the one of the
    palette shown), with their width and height, so the text does not move when they arrive."""
    lesson = (built_site / "lessons/05-learning-rates/index.html").read_text()
    figures = re.findall(r"<img[^>]*figures/[^>]*>", lesson)
    assert figures
    for img in figures:
        assert 'loading="lazy"' in img and re.search(r'width="[\d.]+"', img) and re.search(r'height="[\d.]+"', img), img


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
        # Plots are files beside the page, each with the alt text its cell gives ("# Alt text: ...").
        assert not re.search(r"<img [^>]*src=\"data:", html) and 'script src=""' not in html
        plots = re.findall(r'<img alt="([^"]*)"[^>]*src="(plot-[0-9a-f]+\.png)"', html)
        assert plots and len(plots) == html.count("<img "), f"{nb.name}: a plot is inline or has no alt text"
        for alt, name in plots:
            assert len(alt) > 30 and "No description" not in alt, (nb.name, alt)
            assert (built_site / "notebooks" / nb.stem / name).is_file(), name
        assert f"{nb.name}" in html and "download" in html.lower(), f"{nb.name} has no download link"
        assert (built_site / "notebooks" / nb.stem / nb.name).is_file() or (built_site / "notebooks" / nb.name).is_file()


def test_api_pages_are_generated_from_docstrings(built_site):
    pages = {p.parent.name: p.read_text() for p in (built_site / "api").glob("*/index.html")}
    assert len(pages) == len(list((ROOT / "docs" / "api").glob("*.md"))) - 1  # and the index
    html = "".join(pages.values())
    for name in ["gradient_descent", "newton", "bfgs", "lbfgs", "OptimizeResult", "strong_wolfe"]:
        assert f'id="lessonlib.gd.gradient_descent"' in html and f'id="lessonlib.' in html and name in html, name
    index = (built_site / "api/index.html").read_text()
    assert all(f'href="{name}/"' in index for name in pages), "the API index links every API page"


def test_build_time_math_and_long_page_hints():
    """The pieces the build uses: KaTeX under node (one process, cached), and the block sizes of long pages."""
    import sys

    sys.path.insert(0, str(ROOT))
    from scripts import katex_ssr, long_pages

    html = ('<p><span class="arithmatex">\\(x^2 &lt; 1\\)</span></p>'
            '<div class="arithmatex">\\[\\frac{a}{b}\\]</div><span class="arithmatex">\\(\\frac{\\)</span>')
    out, errors = katex_ssr.typeset(html)
    assert out.count('class="katex"') == 2 and out.count("<math") == 2 and 'class="katex-error"' in out
    assert "x^2 &lt; 1" in out  # the TeX, unescaped for KaTeX, is kept escaped in the annotation
    assert 'class="katex-display"' in out and re.search(r'<div class="arithmatex" style="--dh-em:[\d.]+">', out)
    assert [tex for tex, _ in errors] == ["\\frac{"]
    again, _ = katex_ssr.typeset(html)
    assert again == out

    page = "<h1>T</h1>" + "<p>" + "word " * 800 + "</p>" + "<table><tr><td>1</td></tr></table>" + \
        "<h2 id=a>A</h2><p>text</p>" + '<div class="highlight"><pre><code>a\nb\n</code></pre></div>' + \
        '<details class="success"><summary>S</summary><p>x</p></details><table><tr><td>2</td></tr></table>' + \
        '<table class="dataframe"><tr><td>3</td></tr></table>'
    marked = long_pages.prepare(page)
    assert '<h2 class="dh-fold" id=a>' in marked or '<h2 class="dh-fold" id="a">' in marked
    assert marked.index("dh-fold") < marked.index("--dh-chars")
    assert '<p style="--dh-chars:4;--dh-fixed:1.5" class="dh-lazy-text">text</p>' in marked
    assert '<div style="--dh-lines:2" class="dh-lazy-code highlight">' in marked
    assert re.search(r'<details style="--dh-chars:\d+;--dh-fixed:[\d.]+" class="success">', marked)
    # Tables the theme styles arrive in the theme's wrapper, marked so that its script leaves them there.
    wrapper = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table"><table class="dh-table'
    assert marked.count(wrapper) == 2 and marked.count("</table></div></div>") == 2
    assert '<table class="dh-table"><tr><td>1</td></tr></table></div></div>' in marked  # above the fold
    assert re.search(r'<table class="dh-table dh-lazy-table" style="--dh-chars:\d+;--dh-fixed:[\d.]+"><tr><td>2', marked)
    assert re.search(r'<table style="[^"]*" class="dataframe"><tr><td>3</td></tr></table>$', marked)  # not the theme's
    theme = ".md-typeset table:not([class]){display:inline-block}.md-typeset table:not([class])+*{margin-top:1.5em}"
    assert long_pages.theme_table_rules(theme) == (".md-typeset table:is(:not([class]),.dh-table){display:inline-block}"
                                                   ".md-typeset table:is(:not([class]),.dh-table)+*{margin-top:1.5em}")
    wide = long_pages.focusable_code('<pre><code>' + "x" * 60 + '</code></pre><pre><code>short</code></pre>')
    assert wide.count('tabindex="0"') == 1  # a keyboard reaches a block that scrolls sideways before the theme sets it up
