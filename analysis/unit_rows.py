"""The service-unit rows themselves: typed, labelled, with era and scale.

:func:`unit_scores` gives every Ombudsman unit score with its method era, its
scale (0-100 or a 0-110 survey) and its type label; :func:`entity_units` gives
one entity's unit values of both instruments, for profiles and the explorer.
The summaries (:mod:`analysis.unit_summaries`) and the comparisons with the
entity's own score (:mod:`analysis.unit_matching`) build on these rows.
Import them from :mod:`analysis.units`, the module that gathers all three.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import DataError
from analysis.loading import load
from analysis.scales import bands, method_era
from analysis.unit_types import unit_types

__all__ = ["unit_scores", "entity_units"]

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
