"""Read the curators' files under a root given by the caller; nothing is read at import."""

from __future__ import annotations

import csv
import glob
import re
from pathlib import Path

from analysis import DataError

# The source types, best first: the order rule (d) of the decision rules uses.
TYPE_RANK = {"issuer": 0, "government": 1, "wire": 2, "news": 3, "document-share": 4,
             "blog": 5, "rewrite": 6}
SOURCE_TYPES = tuple(TYPE_RANK)


def read_csv(path: Path) -> list[dict]:
    """The rows of one UTF-8 CSV file as dicts (column -> text)."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def read_raw(root: Path) -> list[dict]:
    """The raw finds (curation/raw/*.csv, search logs excluded), stripped, each with
    ``_file`` and ``_row`` (the row number as a spreadsheet shows it)."""
    rows = []
    for path in sorted(glob.glob(str(Path(root) / "curation" / "raw" / "*.csv"))):
        if path.endswith("_log.csv"):
            continue  # search logs: see read_search_logs
        with open(path, newline="", encoding="utf-8") as f:
            for i, r in enumerate(csv.DictReader(f), start=2):
                r["_file"], r["_row"] = Path(path).name, i
                rows.append({k: (v or "").strip() if isinstance(v, str) else v
                             for k, v in r.items()})
    return rows


def read_search_logs(root: Path) -> list[tuple[str, dict]]:
    """The curators' search logs (curation/raw/*_log.csv): (group, row) in file order."""
    out = []
    for path in sorted(glob.glob(str(Path(root) / "curation" / "raw" / "*_log.csv"))):
        group = Path(path).name.removesuffix("_log.csv")
        out.extend((group, r) for r in read_csv(Path(path)))
    return out


def read_review(root: Path) -> dict[tuple, str]:
    """curation/review.csv: raw rows a reviewer refused after reading them, with the reason
    (a province-wide average printed as a province's value, a count of part of a group)."""
    path = Path(root) / "curation" / "review.csv"
    if not path.exists():
        return {}
    return {(r["file"], r["url"], r["entity_as_printed"], r["year"], r["kind"]): r["reason"]
            for r in read_csv(path) if r["action"] == "reject"}


def read_source_types(root: Path) -> list[dict]:
    """The code table data/source_types.csv: (match, pattern, source_type), tried in order."""
    rules = read_csv(Path(root) / "data" / "source_types.csv")
    for i, rule in enumerate(rules, start=2):
        if rule["source_type"] not in TYPE_RANK or rule["match"] not in ("host", "url"):
            raise DataError.plain(f"data/source_types.csv row {i}: {rule}",
                                  f"match is host or url; source_type one of {SOURCE_TYPES}")
    return rules


def read_sources(root: Path) -> list[dict]:
    """The sources table as it stands (data/sources.csv)."""
    return read_csv(Path(root) / "data" / "sources.csv")


def read_accessed(root: Path) -> dict[str, str]:
    """curation/accessed.csv (written by tools/record_accessed.py from the git history):
    address -> the date (YYYY-MM-DD) of the first commit whose curation/raw cites it."""
    path = Path(root) / "curation" / "accessed.csv"
    if not path.exists():
        raise DataError.plain(f"{path} is missing",
                              "run 'python tools/record_accessed.py' to write it")
    out: dict[str, str] = {}
    for i, r in enumerate(read_csv(path), start=2):
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["accessed"]) or r["url"] in out:
            raise DataError.at("curation/accessed.csv", i, "accessed", r["accessed"],
                               "not a YYYY-MM-DD date, or a second row for its address",
                               "run 'python tools/record_accessed.py' to rewrite the file")
        out[r["url"]] = r["accessed"]
    return out


def read_licences(root: Path) -> list[dict]:
    """curation/licences.csv: per publisher domain, the licence or copyright statement one of
    its pages prints (``statement``, verbatim) and the address it was read at (``url``)."""
    path = Path(root) / "curation" / "licences.csv"
    rows = read_csv(path) if path.exists() else []
    for i, r in enumerate(rows, start=2):
        for column in ("domain", "licence", "statement", "url"):
            if not r.get(column):
                raise DataError.at("curation/licences.csv", i, column, r.get(column, ""),
                                   "is empty: a licence is recorded only with the statement "
                                   "as printed and the address it was read at",
                                   "fill domain, licence, statement and url")
    return rows


def read_seeds(root: Path, table: str) -> list[dict]:
    """Hand-curated seed rows of one table (curation/seeds/<table>.csv), or []."""
    path = Path(root) / "curation" / "seeds" / f"{table}.csv"
    return read_csv(path) if path.exists() else []
