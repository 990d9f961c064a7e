"""Summaries of the service units: coverage, type shares, scores by type, spread, gains.

Each works on the rows of :func:`analysis.unit_rows.unit_scores` (Ombudsman)
or of ``pekppp_units``, within one method era and on the standard 0-100 scale
only. Import them from :mod:`analysis.units`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import DataError
from analysis.loading import load
from analysis.scales import method_era
from analysis.unit_rows import _labels, _standard_max, unit_scores
from analysis.unit_types import unit_types

__all__ = ["unit_coverage", "unit_type_shares", "scores_by_type", "unit_spread", "unit_gains"]

def unit_coverage(units: pd.DataFrame | None = None,
                  scores: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return how many units each era holds, and how the governments behind them scored.

    A selection check: governments that publish their units' scores are
    compared with every entity score of the same era in ``ombudsman`` (itself
    a published sample).

    Parameters
    ----------
    units : DataFrame, optional
        Rows in the schema of ``load("ombudsman_units")`` (default that table).
    scores : DataFrame, optional
        Rows in the schema of ``load("ombudsman")`` (default that table).

    Returns
    -------
    DataFrame
        One row per method era: ``era``, ``unit_rows`` (all unit scores),
        ``off_scale`` (rows of 0-110 surveys), ``entity_years`` (entity-years
        with units), ``entities``, ``with_entity_score`` (entity-years whose
        own score is also in ``ombudsman``), ``median_with_units`` (median
        entity score of those), ``median_all`` (median of every entity score of
        the era in ``ombudsman``, 0-100 scale), ``n_all``.

    Examples
    --------
    >>> from analysis.units import unit_coverage
    >>> int(unit_coverage()["unit_rows"].sum())
    336
    """
    frame = unit_scores(units)
    entity = load("ombudsman") if scores is None else scores
    top = _standard_max()
    entity = entity[entity["score"].notna() & entity["score"].le(top)]
    entity = entity.assign(era=method_era("ombudsman", entity["year"].to_numpy())
                           if len(entity) else [], entity=entity["entity"].astype(str),
                           year=entity["year"].astype(int))
    own = entity.set_index(["entity", "year"])["score"]
    rows = []
    for era, g in frame.groupby("era", sort=True):
        keys = set(zip(g["entity"].astype(str), g["year"].astype(int), strict=True))
        with_score = [own[k] for k in keys if k in own.index]
        every = entity.loc[entity["era"] == era, "score"]
        rows.append((era, len(g), int((~g["on_scale"]).sum()), len(keys),
                     g["entity"].nunique(), len(with_score),
                     float(np.median(with_score)) if with_score else np.nan,
                     float(every.median()) if len(every) else np.nan, len(every)))
    return pd.DataFrame(rows, columns=["era", "unit_rows", "off_scale", "entity_years",
                                       "entities", "with_entity_score", "median_with_units",
                                       "median_all", "n_all"])


def unit_type_shares(lang: str = "en") -> pd.DataFrame:
    """Share of the rows of each unit table that each unit type takes.

    Returns
    -------
    DataFrame
        One row per table and unit type present, in the order of the code
        table's rules: ``table`` (ombudsman_units or pekppp_units),
        ``unit_type``, ``label``, ``rows``, ``share`` (% of the table's rows,
        one decimal).

    Examples
    --------
    >>> from analysis.units import unit_type_shares
    >>> s = unit_type_shares()
    >>> float(s.loc[s["unit_type"] != "other", "rows"].sum() / s["rows"].sum()) > 0.95
    True
    """
    table = unit_types()
    order = {c: i for i, c in enumerate(table["code"])}
    labels = _labels(lang)
    parts = []
    for name in ("ombudsman_units", "pekppp_units"):
        codes = load(name)["unit_type"].astype(str)
        counts = codes.value_counts()
        part = pd.DataFrame({"table": name, "unit_type": counts.index.astype(str),
                             "rows": counts.to_numpy(dtype=int)})
        part["label"] = part["unit_type"].map(labels)
        part["share"] = (100 * part["rows"] / len(codes)).round(1)
        part = part.sort_values("unit_type", key=lambda s: s.map(order))
        parts.append(part[["table", "unit_type", "label", "rows", "share"]])
    return pd.concat(parts, ignore_index=True)


def _summarise(frame: pd.DataFrame, by: list[str], value: str) -> pd.DataFrame:
    grouped = frame.groupby(by, observed=True, dropna=False)
    out = grouped.agg(n_units=(value, "size"), n_entities=("entity", "nunique"),
                      mean=(value, "mean"), median=(value, "median"),
                      min=(value, "min"), max=(value, "max")).reset_index()
    out["mean"] = out["mean"].round(2)
    out["median"] = out["median"].round(2)
    return out


def scores_by_type(units: pd.DataFrame | None = None, *, instrument: str = "ombudsman",
                   lang: str = "en") -> pd.DataFrame:
    """Summarise unit scores by unit type within each method era.

    Ombudsman rows off the standard 0-100 scale are left out (see
    :func:`unit_scores`); each era is summarised on its own, so the 2025
    opinion method and the 2015-2024 scores are never pooled. PEKPPP values
    are summarised per assessor: a self-assessment is never pooled with the
    ministry's evaluation.

    Parameters
    ----------
    units : DataFrame, optional
        Rows in the schema of ``load("ombudsman_units")`` or
        ``load("pekppp_units")`` (default the table of ``instrument``).
    instrument : {"ombudsman", "pekppp"}
        Which evaluation the rows are from.
    lang : {"en", "id"}
        Language of ``label``.

    Returns
    -------
    DataFrame
        One row per era, assessor and unit type: ``instrument``, ``era``,
        ``assessor`` (``"ombudsman"`` for Ombudsman rows; ``ministry`` or
        ``self`` for PEKPPP), ``unit_type``, ``label``, ``n_units`` (unit
        rows), ``n_entities``, ``mean``, ``median``, ``min``, ``max`` (points
        0-100, or index 0-5 for PEKPPP). Sorted by era, assessor, then median
        from highest to lowest.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.units import scores_by_type
    >>> u = pd.DataFrame({"entity": ["A", "A", "B"], "unit": ["Dinsos", "Disdukcapil", "Dinsos"],
    ...                   "unit_type": ["dinas_sosial", "dukcapil", "dinas_sosial"],
    ...                   "year": [2023, 2023, 2023], "score": [90.0, 80.0, 60.0],
    ...                   "source_id": ["s", "s", "t"]})
    >>> scores_by_type(u)[["unit_type", "n_units", "median"]].to_dict("records")
    [{'unit_type': 'dukcapil', 'n_units': 1, 'median': 80.0},
     {'unit_type': 'dinas_sosial', 'n_units': 2, 'median': 75.0}]
    """
    if instrument == "ombudsman":
        frame = unit_scores(units, lang=lang)
        frame = frame[frame["on_scale"]].assign(assessor="ombudsman")
        value = "score"
    elif instrument == "pekppp":
        frame = load("pekppp_units") if units is None else units.copy()
        frame = frame[frame["ipp"].notna()].reset_index(drop=True)
        frame["label"] = frame["unit_type"].astype(str).map(_labels(lang))
        frame["era"] = method_era("pekppp", frame["year"].to_numpy()) if len(frame) else []
        frame["assessor"] = frame["assessor"].astype(str)
        value = "ipp"
    else:
        raise DataError.plain(f"unknown instrument {instrument!r}", "use 'ombudsman' or 'pekppp'")
    frame = frame.assign(unit_type=frame["unit_type"].astype(str))
    out = _summarise(frame, ["era", "assessor", "unit_type", "label"], value)
    out.insert(0, "instrument", instrument)
    out = out.sort_values(["era", "assessor", "median", "unit_type"],
                          ascending=[True, True, False, True])
    return out[["instrument", "era", "assessor", "unit_type", "label", "n_units", "n_entities",
                "mean", "median", "min", "max"]].reset_index(drop=True)


def unit_spread(units: pd.DataFrame | None = None, *, min_units: int = 2,
                regional_only: bool = False, lang: str = "en") -> pd.DataFrame:
    """Return the gap between each government's best and worst published unit, per year.

    Parameters
    ----------
    units : DataFrame, optional
        Rows in the schema of ``load("ombudsman_units")`` (default that table).
        Rows off the standard 0-100 scale are left out.
    min_units : int
        Fewest units an entity-year needs to be listed (default 2: the gap of
        one unit is no gap).
    regional_only : bool
        Keep only province, city and regency governments (leave out the units
        of ministries and agencies, such as police or land offices).
    lang : {"en", "id"}
        Language of the type labels.

    Returns
    -------
    DataFrame
        One row per entity and year: ``entity``, ``year``, ``era``,
        ``n_units``, ``best_unit``, ``best_type``, ``best_score``,
        ``worst_unit``, ``worst_type``, ``worst_score``, ``spread`` (best -
        worst, points), ``units_mean``. Ties for best or worst go to the unit
        name first in alphabetical order. Sorted by spread, widest first.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.units import unit_spread
    >>> u = pd.DataFrame({"entity": ["A", "A", "A"], "unit": ["Dinsos", "Disdik", "Puskesmas X"],
    ...                   "unit_type": ["dinas_sosial", "dinas_pendidikan", "puskesmas"],
    ...                   "year": [2024] * 3, "score": [90.0, 60.0, 75.0], "source_id": ["s"] * 3})
    >>> unit_spread(u)[["best_unit", "worst_unit", "spread", "n_units"]].to_dict("records")
    [{'best_unit': 'Dinsos', 'worst_unit': 'Disdik', 'spread': 30.0, 'n_units': 3}]
    """
    frame = unit_scores(units, lang=lang)
    frame = frame[frame["on_scale"] & (frame["regional"] | (not regional_only))]
    columns = ["entity", "year", "era", "n_units", "best_unit", "best_type", "best_score",
               "worst_unit", "worst_type", "worst_score", "spread", "units_mean"]
    rows = []
    for (entity, year), g in frame.groupby(["entity", "year"], observed=True, sort=True):
        if len(g) < min_units:
            continue
        g = g.assign(unit=g["unit"].astype(str)).sort_values(["score", "unit"],
                                                             ascending=[False, True])
        best = g.iloc[0]
        worst = g.sort_values(["score", "unit"], ascending=[True, True]).iloc[0]
        rows.append((entity, int(year), best["era"], len(g), best["unit"], best["label"],
                     float(best["score"]), worst["unit"], worst["label"], float(worst["score"]),
                     round(float(best["score"] - worst["score"]), 2),
                     round(float(g["score"].mean()), 2)))
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["spread", "entity", "year"], ascending=[False, True, True],
                           ignore_index=True)



def unit_gains(units: pd.DataFrame | None = None, *, min_units: int = 2,
               lang: str = "en") -> pd.DataFrame:
    """Return, for each unit, what the mean of its government's units would gain if it caught up.

    Where a government's units are all published, its own score has in the
    data matched the plain mean of its units (see :func:`entity_vs_units`):
    each unit then weighs 1/n. This table gives, per unit, the points that
    mean would gain if the unit reached the best unit of the same government
    and year: ``(best - score) / n_units``. It is arithmetic on the published
    units, not a forecast: the method may weigh units differently, and
    unpublished units are not in it.

    Parameters
    ----------
    units : DataFrame, optional
        Rows in the schema of ``load("ombudsman_units")`` (default that table).
        Rows off the standard 0-100 scale are left out.
    min_units : int
        Fewest units an entity-year needs (default 2).
    lang : {"en", "id"}
        Language of ``label``.

    Returns
    -------
    DataFrame
        One row per unit: ``entity``, ``year``, ``era``, ``unit``,
        ``unit_type``, ``label``, ``score``, ``n_units``, ``units_mean``,
        ``best_score``, ``gap_to_best`` (points), ``gain_if_best`` (points the
        units' mean would gain, two decimals). Sorted by entity, year, then
        gain from largest to smallest.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.units import unit_gains
    >>> u = pd.DataFrame({"entity": ["A", "A"], "unit": ["Dinsos", "Disdik"],
    ...                   "unit_type": ["dinas_sosial", "dinas_pendidikan"],
    ...                   "year": [2024, 2024], "score": [90.0, 80.0], "source_id": ["s", "s"]})
    >>> unit_gains(u)[["unit", "gain_if_best"]].to_dict("records")
    [{'unit': 'Disdik', 'gain_if_best': 5.0}, {'unit': 'Dinsos', 'gain_if_best': 0.0}]
    """
    frame = unit_scores(units, lang=lang)
    frame = frame[frame["on_scale"]].copy()
    frame["entity"] = frame["entity"].astype(str)
    group = frame.groupby(["entity", "year"])["score"]
    frame["n_units"] = group.transform("size").astype(int)
    frame["units_mean"] = group.transform("mean").round(2)
    frame["best_score"] = group.transform("max")
    frame = frame[frame["n_units"] >= min_units]
    frame["gap_to_best"] = (frame["best_score"] - frame["score"]).round(2)
    frame["gain_if_best"] = (frame["gap_to_best"] / frame["n_units"]).round(2)
    frame = frame.sort_values(["entity", "year", "gain_if_best", "unit"],
                              ascending=[True, True, False, True], ignore_index=True)
    return frame[["entity", "year", "era", "unit", "unit_type", "label", "score", "n_units",
                  "units_mean", "best_score", "gap_to_best", "gain_if_best"]]


