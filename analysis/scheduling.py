"""The order in which notebooks are handed to the kernels: longest first.

With two kernels side by side, the run ends when the slower kernel ends; handing
out the longest notebooks first (longest-processing-time scheduling) keeps the
two kernels' loads close. The durations are those of the last run in the build
folder, as the build tool ninja orders its jobs by its log. The order changes
only the wall time: each notebook runs on a clean namespace and its results are
reported in the order asked for.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["longest_first", "remember_seconds"]

SECONDS_FILE = "notebook-seconds.json"


def _seconds(build: Path) -> dict:
    """Return the durations recorded in ``build`` (empty when none or unreadable)."""
    try:
        seconds = json.loads((build / SECONDS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return seconds if isinstance(seconds, dict) else {}


def longest_first(chosen: list[Path], build: Path) -> list[int]:
    """Return the positions of ``chosen`` in the order to hand them out.

    Longest first by the last recorded durations; a notebook never timed goes
    first (its cost is unknown), ties keep the given order.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> build = Path(tempfile.mkdtemp())
    >>> remember_seconds(build, {"a.ipynb": 1.0, "b.ipynb": 5.0})
    >>> longest_first([Path("a.ipynb"), Path("b.ipynb"), Path("c.ipynb")], build)
    [2, 1, 0]
    """
    seconds = _seconds(build)

    def cost(i: int) -> float:
        value = seconds.get(chosen[i].name)
        return float(value) if isinstance(value, (int, float)) else float("inf")

    return sorted(range(len(chosen)), key=lambda i: (-cost(i), i))


def remember_seconds(build: Path, seconds: dict[str, float]) -> None:
    """Record how long each notebook took (``name -> seconds``), for the next run."""
    if not seconds:
        return
    merged = {**_seconds(build), **{k: round(float(v), 2) for k, v in seconds.items()}}
    build.mkdir(parents=True, exist_ok=True)
    (build / SECONDS_FILE).write_text(json.dumps(dict(sorted(merged.items())), indent=1),
                                      encoding="utf-8")
