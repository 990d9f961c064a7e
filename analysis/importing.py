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
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import DataError, Problem
from analysis.loading import coerce_to_schema, load, schema
from analysis.rawtable import (
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    SPREADSHEET_ERRORS,
    column_letter,
    read_table,
    xlsx_sheet_rows,
)

__all__ = ["read_scores", "combine", "KINDS", "MAX_FILE_BYTES", "MAX_CELL_CHARS"]

KINDS = ("ombudsman", "ombudsman_units", "pekppp", "pekppp_units")
_REQUIRED = {
    "ombudsman": ["entity", "year", "score"],
    "ombudsman_units": ["entity", "unit", "year", "score"],
    "pekppp": ["entity", "year", "assessor", "ipp"],
    "pekppp_units": ["entity", "unit", "year", "assessor", "ipp"],
}
# what a source can print about an entity in a year; a row needs at least one of them
_VALUES = {"ombudsman": ["score", "zone", "opinion", "grade", "rank", "rank_in_province"],
           "pekppp": ["ipp", "category", "predicate", "rank"]}
_ASSESSOR = {
    "self": "self", "mandiri": "self", "penilaian mandiri": "self", "self-assessment": "self",
    "pekppp mandiri": "self",
    "ministry": "ministry", "kementerian": "ministry", "kemenpan-rb": "ministry",
    "kemenpanrb": "ministry", "kemenpan rb": "ministry", "menpan": "ministry",
    "menpan rb": "ministry", "evaluasi kementerian": "ministry",
}
_NUMBER = re.compile(r"[+-]?\d+(?:\s*[.,]\s*\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:\.\d{3})+")
_DECIMAL_COMMA = re.compile(r"\d\s*,\s*\d")
_MAX_WHOLE = 10**9
_HEADER_SCAN = 30
_LIMIT = 50
_MISMATCH = ("error", "keep")


def _norm_header(text: str) -> str:
    return re.sub(r"\s+", " ", str(text).replace("\ufeff", "")).strip().lower()


def _header_map(kind: str) -> dict[str, str]:
    aliases = load("header_aliases")
    family = "ombudsman" if kind.startswith("ombudsman") else "pekppp"
    rows = aliases[aliases["kind"].isin(["all", family])]
    return {_norm_header(a): ("" if pd.isna(c) else str(c))
            for a, c in zip(rows["alias"], rows["column"], strict=True)}


def _target(cell: str, headers: dict, fields: list[str]) -> str | None:
    key = _norm_header(cell)
    target = headers.get(key, key if key in fields else None)
    return target if target in fields or target == "" else None


def _recognised(cells, headers, fields) -> set[str]:
    return {t for t in (_target(c, headers, fields) for c in cells if str(c).strip()) if t}


def read_scores(path, kind: str = "ombudsman", *, sheet=None, source: str | None = None,
                on_mismatch: str = "error", header_row: int | None = None) -> pd.DataFrame:
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
        after another sheet (saying where they seem to be).

    Examples
    --------
    >>> import analysis
    >>> frame = analysis.read_scores("my_annex.csv", kind="ombudsman")  # doctest: +SKIP
    """
    if kind not in KINDS:
        raise DataError.plain(f"unknown kind {kind!r}", "use one of " + ", ".join(KINDS))
    if on_mismatch not in _MISMATCH:
        raise DataError.plain(f"unknown on_mismatch {on_mismatch!r}", "use 'error' or 'keep'")
    path = Path(path)
    raw = read_table(path, sheet)
    name = raw.file
    headers = _header_map(kind)
    fields = [f["name"] for f in schema(kind)["fields"]]
    start = _locate_header(raw, kind, headers, fields, header_row, sheet)
    number, header = raw.rows[start]
    header = [str(c).strip() for c in header]
    body = raw.rows[start + 1:]
    if not body:
        raise DataError.at(name, row=number, message="the file has no data rows below the header",
                           hint="a header row and at least one data row are needed")
    problems: list[Problem] = []
    columns = _map_columns(header, headers, fields, kind, name, number, problems)
    if problems:
        raise DataError(problems)
    reader = _Rows(name, kind, header, columns, raw, body)
    reader.read()
    return reader.finish(fields, source, on_mismatch)


def _locate_header(raw, kind, headers, fields, header_row, sheet) -> int:
    """Return the index in raw.rows of the header; say where it seems to be if not row 1."""
    name = raw.file
    if header_row is not None:
        for i, (number, cells) in enumerate(raw.rows):
            if number == header_row and any(str(c).strip() for c in cells):
                return i
        raise DataError.at(name, row=header_row, message="this row is not in the file, or blank",
                           hint="header_row is the spreadsheet row number of the header")
    first = next(i for i, (_, cells) in enumerate(raw.rows) if any(str(c).strip() for c in cells))
    required = set(_REQUIRED[kind])
    if required <= _recognised(raw.rows[first][1], headers, fields):
        return first
    for i in range(first + 1, min(len(raw.rows), first + _HEADER_SCAN)):
        number, cells = raw.rows[i]
        if required <= _recognised(cells, headers, fields):
            above = raw.rows[first]
            shown = [c for c in cells if str(c).strip()]
            raise DataError.at(
                name, row=number, value=", ".join(shown)[:200],
                message=f"the header seems to be on row {number}, below "
                        f"{number - above[0]} other row(s) starting at row {above[0]} "
                        f"({', '.join(str(c) for c in above[1] if str(c).strip())[:80]!r})",
                hint=f"delete the rows above the header, or pass header_row={number} "
                     f"(on the command line: --header-row {number})")
    book = getattr(raw, "book", None)
    if book is not None and sheet is None:
        for title in raw.other_sheets:
            for number, cells, _ in xlsx_sheet_rows(book, title, limit=_HEADER_SCAN):
                if required <= _recognised(cells, headers, fields):
                    raise DataError.at(
                        name, row=raw.rows[first][0], value=raw.sheet,
                        message=f"sheet {raw.sheet!r} has no header with the columns "
                                f"{', '.join(_REQUIRED[kind])}; sheet {title!r} has one on "
                                f"row {number}",
                        hint=f"pass sheet={title!r} (on the command line: --sheet {title!r})")
    return first


def _map_columns(header, headers, fields, kind, name, row, problems) -> dict[str, int]:
    """Return field -> column index; record unknown, doubled and missing columns."""
    columns: dict[str, int] = {}
    for j, cell in enumerate(header):
        if not cell:
            continue  # a column without a header: checked for values row by row
        target = _target(cell, headers, fields)
        if target is None:
            problems.append(Problem(name, row, cell, None, "unknown column",
                                    "accepted headers: " + _accepted(headers, fields)))
        elif target == "":
            continue  # a row-number column
        elif target in columns:
            problems.append(Problem(name, row, cell, None,
                                    f"a second column for {target!r} (first: "
                                    f"{header[columns[target]]!r})",
                                    "keep one column per field"))
        else:
            columns[target] = j
    for req in _REQUIRED[kind]:
        if req not in columns:
            problems.append(Problem(name, row, req, None, "required column is missing",
                                    "accepted headers for it: " + ", ".join(
                                        sorted({a for a, c in headers.items() if c == req}))))
    return columns


def _accepted(headers: dict, fields: list[str]) -> str:
    names = sorted({a for a, c in headers.items() if c in fields} | set(fields))
    return ", ".join(names)


class _Rows:
    """The data rows of one file, checked cell by cell; every problem once."""

    def __init__(self, name, kind, header, columns, raw, body):
        self.name, self.kind, self.header, self.columns = name, kind, header, columns
        self.raw, self.body = raw, body
        self.rows = np.array([n for n, _ in body])
        self.offset = int(self.rows[0])  # data rows are numbered without gaps
        self.problems: list[Problem] = []
        self.bad: set[tuple[int, str]] = set()      # (position, field) already reported
        self.broken: dict[int, str] = {}  # position -> the one problem of a misshapen row
        self.family = "ombudsman" if kind.startswith("ombudsman") else "pekppp"

    # -- reporting -----------------------------------------------------------------
    def label(self, field: str) -> str:
        return self.header[self.columns[field]] if field in self.columns else field

    def _where(self, j: int) -> dict:
        """Name column j for report(): by its field where it has one, else by its header."""
        field = next((f for f, k in self.columns.items() if k == j), None)
        return {"field": field} if field else {"field": None, "column": self.header[j]}

    def report(self, pos: int, field: str | None, value, message: str, hint: str = "",
               column: str | None = None) -> None:
        key = (pos, field if field is not None else column)
        if key in self.bad:
            return
        self.bad.add(key)
        shown = column if column is not None else (self.label(field) if field else None)
        self.problems.append(Problem(self.name, int(self.rows[pos]), shown, value, message,
                                     hint))

    # -- structure -------------------------------------------------------------------
    def read(self) -> None:
        width = max((j + 1 for j, c in enumerate(self.header) if c), default=0)
        used = set(self.columns.values())
        texts = {f: [] for f in self.columns}
        for pos, (number, cells) in enumerate(self.body):
            cells = [str(c) for c in cells]
            flags = self.raw.flags.get(number, {})
            filled = [j for j, c in enumerate(cells) if c.strip()]
            if not filled and not flags:
                self.broken[pos] = "the row is empty"
                self.report(pos, None, None, "the row is empty",
                            "delete it, or fill in what the source printed")
            elif self.raw.csv and filled and filled[-1] >= max(width, 1):
                # more fields than the header: every value after the split is misplaced
                j = filled[-1]
                self.broken[pos] = message = (
                    f"is in column {column_letter(j)}, which has no header: the row has "
                    f"{len(cells)} fields, the header {width}")
                self.report(pos, None, cells[j], message,
                            f"a value that contains the separator {self.raw.separator!r} "
                            "must be in quotes; or delete the extra field",
                            column=column_letter(j))
            elif self.raw.csv and len(cells) < width:
                self.broken[pos] = message = (
                    f"the row has {len(cells)} field(s); the header has {width}")
                self.report(pos, value=None, message=message, hint=(
                            "each row needs one field per column (an empty cell is still "
                            f"written: {self.raw.separator * 2!r}); look for a missing separator "
                            "or a line break inside a value"),
                            **self._where(len(cells)))
            for j, cell in enumerate(cells):
                if j in used or not cell.strip():
                    continue
                if (j >= len(self.header) or not self.header[j]) and pos not in self.broken:
                    self.report(pos, None, cell,
                                f"is in column {column_letter(j)}, which has no header",
                                "give the column a header, or delete the value",
                                column=column_letter(j))
            for field, j in self.columns.items():
                value = cells[j] if j < len(cells) else ""
                if j in flags:
                    message, hint = flags[j]
                    self.report(pos, field, value, message, hint)
                    value = ""
                elif value.strip() in SPREADSHEET_ERRORS:
                    self.report(pos, field, value, "is a spreadsheet error, not a value",
                                "correct the formula, or leave the cell empty where the "
                                "source printed no value")
                    value = ""
                texts[field].append(value)
        self.asread = pd.DataFrame(texts, dtype=object)
        self.text = self.asread.apply(lambda s: s.str.strip()) if len(self.asread.columns) \
            else self.asread

    # -- cells ----------------------------------------------------------------------
    def _cell(self, pos: int, field: str) -> str:
        return self.asread[field].iloc[pos]

    def numbers(self, numeric: dict[str, str]) -> None:
        text = self.text
        cols = [c for c in text.columns if c in numeric]
        comma = self.raw.separator == ";" or any(
            text[c].str.contains(_DECIMAL_COMMA).any() for c in cols)
        for col in cols:
            out = []
            for pos, cell in enumerate(text[col]):
                value, why = _parse_number(cell, comma, percent=col == "score",
                                           whole=numeric[col] == "integer")
                if why:
                    self.report(pos, col, self._cell(pos, col), *why)
                out.append(value)
            text[col] = out

    def labels(self, zones: list[str]) -> None:
        text = self.text
        if "assessor" in text:
            mapped = text["assessor"].str.lower().map(_ASSESSOR)
            for pos in np.flatnonzero((mapped.isna() & text["assessor"].ne("")).to_numpy()):
                self.report(pos, "assessor", self._cell(pos, "assessor"),
                            "is not a known assessor",
                            "write Mandiri (self-assessment) or Kementerian (ministry)")
            text["assessor"] = mapped.fillna("")
        for col, case in (("zone", str.lower), ("entity_type", str.lower), ("grade", str.upper),
                          ("category", str.upper)):
            if col in text:
                text[col] = text[col].map(case)
        for col in ("entity", "unit", "opinion", "predicate", "province"):
            if col in text:
                text[col] = text[col].str.replace(r"\s+", " ", regex=True)
        if "zone" in text:  # "Zona Hijau", "hijau (green)" -> hijau; "Kuning/Hijau" is two
            found = text["zone"].str.findall(r"\b(" + "|".join(zones) + r")\b")
            out = []
            for pos, (cell, words) in enumerate(zip(text["zone"], found, strict=True)):
                if len(set(words)) > 1:
                    self.report(pos, "zone", self._cell(pos, "zone"),
                                f"names more than one zone ({', '.join(dict.fromkeys(words))})",
                                "write the one zone the source printed: " + ", ".join(zones))
                    out.append("")
                else:
                    out.append(words[0] if words else cell)
            text["zone"] = out

    def entities(self) -> None:
        from analysis.regions import resolve

        text = self.text
        entity = text["entity"]
        resolved: dict[str, object] = {}
        for value in pd.unique(entity[entity.ne("")]):
            try:
                resolved[value] = resolve([value]).iloc[0].to_dict()
            except DataError as err:
                resolved[value] = (err.problems[0].message, err.problems[0].hint)
        self.unnamed = set(np.flatnonzero(entity.eq("").to_numpy()).tolist())
        canon, derived = [], {"entity_type": [], "region_code": [], "province": []}
        for pos, value in enumerate(entity):
            got = resolved.get(value)
            if isinstance(got, tuple):
                self.report(pos, "entity", self._cell(pos, "entity"), *got)
                self.unnamed.add(pos)
                got = None
            canon.append(got["entity"] if got is not None else value)
            for col in derived:
                v = got[col] if got is not None else ""
                derived[col].append(v if isinstance(v, str) else "")
        text["entity"] = canon
        for col, values in derived.items():
            if col not in self.columns:
                text[col] = values
                continue
            for pos in range(len(text)):
                given, known = text[col].iloc[pos], values[pos]
                if pos in self.unnamed or not given or _same(col, given, known):
                    continue
                self.report(pos, col, self._cell(pos, col),
                            f"does not match the entity {canon[pos]!r}",
                            f"its {col.replace('_', ' ')} is {known!r}" if known else
                            f"{canon[pos]!r} has no {col.replace('_', ' ')}; leave the cell "
                            "empty")
            text[col] = np.where(text[col].eq(""), values, text[col])

    def years(self) -> None:
        from analysis.scales import eras

        table = eras()
        table = table[table["instrument"] == self.family]
        years = pd.to_numeric(self.text["year"], errors="coerce")
        ok = np.zeros(len(years), dtype=bool)
        for r in table.itertuples():
            ok |= ((years >= r.first_year) & (years <= r.last_year)).to_numpy(dtype=bool)
        spans = ", ".join(str(r.first_year) if r.first_year == r.last_year
                          else f"{r.first_year}-{r.last_year}" for r in table.itertuples())
        for pos in np.flatnonzero(~ok & years.notna().to_numpy(dtype=bool)):
            self.report(pos, "year", self._cell(pos, "year"),
                        f"is not an assessment year of {self.family}",
                        f"years covered: {spans}")

    def values(self) -> None:
        wanted = [c for c in _VALUES[self.family] if c in self.text]
        main = _REQUIRED[self.kind][-1]
        if not wanted:
            return
        blank = self.asread[wanted].apply(lambda s: s.str.strip().eq("")).all(axis=1)
        for pos in np.flatnonzero(blank.to_numpy(dtype=bool)):
            if pos in self.broken:
                continue
            self.report(pos, main, self._cell(pos, main),
                        "the row has no value: no " + ", ".join(
                            self.label(c) for c in wanted),
                        "fill in what the source printed, or delete the row")

    # -- the whole ----------------------------------------------------------------------
    def finish(self, fields, source, on_mismatch) -> pd.DataFrame:
        sch = schema(self.kind)
        numeric = {f["name"]: f["type"] for f in sch["fields"]
                   if f["type"] in ("integer", "number")}
        zones = next(f for f in schema("ombudsman")["fields"]
                     if f["name"] == "zone")["constraints"]["enum"]
        self.numbers(numeric)
        self.labels(zones)
        self.entities()
        self.years()
        self.values()
        text = self.text
        if "unit" in text and "unit_type" not in text:  # derived from the printed name
            from analysis.unit_types import unit_type

            text["unit_type"] = [unit_type(u) if u else "" for u in text["unit"]]
        if "source_id" not in text:
            text["source_id"] = source or f"user:{self.name}"
        text = text[[c for c in text.columns if c in fields]].copy()
        if "score" in text:
            score = pd.to_numeric(text["score"], errors="coerce")
            year = pd.to_numeric(text["year"], errors="coerce")
            over = (score > 100) & ~year.between(2015, 2019)
            for pos in np.flatnonzero(over.to_numpy(dtype=bool)):
                self.report(pos, "score", self._cell(pos, "score"), "is above 100",
                            "scores run from 0 to 100 (some 2015-2019 surveys used 0-110)")
        for pos, field in self.bad:  # a reported cell is not checked again below
            if field in text.columns:
                text.iloc[pos, text.columns.get_loc(field)] = ""
        derived = {"entity_type", "region_code", "province"} - set(self.columns)
        try:
            frame = coerce_to_schema(text, self.kind, file=self.name, row_offset=self.offset)
        except DataError as err:
            frame = None
            for p in err.problems:
                if "+" in str(p.column):  # a duplicate key: name the file's headers
                    pos = self._pos(p.row)
                    column = "+".join(self.label(c) for c in str(p.column).split("+"))
                    self.report(pos, None, p.value, p.message, p.hint, column=column)
                    continue
                pos = self._pos(p.row)
                if pos in self.unnamed and p.column in derived:
                    continue
                self.report(pos, p.column, self._cell(pos, p.column)
                            if p.column in self.asread else p.value,
                            p.message.replace(" (use a dot for decimals in curated tables)", ""),
                            p.hint)
        if frame is not None:
            frame = self._labels(frame, on_mismatch)
        self._raise()
        return frame

    def _pos(self, row: int) -> int:
        return int(row) - self.offset

    def _labels(self, frame, on_mismatch) -> pd.DataFrame:
        from analysis.checks import disagreements

        found = disagreements(frame, self.kind)
        found = found[(found["field"] != "score") & found["official"].ne("")]
        if on_mismatch == "keep":
            frame.attrs["label_disagreements"] = found.assign(
                row=[int(self.rows[i]) for i in found.index]).reset_index(drop=True)
            return frame
        value = "score" if self.family == "ombudsman" else "ipp"
        for pos, r in found.iterrows():
            self.report(int(pos), r["field"], self._cell(int(pos), r["field"]),
                        f"contradicts the {self.label(value)} {self._cell(int(pos), value)} "
                        f"under the {r['year']} rules, which give {r['official']!r}",
                        "correct the cell or the score; to keep the label as printed, pass "
                        "on_mismatch='keep' (the rows are then listed in "
                        "frame.attrs['label_disagreements'])")
        return frame

    def _raise(self) -> None:
        problems = self.problems
        if self.broken:  # an empty or misshapen row: its one problem, not what follows from it
            broken = {int(self.rows[p]): m for p, m in self.broken.items()}
            problems = [p for p in problems if broken.get(p.row, p.message) == p.message]
        if problems:
            order = {h: j for j, h in enumerate(self.header) if h}
            order.update({column_letter(j): j for j in range(len(self.header) + 1)})
            problems.sort(key=lambda p: (p.row or 0, order.get(p.column, -1)))
            raise DataError(problems, limit=_LIMIT)


def _same(column: str, given: str, known: str) -> bool:
    def norm(s: str) -> str:
        s = re.sub(r"\s+", " ", str(s)).strip().lower()
        return re.sub(r"^provinsi ", "", s) if column == "province" else s
    return norm(given) == norm(known)


def _parse_number(cell: str, comma: bool, *, percent: bool, whole: bool):
    """Return (canonical text, None) or ("", (message, hint)) for one numeric cell."""
    if cell == "":
        return "", None
    text = cell
    if text.endswith("%"):
        if not percent:
            return "", ("is a percentage", "write the number without %")
        text = text[:-1].strip()
    if not _NUMBER.fullmatch(text):
        return "", ("is not a number", "write digits with a decimal comma or point, e.g. 95,25")
    if comma and _THOUSANDS.fullmatch(text):
        return "", ("is ambiguous in a file with decimal commas: a thousands dot (1.234 = "
                    "1234) or a decimal point", "write the decimals with a comma, as in the "
                    "rest of the file (1,234), or the number without a dot")
    number = Decimal(re.sub(r"\s+", "", text).replace(",", "."))
    if whole:
        if number != number.to_integral_value():
            return "", ("is not a whole number", "write a whole number, e.g. 2024")
        if abs(number) >= _MAX_WHOLE:
            return "", ("is too large", "a year or rank has at most 9 digits")
        return str(int(number)), None
    return format(number, "f"), None


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
