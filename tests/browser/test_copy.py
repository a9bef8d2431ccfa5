"""The copy button of a code block gives code that runs.

A doctest block shows ``>>>``/``...`` prompts and printed outputs; its copy button copies the code
alone (as sphinx-copybutton does on Sphinx sites), so that what a reader pastes runs: as a script,
and pasted into the interactive interpreter. A block without prompts is copied as it is shown.
The oracle for "the code alone" is Python's own doctest parser, applied to the text the page shows.
"""

from __future__ import annotations

import doctest
import os
import subprocess
import sys

from .site import ROOT

LESSON = "lessons/15-stability/"
# The lesson's first example: a block that imports what it uses, with "..." continuation lines
# (a for loop) and a printed table as output.
FIRST_LINE = ">>> import numpy as np"
CLIPBOARD = ["clipboard-read", "clipboard-write"]


def _no_errors(context):
    watch = context.watch
    assert not watch.console_errors and not watch.page_errors and not watch.external_requests, (
        watch.console_errors, watch.page_errors, watch.external_requests)


def _open(new_context, server, path):
    context = new_context(permissions=CLIPBOARD)
    page = context.watch.page(context)
    page.goto(server.url + path, wait_until="load")
    return context, page


def _find(page, predicate):
    """The first code block of the page whose source text satisfies `predicate` (a JS function of
    the <code> element), scrolled into view, and the text it shows.

    Blocks are found by their textContent: the site lays out only the blocks near the screen
    (content-visibility), and a block not laid out has no rendered text (innerText) yet.
    """
    index = page.evaluate(f"() => [...document.querySelectorAll('.md-content pre > code')].findIndex({predicate})")
    if index < 0:
        return None, None
    pre = page.locator(".md-content pre:has(> code)").nth(index)
    pre.scroll_into_view_if_needed()
    page.wait_for_function("(pre) => pre.querySelector(':scope > code').innerText.trim() !== ''", arg=pre.element_handle())
    return pre, pre.locator("> code").inner_text()


def _copy(page, pre):
    """Click the copy button of the block `pre`, as a reader does; return the clipboard's text."""
    page.evaluate("() => navigator.clipboard.writeText('')")
    pre.hover()
    pre.locator("button[data-md-type='copy']").click()
    page.wait_for_function("() => navigator.clipboard.readText().then((t) => t !== '')", polling=50)
    return page.evaluate("() => navigator.clipboard.readText()")


def _nonblank(text):
    return [line for line in text.splitlines() if line.strip()]


def _python(*args, stdin=None):
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, *args], input=stdin, capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=300)


def test_the_copy_button_of_a_doctest_block_copies_code_that_runs(new_context, server):
    context, page = _open(new_context, server, LESSON)
    pre, shown = _find(page, f"(code) => code.textContent.startsWith({FIRST_LINE!r})")
    assert pre is not None, f"no code block of {LESSON} starts with {FIRST_LINE!r}"
    assert shown.startswith(FIRST_LINE)
    examples = doctest.DocTestParser().get_examples(shown)
    code = "".join(ex.source for ex in examples)
    outputs = [line.rstrip() for ex in examples for line in ex.want.splitlines() if line.strip()]
    assert any("\n" in ex.source.rstrip("\n") for ex in examples) and outputs, "not a doctest block with continuation lines and outputs"

    copied = _copy(page, pre)
    lines = [line.rstrip() for line in copied.splitlines()]
    assert not [line for line in lines if line.startswith((">>>", "..."))], copied
    assert not set(outputs) & set(lines), copied
    assert _nonblank(copied) == _nonblank(code), copied     # the code, all of it, and only it

    # Run as a script, with the repository's Python.
    script = _python("-c", copied)
    assert script.returncode == 0, script.stderr
    printed = [" ".join(line.split()) for line in script.stdout.splitlines()]
    assert printed and set(printed) <= {" ".join(line.split()) for line in outputs}, script.stdout

    # Pasted into the interactive interpreter (then Enter): no error either.
    pasted = _python("-i", "-q", stdin=copied + "\n")
    assert "Traceback" not in pasted.stderr and "Error" not in pasted.stderr, pasted.stderr
    assert set(printed) <= {" ".join(line.split()) for line in pasted.stdout.splitlines()}, pasted.stdout
    _no_errors(context)


def test_a_block_without_prompts_is_copied_as_it_is(new_context, server):
    context, page = _open(new_context, server, LESSON)
    pre, shown = _find(page, "(code) => code.offsetParent !== null && !/^>>>/m.test(code.textContent)")
    assert pre is not None, f"{LESSON} shows no code block without prompts"
    assert not [line for line in shown.splitlines() if line.startswith(">>>")]
    copied = _copy(page, pre)
    assert copied == shown.rstrip()
    assert pre.locator("> code").get_attribute("data-copy") is None
    _no_errors(context)


# (text shown, code copied); None: no prompt, the block is copied as it is.
CASES = [
    (">>> 1 + 1\n2\n", "1 + 1\n"),
    (">>> x = 1\n>>> x\n1\n>>> y = x + 1\n", "x = 1\nx\ny = x + 1\n"),
    # a "..." line continues an example only right after it; after output, it is output
    (">>> def f(x):\n...     return 2 * x\n>>> f(2)\n4\n... more output\n...\n>>> g = 1\n",
     "def f(x):\n    return 2 * x\n\nf(2)\ng = 1\n"),
    # an empty prompt is an empty line; Windows line ends
    (">>> a = 1\r\n>>>\r\n>>> b = 2\r\n", "a = 1\n\nb = 2\n"),
    # a one-line block statement is followed by an empty line (it ends the block in the interpreter)
    (">>> for i in range(2): print(i)\n0\n1\n>>> z = 3\n", "for i in range(2): print(i)\n\nz = 3\n"),
    # prompts must be at the start of the line and followed by a space or nothing
    ("x = '>>> not a prompt'\n>>>x\n", None),
    ("print(1)\n", None),
    ("", None),
]


def test_prompts_and_outputs_are_removed_as_doctest_reads_them(new_context, server):
    context, page = _open(new_context, server, LESSON)
    got = page.evaluate("(cases) => cases.map(([text]) => window.DownhillCopy.clean(text))", CASES)
    assert got == [want for _, want in CASES]
    for (text, want), cleaned in zip(CASES, got):
        if want is not None:     # the same code as doctest's parser finds
            sources = "".join(ex.source for ex in doctest.DocTestParser().get_examples(text.replace("\r\n", "\n")))
            assert _nonblank(cleaned) == _nonblank(sources), text
    _no_errors(context)
