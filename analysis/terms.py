"""The glossary: the institutions' terms in English and Indonesian, from one table.

Zones, opinions, compliance predicates, PEKPPP categories, assessors and
entity types are named as the Ombudsman RI and KemenPAN-RB print them. Each is
a row of ``analysis/glossary.csv`` (``key``, ``en``, ``id``, ``definition_en``,
``definition_id``; and where the data prints the Indonesian term,
``data_table``, ``data_column`` and ``data_where``, the rows of that table it
must match). The figures' labels (:func:`analysis.plots.text.label`), the
Indonesian README's list of terms and the start notebook all read it, so a
term is changed in one place. (The module is not called ``glossary``: a
submodule may not share the name of the public function
:func:`analysis.glossary`.)

Examples
--------
>>> from analysis.terms import term
>>> term("opinion.A", "id")
'Kualitas Tertinggi'
>>> term("zone.hijau", "en")
'hijau (green)'
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from analysis.errors import DataError, Problem

__all__ = ["LANGS", "COLUMNS", "term", "terms", "glossary", "glossary_markdown",
           "write_readme_glossary"]

LANGS = ("en", "id")
COLUMNS = ("key", "en", "id", "definition_en", "definition_id", "data_table", "data_column",
           "data_where")
_TABLE = Path(__file__).with_name("glossary.csv")
_REQUIRED = ("key", "en", "id", "definition_en", "definition_id")
MARKERS = ("<!-- glossary -->", "<!-- end of glossary -->")


@lru_cache(maxsize=1)
def _rows() -> tuple[dict[str, str], ...]:
    """Read and check the glossary table once: unique keys, every required cell filled."""
    problems, rows, seen = [], [], set()
    with _TABLE.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise DataError.at(_TABLE.name, row=1, value=",".join(reader.fieldnames or ()),
                               message="is not the glossary's header",
                               hint="expected " + ",".join(COLUMNS))
        for number, row in enumerate(reader, start=2):
            for col in _REQUIRED:
                if not (row.get(col) or "").strip():
                    problems.append(Problem(_TABLE.name, number, col, row.get(col),
                                            "is empty", "every term needs both languages "
                                            "and both definitions"))
            if row["key"] in seen:
                problems.append(Problem(_TABLE.name, number, "key", row["key"],
                                        "is repeated", "each key must appear once"))
            if bool(row["data_table"]) != bool(row["data_column"]):
                problems.append(Problem(_TABLE.name, number, "data_column", row["data_column"],
                                        "goes without data_table (or the reverse)",
                                        "fill both or neither"))
            seen.add(row["key"])
            rows.append({c: row.get(c) or "" for c in COLUMNS})
    if problems:
        raise DataError(problems)
    return tuple(rows)


def terms() -> dict[str, dict[str, str]]:
    """Return every term as ``{key: {"en": ..., "id": ...}}`` (what the figures' labels use)."""
    return {r["key"]: {lang: r[lang] for lang in LANGS} for r in _rows()}


def term(key: str, lang: str = "en") -> str:
    """Return the term ``key`` in ``lang`` ("en" or "id").

    Raises
    ------
    analysis.DataError
        For a language other than "en" or "id", or a key that is not in the glossary.
    """
    if lang not in LANGS:
        raise DataError.plain(f"unknown language {lang!r}",
                              "use 'en' (English) or 'id' (Indonesian)")
    table = terms()
    if key not in table:
        raise DataError.plain(f"no term {key!r} in analysis/glossary.csv",
                              "the keys are: " + ", ".join(table))
    return table[key][lang]


def glossary(lang: str | None = None):
    """Return the glossary as a DataFrame.

    Parameters
    ----------
    lang : {None, "en", "id"}
        None for the whole table; a language for the terms and definitions in it.

    Returns
    -------
    DataFrame
        With ``lang=None``: ``key``, ``en``, ``id`` (the term in each language),
        ``definition_en``, ``definition_id``, ``data_table``, ``data_column``,
        ``data_where`` (where the data prints the Indonesian term: a table of
        ``data/``, its column and ``col=value;...`` selecting the rows it must
        match; empty where the data prints no such term). With a language:
        ``key``, ``term``, ``definition`` (in that language) and ``translation``
        (the term in the other language). One row per term, in the table's order.

    Examples
    --------
    >>> import analysis
    >>> analysis.glossary("id").set_index("key").loc["zone.hijau", "term"]
    'hijau'
    """
    import pandas as pd

    frame = pd.DataFrame(list(_rows()), columns=list(COLUMNS))
    if lang is None:
        return frame
    if lang not in LANGS:
        raise DataError.plain(f"unknown language {lang!r}",
                              "use None (both), 'en' (English) or 'id' (Indonesian)")
    other = "en" if lang == "id" else "id"
    return pd.DataFrame({"key": frame["key"], "term": frame[lang],
                         "definition": frame[f"definition_{lang}"],
                         "translation": frame[other]})


def glossary_markdown(lang: str = "id") -> str:
    """Return the glossary as a Markdown table (term, the other language's term, meaning)."""
    heads = {"id": ("Istilah", "Bahasa Inggris", "Arti"),
             "en": ("Term", "Indonesian", "Meaning")}
    table = glossary(lang)
    lines = ["| " + " | ".join(heads[lang]) + " |", "|---|---|---|"]
    lines += [f"| {r.term} | {r.translation} | {r.definition} |"
              for r in table.itertuples(index=False)]
    return "\n".join(lines) + "\n"


def write_readme_glossary(path: Path | None = None, lang: str = "id") -> Path:
    """Write the glossary table between the glossary markers of a README (README.id.md).

    Raises
    ------
    analysis.DataError
        When the README lacks either marker.
    """
    from analysis import paths

    path = Path(path or paths.root() / "README.id.md")
    text = path.read_text(encoding="utf-8")
    i, j = text.find(MARKERS[0]), text.find(MARKERS[1])
    if i < 0 or j < i:
        raise DataError.at(path.name, message=f"has no {MARKERS[0]} ... {MARKERS[1]} section",
                           hint="put the two markers, in that order, where the terms go")
    body = "\n" + glossary_markdown(lang)
    path.write_text(text[:i + len(MARKERS[0])] + body + text[j:], encoding="utf-8")
    return path
