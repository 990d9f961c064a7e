"""Data checks that need the official rules: printed labels against the bands, counts that add up.

The curated tables hold what sources *printed*: zone, opinion, grade,
category. This module derives the official label from :mod:`analysis.scales`
and lists every row where the two disagree, with the likely explanation. Rows
are never changed: a disagreement is a fact about the source (a typo, a label
of another year, a different scale), and the list makes it visible.
"""

from __future__ import annotations

import pandas as pd

from analysis.errors import DataError
from analysis.loading import load
from analysis.scales import (
    bands,
    eras,
    method_era,
    ombudsman_band,
    on_standard_scale,
    pekppp_band,
    zone_spans,
)

__all__ = ["label_disagreements", "disagreements", "summary_inconsistencies"]

_TABLES = ("ombudsman", "ombudsman_units", "pekppp", "pekppp_units")
_COLUMNS = ["table", "entity", "year", "value", "field", "printed", "official", "explanation"]


def _norm(series: pd.Series) -> pd.Series:
    return series.astype("string").str.strip().str.lower()


def _mismatches(rows, table, frame, mask, value, field, derived, explanation) -> None:
    """Append one disagreement row per index where ``mask`` is true."""
    for i in frame.index[mask.to_numpy(dtype=bool)]:
        r = frame.loc[i]
        official = derived.loc[i, field]
        rows.append((i, table, r["entity"], r["year"], r[value], field, r[field],
                     "" if pd.isna(official) else official, explanation))


def _eras_giving(score: float, zone: str, own: str) -> list[str]:
    """Return the years of the other eras whose bands give ``score`` the printed ``zone``.

    Examples
    --------
    >>> from analysis.checks import _eras_giving
    >>> _eras_giving(79.0, "hijau", "ombudsman-2015")
    ['2022-2024']
    """
    out = []
    for r in eras().itertuples():
        if r.instrument != "ombudsman" or r.era == own:
            continue
        spans = zone_spans(r.era)
        if any(lo <= score < hi or (score == hi == spans[-1][1]) for lo, hi, z in spans
               if z == zone):
            out.append(str(r.first_year) if r.first_year == r.last_year
                       else f"{r.first_year}-{r.last_year}")
    return out


def _ombudsman(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    rows = []
    scored = frame[frame["score"].notna()]
    era = pd.Series(method_era("ombudsman", scored["year"].to_numpy()), index=scored.index)
    over = ~on_standard_scale(scored)
    for r in scored[over].itertuples():
        where = "score above 100: printed" if r.score > 100 else "printed"
        rows.append((r.Index, table, r.entity, r.year, r.score, "score", str(r.score), "",
                     f"{where} on the 0-110 scale of some 2017-2019 surveys, "
                     "whose bands no source confirms"))
    banded = scored[~over & era.isin(set(bands("ombudsman")["era"]))]   # eras with bands
    derived = ombudsman_band(banded["score"].to_numpy(), banded["year"].to_numpy())
    derived.index = banded.index
    zone_printed = _norm(banded["zone"])
    zone_bad = zone_printed.notna() & (zone_printed != _norm(derived["zone"]))
    for i in banded.index[zone_bad.to_numpy(dtype=bool)]:
        r = banded.loc[i]
        why = "printed zone differs from the official band of that year"
        other = _eras_giving(float(r["score"]), zone_printed[i], era[i])
        if other:
            why += f" ({zone_printed[i]} only under the bands of {', '.join(other)})"
        rows.append((i, table, r["entity"], r["year"], r["score"], "zone", r["zone"],
                     derived.loc[i, "zone"], why))
    if "grade" in banded.columns:
        g_printed = _norm(banded["grade"])
        _mismatches(rows, table, banded, g_printed.notna() & (g_printed != _norm(derived["grade"])),
                    "score", "grade", derived,
                    "printed grade differs from the official band of that year")
    op = _norm(banded["opinion"])
    official = _norm(derived["opinion"])
    # compare only printed opinions that name a band ("kualitas ...", "kepatuhan ...")
    named = op.str.contains(r"^(?:opini )?(?:kualitas|kepatuhan) (?:tertinggi|tinggi|sedang|"
                            r"rendah|terendah)$", regex=True).fillna(False)
    op_bad = named & (op.str.replace("opini ", "", regex=False) != official)
    _mismatches(rows, table, banded, op_bad, "score", "opinion", derived,
                "printed opinion differs from the official band of that year")
    return pd.DataFrame(rows, columns=["_index", *_COLUMNS]).set_index("_index")


def _pekppp(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    rows = []
    valued = frame[frame["ipp"].notna()]
    low = valued["ipp"].round(2) < 2.01
    for r in valued[low & valued["category"].notna()].itertuples():
        rows.append((r.Index, table, r.entity, r.year, r.ipp, "category", r.category, "",
                     "no band below 2.01 is known, so the printed category cannot be checked"))
    checked = valued[~low]
    derived = pekppp_band(checked["ipp"].to_numpy())
    derived.index = checked.index
    printed = _norm(checked["category"])
    bad = printed.notna() & (printed != _norm(derived["category"]))
    _mismatches(rows, table, checked, bad, "ipp", "category", derived,
                "printed category differs from the category ladder (bounds below A are "
                "inferred; see data/bands.csv)")
    pred = _norm(checked["predicate"])
    official = _norm(derived["predicate"])
    _mismatches(rows, table, checked, pred.notna() & official.notna() & (pred != official),
                "ipp", "predicate", derived,
                "printed predicate differs from the predicate of the category")
    return pd.DataFrame(rows, columns=["_index", *_COLUMNS]).set_index("_index")


def disagreements(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """List the rows of one frame whose printed label disagrees with the official band.

    The check of :func:`label_disagreements`, for any frame in the schema of
    ``table`` (a user's own table read by :func:`analysis.read_scores`, say).

    Parameters
    ----------
    frame : DataFrame
        Typed as ``analysis.load(table)``.
    table : str
        One of "ombudsman", "ombudsman_units", "pekppp", "pekppp_units".

    Returns
    -------
    DataFrame
        The columns of :func:`label_disagreements`, indexed by the index of the
        disagreeing row in ``frame`` (a row may appear once per field), in
        the order found.
    """
    if table.startswith("ombudsman"):
        return _ombudsman(frame, table)
    if table.startswith("pekppp"):
        return _pekppp(frame, table)
    raise DataError.plain(f"no label check for table {table!r}",
                          "use ombudsman, ombudsman_units, pekppp or pekppp_units")


def label_disagreements(table: str | None = None) -> pd.DataFrame:
    """List rows whose printed label disagrees with the official band.

    Parameters
    ----------
    table : str, optional
        One of "ombudsman", "ombudsman_units", "pekppp", "pekppp_units";
        default all four.

    Returns
    -------
    DataFrame
        Columns: ``table``, ``entity``, ``year``, ``value`` (score or index),
        ``field`` (zone, grade, opinion, category, predicate, or score for a
        value off the scale), ``printed``, ``official`` (empty where no band
        applies), ``explanation``. Sorted by table, entity, year, field.

    Examples
    --------
    >>> from analysis.checks import label_disagreements
    >>> d = label_disagreements("ombudsman")
    >>> d.query("entity == 'Kabupaten Pandeglang' and year == 2024")[["printed", "official"]]
    ... # doctest: +SKIP
    """
    tables = [table] if table else list(_TABLES)
    parts = []
    for name in tables:
        parts.append(disagreements(load(name) if name in _TABLES else None, name))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=_COLUMNS)
    return out.sort_values(["table", "entity", "year", "field"], kind="stable").reset_index(
        drop=True)


def summary_inconsistencies() -> pd.DataFrame:
    """Rows of ``ombudsman_summary`` whose printed counts do not add up.

    Returns
    -------
    DataFrame
        Columns: ``year``, ``entity_type``, ``scope``, ``n_assessed``,
        ``zone_sum`` (hijau + kuning + merah where all three are printed),
        ``opinion_sum`` (A + ... + E where all five are printed), ``source_id``.
        Empty when every complete row adds up.
    """
    s = load("ombudsman_summary")
    zones = s[["n_hijau", "n_kuning", "n_merah"]]
    opinions = s[["n_a", "n_b", "n_c", "n_d", "n_e"]]
    zone_sum = zones.sum(axis=1).where(zones.notna().all(axis=1))
    opinion_sum = opinions.sum(axis=1).where(opinions.notna().all(axis=1))
    bad = (zone_sum.notna() & s["n_assessed"].notna() & (zone_sum != s["n_assessed"])) | (
        opinion_sum.notna() & s["n_assessed"].notna() & (opinion_sum != s["n_assessed"]))
    out = s.loc[bad.fillna(False).to_numpy(dtype=bool),
                ["year", "entity_type", "scope", "n_assessed", "source_id"]].copy()
    out.insert(4, "zone_sum", zone_sum[out.index].astype("Int64"))
    out.insert(5, "opinion_sum", opinion_sum[out.index].astype("Int64"))
    return out.reset_index(drop=True)


