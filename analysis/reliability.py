"""How far each value can be trusted: source types, confidence, and the conflicts settled.

The merge (``tools/merge_curation.py``) writes the facts: ``sources.source_type``,
and on every scored row ``n_sources`` and ``confidence``; ``conflicts.csv``
records which rule decided each disagreement. This module only counts them, so
a notebook or the data README can show the data by reliability and repeat a
result on the ``high`` rows alone.
"""

from __future__ import annotations

import pandas as pd

from analysis.errors import DataError
from analysis.loading import enumeration, load

__all__ = ["SCORED", "SOURCE_TYPES", "CONFIDENCE", "scored_rows", "reliability_counts",
           "source_type_counts", "conflict_decisions", "keep_confidence",
           "green_excess_by_confidence"]

#: The scored tables and the column holding their value.
SCORED = {"ombudsman": "score", "ombudsman_units": "score", "pekppp": "ipp",
          "pekppp_units": "ipp"}


#: Source types, best first, and confidence levels, lowest first (from the descriptor).
SOURCE_TYPES = list(enumeration("sources", "source_type"))
CONFIDENCE = list(enumeration("ombudsman", "confidence"))


def scored_rows(table: str) -> pd.DataFrame:
    """Return the rows of a scored table that hold a value, with their source's type.

    Parameters
    ----------
    table : {"ombudsman", "ombudsman_units", "pekppp", "pekppp_units"}
        The table.

    Returns
    -------
    DataFrame
        The table's rows with a score (or index), plus ``source_type`` (ordered
        categorical, issuer first) of the source each row cites; ``confidence``
        is an ordered categorical (low < medium < high).

    Examples
    --------
    >>> from analysis.reliability import scored_rows
    >>> rows = scored_rows("pekppp")
    >>> bool(rows["ipp"].notna().all())
    True
    """
    if table not in SCORED:
        raise DataError.plain(f"no scored table named {table!r}",
                              "use one of " + ", ".join(SCORED))
    frame = load(table)
    frame = frame[frame[SCORED[table]].notna()]
    types = load("sources").set_index("source_id")["source_type"]
    out = frame.assign(source_type=pd.Categorical(frame["source_id"].map(types),
                                                  categories=SOURCE_TYPES, ordered=True),
                       confidence=pd.Categorical(frame["confidence"], categories=CONFIDENCE,
                                                 ordered=True))
    return out.reset_index(drop=True)


def reliability_counts(tables=tuple(SCORED)) -> pd.DataFrame:
    """Count the scored rows of each table by source type and confidence.

    Returns
    -------
    DataFrame
        One row per table and source type: ``table``, ``source_type``, one
        column per confidence level (``low``, ``medium``, ``high``: rows) and
        ``rows`` (their total). Source types with no row are left out.

    Examples
    --------
    >>> from analysis.reliability import reliability_counts
    >>> counts = reliability_counts(["ombudsman"])
    >>> int(counts["rows"].sum()) == int(counts[["low", "medium", "high"]].to_numpy().sum())
    True
    """
    parts = []
    for table in tables:
        rows = scored_rows(table)
        grid = pd.crosstab(rows["source_type"], rows["confidence"], dropna=False)
        grid = grid.reindex(index=SOURCE_TYPES, columns=CONFIDENCE, fill_value=0)
        grid = grid[grid.sum(axis=1) > 0]
        grid.columns = [str(c) for c in grid.columns]
        grid = grid.assign(rows=grid.sum(axis=1)).reset_index()
        grid.insert(0, "table", table)
        parts.append(grid)
    out = pd.concat(parts, ignore_index=True)
    out["source_type"] = out["source_type"].astype(str)
    return out


def source_type_counts() -> pd.DataFrame:
    """Count the sources by type.

    Returns
    -------
    DataFrame
        ``source_type`` (best first) and ``sources`` (documents in
        ``sources.csv``), with ``undated`` (of them, documents with no
        ``published`` date).
    """
    s = load("sources")
    grp = s.groupby(pd.Categorical(s["source_type"], categories=SOURCE_TYPES, ordered=True),
                    observed=False)
    out = pd.DataFrame({"sources": grp.size(), "undated": grp["published"].apply(
        lambda d: int(d.isna().sum()))})
    out.index.name = "source_type"
    return out.reset_index().assign(source_type=lambda f: f["source_type"].astype(str))


def conflict_decisions() -> pd.DataFrame:
    """Count the disagreements in ``conflicts.csv`` by the rule that decided them.

    Returns
    -------
    DataFrame
        ``decision`` and ``conflicts`` (rows of ``conflicts.csv``), in the
        order the rules are tried.
    """
    c = load("conflicts")
    order = list(enumeration("conflicts", "decision"))
    counts = c["decision"].astype(str).value_counts()
    return pd.DataFrame({"decision": [d for d in order if d in counts.index],
                         "conflicts": [int(counts[d]) for d in order if d in counts.index]})


def keep_confidence(frame: pd.DataFrame, level: str = "high") -> pd.DataFrame:
    """Return the rows of ``frame`` whose ``confidence`` is ``level`` or better.

    Examples
    --------
    >>> import analysis
    >>> from analysis.reliability import keep_confidence
    >>> high = keep_confidence(analysis.load("ombudsman"))
    >>> set(high["confidence"].astype(str)) <= {"high"}
    True
    """
    if level not in CONFIDENCE:
        raise DataError.plain(f"unknown confidence {level!r}", "use " + ", ".join(CONFIDENCE))
    if "confidence" not in frame.columns:
        raise DataError.plain("the frame has no 'confidence' column",
                              "pass a scored table: " + ", ".join(SCORED))
    rank = {c: i for i, c in enumerate(CONFIDENCE)}
    keep = frame["confidence"].astype("string").map(rank).fillna(-1) >= rank[level]
    return frame[keep.to_numpy(dtype=bool)]


def green_excess_by_confidence(table: pd.DataFrame | None = None, years=(2021, 2022, 2023, 2024),
                               level: str = "high") -> pd.DataFrame:
    """Repeat the sample-vs-population comparison on the rows of one confidence level.

    For each census year, the share of green (hijau) entities among the published
    scores minus the official share (:func:`analysis.coverage.zone_shares`), once
    on every scored row and once on the rows whose ``confidence`` is ``level`` or
    better.

    Returns
    -------
    DataFrame
        One row per year: ``year``, ``rows_all`` and ``rows_<level>`` (scored
        entity-years in the comparison), ``green_excess_all`` and ``green_excess_<level>``
        (percentage points), ``p_all`` and ``p_<level>`` (the goodness-of-fit
        p-values).

    Examples
    --------
    >>> from analysis.reliability import green_excess_by_confidence
    >>> list(green_excess_by_confidence(years=(2022,)).columns)[:3]
    ['year', 'rows_all', 'rows_high']
    """
    from analysis.coverage import zone_shares

    table = load("ombudsman") if table is None else table
    subset = keep_confidence(table, level)
    rows = []
    for year in years:
        out = {"year": year}
        for name, frame in (("all", table), (level, subset)):
            z = zone_shares(frame, year).set_index("zone")
            out[f"rows_{name}"] = int(z["n_sample"].sum())
            out[f"green_excess_{name}"] = round(float(z.loc["hijau", "difference"]), 1)
            out[f"p_{name}"] = float(z["p_value"].iloc[0])
        rows.append(out)
    cols = ["year", "rows_all", f"rows_{level}", "green_excess_all", f"green_excess_{level}",
            "p_all", f"p_{level}"]
    return pd.DataFrame(rows)[cols]
