"""The API page is rendered from the lessonlib docstrings by mkdocstrings: they must be Markdown, not reST.

mkdocstrings prints Sphinx roles (``:class:`Run```) and ``::`` literal-block markers as they are, so the
docstrings use Markdown instead: cross-references written ``[`Run`][lessonlib.result.Run]`` (autorefs turns
them into links) and fenced code blocks. These tests fail on a role or a ``::`` marker anywhere in a
docstring (or a ``#:`` comment), and on a cross-reference whose target the API page does not render.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "lessonlib").glob("*.py"))

ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|data|attr|obj|exc|const|ref|term|doc|any):`")
LITERAL_BLOCK = re.compile(r"::\s*$", re.MULTILINE)
CROSS_REF = re.compile(r"\[([^\]\n]+)\]\[([A-Za-z_][\w.]*)\]")


def docstrings(path: Path) -> list[tuple[int, str]]:
    """Every docstring of a module: of the module, classes and functions, and of attributes (a string
    right after an assignment, which mkdocstrings shows as the attribute's documentation)."""
    tree = ast.parse(path.read_text())
    found = []
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for statement in body:
            if (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
                    and isinstance(statement.value.value, str)):
                found.append((statement.lineno, statement.value.value))
    return found


def comments(path: Path) -> list[tuple[int, str]]:
    """``#:`` comments, the Sphinx way of documenting an attribute (mkdocstrings ignores them)."""
    return [(n, line) for n, line in enumerate(path.read_text().splitlines(), 1) if line.lstrip().startswith("#:")]


def test_the_sources_are_found():
    assert len(SOURCES) >= 15
    assert sum(len(docstrings(p)) for p in SOURCES) > 100


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_rest_role_or_literal_block_marker(path):
    bad = []
    for line, text in docstrings(path):
        bad += [f"{path.name}:{line}: role {m.group(0)!r}" for m in ROLE.finditer(text)]
        if LITERAL_BLOCK.search(text):
            bad.append(f"{path.name}:{line}: '::' literal-block marker (use a fenced code block)")
    bad += [f"{path.name}:{line}: '#:' comment (write the attribute's docstring below it)" for line, _ in comments(path)]
    assert not bad, "reST that mkdocstrings would print raw:\n" + "\n".join(bad)


def test_the_checks_catch_what_they_should():
    text = 'A :class:`Run` and :func:`~lessonlib.gd.gradient_descent`, an example::\n\n    x = 1\n'
    assert len(ROLE.findall(text)) == 2 and LITERAL_BLOCK.search(text)
    assert not ROLE.search("[`Run`][lessonlib.result.Run], x[::2], a ratio 1:2") and not LITERAL_BLOCK.search("x[::2]\n")
    assert CROSS_REF.findall("see [`Run`][lessonlib.result.Run].") == [("`Run`", "lessonlib.result.Run")]


def _rendered_modules() -> set[str]:
    api = "".join(page.read_text() for page in (ROOT / "docs" / "api").glob("*.md"))
    return set(re.findall(r"^::: (lessonlib[\w.]*)\s*$", api, re.MULTILINE))


def test_every_cross_reference_has_a_target_on_the_api_page():
    """A target must be a module the API page renders, or a public member of one with a docstring
    (mkdocstrings leaves out members without one, and autorefs then has nothing to link to)."""
    griffe = pytest.importorskip("griffe")
    package = griffe.load("lessonlib", search_paths=[str(ROOT)], docstring_parser="numpy")
    modules = _rendered_modules()
    assert modules, "docs/api/ renders no lessonlib module"
    missing, count = [], 0
    for path in SOURCES:
        for line, text in docstrings(path):
            for shown, target in CROSS_REF.findall(text):
                count += 1
                where = f"{path.name}:{line}: [{shown}][{target}]"
                module = max((m for m in modules if target == m or target.startswith(m + ".")), key=len, default=None)
                if module is None:
                    missing.append(f"{where}: module not on the API page ({sorted(modules)})")
                    continue
                if target == module:
                    continue
                try:
                    obj = package[target.removeprefix("lessonlib.")]
                except KeyError:
                    missing.append(f"{where}: no such object")
                    continue
                if obj.is_alias or any(part.startswith("_") for part in target.split(".")) or not obj.docstring:
                    missing.append(f"{where}: not rendered (imported, private or without a docstring)")
    assert count > 50, count
    assert not missing, "cross-references the API page cannot resolve:\n" + "\n".join(missing)


def test_every_module_has_its_place_in_the_api_pages():
    modules = {f"lessonlib.{p.stem}" for p in (ROOT / "lessonlib").glob("*.py") if not p.stem.startswith("_")}
    assert _rendered_modules() == modules
