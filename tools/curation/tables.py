"""The key spec of each table, and how the rows of one key are settled into a table row.

Ombudsman and PEKPPP rows: one per entity and year (and assessor), the value
chosen by the decision rules. Unit rows: per entity and year the units of one page.
Summary rows: per year, entity type and scope, the most complete agreeing source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .admitting import (
    rank_fields,
    refuse_ombudsman,
    refuse_pekppp,
    refuse_unit,
    rejection,
    summary_fields,
)
from .choosing import (
    agreement_groups,
    choose_row,
    citation,
    conflict_record,
    decide,
    decide_groups,
    most_precise,
    same_value,
    settled,
    summary_citation,
    summary_label,
    unit_page,
)
from .codes import categories, grades
from .evidence import (
    annotate,
    counts_consistency,
    doubted,
    ombudsman_columns,
    reliability,
    source_type,
    unit_name,
)
from .reducing import KeySpec, Outcome, combine_same_source

RANK_COLUMNS = ["rank", "rank_of", "rank_scope", "rank_in_province", "rank_in_province_of"]
COUNTS = ["n_assessed", "n_hijau", "n_kuning", "n_merah", "n_a", "n_b", "n_c", "n_d", "n_e"]
UNIT_VALUE = {"ombudsman_units": "score", "pekppp_units": "ipp"}


@dataclass(frozen=True)
class Context:
    """What settling needs besides the rows: the root's names, the source-type rules and the
    unit values each page prints for a key (``(kind, entity, year[, assessor]) -> url ->
    values``), which can confirm an entity's value."""

    names: object
    types: list[dict]
    unit_pages: dict[tuple, dict[str, list[str]]]


def unit_pages(candidates: dict[str, list[dict]]) -> dict[tuple, dict[str, list[str]]]:
    """The unit values each page prints, per unit table, entity, year (and assessor)."""
    pages: dict[tuple, dict[str, list[str]]] = {}
    for kind, value in UNIT_VALUE.items():
        for r in candidates[kind]:
            if r[value]:
                extra = (r["assessor"],) if kind == "pekppp_units" else ()
                pages.setdefault((kind, r["_entity"], int(r["year"]), *extra), {}) \
                    .setdefault(r["url"], []).append(r[value])
    return pages


def _used_by(found: list[dict], rows: list[dict]) -> list[tuple[str, dict]]:
    """(address, row) of the other side of each conflict."""
    return [(f["other_url"], next(r for r in rows if r["url"] == f["other_url"])) for f in found]


def _entity_columns(c: dict, entity: str, year: int) -> dict:
    return {"entity": entity, "entity_type": c["_type"],
            "region_code": c["_code"] if isinstance(c["_code"], str) else "",
            "province": c["_province"] if isinstance(c["_province"], str) else "",
            "year": year}


def _ombudsman_notes(c: dict, entity: str, blank: list[str]) -> tuple[list[str], dict]:
    """The notes of an Ombudsman row and the fields they explain (grade, zone, score)."""
    notes = [c["notes"]] if c["notes"] else []
    grade, cat = "", c["category"]
    if cat in grades():
        grade = cat
    elif cat:
        notes.append(f"category printed: {cat!r}")
    if c["_rank_note"]:
        notes.append(c["_rank_note"])
    if c["entity_as_printed"] != entity:
        notes.append(f"printed as {c['entity_as_printed']!r}")
    zone, score = c["zone"], c["score"]
    if c["_zone_printed"] and not zone:
        notes.append(f"zone printed: {c['_zone_printed']!r}")
    if "score" in blank:
        score = ""
        notes.append("score not kept: the sources disagree and no rule settles it "
                     "(see conflicts.csv)")
    if "zone" in blank and zone:
        notes.append(f"zone printed {zone!r} not kept: another source's zone is better "
                     "supported (see conflicts.csv)")
        zone = ""
    return notes, {"grade": grade, "zone": zone, "score": score}


def settle_ombudsman(key: tuple, rows: list[dict], context: Context) -> Outcome:
    """The Ombudsman row of one entity and year."""
    entity, year = key
    label = f"{entity} {year}"
    rows, found = combine_same_source(rows, ["score", "zone", "opinion", "category",
                                             *RANK_COLUMNS, "_rank_note"], "ombudsman", label)
    annotate(rows, context.types, year,
             context.unit_pages.get(("ombudsman_units", entity, year), {}), "score")
    c, support, blank, chosen = choose_row(rows, "score", "zone", "ombudsman", label)
    notes, kept = _ombudsman_notes(c, entity, blank)
    row = {**_entity_columns(c, entity, year), "score": kept["score"], "zone": kept["zone"],
           "opinion": c["opinion"], "grade": kept["grade"], **{k: c[k] for k in RANK_COLUMNS},
           **ombudsman_columns(year, kept["score"], c["opinion"], c["notes"] + " " + c["quote"]),
           "source_id": c["url"], "excerpt": c["quote"],
           "notes": "; ".join(n for n in notes if n), **reliability(support)}
    used = _used_by(chosen, rows) + [(r["url"], r) for r in support] + [(c["url"], c)]
    return Outcome(rows=[row], conflicts=found + chosen, used=used,
                   by_key={(entity, str(year)): rows})


def settle_pekppp(key: tuple, rows: list[dict], context: Context) -> Outcome:
    """The PEKPPP row of one entity, year and assessor."""
    entity, year, assessor = key
    label = f"{entity} {year} {assessor}"
    rows, found = combine_same_source(rows, ["ipp", "category", "predicate", "rank", "rank_of",
                                             "rank_scope"], "pekppp", label)
    annotate(rows, context.types, year,
             context.unit_pages.get(("pekppp_units", entity, year, assessor), {}), "ipp")
    c, support, blank, chosen = choose_row(rows, "ipp", None, "pekppp", label)
    notes = [c["notes"]] if c["notes"] else []
    cat = c["category"] if c["category"] in categories() else ""
    if c["category"] and not cat:
        notes.append(f"category printed: {c['category']!r}")
    if c["entity_as_printed"] != entity:
        notes.append(f"printed as {c['entity_as_printed']!r}")
    ranked = c["rank"].isdigit()
    row = {**_entity_columns(c, entity, year), "assessor": assessor,
           "ipp": "" if "ipp" in blank else c["ipp"], "category": cat,
           "predicate": c["predicate"], "rank": c["rank"] if ranked else "",
           "rank_of": c["rank_of"] if c["rank_of"].isdigit() else "",
           "rank_scope": c["rank_scope"] if ranked else "",
           "source_id": c["url"], "excerpt": c["quote"],
           "notes": "; ".join(n for n in notes if n), **reliability(support)}
    used = _used_by(chosen, rows) + [(r["url"], r) for r in support] + [(c["url"], c)]
    return Outcome(rows=[row], conflicts=found + chosen, used=used,
                   by_key={(entity, str(year), assessor): rows})


def _unit_row(kind: str, key: tuple, unit: str, cited: dict, win: list[dict]) -> dict:
    row = {"entity": key[0], "unit": unit, "year": key[1]}
    if kind == "pekppp_units":
        row["assessor"] = key[2]
        row.update(ipp=cited["ipp"], category=cited["category"]
                   if cited["category"] in categories() else "", predicate=cited["predicate"])
    else:
        row.update(score=cited["score"], zone=cited["zone"], opinion=cited["opinion"],
                   **ombudsman_columns(key[1], cited["score"], cited["opinion"],
                                       cited["notes"] + " " + cited["quote"]))
    row.update(source_id=cited["url"], excerpt=cited["quote"], notes=cited["notes"],
               **reliability(win))
    return row


def settle_units(kind: str):
    """The settle function of a unit table: the units of one page for an entity and year
    (unit names are not comparable across pages), each value checked against the same
    unit on the other pages."""
    value = UNIT_VALUE[kind]

    def settle(key: tuple, rows: list[dict], context: Context) -> Outcome:
        out = Outcome()
        sources: dict[str, list[dict]] = {}
        for r in rows:
            sources.setdefault(r["url"], []).append(r)
        for page in sources.values():
            annotate(page, context.types, key[1], {}, value)
        best_url = unit_page(sources)
        others = [r for u, page in sorted(sources.items()) if u != best_url for r in page]
        matched, seen = set(), set()
        label = " ".join(str(k) for k in key)
        for r in sources[best_url]:
            unit = re.sub(r"\s+", " ", r["unit"])
            if unit.lower() in seen:
                out.rejected.append(rejection(r, "the same unit twice in one source"))
                continue
            seen.add(unit.lower())
            same = [o for o in others if unit_name(o["unit"]) == unit_name(unit)]
            matched.update(id(o) for o in same)
            win, rule, reason = decide([r, *same], value)
            cited = None
            if win is not None:
                precise = most_precise(win, value)
                cited = r if r in precise else citation(precise)
            found = settled([r, *same], win, value, cited, rule, reason, kind, f"{label} {unit}")
            out.conflicts += found
            out.used += _used_by(found, [r, *same])
            if win is not None:
                out.rows.append(_unit_row(kind, key, unit, cited, win))
                out.used += [(o["url"], o) for o in win]
        for r in others:
            if id(r) not in matched:
                out.rejected.append(rejection(
                    r, f"units of this entity and year taken from another source ({best_url})"))
        return out
    return settle


def settle_summary(key: tuple, rows: list[dict], context: Context) -> Outcome:
    """The summary row of one year, entity type and scope: the most complete agreeing source."""
    year, etype, scope = key
    label = f"{year} {etype} {scope}"
    rows, found = combine_same_source(rows, COUNTS, "ombudsman_summary", label)
    out = Outcome(conflicts=found)
    for r in rows:
        r["_stype"], r["_doubt"] = source_type(r["url"], context.types), doubted(r["notes"])
        r["_consistent"], r["_why"] = counts_consistency(r)
    win, rule, reason = decide_groups(agreement_groups(rows, COUNTS), summary_label)
    if win is None:
        for r in rows:
            for f in COUNTS:
                if r[f]:
                    out.conflicts.append(conflict_record("ombudsman_summary", label, f, "", "",
                                                         r, f, rule, reason))
                    out.used.append((r["url"], r))
        return out
    c = summary_citation(win, COUNTS)
    for r in rows:
        if r in win:
            continue
        for f in COUNTS:
            if r[f] and c[f] and not same_value(r[f], c[f]):
                out.conflicts.append(conflict_record("ombudsman_summary", label, f, c[f],
                                                     c["url"], r, f, rule, reason))
                out.used.append((r["url"], r))
    out.rows.append({"year": year, "entity_type": etype, "scope": scope,
                     **{f: c[f] for f in COUNTS},
                     "source_id": c["url"], "excerpt": c["quote"], "notes": c["notes"]})
    out.used.append((c["url"], c))
    return out


def _admit_ombudsman(r: dict, context: Context) -> tuple[dict, str | None]:
    why = refuse_ombudsman(r, context.names)
    if why:
        return {}, why
    ranks, note = rank_fields(r, context.names.types, context.names.provinces())
    return {**ranks, "_rank_note": note}, None


SPECS = (
    KeySpec("ombudsman", ("entity", "year"), _admit_ombudsman,
            lambda r: (r["_entity"], int(r["year"])), settle_ombudsman),
    KeySpec("pekppp", ("entity", "year", "assessor"),
            lambda r, context: ({}, refuse_pekppp(r)),
            lambda r: (r["_entity"], int(r["year"]), r["assessor"]), settle_pekppp),
    KeySpec("ombudsman_units", ("entity", "unit", "year"),
            lambda r, context: ({}, refuse_unit(r, "score")),
            lambda r: (r["_entity"], int(r["year"])), settle_units("ombudsman_units")),
    KeySpec("pekppp_units", ("entity", "unit", "year", "assessor"),
            lambda r, context: ({}, refuse_unit(r, "ipp")),
            lambda r: (r["_entity"], int(r["year"]), r["assessor"]),
            settle_units("pekppp_units")),
    KeySpec("ombudsman_summary", ("year", "entity_type", "scope"),
            lambda r, context: summary_fields(r, context.names),
            lambda r: (int(r["year"]), r["_etype"], r["_scope"]), settle_summary),
)
