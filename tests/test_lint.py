"""ruff (pycodestyle, pyflakes, isort, bugbear, pydocstyle, pandas-vet) passes."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest


def test_ruff_is_clean(repo):
    ruff = shutil.which("ruff") or shutil.which("ruff", path=str(__import__("pathlib").Path(
        sys.executable).parent))
    if ruff is None:
        pytest.fail("ruff is not installed; install the test extra: pip install -e '.[test]'")
    result = subprocess.run([ruff, "check", "analysis", "tests", "tools", "benchmarks"],
                            cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
