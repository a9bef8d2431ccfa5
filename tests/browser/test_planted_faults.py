"""The checks catch what they are for: faults planted in a copy of the built site fail them.

The copy links to every file of the built site and adds pages made from the home page, each with
one fault: an image from another host, a console error, an uncaught exception, mid-grey text, and
broken content (a missing page, a missing anchor, raw TeX). The very same checks as ``test_pages`` run on them
and must name each fault, while the unmodified home page of the copy passes.

The image from another host points at 203.0.113.7 (TEST-NET-3, an address reserved for
documentation): the route of the browser context aborts the request, so it never leaves the
machine (and the browser's proxy points at a closed port on 127.0.0.1 besides).
"""

from __future__ import annotations

import pytest

from .checks import audit_page
from .conftest import make_context
from .site import SiteServer

OTHER_HOST = "http://203.0.113.7/planted.png"

PLANTED = {
    "planted-external.html": f'<img src="{OTHER_HOST}" alt="An image from another host">',
    "planted-console-error.html": '<script>console.error("planted fault: a console error")</script>',
    "planted-exception.html": "<script>throw new Error(\"planted fault: an uncaught exception\")</script>",
    "planted-contrast.html": '<p style="color: #808080">Mid-grey text: too pale on the white page and on the dark one.</p>',
    "planted-content.html": (
        '<p><a href="lessons/no-such-lesson/">a missing page</a>, '
        '<a href="lessons/05-learning-rates/#no-such-heading">a missing anchor</a>, '
        "and raw TeX: \\(x^2\\) and $$y^2$$</p>"
    ),
}


@pytest.fixture(scope="module")
def planted(site_dir, tmp_path_factory):
    """A copy of the site (links to its files) with the planted pages beside the home page."""
    root = tmp_path_factory.mktemp("planted-site")
    for entry in site_dir.iterdir():
        (root / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    marker = '<article class="md-content__inner md-typeset">'
    assert marker in home, "the home page's content element changed: update this test"
    for name, fault in PLANTED.items():
        (root / name).write_text(home.replace(marker, marker + fault, 1), encoding="utf-8")
    with SiteServer(root) as server:
        yield server


@pytest.fixture
def audit(browser, planted, request):
    contexts = []

    def run(page_name, accessibility=False):
        context, watch = make_context(browser, planted)
        contexts.append(context)
        page = watch.page(context)
        return audit_page(page, watch, planted.url + page_name, accessibility=accessibility)

    yield run
    for context in contexts:
        context.close()


def test_the_unmodified_page_passes(audit):
    assert audit("").problems() == []


def test_a_request_to_another_host_fails_the_checks(audit):
    result = audit("planted-external.html")
    assert result.external_requests == [OTHER_HOST]
    assert f"request to another host: {OTHER_HOST}" in result.problems()
    assert f"image not loaded: {OTHER_HOST}" in result.problems()


def test_a_console_error_fails_the_checks(audit):
    result = audit("planted-console-error.html")
    assert any("planted fault: a console error" in e for e in result.console_errors)
    assert any(p.startswith("console error: planted fault") for p in result.problems())
    assert not result.external_requests


def test_an_uncaught_exception_fails_the_checks(audit):
    result = audit("planted-exception.html")
    assert any("planted fault: an uncaught exception" in e for e in result.page_errors), result.page_errors
    assert any(p.startswith("uncaught exception:") for p in result.problems())


def test_broken_links_and_raw_tex_fail_the_checks(audit):
    problems = audit("planted-content.html").problems()
    assert any("no-such-lesson" in p and "no such file" in p for p in problems), problems
    assert any("no anchor #no-such-heading" in p for p in problems), problems
    assert sum(p.startswith("raw TeX") for p in problems) >= 1, problems


def test_low_contrast_text_fails_the_accessibility_scan(audit):
    result = audit("planted-contrast.html", accessibility=True)
    assert any(v["id"] == "color-contrast" for v in result.violations_light), result.violations_light
    assert any(v["id"] == "color-contrast" for v in result.violations_dark), result.violations_dark
    assert any("color-contrast" in p for p in result.problems())
