"""Math typeset at build time: the TeX that ``pymdownx.arithmatex`` leaves in a page, typeset by KaTeX.

``pymdownx.arithmatex`` (``generic: true``) writes each formula as ``<span class="arithmatex">\\(...\\)</span>``
or ``<div class="arithmatex">\\[...\\]</div>``. :func:`typeset` replaces the TeX inside those elements with
KaTeX's output (HTML for the eye, MathML for assistive technology), so the browser only has to lay it out
with ``katex.min.css`` and KaTeX's fonts, which the site serves itself.

KaTeX runs in one long-lived ``node`` process (``scripts/katex_render.js``, the KaTeX copy of
``scripts/vendor``); all the formulas of a page go to it in one batch, and each distinct formula is typeset
once per process: a rebuild under ``mkdocs serve`` only sends the formulas it has not seen.
This module is imported (not loaded as a hook file), so the process and the cache outlive the reloads of
the MkDocs configuration that ``mkdocs serve`` does on every change.
"""

from __future__ import annotations

import atexit
import html
import json
import re
import shutil
import subprocess
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RENDERER = ROOT / "scripts" / "katex_render.js"
KATEX = ROOT / "scripts" / "vendor" / "node_modules" / "katex" / "package.json"

# What arithmatex writes (its content is escaped HTML text: no tags inside).
FORMULA = re.compile(
    r'<(?P<tag>span|div) class="(?P<cls>(?:[\w-]+ )*arithmatex(?: [\w-]+)*)">(?P<tex>[^<]*)</(?P=tag)>'
)
# A formula in a heading also appears in the tables of contents, as plain text.
NAV_TEXT = re.compile(r'(<span class="md-ellipsis">)(?P<text>[^<]*\\\([^<]*)(</span>)')
INLINE_TEX = re.compile(r"\\\((.+?)\\\)", re.DOTALL)
STRUT = re.compile(r'class="(?:katex-)?strut" style="height:([\d.]+)em')


class KatexError(RuntimeError):
    pass


class Renderer:
    """A ``node`` process running KaTeX, fed in batches, with a cache of what it has typeset."""

    def __init__(self):
        self.cache: dict[tuple[str, bool], tuple[str, str | None]] = {}
        self.proc: subprocess.Popen | None = None
        self.lock = threading.Lock()

    def _start(self) -> subprocess.Popen:
        if self.proc is None or self.proc.poll() is not None:
            node = shutil.which("node")
            if node is None:
                raise KatexError("node is not installed: the build typesets math with KaTeX under node "
                                 "(scripts/setup.sh installs KaTeX; Node.js comes with the system)")
            if not KATEX.is_file():
                raise KatexError(f"KaTeX is missing ({KATEX.relative_to(ROOT)}): run scripts/setup.sh")
            self.proc = subprocess.Popen([node, str(RENDERER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         text=True, encoding="utf-8", bufsize=1)
        return self.proc

    def render(self, formulas: list[tuple[str, bool]]) -> list[tuple[str, str | None]]:
        """KaTeX's output for each (tex, display), and its error message or None."""
        with self.lock:
            todo = list(dict.fromkeys(f for f in formulas if f not in self.cache))
            if todo:
                proc = self._start()
                proc.stdin.write(json.dumps({"formulas": todo}) + "\n")
                proc.stdin.flush()
                line = proc.stdout.readline()
                if not line:
                    raise KatexError(f"the KaTeX process ended (exit code {proc.poll()})")
                answer = json.loads(line)
                if "fatal" in answer:
                    raise KatexError(answer["fatal"])
                self.cache.update(zip(todo, map(tuple, answer["results"])))
            return [self.cache[f] for f in formulas]

    def close(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc = None


RENDERER_INSTANCE = Renderer()
atexit.register(RENDERER_INSTANCE.close)


def _split(tex: str) -> tuple[str, bool]:
    """The TeX between arithmatex's delimiters, and whether it is a display formula."""
    tex = html.unescape(tex).strip()
    display = tex.startswith("\\[")
    if tex.startswith(("\\[", "\\(")):
        tex = tex[2:]
    if tex.endswith(("\\]", "\\)")):
        tex = tex[:-2]
    return tex, display


def typeset(page_html: str, *, renderer: Renderer = RENDERER_INSTANCE) -> tuple[str, list[tuple[str, str]]]:
    """``page_html`` with every arithmatex formula typeset; and the (tex, message) of those KaTeX rejected."""
    matches = list(FORMULA.finditer(page_html))
    nav = list(NAV_TEXT.finditer(page_html))
    nav_formulas = [(html.unescape(m), False) for n in nav for m in INLINE_TEX.findall(n["text"])]
    formulas = [_split(m["tex"]) for m in matches]
    if not formulas and not nav_formulas:
        return page_html, []
    results = dict(zip(formulas + nav_formulas, renderer.render(formulas + nav_formulas)))
    errors = [(tex, err) for (tex, _), (_, err) in results.items() if err]

    def formula(match):
        out, _ = results[_split(match["tex"])]
        if match["tag"] == "div":
            # The height of the equation, in the em of KaTeX's text (scripts/long_pages.py uses it).
            struts = [float(h) for h in STRUT.findall(out)] or [1.0]
            return f'<div class="{match["cls"]}" style="--dh-em:{max(struts):.2f}">{out}</div>'
        return f'<span class="{match["cls"]}">{out}</span>'

    def nav_text(match):
        text = INLINE_TEX.sub(lambda m: results[(html.unescape(m[1]), False)][0], match["text"])
        return match[1] + text + match[3]

    page_html = FORMULA.sub(formula, page_html)
    page_html = NAV_TEXT.sub(nav_text, page_html)
    return page_html, errors
