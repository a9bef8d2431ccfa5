"""Fixtures of the browser suite: one Chromium per session, one context per test, the site on 127.0.0.1.

The suite drives Debian's Chromium (``/usr/bin/chromium``, installed by ``make test``) through
Playwright; it never downloads a browser. Without Chromium the tests are skipped with a message,
unless the environment variable ``CI`` is set, where they fail.

The site is the one ``built_site`` (``tests/conftest.py``) builds with ``mkdocs build --strict``;
to rerun the suite against a site built already, set ``DOWNHILL_BUILT_SITE=/path/to/site``.
A test that fails saves a screenshot of each of its pages to ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import pytest

from .checks import AXE, Watch
from .site import SiteServer

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
MISSING = "Chromium is missing: run `make test` (it installs Debian's chromium) or apt-get install -y chromium"
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-extensions",
    "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--no-pings",
    "--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication",
    "--disable-software-rasterizer", "--disable-gpu-compositing",   # no GPU process: less CPU per page
]


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: a test that drives headless Chromium over the built site")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).parent == here:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _missing(message):
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _dead_port() -> int:
    """A loopback port nothing listens on, given to the browser as its proxy.

    The pages' requests to other hosts are aborted by the route of each context (checks.Watch), but
    Chromium also makes requests of its own that no route sees (its clock, component updates,
    accounts), even with the flags below; through this proxy they all fail on this machine.
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _missing(MISSING)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is missing: run `make test` (it installs the test dependencies)")
    if not AXE.is_file():
        _missing(f"axe-core is missing ({AXE.relative_to(ROOT)}): run `make test` (scripts/setup.sh installs it)")
    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(
            executable_path=str(CHROMIUM), args=LAUNCH_ARGS,
            proxy={"server": f"http://127.0.0.1:{_dead_port()}", "bypass": "127.0.0.1,localhost"},
        )
        yield browser
        browser.close()
    finally:
        manager.stop()


@pytest.fixture(scope="session")
def site_dir(request) -> Path:
    prebuilt = os.environ.get("DOWNHILL_BUILT_SITE")
    if prebuilt:
        return Path(prebuilt)
    return request.getfixturevalue("built_site")


@pytest.fixture(scope="session")
def server(site_dir):
    with SiteServer(site_dir) as srv:
        yield srv


def _screenshots(request, context):
    failed = any(getattr(getattr(request.node, f"report_{when}", None), "failed", False) for when in ("setup", "call"))
    if not failed:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])[:150]
    for i, page in enumerate(context.pages):
        try:
            # The whole page, unless it is very long (then what the window shows): a screenshot of a
            # page tens of thousands of pixels tall costs more than the test did.
            tall = page.evaluate("() => document.documentElement.scrollHeight") > 12_000
            page.screenshot(path=str(ARTIFACTS / f"{name}-{i}.png"), full_page=not tall, timeout=5000)
        except Exception:  # noqa: BLE001 - a screenshot is a help, not a test
            pass


def make_context(browser, server, **options):
    """A new context whose requests are guarded (see :class:`checks.Watch`), and its Watch."""
    watch = Watch(server)
    options = {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light", "service_workers": "block", **options}
    context = watch.guard(browser.new_context(**options))
    context.set_default_timeout(10_000)
    return context, watch


@pytest.fixture
def context(browser, server, request):
    """A fresh browser context (desktop size, light preference) guarded against other hosts."""
    ctx, watch = make_context(browser, server)
    ctx.watch = watch
    yield ctx
    _screenshots(request, ctx)
    ctx.close()


@pytest.fixture
def new_context(browser, server, request):
    """A factory of extra contexts (phone size, dark preference...), closed after the test."""
    made = []

    def make(**options):
        ctx, watch = make_context(browser, server, **options)
        ctx.watch = watch
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        _screenshots(request, ctx)
        ctx.close()
