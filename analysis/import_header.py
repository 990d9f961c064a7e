"""Finding and reading the header of a user's score table.

Which row is the header (:func:`_locate_header`, saying where it seems to be
when it is not the first non-blank row), and which field each of its columns
holds (:func:`_map_columns`, through ``data/header_aliases.csv``). Used by
:func:`analysis.importing.read_scores`.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.errors import DataError, Problem
from analysis.loading import load
from analysis.rawtable import xlsx_sheet_rows
from analysis.texts import message as _msg

__all__: list[str] = []

_REQUIRED = {
    "ombudsman": ["entity", "year", "score"],
    "ombudsman_units": ["entity", "unit", "year", "score"],
    "pekppp": ["entity", "year", "assessor", "ipp"],
    "pekppp_units": ["entity", "unit", "year", "assessor", "ipp"],
}
_HEADER_SCAN = 30


def _norm_header(text: str) -> str:
    return re.sub(r"\s+", " ", str(text).replace("\ufeff", "")).strip().lower()


def _header_map(kind: str) -> dict[str, str]:
    aliases = load("header_aliases")
    family = "ombudsman" if kind.startswith("ombudsman") else "pekppp"
    rows = aliases[aliases["kind"].isin(["all", family])]
    return {_norm_header(a): ("" if pd.isna(c) else str(c))
            for a, c in zip(rows["alias"], rows["column"], strict=True)}


def _target(cell: str, headers: dict, fields: list[str]) -> str | None:
    key = _norm_header(cell)
    target = headers.get(key, key if key in fields else None)
    return target if target in fields or target == "" else None


def _recognised(cells, headers, fields) -> set[str]:
    return {t for t in (_target(c, headers, fields) for c in cells if str(c).strip()) if t}



def _locate_header(raw, kind, headers, fields, header_row, sheet) -> int:
    """Return the index in raw.rows of the header; say where it seems to be if not row 1."""
    name = raw.file
    if header_row is not None:
        for i, (number, cells) in enumerate(raw.rows):
            if number == header_row and any(str(c).strip() for c in cells):
                return i
        raise DataError.at(name, row=header_row, message=_msg("imp.no_header_row"),
                           hint=_msg("imp.no_header_row_hint"))
    first = next(i for i, (_, cells) in enumerate(raw.rows) if any(str(c).strip() for c in cells))
    required = set(_REQUIRED[kind])
    if required <= _recognised(raw.rows[first][1], headers, fields):
        return first
    for i in range(first + 1, min(len(raw.rows), first + _HEADER_SCAN)):
        number, cells = raw.rows[i]
        if required <= _recognised(cells, headers, fields):
            above = raw.rows[first]
            shown = [c for c in cells if str(c).strip()]
            raise DataError.at(
                name, row=number, value=", ".join(shown)[:200],
                message=_msg("imp.header_below", number=number, n=number - above[0],
                             first=above[0], above=", ".join(
                                 str(c) for c in above[1] if str(c).strip())[:80]),
                hint=_msg("imp.header_below_hint", number=number))
    book = getattr(raw, "book", None)
    if book is not None and sheet is None:
        for title in raw.other_sheets:
            for number, cells, _ in xlsx_sheet_rows(book, title, limit=_HEADER_SCAN):
                if required <= _recognised(cells, headers, fields):
                    raise DataError.at(
                        name, row=raw.rows[first][0], value=raw.sheet,
                        message=_msg("imp.other_sheet", sheet=raw.sheet, title=title,
                                     columns=", ".join(_REQUIRED[kind]), number=number),
                        hint=_msg("imp.other_sheet_hint", title=title))
    return first


def _map_columns(header, headers, fields, kind, name, row, problems) -> dict[str, int]:
    """Return field -> column index; record unknown, doubled and missing columns."""
    columns: dict[str, int] = {}
    for j, cell in enumerate(header):
        if not cell:
            continue  # a column without a header: checked for values row by row
        target = _target(cell, headers, fields)
        if target is None:
            problems.append(Problem(name, row, cell, None, _msg("imp.unknown_column"),
                                    _msg("imp.accepted", names=_accepted(headers, fields))))
        elif target == "":
            continue  # a row-number column
        elif target in columns:
            problems.append(Problem(name, row, cell, None,
                                    _msg("imp.second_column", target=target,
                                         first=header[columns[target]]),
                                    _msg("imp.second_column_hint")))
        else:
            columns[target] = j
    for req in _REQUIRED[kind]:
        if req not in columns:
            problems.append(Problem(name, row, req, None, _msg("imp.missing_column"),
                                    _msg("imp.accepted_for", names=", ".join(
                                        sorted({a for a, c in headers.items() if c == req})))))
    return columns


def _accepted(headers: dict, fields: list[str]) -> str:
    names = sorted({a for a, c in headers.items() if c in fields} | set(fields))
    return ", ".join(names)



def _split_header(raw, kind, headers, fields, header_row, sheet):
    """Return the header's spreadsheet row, its cells (stripped) and the data rows below it."""
    start = _locate_header(raw, kind, headers, fields, header_row, sheet)
    number, header = raw.rows[start]
    header = [str(c).strip() for c in header]
    body = raw.rows[start + 1:]
    if not body:
        raise DataError.at(raw.file, row=number, message=_msg("imp.no_data_rows"),
                           hint=_msg("raw.need_rows"))
    return number, header, body


def _columns(header, headers, fields, kind, name, row) -> dict[str, int]:
    """Return field -> column index, or raise listing every unknown, doubled or missing column."""
    problems: list[Problem] = []
    columns = _map_columns(header, headers, fields, kind, name, row, problems)
    if problems:
        raise DataError(problems)
    return columns
