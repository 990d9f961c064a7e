"""Performance promises that a change could silently break (the numbers are in benchmarks/)."""

from __future__ import annotations

import subprocess
import sys

from analysis import paths


def _fresh(code: str) -> str:
    """Run code in a fresh interpreter (nothing imported yet); return its output."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=paths.root(),
                          env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin"}).stdout


def test_figure_footers_run_no_statistical_test():
    out = _fresh(
        "import sys, analysis\n"
        "from analysis.coverage import coverage_note, weighted_summary\n"
        "from analysis.plots.charts import scores_by_year\n"
        "omb = analysis.load('ombudsman')\n"
        "coverage_note(omb); coverage_note(omb[omb.year == 2022], lang='id')\n"
        "weighted_summary(); scores_by_year(omb)\n"
        "print('scipy' in sys.modules)\n")
    assert out.strip() == "False", "a footer or a weight imported scipy"
