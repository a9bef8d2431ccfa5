"""The docs examples have teeth: a wrong number or a raising block fails the test run, naming file and line."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PAGE = '''# A fixture page

A correct example:

```python
>>> 2 + 2
4
```

A wrong number, as when a page quotes a result the code no longer gives:

```python
>>> round(0.1 + 0.2, 2)
0.4
```

A block that raises:

```python
raise RuntimeError("this block is broken")
```

<!-- skip: next "this block is skipped on purpose: it shows the skip directive" -->

```python
raise RuntimeError("never runs")
```
'''


def test_wrong_output_and_raising_block_fail(pytester):
    pytester.makeconftest((ROOT / "conftest.py").read_text())
    docs = pytester.mkdir("docs")
    (docs / "page.md").write_text(PAGE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rfs", "docs")
    result.assert_outcomes(passed=2, failed=2, skipped=1)  # the skip directive itself passes
    out = result.stdout.str()
    wrong_line = PAGE.splitlines().index(">>> round(0.1 + 0.2, 2)") + 1
    raising_line = PAGE.splitlines().index('raise RuntimeError("this block is broken")')
    assert f"docs/page.md::sybil:docs,line:{wrong_line}" in out
    assert f"docs/page.md::sybil:docs,line:{raising_line}" in out
    assert "Expected:\n    0.4\nGot:\n    0.3" in out
    assert "RuntimeError: this block is broken" in out
    assert "it shows the skip directive" in out
    assert "docs/page.md     1 passed, 2 failed, 1 skipped" in out


def test_every_skip_states_its_reason():
    import re

    bare = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for number, line in enumerate(page.read_text().splitlines(), 1):
            if re.search(r"<!--\s*skip:\s*next\s*-->", line) or re.search(r"skip:\s*next\s+if\((?!.*reason=)", line):
                bare.append(f"{page.relative_to(ROOT)}:{number}")
    assert not bare, f"skipped blocks without a reason: {bare}"


def test_python_fences_are_tagged_python():
    """A block tagged py, python3 or pycon would silently escape the tests."""
    import re

    odd = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for number, line in enumerate(page.read_text().splitlines(), 1):
            # also ```python title="..."`: sybil does not collect it, and a skip above it would skip the next block
            if re.match(r"^\s*```\s*(py|python3|pycon|ipython)\s*$", line) or re.match(r"^\s*```\s*python\s+\S", line):
                odd.append(f"{page.relative_to(ROOT)}:{number}")
    assert not odd, f"code fences that the docs tests would not run: {odd}"
