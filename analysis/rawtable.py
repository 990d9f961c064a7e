"""Read a user's CSV or XLSX file into rows of text cells, within stated limits.

:func:`analysis.read_scores` gives meaning to the cells; this module only gets
them out of the file, as read, and refuses -- with :class:`analysis.DataError`
-- anything it cannot read faithfully or that would take unbounded memory or
time. The limits are checked *before* the file is parsed:

* only regular files (not a directory, a named pipe, a device such as
  ``/dev/zero``, a socket);
* at most :data:`MAX_FILE_BYTES` (10 MB) on disk;
* an XLSX file unpacks to at most :data:`MAX_XLSX_UNPACKED` (50 MB), its
  shared-strings part to at most :data:`MAX_XLSX_STRINGS` (20 MB);
* at most :data:`MAX_ROWS` rows and :data:`MAX_COLUMNS` columns;
* at most :data:`MAX_CELL_CHARS` characters in one cell.

Row numbers are those a spreadsheet shows: one per record, whatever the line
ends (LF, CR LF or a lone CR), a quoted line break staying inside its row.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import stat
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from analysis.errors import DataError
from analysis.texts import count, decimal
from analysis.texts import message as _msg

__all__ = ["MAX_FILE_BYTES", "MAX_XLSX_UNPACKED", "MAX_XLSX_STRINGS", "MAX_ROWS", "MAX_COLUMNS",
           "MAX_CELL_CHARS", "SPREADSHEET_ERRORS", "RawTable", "read_table", "column_letter",
           "xlsx_sheet_rows", "sheet_names"]

MAX_FILE_BYTES = 10_000_000
MAX_XLSX_UNPACKED = 50_000_000
MAX_XLSX_STRINGS = 20_000_000
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000
SPREADSHEET_ERRORS = ("#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
                      "#SPILL!", "#CALC!", "#GETTING_DATA")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class RawTable:
    """The cells of one sheet, as text, with what was noticed while reading.

    Attributes
    ----------
    file : str
        File name for messages.
    rows : list of (int, list of str)
        Spreadsheet row number and the row's cells as text, every non-blank
        row and every blank row between them (a trailing blank row is dropped).
    flags : dict
        ``row -> {column index: (message, hint)}`` for cells that hold no value
        that can be read (a spreadsheet error, a formula with no stored result,
        an over-long cell).
    csv : bool
        True for a CSV file (rows must have one field per column).
    separator : str or None
        The CSV separator.
    sheet : str or None
        The XLSX sheet read.
    other_sheets : list of str
        The workbook's other sheets.
    book : openpyxl Workbook or None
        The XLSX workbook (read-only), to look for the header on other sheets.
    """

    file: str
    rows: list = field(default_factory=list)
    flags: dict = field(default_factory=dict)
    csv: bool = True
    separator: str | None = None
    sheet: str | None = None
    other_sheets: list = field(default_factory=list)
    book: object = None


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 0-based column index (0 -> 'A', 16383 -> 'XFD')."""
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _megabytes(n: int) -> str:
    return decimal(n / 1_000_000, 1) + " MB"


def _read_bytes(path: Path) -> bytes:
    """Return the bytes of a regular file of at most MAX_FILE_BYTES; refuse anything else."""
    name = path.name or str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise DataError.at(name, message=_msg("raw.not_found"),
                           hint=_msg("raw.check_path", path=path)) from None
    except OSError as exc:
        raise DataError.at(name, message=_msg("raw.cannot_open", reason=exc.strerror),
                           hint=_msg("raw.check_path", path=path)) from None
    _check_regular(name, st, path)
    try:
        # O_NONBLOCK: a path swapped for a named pipe after the check cannot hang the open
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except PermissionError:
        raise DataError.at(name, message=_msg("raw.denied"),
                           hint=_msg("raw.denied_hint")) from None
    except OSError as exc:
        raise DataError.at(name, message=_msg("raw.cannot_open", reason=exc.strerror),
                           hint=_msg("raw.check_path", path=path)) from None
    with os.fdopen(fd, "rb") as f:
        _check_regular(name, os.fstat(f.fileno()), path)
        try:
            data = f.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise DataError.at(name, message=_msg("raw.cannot_read", reason=exc.strerror),
                               hint=_msg("raw.copy_local")) from None
    if len(data) > MAX_FILE_BYTES:
        _too_big(name, len(data))
    return data


def _check_regular(name: str, st: os.stat_result, path: Path) -> None:
    mode = st.st_mode
    if not stat.S_ISREG(mode):
        name = str(path)  # "/dev/zero", not "zero"
    if stat.S_ISDIR(mode):
        raise DataError.at(name, message=_msg("raw.directory"), hint=_msg("raw.directory_hint"))
    if not stat.S_ISREG(mode):
        what = ("raw.fifo" if stat.S_ISFIFO(mode) else
                "raw.device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else
                "raw.socket" if stat.S_ISSOCK(mode) else "raw.not_regular")
        raise DataError.at(name, message=_msg(what), hint=_msg("raw.not_regular_hint"))
    if st.st_size > MAX_FILE_BYTES:
        _too_big(name, st.st_size)


def _too_big(name: str, size: int) -> None:
    raise DataError.at(name, message=_msg("raw.too_big", size=_megabytes(size),
                                          limit=_megabytes(MAX_FILE_BYTES)),
                       hint=_msg("raw.too_big_hint"))


def read_table(path, sheet=None) -> RawTable:
    """Read the cells of a CSV or XLSX file as text, within the module's limits.

    Parameters
    ----------
    path : str or Path
        The file.
    sheet : str or int, optional
        XLSX sheet: its name, or its 0-based position (default the first).

    Returns
    -------
    RawTable
        Rows of text cells with their spreadsheet row numbers.

    Raises
    ------
    analysis.DataError
        For a file that is missing, not a regular file, too large, empty, not
        UTF-8 (UTF-16 is named as such), a broken CSV (an unclosed quote) or a
        broken XLSX, and for a row or cell beyond the limits.
    """
    path = Path(path)
    name = path.name or str(path)
    data = _read_bytes(path)
    if path.suffix.lower() in XLSX_SUFFIXES:
        return _read_xlsx(data, name, sheet)
    if data.startswith(b"PK\x03\x04"):
        raise DataError.at(name, message=_msg("raw.xlsx_renamed"),
                           hint=_msg("raw.xlsx_renamed_hint"))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DataError.at(name, message=_msg("raw.xls"), hint=_msg("raw.save_csv"))
    return _read_csv(_decode(data, name), name)


def _decode(data: bytes, name: str) -> str:
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
            len(head) >= 8 and head.count(b"\x00") * 4 > len(head)):
        raise DataError.at(name, message=_msg("raw.utf16"), hint=_msg("raw.utf16_hint"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + before.replace(b"\r\n", b"").count(b"\r") + 1
        raise DataError.at(name, row=line, value=data[exc.start:exc.start + 8],
                           message=_msg("raw.not_utf8"), hint=_msg("raw.not_utf8_hint")
                           ) from None
    if not text.strip():
        raise DataError.at(name, message=_msg("raw.empty_bom" if data.startswith(codecs.BOM_UTF8)
                                              else "raw.empty"),
                           hint=_msg("raw.need_rows"))
    return text


def _separator(text: str) -> str:
    lines = [ln for ln in re.split(r"\r\n|\r|\n", text[:200_000], maxsplit=40)[:40] if ln.strip()]
    semi = sum(ln.count(";") for ln in lines[:20])
    comma = sum(ln.count(",") for ln in lines[:20])
    return ";" if semi and semi >= comma else ","


def _read_csv(text: str, name: str) -> RawTable:
    sep = _separator(text)
    table = RawTable(name, csv=True, separator=sep)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    record, line = 0, 0
    try:
        for cells in reader:
            record += 1
            line = reader.line_num
            _keep(table, record, cells)
    except csv.Error as exc:
        record += 1
        start = line + 1
        shown = re.split(r"\r\n|\r|\n", text, maxsplit=start)[start - 1] if start else ""
        message = str(exc)
        if "field larger than field limit" in message:
            raise DataError.at(name, row=record, value=shown,
                               message=_msg("raw.cell_too_long", n=count(MAX_CELL_CHARS)),
                               hint=_msg("raw.cell_too_long_hint")) from None
        if "unexpected end of data" in message or "expected after" in message:
            raise DataError.at(name, row=record, value=shown, message=_msg("raw.open_quote"),
                               hint=_msg("raw.open_quote_hint", sep=sep)) from None
        raise DataError.at(name, row=record, value=shown,
                           message=_msg("raw.not_csv", reason=message),
                           hint=_msg("raw.save_csv")) from None
    _trim(table)
    return table


def _keep(table: RawTable, row: int, cells: list) -> None:
    """Add one row, enforcing the row, column and cell limits."""
    if row > MAX_ROWS + 1:
        raise DataError.at(table.file, row=row, message=_msg("raw.too_many_rows",
                                                             n=count(MAX_ROWS)),
                           hint=_msg("raw.too_many_rows_hint"))
    if len(cells) > MAX_COLUMNS:
        extra = next((j for j in range(MAX_COLUMNS, len(cells)) if str(cells[j]).strip()), None)
        if extra is not None:
            raise DataError.at(table.file, row=row, column=column_letter(extra),
                               value=cells[extra],
                               message=_msg("raw.too_many_columns",
                                            last=column_letter(MAX_COLUMNS - 1), n=MAX_COLUMNS),
                               hint=_msg("raw.too_many_columns_hint"))
        cells = cells[:MAX_COLUMNS]
    for j, cell in enumerate(cells):
        if len(cell) > MAX_CELL_CHARS:
            table.flags.setdefault(row, {})[j] = (
                _msg("raw.long_cell", n=count(len(cell)), limit=count(MAX_CELL_CHARS)),
                _msg("raw.long_cell_hint"))
            cells[j] = cell[: MAX_CELL_CHARS]
    table.rows.append((row, cells))


def _trim(table: RawTable) -> None:
    while table.rows and not any(str(c).strip() for c in table.rows[-1][1]):
        table.rows.pop()
    if not table.rows:
        raise DataError.at(table.file, message=_msg("raw.empty"), hint=_msg("raw.need_rows"))


# ---------------------------------------------------------------------------- XLSX

def _open_workbooks(data: bytes, name: str):
    """Check the archive's unpacked sizes, then open it (values, and formulas if any)."""
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DataError.at(name, message=_msg("raw.not_zip"), hint=_msg("raw.save_xlsx")) from None
    total = sum(i.file_size for i in infos)
    biggest = max(infos, key=lambda i: i.file_size, default=None)
    strings = sum(i.file_size for i in infos if i.filename.lower().endswith("sharedstrings.xml"))
    if total > MAX_XLSX_UNPACKED or strings > MAX_XLSX_STRINGS:
        raise DataError.at(name, message=_msg(
            "raw.unpacks", total=_megabytes(total), part=biggest.filename,
            part_size=_megabytes(biggest.file_size), limit=_megabytes(MAX_XLSX_UNPACKED),
            strings=_megabytes(MAX_XLSX_STRINGS)), hint=_msg("raw.unpacks_hint"))
    formulas = _has_formulas(archive, infos)
    import openpyxl

    try:
        values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        forms = (openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
                 if formulas else None)
    except Exception as exc:  # noqa: BLE001 -- openpyxl raises many kinds for a broken file
        raise DataError.at(name, message=_msg("raw.not_xlsx",
                                              reason=f"{type(exc).__name__}: {str(exc)[:200]}"),
                           hint=_msg("raw.save_xlsx")) from None
    return values, forms


def _has_formulas(archive, infos) -> bool:
    pattern = re.compile(rb"<(?:\w+:)?f[\s>/]")
    for info in infos:
        if not info.filename.startswith("xl/worksheets/"):
            continue
        try:
            with archive.open(info) as f:
                tail = b""
                while chunk := f.read(1 << 20):
                    if pattern.search(tail + chunk):
                        return True
                    tail = chunk[-16:]
        except Exception:  # noqa: BLE001 -- a broken member is reported when openpyxl opens it
            return False
    return False


def _pick_sheet(book, sheet, name: str):
    titles = book.sheetnames
    if sheet is None:
        return titles[0]
    if isinstance(sheet, int) and not isinstance(sheet, bool) and 0 <= sheet < len(titles):
        return titles[sheet]
    if isinstance(sheet, str) and sheet in titles:
        return sheet
    raise DataError.at(name, value=sheet, message=_msg("raw.no_sheet"),
                       hint=_msg("raw.no_sheet_hint", sheets=", ".join(repr(t) for t in titles)))


def _cell_text(cell, formula) -> tuple[str, tuple[str, str] | None]:
    """Return a cell's text as the spreadsheet shows it, and a flag if it holds no value."""
    value = cell.value
    if value is None:
        shown = getattr(formula, "value", None)
        shown = getattr(shown, "text", shown)  # an array formula
        if isinstance(shown, str) and shown.startswith("="):
            return shown, (_msg("raw.formula"), _msg("raw.formula_hint"))
        return "", None
    if getattr(cell, "data_type", None) == "e" or (isinstance(value, str)
                                                   and value.strip() in SPREADSHEET_ERRORS):
        return str(value), (_msg("raw.spreadsheet_error"), _msg("raw.spreadsheet_error_hint"))
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, (int, float)):
        if "%" in str(getattr(cell, "number_format", "") or ""):
            shown = format((Decimal(repr(value)) * 100).normalize(), "f")
            return shown + "%", None
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return str(int(value)), None
        return repr(value), None
    return str(value), None


def xlsx_sheet_rows(book, title: str, forms=None, limit: int | None = None):
    """Yield (row number, cells, flags) of one sheet, streamed; ``limit`` stops early."""
    from itertools import repeat

    sheet = book[title]
    sheet.reset_dimensions()  # trust the cells, not the sheet's declared dimension
    frows = None
    if forms is not None:
        fsheet = forms[title]
        fsheet.reset_dimensions()
        frows = fsheet.iter_rows()
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        if limit is not None and number > limit:
            return
        fcells = next(frows, ()) if frows is not None else ()
        if not cells:
            yield number, [], {}
            continue
        texts, flags = [], {}
        for j, (cell, formula) in enumerate(zip(cells, _pad(fcells, repeat(None)),
                                                strict=False)):
            if cell.value is None and formula is None:
                texts.append("")
                continue
            text, flag = _cell_text(cell, formula)
            if flag:
                flags[j] = flag
            texts.append(text)
        while texts and texts[-1] == "" and len(texts) - 1 not in flags:
            texts.pop()
        yield number, texts, flags


def sheet_names(path) -> list[str]:
    """Return the sheet names of an XLSX file (empty for any other file), within the limits."""
    path = Path(path)
    if path.suffix.lower() not in XLSX_SUFFIXES:
        return []
    book, _ = _open_workbooks(_read_bytes(path), path.name or str(path))
    return list(book.sheetnames)


def _pad(first, rest):
    yield from first
    yield from rest


def _read_xlsx(data: bytes, name: str, sheet) -> RawTable:
    book, forms = _open_workbooks(data, name)
    title = _pick_sheet(book, sheet, name)
    table = RawTable(name, csv=False, sheet=title,
                     other_sheets=[t for t in book.sheetnames if t != title])
    try:
        for number, cells, flags in xlsx_sheet_rows(book, title, forms):
            if flags:
                table.flags[number] = flags
            _keep(table, number, cells)
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 -- a broken sheet part
        raise DataError.at(name, message=_msg("raw.not_xlsx",
                                              reason=f"{type(exc).__name__}: {str(exc)[:200]}"),
                           hint=_msg("raw.save_xlsx")) from None
    table.book = book  # kept for the header search on other sheets
    _trim(table)
    return table
