"""Labels of the figures in English and Indonesian, from two tables.

Every title, axis label, legend entry and footer sentence of the charts is a
row of ``analysis/plots/text.csv`` (columns ``key``, ``en``, ``id``), so a
translation is a change to one table, never to the drawing code. The names
the institutions give (zones, opinions, categories, assessors, entity types:
``zone.hijau``, ``opinion.A``, ``category.A``, ``assessor.self``,
``entity_type.kota``) are not repeated there: they come from the glossary,
``analysis/glossary.csv`` (:mod:`analysis.terms`), which the README and the
notebooks read too. Labels may hold :meth:`str.format` fields
(``"{n} entities"``), filled by :func:`label`.

Examples
--------
>>> from analysis.plots.text import label
>>> label("axis.year", "id")
'Tahun penilaian'
>>> label("n_of", "en", n=3, m=34)
'3 of 34'
>>> label("opinion.A", "id")      # a term of the glossary
'Kualitas Tertinggi'
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

__all__ = ["LANGS", "label", "labels"]

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
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use 'en' (English) or 'id' (Indonesian)")
    table = labels()
    if key not in table:
        raise KeyError(f"no label {key!r} in analysis/plots/text.csv or analysis/glossary.csv; "
                       "add a row to text.csv: key,en,id")
    return table[key][lang].format(**fmt)
