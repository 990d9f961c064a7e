"""Service units matched to something else: their entity's own value, or themselves a year later.

:func:`entity_vs_units` and :func:`entity_vs_units_summary` set an entity's
own score beside the mean and range of its published units;
:func:`pekppp_unit_values` does the same row by row for PEKPPP;
:func:`recurring_units` matches one government's units across years. Import
them from :mod:`analysis.units`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.errors import DataError
from analysis.loading import load
from analysis.scales import method_era
from analysis.unit_rows import _labels, _standard_max, unit_scores
from analysis.unit_types import unit_types

__all__ = ["entity_vs_units", "entity_vs_units_summary", "pekppp_unit_values",
           "recurring_units"]

def _units_and_entities(units, scores, instrument: str):
    """Return (unit rows with a ``score``, entity rows, the entity's value column) to compare.

    Ombudsman rows of both kinds are kept only on the standard 0-100 scale;
    PEKPPP unit values are renamed ``score`` so both instruments aggregate alike.
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
    return frame, entity, value


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
    frame, entity, value = _units_and_entities(units, scores, instrument)
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
