"""The course keeps one notation (docs/notation.md): the rules here are the ones a program can check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "docs" / "lessons").glob("*.md"))
NOTATION = ROOT / "docs" / "notation.md"

MATH = re.compile(r"\$\$(.+?)\$\$|\$([^$\n]+?)\$", re.DOTALL)
CODE_BLOCK = re.compile(r"^([ \t]*)```python\n(.*?)^\1```", re.DOTALL | re.MULTILINE)
#: The loss is \mathcal{L}; a plain L applied to θ, differentiated or primed would be the old loss notation.
LOSS_AS_L = re.compile(r"(?<![\\A-Za-z{])L\s*(\(|'|''|_\{?\\theta)|\\nabla\s*(\^2\s*)?L\b|\\partial\s*L\b")
#: Lessons where a step length chosen by a line search appears (α is never the learning rate).
LINE_SEARCH_LESSONS = {"07-newton.md", "08-quasi-newton.md"}


def _math(text: str) -> list[str]:
    text = CODE_BLOCK.sub("", text)
    return [m.group(1) or m.group(2) for m in MATH.finditer(text)]


def test_lessons_are_found():
    assert len(LESSONS) >= 10


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.name)
def test_every_lesson_links_to_the_notation_page(page):
    assert "../notation.md" in page.read_text(), f"{page.name} does not link to the notation page"


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.name)
def test_the_loss_is_script_L_and_L_is_the_smoothness_constant(page):
    bad = [m for m in _math(page.read_text()) if LOSS_AS_L.search(m)]
    assert not bad, f"{page.name} writes the loss as L (the loss is \\mathcal{{L}}; L is the smoothness constant): {bad[:5]}"


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.name)
def test_alpha_is_a_line_search_step_only(page):
    if page.name in LINE_SEARCH_LESSONS:
        return
    bad = [m for m in _math(page.read_text()) if "\\alpha" in m]
    assert not bad, f"{page.name} uses α, which the course keeps for line-search step lengths (η is the learning rate): {bad[:5]}"


@pytest.mark.parametrize("page", LESSONS, ids=lambda p: p.name)
def test_code_assigns_L_only_where_L_is_the_smoothness_constant(page):
    text = page.read_text()
    assigns = [m for block in CODE_BLOCK.finditer(text) for m in re.findall(r"^\s*(?:>>> |\.\.\. )?L\s*=[^=]", block.group(2), re.MULTILINE)]
    if assigns:
        assert "-smooth" in text, f"{page.name} assigns `L = ...` in code but never defines L as a smoothness constant"


def test_the_checks_catch_the_old_notation():
    assert LOSS_AS_L.search(r"\nabla L(\theta)") and LOSS_AS_L.search("L(\\theta)") and LOSS_AS_L.search("L''(x)")
    assert not LOSS_AS_L.search(r"\mathcal{L}(\theta)") and not LOSS_AS_L.search(r"\eta < 2/L") and not LOSS_AS_L.search("[\\mu, L]")


def test_the_notation_page_lists_every_symbol_the_rules_rely_on():
    text = NOTATION.read_text()
    for symbol in (r"$\mathcal{L}(\theta)$", "$L$", r"$\eta$", r"$\alpha_k$", r"$H_k$", r"$\kappa$", r"$\mu$"):
        assert symbol in text, f"notation.md does not list {symbol}"
