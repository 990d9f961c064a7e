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


def test_tables_lists_the_tables_without_typing_them():
    out = _fresh(
        "import analysis.loading as L\n"
        "t = L.tables()\n"
        "print(any(k[0] == 'table' for k in L._CACHE))\n"
        "print(all(r.rows == len(L.load(r.name)) for r in t.itertuples()))\n")
    assert out.split() == ["False", "True"]


def test_fast_typing_strips_cells_and_accepts_a_users_non_text_cells():
    import numpy as np
    import pandas as pd

    import analysis
    from analysis.loading import coerce_to_schema

    raw = pd.read_csv(analysis.paths.data_dir() / "ombudsman.csv", dtype=str,
                      keep_default_na=False).head(3)
    padded = raw.map(lambda v: f"  {v}\t" if v else " ")
    pd.testing.assert_frame_equal(coerce_to_schema(padded, "ombudsman"),
                                  coerce_to_schema(raw, "ombudsman"))
    mixed = raw.astype(object)
    mixed["score"] = pd.to_numeric(raw["score"])      # numbers, as a spreadsheet gives them
    mixed.loc[0, "notes"] = np.nan                     # a missing cell
    typed, plain = coerce_to_schema(mixed, "ombudsman"), coerce_to_schema(raw, "ombudsman")
    pd.testing.assert_series_equal(typed["score"], plain["score"])
    assert pd.isna(typed.loc[0, "notes"])


def test_validate_skips_the_iri_parser_with_the_same_verdict(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(paths.data_dir(), data)
    pek = data / "pekppp.csv"
    lines = pek.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",4.92,", ",4.9x,", 1)
    lines[2] = lines[2].replace(",ministry,", ",nobody,", 1)
    pek.write_text("".join(lines), encoding="utf-8")
    check = ("import sys\nfrom pathlib import Path\nimport analysis.paths as P\n"
             f"P.data_dir = lambda: Path({str(data)!r})\n"
             "from analysis.loading import check_package\n"
             "print('\\n'.join(check_package()))\n"
             "print('rfc3987_syntax' in sys.modules)\n")
    fast = _fresh(check).splitlines()
    full = _fresh("import rfc3987_syntax, jsonschema\n" + check).splitlines()
    assert fast[-1] == "False" and full[-1] == "True"
    assert fast[:-1] == full[:-1]
    verdict = "\n".join(fast)
    assert "row 2, column 'ipp'" in verdict and "row 3, column 'assessor'" in verdict
