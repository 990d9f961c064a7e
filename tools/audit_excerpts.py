"""Independent agreement check: re-read each scored value from its excerpt, compare.

Maintainer tool, not part of the package; run by hand, prints to stdout, writes nothing.

For every row of data/ombudsman.csv, ombudsman_units.csv, pekppp.csv and
pekppp_units.csv that has a value (``score`` or ``ipp``), it looks in the row's
``excerpt`` for the entity's name and takes the first number printed after it in the
instrument's range (0-110 for a compliance score, 0-5 for a PEKPPP index), within a
short window, preferring one printed with decimals, skipping dates (12/1, 2023) and
numbers glued to a slash or a percent sign.
Names are tried from the most to the least specific, and the first that is followed by a
number wins: the unit's name (unit tables), the canonical name, its typed spellings
("Kab. Banyumas", "Pemkab Banyumas", "Pemprov Jawa Tengah"), its aliases in
data/name_aliases.csv, and the bare name ("Banyumas"). The extraction shares no code
with tools/merge_curation.py, so a value both agree on was read twice.

It prints the agreement per table and overall, then every disagreement (a different
number, or no number found after the name, or the name not found) with the excerpt, for a
person to read: a real error is fixed in curation/raw (or rejected there with a reason),
an artefact of this simple reading is only noted.

Usage::

    python tools/audit_excerpts.py [--quiet]
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLES = {"ombudsman": ("score", 110.0), "ombudsman_units": ("score", 110.0),
          "pekppp": ("ipp", 5.0), "pekppp_units": ("ipp", 5.0)}
WINDOW = 160  # characters after the name in which the number must start
NUMBER = re.compile(r"(?<![\d/.,])(\d{1,3}(?:[.,]\d+)?)(?![\d/%]|[.,]\d)")
PREFIXES = {"kabupaten": ("Kabupaten", "Kab.", "Kab", "Pemkab", "Pemerintah Kabupaten"),
            "kota": ("Kota", "Pemkot", "Pemko", "Pemerintah Kota"),
            "provinsi": ("Provinsi", "Prov.", "Pemprov", "Pemerintah Provinsi")}


def _read(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def name_tiers(entity: str, aliases: dict[str, list[str]], unit: str = "") -> list[list[str]]:
    """The spellings to look for, most specific first, one list per tier."""
    kind = next((k for k in PREFIXES if entity.lower().startswith(k + " ")), "")
    core = entity.split(" ", 1)[1] if kind else entity
    typed = [f"{p} {core}" for p in PREFIXES.get(kind, ())]
    tiers = [[unit]] if unit else []
    tiers += [[entity], typed, aliases.get(entity, [])]
    if kind:
        tiers.append([core])
    return [t for t in tiers if t]


def number_after(text: str, start: int, top: float) -> float | None:
    """The first number in [0, top] printed with decimals ("95,25") that starts within WINDOW
    characters after ``start``; else the first whole number in range (a rank or a count is
    usually whole, a score rarely)."""
    found = [m.group(1) for m in NUMBER.finditer(text, start, start + WINDOW)
             if float(m.group(1).replace(",", ".")) <= top]
    decimal = [n for n in found if "," in n or "." in n]
    pick = (decimal or found or [None])[0]
    return None if pick is None else float(pick.replace(",", "."))


def extract(excerpt: str, tiers: list[list[str]], top: float) -> tuple[str, float | None]:
    """('found', value), ('no-number', None) or ('no-name', None) for one excerpt."""
    seen_name = False
    for tier in tiers:
        hits = []
        for name in tier:
            for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", excerpt, re.I):
                hits.append((m.start(), m.end()))
        seen_name = seen_name or bool(hits)
        for _, end in sorted(hits):
            value = number_after(excerpt, end, top)
            if value is not None:
                return "found", value
    return ("no-number" if seen_name else "no-name"), None


def audit(root: Path = ROOT) -> list[dict]:
    """One dict per scored row: table, entity, unit, year, recorded, status, extracted, ..."""
    aliases: dict[str, list[str]] = {}
    for r in _read(root / "data" / "name_aliases.csv"):
        aliases.setdefault(r["canonical"], []).append(r["alias"])
    out = []
    for table, (column, top) in TABLES.items():
        for r in _read(root / "data" / f"{table}.csv"):
            if not r[column]:
                continue
            tiers = name_tiers(r["entity"], aliases, r.get("unit", ""))
            status, value = extract(r["excerpt"], tiers, top)
            recorded = float(r[column])
            if status == "found" and abs(value - recorded) > 1e-9:
                status = "differs"
            out.append({"table": table, "entity": r["entity"], "unit": r.get("unit", ""),
                        "year": r["year"], "assessor": r.get("assessor", ""),
                        "recorded": r[column], "status": status, "extracted": value,
                        "source_id": r["source_id"], "excerpt": r["excerpt"]})
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the agreement and, unless --quiet, every disagreement."""
    argv = sys.argv[1:] if argv is None else argv
    rows = audit()
    for table in [*TABLES, "all"]:
        part = [r for r in rows if table in ("all", r["table"])]
        agree = sum(r["status"] == "found" for r in part)
        counts = {s: sum(r["status"] == s for r in part) for s in ("differs", "no-number",
                                                                   "no-name")}
        print(f"{table:<16} {agree:5d}/{len(part):<5d} agree ({100 * agree / len(part):5.1f}%)  "
              + "  ".join(f"{k} {v}" for k, v in counts.items()))
    if "--quiet" not in argv:
        for r in rows:
            if r["status"] != "found":
                who = r["entity"] + (f" / {r['unit']}" if r["unit"] else "")
                print(f"\n[{r['status']}] {r['table']} {who} {r['year']} {r['assessor']} "
                      f"recorded {r['recorded']} read {r['extracted']} ({r['source_id']})\n"
                      f"    {r['excerpt']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
