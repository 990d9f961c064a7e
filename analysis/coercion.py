"""Type and check a frame of text cells against a table schema (Frictionless field types).

One column at a time, in a few vectorized steps over NumPy arrays of stripped
text: blank required cells, types (integer, number, date, string),
bounds, pattern, enumeration and uniqueness, then duplicate primary keys.
Every bad cell is reported once, with file, spreadsheet row, column, value and
what is accepted. :func:`analysis.loading.coerce_to_schema` looks the schema up
by table name and calls :func:`coerce_frame`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import repeat

import numpy as np
import pandas as pd

from analysis.errors import DataError, Problem
from analysis.texts import active_lang
from analysis.texts import message as _msg

__all__ = ["coerce_frame"]


@lru_cache(maxsize=256)
def _enum_codes(enum: tuple[str, ...]) -> dict[str, int]:
    """Return the code of each accepted value of an enumeration (built once)."""
    return {v: i for i, v in enumerate(enum)}


@lru_cache(maxsize=256)
def _categorical(enum: tuple[str, ...], ordered: bool) -> pd.CategoricalDtype:
    return pd.CategoricalDtype(enum, ordered=ordered)


def _dtype(field: dict):
    c = field.get("constraints", {})
    if field["type"] == "string" and "enum" in c:
        return _categorical(tuple(c["enum"]), bool(field.get("ordered")))
    return {
        "string": pd.StringDtype(),
        "integer": pd.Int64Dtype(),
        "number": "float64",
        "date": "datetime64[ns]",
        "boolean": pd.BooleanDtype(),
    }[field["type"]]


def _stripped(raw: pd.DataFrame) -> np.ndarray:
    """Return a frame's cells as a 2-D object array of stripped text ("" for a missing cell)."""
    cells = raw.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(cells.ravel(), skipna=False) not in ("string", "empty"):
        cells = raw.astype("string").fillna("").to_numpy(dtype=object)
    return _STRIP(cells) if cells.size else cells


_STRIP = np.frompyfunc(str.strip, 1, 1)


def _unit_hint(field: dict) -> str:
    c = field.get("constraints", {})
    parts = []
    if "enum" in c:
        parts.append(_msg("coerce.one_of", values=", ".join(c["enum"])))
    if "minimum" in c or "maximum" in c:
        parts.append(_msg("coerce.range", lo=c.get("minimum", "-inf"), hi=c.get("maximum", "inf")))
    if field.get("unit") and active_lang() == "en":   # the descriptor's units are English text
        parts.append(_msg("coerce.unit", unit=field["unit"]))
    return _msg("coerce.expected", parts="; ".join(parts)) if parts else ""


def coerce_frame(raw: pd.DataFrame, sch: dict, file: str, row_offset: int = 2,
                 curated: bool = True) -> pd.DataFrame:
    """Return ``raw`` typed by the schema ``sch``; see :func:`analysis.loading.coerce_to_schema`.

    ``curated=False`` (a user's file): a number that cannot be read is not told to use a
    decimal dot, which only the curated tables require.

    Raises
    ------
    DataError
        Listing every bad cell and every duplicated primary key.
    """
    fields = sch["fields"]
    names = [f["name"] for f in fields]
    _check_header(raw, fields, names, file)
    # Cells are handled as NumPy object arrays of stripped text: the checks and the typing
    # are a few vectorized steps per column, not a chain of pandas string operations.
    n_rows = len(raw)
    rows = np.arange(n_rows) + row_offset
    cells_of = _stripped(raw)
    blank_of = cells_of == ""
    where = {name: j for j, name in enumerate(raw.columns)}
    empty = np.full(n_rows, "", dtype=object)
    problems: list[Problem] = []
    out, texts = {}, {}
    for f in fields:
        name = f["name"]
        j = where.get(name)
        text = empty if j is None else cells_of[:, j]
        blank = (text == "") if j is None else blank_of[:, j]
        texts[name] = text
        bad = _reporter(problems, file, rows, name, text, _unit_hint(f))
        out[name] = _coerce_column(f, text, blank, bad, curated)
    frame = pd.DataFrame(out, index=pd.RangeIndex(n_rows), copy=False)
    problems += _duplicate_keys(sch, texts, rows, file, n_rows)
    if problems:
        order = {n: i for i, n in enumerate(names)}
        problems.sort(key=lambda p: (p.row or 0, order.get(p.column, -1)))
        raise DataError(problems)
    return frame


def _check_header(raw: pd.DataFrame, fields: list[dict], names: list[str], file: str) -> None:
    """Refuse unknown columns and missing required ones (the header row, row 1)."""
    problems: list[Problem] = []
    extra = [c for c in raw.columns if c not in names]
    if extra:
        problems.append(Problem(file, 1, extra[0], None,
                                _msg("coerce.unknown_columns", columns=extra),
                                _msg("coerce.accepted", names=", ".join(names))))
    for f in fields:
        if f["name"] not in raw.columns and f.get("constraints", {}).get("required"):
            problems.append(Problem(file, 1, f["name"], None, _msg("imp.missing_column"),
                                    _msg("coerce.accepted", names=", ".join(names))))
    if problems:
        raise DataError(problems)


def _reporter(problems: list[Problem], file: str, rows: np.ndarray, name: str,
              text: np.ndarray, hint: str):
    """Return bad(mask, message): record a problem for each row of one column where mask holds."""
    def bad(mask, message, _hint=hint):
        for i in np.flatnonzero(mask):
            problems.append(Problem(file, int(rows[i]), name, text[i], message, _hint))
    return bad


def _coerce_column(field: dict, text: np.ndarray, blank: np.ndarray, bad, curated=True):
    """Return one column typed as its field says, reporting each bad cell through ``bad``."""
    c = field.get("constraints", {})
    if c.get("required"):
        bad(blank, _msg("coerce.blank"))
    if field["type"] == "boolean":
        values, num = _truth(field, text, blank, bad), None
    else:
        values, num = _typed(field["type"], np.where(blank, None, text), blank, bad, curated)
    codes = _check_constraints(c, text, blank, num, bad)
    if field["type"] == "string":
        if codes is not None:
            # codes come from the dtype's own categories: nothing to validate again
            values = pd.Categorical.from_codes(codes, dtype=_dtype(field), validate=False)
        else:   # StringArray of the cells with NA for blanks; the cells are known to be str
            values = pd.arrays.StringArray(np.where(blank, pd.NA, text))
    return values


def _truth(field: dict, text: np.ndarray, blank: np.ndarray, bad):
    """Return a boolean column from the field's trueValues and falseValues (blank: NA)."""
    truth = {**dict.fromkeys(field.get("trueValues", ["true"]), True),
             **dict.fromkeys(field.get("falseValues", ["false"]), False)}
    bad(~blank & ~np.isin(text, list(truth)),
        _msg("coerce.not_bool", values=_msg("word.or").join(truth)))
    return pd.array([truth.get(v) for v in text], dtype="boolean")


def _typed(kind: str, cells: np.ndarray, blank: np.ndarray, bad, curated=True):
    """Return (values, numbers or None) of one column of a field of type ``kind``."""
    num = None
    if kind == "integer":
        num = pd.to_numeric(cells, errors="coerce").astype("float64")
        wrong = ~blank & (np.isnan(num) | (num % 1 != 0))
        bad(wrong, _msg("num.not_whole"))
        huge = ~blank & ~wrong & (np.abs(num) >= 2.0**53)
        bad(huge, _msg("coerce.too_large"))
        wrong |= huge
        num[wrong] = np.nan
        missing = np.isnan(num)
        values = pd.arrays.IntegerArray(np.where(missing, 0, num).astype(np.int64), missing)
    elif kind == "number":
        num = pd.to_numeric(cells, errors="coerce").astype("float64")
        wrong = ~blank & np.isnan(num)
        bad(wrong, _msg("coerce.not_number_curated" if curated else "num.not_number"))
        values = num
    elif kind == "date":
        values = pd.to_datetime(cells, format="%Y-%m-%d", errors="coerce")
        wrong = ~blank & np.asarray(values.isna(), dtype=bool)
        bad(wrong, _msg("coerce.not_date"), _hint=_msg("coerce.date_hint"))
        values = values.astype("datetime64[ns]")
    else:
        values = cells
    return values, num


def _check_constraints(c: dict, text: np.ndarray, blank: np.ndarray, num, bad):
    """Report cells outside the field's bounds, pattern, enumeration or uniqueness.

    Returns the enumeration codes of the cells (-1 for a value not accepted),
    or None for a field without an enumeration.
    """
    n_rows = len(text)
    if num is not None:
        if "minimum" in c:
            bad(num < c["minimum"], _msg("coerce.below", minimum=c["minimum"]))
        if "maximum" in c:
            bad(num > c["maximum"], _msg("coerce.above", maximum=c["maximum"]))
    if "pattern" in c:   # each distinct value matched once
        rx = re.compile(c["pattern"])
        wrong = {v for v in set(text) if v and rx.fullmatch(v) is None}
        if wrong:
            bad(np.fromiter((v in wrong for v in text), bool, n_rows),
                _msg("coerce.pattern", pattern=c["pattern"]))
    codes = None
    if "enum" in c:   # one dict lookup per cell in C (map), -1 for a value not accepted
        codes = np.fromiter(map(_enum_codes(tuple(c["enum"])).get, text, repeat(-1)),
                            np.int64, n_rows)
        bad(~blank & (codes < 0), _msg("coerce.not_accepted"))
    if c.get("unique") and len(set(text[~blank])) < np.count_nonzero(~blank):   # one set
        dup = pd.Series(text).duplicated(keep=False).to_numpy(dtype=bool) & ~blank
        bad(dup, _msg("coerce.not_unique"))
    return codes


def _duplicate_keys(sch: dict, texts: dict, rows: np.ndarray, file: str,
                    n_rows: int) -> list[Problem]:
    """Return a problem for each row that repeats the primary key of an earlier row."""
    problems: list[Problem] = []
    pk = sch.get("primaryKey") or []
    if isinstance(pk, str):
        pk = [pk]
    if pk and n_rows and len(set(zip(*(texts[k] for k in pk), strict=True))) < n_rows:
        keys = pd.DataFrame({k: texts[k] for k in pk})
        dup = keys.duplicated(keep=False)
        if dup.any():
            for _, grp in keys[dup].groupby(pk, sort=False):
                first, *others = [int(rows[i]) for i in grp.index]
                value = tuple(grp.iloc[0])
                for other in others:
                    problems.append(Problem(
                        file, other, "+".join(pk), value,
                        _msg("coerce.duplicate", key="/".join(pk), first=first),
                        _msg("coerce.duplicate_hint"),
                    ))
    return problems
