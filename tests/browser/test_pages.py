"""Every page of the built site, in headless Chromium, one page load per page.

Per page: HTTP 200 (the 404 page is only required to render); no console error and no uncaught
exception; no request to any host but the local server; every image loaded, the dark variants of
the figures included; the math rendered (no raw TeX delimiters in the text, no KaTeX error, every
formula typeset); every link into the site and its #anchor resolve; the palette toggle switches from
light to dark; and an axe-core scan with no serious or critical violation (all default rules in the
light palette, the colour rules again in the dark one).
"""

from __future__ import annotations

import time

import pytest

from .checks import audit_page
from .site import built_pages, expected_pages

PAGES = expected_pages()


def _id(path):
    return path.strip("/").removesuffix(".html") or "home"


def test_every_built_page_is_checked(site_dir):
    """The pages below come from the sources; the built site has exactly those (no page goes unchecked)."""
    assert sorted(built_pages(site_dir)) == sorted(PAGES)


@pytest.mark.parametrize("path", PAGES, ids=_id)
def test_page(path, context, server, record_property):
    page = context.watch.page(context)
    start = time.perf_counter()
    audit = audit_page(page, context.watch, server.url + path)
    record_property("seconds", round(time.perf_counter() - start, 2))
    problems = audit.problems(require_200=path != "404.html")
    assert not problems, f"{path or 'home page'}:\n  " + "\n  ".join(problems)
    if path == "404.html":
        assert "404" in page.inner_text(".md-content"), "the 404 page did not render its content"
    assert audit.links > 0 and page.locator(".md-content").count() == 1
