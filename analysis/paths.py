"""Where the package's folders are, resolved from the package's own location.

Nothing here depends on the current working directory, so notebooks and
scripts run from anywhere. Two environment variables redirect output for
tests and for users who want figures elsewhere:

``ANALYSIS_FIGURES_DIR``
    where :func:`figures_dir` points (default ``<repo>/figures``).
``ANALYSIS_BUILD_DIR``
    where :func:`build_dir` points (default ``<repo>/build``).
``ANALYSIS_DATA_DIR``
    where :func:`data_dir` points (default ``<repo>/data``): a copy of the
    tables, for tests that change a rule in ``data/`` and for users who keep
    an edited copy. It must hold a ``datapackage.json``.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["root", "data_dir", "figures_dir", "notebooks_dir", "build_dir", "ensure_dir"]

_ROOT = Path(__file__).resolve().parent.parent


def root() -> Path:
    """Return the repository root (the folder holding ``analysis/`` and ``data/``)."""
    return _ROOT


def data_dir() -> Path:
    """Return the folder of curated tables (``data/``).

    Raises
    ------
    analysis.DataError
        If the folder is missing, which happens when the package was installed
        without its repository (install it with ``pip install -e .`` from a clone).
    """
    path = Path(os.environ.get("ANALYSIS_DATA_DIR") or _ROOT / "data")
    if not (path / "datapackage.json").is_file():
        from analysis.errors import DataError
        from analysis.texts import message

        raise DataError.plain(message("paths.no_data", path=path), message("paths.no_data_hint"))
    return path


def figures_dir(create: bool = False) -> Path:
    """Return the folder figures are written to.

    Asking for the path creates nothing; a writer passes ``create=True`` (or
    calls :func:`ensure_dir` on the folder it writes to).
    """
    path = Path(os.environ.get("ANALYSIS_FIGURES_DIR") or _ROOT / "figures")
    return ensure_dir(path) if create else path


def ensure_dir(path) -> Path:
    """Create the folder ``path`` (and its parents) if it is missing; return it as a Path."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    return path


def notebooks_dir() -> Path:
    """Return the folder of the analysis notebooks."""
    return _ROOT / "notebooks"


def build_dir() -> Path:
    """Return the folder for executed notebooks and HTML, creating it if needed."""
    path = Path(os.environ.get("ANALYSIS_BUILD_DIR") or _ROOT / "build")
    path.mkdir(parents=True, exist_ok=True)
    return path
