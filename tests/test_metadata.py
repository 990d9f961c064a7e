"""The descriptor is enforced, as PUDL enforces its metadata: every field of every table in
data/datapackage.json has a description, every number a unit from one short vocabulary, every
coded text field a closed set of values (an enumeration, a pattern or a foreign key) unless it is
listed below as free text with its reason; and a manifest of each table's columns, key and year
range (democracyData's habit) turns any change of shape into a reviewed diff of this file."""

from __future__ import annotations

import csv
import json
import re

import pandas as pd
import pytest

import analysis
from analysis import paths

DESCRIPTOR = json.loads((paths.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in DESCRIPTOR["resources"]}

# The convention for `unit` (on every number and integer field): the first word names what is
# counted or measured; the rest of the text may give the range or the reading ("points, 0-100").
UNIT_WORDS = {
    "points": "Ombudsman score points (0-100; 0-110 in some 2017-2019 surveys)",
    "index": "PEKPPP index (0-5)",
    "year": "an assessment or calendar year",
    "rank": "a position in a published ranking, 1 = best",
    "order": "a position in a sequence, 1 = first",
    "entities": "a count of assessed bodies",
    "documents": "a count of independent source documents",
    "rows": "a count of table rows",
    "persons": "a count of people",
    "km2": "square kilometres",
}

# Text fields that hold prose or names, not codes: exempt from needing an enumeration, a pattern
# or a foreign key. Each with its reason; the last test keeps this list honest.
_NOTES = "the curators' remarks, in prose"
_EXCERPT = "the verbatim text of the source the value was read in"
_ENTITY = ("a canonical entity name: resolved by analysis.regions.canonical_name, and every row "
           "checked against regions by tests/test_regions.py")
_UNIT = "a service unit's name as printed; coded by unit_type (a foreign key to unit_types)"
_PROVINCE = "a province name, one of regions.province (checked below)"
_REGEX = "a regular expression matched against text (a rule of a code table)"
FREE_TEXT = {
    **{f"{t}.notes": _NOTES for t in ("sources", "bands", "ombudsman", "ombudsman_units",
                                       "ombudsman_summary", "pekppp", "pekppp_units")},
    **{f"{t}.note": _NOTES for t in ("name_aliases", "header_aliases", "source_types",
                                      "opinion_codes", "conflicts")},
    **{f"{t}.excerpt": _EXCERPT for t in ("ombudsman", "ombudsman_units", "ombudsman_summary",
                                           "pekppp", "pekppp_units")},
    **{f"{t}.entity": _ENTITY for t in ("ombudsman", "ombudsman_units", "pekppp",
                                         "pekppp_units")},
    "ombudsman_units.unit": _UNIT,
    "pekppp_units.unit": _UNIT,
    **{f"{t}.province": _PROVINCE for t in ("ombudsman", "pekppp")},
    "search_log.province": "a province name, 'national' or 'unresolved' (checked below)",
    "ombudsman.opinion": "the opinion as printed, in the source's words; coded in opinion_code",
    "ombudsman_units.opinion": "the opinion as printed, in the source's words; coded in "
                               "opinion_code",
    "pekppp.predicate": "the predicate as printed; the official one is derived from ipp by "
                        "analysis.scales.pekppp_band and disagreements listed by analysis.checks",
    "pekppp_units.predicate": "the predicate as printed (see pekppp.predicate)",
    "pekppp.rank_scope": "the ranking's scope as the source worded it ('Maluku kab/kota'); not "
                         "yet coded, unlike ombudsman.rank_scope",
    "ombudsman_summary.scope": "'national' or a province name (checked below)",
    "sources.publisher": "an outlet's or office's name",
    "sources.title": "a document title as printed",
    "sources.decree": "a decree number as printed (several numbering systems)",
    "sources.licence": "a licence as the source states it",
    "regions.name": "the canonical names themselves (this table is their code list)",
    "regions.province": "the canonical province names themselves",
    "regions.name_2019": "the 2019 names (this table is their code list)",
    "regions.province_2019": "the 2019 province names",
    "name_aliases.alias": "a spelling met in sources: any text",
    "name_aliases.canonical": _ENTITY,
    "header_aliases.alias": "a column header met in users' files: any text",
    "eras.name": "the method's official name",
    "eras.method": "a description of the method, in prose",
    "unit_types.label_en": "a label for charts",
    "unit_types.label_id": "a label for charts",
    "unit_types.pattern": _REGEX,
    "unit_types.description": "a description, in prose",
    "source_types.pattern": _REGEX,
    "opinion_codes.pattern": _REGEX,
    "opinion_codes.meaning": "the meaning of a code, in prose",
    "conflicts.key": "the row's key values joined as text (they differ per table)",
    "conflicts.kept": "a value of any column, as printed",
    "conflicts.other": "a value of any column, as printed",
    "conflicts.reason": "one sentence",
    "search_log.province_as_logged": "the curators' spelling, kept as logged",
    "search_log.query": "the search words typed",
}


def _fields():
    for r in DESCRIPTOR["resources"]:
        for f in r["schema"]["fields"]:
            yield r["name"], f


def _foreign_key_fields(resource) -> set[str]:
    out = set()
    for fk in resource["schema"].get("foreignKeys", []):
        names = fk["fields"]
        out.update([names] if isinstance(names, str) else names)
    return out


def _problems(rule) -> list[str]:
    return [f"{table}.{f['name']}: {why}" for table, f in _fields() if (why := rule(table, f))]


def test_every_field_has_a_description():
    def rule(table, f):
        text = (f.get("description") or "").strip()
        return None if len(text) >= 10 else f"description {text!r} (say what the column holds)"

    assert _problems(rule) == []


def test_every_number_has_a_unit_from_the_vocabulary():
    def rule(table, f):
        unit = f.get("unit")
        if f["type"] not in ("number", "integer"):
            return "a unit on a non-numeric field" if unit else None
        if not unit:
            return f"{f['type']} without a unit; add \"unit\" (one of {sorted(UNIT_WORDS)})"
        word = re.split(r"[ ,(]", unit, maxsplit=1)[0]
        return None if word in UNIT_WORDS else f"unit {unit!r} starts with no word of UNIT_WORDS"

    assert _problems(rule) == []


def test_every_coded_text_field_has_a_closed_set_of_values():
    def rule(table, f):
        if f["type"] != "string" or f"{table}.{f['name']}" in FREE_TEXT:
            return None
        c = f.get("constraints", {})
        if "enum" in c or "pattern" in c or f["name"] in _foreign_key_fields(RESOURCES[table]):
            return None
        return ("coded text with no enum, pattern or foreign key; add one, or list it in "
                "FREE_TEXT with the reason")

    assert _problems(rule) == []


def test_free_text_list_names_only_real_uncoded_text_fields():
    fields = {f"{table}.{f['name']}": (table, f) for table, f in _fields()}
    for name, reason in FREE_TEXT.items():
        assert name in fields, f"FREE_TEXT names {name}, which the descriptor does not have"
        table, f = fields[name]
        assert f["type"] == "string", name
        c = f.get("constraints", {})
        coded = "enum" in c or "pattern" in c or f["name"] in _foreign_key_fields(RESOURCES[table])
        assert not coded, f"{name} is coded: take it off FREE_TEXT"
        assert len(reason) > 10, name


def test_every_foreign_key_points_at_a_key_that_exists():
    for r in DESCRIPTOR["resources"]:
        own = {f["name"] for f in r["schema"]["fields"]}
        for fk in r["schema"].get("foreignKeys", []):
            target = RESOURCES[fk["reference"]["resource"]]
            names = fk["reference"]["fields"]
            names = [names] if isinstance(names, str) else names
            assert set(names) <= {f["name"] for f in target["schema"]["fields"]}, r["name"]
            mine = fk["fields"]
            assert set([mine] if isinstance(mine, str) else mine) <= own, r["name"]


def test_text_that_names_columns_sources_or_provinces_resolves():
    columns = {name: {f["name"] for f in r["schema"]["fields"]} for name, r in RESOURCES.items()}
    conflicts = analysis.load("conflicts")
    for table, field in zip(conflicts["table"].astype(str), conflicts["field"], strict=True):
        assert field in columns[table], f"conflicts: {table} has no column {field!r}"
    aliases = analysis.load("header_aliases")
    targets = {"ombudsman": columns["ombudsman"] | columns["ombudsman_units"],
               "pekppp": columns["pekppp"] | columns["pekppp_units"]}
    targets["all"] = targets["ombudsman"] | targets["pekppp"]
    for kind, column in zip(aliases["kind"].astype(str), aliases["column"], strict=True):
        assert pd.isna(column) or column in targets[kind], f"header_aliases: {kind} {column!r}"
    sources = set(analysis.load("sources")["source_id"])
    for table in ("ombudsman", "ombudsman_units", "pekppp", "pekppp_units"):
        cited = analysis.load(table)["also_source_ids"].dropna().str.split("; ").explode()
        assert set(cited) <= sources, f"{table}.also_source_ids: {set(cited) - sources}"
    provinces = set(analysis.load("regions")["province"])
    for table, extra in [("ombudsman", set()), ("pekppp", set()),
                         ("search_log", {"national", "unresolved"})]:
        named = set(analysis.load(table)["province"].dropna().astype(str))
        assert named <= provinces | extra, f"{table}.province: {named - provinces - extra}"
    scopes = set(analysis.load("ombudsman_summary")["scope"])
    assert scopes <= provinces | {"national"}, scopes - provinces


# table: (columns in order, primary key, (first, last) year in the data or None)
# eras: first_year of the first era to last_year of the last.
MANIFEST = {
    "sources": (("source_id", "url", "publisher", "title", "published", "accessed", "decree",
                 "licence", "source_type", "notes"),
                ("source_id",), None),
    "regions": (("region_code", "name", "type", "province_code", "province", "code_2019",
                 "name_2019", "province_code_2019", "province_2019", "area_km2",
                 "population_2025", "source_id", "source_id_2019"),
                ("region_code",), None),
    "name_aliases": (("alias", "canonical", "entity_type", "note"), ("alias",), None),
    "header_aliases": (("kind", "alias", "column", "note"), ("kind", "alias"), None),
    "eras": (("instrument", "era", "first_year", "last_year", "name", "method", "source_id",
              "census"),
             ("era",), (2015, 2025)),
    "bands": (("instrument", "era", "lower", "upper", "zone", "opinion", "grade", "category",
               "predicate", "basis", "source_id", "notes"),
              ("era", "lower"), None),
    "unit_types": (("priority", "code", "label_en", "label_id", "one_per_entity", "pattern",
                    "description"),
                   ("code",), None),
    "source_types": (("match", "pattern", "source_type", "note"), ("pattern",), None),
    "opinion_codes": (("pattern", "code", "meaning", "note"), ("pattern",), None),
    "ombudsman": (("entity", "entity_type", "region_code", "province", "year", "score", "zone",
                   "opinion", "grade", "rank", "rank_of", "rank_scope", "rank_in_province",
                   "rank_in_province_of", "era", "scale_max", "opinion_code", "source_id",
                   "excerpt", "notes", "n_sources", "confidence", "also_source_ids"),
                  ("entity", "year"), (2015, 2025)),
    "ombudsman_units": (("entity", "unit", "unit_type", "year", "score", "zone", "opinion", "era",
                         "scale_max", "opinion_code", "source_id", "excerpt", "notes",
                         "n_sources", "confidence", "also_source_ids"),
                        ("entity", "unit", "year"), (2015, 2025)),
    "ombudsman_summary": (("year", "entity_type", "scope", "n_assessed", "n_hijau", "n_kuning",
                           "n_merah", "n_a", "n_b", "n_c", "n_d", "n_e", "source_id", "excerpt",
                           "notes"),
                          ("year", "entity_type", "scope"), (2015, 2025)),
    "pekppp": (("entity", "entity_type", "region_code", "province", "year", "assessor", "ipp",
                "category", "predicate", "rank", "rank_of", "rank_scope", "source_id", "excerpt",
                "notes", "n_sources", "confidence", "also_source_ids"),
               ("entity", "year", "assessor"), (2018, 2025)),
    "pekppp_units": (("entity", "unit", "unit_type", "year", "assessor", "ipp", "category",
                      "predicate", "source_id", "excerpt", "notes", "n_sources", "confidence",
                      "also_source_ids"),
                     ("entity", "unit", "year", "assessor"), (2022, 2025)),
    "conflicts": (("table", "key", "field", "kept", "kept_source_id", "other", "other_source_id",
                   "decision", "reason", "note"),
                  ("table", "key", "field", "other", "other_source_id"), None),
    "search_log": (("pass", "group", "province", "province_as_logged", "year", "instrument",
                    "query", "rows_recorded"),
                   (), (2015, 2025)),
}


def test_manifest_lists_every_table_of_the_descriptor():
    assert list(MANIFEST) == list(RESOURCES)


@pytest.mark.parametrize("name", list(MANIFEST))
def test_table_matches_its_manifest(name):
    columns, key, years = MANIFEST[name]
    schema = RESOURCES[name]["schema"]
    assert tuple(f["name"] for f in schema["fields"]) == columns, f"{name}: descriptor columns"
    assert tuple(schema.get("primaryKey") or ()) == key, f"{name}: primary key"
    with open(paths.data_dir() / RESOURCES[name]["path"], encoding="utf-8", newline="") as fh:
        assert tuple(next(csv.reader(fh))) == columns, f"{name}: header of the CSV"
    frame = analysis.load(name)
    if key:
        assert not frame.duplicated(list(key)).any(), f"{name}: duplicate key"
    if years is None:
        assert not {"year", "first_year"} & set(columns), f"{name}: give its year range"
        return
    first, last = ("first_year", "last_year") if name == "eras" else ("year", "year")
    assert (int(frame[first].min()), int(frame[last].max())) == years, f"{name}: year range"
    c = next(f for f in schema["fields"] if f["name"] == first).get("constraints", {})
    assert c.get("minimum", years[0]) <= years[0], f"{name}: minimum year above the data"
    c = next(f for f in schema["fields"] if f["name"] == last).get("constraints", {})
    assert c.get("maximum", years[1]) >= years[1], f"{name}: maximum year below the data"
