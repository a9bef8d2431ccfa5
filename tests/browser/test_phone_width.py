"""Every page at a phone's width (390 px): nothing a reader must read is cut.

The page itself never scrolls sideways; no paragraph, list item, heading or inline formula is wider
than the text column. Display equations, code blocks and tables may scroll inside their own box (the
theme gives each a scrolling container) where they cannot wrap.
"""

from __future__ import annotations

import pytest

from .site import expected_pages

PAGES = [p for p in expected_pages() if p != "404.html"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1}

# Elements whose own box must fit the column; each lists its tag and a short text to find it by.
OVERFLOW = """() => {
  const column = document.querySelector('.md-content__inner');
  const right = column.getBoundingClientRect().right + 1;
  const inScroller = (el) => el.closest('pre, .katex-display, .md-typeset__scrollwrap, .tabbed-labels, .highlight, svg, .pg, #mm-root');
  const cut = [];
  for (const el of column.querySelectorAll('p, li, h1, h2, h3, h4, dt, dd, .admonition-title, .katex')) {
    if (inScroller(el) || el.closest('.katex-mathml')) continue;
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > right) cut.push(`${el.tagName.toLowerCase()}: ${el.textContent.trim().slice(0, 60)}`);
  }
  return {page: document.documentElement.scrollWidth, viewport: window.innerWidth, cut: cut.slice(0, 8)};
}"""


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.strip("/") or "home")
def test_nothing_is_cut_at_390_px(path, new_context, server):
    context = new_context(**PHONE)
    page = context.watch.page(context)
    page.goto(server.url + path, wait_until="load")
    result = page.evaluate(OVERFLOW)
    assert result["page"] <= result["viewport"], f"{path or 'home'}: the page scrolls sideways ({result['page']} px)"
    assert not result["cut"], f"{path or 'home'}: cut at 390 px: {result['cut']}"


def test_the_check_finds_a_cut_paragraph(new_context, server):
    context = new_context(**PHONE)
    page = context.watch.page(context)
    page.goto(server.url + PAGES[0], wait_until="load")
    page.evaluate("""() => {
      const p = document.createElement('p');
      p.textContent = 'a paragraph set wider than the column';
      p.style.width = '800px';
      document.querySelector('.md-content__inner').append(p);
    }""")
    result = page.evaluate(OVERFLOW)
    assert result["cut"] or result["page"] > result["viewport"]
