"""Labels of the figures in English and Indonesian, from two tables.

Every title, axis label, legend entry and footer sentence of the charts is a
row of ``analysis/plots/text.csv`` (columns ``key``, ``en``, ``id``), so a
translation is a change to one table, never to the drawing code. The names
the institutions give (zones, opinions, categories, assessors, entity types:
``zone.hijau``, ``opinion.A``, ``category.A``, ``assessor.self``,
``entity_type.kota``) are not repeated there: they come from the glossary,
``analysis/glossary.csv`` (:mod:`analysis.terms`), which the README and the
notebooks read too. Labels may hold :meth:`str.format` fields
(``"{n} entities"``), filled by :func:`label`,
which writes numbers as the language does (:func:`number`: ``0.53`` in
English, ``0,53`` in Indonesian).

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
"""

from __future__ import annotations

import csv
import numbers
import string
from functools import lru_cache
from pathlib import Path

__all__ = ["LANGS", "label", "labels", "number", "fill"]

LANGS = ("en", "id")
_TABLE = Path(__file__).with_name("text.csv")


@lru_cache(maxsize=1)
def labels() -> dict[str, dict[str, str]]:
    """Return the labels as ``{key: {"en": ..., "id": ...}}``, text.csv and glossary (read once).

    Raises
    ------
    ValueError
        When a key is repeated (also when a text.csv key is a glossary term)
        or a language is left empty (row numbers as a spreadsheet counts them,
        the header being row 1).
    """
    from analysis.terms import terms

    table: dict[str, dict[str, str]] = {}
    glossary = terms()
    with _TABLE.open(encoding="utf-8", newline="") as f:
        for row_number, row in enumerate(csv.DictReader(f), start=2):
            key = row["key"]
            if None in row:   # csv puts cells beyond the header under None
                raise ValueError(f"{_TABLE.name}, row {row_number}: key {key!r} has more cells "
                                 "than the header; quote a text that holds a comma")
            if key in table:
                raise ValueError(f"{_TABLE.name}, row {row_number}: key {key!r} is repeated; "
                                 "each key must appear once")
            for lang in LANGS:
                if not row.get(lang):
                    raise ValueError(f"{_TABLE.name}, row {row_number}: key {key!r} has no "
                                     f"{lang!r} text; fill the column")
            if key in glossary:
                raise ValueError(f"{_TABLE.name}, row {row_number}: key {key!r} is a term of "
                                 "analysis/glossary.csv; delete the row here, the glossary is "
                                 "its one source")
            table[key] = {lang: row[lang] for lang in LANGS}
    return table | glossary


def label(key: str, lang: str = "en", **fmt) -> str:
    """Return the label ``key`` in ``lang``, with its format fields filled from ``fmt``.

    Parameters
    ----------
    key : str
        A key of ``analysis/plots/text.csv`` (e.g. ``"axis.year"``) or of the
        glossary, ``analysis/glossary.csv`` (e.g. ``"zone.hijau"``).
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
    _check(lang)
    table = labels()
    if key not in table:
        raise KeyError(f"no label {key!r} in analysis/plots/text.csv or analysis/glossary.csv; "
                       "add a row to text.csv: key,en,id")
    return fill(table[key][lang], lang, **fmt)


def _check(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use 'en' (English) or 'id' (Indonesian)")


# Indonesian writes the decimal separator as a comma and groups thousands with a dot.
_SEPARATORS = {"en": None, "id": str.maketrans({".": ",", ",": "."})}


def number(value, lang: str = "en", spec: str = "") -> str:
    """Return ``value`` formatted with ``spec`` (as :func:`format`), in ``lang``'s convention.

    Parameters
    ----------
    value : int or float
        The number (NumPy scalars too).
    lang : {"en", "id"}
        English (``1,234.5``) or Indonesian (``1.234,5``).
    spec : str
        A format specification, e.g. ``".2f"``, ``"+.1f"``, ``",d"``.

    Returns
    -------
    str

    Examples
    --------
    >>> number(0.5312, "id", ".2f"), number(0.5312, "en", ".2f"), number(-1.59, "id", "+.2f")
    ('0,53', '0.53', '-1,59')
    """
    _check(lang)
    text = format(value, spec)
    table = _SEPARATORS[lang]
    return text.translate(table) if table else text


class _Formatter(string.Formatter):
    """:meth:`str.format` that writes every number through :func:`number`."""

    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value, format_spec):
        if isinstance(value, numbers.Number) and not isinstance(value, bool):
            return number(value, self.lang, format_spec)
        return super().format_field(value, format_spec)


def fill(template: str, lang: str = "en", *args, **fmt) -> str:
    """Fill a :meth:`str.format` template, writing its numbers in ``lang``'s convention.

    Examples
    --------
    >>> fill("{:.2f}", "id", 4.5612)
    '4,56'
    """
    _check(lang)
    return _Formatter(lang).format(template, *args, **fmt)
