"""Shared fixtures. Sockets are blocked for every test (pytest-socket, see pyproject.toml)."""

from __future__ import annotations

import pytest

from analysis import paths


@pytest.fixture
def repo():
    """The repository root."""
    return paths.root()


@pytest.fixture(autouse=True)
def _figures_to_tmp(tmp_path, monkeypatch):
    """Never let a test write into the repository's figures/ or build/."""
    monkeypatch.setenv("ANALYSIS_FIGURES_DIR", str(tmp_path / "figures"))
    monkeypatch.setenv("ANALYSIS_BUILD_DIR", str(tmp_path / "build"))


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace, tmp_path):
    doctest_namespace["tmp_path"] = tmp_path
