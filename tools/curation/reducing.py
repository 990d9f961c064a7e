"""Reduce the admitted rows of one table to one row per key: one function, driven by a key spec.

:func:`reduce_table` refuses the rows a table's own rules refuse, groups the rest
by the table's key and asks the table's ``settle`` function for the row of each
key. Every step returns what it found (rows, conflicts, rejections, the sources
it used) in an :class:`Outcome`; nothing is appended to a shared list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from analysis.scales import opinion_code

from .admitting import rejection
from .choosing import conflict_record


@dataclass
class Outcome:
    """What reducing (part of) a table found, in the order it found it.

    ``rows`` are table rows (``source_id`` still the page's address); ``conflicts``
    records for conflicts.csv; ``rejected`` rows for curation/rejected.csv; ``used``
    the (address, row) pairs of every page the table or a conflict cites, in the
    order met (the first row of an address describes its source); ``by_key`` the
    candidate rows of each key (seeds are checked against them).
    """

    rows: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)
    used: list[tuple[str, dict]] = field(default_factory=list)
    by_key: dict[tuple, list[dict]] = field(default_factory=dict)

    def add(self, other: Outcome) -> Outcome:
        """Append ``other``'s findings after this one's; return self."""
        self.rows += other.rows
        self.conflicts += other.conflicts
        self.rejected += other.rejected
        self.used += other.used
        self.by_key.update(other.by_key)
        return self


@dataclass(frozen=True)
class KeySpec:
    """How one table is reduced.

    ``columns`` are the key columns of the written table; ``admit(row, context)``
    returns the fields the table adds to an admitted row, or the reason to refuse
    it; ``key(row)`` the key of an admitted row; ``settle(key, rows, context)`` the
    :class:`Outcome` of one key's rows.
    """

    table: str
    columns: tuple[str, ...]
    admit: Callable[[dict, object], tuple[dict, str | None]]
    key: Callable[[dict], tuple]
    settle: Callable[[tuple, list[dict], object], Outcome]


def reduce_table(spec: KeySpec, candidates: list[dict], context) -> Outcome:
    """Reduce the admitted ``candidates`` of ``spec.table`` to one row per key.

    Rows are grouped by ``spec.key`` in their order; keys are settled in sorted
    order, so the same raw rows always give the same table.
    """
    out = Outcome()
    groups: dict[tuple, list[dict]] = {}
    for r in candidates:
        fields, why = spec.admit(r, context)
        if why:
            out.rejected.append(rejection(r, why))
            continue
        r = {**r, **fields}
        groups.setdefault(spec.key(r), []).append(r)
    for key, rows in sorted(groups.items()):
        out.add(spec.settle(key, rows, context))
    return out


def _same_value(field: str, a: str, b: str) -> bool:
    if not (a and b) or a.lower() == b.lower():
        return True
    if field == "opinion" and opinion_code(a) == opinion_code(b) != "":
        return True  # two spellings of one opinion
    try:
        return abs(float(a) - float(b)) <= 0.005
    except ValueError:
        return False


def _merge_page(group: list[dict], fields: list[str]) -> dict:
    merged = dict(group[0])
    excerpts = [group[0]["quote"]]
    for other in group[1:]:
        for f in fields:
            if not merged[f]:
                merged[f] = other[f]
        if other["quote"] not in excerpts:
            excerpts.append(other["quote"])
        notes = [n for n in (merged["notes"], other["notes"]) if n]
        merged["notes"] = "; ".join(dict.fromkeys(notes))
        if "_rank_note" in fields and other["_rank_note"] and \
                other["_rank_note"] not in merged["_rank_note"]:
            merged["_rank_note"] = "; ".join(
                n for n in (merged["_rank_note"], other["_rank_note"]) if n)
    merged["quote"] = " ... ".join(excerpts)
    return merged


def combine_same_source(rows: list[dict], fields: list[str], table: str,
                        key: str) -> tuple[list[dict], list[dict]]:
    """Rows of one key from one page become one row (fields filled from each other).

    Returns the combined rows (one per page, in the order pages are first met) and
    a ``same-source`` conflict for every field the page prints two values of.
    """
    by_url: dict[str, list[dict]] = {}
    for r in rows:
        by_url.setdefault(r["url"], []).append(r)
    out, conflicts = [], []
    for group in by_url.values():
        merged = _merge_page(group, fields)
        out.append(merged)
        for other in group[1:]:
            for f in fields:
                if f.startswith("_") or f.startswith("rank"):
                    continue
                if not _same_value(f, merged[f], other[f]):
                    conflicts.append(conflict_record(
                        table, key, f, merged[f], merged["url"], other, f, "same-source",
                        "The same page prints both values.",
                        note="the same page prints both values"))
    return out, conflicts
