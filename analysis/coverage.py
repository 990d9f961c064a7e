"""How much of the assessed population the curated sample covers.

The Ombudsman publishes how many entities it assessed each year (and how many
fell in each zone); ``ombudsman_summary`` holds those counts as printed. This
module sets the sample against them, so every summary can say what it covers.
The population itself is read by :mod:`analysis.population`, the tests of
selection live in :mod:`analysis.selection`; both are re-exported here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.loading import load
from analysis.population import (
    _BEST_FIRST,
    _TOP,
    _population_zones,
    _sample_zones,
    population,
    population_cells,
)
from analysis.scales import ZONES, census_years
from analysis.selection import (
    _excess_interval,  # noqa: F401 (tests import it from here)
    hypergeometric_test,
    reweight,
    selection_tests,
    weighted_summary,
    zone_shares,
)

__all__ = ["population", "coverage", "coverage_note", "zone_shares", "selection_tests",
           "population_cells",
           "hypergeometric_test", "reweight", "weighted_summary"]

def coverage(table: pd.DataFrame | None = None, by=("year", "entity_type"),
             value: str = "score") -> pd.DataFrame:
    """Rows of the sample against the assessed population.

    Parameters
    ----------
    table : DataFrame, optional
        Rows in the schema of ``ombudsman`` (default: the curated table).
    by : sequence of str
        ``("year",)``, ``("year", "entity_type")`` or ``("year", "province")``.
        By province, the population is the province government and its
        regencies and cities in the 34-province frame (``regions``), for the
        near-census years only (:func:`analysis.scales.census_years`, from
        the ``census`` column of ``data/eras.csv``: 2021-2024; the assumption:
        every local government was assessed, as the national counts of 415-416
        regencies and 98 cities imply); provinces are named as in that frame,
        and the population's source is the ``source_id`` of those ``regions`` rows.
    value : str
        Column that must be present for a row to count (default ``score``).

    Returns
    -------
    DataFrame
        Columns: the ``by`` columns, ``n_sample`` (rows with a value),
        ``n_population`` (entities assessed, as printed, or the sum of the
        printed zone counts where only those were printed; missing where no
        source printed either), ``share`` (n_sample / n_population),
        ``population_source`` (source_id of the count).

    Examples
    --------
    >>> from analysis.coverage import coverage
    >>> c = coverage(by=("year",))
    >>> int(c.set_index("year").loc[2022, "n_population"])
    586
    """
    table = load("ombudsman") if table is None else table
    by = list(by)
    if "province" in by:
        return _coverage_by_province(table, by, value)
    # count first, then name the (few) groups as text: no copy or text conversion per row
    counts = (table.loc[table[value].notna(), by].groupby(by, observed=True, dropna=False)
              .size().rename("n_sample").reset_index()
              .dropna(subset=[c for c in by if c != "entity_type"]))
    if "entity_type" in counts:   # a missing type counts as the group "nan", as before
        counts["entity_type"] = counts["entity_type"].astype(str)
    counts = counts.sort_values(by).reset_index(drop=True)
    pop = population()
    if by == ["year"]:
        pop = pop[pop["entity_type"] == "all"].drop(columns="entity_type")
    pop = pop.rename(columns={"n_assessed": "n_population", "source_id": "population_source"})
    # where a source printed the zone counts but not their total, the total is their sum
    zone_sum = pop[[f"n_{z}" for z in _BEST_FIRST]].sum(axis=1, min_count=len(ZONES))
    pop["n_population"] = pop["n_population"].fillna(zone_sum)
    out = counts.merge(pop[[*by, "n_population", "population_source"]], on=by, how="left")
    out["n_population"] = out["n_population"].astype("Int64")
    out["share"] = (out["n_sample"] / out["n_population"]).astype("Float64")
    return out


def _coverage_by_province(table: pd.DataFrame, by: list, value: str) -> pd.DataFrame:
    regions = load("regions")
    frame19 = regions[regions["code_2019"].notna() | (regions["type"] != "provinsi")]
    size = frame19.groupby("province_2019").size()  # province government + regencies + cities
    code_to_prov = regions.set_index("region_code")["province_2019"]
    sample = table[table[value].notna() & table["region_code"].notna()].copy()
    sample["province"] = sample["region_code"].astype(str).map(code_to_prov)
    counts = sample.groupby(by, observed=True).size().rename("n_sample").reset_index()
    census = counts["year"].isin(census_years())
    counts["n_population"] = counts["province"].map(size).where(census).astype("Int64")
    counts["share"] = (counts["n_sample"] / counts["n_population"]).astype("Float64")
    source = "; ".join(sorted(frame19["source_id"].dropna().astype(str).unique()))
    counts["population_source"] = np.where(census, source, None)
    return counts


def coverage_note(table: pd.DataFrame, *, value: str = "score", lang: str = "en") -> str:
    """Return a one-line coverage note for a figure, generated from :func:`coverage`.

    Says how many values the figure shows and, for the years whose national
    population was printed, how many entities were assessed.

    Examples
    --------
    >>> import analysis
    >>> from analysis.coverage import coverage_note
    >>> omb = analysis.load("ombudsman")
    >>> coverage_note(omb[omb.year == 2022])  # doctest: +ELLIPSIS
    'n = ... scores of 586 entities assessed in 2022 (...%); ...'
    """
    from analysis.plots.text import label, number

    cov = coverage(table, by=("year",), value=value)
    n = int(cov["n_sample"].sum())
    known = cov[cov["n_population"].notna()]

    def years(frame):
        return ", ".join(str(int(y)) for y in frame.year)

    if len(cov) == 1 and len(known) == 1:
        r = known.iloc[0]
        head = label("coverage_note.one", lang, n=n, m=int(r.n_population), year=int(r.year),
                     share=100 * float(r.share))
    else:
        span = f"{int(cov.year.min())}-{int(cov.year.max())}" if len(cov) else ""
        head = label("coverage_note.many", lang, n=n, years=span)
        if len(known):
            head += label("coverage_note.known", lang, k=int(known["n_sample"].sum()),
                          m=int(known["n_population"].sum()), years=years(known))
        missing = cov[cov["n_population"].isna()]
        if len(missing):
            head += label("coverage_note.missing", lang, years=years(missing))
    bias = _hijau_bias(table, cov["year"].tolist())
    if bias:
        lo, hi = min(bias.values()), max(bias.values())
        span = (number(lo, lang, "+.0f") if len(bias) == 1
                else label("coverage_note.span", lang, lo=lo, hi=hi))
        head += label("coverage_note.bias", lang, span=span)
    return head + label("coverage_note.tail", lang)


def _hijau_bias(table: pd.DataFrame, years) -> dict[int, float]:
    """Sample minus population share of hijau (points) for the years with official zone counts.

    Counts only: no test is run here, so a figure's footer stays cheap.
    """
    out = {}
    for y in years:
        pop = _population_zones(int(y), "all")
        if pop is None:
            continue
        counts = _sample_zones(table[table["year"] == y]).value_counts()
        n = int(counts.sum())
        if n:
            out[int(y)] = 100 * (counts.get(_TOP, 0) / n - pop[0][_TOP] / pop[0].sum())
    return out
