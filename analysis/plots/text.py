"""Labels in English and Indonesian, from one table in two files.

Every title, axis label, legend entry and footer sentence of the charts is a
row of ``analysis/plots/text.csv`` (columns ``key``, ``en``, ``id``), so a
translation is a change to one table, never to the drawing code. The words of
the explorer, of :func:`analysis.profile` and of the report's entity pages
(keys ``explorer.*``, ``profile.*``, ``column.*``, ``value.*``, ``site.*``)
are rows of its sibling ``text_pages.csv``, read by the same :func:`labels`:
a key may appear once in the two files together. Labels may hold
:meth:`str.format` fields (``"{n} entities"``), filled by :func:`label`;
numbers shown in a sentence are written by :func:`number` (decimal comma in
Indonesian).

Examples
--------
>>> from analysis.plots.text import label
>>> label("axis.year", "id")
'Tahun penilaian'
>>> label("n_of", "en", n=3, m=34)
'3 of 34'
>>> number(93.16, "id")
'93,16'
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

__all__ = ["LANGS", "label", "labels", "number", "reader_frame", "value_text"]

LANGS = ("en", "id")
_TABLE = Path(__file__).with_name("text.csv")
_TABLES = (_TABLE, _TABLE.with_name("text_pages.csv"))


@lru_cache(maxsize=1)
def labels() -> dict[str, dict[str, str]]:
    """Return the label table as ``{key: {"en": ..., "id": ...}}`` (read once).

    Both files of the table are read (``text.csv``, then ``text_pages.csv``).

    Raises
    ------
    ValueError
        When a key is repeated (in one file or across the two) or a language is
        left empty (row numbers as a spreadsheet counts them, the header being
        row 1).
    """
    table: dict[str, dict[str, str]] = {}
    where: dict[str, str] = {}
    for path in _TABLES:
        with path.open(encoding="utf-8", newline="") as f:
            for row_number, row in enumerate(csv.DictReader(f), start=2):
                key, here = row["key"], f"{path.name}, row {row_number}"
                if key in table:
                    raise ValueError(f"{here}: key {key!r} is repeated (first in "
                                     f"{where[key]}); each key must appear once")
                for lang in LANGS:
                    if not row.get(lang):
                        raise ValueError(f"{here}: key {key!r} has no {lang!r} text; "
                                         "fill the column")
                table[key] = {lang: row[lang] for lang in LANGS}
                where[key] = here
    return table


def label(key: str, lang: str = "en", **fmt) -> str:
    """Return the label ``key`` in ``lang``, with its format fields filled from ``fmt``.

    Parameters
    ----------
    key : str
        A key of ``analysis/plots/text.csv`` (e.g. ``"axis.year"``).
    lang : {"en", "id"}
        English or Indonesian.
    **fmt
        Values of the label's format fields.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        For a language other than "en" or "id".
    KeyError
        For a key that is not in the table.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use 'en' (English) or 'id' (Indonesian)")
    table = labels()
    if key not in table:
        raise KeyError(f"no label {key!r} in analysis/plots/text.csv or text_pages.csv; add a "
                       "row: key,en,id")
    return table[key][lang].format(**fmt)


def number(value, lang: str = "en", digits: int = 2) -> str:
    """Return a number as a reader of ``lang`` writes it: at most ``digits`` decimals.

    Trailing zeros are dropped (96.0 -> '96'); Indonesian uses a decimal comma
    (93.16 -> '93,16'). A missing value gives ''.

    Raises
    ------
    ValueError
        For a language other than "en" or "id".
    """
    import pandas as pd

    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use 'en' (English) or 'id' (Indonesian)")
    if value is None or pd.isna(value):
        return ""
    v = float(value)
    text = f"{v:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{v:.0f}"
    text = "0" if text in ("-0", "") else text
    return text.replace(".", ",") if lang == "id" else text


def value_text(column: str, value, lang: str = "en") -> object:
    """Return one cell of ``column`` in words: a code by its row ``value.<column>.<code>``.

    A decimal is written by :func:`number`; anything else (a year, a printed
    label, a missing value) is returned as given.

    Examples
    --------
    >>> value_text("assessor", "self", "id")
    'penilaian mandiri'
    """
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return value
    table = labels()
    key = f"value.{column}.{value}"
    if key in table:
        return table[key][lang]
    if column == "rank_scope" and str(value).startswith("national "):
        return label("value.rank_scope.national", lang) + str(value)[len("national"):]
    if isinstance(value, float):
        return number(value, lang)
    return value


def reader_frame(frame, lang: str = "en"):
    """Return a table as a reader sees it in ``lang``: headers and coded values in words.

    Each column ``c`` with a row ``column.c`` in the label table is renamed to
    that label; a cell whose code has a row ``value.c.<code>`` (assessor,
    instrument, the Ombudsman's rank scopes) is replaced by it; decimals are
    written by :func:`number` (decimal comma in Indonesian). Years, ranks and
    printed text stay as they are. For display only: the columns of the
    DataFrames the library returns never change.

    Returns
    -------
    DataFrame
        Same rows, object cells (missing values as ""), headers in ``lang``.
    """
    import pandas as pd

    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use 'en' (English) or 'id' (Indonesian)")
    table = labels()
    out = frame.astype(object).copy()
    for c in out.columns:
        out[c] = ["" if v is None or (not isinstance(v, str) and pd.isna(v))
                  else value_text(str(c), v, lang) for v in out[c]]
    out.columns = [table[f"column.{c}"][lang] if f"column.{c}" in table else c
                   for c in out.columns]
    return out
