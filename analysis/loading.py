"""Load the curated tables, following ``data/datapackage.json``.

The descriptor is the one place that says what each table holds: its
columns, their types, units, constraints, primary and foreign keys. This
module reads it and nothing else about the tables: :func:`load` types and
checks every column as the descriptor says, :func:`tables` lists what is
there, :func:`check_package` runs the full Frictionless validation
(foreign keys included).

Nothing here touches the network: files are resolved from the package's own
location (:mod:`analysis.paths`), never from the working directory.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import paths
from analysis.errors import DataError, Problem

__all__ = [
    "load",
    "tables",
    "descriptor",
    "schema",
    "coerce_to_schema",
    "check_columns",
    "check_package",
    "data_version",
    "cite",
    "file_stamp",
]

_CACHE: dict[tuple, pd.DataFrame] = {}
_MISSING = ("",)


def file_stamp(path: Path) -> tuple:
    """Return ``(path, modified ns, size)`` of a file: a cache key that changes with the file."""
    st = path.stat()
    return (str(path), st.st_mtime_ns, st.st_size)


_stamp = file_stamp  # the old private name


def _descriptor() -> dict:
    """Return the parsed descriptor, shared (callers here must not change it)."""
    path = paths.data_dir() / "datapackage.json"
    key = ("descriptor",) + file_stamp(path)
    if key not in _CACHE:
        with path.open(encoding="utf-8") as f:
            _CACHE[key] = json.load(f)
    return _CACHE[key]


def descriptor() -> dict:
    """Return the parsed ``data/datapackage.json`` (a fresh copy each call)."""
    return copy.deepcopy(_descriptor())


def _resource(name: str) -> dict:
    if not isinstance(name, str):
        raise DataError.plain(
            f"table name must be a string, got {type(name).__name__} {name!r}",
            "call analysis.tables() to list the table names",
        )
    resources = {r["name"]: r for r in _descriptor()["resources"]}
    if name not in resources:
        import difflib

        near = difflib.get_close_matches(name, list(resources), n=3, cutoff=0.4)
        hint = f"did you mean {', '.join(map(repr, near))}? " if near else ""
        raise DataError.plain(
            f"no table named {name!r}",
            hint + "tables are: " + ", ".join(sorted(resources)),
        )
    return resources[name]


def schema(name: str) -> dict:
    """Return the Table Schema of table ``name`` (fields, primaryKey, foreignKeys)."""
    res = _resource(name)
    out = copy.deepcopy(res["schema"])
    out.setdefault("foreignKeys", copy.deepcopy(res.get("foreignKeys", [])))
    return out


def _dtype(field: dict):
    c = field.get("constraints", {})
    if field["type"] == "string" and "enum" in c:
        return pd.CategoricalDtype(c["enum"], ordered=bool(field.get("ordered")))
    return {
        "string": pd.StringDtype(),
        "integer": pd.Int64Dtype(),
        "number": "float64",
        "date": "datetime64[ns]",
        "boolean": pd.BooleanDtype(),
    }[field["type"]]


def _stripped(raw: pd.DataFrame) -> np.ndarray:
    """Return a frame's cells as a 2-D object array of stripped text ("" for a missing cell)."""
    cells = raw.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(cells.ravel(), skipna=False) not in ("string", "empty"):
        cells = raw.astype("string").fillna("").to_numpy(dtype=object)
    return _STRIP(cells) if cells.size else cells


_STRIP = np.frompyfunc(str.strip, 1, 1)


def _unit_hint(field: dict) -> str:
    c = field.get("constraints", {})
    parts = []
    if "enum" in c:
        parts.append("one of " + ", ".join(c["enum"]))
    if "minimum" in c or "maximum" in c:
        parts.append(f"{c.get('minimum', '-inf')} to {c.get('maximum', 'inf')}")
    if field.get("unit"):
        parts.append(f"unit: {field['unit']}")
    return "expected " + "; ".join(parts) if parts else ""


def coerce_to_schema(raw: pd.DataFrame, table: str, file: str | None = None,
                     row_offset: int = 2) -> pd.DataFrame:
    """Type and check a frame of text cells against the schema of ``table``.

    Parameters
    ----------
    raw : DataFrame
        Cells as text (empty string for a blank cell), columns named as in the
        schema. Extra columns are an error; missing optional columns are added
        empty; missing required columns are an error.
    table : str
        Name of the table whose schema applies.
    file : str, optional
        Name used in error messages (default ``data/<table>.csv``).
    row_offset : int
        Spreadsheet row of the first data row (2 when the header is row 1).

    Returns
    -------
    DataFrame
        The columns of the schema, in its order, typed: categorical for
        enumerations (ordered where the descriptor says so), ``Int64`` for
        integers, ``float64`` for numbers, ``datetime64`` for dates, pandas
        ``string`` otherwise. Same rows, same order.

    Raises
    ------
    DataError
        Listing every bad cell (file, row, column, value, what is accepted) and
        every duplicated primary key (naming both rows).
    """
    res = _resource(table)
    sch = res["schema"]   # shared and read-only here: no copy
    file = file or f"data/{res['path']}"
    fields = sch["fields"]
    names = [f["name"] for f in fields]
    problems: list[Problem] = []
    extra = [c for c in raw.columns if c not in names]
    if extra:
        problems.append(Problem(file, 1, extra[0], None, f"unknown column(s) {extra}",
                                "accepted columns: " + ", ".join(names)))
    for f in fields:
        if f["name"] not in raw.columns and f.get("constraints", {}).get("required"):
            problems.append(Problem(file, 1, f["name"], None, "required column is missing",
                                    "accepted columns: " + ", ".join(names)))
    if problems:
        raise DataError(problems)
    # Cells are handled as NumPy object arrays of stripped text: the checks and the typing
    # are a few vectorized steps per column, not a chain of pandas string operations.
    n_rows = len(raw)
    rows = np.arange(n_rows) + row_offset
    cells_of = _stripped(raw)
    blank_of = cells_of == ""
    where = {name: j for j, name in enumerate(raw.columns)}
    empty = np.full(n_rows, "", dtype=object)
    out, texts = {}, {}
    for f in fields:
        name, c = f["name"], f.get("constraints", {})
        j = where.get(name)
        text = empty if j is None else cells_of[:, j]
        blank = (text == "") if j is None else blank_of[:, j]
        texts[name] = text
        hint = _unit_hint(f)

        def bad(mask, message, _text=text, _name=name, _hint=hint):
            for i in np.flatnonzero(mask):
                problems.append(Problem(file, int(rows[i]), _name, _text[i], message, _hint))

        if c.get("required"):
            bad(blank, "required cell is blank")
        t = f["type"]
        cells = np.where(blank, None, text)
        num = None
        if t == "integer":
            num = pd.to_numeric(cells, errors="coerce").astype("float64")
            wrong = ~blank & (np.isnan(num) | (num % 1 != 0))
            bad(wrong, "is not a whole number")
            huge = ~blank & ~wrong & (np.abs(num) >= 2.0**53)
            bad(huge, "is too large for a whole number")
            wrong |= huge
            num[wrong] = np.nan
            missing = np.isnan(num)
            values = pd.arrays.IntegerArray(np.where(missing, 0, num).astype(np.int64), missing)
        elif t == "number":
            num = pd.to_numeric(cells, errors="coerce").astype("float64")
            wrong = ~blank & np.isnan(num)
            bad(wrong, "is not a number (use a dot for decimals in curated tables)")
            values = num
        elif t == "date":
            values = pd.to_datetime(cells, format="%Y-%m-%d", errors="coerce")
            wrong = ~blank & np.asarray(values.isna(), dtype=bool)
            bad(wrong, "is not a date", _hint="expected YYYY-MM-DD")
            values = values.astype("datetime64[ns]")
        elif t == "boolean":
            truth = {**dict.fromkeys(f.get("trueValues", ["true"]), True),
                     **dict.fromkeys(f.get("falseValues", ["false"]), False)}
            bad(~blank & ~np.isin(text, list(truth)), "is not " + " or ".join(truth))
            values = pd.array([truth.get(v) for v in text], dtype="boolean")
        else:
            values = cells
        if num is not None:
            if "minimum" in c:
                bad(num < c["minimum"], f"is below the minimum {c['minimum']}")
            if "maximum" in c:
                bad(num > c["maximum"], f"is above the maximum {c['maximum']}")
        if "pattern" in c:   # each distinct value matched once
            rx = re.compile(c["pattern"])
            wrong = {v for v in set(text) if v and rx.fullmatch(v) is None}
            if wrong:
                bad(np.fromiter((v in wrong for v in text), bool, n_rows),
                    f"does not match the pattern {c['pattern']!r}")
        codes = None
        if "enum" in c:
            lookup = {v: i for i, v in enumerate(c["enum"])}
            codes = np.fromiter((lookup.get(v, -1) for v in text), np.int64, n_rows)
            bad(~blank & (codes < 0), "is not an accepted value")
        if c.get("unique"):
            dup = pd.Series(text).duplicated(keep=False).to_numpy(dtype=bool) & ~blank
            bad(dup, "is not unique")
        if t == "string":
            dtype = _dtype(f)
            if codes is not None:
                values = pd.Categorical.from_codes(codes, dtype=dtype)
            else:   # StringArray of the cells with NA for blanks; the cells are known to be str
                values = pd.arrays.StringArray(np.where(blank, pd.NA, text))
        out[name] = values
    frame = pd.DataFrame(out, index=pd.RangeIndex(n_rows), copy=False)
    pk = sch.get("primaryKey") or []
    if isinstance(pk, str):
        pk = [pk]
    if pk and len(frame) and len(set(zip(*(texts[k] for k in pk), strict=True))) < len(frame):
        keys = pd.DataFrame({k: texts[k] for k in pk})
        dup = keys.duplicated(keep=False)
        if dup.any():
            for _, grp in keys[dup].groupby(pk, sort=False):
                first, *others = [int(rows[i]) for i in grp.index]
                value = tuple(grp.iloc[0])
                for other in others:
                    problems.append(Problem(
                        file, other, "+".join(pk), value,
                        f"duplicate key: the same {'/'.join(pk)} as row {first}",
                        "keep one row per key, or list the other value as a conflict",
                    ))
    if problems:
        order = {n: i for i, n in enumerate(names)}
        problems.sort(key=lambda p: (p.row or 0, order.get(p.column, -1)))
        raise DataError(problems)
    return frame


def check_columns(header: list[str], table: str, file: str | None = None) -> None:
    """Refuse a curated table whose header differs from the descriptor's fields.

    Parameters
    ----------
    header : list of str
        The column names as the file's first line gives them, in order.
    table : str
        The table whose schema applies.
    file : str, optional
        Name used in messages (default ``data/<table>.csv``).

    Raises
    ------
    DataError
        Naming each missing, unknown or misplaced column.
    """
    names = [f["name"] for f in schema(table)["fields"]]
    if header == names:
        return
    file = file or f"data/{_resource(table)['path']}"
    expected = "the descriptor lists: " + ", ".join(names)
    problems = [Problem(file, 1, c, None, "column is missing from the file", expected)
                for c in names if c not in header]
    problems += [Problem(file, 1, c, None, "column is not in the descriptor", expected)
                 for c in header if c not in names]
    if not problems:
        for i, (got, want) in enumerate(zip(header, names, strict=False)):
            if got != want:
                problems.append(Problem(file, 1, got, None, f"is column {i + 1} of the file; "
                                        f"the descriptor has {want!r} there", expected))
                break
        if not problems:  # the same names, one of them twice
            twice = next(c for c in header if header.count(c) > 1)
            problems.append(Problem(file, 1, twice, None, "column appears twice", expected))
    raise DataError(problems)


def load(name: str) -> pd.DataFrame:
    """Return one curated table, typed and checked against its descriptor.

    Parameters
    ----------
    name : str
        A table name; :func:`tables` lists them (``"ombudsman"``, ``"pekppp"``,
        ``"sources"``, ``"regions"`` ...).

    Returns
    -------
    DataFrame
        The table's columns as ``data/datapackage.json`` describes them (see
        :func:`schema` or ``data/README.md`` for each column's meaning and
        unit). Repeated calls are served from an in-process cache and return a
        copy, so changing the result never changes the next call's.

    Raises
    ------
    DataError
        For an unknown table name, or a cell that breaks the descriptor.

    Examples
    --------
    >>> import analysis
    >>> omb = analysis.load("ombudsman")
    >>> omb.loc[omb.entity.eq("Kabupaten Banyumas") & omb.year.eq(2023), "score"].item()
    96.98
    """
    res = _resource(name)
    path = paths.data_dir() / res["path"]
    key = ("table", name) + file_stamp(path) + file_stamp(paths.data_dir() / "datapackage.json")
    if key not in _CACHE:
        raw = pd.read_csv(path, dtype=object, keep_default_na=False, encoding="utf-8")
        check_columns(list(raw.columns), name, file=f"data/{res['path']}")
        _CACHE[key] = coerce_to_schema(raw, name, file=f"data/{res['path']}")
    return _CACHE[key].copy(deep=True)


def tables() -> pd.DataFrame:
    """List the curated tables.

    Returns
    -------
    DataFrame
        Columns: ``name``, ``title``, ``rows`` (number of data rows),
        ``description``; one row per table, in the descriptor's order.

    Examples
    --------
    >>> import analysis
    >>> "ombudsman" in set(analysis.tables().name)
    True
    """
    recs = []
    for r in _descriptor()["resources"]:
        recs.append({
            "name": r["name"],
            "title": r.get("title", ""),
            "rows": _count_rows(paths.data_dir() / r["path"]),
            "description": r.get("description", ""),
        })
    return pd.DataFrame(recs, columns=["name", "title", "rows", "description"])


def _count_rows(path: Path) -> int:
    """Count a CSV file's data rows without typing them, as :func:`load` reads them.

    Quoted line breaks stay inside their row; blank lines and the header do not count.
    """
    key = ("rows",) + file_stamp(path)
    if key not in _CACHE:
        import csv

        with path.open(encoding="utf-8", newline="") as f:
            _CACHE[key] = sum(1 for row in csv.reader(f) if row) - 1
    return _CACHE[key]


def check_package() -> list[str]:
    """Validate the whole data package with the Frictionless library.

    Checks every constraint, primary key and foreign key. Returns the list of
    problems as readable lines (empty when the package is valid).
    """
    frictionless = _import_frictionless()

    report = frictionless.validate(str(paths.data_dir() / "datapackage.json"))
    lines = []
    for task in report.tasks:
        for err in task.errors:
            row = getattr(err, "row_number", None)
            field = getattr(err, "field_name", None)
            cell = getattr(err, "cell", None)
            where = ", ".join(x for x in [
                f"data/{Path(task.place).name}" if task.place else None,
                f"row {row}" if row else None,
                f"column {field!r}" if field else None,
            ] if x)
            value = f": {cell!r}" if cell not in (None, "") else ""
            lines.append(f"{where}{value}: {err.type}: {err.note}")
    lines.extend(f"{e.type}: {e.note}" for e in report.errors)
    return lines


def _import_frictionless():
    """Import frictionless without the optional IRI parser that jsonschema would build.

    On import, jsonschema looks for ``rfc3987_syntax``, which compiles a few dozen
    grammars (seconds) to check the "iri" string format. Frictionless validates
    descriptors without format checks, so the parser never decides a verdict; it is
    kept out while jsonschema is first imported, and importable again afterwards.
    """
    import sys

    if "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None   # import fails; jsonschema skips that check
        try:
            import jsonschema  # noqa: F401
        finally:
            if sys.modules.get("rfc3987_syntax", False) is None:
                del sys.modules["rfc3987_syntax"]
    import frictionless

    return frictionless


def data_version() -> str:
    """Return the data version: the descriptor's version and a content hash.

    The hash covers the descriptor and every table file, so two copies of the
    data with the same string hold the same bytes.

    Examples
    --------
    >>> import analysis
    >>> analysis.data_version()  # doctest: +SKIP
    '0.1.0+3f2a9c1d0b7e'
    """
    d = descriptor()
    h = hashlib.sha256()
    for p in ["datapackage.json"] + [r["path"] for r in d["resources"]]:
        h.update(p.encode())
        h.update((paths.data_dir() / p).read_bytes())
    return f"{d.get('version', '0')}+{h.hexdigest()[:12]}"


def cite(name: str | None = None) -> str:
    """Return how to cite the data (and, for one table, its source documents).

    Parameters
    ----------
    name : str, optional
        A table name; with it, the citation also counts and lists the source
        documents that table's rows were read in.

    Returns
    -------
    str
        A citation text, with the data version.
    """
    d = descriptor()
    text = (f"{d['title']}. Data version {data_version()}. "
            "Compiled in the penilaian-pelayanan-publik repository (see CITATION.cff); "
            "each value cites its source document in data/sources.csv.")
    if name is None:
        return text
    frame = load(name)
    if "source_id" not in frame.columns:
        return text
    src = load("sources").set_index("source_id")
    used = sorted(set(frame["source_id"].dropna()))
    lines = [text, f"Table {name!r}: {len(frame)} rows from {len(used)} source documents:"]
    for sid in used:
        s = src.loc[sid]
        date = "" if pd.isna(s.published) else f", {s.published:%Y-%m-%d}"
        lines.append(f"- {s.publisher}, \"{s.title}\"{date}. {s.url}")
    return "\n".join(lines)
