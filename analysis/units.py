"""What a government's score is made of: its service units.

The Ombudsman assesses a government through a handful of its service units
(loci): the civil registration office (Dukcapil), the one-stop licensing office
(DPMPTSP), the education, health and social affairs offices, two Puskesmas,
from 2025 a hospital and a school. PEKPPP evaluates a few units of each
provider too. The tables ``ombudsman_units`` and ``pekppp_units`` hold the unit
values that sources printed, each with a ``unit_type`` from
:mod:`analysis.unit_types`.

This module answers, with DataFrames:

* which kinds of service score highest and lowest (:func:`scores_by_type`);
* how wide the gap is between a government's best and worst unit
  (:func:`unit_spread`);
* how the entity's own score relates to its units (:func:`entity_vs_units`,
  :func:`entity_vs_units_summary`);
* which units recur across years (:func:`recurring_units`);
* one entity's units, for profiles and the explorer (:func:`entity_units`).

Scores are compared only within a method era (:func:`analysis.scales.method_era`)
and only on the 0-100 scale: rows of a 0-110 survey (see :func:`unit_scores`)
are kept in the tables but left out of every statistic.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.errors import DataError
from analysis.loading import load
from analysis.scales import bands, method_era
from analysis.unit_types import unit_types

__all__ = [
    "unit_scores",
    "unit_coverage",
    "unit_type_shares",
    "scores_by_type",
    "unit_spread",
    "entity_vs_units",
    "entity_vs_units_summary",
    "unit_gains",
    "pekppp_unit_values",
    "recurring_units",
    "entity_units",
]

_LANGS = ("en", "id")


def _label_column(lang: str) -> str:
    if lang not in _LANGS:
        raise DataError.plain(f"unknown language {lang!r}", "use lang='en' or lang='id'")
    return f"label_{lang}"


def _labels(lang: str) -> pd.Series:
    """Return the label in ``lang`` of each unit type code (a Series indexed by code)."""
    table = unit_types()
    return pd.Series(table[_label_column(lang)].to_numpy(), index=table["code"].to_numpy())


def _standard_max() -> float:
    """Top of the standard Ombudsman scale: the highest band bound in data/bands.csv."""
    return float(bands("ombudsman")["upper"].max())


def _entity_info(names: pd.Series) -> pd.DataFrame:
    """Entity type and whether it is a regional government, per name (empty if unknown)."""
    from analysis.regions import resolve

    info = {}
    for name in pd.unique(names):
        try:
            r = resolve([name]).iloc[0]
            info[name] = (r["entity_type"], isinstance(r["region_code"], str)
                          and r["region_code"] != "")
        except DataError:
            info[name] = (pd.NA, False)
    return pd.DataFrame([info[n] for n in names] or None, columns=["entity_type", "regional"])


def unit_scores(units: pd.DataFrame | None = None, *, lang: str = "en") -> pd.DataFrame:
    """Return the Ombudsman unit scores with their era, scale and type label.

    A unit row is *on the standard scale* when its score is on the 0-100
    scale of the official bands. Some 2017-2019 surveys printed a 0-110 scale;
    where a table has a ``scale_max`` column it says which, otherwise a row is
    taken to be on the 0-110 scale when any unit of the same entity, year and
    source document scores above 100 (one survey, one scale).

    Parameters
    ----------
    units : DataFrame, optional
        Rows in the schema of ``load("ombudsman_units")`` (default that table).
    lang : {"en", "id"}
        Language of ``label``.

    Returns
    -------
    DataFrame
        The columns of ``units`` plus ``label`` (the unit type's name),
        ``entity_type`` (of the entity, from its canonical name, where
        ``units`` lacks it; empty for a name that is no known entity),
        ``regional`` (True for a province, city or regency government: an
        entity with a region code), ``era`` (method
        era of the year), ``scale_max`` (100 or 110) and
        ``on_scale`` (True where the score is on the standard 0-100 scale).
        Rows without a score are dropped.

    Examples
    --------
    >>> from analysis.units import unit_scores
    >>> u = unit_scores()
    >>> bool(u.loc[u["score"] > 100, "on_scale"].any())
    False
    """
    frame = load("ombudsman_units") if units is None else units.copy()
    frame = frame[frame["score"].notna()].reset_index(drop=True)
    frame["label"] = frame["unit_type"].astype(str).map(_labels(lang)).astype("string")
    known = _entity_info(frame["entity"].astype(str))
    if "entity_type" not in frame.columns:
        frame["entity_type"] = known["entity_type"].to_numpy()
    frame["regional"] = known["regional"].to_numpy(dtype=bool)
    frame["era"] = method_era("ombudsman", frame["year"].to_numpy()) if len(frame) else []
    top = _standard_max()
    if "scale_max" in frame.columns:
        scale = pd.to_numeric(frame["scale_max"], errors="coerce").fillna(top)
    else:
        over = frame["score"].gt(top).groupby(
            [frame["entity"], frame["year"], frame["source_id"]], dropna=False).transform("any")
        scale = pd.Series(np.where(over, 110.0, top), index=frame.index)
    frame["scale_max"] = scale.astype("float64")
    frame["on_scale"] = frame["scale_max"].le(top) & frame["score"].le(top)
    return frame


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


def entity_vs_units(units: pd.DataFrame | None = None, scores: pd.DataFrame | None = None, *,
                    instrument: str = "ombudsman", min_units: int = 1) -> pd.DataFrame:
    """Compare each entity's own score with the mean and range of its published units.

    Parameters
    ----------
    units : DataFrame, optional
        Rows in the schema of ``load("ombudsman_units")`` (or of
        ``load("pekppp_units")`` for PEKPPP; default the table of
        ``instrument``).
    scores : DataFrame, optional
        Rows in the schema of ``load("ombudsman")`` (or ``load("pekppp")``).
    instrument : {"ombudsman", "pekppp"}
        Which evaluation. PEKPPP units are compared with the provider's index
        of the same year and assessor.
    min_units : int
        Fewest units (on the standard scale) an entity-year needs.

    Returns
    -------
    DataFrame
        One row per entity, year and assessor with both an entity value and
        units (Ombudsman: both on the standard 0-100 scale): ``entity``,
        ``entity_type``, ``year``, ``era``, ``assessor`` ("ombudsman", or
        ministry / self), ``entity_score`` (score, or IPP), ``n_units``,
        ``units_mean``, ``units_min``, ``units_max``, ``difference`` (entity
        value - units mean), ``within_range`` (units_min <= entity value <=
        units_max), ``same_source`` (the entity value and the units were read
        in the same document), ``source_ids`` (the documents of both, joined
        by ``;``). Sorted by era, entity, year.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.units import entity_vs_units
    >>> u = pd.DataFrame({"entity": ["A", "A"], "unit": ["Dinsos", "Disdik"],
    ...                   "unit_type": ["dinas_sosial", "dinas_pendidikan"],
    ...                   "year": [2024, 2024], "score": [90.0, 80.0], "source_id": ["s", "s"]})
    >>> e = pd.DataFrame({"entity": ["A"], "entity_type": ["kota"], "year": [2024],
    ...                   "score": [86.0], "source_id": ["s"]})
    >>> entity_vs_units(u, e)[["units_mean", "difference", "within_range"]].to_dict("records")
    [{'units_mean': 85.0, 'difference': 1.0, 'within_range': True}]
    """
    if instrument == "ombudsman":
        frame = unit_scores(units)
        frame = frame[frame["on_scale"]].assign(assessor="ombudsman")
        entity = load("ombudsman") if scores is None else scores
        entity = entity[entity["score"].notna() & entity["score"].le(_standard_max())]
        entity = entity.assign(assessor="ombudsman")
        value = "score"
    elif instrument == "pekppp":
        frame = load("pekppp_units") if units is None else units
        frame = frame[frame["ipp"].notna()].rename(columns={"ipp": "score"})
        entity = load("pekppp") if scores is None else scores
        entity = entity[entity["ipp"].notna()]
        value = "ipp"
    else:
        raise DataError.plain(f"unknown instrument {instrument!r}", "use 'ombudsman' or 'pekppp'")
    key = ["entity", "year", "assessor"]
    frame = frame.assign(entity=frame["entity"].astype(str), year=frame["year"].astype(int),
                         assessor=frame["assessor"].astype(str))
    agg = frame.groupby(key).agg(
        n_units=("score", "size"), units_mean=("score", "mean"), units_min=("score", "min"),
        units_max=("score", "max"),
        units_sources=("source_id", lambda s: frozenset(s.astype(str)))).reset_index()
    agg = agg[agg["n_units"] >= min_units]
    ent = pd.DataFrame({"entity": entity["entity"].astype(str).to_numpy(),
                        "entity_type": entity["entity_type"].astype(str).to_numpy(),
                        "year": entity["year"].astype(int).to_numpy(),
                        "assessor": entity["assessor"].astype(str).to_numpy(),
                        "entity_score": entity[value].to_numpy(dtype=float),
                        "entity_source": entity["source_id"].astype(str).to_numpy()})
    out = ent.merge(agg, on=key, how="inner")
    out["era"] = method_era(instrument, out["year"].to_numpy()) if len(out) else []
    out["units_mean"] = out["units_mean"].round(2)
    out["difference"] = (out["entity_score"] - out["units_mean"]).round(2)
    out["within_range"] = out["entity_score"].between(out["units_min"], out["units_max"])
    out["same_source"] = [s in u for s, u in zip(out["entity_source"], out["units_sources"],
                                                 strict=True)]
    out["source_ids"] = [";".join(sorted({s} | set(u))) for s, u in
                         zip(out["entity_source"], out["units_sources"], strict=True)]
    cols = ["entity", "entity_type", "year", "era", "assessor", "entity_score", "n_units",
            "units_mean", "units_min", "units_max", "difference", "within_range", "same_source",
            "source_ids"]
    return out.sort_values(["era", "assessor", "entity", "year"], ignore_index=True)[cols]


def entity_vs_units_summary(pairs: pd.DataFrame, *, min_units: int = 2) -> pd.DataFrame:
    """Return how close entity scores sit to the mean of their units, per method era.

    Parameters
    ----------
    pairs : DataFrame
        The result of :func:`entity_vs_units`.
    min_units : int
        Fewest units a pair needs to be counted (default 2: a range of one
        unit is a point).

    Returns
    -------
    DataFrame
        One row per era and assessor: ``era``, ``assessor``, ``n_pairs``,
        ``mean_difference`` (entity -
        units mean, points), ``mean_abs_difference``, ``n_within_range``,
        ``share_within_range`` (% of pairs whose entity score lies between its
        lowest and highest unit), ``n_exact`` (pairs whose entity score equals
        the units' mean to within 0.01 points).

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.units import entity_vs_units_summary
    >>> p = pd.DataFrame({"era": ["e", "e"], "n_units": [3, 4], "difference": [0.0, -2.0],
    ...                   "within_range": [True, False]})
    >>> entity_vs_units_summary(p)[["n_pairs", "share_within_range", "n_exact"]].to_dict("records")
    [{'n_pairs': 2, 'share_within_range': 50.0, 'n_exact': 1}]
    """
    p = pairs[pairs["n_units"] >= min_units]
    p = p.assign(assessor=p["assessor"] if "assessor" in p else "ombudsman")
    out = p.groupby(["era", "assessor"], observed=True).agg(
        n_pairs=("difference", "size"), mean_difference=("difference", "mean"),
        mean_abs_difference=("difference", lambda d: d.abs().mean()),
        n_within_range=("within_range", "sum"),
        n_exact=("difference", lambda d: int((d.abs() <= 0.01 + 1e-9).sum()))).reset_index()
    out["n_within_range"] = out["n_within_range"].astype(int)
    out["share_within_range"] = (100 * out["n_within_range"] / out["n_pairs"]).round(1)
    out["mean_difference"] = out["mean_difference"].round(2)
    out["mean_abs_difference"] = out["mean_abs_difference"].round(2)
    return out[["era", "assessor", "n_pairs", "mean_difference", "mean_abs_difference",
                "n_within_range", "share_within_range", "n_exact"]]


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


def pekppp_unit_values(units: pd.DataFrame | None = None, pekppp: pd.DataFrame | None = None,
                       *, lang: str = "en") -> pd.DataFrame:
    """Return the PEKPPP unit values beside the provider's own index of the same year and assessor.

    Parameters
    ----------
    units : DataFrame, optional
        Rows in the schema of ``load("pekppp_units")`` (default that table).
    pekppp : DataFrame, optional
        Rows in the schema of ``load("pekppp")`` (default that table).
    lang : {"en", "id"}
        Language of ``label``.

    Returns
    -------
    DataFrame
        One row per unit value: ``entity``, ``year``, ``assessor`` (ministry
        or self), ``unit``, ``unit_type``, ``label``, ``ipp`` (index 0-5),
        ``entity_ipp`` (the provider's own index for the same year and
        assessor; empty where none was published), ``source_id``. Sorted by
        entity, year, assessor, then ipp from highest.

    Examples
    --------
    >>> from analysis.units import pekppp_unit_values
    >>> v = pekppp_unit_values()
    >>> v.loc[(v["entity"] == "Kabupaten Jember") & (v["unit_type"] == "rsud"), "ipp"].tolist()
    [4.75]
    """
    frame = load("pekppp_units") if units is None else units.copy()
    frame = frame[frame["ipp"].notna()]
    own = load("pekppp") if pekppp is None else pekppp
    own = own[own["ipp"].notna()]
    key = ["entity", "year", "assessor"]
    left = pd.DataFrame({"entity": frame["entity"].astype(str).to_numpy(),
                         "year": frame["year"].astype(int).to_numpy(),
                         "assessor": frame["assessor"].astype(str).to_numpy(),
                         "unit": frame["unit"].astype(str).to_numpy(),
                         "unit_type": frame["unit_type"].astype(str).to_numpy(),
                         "ipp": frame["ipp"].to_numpy(dtype=float),
                         "source_id": frame["source_id"].astype(str).to_numpy()})
    right = pd.DataFrame({"entity": own["entity"].astype(str).to_numpy(),
                          "year": own["year"].astype(int).to_numpy(),
                          "assessor": own["assessor"].astype(str).to_numpy(),
                          "entity_ipp": own["ipp"].to_numpy(dtype=float)})
    out = left.merge(right.drop_duplicates(key), on=key, how="left")
    out["label"] = out["unit_type"].map(_labels(lang))
    out = out.sort_values(key + ["ipp", "unit"], ascending=[True, True, True, False, True],
                          ignore_index=True)
    return out[["entity", "year", "assessor", "unit", "unit_type", "label", "ipp", "entity_ipp",
                "source_id"]]


_PREFIX = re.compile(r"^(uptd?|unit pelaksana teknis( daerah)?)\s+")
_PAREN = re.compile(r"\([^)]*\)")


def _name_key(unit: str) -> str:
    """Return the printed name in lower case, without brackets, UPT prefix or punctuation."""
    text = _PAREN.sub(" ", unit.lower())
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return _PREFIX.sub("", text)


def recurring_units(units: pd.DataFrame | None = None, *, min_years: int = 2,
                    lang: str = "en") -> pd.DataFrame:
    """Return the units of one government printed in more than one year.

    A government has one office of some types (its Dukcapil, its Dinas
    Sosial: ``one_per_entity`` in the code table), so those units are matched
    across years by type, however the name was printed. Units of other types
    (Puskesmas, hospitals, police units) are matched by their printed name,
    compared in lower case without brackets, punctuation or a UPT/UPTD
    prefix.

    Parameters
    ----------
    units : DataFrame, optional
        Rows in the schema of ``load("ombudsman_units")`` (default that table).
    min_years : int
        Fewest years a unit must appear in (default 2).
    lang : {"en", "id"}
        Language of ``label``.

    Returns
    -------
    DataFrame
        One row per unit and year: ``entity``, ``unit_key`` (the type code,
        or the compared name), ``unit_type``, ``label``, ``year``, ``era``,
        ``unit`` (as printed that year), ``score``, ``on_scale``,
        ``n_years``, ``change`` (score minus the unit's score in its previous
        listed year, only where both are on the standard scale and in the same
        era; empty otherwise). Sorted by entity, unit_key, year.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.units import recurring_units
    >>> u = pd.DataFrame({"entity": ["A", "A"], "unit": ["Dinsos-PMD", "Dinas Sosial"],
    ...                   "unit_type": ["dinas_sosial", "dinas_sosial"], "year": [2022, 2023],
    ...                   "score": [60.5, 95.3], "source_id": ["s", "t"]})
    >>> recurring_units(u)["change"].tolist()
    [nan, 34.8]
    """
    frame = unit_scores(units, lang=lang)
    table = unit_types()
    single = set(table.loc[table["one_per_entity"] == "yes", "code"])
    types = frame["unit_type"].astype(str)
    frame["unit_key"] = np.where(types.isin(single), types,
                                 frame["unit"].astype(str).map(_name_key))
    frame["entity"] = frame["entity"].astype(str)
    years = frame.groupby(["entity", "unit_key"])["year"].transform("nunique")
    frame = frame[years >= min_years].assign(n_years=years[years >= min_years].astype(int))
    frame = frame.sort_values(["entity", "unit_key", "year", "unit"], ignore_index=True)
    prev = frame.groupby(["entity", "unit_key"])[["score", "era", "on_scale", "year"]].shift(1)
    same = prev["era"].eq(frame["era"]) & prev["on_scale"].eq(True) & frame["on_scale"] \
        & prev["year"].ne(frame["year"])
    frame["change"] = (frame["score"] - prev["score"].astype(float)).where(same).round(2)
    return frame[["entity", "unit_key", "unit_type", "label", "year", "era", "unit", "score",
                  "on_scale", "n_years", "change"]]


def entity_units(name: str, *, lang: str = "en", ombudsman_units: pd.DataFrame | None = None,
                 pekppp_units: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return every published unit value of one entity, Ombudsman and PEKPPP, with its type.

    Parameters
    ----------
    name : str
        The entity, in any spelling :func:`analysis.regions.canonical_name`
        accepts ("Pemkab Pandeglang", "Kabupaten Pandeglang").
    lang : {"en", "id"}
        Language of ``label``.
    ombudsman_units, pekppp_units : DataFrame, optional
        Tables in the schema of ``load("ombudsman_units")`` and
        ``load("pekppp_units")`` (default the curated tables), e.g. a user's
        own rows from :func:`analysis.read_scores`.

    Returns
    -------
    DataFrame
        One row per unit value, newest year first, highest value first:
        ``instrument`` (ombudsman / pekppp), ``entity`` (canonical), ``year``,
        ``era``, ``assessor`` (ministry / self for PEKPPP; empty for the
        Ombudsman), ``unit`` (as printed), ``unit_type``, ``label``,
        ``value`` (score in points, or IPP index 0-5), ``scale`` ("0-100",
        "0-110" or "0-5"), ``printed_label`` (zone or category as printed),
        ``source_id``. Empty, with these columns, for an entity without
        published units.

    Raises
    ------
    analysis.DataError
        When ``name`` matches no entity (with the nearest candidates).

    Examples
    --------
    >>> from analysis.units import entity_units
    >>> u = entity_units("Pemkab Pandeglang")
    >>> u.loc[u["unit"].str.contains("Cimanuk"), "value"].tolist()
    [97.82]
    """
    from analysis.regions import canonical_name

    entity = canonical_name(name)
    labels = _labels(lang)
    columns = ["instrument", "entity", "year", "era", "assessor", "unit", "unit_type", "label",
               "value", "scale", "printed_label", "source_id"]
    # the scale rule looks only within one entity, so its rows alone give the same result
    ounits = load("ombudsman_units") if ombudsman_units is None else ombudsman_units
    omb = unit_scores(ounits[ounits["entity"].astype(str) == entity], lang=lang)
    parts = [pd.DataFrame({
        "instrument": "ombudsman", "entity": entity, "year": omb["year"].to_numpy(),
        "era": omb["era"].to_numpy(), "assessor": "", "unit": omb["unit"].astype(str).to_numpy(),
        "unit_type": omb["unit_type"].astype(str).to_numpy(),
        "label": omb["label"].to_numpy(), "value": omb["score"].to_numpy(dtype=float),
        "scale": np.where(omb["scale_max"] > _standard_max(), "0-110", "0-100"),
        "printed_label": omb["zone"].astype("string").fillna("").to_numpy(),
        "source_id": omb["source_id"].astype(str).to_numpy()})]
    pek = load("pekppp_units") if pekppp_units is None else pekppp_units
    pek = pek[(pek["entity"].astype(str) == entity) & pek["ipp"].notna()]
    parts.append(pd.DataFrame({
        "instrument": "pekppp", "entity": entity, "year": pek["year"].to_numpy(),
        "era": method_era("pekppp", pek["year"].to_numpy()) if len(pek) else [],
        "assessor": pek["assessor"].astype(str).to_numpy(),
        "unit": pek["unit"].astype(str).to_numpy(),
        "unit_type": pek["unit_type"].astype(str).to_numpy(),
        "label": pek["unit_type"].astype(str).map(labels).to_numpy(),
        "value": pek["ipp"].to_numpy(dtype=float), "scale": "0-5",
        "printed_label": pek["category"].astype("string").fillna("").to_numpy(),
        "source_id": pek["source_id"].astype(str).to_numpy()}))
    out = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(
        len(p) for p in parts) else pd.DataFrame(columns=columns)
    out["year"] = out["year"].astype("Int64")
    out["value"] = out["value"].astype("float64")
    out = out.sort_values(["instrument", "year", "assessor", "value", "unit"],
                          ascending=[True, False, True, False, True], ignore_index=True)
    return out[columns]
