"""Seed rows: hand-typed table rows (curation/seeds/) that take precedence over merged rows.

A seed replaces the merged row of its key, but its value is checked against the
merged evidence of that key by the same decision rules: a seed the evidence does
not support keeps no value, and the conflicts of its key are those of the seed.
"""

from __future__ import annotations

from .choosing import decide, settled
from .evidence import doubted, ombudsman_columns, reliability, source_type

SEED_VALUE = {"ombudsman": "score", "pekppp": "ipp"}


def seed_evidence(seed: dict, url: str, value: str, rows: list[dict], types: list[dict],
                  table: str, key: str) -> tuple[list[dict], list[dict]]:
    """A hand-typed seed row against the merged rows of its key, by the same rules.

    Returns the conflict records and the rows printing the seed's value (empty when
    the evidence does not support it: the seed then keeps no value).
    """
    me = {"url": url, value: seed[value], "notes": seed.get("notes", ""),
          "_stype": source_type(url, types), "_doubt": doubted(seed.get("notes", "")),
          "_consistent": None, "_why": "", "score": "", "ipp": "", "zone": "", "opinion": "",
          "category": "", "rank": "", "predicate": ""}
    me[value] = seed[value]
    if not seed[value]:
        return [], []
    win, rule, reason = decide([me, *[r for r in rows if r[value]]], value)
    if win is None or me not in win:
        return settled([me, *rows], None, value, None, rule, reason, table, key), []
    return settled([me, *rows], win, value, me, rule, reason, table, key), win


def seed_key(row: dict, columns) -> tuple[str, ...]:
    """The key of a table or seed row, as text."""
    return tuple(str(row[c]) for c in columns)


def check_seed(table: str, seed: dict, url: str, candidates: list[dict], types: list[dict],
               by_url: dict[str, str], key: str) -> tuple[dict, list[dict]]:
    """One seed checked against the candidate rows of its key: the seed as written (value
    kept only if supported, reliability, derived columns) and its conflicts."""
    value = SEED_VALUE[table]
    found, support = seed_evidence(seed, url, value, candidates, types, table, key)
    seed = dict(seed)
    if seed[value] and not support:
        seed[value] = ""
        seed["notes"] = "; ".join(n for n in (
            seed["notes"], f"{value} not kept: the sources disagree and no rule "
            "settles it (see conflicts.csv)") if n)
    seed.update(reliability(support))
    if table == "ombudsman":
        seed.update(ombudsman_columns(int(seed["year"]), seed["score"], seed["opinion"],
                                      seed["notes"] + " " + seed["excerpt"]))
    seed["also_source_ids"] = "; ".join(sorted(
        {by_url[r["url"]] for r in support if r["url"] in by_url} - {seed["source_id"]}))
    return seed, found


def with_seeds(table: str, columns, rows: list[dict], seeds: list[dict],
               by_key: dict[tuple, list[dict]], seed_urls: dict[str, str], types: list[dict],
               by_url: dict[str, str], conflicts: list[dict]) -> tuple[list[dict], list[dict]]:
    """The table's rows with its seeds in place of merged rows of the same key (sorted by
    key), and the conflict list with each checked seed's conflicts replacing its key's."""
    if table in SEED_VALUE:
        checked = []
        for seed in seeds:
            key = " ".join(seed_key(seed, columns))
            conflicts = [c for c in conflicts if not (c["table"] == table and c["key"] == key)]
            seed, found = check_seed(table, seed, seed_urls[seed["source_id"]],
                                     by_key.get(seed_key(seed, columns), []), types, by_url, key)
            checked.append(seed)
            conflicts = conflicts + found
        seeds = checked
    seeded = {seed_key(s, columns) for s in seeds}
    merged = seeds + [r for r in rows if seed_key(r, columns) not in seeded]
    merged.sort(key=lambda r: seed_key(r, columns))
    return merged, conflicts
