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
names it) and value. No row is dropped or changed silently: rows in = rows
out.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.errors import DataError, Problem
from analysis.loading import coerce_to_schema, load, schema

__all__ = ["read_scores", "combine", "KINDS"]

KINDS = ("ombudsman", "ombudsman_units", "pekppp", "pekppp_units")
_REQUIRED = {
    "ombudsman": ["entity", "year", "score"],
    "ombudsman_units": ["entity", "unit", "year", "score"],
    "pekppp": ["entity", "year", "assessor", "ipp"],
    "pekppp_units": ["entity", "unit", "year", "assessor", "ipp"],
}
_NUMERIC = {"score", "ipp", "year", "rank", "rank_of", "rank_in_province", "rank_in_province_of"}
_ASSESSOR = {
    "self": "self", "mandiri": "self", "penilaian mandiri": "self", "self-assessment": "self",
    "pekppp mandiri": "self",
    "ministry": "ministry", "kementerian": "ministry", "kemenpan-rb": "ministry",
    "kemenpanrb": "ministry", "kemenpan rb": "ministry", "menpan": "ministry",
    "menpan rb": "ministry", "evaluasi kementerian": "ministry",
}
_NUMBER = re.compile(r"^[+-]?\d+(?:\s*[.,]\s*\d+)?$")
_LIMIT = 50


def _norm_header(text: str) -> str:
    return re.sub(r"\s+", " ", str(text).replace("\ufeff", "")).strip().lower()


def _header_map(kind: str) -> dict[str, str]:
    aliases = load("header_aliases")
    family = "ombudsman" if kind.startswith("ombudsman") else "pekppp"
    rows = aliases[aliases["kind"].isin(["all", family])]
    return {_norm_header(a): ("" if pd.isna(c) else str(c))
            for a, c in zip(rows["alias"], rows["column"], strict=True)}


def _read_raw(path: Path, sheet) -> pd.DataFrame:
    """Read every cell as text; raise for empty or unreadable files."""
    name = path.name
    if not path.exists():
        raise DataError.at(name, message="file not found", hint=f"check the path {path}")
    data = path.read_bytes()
    if not data.strip():
        raise DataError.at(name, message="the file is empty",
                           hint="a header row and at least one data row are needed")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            frame = pd.read_excel(io.BytesIO(data), sheet_name=sheet or 0, dtype=str,
                                  engine="openpyxl", keep_default_na=False, na_values=[])
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise DataError.at(name, message=f"cannot be read as XLSX ({exc})",
                               hint="save it again from the spreadsheet program as .xlsx") from None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise DataError.at(name, row=line, value=data[exc.start:exc.start + 8],
                               message="is not UTF-8 text",
                               hint="save the file as 'CSV UTF-8' (Excel) or UTF-8 (any editor)"
                               ) from None
        first = text.splitlines()[0] if text.splitlines() else ""
        sep = ";" if first.count(";") > first.count(",") else ","
        frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                            na_values=[], skip_blank_lines=False)
        # a trailing empty line is not a row; any other blank row is reported later
        while len(frame) and (frame.iloc[-1].str.strip() == "").all():
            frame = frame.iloc[:-1]
    frame = frame.fillna("").astype(str)
    if frame.shape[1] == 0 or len(frame) == 0:
        raise DataError.at(name, message="the file has no data rows",
                           hint="a header row and at least one data row are needed")
    return frame


def read_scores(path, kind: str = "ombudsman", *, sheet=None,
                source: str | None = None) -> pd.DataFrame:
    """Read a user's own score table into the schema of ``analysis.load(kind)``.

    Parameters
    ----------
    path : str or Path
        A ``.csv`` (comma- or semicolon-separated, UTF-8 with or without a
        byte-order mark) or ``.xlsx`` file.
    kind : {"ombudsman", "ombudsman_units", "pekppp", "pekppp_units"}
        Which table's schema the file follows. Only the key and value columns
        are required: for "ombudsman" entity, year, score; for "pekppp"
        entity, year, assessor (Mandiri/Kementerian), ipp; the unit tables add
        unit.
    sheet : str or int, optional
        Sheet of an XLSX file (default the first).
    source : str, optional
        Value for ``source_id`` where the file has no source column (default
        ``user:<file name>``).

    Returns
    -------
    DataFrame
        The columns of ``analysis.load(kind)``, typed the same way, one row per
        row of the file, in order. Entity names are canonical; entity_type,
        region_code and province are derived from the name (via
        ``data/regions.csv``) where the file lacks them; for the unit tables,
        unit_type is derived from the printed unit name
        (:func:`analysis.unit_types.unit_type`) where the file lacks it.

    Raises
    ------
    analysis.DataError
        Listing every problem (up to 50): unparseable numbers, values out of
        scale, blank required cells, years outside the instrument's eras,
        duplicate keys (naming both rows), missing required columns (listing
        the accepted headers), unknown columns, unknown entities (with the
        nearest candidates), empty files, unreadable encodings.

    Examples
    --------
    >>> import analysis
    >>> frame = analysis.read_scores("my_annex.csv", kind="ombudsman")  # doctest: +SKIP
    """
    if kind not in KINDS:
        raise DataError.plain(f"unknown kind {kind!r}", "use one of " + ", ".join(KINDS))
    path = Path(path)
    name = path.name
    raw = _read_raw(path, sheet)
    headers = _header_map(kind)
    fields = [f["name"] for f in schema(kind)["fields"]]
    problems: list[Problem] = []
    columns, original = {}, {}
    for col in raw.columns:
        key = _norm_header(col)
        target = headers.get(key, key if key in fields else None)
        if target not in fields and target != "":
            target = None
        if target is None:
            problems.append(Problem(name, 1, str(col), None, "unknown column",
                                    "accepted headers: " + _accepted(headers, fields)))
        elif target == "":
            continue  # a row-number column
        elif target in columns:
            problems.append(Problem(name, 1, str(col), None,
                                    f"a second column for {target!r} (first: {original[target]!r})",
                                    "keep one column per field"))
        else:
            columns[target] = col
            original[target] = str(col)
    for req in _REQUIRED[kind]:
        if req not in columns:
            problems.append(Problem(name, 1, req, None, "required column is missing",
                                    "accepted headers for it: " + ", ".join(
                                        sorted({a for a, c in headers.items() if c == req}))))
    if problems:
        raise DataError(problems)
    text = pd.DataFrame({t: raw[c].str.strip() for t, c in columns.items()})
    rows = np.arange(len(text)) + 2
    for col in [c for c in text.columns if c in _NUMERIC]:
        cell = text[col]
        ok = cell.eq("") | cell.str.fullmatch(_NUMBER.pattern)
        for i in np.flatnonzero(~ok.to_numpy(dtype=bool)):
            problems.append(Problem(name, int(rows[i]), original[col], cell.iloc[i],
                                    "is not a number",
                                    "write digits with a decimal comma or point, e.g. 95,25"))
        text[col] = cell.str.replace(r"\s+", "", regex=True).str.replace(",", ".", regex=False)
    if "assessor" in text:
        mapped = text["assessor"].str.lower().map(_ASSESSOR)
        for i in np.flatnonzero((mapped.isna() & text["assessor"].ne("")).to_numpy()):
            problems.append(Problem(name, int(rows[i]), original["assessor"],
                                    text["assessor"].iloc[i], "is not a known assessor",
                                    "write Mandiri (self-assessment) or Kementerian (ministry)"))
        text["assessor"] = mapped.fillna(text["assessor"])
    for col, case in (("zone", str.lower), ("entity_type", str.lower), ("grade", str.upper),
                      ("category", str.upper)):
        if col in text:
            text[col] = text[col].map(case)
    if "zone" in text:  # "Zona Hijau", "hijau (green)" -> hijau
        text["zone"] = text["zone"].str.extract(r"(hijau|kuning|merah)", expand=False).fillna(
            text["zone"])
    problems += _resolve_entities(text, rows, name, original)
    problems += _check_years(text, rows, name, original, kind)
    if "unit" in text and "unit_type" not in text:  # derived from the printed name
        from analysis.unit_types import unit_type

        text["unit_type"] = [unit_type(u) if u else "" for u in text["unit"]]
    if "source_id" not in text:
        text["source_id"] = source or f"user:{name}"
    text = text[[c for c in text.columns if c in fields]]  # derived columns the kind lacks
    if "score" in text:
        score = pd.to_numeric(text["score"], errors="coerce")
        year = pd.to_numeric(text["year"], errors="coerce")
        over = (score > 100) & ~year.between(2015, 2019)
        for i in np.flatnonzero(over.to_numpy(dtype=bool)):
            problems.append(Problem(name, int(rows[i]), original["score"], raw[columns["score"]]
                                    .iloc[i], "is above 100",
                                    "scores run from 0 to 100 (some 2015-2019 surveys used 0-110)"))
    seen = {(p.row, p.column) for p in problems}
    unnamed = {p.row for p in problems if p.column == original["entity"]}
    unnamed |= set(rows[text["entity"].eq("").to_numpy()].tolist())
    derived = {"entity_type", "region_code", "province"} - set(original)
    try:
        frame = coerce_to_schema(text, kind, file=name)
    except DataError as err:
        for p in err.problems:  # the schema's checks, named by the file's headers
            column = "+".join(original.get(c, c) for c in str(p.column).split("+"))
            if (p.row, column) in seen or (p.row in unnamed and p.column in derived):
                continue
            problems.append(Problem(p.file, p.row, column, p.value, p.message, p.hint))
    if problems:
        problems.sort(key=lambda p: (p.row or 0, str(p.column)))
        raise DataError(problems, limit=_LIMIT)
    return frame


def _accepted(headers: dict, fields: list[str]) -> str:
    names = sorted({a for a, c in headers.items() if c in fields} | set(fields))
    return ", ".join(names)


def _resolve_entities(text: pd.DataFrame, rows, name, original) -> list[Problem]:
    from analysis.regions import resolve

    problems = []
    entity = text["entity"]
    blank = entity.eq("")
    resolved = {}
    for value in pd.unique(entity[~blank]):
        try:
            resolved[value] = resolve([value]).iloc[0]
        except DataError as err:
            resolved[value] = err.problems[0]
    types, codes, provs, canon = [], [], [], []
    for i, value in enumerate(entity):
        got = resolved.get(value)
        if isinstance(got, Problem):
            problems.append(Problem(name, int(rows[i]), original["entity"], value,
                                    got.message, got.hint))
            got = None
        canon.append(got["entity"] if got is not None else value)
        types.append(got["entity_type"] if got is not None else "")
        codes.append(got["region_code"] if got is not None and isinstance(
            got["region_code"], str) else "")
        provs.append(got["province"] if got is not None and isinstance(
            got["province"], str) else "")
    if "entity_type" in text:
        given = text["entity_type"].str.lower()
        for i in np.flatnonzero((given.ne("") & (given != pd.Series(types)) &
                                 pd.Series(types).ne("")).to_numpy()):
            problems.append(Problem(name, int(rows[i]), original["entity_type"],
                                    text["entity_type"].iloc[i],
                                    f"does not match the entity {canon[i]!r}",
                                    f"its type is {types[i]!r}"))
    text["entity"] = canon
    for col, derived in (("entity_type", types), ("region_code", codes), ("province", provs)):
        current = text[col] if col in text else pd.Series([""] * len(text), index=text.index)
        text[col] = np.where(current.eq(""), derived, current)
    return problems


def _check_years(text, rows, name, original, kind) -> list[Problem]:
    from analysis.scales import eras

    table = eras()
    family = "ombudsman" if kind.startswith("ombudsman") else "pekppp"
    table = table[table["instrument"] == family]
    years = pd.to_numeric(text["year"], errors="coerce")
    ok = np.zeros(len(text), dtype=bool)
    for r in table.itertuples():
        ok |= ((years >= r.first_year) & (years <= r.last_year)).to_numpy(dtype=bool)
    bad = ~ok & years.notna().to_numpy(dtype=bool)
    spans = ", ".join(str(r.first_year) if r.first_year == r.last_year
                      else f"{r.first_year}-{r.last_year}" for r in table.itertuples())
    return [Problem(name, int(rows[i]), original["year"], text["year"].iloc[i],
                    f"is not an assessment year of {family}",
                    f"years covered: {spans} (no national Ombudsman assessment in 2020)")
            for i in np.flatnonzero(bad)]


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
