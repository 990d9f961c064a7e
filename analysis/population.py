"""The assessed population, as printed: national counts per year, type and zone.

``ombudsman_summary`` holds the counts the Ombudsman published (entities
assessed, and how many fell in each zone or opinion). This module reads them
once for :mod:`analysis.coverage` and :mod:`analysis.selection`: where only the
five opinion counts were printed, the zones are their sums under the year's
bands (:func:`analysis.scales.zones_from_grade_counts`).
"""

from __future__ import annotations

import pandas as pd

from analysis.errors import DataError
from analysis.loading import load
from analysis.scales import ENTITY_TYPES, GRADES, ZONES, on_standard_scale, zones_from_grade_counts

__all__ = ["population", "population_cells"]

_BEST_FIRST = list(ZONES[::-1])      # hijau, kuning, merah: the order of the printed counts
_TOP = ZONES[-1]                     # hijau


def population() -> pd.DataFrame:
    """National counts of entities assessed, per year and type, as printed.

    Returns
    -------
    DataFrame
        Columns: ``year``, ``entity_type`` (a type, or ``all``), ``n_assessed``,
        ``n_hijau``, ``n_kuning``, ``n_merah``, ``source_id``; one row per year
        and type that some source printed (national scope only).
    """
    s = load("ombudsman_summary")
    s = s[s["scope"] == "national"]
    cols = ["year", "entity_type", "n_assessed", *(f"n_{z}" for z in _BEST_FIRST), "source_id"]
    out = s[cols].copy()
    out["entity_type"] = out["entity_type"].astype(str)
    return out.reset_index(drop=True)


def _population_zones(year: int, entity_type: str = "all") -> tuple[pd.Series, str] | None:
    """Official zone counts of a year and type, with their source.

    The counts are the printed zone counts; where a year printed only the five
    opinion counts (A-E), the zones are their sums (A, B hijau; C kuning; D, E
    merah); where exactly one zone count is missing and the total assessed is
    printed, the missing count is the total minus the other two (for example
    24 ministries assessed, 17 hijau, 7 kuning: 0 merah). None when the counts
    are incomplete.
    """
    s = load("ombudsman_summary")
    row = s[(s["scope"] == "national") & (s["year"] == year)
            & (s["entity_type"].astype(str) == entity_type)]
    if row.empty:
        return None
    r = row.iloc[0]
    zones = [r[f"n_{z}"] for z in _BEST_FIRST]
    missing = [pd.isna(z) for z in zones]
    if all(missing) or (any(missing) and sum(missing) > 1):
        by_zone = _zones_from_grade_columns(r, year)
        if by_zone is None:
            return None
        zones = [by_zone[z] for z in _BEST_FIRST]
    elif any(missing):
        if pd.isna(r["n_assessed"]):
            return None
        known = sum(int(z) for z in zones if not pd.isna(z))
        zones = [int(r["n_assessed"]) - known if pd.isna(z) else z for z in zones]
        if min(int(z) for z in zones) < 0:
            return None
    return pd.Series([int(z) for z in zones], index=_BEST_FIRST), r["source_id"]


def _zones_from_grade_columns(row, year: int) -> dict[str, int] | None:
    """Zone counts from a summary row's grade counts (``n_a`` ... ``n_e``); None if incomplete."""
    counts = {g: row[f"n_{g.lower()}"] for g in GRADES}
    if any(pd.isna(n) for n in counts.values()):
        return None
    return zones_from_grade_counts(counts, year)


def population_cells(year: int) -> pd.DataFrame:
    """Official counts of one year by stratum (entity type) and zone.

    A stratum is an entity type whose own zone counts were printed (see
    :func:`_population_zones` for how an incomplete row is completed), plus,
    where the national zone counts were printed, one stratum for the rest: the
    national counts minus those of the printed types (arithmetic on printed
    numbers, nothing estimated). Where no type has its own counts, the one
    stratum is ``all``.

    Returns
    -------
    DataFrame
        One row per stratum and zone: ``year``, ``stratum`` (a type, ``all``
        or ``other``), ``types`` (tuple of the entity types it holds; empty for
        ``all``, meaning every type), ``zone``, ``n_population``,
        ``population_source``. Empty when the year has no complete counts.
    """
    s = load("ombudsman_summary")
    s = s[(s["scope"] == "national") & (s["year"] == year)]
    types = sorted(t for t in s["entity_type"].astype(str).unique()
                   if t != "all" and "+" not in t)
    rows = []
    own = {t: _population_zones(year, t) for t in types}
    own = {t: v for t, v in own.items() if v is not None}
    overall = _population_zones(year, "all")
    for t, (counts, source) in own.items():
        rows += [(year, t, (t,), z, int(n), source) for z, n in counts.items()]
    if overall is not None:
        rest = overall[0] - sum((v[0] for v in own.values()), pd.Series(0, index=overall[0].index))
        if (rest < 0).any():
            raise DataError.plain(
                f"the printed zone counts of the entity types in {year} exceed the national "
                f"counts ({dict(rest)})", "check data/ombudsman_summary.csv for that year")
        others = tuple(t for t in ENTITY_TYPES if t not in own)
        if rest.sum() > 0 and others:
            name = "all" if not own else (others[0] if len(others) == 1 else "other")
            rows += [(year, name, () if not own else others, z, int(n), overall[1])
                     for z, n in rest.items()]
    return pd.DataFrame(rows, columns=["year", "stratum", "types", "zone", "n_population",
                                       "population_source"])


def _sample_zones(sample: pd.DataFrame) -> pd.Series:
    """Official zone of each scored row under its year's bands (printed labels are not used)."""
    from analysis.scales import ombudsman_band

    scored = sample[on_standard_scale(sample)]
    if scored.empty:
        return pd.Series([], dtype=str)
    zones = ombudsman_band(scored["score"].to_numpy(), scored["year"].to_numpy())["zone"]
    return pd.Series(zones.astype(str).to_numpy(), index=scored.index)
