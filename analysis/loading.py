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
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.coercion import coerce_frame
from analysis.errors import DataError, Problem, speaking
from analysis.texts import active_lang
from analysis.texts import message as _msg

__all__ = [
    "load",
    "tables",
    "descriptor",
    "schema",
    "enumeration",
    "read_table_file",
    "coerce_to_schema",
    "check_columns",
    "check_package",
    "package_problems",
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
        raise DataError.plain(_msg("load.name_type", type=type(name).__name__, name=name),
                              _msg("load.name_type_hint"))
    resources = {r["name"]: r for r in _descriptor()["resources"]}
    if name not in resources:
        import difflib

        near = difflib.get_close_matches(name, list(resources), n=3, cutoff=0.4)
        hint = _msg("load.did_you_mean", near=", ".join(map(repr, near))) if near else ""
        raise DataError.plain(_msg("load.no_table", name=name),
                              hint + _msg("load.tables_are", tables=", ".join(sorted(resources))))
    return resources[name]


def schema(name: str) -> dict:
    """Return the Table Schema of table ``name`` (fields, primaryKey, foreignKeys)."""
    res = _resource(name)
    out = copy.deepcopy(res["schema"])
    out.setdefault("foreignKeys", copy.deepcopy(res.get("foreignKeys", [])))
    return out


def enumeration(name: str, field: str) -> tuple[str, ...]:
    """Return the accepted values of a coded column of table ``name``, in the descriptor's order.

    Raises
    ------
    DataError
        When the table has no such column, or the column has no enumeration.

    Examples
    --------
    >>> from analysis.loading import enumeration
    >>> enumeration("pekppp", "assessor")
    ('ministry', 'self')
    """
    for f in _resource(name)["schema"]["fields"]:
        if f["name"] == field:
            if "enum" not in f.get("constraints", {}):
                break
            return tuple(f["constraints"]["enum"])
    raise DataError.plain(_msg("load.no_enum", table=name, field=field), _msg("load.no_enum_hint"))


def coerce_to_schema(raw: pd.DataFrame, table: str, file: str | None = None,
                     row_offset: int = 2, curated: bool = True) -> pd.DataFrame:
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
    curated : bool
        False for a user's file: an unreadable number is then not told to use a
        decimal dot (as the curated tables must).

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
    return coerce_frame(raw, res["schema"],   # shared and read-only there: no copy
                        file or f"data/{res['path']}", row_offset, curated)


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
    expected = _msg("load.descriptor_lists", names=", ".join(names))
    problems = [Problem(file, 1, c, None, _msg("load.column_missing"), expected)
                for c in names if c not in header]
    problems += [Problem(file, 1, c, None, _msg("load.column_unknown"), expected)
                 for c in header if c not in names]
    if not problems:
        for i, (got, want) in enumerate(zip(header, names, strict=False)):
            if got != want:
                problems.append(Problem(file, 1, got, None,
                                        _msg("load.column_moved", i=i + 1, want=want), expected))
                break
        if not problems:  # the same names, one of them twice
            twice = next(c for c in header if header.count(c) > 1)
            problems.append(Problem(file, 1, twice, None, _msg("load.column_twice"), expected))
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
        _CACHE[key] = read_table_file(path, name, file=f"data/{res['path']}")
    return _CACHE[key].copy(deep=True)


def read_table_file(path: Path, name: str, file: str | None = None) -> pd.DataFrame:
    """Read a CSV file in the format of table ``name``, typed and checked as :func:`load` does.

    For another copy of ``data/`` (the curation tool writes and reads one); ``file`` is how
    messages name the file (default its path). Not cached.
    """
    file = file or str(path)
    raw = pd.read_csv(path, dtype=object, keep_default_na=False, encoding="utf-8")
    check_columns(list(raw.columns), name, file=file)
    return coerce_to_schema(raw, name, file=file)


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


def check_package(lang: str | None = None) -> list[str]:
    """Validate the whole data package with the Frictionless library.

    Checks every constraint, primary key and foreign key. Returns the list of
    problems as readable lines (empty when the package is valid), each framed
    as a :class:`analysis.errors.Problem` (file, row, column, value). ``lang``
    (default ``ANALYSIS_LANG``, else English): in English a line ends with
    Frictionless's own error type and note; in Indonesian ("id") with a
    description of the error type built from the error's fields.
    """
    return [line for _, line in package_problems(lang)]


def package_problems(lang: str | None = None) -> list[tuple[str | None, str]]:
    """Return the lines of :func:`check_package` with the file each is about.

    Returns
    -------
    list of (str or None, str)
        ``("data/<table>.csv", line)``, or ``(None, line)`` for a problem of the
        package as a whole.
    """
    with speaking(lang):
        frictionless = _import_frictionless()
        with _shared_lookups(frictionless):
            report = frictionless.validate(str(paths.data_dir() / "datapackage.json"))
        lines = []
        for task in report.tasks:
            file = f"data/{Path(task.place).name}" if task.place else None
            for err in task.errors:
                cell = getattr(err, "cell", None)
                lines.append((file, str(Problem(
                    file, getattr(err, "row_number", None) or None,
                    getattr(err, "field_name", None) or None,
                    None if cell in (None, "") else cell, _frictionless_message(err)))))
        lines.extend((None, _frictionless_message(e)) for e in report.errors)
    return lines


def _frictionless_message(err) -> str:
    """Return "type: note" as Frictionless writes it (English), or its Indonesian account."""
    if active_lang() == "en":   # Frictionless's own words, as before
        return f"{err.type}: {err.note}"
    if err.type == "foreign-key":
        return _msg("fl.foreign-key", values=", ".join(map(repr, err.field_cells)),
                    table=err.reference_name, columns=", ".join(err.field_names))
    known = {"type-error", "constraint-error", "primary-key", "unique-error", "missing-cell",
             "extra-cell", "blank-row", "incorrect-label", "missing-label", "extra-label",
             "duplicate-label"}
    if err.type in known:
        return _msg(f"fl.{err.type}")
    return _msg("fl.other", type=err.type, note=err.note)


@contextmanager
def _shared_lookups(frictionless):
    """Read each table a foreign key points at once per validation, not once per table.

    Frictionless builds, for every table it checks, the set of key values of each table
    its foreign keys reference (``sources`` is read again for each of the ten tables that
    cite it: half the time of a validation). The same sets are built here once and handed
    to every table; the check of each row, and so every verdict, stays Frictionless's.
    Self references, and a version of Frictionless without this step, take the library's
    own path.
    """
    from frictionless.resources import TableResource
    from frictionless.table import Lookup

    original = getattr(TableResource, "_TableResource__open_lookup", None)
    if original is None:   # another version: validate as it does
        yield
        return
    built: dict[tuple, set] = {}

    def open_lookup(self):
        fks = self.schema.foreign_keys
        if not self.package or any(
                fk["reference"]["resource"] in ("", self.name)
                or not self.package.has_resource(fk["reference"]["resource"]) for fk in fks):
            return original(self)
        lookup = Lookup()
        for fk in fks:
            name, key = fk["reference"]["resource"], tuple(fk["reference"]["fields"])
            if (id(self.package), name, key) not in built:
                source = self.package.get_resource(name).to_copy()
                if source.schema:
                    source.schema.foreign_keys = []
                values: set = set()
                with source:
                    for row in source.row_stream:
                        cells = tuple(row.get(field) for field in key)
                        if set(cells) != {None}:
                            values.add(cells)
                built[(id(self.package), name, key)] = values
            lookup.setdefault(name, {})[key] = built[(id(self.package), name, key)]
        self._TableResource__lookup = lookup

    TableResource._TableResource__open_lookup = open_lookup
    try:
        yield
    finally:
        TableResource._TableResource__open_lookup = original


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
    from analysis.plots.text import label  # the citation's words, in both languages

    text = label("profile.citation", "en", title=descriptor()["title"], version=data_version())
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
