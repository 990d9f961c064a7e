"""Reading the data rows of a user's score table, cell by cell, every problem once.

:class:`_Rows` parses numbers (decimal commas, percentages), labels
(assessor, zone), entity names, years and values, then types the result
against the schema (:func:`analysis.loading.coerce_to_schema`) and raises one
:class:`analysis.DataError` listing every problem. Used by
:func:`analysis.importing.read_scores`.
"""

from __future__ import annotations

import re
from decimal import Decimal

import numpy as np
import pandas as pd

from analysis.errors import DataError, Problem
from analysis.import_header import _REQUIRED
from analysis.loading import coerce_to_schema, enumeration, schema
from analysis.rawtable import SPREADSHEET_ERRORS, column_letter
from analysis.texts import message as _msg

__all__: list[str] = []

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
_LIMIT = 50


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
                self.broken[pos] = message = _msg("rows.empty")
                self.report(pos, None, None, message, _msg("rows.empty_hint"))
            elif self.raw.csv and filled and filled[-1] >= max(width, 1):
                # more fields than the header: every value after the split is misplaced
                j = filled[-1]
                self.broken[pos] = message = _msg("rows.too_many_fields",
                                                  letter=column_letter(j), n=len(cells),
                                                  width=width)
                self.report(pos, None, cells[j], message,
                            _msg("rows.too_many_fields_hint", sep=self.raw.separator),
                            column=column_letter(j))
            elif self.raw.csv and len(cells) < width:
                self.broken[pos] = message = _msg("rows.too_few_fields", n=len(cells),
                                                  width=width)
                self.report(pos, value=None, message=message,
                            hint=_msg("rows.too_few_fields_hint", empty=self.raw.separator * 2),
                            **self._where(len(cells)))
            for j, cell in enumerate(cells):
                if j in used or not cell.strip():
                    continue
                if (j >= len(self.header) or not self.header[j]) and pos not in self.broken:
                    self.report(pos, None, cell,
                                _msg("rows.no_header", letter=column_letter(j)),
                                _msg("rows.no_header_hint"), column=column_letter(j))
            for field, j in self.columns.items():
                value = cells[j] if j < len(cells) else ""
                if j in flags:
                    message, hint = flags[j]
                    self.report(pos, field, value, message, hint)
                    value = ""
                elif value.strip() in SPREADSHEET_ERRORS:
                    self.report(pos, field, value, _msg("raw.spreadsheet_error"),
                                _msg("raw.spreadsheet_error_hint"))
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
                            _msg("rows.assessor"), _msg("rows.assessor_hint"))
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
                                _msg("rows.two_zones", zones=", ".join(dict.fromkeys(words))),
                                _msg("rows.two_zones_hint", accepted=", ".join(zones)))
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
                what = _msg(f"field.{col}")
                self.report(pos, col, self._cell(pos, col),
                            _msg("rows.not_entity", entity=canon[pos]),
                            _msg("rows.entity_has", what=what, known=known) if known else
                            _msg("rows.entity_has_none", what=what, entity=canon[pos]))
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
                        _msg("rows.year", family=self.family),
                        _msg("rows.year_hint", spans=spans))

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
                        _msg("rows.no_value", columns=", ".join(self.label(c) for c in wanted)),
                        _msg("rows.no_value_hint"))

    # -- the whole ----------------------------------------------------------------------
    def finish(self, fields, source, on_mismatch) -> pd.DataFrame:
        sch = schema(self.kind)
        numeric = {f["name"]: f["type"] for f in sch["fields"]
                   if f["type"] in ("integer", "number")}
        zones = list(enumeration("ombudsman", "zone"))
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
                self.report(pos, "score", self._cell(pos, "score"), _msg("rows.over_100"),
                            _msg("rows.over_100_hint"))
        for pos, field in self.bad:  # a reported cell is not checked again below
            if field in text.columns:
                text.iloc[pos, text.columns.get_loc(field)] = ""
        derived = {"entity_type", "region_code", "province"} - set(self.columns)
        try:
            frame = coerce_to_schema(text, self.kind, file=self.name, row_offset=self.offset,
                                     curated=False)
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
                            if p.column in self.asread else p.value, p.message, p.hint)
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
                        _msg("rows.contradicts", label=self.label(value),
                             value=self._cell(int(pos), value), year=r["year"],
                             official=r["official"]),
                        _msg("rows.contradicts_hint"))
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
            return "", (_msg("num.percent"), _msg("num.percent_hint"))
        text = text[:-1].strip()
    if not _NUMBER.fullmatch(text):
        return "", (_msg("num.not_number"), _msg("num.not_number_hint"))
    if comma and _THOUSANDS.fullmatch(text):
        return "", (_msg("num.ambiguous"), _msg("num.ambiguous_hint"))
    number = Decimal(re.sub(r"\s+", "", text).replace(",", "."))
    if whole:
        if number != number.to_integral_value():
            return "", (_msg("num.not_whole"), _msg("num.not_whole_hint"))
        if abs(number) >= _MAX_WHOLE:
            return "", (_msg("num.too_large"), _msg("num.too_large_hint"))
        return str(int(number)), None
    return format(number, "f"), None
