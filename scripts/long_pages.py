"""Long pages that start fast: what the build adds to a page so that the browser renders only what is near
the screen.

A lesson has some 20,000 elements, most of them KaTeX's typeset math and highlighted code. The stylesheet
(``docs/assets/css/downhill.css``) gives the blocks of a page ``content-visibility: auto``: the browser
lays out and paints a block only when it comes near the screen, and uses a size given in advance for the
others. This module, run on each page by the MkDocs hooks, supplies what that needs:

- **the fold**: the blocks of the first screens are rendered at once (an estimated size there would make
  the text move as the page appears); the rule applies only from the first block past about one and a half
  screens, phone or desktop, which gets the class ``dh-fold``;
- **a size for each block below it**, as CSS custom properties on the block (``--dh-chars``, the length of
  its text, and ``--dh-fixed``, the ems that do not depend on the width: list items, table rows, titles;
  ``--dh-lines``, the lines of a code block; ``--dh-em``, the height of a display equation, see
  ``katex_ssr``), from which the stylesheet computes a height for the width of the screen. The estimate errs on the tall side: a
  block drawn later never spills over the blocks after it, and an accessibility checker that looks at the
  page before it is scrolled finds every text where it will be;
- **the fonts of the first screen's math**, asked for at once (``<link rel="preload">``), since text set in a
  font still loading is laid out in a fallback font and moves when the font arrives.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# The fold: the first top-level block that starts this far down on a phone (412 px wide, 823 px high) and
# on a desktop (1280 x 900) alike, by the estimates of _height_px.
FOLD_PHONE_PX = 1300
FOLD_DESKTOP_PX = 1050
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")
PRE = re.compile(r"(?P<open><pre\b[^>]*>)(?P<body>.*?)(?P<close></pre>)", re.DOTALL)
NOT_NEWLINE = re.compile(r"[^\n]")
BREAKS = re.compile(r"<(?:li|p|br|tr|h[1-6]|dt|dd|summary|div class=\"arithmatex\")\b")


class Blocks(HTMLParser):
    """The blocks of a page's content: its top-level elements, and those of each ``div.doc-contents``
    (the API page). Each is ``[tag, attributes, start, end, nested]``, offsets into the HTML."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        # What a code block holds is no block of the page: each character of it but the line breaks is read
        # as a space (so every offset is the same), which spares the parser its thousands of highlighted tokens.
        html = PRE.sub(lambda m: m["open"] + NOT_NEWLINE.sub(" ", m["body"]) + m["close"], html)
        self.html = html
        self.lines = [0]
        for line in html.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.stack: list[tuple[str, bool, int | None]] = []  # (tag, is a container, index of its block)
        self.blocks: list[list] = []
        self.feed(html)
        self.close()

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def _in_container(self) -> bool:
        return not self.stack or self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        index = None
        if self._in_container():
            index = len(self.blocks)
            self.blocks.append([tag, attrs, self._offset(), None, bool(self.stack)])
        if tag in VOID:
            if index is not None:
                self.blocks[index][3] = self.html.index(">", self.blocks[index][2]) + 1
            return
        container = tag == "div" and "doc-contents" in (attrs.get("class") or "").split()
        self.stack.append((tag, container, index))

    def handle_startendtag(self, tag, attrs):
        if self._in_container():
            start = self._offset()
            self.blocks.append([tag, dict(attrs), start, self.html.index(">", start) + 1, bool(self.stack)])

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        # Close up to the matching open element (HTML from Markdown is well formed; be lenient anyway).
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for _, _, index in self.stack[i:]:
                    if index is not None and self.blocks[index][3] is None:
                        self.blocks[index][3] = self.html.index(">", self._offset()) + 1
                del self.stack[i:]
                return


def _text(html: str) -> str:
    return SPACE.sub(" ", TAG.sub("", PRE.sub("", html))).strip()


def _height_px(tag: str, cls: str, html: str, chars_per_line: float, figure_px: float) -> float:
    """A rough height of a top-level block, for placing the fold (about the real one, not an upper bound)."""
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return 60
    if "highlight" in cls:
        return 30 + 19 * html.count("\n")
    if tag == "table":
        return 40 * html.count("<tr")
    if "arithmatex" in cls:
        return 60
    return 30 + 26 * len(_text(html)) / chars_per_line + figure_px * html.count("<img")


def _hints(tag: str, attrs: dict, html: str) -> dict[str, str] | None:
    """The size of a block below the fold, as the custom properties the stylesheet reads; None: no rule.

    A text block gets ``--dh-chars`` (its characters, doubled where they wrap in narrow columns: tables,
    admonitions' folds) and ``--dh-fixed`` (ems that do not depend on the width: a list's items, a table's
    rows, a fold's title); its height is ``chars * k + fixed`` ems, ``k`` being set by the stylesheet for
    the width of the screen. The coefficients were fitted on the lessons at 412, 800 and 1280 px wide so
    that 99 % of the blocks get at least their height (half of them within 25 % of it).
    """
    cls = (attrs.get("class") or "").split()
    if "highlight" in cls:
        code = html[html.find("<code"):]
        return {"--dh-lines": str(max(1, code.count("\n")))}
    if "arithmatex" in cls or "tabbed-set" in cls:
        return None  # display math: katex_ssr gives its height; tabs: always rendered
    if tag == "p":
        return None if "<img" in html else {"--dh-chars": str(len(_text(html))), "--dh-fixed": "1.5"}
    breaks = len(BREAKS.findall(html)) + sum(max(1, pre[0].count("\n")) for pre in PRE.finditer(html))
    chars = len(_text(html))
    if tag == "details" and "open" not in attrs:
        summary = re.search(r"<summary\b.*?</summary>", html, re.DOTALL)
        chars, breaks = len(_text(summary[0] if summary else "")), 2
    if tag in ("ul", "ol", "dl"):
        size = (chars, 2.2 * breaks + 5)
    elif tag == "blockquote":
        size = (chars, 1.5 * breaks + 1)
    elif tag == "table":
        size = (2 * chars, 3 * breaks + 1)
    elif "admonition" in cls:
        size = (chars, 2.6 * breaks + 1)
    elif tag == "details":
        size = (2 * chars, 1.8 * breaks + 0.5)
    else:
        return None
    return {"--dh-chars": str(size[0]), "--dh-fixed": f"{size[1]:g}"}


def _lazy_class(tag: str, cls: str, hints: dict | None) -> str | None:
    """The class that gives a block below the fold its rule in the stylesheet. A class, not a selector
    on the fold's later siblings: matching ``.dh-fold ~ *`` walks back over every earlier sibling, for
    each of a long page's thousand blocks, at every style recalculation."""
    if "arithmatex" in cls.split():
        return "dh-lazy-math"  # its height (--dh-em) comes from katex_ssr
    if hints and "--dh-lines" in hints:
        return "dh-lazy-code"
    if hints and (tag in ("p", "ul", "ol", "dl", "blockquote") or (tag == "div" and "admonition" in cls.split())):
        return "dh-lazy-text"  # folds (<details>) are always rendered: closed, their content is not drawn
    return None


def _set_attributes(head: str, tag: str, *, add_class: str | None = None, style: dict | None = None) -> str:
    """The start tag ``head`` (without its ">") with a class and custom properties added."""
    if add_class:
        if re.search(r'\sclass="', head):
            head = re.sub(r'(\sclass=")', rf"\g<1>{add_class} ", head, count=1)
        else:
            head = head.replace(f"<{tag}", f'<{tag} class="{add_class}"', 1)
    if style:
        props = ";".join(f"{k}:{v}" for k, v in style.items())
        if re.search(r'\sstyle="', head):
            head = re.sub(r'(\sstyle=")', rf"\g<1>{props};", head, count=1)
        else:
            head = head.replace(f"<{tag}", f'<{tag} style="{props}"', 1)
    return head


def prepare(html: str) -> str:
    """A page's content with its fold marked and the size of each block below the fold given."""
    try:
        blocks = Blocks(html).blocks
    except Exception:  # noqa: BLE001 - a fragment the parser does not follow: the page is rendered whole
        return html
    edits: list[tuple[int, int, str]] = []
    phone, desktop, fold = 0.0, 0.0, None
    for tag, attrs, start, end, nested in blocks:
        if end is None:
            continue
        cls = attrs.get("class") or ""
        if fold is None and not nested and tag not in ("style", "script", "link", "meta"):
            # Not a table: the theme moves each table into a wrapper as it starts.
            if tag != "table" and phone >= FOLD_PHONE_PX and desktop >= FOLD_DESKTOP_PX:
                fold = start
            else:
                phone += _height_px(tag, cls, html[start:end], chars_per_line=45, figure_px=300)
                desktop += _height_px(tag, cls, html[start:end], chars_per_line=85, figure_px=480)
        if fold is None:
            continue  # the first screens: rendered at once
        head_end = html.index(">", start)
        if html[head_end - 1] == "/":
            head_end -= 1
        head = html[start:head_end]
        hints = _hints(tag, attrs, html[start:end])
        classes = [name for name in ("dh-fold" if start == fold else None, _lazy_class(tag, cls, hints)) if name]
        new = _set_attributes(head, tag, add_class=" ".join(classes) or None, style=hints)
        if new != head:
            edits.append((start, head_end, new))
    for start, head_end, new in reversed(edits):
        html = html[:start] + new + html[head_end:]
    return focusable_code(wrap_tables(html))


TABLE = re.compile(r"<table(?P<attrs>(?:\s+(?!class=)[\w-]+=\"[^\"]*\")*)>(?P<body>.*?)</table>", re.DOTALL)
TABLE_CLASS = "dh-table"


def wrap_tables(html: str) -> str:
    """Each table the theme styles (one without a class) already in the theme's scrolling wrapper, and
    marked ``dh-table`` so that the theme's script leaves it there.

    As it starts, the theme's script moves every ``table:not([class])`` into that wrapper; each table moved
    is styled and laid out anew, and the move restyles every element of its old parent (the theme's rule
    ``table:not([class]) + *`` looks at what follows a table): a few hundred milliseconds on a page of
    tables of formulas. The theme's rules for ``table:not([class])`` are extended to ``.dh-table`` when
    the site is built (``theme_table_rules``), so the table looks as before. A table below the fold (it
    has ``--dh-chars``) also gets ``dh-lazy-table``."""
    def wrap(match):
        lazy = " dh-lazy-table" if "--dh-chars" in match["attrs"] else ""
        return (f'<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
                f'<table class="{TABLE_CLASS}{lazy}"{match["attrs"]}>{match["body"]}</table></div></div>')

    return TABLE.sub(wrap, html)


THEME_TABLE = "table:not([class])"


def theme_table_rules(css: str) -> str:
    """The theme's stylesheet with each rule for ``table:not([class])`` applying to ``table.dh-table`` too
    (same specificity: ``:is`` takes that of its most specific argument)."""
    return css.replace(THEME_TABLE, f"table:is(:not([class]),.{TABLE_CLASS})")


WIDE_CODE = 40  # characters: a longer line scrolls sideways on a phone
CODE_BLOCK = re.compile(r"(<pre\b[^>]*>)(.*?)(</pre>)", re.DOTALL)


def focusable_code(html: str) -> str:
    """Code blocks with a line long enough to scroll sideways get ``tabindex="0"`` on their ``<code>``,
    so that a keyboard reaches them. The theme does the same for a block it finds scrollable, but with
    ``content.lazy`` (mkdocs.yml) it sets a block up only when the block comes into view; once it has, it
    keeps the attribute only where the block does scroll."""
    def mark(match):
        body = match[2]
        longest = max((len(line) for line in TAG.sub("", body).split("\n")), default=0)
        if longest > WIDE_CODE and "<code" in body and "tabindex" not in body.split(">", 1)[0]:
            body = re.sub(r"<code\b", '<code tabindex="0"', body, count=1)
        return match[1] + body + match[3]

    return CODE_BLOCK.sub(mark, html)


# KaTeX's fonts, and the classes of KaTeX's output that use them.
KATEX_FONTS = {
    "KaTeX_Main-Regular": r'class="katex"',
    "KaTeX_Math-Italic": r"\bmathnormal\b",
    "KaTeX_Main-Bold": r"\b(?:mathbf|textbf)\b",
    "KaTeX_Main-Italic": r"\b(?:mathit|textit)\b",
    "KaTeX_AMS-Regular": r"\b(?:amsrm|mathbb|textbb)\b",
    "KaTeX_Size1-Regular": r"\b(?:size1|small-op)\b",
    "KaTeX_Size2-Regular": r"\b(?:size2|large-op)\b",
    "KaTeX_Caligraphic-Regular": r"\bmathcal\b",
}


def preload_fonts(output: str, depth: int) -> str:
    """The page with the KaTeX fonts of its first screen (up to the fold) preloaded; ``depth``: how many
    folders below the site's root the page is."""
    start = output.find('<article class="md-content__inner')
    if start < 0:
        return output
    fold = output.find("dh-fold", start)
    first_screen = output[start:fold if fold > 0 else len(output)]
    if 'class="katex"' not in first_screen:
        return output
    base = "../" * depth
    links = "".join(
        f'<link rel="preload" href="{base}assets/vendor/katex/fonts/{font}.woff2" as="font" type="font/woff2" crossorigin>'
        for font, used in KATEX_FONTS.items() if re.search(used, first_screen))
    return output.replace('<link rel="stylesheet"', links + '<link rel="stylesheet"', 1)
