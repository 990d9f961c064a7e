"""Per-row rules: each takes one raw row and returns the reason it is refused, or None.

A refused row is listed in curation/rejected.csv with its reason; the rules never
change the row they read (the few that map fields return the new fields).
"""

from __future__ import annotations

import re

from analysis import DataError

from .codes import assessors, opinion_levels, summary_types
from .evidence import in_quote

NUMBERS = ("score", "ipp", "n_assessed", "n_hijau", "n_kuning", "n_merah")
ZONE_COUNTS = ("n_hijau", "n_kuning", "n_merah")
UNIT_KINDS = ("ombudsman_units", "pekppp_units")


def rejection(r: dict, why: str) -> dict:
    """The row of curation/rejected.csv for raw row ``r`` refused for ``why``."""
    return {"file": r["_file"], "row": r["_row"], "kind": r["kind"],
            "entity": r["entity_as_printed"], "year": r["year"], "url": r["url"],
            "reason": why}


def reviewed(r: dict, review: dict[tuple, str]) -> str:
    """The reviewer's reason for refusing raw row ``r``, or ''."""
    return review.get((r["_file"], r["url"], r["entity_as_printed"], r["year"], r["kind"]), "")


def refuse_reviewed(r: dict, review: dict[tuple, str]) -> str | None:
    """A row a reviewer refused after reading it (curation/review.csv)."""
    why = reviewed(r, review)
    return "review: " + why if why else None


def refuse_kind(r: dict, kinds) -> str | None:
    """A row of a kind no table takes."""
    return None if r["kind"] in kinds else f"unknown kind {r['kind']!r}"


def refuse_address(r: dict) -> str | None:
    """A row without the address of the page it was read in."""
    return None if r["url"].startswith("http") else "no address"


def refuse_year(r: dict, ombudsman_years) -> str | None:
    """A year that is not four digits, or not a year the Ombudsman assessed (its rows only)."""
    if not re.fullmatch(r"\d{4}", r["year"]):
        return f"year {r['year']!r} is not a year"
    year = int(r["year"])
    if r["kind"].startswith("ombudsman") and year not in ombudsman_years:
        return f"{year} is not an assessment year"
    return None


def refuse_inferred(r: dict) -> str | None:
    """A value the curator inferred from a statement about a group, or marked ambiguous."""
    if re.match(r"\s*(COLLECTIVE|INFERRED)", r["notes"]):
        return "inferred from a statement about a group of governments, not printed for this entity"
    if "AMBIGUOUS" in r["notes"]:
        return "the curator marked the entity or value as ambiguous"
    return None


def refuse_unquoted(r: dict) -> str | None:
    """A number the row records that its excerpt does not print."""
    missing = [c for c in NUMBERS if r[c] and not in_quote(r[c], r["quote"])]
    if missing:
        return f"{', '.join(f'{c}={r[c]}' for c in missing)} not found in the excerpt"
    return None


def refuse_raw(r: dict, review: dict[tuple, str], kinds, ombudsman_years) -> str | None:
    """The first reason, in order, to refuse a raw row before its name is read, or None."""
    return (refuse_reviewed(r, review) or refuse_kind(r, kinds) or refuse_address(r)
            or refuse_year(r, ombudsman_years) or refuse_inferred(r) or refuse_unquoted(r))


def resolve_entity(r: dict, names) -> tuple[dict, str | None]:
    """The entity fields of a row (``_entity``, ``_type``, ``_code``, ``_province``), or
    the reason its printed name (or its unit) cannot be recorded."""
    try:
        entity = names.resolve(r["entity_as_printed"], r["entity_type"])
    except DataError as err:
        return {}, str(err)
    etype, code, province = names.info(entity)
    if r["kind"] in UNIT_KINDS and not r["unit"]:
        return {}, "unit row without a unit name"
    return {"_entity": entity, "_type": etype, "_code": code, "_province": province}, None


def refuse_ombudsman(r: dict, names) -> str | None:
    """An Ombudsman row that records nothing, or only a label for a group it belongs to."""
    if not any(r[c] for c in ("score", "zone", "opinion", "category", "rank")):
        return "nothing recorded (no score, zone, opinion, grade or rank)"
    if not r["score"] and not r["rank"] and not names.named_in(r):
        return ("no score and the excerpt does not name the entity: a statement about a "
                "group ('all governments of the province'), not a printed value")
    return None


def refuse_pekppp(r: dict) -> str | None:
    """A PEKPPP row of an unknown assessor, or with neither an index nor a rank."""
    if r["assessor"] not in assessors():
        return f"assessor {r['assessor']!r} is not ministry or self"
    if not (r["ipp"] or r["rank"]):
        return "nothing recorded (no index or rank)"
    return None


def refuse_unit(r: dict, value: str) -> str | None:
    """A unit row without its value (score or ipp)."""
    return None if r[value] else f"unit row without a {value}"


def rank_fields(r: dict, types, provinces) -> tuple[dict, str]:
    """Map the curator's rank and scope to the table's rank columns, with a note.

    A national rank keeps its type ("national-kota"; "national-unspecified" when
    the scope names no single type); a rank within a province goes to
    ``rank_in_province``; any other scope (a regency's own units, police units) is
    not recorded, and the note says so.
    """
    out = {"rank": "", "rank_of": "", "rank_scope": "", "rank_in_province": "",
           "rank_in_province_of": ""}
    if not r["rank"]:
        return out, ""
    if not re.fullmatch(r"\d+", r["rank"]) or (r["rank_of"] and not re.fullmatch(r"\d+", r["rank_of"])):
        return out, f"rank printed as {r['rank']!r} of {r['rank_of']!r}, not recorded"
    scope = r["rank_scope"].lower()
    if scope.startswith("national"):
        words = [t for t in types if t in scope]
        kind = words[0] if len(words) == 1 else None
        if "kementerian/lembaga" in scope:
            kind = None
        out.update(rank=r["rank"], rank_of=r["rank_of"],
                   rank_scope=f"national-{kind}" if kind else "national-unspecified")
        note = ""
        if r["rank_scope"].lower() not in (f"national {kind}", "national") or not kind:
            note = f"rank scope as printed: {r['rank_scope']}"
        return out, note
    if any(scope.startswith(p.lower()) for p in provinces) and "perangkat" not in scope \
            and "polres" not in scope:
        out.update(rank_in_province=r["rank"], rank_in_province_of=r["rank_of"])
        return out, f"rank scope as printed: {r['rank_scope']}"
    return out, f"rank {r['rank']} ({r['rank_scope']}) not recorded: scope is not national or a province"


def _opinion_counts(r: dict) -> tuple[dict, str | None]:
    """A count printed by opinion ("kualitas tertinggi": 12) moved to its n_a ... n_e column."""
    out = {f"n_{x}": "" for x in "abcde"}
    opinion = r["opinion"].lower().replace("kualitas ", "").strip()
    if not opinion:
        return out, None
    letter = opinion_levels().get(opinion)
    counts = [r[c] for c in ZONE_COUNTS if r[c]]
    if not letter or len(counts) != 1:
        return {}, f"count by opinion {r['opinion']!r} not recorded"
    out[f"n_{letter}"] = counts[0]
    out.update(n_hijau="", n_kuning="", n_merah="")
    return out, None


def summary_fields(r: dict, names) -> tuple[dict, str | None]:
    """The fields of a summary row (``_etype``, ``_scope``, counts by opinion), or the reason
    it is refused: an unknown type, no count, a count of one category, an unknown province."""
    etype = r["entity_type"].lower()
    etype = {"kabupaten/kota": "kabupaten+kota"}.get(etype, etype)
    if etype not in summary_types():
        return {}, f"summary type {r['entity_type']!r} not recorded"
    if not any(r[c] for c in ("n_assessed", *ZONE_COUNTS)):
        return {}, "no count"
    if r["n_assessed"] and r["predicate"] and not any(r[c] for c in ZONE_COUNTS):
        return {}, (f"a count of the category {r['predicate']!r} recorded as n_assessed: "
                    "not the number assessed")
    out, why = _opinion_counts(r)
    if why:
        return {}, why
    scope = r["province"] or "national"
    if scope != "national":
        try:
            scope = names.canonical(f"Provinsi {scope}").removeprefix("Provinsi ")
        except DataError as err:
            return {}, str(err)
    return {**out, "_etype": etype, "_scope": scope}, None


def admit_rows(raw: list[dict], review: dict[tuple, str], names, kinds,
               ombudsman_years) -> tuple[dict[str, list[dict]], list[dict]]:
    """Raw rows -> the candidates of each table (``kinds``) and the rejected rows.

    Each candidate is a copy of its raw row; all but summary rows carry their
    resolved entity (``_entity``, ``_type``, ``_code``, ``_province``).
    """
    candidates: dict[str, list[dict]] = {k: [] for k in kinds}
    rejected = []
    for r in raw:
        why = refuse_raw(r, review, kinds, ombudsman_years)
        fields: dict = {}
        if not why and r["kind"] != "ombudsman_summary":
            fields, why = resolve_entity(r, names)
        if why:
            rejected.append(rejection(r, why))
            continue
        candidates[r["kind"]].append({**r, **fields})
    return candidates, rejected
