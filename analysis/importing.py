"""A user's own score table: read it, check it, and set it beside the curated data.

Analysts hold tables this package does not: an official annex typed out from a
decree's PDF, a regional office's spreadsheet, their own PEKPPP
self-assessment. :func:`read_scores` reads such a table in the formats
Indonesian offices use -- CSV with commas or semicolons, XLSX, UTF-8 with or
without a byte-order mark, decimal commas ("95,25", "99, 23"), Indonesian
headers (``data/header_aliases.csv``) -- and returns it in the schema of
:func:`analysis.load`, so every function of the package works on it.

Bad input stops with :class:`analysis.DataError`, listing every problem with
file, row (as a spreadsheet numbers it, header = row 1), column (as the file
names it) and value (as read). No row is dropped or changed silently: rows in
= rows out. The limits on what is read (size, rows, cell length, regular
files only) are those of :mod:`analysis.rawtable`, checked before parsing.

The header is found by :mod:`analysis.import_header`, the rows are read by
:mod:`analysis.import_rows`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.errors import DataError, speaking
from analysis.import_header import _columns, _header_map, _split_header
from analysis.import_rows import _Rows
from analysis.loading import load, schema
from analysis.rawtable import MAX_CELL_CHARS, MAX_FILE_BYTES, read_table
from analysis.texts import message as _msg

__all__ = ["read_scores", "combine", "KINDS", "MAX_FILE_BYTES", "MAX_CELL_CHARS"]

KINDS = ("ombudsman", "ombudsman_units", "pekppp", "pekppp_units")
_MISMATCH = ("error", "keep")


def read_scores(path, kind: str = "ombudsman", *, sheet=None, source: str | None = None,
                on_mismatch: str = "error", header_row: int | None = None,
                lang: str | None = None) -> pd.DataFrame:
    """Read a user's own score table into the schema of ``analysis.load(kind)``.

    Parameters
    ----------
    path : str or Path
        A ``.csv`` (comma- or semicolon-separated, UTF-8 with or without a
        byte-order mark) or ``.xlsx`` file. Limits, checked before the file is
        parsed: a regular file (not a directory, pipe or device) of at most
        10 MB; an XLSX that unpacks to at most 50 MB; at most 100,000 rows,
        200 columns and 10,000 characters in a cell; an entity name of at most
        300 characters.
    kind : {"ombudsman", "ombudsman_units", "pekppp", "pekppp_units"}
        Which table's schema the file follows. Only the key and value columns
        are required: for "ombudsman" entity, year, score; for "pekppp"
        entity, year, assessor (Mandiri/Kementerian), ipp; the unit tables add
        unit.
    sheet : str or int, optional
        Sheet of an XLSX file: its name, or its position counted from 0
        (default the first).
    source : str, optional
        Value for ``source_id`` where the file has no source column (default
        ``user:<file name>``).
    on_mismatch : {"error", "keep"}
        A printed zone, opinion, grade or category that contradicts the score
        under that year's rules is an error by default. With ``"keep"`` the
        printed label is kept (as the curated tables keep what sources
        printed) and the rows are listed in
        ``frame.attrs["label_disagreements"]``.
    header_row : int, optional
        The spreadsheet row of the header, when rows above it hold a title;
        by default the first non-blank row (blank rows above it are skipped).
    lang : {"en", "id"}, optional
        Language of the error messages: English, or Bahasa Indonesia ("berkas
        lampiran.csv, baris 14, kolom 'Nilai', nilai '9,5x': bukan angka; ...").
        Default: the environment variable ``ANALYSIS_LANG``, else English.

    Returns
    -------
    DataFrame
        The columns of ``analysis.load(kind)``, typed the same way, one row per
        row of the file, in order. Entity names are canonical; entity_type,
        region_code and province are derived from the name (via
        ``data/regions.csv``) where the file lacks them; for the unit tables,
        unit_type is derived from the printed unit name
        (:func:`analysis.unit_types.unit_type`) where the file lacks it. A cell formatted as
        a percentage in XLSX (shown 95,25%) reads as shown (95.25).
        ``frame.attrs["label_disagreements"]`` (with ``on_mismatch="keep"``):
        the columns of :func:`analysis.checks.label_disagreements` plus
        ``row``.

    Raises
    ------
    analysis.DataError
        Listing every problem (up to 50), each once: unreadable files (named:
        UTF-16, a directory, too large ...), unclosed quotes, rows with too
        few or too many fields, values in columns without a header,
        spreadsheet errors and formulas without a stored result, unparseable
        or ambiguous numbers ("1.234" in a file with decimal commas), values
        out of scale, blank required cells, rows with no value, years outside
        the instrument's eras, duplicate keys (naming both rows), missing
        required or unknown columns (listing the accepted headers), unknown
        entities (with the nearest candidates), a type, region code or
        province that contradicts the entity, a printed label that
        contradicts the score, a header below a title row or a data sheet
        after another sheet (saying where they seem to be); an unknown
        ``lang``.

    Examples
    --------
    >>> import analysis
    >>> frame = analysis.read_scores("my_annex.csv", kind="ombudsman")  # doctest: +SKIP
    """
    with speaking(lang):
        return _read_scores(path, kind, sheet, source, on_mismatch, header_row)


def _read_scores(path, kind, sheet, source, on_mismatch, header_row) -> pd.DataFrame:
    _check_options(kind, on_mismatch)
    path = Path(path)
    raw = read_table(Path(path), sheet)
    headers = _header_map(kind)
    fields = [f["name"] for f in schema(kind)["fields"]]
    number, header, body = _split_header(raw, kind, headers, fields, header_row, sheet)
    columns = _columns(header, headers, fields, kind, raw.file, number)
    reader = _Rows(raw.file, kind, header, columns, raw, body)
    reader.read()
    return reader.finish(fields, source, on_mismatch)


def _check_options(kind: str, on_mismatch: str) -> None:
    """Refuse an unknown ``kind`` or ``on_mismatch`` before any file is read."""
    if kind not in KINDS:
        raise DataError.plain(_msg("imp.unknown_kind", kind=kind),
                              _msg("imp.unknown_kind_hint", kinds=", ".join(KINDS)))
    if on_mismatch not in _MISMATCH:
        raise DataError.plain(_msg("imp.unknown_mismatch", value=on_mismatch),
                              _msg("imp.unknown_mismatch_hint"))


def combine(kind: str, user: pd.DataFrame) -> pd.DataFrame:
    """Return the curated table and a user's rows in one frame, marked by ``origin``.

    Returns
    -------
    DataFrame
        The columns of ``analysis.load(kind)`` plus ``origin`` ("curated" or
        "user"). Rows of both are kept, also where they share a key: a user's
        official annex and a press report of the same score are two facts.
    """
    curated = load(kind).assign(origin="curated")
    mine = user.assign(origin="user")
    out = pd.concat([curated, mine], ignore_index=True)
    for col in curated.columns:
        if isinstance(curated[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(curated[col].dtype)
    return out
