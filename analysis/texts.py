"""Texts in English and Indonesian: one table reader, the active language, the messages.

A text table is a CSV file with the columns ``key``, ``en`` and ``id``; a text
may hold :meth:`str.format` fields (``"{n} rows"``), and both languages of a
key hold the same fields. :func:`read_text_table` reads and checks such a
table (once per file); :func:`message` looks a key up in the package's
message table, ``analysis/messages.csv`` (errors and command-line output), in
the active language.

The language is ``"en"`` (English, the default) or ``"id"`` (Bahasa
Indonesia): the one set by :func:`language` (``read_scores(..., lang="id")``
sets it while it reads), else the environment variable ``ANALYSIS_LANG``.
This module imports nothing of the package; :func:`analysis.errors.check_lang`
refuses an unknown language with a :class:`analysis.DataError`.

Examples
--------
>>> from analysis.texts import language, message
>>> message("frame.row", row=14)
'row 14'
>>> with language("id"):
...     message("frame.row", row=14)
'baris 14'
"""

from __future__ import annotations

import contextvars
import csv
import numbers
import os
import string
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

__all__ = ["LANGS", "ENV", "read_text_table", "placeholders", "requested_lang", "active_lang",
           "language", "message", "number", "fill", "count", "decimal"]

LANGS = ("en", "id")
ENV = "ANALYSIS_LANG"
MESSAGES = Path(__file__).with_name("messages.csv")
_ACTIVE: contextvars.ContextVar[str | None] = contextvars.ContextVar("analysis_lang",
                                                                     default=None)


def placeholders(text: str) -> set[str]:
    """Return the names of the format fields of ``text`` (``"{n:,} of {m}"`` -> {"n", "m"})."""
    return {name.split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@lru_cache(maxsize=8)
def read_text_table(path: Path) -> dict[str, dict[str, str]]:
    """Return a text table as ``{key: {"en": ..., "id": ...}}`` (each file read once).

    Raises
    ------
    ValueError
        When a key is repeated, a language is left empty, or the two languages
        of a key hold different format fields (rows numbered as a spreadsheet
        numbers them, the header being row 1).
    """
    table: dict[str, dict[str, str]] = {}
    with Path(path).open(encoding="utf-8", newline="") as f:
        for number, row in enumerate(csv.DictReader(f), start=2):
            key = row["key"]
            where = f"{Path(path).name}, row {number}: key {key!r}"
            if None in row:   # csv puts cells beyond the header under None
                raise ValueError(f"{where} has more cells than the header; quote a text "
                                 "that holds a comma")
            if key in table:
                raise ValueError(f"{where} is repeated; each key must appear once")
            for lang in LANGS:
                if not row.get(lang):
                    raise ValueError(f"{where} has no {lang!r} text; fill the column")
            fields = {lang: placeholders(row[lang]) for lang in LANGS}
            if fields["en"] != fields["id"]:
                raise ValueError(f"{where}: the languages hold different fields {fields}; "
                                 "give both the same {placeholders}")
            table[key] = {lang: row[lang] for lang in LANGS}
    return table


def requested_lang() -> str | None:
    """Return the language asked for (by :func:`language`, else ``ANALYSIS_LANG``), unchecked."""
    return _ACTIVE.get() or os.environ.get(ENV) or None


def active_lang() -> str:
    """Return the language messages are written in: the one asked for, or "en" if none or unknown.

    An unknown language is refused where it is asked for (the public functions
    and the command line call :func:`analysis.errors.check_lang`), not here.
    """
    lang = requested_lang()
    return lang if lang in LANGS else "en"


@contextmanager
def language(lang: str | None):
    """Make ``lang`` the language of the messages within the block (None: leave it as it is)."""
    token = _ACTIVE.set(lang) if lang else None
    try:
        yield
    finally:
        if token is not None:
            _ACTIVE.reset(token)


def message(key: str, lang: str | None = None, /, **fmt) -> str:
    """Return the message ``key`` of ``analysis/messages.csv`` with its fields filled.

    Parameters
    ----------
    key : str
        A key of the message table (e.g. ``"raw.directory"``).
    lang : {"en", "id"}, optional
        Default: the active language (:func:`active_lang`).
    **fmt
        Values of the message's format fields.

    Raises
    ------
    KeyError
        For a key that is not in the table.
    """
    table = read_text_table(MESSAGES)
    if key not in table:
        raise KeyError(f"no message {key!r} in analysis/messages.csv; add a row: key,en,id")
    return table[key][lang if lang in LANGS else active_lang()].format(**fmt)


# Indonesian writes the decimal separator as a comma and groups thousands with a dot.
_SEPARATORS = {"en": None, "id": str.maketrans({".": ",", ",": "."})}


def _lang(lang: str | None) -> str:
    """``lang`` if given, else the active language; an unknown one is refused."""
    if lang is None:
        return active_lang()
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use 'en' (English) or 'id' (Indonesian)")
    return lang


def number(value, lang: str | None = None, spec: str = "") -> str:
    """Return ``value`` formatted with ``spec`` (as :func:`format`), in ``lang``'s convention.

    Parameters
    ----------
    value : int or float
        The number (NumPy scalars too).
    lang : {"en", "id"}, optional
        English (``1,234.5``) or Indonesian (``1.234,5``); default the active language.
    spec : str
        A format specification, e.g. ``".2f"``, ``"+.1f"``, ``",d"``.

    Examples
    --------
    >>> number(0.5312, "id", ".2f"), number(0.5312, "en", ".2f"), number(-1.59, "id", "+.2f")
    ('0,53', '0.53', '-1,59')
    """
    table = _SEPARATORS[_lang(lang)]
    text = format(value, spec)
    return text.translate(table) if table else text


class _Formatter(string.Formatter):
    """:meth:`str.format` that writes every number through :func:`number`."""

    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value, format_spec):
        if isinstance(value, numbers.Number) and not isinstance(value, bool):
            return number(value, self.lang, format_spec)
        return super().format_field(value, format_spec)


def fill(template: str, lang: str | None = None, *args, **fmt) -> str:
    """Fill a :meth:`str.format` template, writing its numbers in ``lang``'s convention.

    Examples
    --------
    >>> fill("{:.2f}", "id", 4.5612)
    '4,56'
    """
    return _Formatter(_lang(lang)).format(template, *args, **fmt)


def count(n: int, lang: str | None = None) -> str:
    """Return a whole number with thousands separators: 10,000 in English, 10.000 in Indonesian."""
    return number(n, lang if lang in LANGS else None, ",")


def decimal(x: float, digits: int = 1, lang: str | None = None) -> str:
    """Return a decimal number: 10.5 (English) or 10,5 (Indonesian), with thousands separators."""
    return number(x, lang if lang in LANGS else None, f",.{digits}f")
