"""Each rule of the merge's steps (tools/curation/), on the smallest rows that make it decide.

Admitting: every rejection rule, both sides. Choosing: the authority order and the
decision and reason it records. Reducing: rows of one page merged into one. Seeds:
a seed replaces the merged row of its key, and is checked against the evidence.
Ranks: the scope a printed rank is recorded under. Names: resolved against the
root being merged, never the package's own tables. Sources: the access date is the
first commit citing the address, and a publisher's licence reaches its own domain only.
"""

from __future__ import annotations

import shutil
import sys

import pandas as pd
import pytest

from analysis import paths
from analysis.scales import assessment_years

sys.path.insert(0, str(paths.root()))  # tools/ is not installed: the merge runs from a clone

from tools import audit_excerpts, record_accessed  # noqa: E402
from tools.curation import admitting, choosing, reading, reducing, seeding, sourcing  # noqa: E402
from tools.curation.names import Names  # noqa: E402


@pytest.fixture(scope="module")
def names():
    return Names.from_root(paths.root())


def raw(**fields):
    """A raw row as the curators type it (every column, blank unless given)."""
    r = {c: "" for c in ("kind", "entity_as_printed", "entity_type", "year", "score", "ipp",
                         "zone", "opinion", "category", "predicate", "rank", "rank_of",
                         "rank_scope", "assessor", "unit", "province", "n_assessed", "n_hijau",
                         "n_kuning", "n_merah", "url", "quote", "notes")}
    r.update(_file="f.csv", _row=2, kind="ombudsman", entity_as_printed="Banyumas",
             entity_type="kabupaten", year="2023", url="https://a.com/1")
    r.update(fields)
    return r


def candidate(url, score="", *, stype="news", notes="", zone="", **more):
    """A candidate row as the merge annotates it before choosing."""
    return {"url": url, "score": score, "ipp": "", "zone": zone, "opinion": "", "category": "",
            "rank": "", "predicate": "", "notes": notes, "quote": "", "_stype": stype,
            "_doubt": False, "_consistent": None, "_why": "", **more}


OMB_YEARS = assessment_years("ombudsman")
KINDS = ("ombudsman", "pekppp", "ombudsman_units", "pekppp_units", "ombudsman_summary")


def refuse(r, review=None):
    return admitting.refuse_raw(r, review or {}, KINDS, OMB_YEARS)


# ---- admitting: each rejection rule ---------------------------------------------------------

def test_a_clean_row_is_admitted():
    assert refuse(raw(score="96.98", quote="Banyumas 96,98")) is None


def test_refused_by_the_reviewer_with_the_reason():
    review = {("f.csv", "https://a.com/1", "Banyumas", "2023", "ombudsman"): "province average"}
    assert refuse(raw(), review) == "review: province average"
    assert refuse(raw(year="2022"), review) is None


def test_unknown_kind():
    assert refuse(raw(kind="ombudsman_rank")) == "unknown kind 'ombudsman_rank'"


def test_no_address():
    assert refuse(raw(url="a.com/1")) == "no address"


@pytest.mark.parametrize(("kind", "year", "expected"), [
    ("ombudsman", "23", "year '23' is not a year"),
    ("ombudsman", "2020", "2020 is not an assessment year"),   # no assessment in 2020
    ("ombudsman_units", "2014", "2014 is not an assessment year"),
    ("ombudsman", "2021", None),
    ("pekppp", "2020", None),                                   # PEKPPP ran in 2020
])
def test_year_rules(kind, year, expected):
    assert refuse(raw(kind=kind, year=year)) == expected


@pytest.mark.parametrize(("notes", "expected"), [
    ("COLLECTIVE: all regencies of the province", "inferred from a statement"),
    ("  INFERRED from the province list", "inferred from a statement"),
    ("entity AMBIGUOUS (Kabupaten or Kota)", "the curator marked the entity or value as"),
    ("inferred later by the reader", None),   # the flag is the upper-case word at the start
])
def test_inferred_or_ambiguous(notes, expected):
    why = refuse(raw(notes=notes))
    assert (why is None) if expected is None else why.startswith(expected)


def test_a_number_the_excerpt_does_not_print():
    assert refuse(raw(score="96.98", quote="nilai 96,9")) == "score=96.98 not found in the excerpt"
    assert refuse(raw(n_hijau="12", quote="12 zona hijau", kind="ombudsman_summary")) is None


def test_entity_resolution_and_unit_name(names):
    fields, why = admitting.resolve_entity(raw(), names)
    assert why is None and fields["_entity"] == "Kabupaten Banyumas"
    assert fields["_type"] == "kabupaten" and fields["_province"] == "Jawa Tengah"
    _, why = admitting.resolve_entity(raw(entity_as_printed="Atlantis"), names)
    assert "'Atlantis' (kabupaten) did not resolve" in why
    _, why = admitting.resolve_entity(raw(kind="ombudsman_units"), names)
    assert why == "unit row without a unit name"


def test_ombudsman_row_rules(names):
    r = {**raw(quote="Banyumas zona hijau"), "_entity": "Kabupaten Banyumas"}
    assert admitting.refuse_ombudsman(r, names) == (
        "nothing recorded (no score, zone, opinion, grade or rank)")
    assert admitting.refuse_ombudsman({**r, "zone": "hijau"}, names) is None
    group = {**r, "zone": "hijau", "quote": "semua kabupaten di Jawa Tengah zona hijau"}
    assert admitting.refuse_ombudsman(group, names).startswith(
        "no score and the excerpt does not name the entity")
    assert admitting.refuse_ombudsman({**group, "score": "90"}, names) is None


def test_pekppp_and_unit_row_rules():
    assert admitting.refuse_pekppp(raw(assessor="bpk", ipp="4.1")) == (
        "assessor 'bpk' is not ministry or self")
    assert admitting.refuse_pekppp(raw(assessor="self")) == "nothing recorded (no index or rank)"
    assert admitting.refuse_pekppp(raw(assessor="self", rank="3")) is None
    assert admitting.refuse_unit(raw(), "ipp") == "unit row without a ipp"
    assert admitting.refuse_unit(raw(ipp="4.2"), "ipp") is None


@pytest.mark.parametrize(("fields", "expected"), [
    ({"entity_type": "desa", "n_assessed": "5"}, "summary type 'desa' not recorded"),
    ({"entity_type": "kota"}, "no count"),
    ({"entity_type": "kota", "n_assessed": "9", "predicate": "Pelayanan Prima"},
     "a count of the category 'Pelayanan Prima' recorded as n_assessed"),
    ({"entity_type": "kota", "n_hijau": "9", "n_kuning": "3", "opinion": "Kualitas Tinggi"},
     "count by opinion 'Kualitas Tinggi' not recorded"),
    ({"entity_type": "kota", "n_hijau": "9", "opinion": "predikat kualitas tertinggi"},
     "count by opinion 'predikat kualitas tertinggi' not recorded"),
    ({"entity_type": "kota", "n_hijau": "9", "province": "Atlantis"}, "unknown entity name"),
])
def test_summary_rules(names, fields, expected):
    _, why = admitting.summary_fields(raw(kind="ombudsman_summary", **fields), names)
    assert expected in why


def test_summary_by_opinion_and_scope(names):
    out, why = admitting.summary_fields(raw(kind="ombudsman_summary", entity_type="Kabupaten/Kota",
                                            n_hijau="7", opinion="Kualitas Tertinggi",
                                            province="Jateng"), names)
    assert why is None and out["n_a"] == "7" and out["n_hijau"] == ""
    assert out["_etype"] == "kabupaten+kota" and out["_scope"] == "Jawa Tengah"


# ---- rank scope -----------------------------------------------------------------------------

@pytest.mark.parametrize(("rank", "rank_of", "scope", "columns", "note"), [
    ("7", "415", "national kabupaten", {"rank_scope": "national-kabupaten", "rank": "7"}, ""),
    ("2", "", "National kota (top 10)", {"rank_scope": "national-kota"},
     "rank scope as printed: National kota (top 10)"),
    ("1", "34", "national kementerian/lembaga", {"rank_scope": "national-unspecified"},
     "rank scope as printed"),
    ("4", "", "national kabupaten/kota", {"rank_scope": "national-unspecified"},
     "rank scope as printed"),
    ("3", "35", "Jawa Tengah kabupaten/kota", {"rank_in_province": "3", "rank": ""},
     "rank scope as printed"),
    ("1", "20", "Jawa Tengah perangkat daerah", {"rank": "", "rank_in_province": ""},
     "not recorded: scope is not national or a province"),
    ("1-3", "", "national", {"rank": ""}, "rank printed as '1-3' of '', not recorded"),
])
def test_rank_scope(names, rank, rank_of, scope, columns, note):
    out, said = admitting.rank_fields(raw(rank=rank, rank_of=rank_of, rank_scope=scope),
                                      names.types, names.provinces())
    assert {k: out[k] for k in columns} == columns
    assert (note in said) if note else said == ""


# ---- choosing: the authority order and what it records ---------------------------------------

def test_issuer_wins_and_the_conflict_records_why():
    rows = [candidate("https://a.com/1", "88.77"), candidate("https://b.com/1", "88.77"),
            candidate("https://ombudsman.go.id/x", "88.70", stype="issuer")]
    cited, support, blank, conflicts = choosing.choose_row(rows, "score", None, "ombudsman", "k")
    assert cited["url"] == "https://ombudsman.go.id/x" and not blank
    assert [(c["other"], c["kept"], c["kept_url"], c["decision"]) for c in conflicts] == [
        ("88.77", "88.70", "https://ombudsman.go.id/x", "issuer")] * 2
    assert conflicts[0]["reason"] == (
        "The issuer's own publication prints 88.70 (ombudsman.go.id).")


def test_order_more_sources_before_consistency_before_source_type():
    many = [candidate("https://a.com/1", "70.1"), candidate("https://b.com/1", "70.1")]
    checked = candidate("https://c.go.id/1", "71.2", stype="government", _consistent=True,
                        _why="units average 71.2")
    _, rule, _ = choosing.decide([*many, checked], "score")
    assert rule == "more-sources"
    _, rule, reason = choosing.decide([many[0], checked], "score")
    assert rule == "consistency" and "units average 71.2" in reason
    plain = {**checked, "_consistent": None}
    win, rule, reason = choosing.decide([many[0], plain], "score")
    assert rule == "source-type" and win == [plain] and "government source" in reason


# ---- reducing: rows of one page become one --------------------------------------------------

def test_same_page_rows_merge_and_a_second_value_is_a_conflict():
    a = candidate("https://a.com/1", "90.1", quote="Banyumas 90,1", opinion="")
    b = candidate("https://a.com/1", "", zone="hijau", quote="zona hijau", notes="from a table")
    c = candidate("https://a.com/1", "91.0", quote="91,0", opinion="")
    d = candidate("https://b.com/1", "90.1", quote="other page")
    rows, conflicts = reducing.combine_same_source([a, b, c, d], ["score", "zone"], "t", "k")
    assert len(rows) == 2 and rows[1] == d
    assert rows[0]["score"] == "90.1" and rows[0]["zone"] == "hijau"
    assert rows[0]["quote"] == "Banyumas 90,1 ... zona hijau ... 91,0"
    assert rows[0]["notes"] == "from a table"
    assert [(x["kept"], x["other"], x["decision"]) for x in conflicts] == [
        ("90.1", "91.0", "same-source")]


def test_same_page_two_spellings_of_one_opinion_agree():
    a = candidate("https://a.com/1", opinion="Kualitas Tertinggi")
    b = candidate("https://a.com/1", opinion="opini kualitas tertinggi")
    _, conflicts = reducing.combine_same_source([a, b], ["opinion"], "t", "k")
    assert conflicts == []
    b["opinion"] = "Kualitas Tinggi"
    _, conflicts = reducing.combine_same_source([a, b], ["opinion"], "t", "k")
    assert len(conflicts) == 1


# ---- seeds take precedence, checked against the evidence ------------------------------------

def _seed(score):
    return {"entity": "Kabupaten X", "year": "2023", "score": score, "opinion": "",
            "source_id": "seed-src", "excerpt": "", "notes": ""}


def test_seed_replaces_the_merged_row_and_its_conflicts():
    merged = {"entity": "Kabupaten X", "year": 2023, "score": "80.5", "source_id": "m"}
    other = {"entity": "Kabupaten A", "year": 2023, "score": "70", "source_id": "m"}
    evidence = [candidate("https://a.com/1", "80.5")]
    stale = {"table": "ombudsman", "key": "Kabupaten X 2023", "other": "1"}
    keep = {"table": "ombudsman", "key": "Kabupaten A 2023", "other": "2"}
    rows, conflicts = seeding.with_seeds(
        "ombudsman", ("entity", "year"), [merged, other], [_seed("80.5")],
        {("Kabupaten X", "2023"): evidence}, {"seed-src": "https://ombudsman.go.id/s"}, [],
        {"https://a.com/1": "a-src"}, [stale, keep])
    assert [r["entity"] for r in rows] == ["Kabupaten A", "Kabupaten X"]
    assert rows[1]["source_id"] == "seed-src" and rows[1]["also_source_ids"] == "a-src"
    assert conflicts == [keep]


def test_a_seed_the_evidence_contradicts_keeps_no_value():
    evidence = [candidate("https://a.go.id/1", "80.5", stype="government"),
                candidate("https://b.com/1", "80.5")]
    rows, conflicts = seeding.with_seeds(
        "ombudsman", ("entity", "year"), [], [_seed("85.0")],
        {("Kabupaten X", "2023"): evidence}, {"seed-src": "https://c.com/s"}, [], {}, [])
    assert rows[0]["score"] == "" and "score not kept" in rows[0]["notes"]
    assert {c["decision"] for c in conflicts} == {"more-sources"}


# ---- names: against the root given ----------------------------------------------------------

@pytest.mark.parametrize(("printed", "etype", "expected"), [
    ("Banjarnegara", "kabupaten", "Kabupaten Banjarnegara"),       # the curator's type
    ("Pemkab Banjarnegara", "kabupaten", "Kabupaten Banjarnegara"),
    ("Kabupatem Banjarnegara", "kabupaten", "Kabupaten Banjarnegara"),  # a misprint
    ("Magelang", "kota", "Kota Magelang"),
    ("Jateng", "provinsi", "Provinsi Jawa Tengah"),
    ("Gorontalo Regency", "kabupaten", "Kabupaten Gorontalo"),     # an English form
    ("Kemlu", "kementerian", "Kementerian Luar Negeri"),
])
def test_name_resolution(names, printed, etype, expected):
    assert names.resolve(printed, etype) == expected


def test_the_curators_type_is_not_overruled(tmp_path):
    """A name the curator's type word turns into another type's name is not taken."""
    from tools.curation.names import read_table
    aliases = read_table(paths.root(), "name_aliases")
    extra = aliases.iloc[:1].copy()
    extra[["alias", "canonical", "entity_type"]] = ["Kota Tua Foundation", "Badan Kota Tua",
                                                    "lembaga"]
    names = Names(read_table(paths.root(), "regions"), pd.concat([aliases, extra]))
    assert names.resolve("Kota Tua Foundation", "lembaga") == "Badan Kota Tua"
    with pytest.raises(admitting.DataError, match="did not resolve"):
        names.resolve("Tua Foundation", "kota")


def _root_copy(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(paths.root() / "data", root / "data")
    shutil.copytree(paths.root() / "curation", root / "curation")
    return root


def test_names_come_from_the_root_not_the_package(tmp_path):
    root = _root_copy(tmp_path)
    regions = root / "data" / "regions.csv"
    regions.write_text(regions.read_text(encoding="utf-8").replace(
        "33.02,Kabupaten Banyumas,", "33.02,Kabupaten Banyumas Raya,", 1), encoding="utf-8")
    aliases = root / "data" / "name_aliases.csv"
    aliases.write_text(aliases.read_text(encoding="utf-8")
                       + "Banyumas Regency,Kabupaten Banyumas Raya,kabupaten,test\n",
                       encoding="utf-8")
    copy = Names.from_root(root)
    assert copy.resolve("Pemkab Banyumas", "kabupaten") == "Kabupaten Banyumas Raya"
    assert copy.resolve("Banyumas Regency", "kabupaten") == "Kabupaten Banyumas Raya"
    assert Names.from_root(paths.root()).resolve("Banyumas", "kabupaten") == "Kabupaten Banyumas"
    from test_data import _merge_module
    _merge_module().main(root)
    merged = (root / "data" / "ombudsman.csv").read_text(encoding="utf-8")
    assert "\nKabupaten Banyumas Raya," in merged   # merged rows: the root's name
    assert "Banyumas Raya" not in (paths.data_dir() / "ombudsman.csv").read_text(encoding="utf-8")


# ---- sources: access dates and licences -----------------------------------------------------

def test_accessed_is_the_date_of_the_first_commit_that_cites_the_address():
    commits = [("c3", "2026-12-04"), ("c2", "2026-11-24"), ("c1", "2026-11-24")]  # newest first
    urls = {"c1": {"https://a.id/1"}, "c2": {"https://a.id/1", "https://b.id/2"},
            "c3": {"https://a.id/1", "https://b.id/2", "https://c.id/3"}}
    seen = record_accessed.first_seen(commits, urls)
    assert seen == {"https://a.id/1": ("2026-11-24", "c1"), "https://b.id/2": ("2026-11-24", "c2"),
                    "https://c.id/3": ("2026-12-04", "c3")}


def test_the_merge_takes_the_recorded_date_and_refuses_an_address_without_one():
    used = [("https://a.id/1", {"publisher": "A", "title": "T", "published": ""})]
    rows, _ = sourcing.build_sources([], used, [], {"https://a.id/1": "2026-12-04"})
    assert rows[0]["accessed"] == "2026-12-04"
    with pytest.raises(sourcing.DataError, match="record_accessed"):
        sourcing.build_sources([], used, [], {"https://other.id/": "2026-12-04"})


def test_accessed_file_rules(tmp_path):
    (tmp_path / "curation").mkdir()
    path = tmp_path / "curation" / "accessed.csv"
    path.write_text("url,accessed,commit\nhttps://a.id/1,2026-11-24,c1\n", encoding="utf-8")
    assert reading.read_accessed(tmp_path) == {"https://a.id/1": "2026-11-24"}
    for bad in ("https://a.id/1,24/11/2026,c1\n", "https://a.id/1,2026-11-24,c1\n"
                "https://a.id/1,2026-12-04,c2\n"):
        path.write_text("url,accessed,commit\n" + bad, encoding="utf-8")
        with pytest.raises(reading.DataError, match="accessed.csv"):
            reading.read_accessed(tmp_path)


def test_a_publishers_licence_reaches_its_domain_and_subdomains_only():
    rule = [{"domain": "antaranews.com", "licence": "COPYRIGHT © ANTARA News"}]
    assert sourcing.licence_for("https://bengkulu.antaranews.com/amp/berita/1", rule) != ""
    assert sourcing.licence_for("https://www.antaranews.com/berita/2", rule) != ""
    assert sourcing.licence_for("https://aceh.antaranews.co/berita/3", rule) == ""
    assert sourcing.licence_for("https://notantaranews.com/x", rule) == ""
    stated = {"source_id": "s", "url": "https://kupang.antaranews.com/b", "licence": "CC BY 4.0"}
    assert sourcing.describe_source(stated, [], rule)["licence"] == "CC BY 4.0"  # its own wins


def test_the_audit_reads_the_number_after_the_most_specific_name():
    tiers = audit_excerpts.name_tiers("Kabupaten Bandung", {})
    assert audit_excerpts.extract("Kota Bandung 86,56 dan Kabupaten Bandung 79,82.", tiers,
                                  110) == ("found", 79.82)
    tiers = audit_excerpts.name_tiers("Kabupaten Banyumas", {})
    assert audit_excerpts.extract("Pemkab Banyumas peringkat 7 dengan nilai 96,98 (13/12)",
                                  tiers, 110) == ("found", 96.98)    # not the rank, not a date
    assert audit_excerpts.extract("Kota Tegal 91,11", tiers, 110) == ("no-name", None)
    assert audit_excerpts.extract("IPP Banyumas naik", tiers, 5) == ("no-number", None)
