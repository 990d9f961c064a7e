"""The curators' search logs compiled into data/search_log.csv (what was searched, where)."""

from __future__ import annotations

import re

SEARCH_LOG_FIELDS = ["pass", "group", "province", "province_as_logged", "year", "instrument",
                     "query", "rows_recorded"]


def search_log_rows(logs: list[tuple[str, dict]], names) -> list[dict]:
    """One row per logged search: its pass, group, 2019-frame province, year and query.

    ``logs`` are (file group, row) pairs as :func:`reading.read_search_logs` gives them;
    provinces are resolved with ``names`` (the root's code tables).
    """
    rows = []
    for group, r in logs:
        number = re.match(r"pass(\d+)_", group)
        year = (r.get("year") or "").strip()
        rows.append({
            "pass": int(number.group(1)) if number else 1,
            "group": re.sub(r"^pass\d+_", "", group),
            "province": names.province_2019(r.get("province", "")) or "unresolved",
            "province_as_logged": (r.get("province") or "").strip(),
            "year": year if re.fullmatch(r"\d{4}", year) else "",
            "instrument": (r.get("instrument") or "").strip().lower() or "ombudsman",
            "query": (r.get("query") or "").strip(),
            "rows_recorded": (r.get("rows_recorded") or "0").strip() or "0",
        })
    return rows
