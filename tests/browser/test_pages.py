"""Every page of the built site, in headless Chromium.

Per page: HTTP 200 (the 404 page is only required to render); no console error and no uncaught
exception; no request to any host but the local server; every image loaded, the dark variants of
the figures included; the math rendered (no raw TeX delimiters in the text, no KaTeX error); every
link into the site and its #anchor resolve; the palette toggle switches from light to dark; and an
axe-core scan, in both palettes, with no serious or critical violation.
"""

from __future__ import annotations

import pytest

from .checks import audit_page, axe_violations, describe_violations, toggle_palette
from .site import built_pages, expected_pages

PAGES = expected_pages()


def _id(path):
    return path.strip("/").removesuffix(".html") or "home"


def test_every_built_page_is_checked(site_dir):
    """The pages below come from the sources; the built site has exactly those (no page goes unchecked)."""
    assert sorted(built_pages(site_dir)) == sorted(PAGES)


@pytest.mark.parametrize("path", PAGES, ids=_id)
def test_page(path, context, server):
    page = context.watch.page(context)
    audit = audit_page(page, context.watch, server.url + path)
    problems = audit.problems(require_200=path != "404.html")
    assert not problems, f"{path or 'home page'}:\n  " + "\n  ".join(problems)
    if path == "404.html":
        assert "404" in page.inner_text(".md-content"), "the 404 page did not render its content"
    assert audit.links > 0 and page.locator(".md-content").count() == 1


@pytest.mark.parametrize("path", PAGES, ids=_id)
def test_accessibility(path, context, server):
    page = context.watch.page(context)
    page.goto(server.url + path, wait_until="load")
    light = axe_violations(page)
    toggle_palette(page)
    dark = axe_violations(page)
    report = ""
    if light:
        report += "light palette:\n" + describe_violations(light) + "\n"
    if dark:
        report += "dark palette:\n" + describe_violations(dark)
    assert not (light or dark), f"{path or 'home page'}: serious or critical accessibility violations\n{report}"
