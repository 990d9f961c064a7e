"""Official scales and method eras: what a score means in its year.

A score means nothing without its scale. The bands live in one code table,
``data/bands.csv`` (one row per band, with the rule it comes from and whether
its bounds were *stated* by a source or *inferred* from printed labels), and
the method eras in ``data/eras.csv``. This module reads both; it never guesses
a band a source does not support.

Ombudsman RI compliance assessment (bands are lower-inclusive: a score equal
to a lower bound belongs to that band)

========== ===================================================== ===========
years      bands                                                  rule
========== ===================================================== ===========
2015-2019  merah 0-50.99, kuning 51-80.99, hijau 81-100;          press
           predikat kepatuhan rendah / sedang / tinggi            releases
2021       merah 0-50.99, kuning 51.00-80.99, hijau 81.00-100     langgam.id
2022-2024  E Kualitas Terendah 0-31.99, D Kualitas Rendah          Ombudsman
           32.00-53.99 (merah); C Kualitas Sedang 54.00-77.99     regional
           (kuning); B Kualitas Tinggi 78.00-87.99, A Kualitas    offices
           Tertinggi 88.00-100 (hijau)
2025       Opini Ombudsman (Peraturan Ombudsman 61/2025): no      --
           score bands published; asking for them raises
========== ===================================================== ===========

KemenPAN-RB PEKPPP Indeks Pelayanan Publik (0-5; bands are upper-inclusive,
as the printed ranges "4,51-5,00", "4,01-4,50" read on a two-decimal grid)

Only category A "Pelayanan Prima" (4.51-5.00) is stated by a source found so
far; the half-point ladder below it (A- to C-) is inferred from values printed
with their labels, and is marked so in ``data/bands.csv``. Below 2.01 no band
is known and :func:`pekppp_band` raises. See ``data/README.md`` for the
citations of every band.

This module owns the instrument rules; other modules, tools and notebooks ask
it instead of typing a year, a zone or a type again: the eras and their breaks
(:func:`era_breaks`, :func:`era_break_positions`, :func:`assessment_years`,
:func:`census_years`), the bands (:func:`ombudsman_band`, :func:`pekppp_band`,
:func:`zone_grades`, :func:`zones_from_grade_counts`), the scale rule
(:func:`on_standard_scale`) and the code lists (:data:`ZONES`, :data:`GRADES`,
:data:`CATEGORIES`, :data:`ENTITY_TYPES`), all read from ``data/``. The band
lookups themselves live in :mod:`analysis.banding`.
"""

from __future__ import annotations

import pandas as pd

from analysis.banding import (
    CATEGORIES,
    ENTITY_TYPES,
    GRADES,
    ZONES,
    OmbudsmanBand,
    PekpppBand,
    bands,
    category_floors,
    eras,
    method_era,
    ombudsman_band,
    pekppp_band,
    zone_spans,
)
from analysis.errors import DataError
from analysis.loading import load

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
    "zone_grades",
    "zones_from_grade_counts",
    "category_floors",
    "percentile_rank",
    "zscore",
    "check_same_era",
    "score_change",
    "entity_types",
    "assessment_years",
    "era_breaks",
    "era_break_positions",
    "census_years",
    "on_standard_scale",
    "opinion_code",
]


def entity_types() -> list[str]:
    """Return the entity types in their documented order (from ``data/datapackage.json``).

    Examples
    --------
    >>> from analysis.scales import entity_types
    >>> entity_types()
    ['kementerian', 'lembaga', 'provinsi', 'kota', 'kabupaten']
    """
    return list(ENTITY_TYPES)


def assessment_years(instrument: str) -> list[int]:
    """Return every year an instrument was run, from its eras (``data/eras.csv``).

    Years between eras (2020 for the Ombudsman: no national assessment) are
    not listed.

    Examples
    --------
    >>> from analysis.scales import assessment_years
    >>> 2020 in assessment_years("ombudsman"), 2021 in assessment_years("ombudsman")
    (False, True)
    """
    table = _era_rows(instrument)
    years = set()
    for r in table.itertuples():
        years.update(range(int(r.first_year), int(r.last_year) + 1))
    return sorted(years)


def _era_rows(instrument: str) -> pd.DataFrame:
    """Return the instrument's eras (``data/eras.csv``), earliest first; raise if none."""
    table = eras()
    table = table[table["instrument"] == instrument].sort_values("first_year")
    if table.empty:
        raise DataError.plain(f"unknown instrument {instrument!r}",
                              "use one of " + ", ".join(map(repr, sorted(
                                  eras()["instrument"].astype(str).unique()))))
    return table


def era_breaks(instrument: str) -> list[int]:
    """Return the first year of each method era after the first (``data/eras.csv``).

    A trend line must not run across these years silently: raw scores on
    either side were given under different rules.

    Examples
    --------
    >>> from analysis.scales import era_breaks
    >>> era_breaks("ombudsman")
    [2021, 2022, 2025]
    >>> era_breaks("pekppp")
    []
    """
    return [int(y) for y in _era_rows(instrument)["first_year"].iloc[1:]]


def era_break_positions(instrument: str) -> list[float]:
    """Return where to draw a line between eras on a year axis.

    Each position is midway between the last year of an era and the first
    year of the next, so the line falls between the two years' points (2020.0
    between 2019 and 2021, where no assessment was held).

    Examples
    --------
    >>> from analysis.scales import era_break_positions
    >>> era_break_positions("ombudsman")
    [2020.0, 2021.5, 2024.5]
    """
    table = _era_rows(instrument)
    last = table["last_year"].to_numpy(dtype=float)[:-1]
    first = table["first_year"].to_numpy(dtype=float)[1:]
    return [float(x) for x in (last + first) / 2]


def gap_years(instrument: str) -> list[int]:
    """Return the years between two eras in which the instrument was not run.

    Examples
    --------
    >>> from analysis.scales import gap_years
    >>> gap_years("ombudsman")
    [2020]
    """
    table = _era_rows(instrument)
    return [y for last, first in zip(table["last_year"].iloc[:-1], table["first_year"].iloc[1:],
                                     strict=True)
            for y in range(int(last) + 1, int(first))]


def census_years(instrument: str = "ombudsman") -> list[int]:
    """Return the years of the eras whose assessment covered (nearly) all entities.

    Read from the ``census`` column of ``data/eras.csv``: for the Ombudsman
    the near-census years 2021-2024, not the rotating samples of 2015-2019 nor
    the 2025 opinion on 310 loci. In these years the population of a
    province is every local government in it.

    Examples
    --------
    >>> from analysis.scales import census_years
    >>> census_years()
    [2021, 2022, 2023, 2024]
    """
    table = _era_rows(instrument)
    table = table[table["census"].fillna(False).astype(bool)]
    return sorted({y for r in table.itertuples()
                   for y in range(int(r.first_year), int(r.last_year) + 1)})


def zone_grades(year: int) -> dict[str, tuple[str, ...]]:
    """Return the grades (opinions A-E) each zone groups in ``year``, from ``data/bands.csv``.

    Every zone is a key (lowest first, as :data:`ZONES`); its grades run lowest
    first. Read it either way: grade counts to zone counts
    (:func:`zones_from_grade_counts`), or the grades a printed zone allows.

    Raises
    ------
    analysis.DataError
        For a year whose era has no grades (before 2022; 2025, whose bands
        are not published) or that no era covers.

    Examples
    --------
    >>> from analysis.scales import zone_grades
    >>> zone_grades(2023)
    {'merah': ('E', 'D'), 'kuning': ('C',), 'hijau': ('B', 'A')}
    """
    era = method_era("ombudsman", int(year))
    table = bands("ombudsman")
    table = table[(table["era"] == era) & table["grade"].notna()].sort_values("lower")
    if table.empty:
        raise DataError.at(column="year", value=int(year),
                           message=f"era {era!r} has no grades (opinions A-E)",
                           hint="grades are known for the years "
                                + ", ".join(str(y) for y in _graded_years()))
    return {z: tuple(str(g) for g in table.loc[table["zone"] == z, "grade"]) for z in ZONES}


def _graded_years() -> list[int]:
    graded = set(bands("ombudsman").dropna(subset=["grade"])["era"])
    return [y for r in eras().itertuples() if r.era in graded
            for y in range(int(r.first_year), int(r.last_year) + 1)]


def zones_from_grade_counts(counts, year: int) -> dict[str, int]:
    """Group counts of grades (opinions A-E) into zone counts under ``year``'s bands.

    Parameters
    ----------
    counts : Mapping[str, int]
        Count per grade ("A"-"E"; lower case accepted, as in the ``n_a`` ...
        ``n_e`` columns of ``ombudsman_summary``). A grade left out counts 0.
    year : int
        Assessment year: its era's bands say which grades make each zone.

    Returns
    -------
    dict
        Count per zone, every zone of :data:`ZONES` (lowest first).

    Raises
    ------
    analysis.DataError
        For a key that is not a grade of that year, a missing or non-whole
        count, or a year without grades (see :func:`zone_grades`).

    Examples
    --------
    >>> from analysis.scales import zones_from_grade_counts
    >>> zones_from_grade_counts({"A": 1, "B": 2, "C": 3, "D": 4, "E": 5}, 2022)
    {'merah': 9, 'kuning': 3, 'hijau': 3}
    """
    grouping = zone_grades(year)
    known = {g for gs in grouping.values() for g in gs}
    given = {}
    for key, n in dict(counts).items():
        grade = str(key).upper()
        if grade not in known:
            raise DataError.at(column="grade", value=key, message=f"is not a grade of {year}",
                               hint="grades are " + ", ".join(sorted(known)))
        if pd.isna(n) or float(n) != int(n) or int(n) < 0:
            raise DataError.at(column=f"n_{grade.lower()}", value=n,
                               message="is not a count", hint="a whole number from 0 up")
        given[grade] = given.get(grade, 0) + int(n)
    return {z: sum(given.get(g, 0) for g in gs) for z, gs in grouping.items()}


def on_standard_scale(frame: pd.DataFrame, value: str = "score") -> pd.Series:
    """Return True where a row's score is on the 0-100 scale the official bands read.

    Some 2017-2019 surveys printed a 0-110 scale (hijau 89-110), whose bands
    no source confirms for the whole assessment: such scores are left out of
    anything that bands or pools scores. A row is on the standard scale when
    its score is present, at most the top of the bands (100, from
    ``data/bands.csv``) and, where the table has a ``scale_max`` column, that
    column is empty or equal to the same top. A 0-110 score below 100 is thus
    off the scale too: 74.45 of 110 is not 74.45 of 100.

    Returns
    -------
    Series
        Boolean, same index as ``frame``; False where the score is missing.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.scales import on_standard_scale
    >>> f = pd.DataFrame({"score": [100.0, 100.5, None, 74.45],
    ...                   "scale_max": [100, None, None, 110]})
    >>> on_standard_scale(f).tolist()
    [True, False, False, False]
    """
    top = float(bands("ombudsman")["upper"].max())
    score = pd.to_numeric(frame[value], errors="coerce")
    ok = score.notna() & (score <= top)
    if "scale_max" in frame.columns:
        scale = pd.to_numeric(frame["scale_max"], errors="coerce")
        ok &= scale.isna() | (scale == top)
    return ok.astype(bool)


def _group_keys(frame, by):
    missing = [c for c in by if c not in frame.columns]
    if missing:
        raise DataError.plain(f"columns {missing} are missing",
                              f"the frame needs the columns {list(by)}")
    return [frame[c] for c in by]


def percentile_rank(frame: pd.DataFrame, value: str = "score",
                    by=("year", "entity_type")) -> pd.Series:
    """Percentile rank (0-100] of each row's value within its year and entity type.

    Comparable across eras because it only orders entities assessed under the
    same rules; it describes position *within this data*, which is a selected
    sample (see :mod:`analysis` coverage notes), not within all assessed
    entities.

    Returns
    -------
    Series
        Same index as ``frame``; ties get their average rank; missing values stay missing.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.scales import percentile_rank
    >>> f = pd.DataFrame({"year": [2023] * 4, "entity_type": ["kota"] * 4,
    ...                   "score": [70.0, 80.0, 90.0, 100.0]})
    >>> percentile_rank(f).tolist()
    [25.0, 50.0, 75.0, 100.0]
    """
    return frame.groupby(_group_keys(frame, by), observed=True)[value].rank(pct=True) * 100


def zscore(frame: pd.DataFrame, value: str = "score", by=("year", "entity_type")) -> pd.Series:
    """Standardised value within year and entity type: (x - mean) / sd (sample sd).

    Returns
    -------
    Series
        Same index as ``frame``; missing where the group has fewer than two values.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.scales import zscore
    >>> f = pd.DataFrame({"year": [2023] * 3, "entity_type": ["kota"] * 3,
    ...                   "score": [60.0, 70.0, 80.0]})
    >>> zscore(f).tolist()
    [-1.0, 0.0, 1.0]
    """
    grouped = frame.groupby(_group_keys(frame, by), observed=True)[value]
    return (frame[value] - grouped.transform("mean")) / grouped.transform("std")


def check_same_era(frame: pd.DataFrame, instrument: str = "ombudsman", *,
                   allow_cross_era: bool = False, year: str = "year") -> None:
    """Refuse a comparison of raw values that spans method eras.

    Raises
    ------
    analysis.DataError
        When the years in ``frame`` fall in more than one era and
        ``allow_cross_era`` is False; the message names the eras and why they
        are not comparable.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.scales import check_same_era
    >>> check_same_era(pd.DataFrame({"year": [2022, 2024]}))  # one era: passes
    >>> check_same_era(pd.DataFrame({"year": [2021, 2024]}))
    Traceback (most recent call last):
    ...
    analysis.errors.DataError: the years [2021, 2024] span method eras ...
    """
    years = frame[year].dropna().astype(int).unique()
    found = sorted(set(method_era(instrument, years))) if len(years) else []
    if len(found) > 1 and not allow_cross_era:
        raise DataError.plain(
            f"the years {sorted(int(y) for y in years)} span method eras {found}: raw "
            f"{instrument} scores are not comparable across eras (the method and the bands "
            "changed; the same score can fall in different zones)",
            "compare percentile ranks within year (analysis.scales.percentile_rank), or pass "
            "allow_cross_era=True to accept the break knowingly",
        )


def score_change(frame: pd.DataFrame, start: int, end: int, *, value: str = "score",
                 instrument: str = "ombudsman", allow_cross_era: bool = False) -> pd.DataFrame:
    """Change of each entity's value from ``start`` to ``end``.

    Refuses when the two years are in different method eras, unless
    ``allow_cross_era=True``.

    Returns
    -------
    DataFrame
        One row per entity with a value in both years: ``entity``, ``start``
        (value in the start year), ``end``, ``change`` (end - start),
        ``era_start``, ``era_end``.

    Examples
    --------
    >>> import pandas as pd
    >>> from analysis.scales import score_change
    >>> f = pd.DataFrame({"entity": ["A", "A"], "year": [2022, 2024], "score": [80.0, 90.5]})
    >>> score_change(f, 2022, 2024)[["entity", "change"]].to_dict("records")
    [{'entity': 'A', 'change': 10.5}]
    """
    pair = frame[frame["year"].isin([start, end])]
    check_same_era(pd.DataFrame({"year": [start, end]}), instrument,
                   allow_cross_era=allow_cross_era)
    wide = pair.pivot_table(index="entity", columns="year", values=value, aggfunc="first")
    wide = wide.dropna(subset=[c for c in (start, end) if c in wide.columns])
    if start not in wide.columns or end not in wide.columns:
        wide = pd.DataFrame(columns=[start, end], dtype="float64")
    out = pd.DataFrame({
        "entity": wide.index.astype(str),
        "start": wide[start].to_numpy(dtype=float),
        "end": wide[end].to_numpy(dtype=float),
    })
    out["change"] = out["end"] - out["start"]
    out["era_start"] = method_era(instrument, start)
    out["era_end"] = method_era(instrument, end)
    return out.sort_values("entity").reset_index(drop=True)


def opinion_code(printed) -> str:
    """Return the coded opinion of a printed Ombudsman opinion (the printed text is kept).

    The first pattern of ``data/opinion_codes.csv`` that matches the lower-cased
    text gives the code: A-E for Kualitas Tertinggi ... Terendah (2022-2025),
    KT/KS/KR for the 2015-2021 predicates Kepatuhan Tinggi/Sedang/Rendah; a
    2025 opinion printed with "tanpa maladministrasi" gets "-TM" after its
    letter. Text that names no level, or two, gets "".

    Examples
    --------
    >>> from analysis.scales import opinion_code
    >>> opinion_code("Opini Kualitas Tertinggi Tanpa Maladministrasi")
    'A-TM'
    >>> opinion_code("kualitas tinggi"), opinion_code("Kepatuhan Tinggi")
    ('B', 'KT')
    """
    import re

    if not isinstance(printed, str) or not printed.strip():
        return ""
    text = " ".join(printed.lower().split())
    for r in load("opinion_codes").itertuples():
        if re.search(r.pattern, text):
            code = r.code if isinstance(r.code, str) else ""
            if code in ("A", "B", "C", "D", "E") and "tanpa maladministrasi" in text:
                code += "-TM"
            return code
    return ""
