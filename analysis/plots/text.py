"""Labels of the figures in English and Indonesian, from one table.

Every title, axis label, legend entry and footer sentence of the charts is a
row of ``analysis/plots/text.csv`` (columns ``key``, ``en``, ``id``), so a
translation is a change to one table, never to the drawing code. Labels may
hold :meth:`str.format` fields (``"{n} entities"``), filled by :func:`label`.

Examples
--------
>>> from analysis.plots.text import label
>>> label("axis.year", "id")
'Tahun penilaian'
>>> label("n_of", "en", n=3, m=34)
'3 of 34'
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
    """Return the label table as ``{key: {"en": ..., "id": ...}}`` (read once).

    Raises
    ------
    ValueError
        When a key is repeated or a language is left empty (row numbers as a
        spreadsheet counts them, the header being row 1).
    """
    table: dict[str, dict[str, str]] = {}
    with _TABLE.open(encoding="utf-8", newline="") as f:
        for row_number, row in enumerate(csv.DictReader(f), start=2):
            key = row["key"]
            if key in table:
                raise ValueError(f"{_TABLE.name}, row {row_number}: key {key!r} is repeated; "
                                 "each key must appear once")
            for lang in LANGS:
                if not row.get(lang):
                    raise ValueError(f"{_TABLE.name}, row {row_number}: key {key!r} has no "
                                     f"{lang!r} text; fill the column")
            table[key] = {lang: row[lang] for lang in LANGS}
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
        raise KeyError(f"no label {key!r} in analysis/plots/text.csv; add a row: key,en,id")
    return table[key][lang].format(**fmt)
