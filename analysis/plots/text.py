"""Labels in English and Indonesian, from one table in two files and the glossary.

Every title, axis label, legend entry and footer sentence of the charts is a
row of ``analysis/plots/text.csv`` (columns ``key``, ``en``, ``id``), so a
translation is a change to one table, never to the drawing code. The words of
the explorer, of :func:`analysis.profile` and of the report's entity pages
(keys ``explorer.*``, ``profile.*``, ``column.*``, ``value.*``, ``site.*``)
are rows of its sibling ``text_pages.csv``, read by the same :func:`labels`.
The names the institutions give (zones, opinions, categories, assessors,
entity types: ``zone.hijau``, ``opinion.A``, ``category.A``,
``assessor.self``, ``entity_type.kota``) are not repeated there: they come
from the glossary, ``analysis/glossary.csv`` (:mod:`analysis.terms`), which
the README and the notebooks read too. A key appears once in the three.

Labels may hold :meth:`str.format` fields (``"{n} entities"``), filled by
:func:`label`, which writes numbers as the language does
(:func:`analysis.texts.number`: ``0.53`` in English, ``0,53`` in Indonesian).
The files are read by :func:`analysis.texts.read_text_table`, the package's
one reader of text tables.

Examples
--------
>>> from analysis.plots.text import label
>>> label("axis.year", "id")
'Tahun penilaian'
>>> label("n_of", "en", n=3, m=34)
'3 of 34'
>>> label("opinion.A", "id")      # a term of the glossary
'Kualitas Tertinggi'
>>> label("bland_altman_plot.bias", "id", bias=-1.59)
'rata-rata selisih -1,59'
>>> plain_number(93.16, "id")
'93,16'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from analysis.texts import LANGS, fill, number, read_text_table

__all__ = ["LANGS", "label", "labels", "number", "fill", "plain_number", "reader_frame",
           "value_text"]

_TABLE = Path(__file__).with_name("text.csv")
_TABLES = (_TABLE, _TABLE.with_name("text_pages.csv"))


@lru_cache(maxsize=1)
def labels() -> dict[str, dict[str, str]]:
    """Return the labels as ``{key: {"en": ..., "id": ...}}``: both files and the glossary.

    Raises
    ------
    ValueError
        When a key is repeated (in one file, across the two, or a glossary term
        written again here), a language is left empty, a row has more cells
        than the header, or the languages of a key hold different format
        fields (rows numbered as a spreadsheet numbers them, the header being
        row 1).
    """
    from analysis.terms import terms

    glossary = terms()
    table: dict[str, dict[str, str]] = {}
    where: dict[str, str] = {}
    for path in _TABLES:
        for key, texts in read_text_table(path).items():
            if key in glossary:
                raise ValueError(f"{path.name}: key {key!r} is a term of analysis/glossary.csv; "
                                 "delete the row here, the glossary is its one source")
            if key in table:
                raise ValueError(f"{path.name}: key {key!r} is repeated (first in "
                                 f"{where[key]}); each key must appear once")
            table[key], where[key] = texts, path.name
    return table | glossary


def _check(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use 'en' (English) or 'id' (Indonesian)")


def label(key: str, lang: str = "en", **fmt) -> str:
    """Return the label ``key`` in ``lang``, with its format fields filled from ``fmt``.

    Parameters
    ----------
    key : str
        A key of ``analysis/plots/text.csv`` or ``text_pages.csv`` (e.g.
        ``"axis.year"``) or of the glossary, ``analysis/glossary.csv`` (e.g.
        ``"zone.hijau"``).
    lang : {"en", "id"}
        English or Indonesian.
    **fmt
        Values of the label's format fields; numbers are written as ``lang``
        writes them.

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
    _check(lang)
    table = labels()
    if key not in table:
        raise KeyError(f"no label {key!r} in analysis/plots/text.csv, text_pages.csv or "
                       "analysis/glossary.csv; add a row to text.csv: key,en,id")
    return fill(table[key][lang], lang, **fmt)


def plain_number(value, lang: str = "en", digits: int = 2) -> str:
    """Return a number as a reader of ``lang`` writes it: at most ``digits`` decimals.

    Trailing zeros are dropped (96.0 -> '96'); Indonesian uses a decimal comma
    (93.16 -> '93,16'). A missing value gives ''.

    Raises
    ------
    ValueError
        For a language other than "en" or "id".
    """
    import pandas as pd

    _check(lang)
    if value is None or pd.isna(value):
        return ""
    text = number(float(value), lang, f".{digits}f")
    if digits:   # the decimal separator is the text's only "." or ","
        text = text.rstrip("0").rstrip(".,")
    return "0" if text in ("-0", "") else text


def value_text(column: str, value, lang: str = "en") -> object:
    """Return one cell of ``column`` in words: a code by its row ``value.<column>.<code>``.

    A decimal is written by :func:`plain_number`; anything else (a year, a
    printed label, a missing value) is returned as given.

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
        return plain_number(value, lang)
    return value


def reader_frame(frame, lang: str = "en"):
    """Return a table as a reader sees it in ``lang``: headers and coded values in words.

    Each column ``c`` with a row ``column.c`` in the label table is renamed to
    that label; a cell whose code has a row ``value.c.<code>`` (assessor,
    instrument, the Ombudsman's rank scopes) is replaced by it; decimals are
    written by :func:`plain_number` (decimal comma in Indonesian). Years, ranks
    and printed text stay as they are. For display only: the columns of the
    DataFrames the library returns never change.

    Returns
    -------
    DataFrame
        Same rows, object cells (missing values as ""), headers in ``lang``.
    """
    import pandas as pd

    _check(lang)
    table = labels()
    out = frame.astype(object).copy()
    for c in out.columns:
        out[c] = ["" if v is None or (not isinstance(v, str) and pd.isna(v))
                  else value_text(str(c), v, lang) for v in out[c]]
    out.columns = [table[f"column.{c}"][lang] if f"column.{c}" in table else c
                   for c in out.columns]
    return out
