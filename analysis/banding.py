"""Bands and method eras: the lookups behind :mod:`analysis.scales`.

:mod:`analysis.scales` is the public face of the instrument rules and
re-exports every name here; import from there. This module reads
``data/bands.csv``, ``data/eras.csv`` and the enumerations of
``data/datapackage.json``, and turns scores into zones, opinions, grades and
categories, fast enough for a million rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.errors import DataError
from analysis.loading import enumeration, load

__all__ = [
    "OmbudsmanBand",
    "PekpppBand",
    "ZONES",
    "GRADES",
    "CATEGORIES",
    "ENTITY_TYPES",
    "ombudsman_band",
    "pekppp_band",
    "method_era",
    "eras",
    "bands",
    "zone_spans",
    "category_floors",
]


#: Ombudsman zones, lowest first, as the ordered categoricals of the tables
#: (merah < kuning < hijau); ``ZONES[::-1]`` is best first.
ZONES = enumeration("bands", "zone")
#: Ombudsman grades (opinions A-E from 2022), lowest first.
GRADES = enumeration("bands", "grade")
#: PEKPPP categories, lowest first (F < ... < A).
CATEGORIES = enumeration("bands", "category")
#: Entity types of the assessed population, in their documented order.
ENTITY_TYPES = enumeration("ombudsman", "entity_type")



@dataclass(frozen=True)
class OmbudsmanBand:
    """Zone, opinion and grade of one Ombudsman score (None where the regime has none)."""

    zone: str | None
    opinion: str | None
    grade: str | None


@dataclass(frozen=True)
class PekpppBand:
    """Category and predicate of one PEKPPP index (predicate None where no source names it)."""

    category: str | None
    predicate: str | None


def bands(instrument: str | None = None) -> pd.DataFrame:
    """Return the band table (``data/bands.csv``), optionally for one instrument.

    Returns
    -------
    DataFrame
        Columns: ``instrument``, ``era``, ``lower``, ``upper``, ``zone``,
        ``opinion``, ``grade``, ``category``, ``predicate``, ``basis``
        (stated / inferred), ``source_id``, ``notes``.
    """
    table = load("bands")
    if instrument is not None:
        table = table[table["instrument"] == instrument].reset_index(drop=True)
    return table


def zone_spans(era: str) -> list[tuple[float, float, str]]:
    """Return the (lower, upper, zone) spans of an Ombudsman era, merging its grades.

    Examples
    --------
    >>> from analysis.scales import zone_spans
    >>> zone_spans("ombudsman-2022")
    [(0.0, 54.0, 'merah'), (54.0, 78.0, 'kuning'), (78.0, 100.0, 'hijau')]
    """
    table = bands("ombudsman")
    table = table[table["era"] == era].sort_values("lower")
    spans: list[tuple[float, float, str]] = []
    for r in table.itertuples():
        if spans and spans[-1][2] == r.zone:
            spans[-1] = (spans[-1][0], float(r.upper), str(r.zone))
        else:
            spans.append((float(r.lower), float(r.upper), str(r.zone)))
    return spans


def category_floors() -> list[tuple[float, str]]:
    """Return the (lowest index, category) pairs of the PEKPPP ladder, best first.

    Examples
    --------
    >>> from analysis.scales import category_floors
    >>> category_floors()[:2]
    [(4.51, 'A'), (4.01, 'A-')]
    """
    table = bands("pekppp").sort_values("lower", ascending=False)
    return [(float(r.lower), str(r.category)) for r in table.itertuples()]


def eras() -> pd.DataFrame:
    """Return the method eras (``data/eras.csv``).

    Returns
    -------
    DataFrame
        Columns: ``instrument``, ``era``, ``first_year``, ``last_year``,
        ``name``, ``method``, ``source_id``, ``census`` (True where the era's
        assessment covered (nearly) all entities).
    """
    return load("eras")



def _as_array(values, name):
    scalar = np.ndim(values) == 0
    if isinstance(values, pd.Series | pd.Index):
        values = values.to_numpy(dtype=float, na_value=np.nan) if values.dtype.kind in "iufb" \
            or isinstance(values.dtype, pd.Float64Dtype | pd.Int64Dtype) else values.to_numpy()
    direct = np.asarray(values)
    if direct.dtype.kind in "iufb":  # already numeric: no per-element parsing
        return scalar, np.atleast_1d(direct).astype("float64", copy=False)
    arr = pd.to_numeric(pd.Series(np.atleast_1d(values), dtype="object"), errors="coerce")
    bad = arr.isna().to_numpy() & pd.notna(pd.Series(np.atleast_1d(values),
                                                     dtype="object")).to_numpy()
    if bad.any():
        i = int(bad.nonzero()[0][0])
        raise DataError.at(column=name, value=np.atleast_1d(values)[i],
                           message="is not a number")
    return scalar, arr.to_numpy(dtype="float64")


def method_era(instrument: str, year):
    """Return the method era a score of ``instrument`` in ``year`` belongs to.

    Parameters
    ----------
    instrument : {"ombudsman", "pekppp"}
        The evaluation.
    year : int or array-like of int
        Assessment (or evaluation) year(s).

    Returns
    -------
    str or ndarray of str
        The era identifier (see :func:`eras`), e.g. ``"ombudsman-2022"``.

    Raises
    ------
    analysis.DataError
        For an unknown instrument, or a year no era covers (for the
        Ombudsman: 2020, when there was no national assessment).

    Examples
    --------
    >>> from analysis.scales import method_era
    >>> method_era("ombudsman", 2021), method_era("ombudsman", 2023)
    ('ombudsman-2021', 'ombudsman-2022')
    """
    scalar, years = _as_array(year, "year")
    names, masks = _era_masks(instrument, years)
    out = np.full(len(years), None, dtype=object)
    for era, mask in zip(names, masks, strict=True):
        if mask is not None:
            out[mask] = era
    return out[0] if scalar else out


def _era_masks(instrument: str, years: np.ndarray) -> tuple[list, list]:
    """Return the instrument's era names and, per era, the mask of its years (or None).

    Raises
    ------
    analysis.DataError
        For an unknown instrument, or a year no era covers.
    """
    table = _cached(("eras", instrument), ("eras.csv",), lambda: [
        (r.era, r.first_year, r.last_year)
        for r in eras()[lambda t: t["instrument"] == instrument].itertuples()])
    if not table:
        raise DataError.plain(f"unknown instrument {instrument!r}",
                              "use 'ombudsman' or 'pekppp'")
    masks, covered = [], np.zeros(len(years), dtype=bool)
    for _, first, last in table:
        mask = (years >= first) & (years <= last)
        present = mask.any()
        masks.append(mask if present else None)
        if present:
            covered |= mask
    missing = ~covered
    if missing.any():
        missing &= ~np.isnan(years)
    if missing.any():
        gaps = sorted({int(y) for y in years[missing]})
        raise DataError.at(column="year", value=gaps[0] if len(gaps) == 1 else gaps,
                           message=f"no {instrument} method era covers this year",
                           hint="eras: " + ", ".join(
                               f"{era} ({first}-{last})" for era, first, last in table))
    return [era for era, _, _ in table], masks


_CACHE: dict = {}


def _cached(key: tuple, files: tuple, build):
    """``build()``, kept until one of the ``data/`` files it reads changes.

    For the small lookups every call would otherwise rebuild from the tables.
    """
    from analysis import paths
    from analysis.loading import file_stamp

    stamp = (key, *(file_stamp(paths.data_dir() / f) for f in files))
    if stamp not in _CACHE:
        for old in [k for k in _CACHE if k[0] == key]:
            del _CACHE[old]
        _CACHE[stamp] = build()
    return _CACHE[stamp]


def _build_ombudsman_lookup() -> tuple[dict, dict]:
    order = bands("ombudsman").sort_values(["era", "lower"]).reset_index(drop=True)
    labels = {lab: _codes_of(order[lab], cats) for lab, cats in
              (("zone", ZONES), ("opinion", None), ("grade", GRADES))}
    per_era = {}
    for era, sub in order.groupby("era", sort=False):
        rows = sub.index.to_numpy()
        per_era[era] = (sub["lower"].to_numpy(dtype=float),
                        {lab: lookup[rows] for lab, (_, lookup) in labels.items()})
    return per_era, {lab: cats for lab, (cats, _) in labels.items()}


def _ombudsman_codes(score, year, labels=("zone", "opinion", "grade")
                     ) -> tuple[bool, dict, dict]:
    """Do the work of :func:`ombudsman_band`, as label codes (-1: no band) and categories.

    Returns whether both inputs were scalars, ``{label: int8 codes}`` and
    ``{label: categories}`` for the ``labels`` asked for (zone, opinion, grade).
    """
    scalar = np.ndim(score) == 0 and np.ndim(year) == 0
    _, s = _as_array(score, "score")
    _, y = _as_array(year, "year")
    one_year = y.size == 1 and s.size > 1     # one year for all scores: its era decided once
    if one_year:
        era_names, masks = _era_masks("ombudsman", y)
    s, y = np.broadcast_arrays(s, y)
    if s.size and not (np.nanmin(s, initial=0) >= 0 and np.nanmax(s, initial=0) <= 100):
        i = int(((s < 0) | (s > 100)).nonzero()[0][0])
        raise DataError.at(column="score", value=float(s[i]), message="is outside 0-100",
                           hint="Ombudsman compliance scores run from 0 to 100; some 2017-2019 "
                                "surveys printed a 0-110 scale whose bands no source confirms")
    if one_year:
        masks = [None if m is None else np.broadcast_to(m, s.shape) for m in masks]
    else:
        era_names, masks = _era_masks("ombudsman", y)
    per_era, categories = _cached(("ombudsman bands",), ("bands.csv",),
                                  _build_ombudsman_lookup)
    categories = {lab: categories[lab] for lab in labels}
    codes = {lab: np.full(len(s), -1, dtype=np.int8) for lab in labels}   # -1: no band
    missing_score = np.isnan(s)
    any_missing = missing_score.any()
    for e, in_era in zip(era_names, masks, strict=True):
        if in_era is None:
            continue
        if e not in per_era:
            years = sorted({int(v) for v in y[in_era]})
            raise DataError.at(column="year", value=years[0] if len(years) == 1 else years,
                               message=f"the score bands of era {e!r} are not known",
                               hint="no published rule gives score bands for this era; "
                                    "record the printed opinion instead")
        if any_missing:
            in_era = in_era & ~missing_score           # a missing score gets no band
        lower, lookups = per_era[e]
        idx = np.searchsorted(lower, s[in_era], side="right") - 1
        for lab in labels:
            codes[lab][in_era] = lookups[lab][idx]
    return scalar, codes, categories


def ombudsman_band(score, year):
    """Zone, opinion and grade of Ombudsman compliance scores under their year's bands.

    Parameters
    ----------
    score : float or array-like
        Compliance score(s), 0-100.
    year : int or array-like
        Assessment year(s), broadcast against ``score``.

    Returns
    -------
    OmbudsmanBand or DataFrame
        For a number: an :class:`OmbudsmanBand` with ``.zone`` ("hijau",
        "kuning", "merah"), ``.opinion`` ("Kualitas Tertinggi" ... from 2022;
        "Kepatuhan Tinggi" ... before) and ``.grade`` ("A"-"E" from 2022, None
        before). For array-likes: a DataFrame with columns ``zone``,
        ``opinion``, ``grade``, row for row (missing where the score is); zone
        and grade are ordered categoricals (merah < kuning < hijau; E < ... < A).

    Raises
    ------
    analysis.DataError
        For a score outside 0-100, or a year whose bands are unknown (2020:
        no assessment; 2025: the opinion method publishes no score bands).

    Examples
    --------
    >>> from analysis.scales import ombudsman_band
    >>> ombudsman_band(95.25, 2024)
    OmbudsmanBand(zone='hijau', opinion='Kualitas Tertinggi', grade='A')
    >>> ombudsman_band(82.15, 2021).zone
    'hijau'
    >>> ombudsman_band([80.99, 81.0], 2021).zone.tolist()
    ['kuning', 'hijau']
    """
    scalar, codes, categories = _ombudsman_codes(score, year)
    if scalar:
        return OmbudsmanBand(*(None if codes[lab][0] < 0 else cats[codes[lab][0]]
                               for lab, cats in categories.items()))
    return pd.DataFrame({lab: pd.Categorical.from_codes(codes[lab], categories=cats,
                                                        ordered=lab != "opinion")
                         for lab, cats in categories.items()}, copy=False)


def _codes_of(column: pd.Series, categories) -> tuple[list, np.ndarray]:
    """Categories of a band-table column and each row's code in them (-1: none)."""
    values = column.astype(object).where(column.notna(), None).tolist()
    cats = list(categories) if categories is not None else sorted(
        {v for v in values if v is not None})
    return cats, np.array([cats.index(v) if v is not None else -1 for v in values],
                          dtype=np.int8)


def pekppp_band(ipp):
    """Category and predicate of PEKPPP Indeks Pelayanan Publik values.

    Parameters
    ----------
    ipp : float or array-like
        Index value(s), 0-5.

    Returns
    -------
    PekpppBand or DataFrame
        For a number: a :class:`PekpppBand` with ``.category`` ("A", "A-",
        "B", ...) and ``.predicate`` ("Pelayanan Prima", "Sangat Baik", "Baik",
        "Cukup"; None where no source names it). For array-likes: a DataFrame
        with columns ``category`` (ordered categorical, F < ... < A) and
        ``predicate``.

    Raises
    ------
    analysis.DataError
        For a value outside 0-5, or below 2.01, where no source found states
        or implies the band.

    Examples
    --------
    >>> from analysis.scales import pekppp_band
    >>> pekppp_band(4.56)
    PekpppBand(category='A', predicate='Pelayanan Prima')
    >>> pekppp_band(2.97).category
    'C'
    """
    scalar, v = _as_array(ipp, "ipp")
    v = np.round(v, 2)  # the rules are printed on a two-decimal grid ("4,51-5,00")
    upper, floor, lookups, categories = _cached(("pekppp bands",), ("bands.csv",),
                                                _build_pekppp_lookup)
    low, high = (np.nanmin(v, initial=5), np.nanmax(v, initial=0)) if v.size else (5, 0)
    if low < 0 or high > 5:
        i = int(((v < 0) | (v > 5)).nonzero()[0][0])
        raise DataError.at(column="ipp", value=float(v[i]), message="is outside 0-5",
                           hint="the Indeks Pelayanan Publik runs from 0 to 5")
    if low < floor:
        i = int((v < floor).nonzero()[0][0])
        raise DataError.at(column="ipp", value=float(v[i]),
                           message=f"no published rule gives the band below {floor:.2f}",
                           hint="only the bands from C- up are supported by sources; "
                                "record the category the source printed")
    # upper-inclusive bands: a value belongs to the first band whose upper bound it reaches;
    # a missing value sorts after every bound, onto the trailing "no band" code
    pos = np.searchsorted(upper, v, side="left")
    if high > upper[-1]:
        pos[v > upper[-1]] = len(upper) - 1
    codes = {lab: lookup[pos] for lab, lookup in lookups.items()}
    if scalar:
        return PekpppBand(*(None if codes[lab][0] < 0 else cats[codes[lab][0]]
                            for lab, cats in categories.items()))
    return pd.DataFrame({lab: pd.Categorical.from_codes(codes[lab], categories=cats,
                                                        ordered=lab == "category")
                         for lab, cats in categories.items()}, copy=False)


def _build_pekppp_lookup():
    ordered = bands("pekppp").sort_values("upper").reset_index(drop=True)
    labels = {lab: _codes_of(ordered[lab], cats)
              for lab, cats in (("category", CATEGORIES), ("predicate", None))}
    return (ordered["upper"].to_numpy(dtype=float), float(ordered["lower"].min()),
            {lab: np.append(lookup, np.int8(-1)) for lab, (_, lookup) in labels.items()},
            {lab: cats for lab, (cats, _) in labels.items()})
