"""Deterministic CSV writing: fixed column order, "\\n" line ends, rows in a stated order."""

from __future__ import annotations

import csv
from pathlib import Path

CONFLICT_FIELDS = ["table", "key", "field", "kept", "kept_source_id", "other", "other_source_id",
                   "decision", "reason", "note"]
REJECTED_FIELDS = ["file", "row", "kind", "entity", "year", "url", "reason"]


def write_csv(path: Path, fieldnames: list[str], rows) -> None:
    """Write ``rows`` (dicts) under ``fieldnames`` as UTF-8 CSV with "\\n" line ends."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fieldnames, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def write_table(path: Path, header: list[str], rows: list[dict]) -> None:
    """Write a table's rows under ``header``; a column a row lacks is written empty."""
    write_csv(path, header, ({h: r.get(h, "") for h in header} for r in rows))


def conflict_rows(conflicts: list[dict], url_to_id: dict[str, str]) -> list[dict]:
    """The rows of conflicts.csv: sorted by table, key, field and the other value; a
    conflict met twice (the same other value from the same address) listed once, as first
    met; addresses replaced by source ids."""
    out, seen = [], set()
    for c in sorted(conflicts, key=lambda c: (c["table"], c["key"], c["field"], c["other"])):
        ident = (c["table"], c["key"], c["field"], c["other"], c["other_url"])
        if ident in seen:
            continue
        seen.add(ident)
        out.append({"table": c["table"], "key": c["key"], "field": c["field"],
                    "kept": c["kept"], "kept_source_id": url_to_id.get(c["kept_url"], ""),
                    "other": c["other"], "other_source_id": url_to_id.get(c["other_url"], ""),
                    "decision": c["decision"], "reason": c["reason"], "note": c["note"]})
    return out
