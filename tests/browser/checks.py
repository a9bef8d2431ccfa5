"""What the browser suite checks on a page, as functions that return the problems they find.

The tests assert that a page has none; the planted-fault tests assert that the same functions do
find the faults planted in a copy of the site. Nothing here lets a request leave the machine: every
request the page makes to a host other than the local server is recorded and aborted by a route
(and the browser is launched with a proxy that points nowhere, so even a request the route did not
see fails on this machine).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .site import SiteServer, ids_in, page_file

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "scripts" / "vendor" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


@dataclass
class Watch:
    """Everything a browser context did that a test may object to."""

    server: SiteServer
    external_requests: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    failed_requests: list = field(default_factory=list)

    def guard(self, context):
        """Route the requests of ``context``: every URL outside the local server is recorded and aborted.

        The pattern (any URL that does not start with the server's origin) is matched by Playwright
        itself, so the site's own requests go straight through without a round trip to Python.
        """
        others = re.compile("^(?!" + re.escape(self.server.origin + "/") + ")")
        context.route(others, self._block)
        return context

    def _block(self, route):
        self.external_requests.append(route.request.url)
        route.abort("blockedbyclient")

    def page(self, context):
        """A new page of ``context`` whose console errors, uncaught exceptions and failed loads are kept."""
        page = context.new_page()
        page.add_init_script(MATH_WATCH)
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(
            f"{msg.text} ({msg.location.get('url', '')}:{msg.location.get('lineNumber', '')})"))
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("requestfailed", lambda req: self.server.is_local(req.url) and self.failed_requests.append(
            f"{req.url}: {req.failure}"))
        page.on("response", lambda resp: self.server.is_local(resp.url) and resp.status >= 400 and
                self.failed_requests.append(f"{resp.url}: HTTP {resp.status}"))
        return page


@dataclass
class Audit:
    """The findings on one page."""

    url: str
    status: int | None = None
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)
    external_requests: list = field(default_factory=list)
    failed_requests: list = field(default_factory=list)
    broken_images: list = field(default_factory=list)
    images: int = 0
    raw_math: list = field(default_factory=list)
    katex_errors: int = 0
    unrendered_math: int = 0
    formulas: int = 0
    math_in_browser: list = field(default_factory=list)
    no_mathml: int = 0
    bad_links: list = field(default_factory=list)
    links: int = 0
    scheme_before: str | None = None
    scheme_after: str | None = None
    violations_light: list = field(default_factory=list)
    violations_dark: list = field(default_factory=list)
    elements: tuple = ()

    def problems(self, *, require_200: bool = True) -> list[str]:
        """Every failed check, one line each (empty when the page is fine)."""
        out = []
        if require_200 and self.status != 200:
            out.append(f"HTTP status {self.status}")
        out += [f"console error: {e}" for e in self.console_errors]
        out += [f"uncaught exception: {e}" for e in self.page_errors]
        out += [f"request to another host: {u}" for u in self.external_requests]
        out += [f"failed to load: {u}" for u in self.failed_requests]
        out += [f"image not loaded: {u}" for u in self.broken_images]
        out += [f"raw TeX left in the text: {t!r}" for t in self.raw_math]
        if self.katex_errors:
            out.append(f"{self.katex_errors} KaTeX error(s) (.katex-error)")
        if self.unrendered_math:
            out.append(f"{self.unrendered_math} formula(s) not rendered")
        out += [f"math typeset in the browser: {w}" for w in self.math_in_browser]
        if self.no_mathml:
            out.append(f"{self.no_mathml} formula(s) without MathML (what assistive technology reads)")
        out += [f"broken link: {u}" for u in self.bad_links]
        if (self.scheme_before, self.scheme_after) != ("default", "slate"):
            out.append(f"the palette toggle went from {self.scheme_before!r} to {self.scheme_after!r}, "
                       "not from 'default' to 'slate'")
        for palette, violations in (("light", self.violations_light), ("dark", self.violations_dark)):
            if violations:
                out.append(f"accessibility, {palette} palette (axe-core, serious or critical):\n"
                           + describe_violations(violations))
        return out


def images_loaded(page) -> tuple[int, list[str]]:
    """Load every image (lazy ones too) and return (count, the sources of those that did not load)."""
    page.evaluate("() => { for (const img of document.images) img.loading = 'eager'; }")
    try:
        page.wait_for_function("() => [...document.images].every(img => img.complete)", timeout=5000)
    except Exception:  # noqa: BLE001 - reported below as images not loaded
        pass
    images = page.evaluate(
        "() => [...document.images].map(img => ({src: img.currentSrc || img.src, ok: img.complete && img.naturalWidth > 0}))")
    return len(images), [img["src"] for img in images if not img["ok"]]


# The math arrives typeset (KaTeX runs at build time): every formula is KaTeX's HTML with its MathML,
# and no script typesets math in the browser (no KaTeX script, no formula changed after the HTML).
# ``window.__typesetAtLoad`` is recorded by ``MATH_WATCH`` as the page starts.
MATH_WATCH = r"""
window.__mathChanged = 0;
document.addEventListener("DOMContentLoaded", () => {
  window.__typesetAtLoad = document.querySelectorAll(".arithmatex .katex").length;
  new MutationObserver((records) => {
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (el && el.closest(".arithmatex")) window.__mathChanged++;
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
});
"""

MATH_SCAN = r"""
() => {
  const root = document.querySelector(".md-content") || document.body;
  const skip = "pre, code, script, style, textarea, .katex, .highlight";
  const raw = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(skip)) continue;
    const text = node.textContent;
    if (["\\(", "\\[", "$$"].some((d) => text.includes(d))) raw.push(text.trim().slice(0, 120));
  }
  const formulas = [...root.querySelectorAll(".arithmatex")];
  const inBrowser = [...document.scripts].map((s) => s.src).filter((src) => /katex|auto-render|mathjax/i.test(src));
  if (typeof window.katex !== "undefined" || typeof window.MathJax !== "undefined") inBrowser.push("a math library is loaded");
  if (window.__mathChanged) inBrowser.push(`${window.__mathChanged} change(s) to formulas after the HTML was parsed`);
  const atLoad = window.__typesetAtLoad;
  const typeset = document.querySelectorAll(".arithmatex .katex").length;
  if (atLoad !== undefined && atLoad < typeset) inBrowser.push(`${typeset - atLoad} formula(s) typeset after the HTML was parsed`);
  return {
    raw,
    errors: root.querySelectorAll(".katex-error").length,
    unrendered: formulas.filter((el) => !el.querySelector(".katex")).length,
    formulas: formulas.length,
    inBrowser,
    noMathml: formulas.filter((el) => el.querySelector(".katex") && !el.querySelector(".katex-mathml math")).length,
  };
}
"""


def render_everything(page) -> None:
    """Render every block of the page, as a reader scrolling through it gets them.

    On a long page the browser renders only the blocks near the screen (``content-visibility: auto``,
    docs/assets/css/downhill.css); the others have a placeholder size, and Chromium does not keep their
    computed style up to date (after a switch of palette, their links still report the light palette's
    colour) until they come near the screen and are rendered. The accessibility scans check the page as
    it is read, so every block is rendered first.
    """
    page.add_style_tag(content=".md-content * { content-visibility: visible !important; }")
    # The page checks again which display equations now scroll sideways (docs/assets/js/equations.js
    # does so on a resize, as it does for a block rendered as it nears the screen).
    page.evaluate("() => { delete document.documentElement.dataset.equationsChecked; window.dispatchEvent(new Event('resize')); }")
    equations_checked(page)


def equations_checked(page, timeout: float = 5000) -> None:
    """Wait until the page has marked its wide display equations as keyboard-scrollable regions
    (``docs/assets/js/equations.js`` does it after the first paint that follows the load, and for a block
    further down when the browser renders it; an accessibility scan before that would find them
    unreachable)."""
    if page.evaluate("() => document.querySelector('.katex-display') === null"):
        return
    try:
        page.wait_for_function("() => 'equationsChecked' in document.documentElement.dataset", timeout=timeout)
    except Exception:  # noqa: BLE001 - the scan then reports the equations it finds unreachable
        pass


def math_findings(page) -> dict:
    """Raw TeX delimiters left in the visible text of the content, KaTeX errors, unrendered formulas."""
    return page.evaluate(MATH_SCAN)


def broken_links(page, server: SiteServer) -> tuple[int, list[str]]:
    """Check every link of the page into the site: the target file exists, and so does its #anchor."""
    hrefs = page.evaluate("() => [...new Set([...document.querySelectorAll('a[href]')].map(a => a.href))]")
    live_ids = None
    bad = []
    for href in hrefs:
        path = server.site_path(href)
        if path is None:
            if server.is_local(href):
                bad.append(f"{href} (outside the site)")
            continue  # another host: a plain link, never fetched by the page
        target = page_file(server.directory, path)
        if target is None:
            bad.append(f"{href} (no such file)")
            continue
        anchor = unquote(urlsplit(href).fragment)
        if not anchor or target.suffix != ".html":
            continue
        if anchor in ids_in(target):
            continue
        if urlsplit(href)._replace(fragment="", query="").geturl() == urlsplit(page.url)._replace(fragment="", query="").geturl():
            if live_ids is None:
                live_ids = set(page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)"))
            if anchor in live_ids:
                continue
        bad.append(f"{href} (no anchor #{anchor})")
    return len(hrefs), bad


def color_scheme(page) -> str | None:
    return page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")


def toggle_palette(page) -> tuple[str | None, str | None]:
    """Click the header's light/dark toggle once; return the scheme before and after."""
    before = color_scheme(page)
    toggle = page.locator("form[data-md-component='palette'] label:not([hidden])").first
    if toggle.count() == 0:
        return before, before
    toggle.click()
    try:
        page.wait_for_function("(s) => document.body.getAttribute('data-md-color-scheme') !== s", arg=before, timeout=3000)
    except Exception:  # noqa: BLE001 - reported as a toggle that did not switch
        pass
    return before, color_scheme(page)


def audit_page(page, watch: Watch, url: str, *, accessibility: bool = True) -> Audit:
    """Load ``url`` in ``page`` and run every check on it, in the light palette and then the dark one.

    With ``accessibility``, axe-core scans the page with all its default rules in the light palette,
    and with the colour rules again in the dark one.
    """
    start = (len(watch.console_errors), len(watch.page_errors), len(watch.external_requests), len(watch.failed_requests))
    response = page.goto(url, wait_until="load")
    audit = Audit(url=url, status=response.status if response else None)
    audit.images, audit.broken_images = images_loaded(page)
    math = math_findings(page)
    audit.raw_math, audit.katex_errors = math["raw"], math["errors"]
    audit.unrendered_math, audit.formulas = math["unrendered"], math["formulas"]
    audit.math_in_browser, audit.no_mathml = math["inBrowser"], math["noMathml"]
    audit.links, audit.bad_links = broken_links(page, watch.server)
    equations_checked(page)
    if accessibility:
        render_everything(page)
        audit.elements = tuple(slim_for_scan(page))
        audit.violations_light = axe_violations(page)
    audit.scheme_before, audit.scheme_after = toggle_palette(page)
    # The dark palette shows the dark variant of each figure: it must have loaded too.
    _, dark_broken = images_loaded(page)
    audit.broken_images = sorted(set(audit.broken_images) | set(dark_broken))
    if accessibility:
        audit.violations_dark = contrast_failures(page)
    page.wait_for_timeout(50)  # let a late console message or failed request arrive
    audit.console_errors = watch.console_errors[start[0]:]
    audit.page_errors = watch.page_errors[start[1]:]
    audit.external_requests = watch.external_requests[start[2]:]
    audit.failed_requests = watch.failed_requests[start[3]:]
    return audit


# The pages have tens of thousands of elements, nearly all of them syntax-highlighting spans, the
# per-line anchors of code blocks and KaTeX's visual layer, and axe's time grows with their number.
# Before the scan: each code block keeps the first span of each token class (one per kind of block:
# lesson, notebook, API source), so every colour the highlighter uses is still checked once; the
# first three code blocks keep their line anchors (the others have the same ones); and KaTeX's
# visual layer (aria-hidden: the MathML beside it is what assistive technology reads) keeps one
# text node with the formula's text.
SLIM = """
() => {
  const before = document.getElementsByTagName("*").length;
  const seen = new Set();
  for (const span of document.querySelectorAll(".highlight span[class], .highlight-ipynb span[class]")) {
    const kind = span.closest(".jp-Cell") ? "notebook" : span.closest(".doc-contents, .doc") ? "api" : "page";
    const key = kind + "|" + span.className;
    if (!span.isConnected) continue;
    if (seen.has(key)) span.replaceWith(document.createTextNode(span.textContent));
    else seen.add(key);
  }
  [...document.querySelectorAll(".highlight pre > code")].slice(3).forEach((code) => {
    for (const anchor of code.querySelectorAll("a[id*='__codelineno']")) anchor.remove();
    for (const line of code.querySelectorAll("span[id*='__span-']")) line.replaceWith(...line.childNodes);
  });
  for (const layer of document.querySelectorAll(".katex-html")) layer.replaceChildren(document.createTextNode(layer.textContent));
  return [before, document.getElementsByTagName("*").length];
}
"""


def slim_for_scan(page) -> list[int]:
    """Shrink the page's DOM for the accessibility scan (see SLIM); the element counts before and after."""
    return page.evaluate(SLIM)


#: The rules that depend on colours.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]

# The dark palette changes only colours. Rather than a second axe run, the page is checked there by
# a lighter method for axe's two colour rules: each element with visible text against WCAG's
# contrast ratio (its colour over the backgrounds of its ancestors, blended until opaque), and each
# link in a run of text for an underline or a 3:1 contrast with the text. It needs no hit-testing,
# so it costs a tenth of axe's color-contrast rule (and finds what axe finds there: compared on the
# site with its contrast fixes removed); elements over a background image are left out.
CONTRAST = r"""
() => {
  const parse = (text) => {
    const m = /rgba?\(([^)]*)\)/.exec(text);
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(parseFloat);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const backgrounds = new Map();
  const background = (el) => {
    if (!el) return [255, 255, 255, 1];
    if (backgrounds.has(el)) return backgrounds.get(el);
    const style = getComputedStyle(el);
    let result;
    if (style.backgroundImage !== "none") result = null;
    else {
      const own = parse(style.backgroundColor);
      const below = own && own[3] >= 1 ? [255, 255, 255, 1] : background(el.parentElement);
      result = below === null ? null : own && own[3] > 0 ? over(own, below) : below;
    }
    backgrounds.set(el, result);
    return result;
  };
  const failures = [], done = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || done.has(el) || !node.textContent.trim()) continue;
    done.add(el);
    if (el.closest("script, style, noscript, template, svg, :disabled, [aria-disabled='true']")) continue;
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const box = el.getBoundingClientRect();
    if (box.width < 2 || box.height < 2) continue;            // visually hidden (screen-reader text)
    const bg = background(el);
    if (!bg) continue;
    const style = getComputedStyle(el);
    const fg = over(parse(style.color) || [0, 0, 0, 1], bg);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight, 10) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    if (ratio < needed) {
      const rgb = (c) => "rgb(" + c.slice(0, 3).map(Math.round).join(", ") + ")";
      failures.push({
        id: "color-contrast", impact: "serious",
        help: `contrast ${ratio.toFixed(2)} < ${needed} (${rgb(fg)} on ${rgb(bg)}, ${size}px)`,
        nodes: [{ target: el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : ""),
                  html: el.outerHTML.slice(0, 160), summary: "" }],
        count: 1,
      });
    }
  }
  // Links inside a run of text must differ from it by more than colour (underline), or by a 3:1 contrast.
  for (const link of document.querySelectorAll("p a[href], li a[href], td a[href], dd a[href]")) {
    const block = link.parentElement;
    const text = [...block.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (!text || !link.textContent.trim() || !link.checkVisibility()) continue;
    const ls = getComputedStyle(link), bs = getComputedStyle(block);
    if (ls.textDecorationLine.includes("underline") || parseFloat(ls.borderBottomWidth) > 0) continue;
    const bg = background(block) || [255, 255, 255, 1];
    const a = lum(over(parse(ls.color), bg)), b = lum(over(parse(bs.color), bg));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 3) failures.push({
      id: "link-in-text-block", impact: "serious",
      help: `a link told apart from its text by colour alone (contrast ${ratio.toFixed(2)} < 3, no underline)`,
      nodes: [{ target: "a[href='" + link.getAttribute("href") + "']", html: link.outerHTML.slice(0, 160), summary: "" }], count: 1,
    });
  }
  return failures;
}
"""


def contrast_failures(page) -> list[dict]:
    """Text below WCAG AA contrast on the page as it is now (see CONTRAST), in axe's format."""
    return page.evaluate(CONTRAST)

AXE_RUN = """
async (rules) => {
  const options = { resultTypes: ["violations"], iframes: false };
  if (rules) options.runOnly = { type: "rule", values: rules };
  const result = await axe.run(document, options);
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 160), summary: (n.failureSummary || "").slice(0, 300) })),
    count: v.nodes.length,
  }));
}
"""


def axe_violations(page, impacts=SERIOUS, *, colours_only=False) -> list[dict]:
    """Run axe-core on the page as it is now; the violations of the given impacts.

    All of axe's default rules run, or with ``colours_only`` only the rules that depend on colours.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(AXE_RUN, COLOUR_RULES if colours_only else None)
    return [v for v in found if v["impact"] in impacts]


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['count']} element(s))")
        for n in v["nodes"]:
            lines.append(f"    {n['target']}: {n['html']}")
            if n["summary"]:
                lines.append("      " + re.sub(r"\s+", " ", n["summary"]))
    return "\n".join(lines)
