"""Size limits of the code: no module over 500 lines, no function over 80 (issue 16, item 7).

A module is measured in lines of its file; a function (or method, or nested
function) from its ``def`` line, decorators excluded, to its last line, docstring
included: ``end_lineno - lineno + 1`` of each ``FunctionDef`` and
``AsyncFunctionDef`` that :func:`ast.walk` finds.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
FOLDERS = ("analysis", "tools")

# path -> reason, for a file allowed over the limits for a while (none today; an entry that
# is no longer needed fails test_each_exemption_is_still_needed).
EXEMPT: dict[str, str] = {}


def measure(path: Path, rel: str) -> list[str]:
    """Return one line per limit that the file ``path`` (shown as ``rel``) breaks."""
    source = path.read_text(encoding="utf-8")
    found = []
    n = len(source.splitlines())
    if n > MAX_MODULE_LINES:
        found.append(f"{rel}: module of {n} lines (limit {MAX_MODULE_LINES})")
    for node in ast.walk(ast.parse(source, filename=rel)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            size = node.end_lineno - node.lineno + 1
            if size > MAX_FUNCTION_LINES:
                found.append(f"{rel}:{node.lineno}: function {node.name} of {size} lines "
                             f"(limit {MAX_FUNCTION_LINES})")
    return found


def offenders(root: Path, exempt=()) -> list[str]:
    """Return every module or function over its limit under ``root/analysis`` and ``root/tools``."""
    found = []
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            if rel not in exempt:
                found += measure(path, rel)
    return found


def test_no_module_or_function_over_its_limit(repo):
    found = offenders(repo, exempt=EXEMPT)
    assert not found, "split by idea, or shorten into named steps:\n  " + "\n  ".join(found)


@pytest.mark.parametrize("path", sorted(EXEMPT))
def test_each_exemption_is_still_needed(repo, path):
    """An exempt file that is gone or within the limits is a stale exemption."""
    assert (repo / path).exists(), f"{path} is exempt but does not exist: remove it from EXEMPT"
    assert measure(repo / path, path), (
        f"{path} is within the limits now: remove it from EXEMPT ({EXEMPT[path]})")


def _module(tmp_path: Path, name: str, text: str) -> Path:
    folder = tmp_path / "analysis"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return tmp_path


def _function(name: str, lines: int, indent: str = "") -> str:
    """Source of a function of exactly ``lines`` lines (def line included)."""
    body = "".join(f"{indent}    x{i} = {i}\n" for i in range(lines - 2))
    return f"{indent}def {name}():\n{body}{indent}    return 0\n"


def test_a_function_of_81_lines_is_named_with_its_size(tmp_path):
    root = _module(tmp_path, "long.py", _function("ok", 80) + "\n\n" + _function("too_long", 81))
    assert offenders(root) == ["analysis/long.py:83: function too_long of 81 lines (limit 80)"]


def test_a_nested_function_and_a_method_are_measured_too(tmp_path):
    text = ("class C:\n" + _function("method", 81, "    ") + "\n\ndef outer():\n"
            + _function("inner", 81, "    ") + "    return inner\n")
    root = _module(tmp_path, "nested.py", text)
    found = sorted(f.split(": ", 1)[1] for f in offenders(root))
    assert found == ["function inner of 81 lines (limit 80)",
                     "function method of 81 lines (limit 80)",
                     "function outer of 83 lines (limit 80)"]


def test_a_module_of_501_lines_is_named_with_its_size(tmp_path):
    root = _module(tmp_path, "big.py", "x = 1\n" * 500)
    assert offenders(root) == []
    root = _module(tmp_path, "big.py", "x = 1\n" * 501)
    assert offenders(root) == ["analysis/big.py: module of 501 lines (limit 500)"]


def test_an_exempt_file_is_skipped_and_no_other(tmp_path):
    root = _module(tmp_path, "big.py", "x = 1\n" * 501)
    _module(tmp_path, "other.py", "x = 1\n" * 501)
    assert offenders(root, exempt={"analysis/big.py"}) == [
        "analysis/other.py: module of 501 lines (limit 500)"]
