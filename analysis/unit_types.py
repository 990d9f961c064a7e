"""Service unit types: what kind of service a printed unit name stands for.

Sources print a government's service units as they like: "Dinas
Kependudukan dan Pencatatan Sipil (Disdukcapil)", "Disdukcatpil", "Dinas
Dukcapil Kota Kupang". To compare units across governments, each printed name
is given a ``unit_type`` from one code table, ``data/unit_types.csv``: one
row per type, with its English and Indonesian label and a match rule (a
case-insensitive regular expression searched in the printed name). Rules are
tried in ascending ``priority``; the first that matches decides, and a name no
rule matches is ``other``. The printed name is never changed.

This module owns that rule: ``tools/merge_curation.py`` writes the
``unit_type`` column of ``ombudsman_units`` and ``pekppp_units`` through
:func:`with_unit_type`, and analyses read it from the tables.

Examples
--------
>>> from analysis.unit_types import unit_type
>>> unit_type("Dinas Kependudukan dan Catatan Sipil (Disdukcapil)")
'dukcapil'
>>> unit_type("UPTD Puskesmas Pondok Aren")
'puskesmas'
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.errors import DataError, Problem
from analysis.loading import load

__all__ = ["unit_types", "unit_type", "classify_units", "with_unit_type", "OTHER"]

#: The code of the last rule, the one for names no other rule matches.
OTHER = "other"
_FILE = "data/unit_types.csv"
_COMPILED: dict[tuple, list[tuple[str, re.Pattern | None]]] = {}


def unit_types() -> pd.DataFrame:
    """Return the code table of service unit types, in the order its rules are tried.

    Returns
    -------
    DataFrame
        Columns: ``priority`` (rules are tried in ascending order), ``code``,
        ``label_en``, ``label_id``, ``pattern`` (case-insensitive regular
        expression searched in the printed unit name; empty only for
        ``other``), ``description``.

    Examples
    --------
    >>> from analysis.unit_types import unit_types
    >>> unit_types()["code"].iloc[-1]
    'other'
    """
    return load("unit_types").sort_values("priority").reset_index(drop=True)


def _rules() -> list[tuple[str, re.Pattern | None]]:
    """Return (code, compiled pattern) in priority order; checks the table once per version."""
    table = load("unit_types")
    key = tuple(table.itertuples(index=False))
    if key in _COMPILED:
        return _COMPILED[key]
    problems = []
    rules = []
    ordered = table.sort_values("priority")
    for pos, (i, r) in enumerate(ordered.iterrows()):
        row = int(i) + 2  # spreadsheet row of the CSV
        pattern = r["pattern"]
        last = pos == len(ordered) - 1
        if pd.isna(pattern):
            if not last or r["code"] != OTHER:
                problems.append(Problem(_FILE, row, "pattern", None,
                                        "only the last rule (code 'other') may have no pattern",
                                        "give this type a pattern, or lower its priority"))
            rules.append((str(r["code"]), None))
            continue
        if last:
            problems.append(Problem(_FILE, row, "code", r["code"],
                                    "the last rule must be 'other' with an empty pattern",
                                    "add a row 'other' with the highest priority"))
        try:
            rules.append((str(r["code"]), re.compile(str(pattern), re.IGNORECASE)))
        except re.error as err:
            problems.append(Problem(_FILE, row, "pattern", pattern,
                                    f"is not a regular expression ({err})",
                                    "write a Python regular expression, "
                                    "e.g. 'dukcapil|catatan sipil'"))
    if problems:
        raise DataError(problems)
    _COMPILED.clear()
    _COMPILED[key] = rules
    return rules


def unit_type(name: str) -> str:
    """Return the unit type code of one printed service unit name.

    Parameters
    ----------
    name : str
        The unit name as a source printed it ("Disdukcapil", "RSUD Banten").

    Returns
    -------
    str
        A ``code`` of :func:`unit_types`; ``"other"`` when no rule matches.

    Raises
    ------
    analysis.DataError
        For a blank or non-text name, or a broken code table.

    Examples
    --------
    >>> from analysis.unit_types import unit_type
    >>> unit_type("Dispendukcapil"), unit_type("Dinas Pendidikan (Dispendik)")
    ('dukcapil', 'dinas_pendidikan')
    >>> unit_type("Badan Perpustakaan Arsip dan Dokumentasi")
    'other'
    """
    if not isinstance(name, str) or not name.strip():
        raise DataError.at(column="unit", value=name, message="is not a unit name",
                           hint="pass the unit name as printed, e.g. 'Dinas Sosial'")
    for code, pattern in _rules():
        if pattern is None or pattern.search(name):
            return code
    return OTHER  # pragma: no cover - the table's last rule always matches


def classify_units(names) -> pd.Series:
    """Return the unit type code of each printed name, row for row.

    Parameters
    ----------
    names : array-like of str
        Printed unit names (a column such as ``load("ombudsman_units")["unit"]``).

    Returns
    -------
    Series
        Codes of :func:`unit_types` (pandas ``string``), with the index of
        ``names`` when it is a Series.

    Examples
    --------
    >>> from analysis.unit_types import classify_units
    >>> classify_units(["RSUD Kota Malang", "Kantah Boalemo"]).tolist()
    ['rsud', 'kantor_pertanahan']
    """
    index = names.index if isinstance(names, pd.Series) else None
    codes = [unit_type(n) for n in (names.tolist() if isinstance(names, pd.Series) else names)]
    return pd.Series(codes, index=index, dtype="string", name="unit_type")


def with_unit_type(header: list[str], rows: list[dict]) -> tuple[list[str], list[dict]]:
    """Add the ``unit_type`` of each row to rows about to be written as CSV.

    The one place where the column is made: the merge tool calls it for every
    table it writes. A table without a ``unit`` column passes unchanged; in
    one with it, ``unit_type`` is (re)computed from the printed ``unit`` and
    placed right after it.

    Parameters
    ----------
    header : list of str
        The columns to write.
    rows : list of dict
        The rows (column -> text); they are not changed.

    Returns
    -------
    tuple
        ``(header, rows)``: new lists, with ``unit_type`` after ``unit``
        where the table has a ``unit`` column.

    Examples
    --------
    >>> from analysis.unit_types import with_unit_type
    >>> with_unit_type(["entity", "unit"], [{"entity": "Kota X", "unit": "Dinsos"}])
    (['entity', 'unit', 'unit_type'],
     [{'entity': 'Kota X', 'unit': 'Dinsos', 'unit_type': 'dinas_sosial'}])
    """
    if "unit" not in header:
        return list(header), list(rows)
    cols = [c for c in header if c != "unit_type"]
    cols.insert(cols.index("unit") + 1, "unit_type")
    return cols, [{**r, "unit_type": unit_type(r["unit"])} for r in rows]
