"""Compile data/regions.csv from the two official region lists.

Maintainer tool, not part of the package: the package reads the compiled
``data/regions.csv`` and never the inputs below.

Inputs (CSV extracts of the official lists, as compiled by the open project
cahyadsn/wilayah, MIT License):

* Keputusan Menteri Dalam Negeri No. 300.2.2-2430 Tahun 2025 -- 38 provinces,
  416 regencies, 98 cities, with codes, area and 2025 population;
* Permendagri No. 72 Tahun 2019 -- the 34-province frame the Ombudsman
  assessed through 2024.

Each region of the 2025 list is matched to its 2019 entry: by code where the
code is unchanged, and by name within the old province for the regencies of
the four provinces split from Papua and Papua Barat in 2022. A region of
either list that finds no partner stops the script.

Usage::

    python tools/compile_regions.py ../shared/reference data/regions.csv
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

SOURCE_2025 = "kepmendagri-300.2.2-2430-2025"
SOURCE_2019 = "permendagri-72-2019"

def _norm(name: str) -> str:
    s = name.lower().replace("kabupaten adm.", "kabupaten administrasi")
    s = s.replace("kota adm.", "kota administrasi")
    s = re.sub(r"[^a-z0-9]+", "", s)
    return s


def _read(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def compile_regions(reference: Path) -> list[dict]:
    """Return the rows of regions.csv, 2025 frame with the 2019 frame attached."""
    new = _read(reference / "regions_kepmendagri_2025.csv")
    old = _read(reference / "regions_permendagri_72_2019.csv")
    old_by_code = {r["code"]: r for r in old}
    new_papua_provinces = {"93": "91", "94": "91", "95": "91", "96": "92"}
    used: set[str] = set()
    rows = []
    for r in new:
        code, prov = r["code"], r["province_code"]
        partner = None
        if prov in new_papua_provinces:
            old_prov = new_papua_provinces[prov]
            if r["type"] == "provinsi":
                partner = None  # a new province has no 2019 entry of its own
                old_province_row = old_by_code[old_prov]
            else:
                cands = [
                    o for o in old
                    if o["province_code"] == old_prov and o["type"] == r["type"]
                    and _norm(o["name"]) == _norm(r["name"])
                ]
                if len(cands) != 1:
                    raise SystemExit(f"no unique 2019 partner for {code} {r['name']}: {cands}")
                partner = cands[0]
                old_province_row = old_by_code[old_prov]
        else:
            partner = old_by_code.get(code)
            if partner is None or partner["type"] != r["type"]:
                raise SystemExit(f"no 2019 partner for {code} {r['name']}")
            old_province_row = old_by_code[partner["province_code"]]
        if partner is not None:
            used.add(partner["code"])
        rows.append({
            "region_code": code,
            "name": r["name"],
            "type": r["type"],
            "province_code": prov,
            "province": r["province"],
            "code_2019": partner["code"] if partner else "",
            "name_2019": partner["name"] if partner else "",
            "province_code_2019": old_province_row["code"],
            "province_2019": old_province_row["name"],
            "area_km2": r["area_km2"],
            "population_2025": r["population_2025"],
            "source_id": SOURCE_2025,
            "source_id_2019": SOURCE_2019,
        })
    unmatched = [o for o in old if o["code"] not in used]
    if unmatched:
        raise SystemExit(f"2019 regions without a 2025 partner: {unmatched}")
    return rows


def main(argv: list[str]) -> int:
    reference, out = Path(argv[1]), Path(argv[2])
    rows = compile_regions(reference)
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} regions to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
