"""The merge's rules, one by one, on small synthetic rows (tools/merge_curation.py).

Each rule of issue 17 is a pure function: a row or a group of rows in, a decision
out. These tests build the smallest rows that make each rule decide, and the
smallest that make it stand aside, so a rule that changes order or meaning fails.
"""

from __future__ import annotations

import pytest
from test_data import _merge_module

from analysis import paths
from analysis.scales import opinion_code


@pytest.fixture(scope="module")
def merge():
    return _merge_module()


@pytest.fixture(scope="module")
def types(merge):
    return merge.read_source_types(paths.root())


def row(url, score="", *, stype="news", notes="", zone="", consistent=None, why=""):
    """A candidate row as the merge annotates it."""
    return {"url": url, "score": score, "ipp": "", "zone": zone, "opinion": "", "category": "",
            "rank": "", "predicate": "", "notes": notes, "quote": "", "_stype": stype,
            "_doubt": False, "_consistent": consistent, "_why": why}


def doubt(r):
    r["_doubt"] = True
    return r


# ---- source types, publishers, dates -------------------------------------------------------

@pytest.mark.parametrize(("url", "expected"), [
    ("https://ombudsman.go.id/perwakilan/news/r/pwk--x", "issuer"),
    ("https://www.menpan.go.id/site/berita-terkini/x", "issuer"),
    ("https://jdih.menpan.go.id/x.pdf", "issuer"),
    ("https://kendalkab.go.id/berita/x", "government"),
    ("https://kupang.antaranews.com/berita/142569/x", "wire"),
    ("https://id.scribd.com/document/449028287/x", "document-share"),
    ("https://ijosemut.blogspot.com/2017/01/x.html", "blog"),
    ("https://www.kompasiana.com/mallawa/x", "blog"),
    ("https://disinfecting2u.com/x", "rewrite"),
    ("https://voi.id/en/amp/339756", "rewrite"),        # an address rule before the host rule
    ("https://voi.id/berita/122677/x", "news"),          # the same outlet's own edition
    ("https://radarsumbar.com/baca/1/x", "news"),        # no rule: the default
])
def test_source_type_first_matching_rule_else_news(merge, types, url, expected):
    assert merge.source_type(url, types) == expected


def test_source_type_table_refuses_an_unknown_type(merge, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "source_types.csv").write_text(
        "match,pattern,source_type,note\nhost,x.com,tabloid,\n", encoding="utf-8")
    with pytest.raises(merge.DataError, match="source_type one of"):
        merge.read_source_types(tmp_path)


def test_publisher_counts_an_outlet_and_its_editions_once(merge):
    assert merge.publisher("https://kupang.antaranews.com/a") == merge.publisher(
        "https://www.antaranews.com/b") == "antaranews.com"
    assert merge.publisher("https://kelsumbersari.malangkota.go.id/x") == "malangkota.go.id"
    assert merge.publisher("https://m.jpnn.com/x") == "jpnn.com"
    assert merge.publisher("https://jatimpedia.io/x") != merge.publisher("https://jatimpedia.id/x")


@pytest.mark.parametrize(("url", "expected"), [
    ("https://teropongindonesian.com/2023/12/18/kepatuhan-x/", "2023-12-18"),
    ("https://bali.bisnis.com/read/20181214/538/869602/x", "2018-12-14"),
    ("https://www.kompasiana.com/x/2023/13/45/y", ""),     # not a date
    ("https://www.publikamalut.com/2024/12/predikat-x/", ""),  # month only: not guessed
    ("https://voi.id/berita/122677/x", ""),
])
def test_published_is_read_from_the_address_only_when_printed(merge, url, expected):
    assert merge.url_date(url) == expected


# ---- the curators' notes -------------------------------------------------------------------

def test_doubt_is_the_rows_own_value_not_another_sources(merge):
    assert merge.doubted("disagrees with detikJatim (87,29) — probable typo here")
    assert merge.doubted("low-quality machine-translated/rewritten copy of a release")
    assert merge.doubted("Printed 54,01 for the second-best province is implausible")
    assert not merge.doubted("Tribunnews prints 'Pemprov Bali (54,01)' (typo there)")
    assert not merge.doubted("article prints '04/01/2023', a typo")


def test_year_uncertain_and_hearsay(merge):
    assert merge.year_uncertain("YEAR UNCERTAIN: said on 19/11/2025")
    assert merge.year_uncertain("Year uncertain: undated article")
    assert not merge.year_uncertain("printed label kept, band edge uncertain")
    assert not merge.year_uncertain("Year inferred as 2018: statement dated Minggu (16/12)")
    assert merge.hearsay("value hedged by the source ('Kabarnya')")
    assert not merge.hearsay("Quoted by Plh Bupati OKU.")


# ---- the decision rules, in their order ------------------------------------------------------

def test_rounding_a_less_precise_print_agrees(merge):
    win, rule, reason = merge.decide([row("https://a.com/1", "85.4"),
                                      row("https://b.go.id/1", "85.43", stype="government")],
                                     "score")
    assert rule == "rounding" and {r["score"] for r in win} == {"85.4", "85.43"}
    assert "85.43" in reason
    # 74 is not 74.95 rounded: a real disagreement, left to the other rules
    _, rule, _ = merge.decide([row("https://a.com/1", "74"), row("https://b.com/1", "74.95")],
                              "score")
    assert rule == "tied"


def test_flagged_value_never_wins_over_a_clean_one(merge):
    rows = [doubt(row("https://a.com/1", "97.29")), doubt(row("https://b.com/1", "97.29")),
            row("https://c.com/1", "87.29")]
    win, rule, reason = merge.decide(rows, "score")
    assert rule == "flagged" and [r["score"] for r in win] == ["87.29"]
    assert "probable typo" in reason
    # when every value is doubted, the flag decides nothing
    _, rule, _ = merge.decide([doubt(row("https://a.com/1", "1.5")),
                               doubt(row("https://b.com/1", "2.5"))], "score")
    assert rule == "tied"


def test_issuer_before_more_sources(merge):
    rows = [row("https://a.com/1", "88.77"), row("https://b.com/1", "88.77"),
            row("https://ombudsman.go.id/x", "88.70", stype="issuer")]
    win, rule, _ = merge.decide(rows, "score")
    assert rule == "issuer" and win[0]["score"] == "88.70"


def test_more_independent_sources(merge):
    rows = [row("https://a.com/1", "95.07"), row("https://b.com/1", "95.07"),
            row("https://c.antaranews.com/1", "95.08", stype="wire")]
    win, rule, reason = merge.decide(rows, "score")
    assert rule == "more-sources" and win[0]["score"] == "95.07"
    assert reason.startswith("2 independent sources")


def test_pages_of_one_publisher_are_not_independent(merge):
    rows = [row("https://kupang.antaranews.com/1", "80.43", stype="wire"),
            row("https://antaranews.com/2", "80.43", stype="wire"),
            row("https://x.com/1", "80.42")]
    win, rule, _ = merge.decide(rows, "score")
    assert rule == "source-type" and win[0]["score"] == "80.43"  # one wire against one news


def test_a_rewrite_is_not_an_independent_source(merge):
    assert merge.independent_sources([row("https://a.com/1", stype="news"),
                                      row("https://copy.com/1", stype="rewrite")]) == 1
    assert merge.independent_sources([row("https://copy.com/1", stype="rewrite")]) == 1


def test_consistency_inside_a_source(merge):
    confirmed = row("https://a.com/1", "96.46", consistent=True, why="units average 96.46")
    win, rule, reason = merge.decide([confirmed, row("https://b.com/1", "94.46")], "score")
    assert rule == "consistency" and win[0]["score"] == "96.46" and "units" in reason
    bad = row("https://a.com/1", "50.58", consistent=False, why="label contradicts the score")
    win, rule, _ = merge.decide([bad, row("https://b.com/1", "60.10")], "score")
    assert rule == "consistency" and win[0]["score"] == "60.10"


def test_source_type_then_tied(merge):
    win, rule, _ = merge.decide([row("https://a.com/1", "83.62", stype="blog"),
                                 row("https://b.com/1", "83.63")], "score")
    assert rule == "source-type" and win[0]["score"] == "83.63"
    win, rule, reason = merge.decide([row("https://a.com/1", "75.65"),
                                      row("https://b.com/1", "75.63")], "score")
    assert win is None and rule == "tied" and "neither is kept" in reason


def test_the_address_never_decides(merge):
    """Swapping the addresses of two equal sources must not change the outcome: tied."""
    for a, b in (("https://a.com/1", "https://z.com/1"), ("https://z.com/1", "https://a.com/1")):
        win, rule, _ = merge.decide([row(a, "81.04"), row(b, "81.4")], "score")
        assert win is None and rule == "tied"


# ---- the table row that results ------------------------------------------------------------

def test_choose_row_leaves_a_tied_value_empty_and_lists_both(merge):
    rows = [row("https://a.com/1", "95.27", zone="hijau"),
            row("https://b.com/1", "95.57", zone="hijau")]
    cited, support, blank, conflicts = merge.choose_row(rows, "score", "zone", "ombudsman", "k")
    assert blank == ["score"] and support == []
    assert sorted(c["other"] for c in conflicts) == ["95.27", "95.57"]
    assert {c["kept"] for c in conflicts} == {""} and {c["decision"] for c in conflicts} == {"tied"}
    assert cited["zone"] == "hijau"  # the zone both print stays


def test_choose_row_drops_a_zone_that_contradicts_its_own_score(merge):
    rows = [row("https://antaranews.com/1", "50.58", stype="wire", zone="kuning",
                consistent=False, why="50.58 is merah in 2017"),
            row("https://news.com/1", "", zone="merah")]
    cited, support, blank, conflicts = merge.choose_row(rows, "score", "zone", "ombudsman", "k")
    assert cited["score"] == "50.58" and blank == ["zone"]
    assert {c["decision"] for c in conflicts} == {"consistency"}


def test_choose_row_cites_the_best_source_of_the_kept_value(merge):
    rows = [row("https://news.com/1", "90.1"),
            row("https://x.go.id/1", "90.1", stype="government"),
            row("https://other.com/1", "91.0")]
    cited, support, blank, conflicts = merge.choose_row(rows, "score", None, "ombudsman", "k")
    assert cited["url"] == "https://x.go.id/1" and len(support) == 2 and not blank
    assert [c["other"] for c in conflicts] == ["91.0"] and conflicts[0]["kept"] == "90.1"


# ---- reliability ---------------------------------------------------------------------------

@pytest.mark.parametrize(("sources", "uncertain", "doubt_", "second", "expected"), [
    ({"ombudsman.go.id": "issuer"}, False, False, False, "high"),
    ({"a.com": "news", "b.com": "wire"}, False, False, False, "high"),
    ({"a.com": "news"}, False, False, False, "medium"),
    ({"a.com": "news", "b.blogspot.com": "blog"}, False, False, False, "medium"),
    ({"a.blogspot.com": "blog", "copy.com": "rewrite"}, False, False, False, "low"),
    ({"ombudsman.go.id": "issuer"}, True, False, False, "low"),
    ({"a.com": "news", "b.com": "news"}, False, True, False, "low"),
    ({"a.com": "news"}, False, False, True, "low"),
])
def test_confidence_rule(merge, sources, uncertain, doubt_, second, expected):
    assert merge.confidence(sources, uncertain, doubt_, second) == expected


def test_a_row_resting_only_on_blogs_or_rewrites_is_never_high(merge):
    rows = [row("https://a.blogspot.com/1", "90", stype="blog"),
            row("https://b.my.id/1", "90", stype="blog"),
            row("https://copy.com/1", "90", stype="rewrite")]
    assert merge.reliability(rows)["confidence"] == "low"


# ---- smaller rules ---------------------------------------------------------------------------

def test_unit_mean_confirms_and_for_pekppp_contradicts(merge):
    ok, why = merge.unit_mean_consistency("96.46", ["95.56", "96.39", "97.43"])
    assert ok is True and "96.46" in why
    assert merge.unit_mean_consistency("4.57", ["4.55", "4.69", "4.73"])[0] is None
    assert merge.unit_mean_consistency("4.57", ["4.55", "4.69", "4.73"], strict=True)[0] is False


def test_summary_counts_that_do_not_add_up_lose(merge):
    a = {**row("https://a.go.id/1", stype="government"), "n_assessed": "107", "n_hijau": "63",
         "n_kuning": "88", "n_merah": "48", "n_a": "", "n_b": "", "n_c": "", "n_d": "", "n_e": ""}
    b = {**row("https://b.com/1"), "n_assessed": "199", "n_hijau": "63", "n_kuning": "88",
         "n_merah": "48", "n_a": "", "n_b": "", "n_c": "", "n_d": "", "n_e": ""}
    for r in (a, b):
        r["_consistent"], r["_why"] = merge.counts_consistency(r)
    fields = ["n_assessed", "n_hijau", "n_kuning", "n_merah"]
    win, rule, _ = merge.decide_groups(merge.agreement_groups([a, b], fields), merge.summary_label)
    assert rule == "consistency" and win == [b]


@pytest.mark.parametrize(("score", "text", "expected"), [
    ("107", "", "110"),
    ("90.71", "nilai 90,71, dari rentang 89 sampai 110", "110"),
    ("81.50", "81.50 kuning under the printed 56-88 kuning band", "110"),
    ("95.25", "kategori A", "100"),
    ("", "0-110", ""),
])
def test_scale_max(merge, score, text, expected):
    assert merge.scale_max(score, text) == expected


@pytest.mark.parametrize(("printed", "code"), [
    ("Opini Kualitas Tertinggi Tanpa Maladministrasi", "A-TM"),
    ("kualitas sedang tanpa maladministrasi", "C-TM"),
    ("opini tertinggi", "A"), ("Kualitas Tinggi", "B"), ("Berkualitas Tinggi", "B"),
    ("kualitas rendah", "D"), ("Kualitas Terendah", "E"), ("Kepatuhan Tinggi", "KT"),
    ("Opini Kualitas Tertinggi dan Tinggi", ""), ("Kualitas Pelayanan Sangat Baik", ""),
    ("Tanpa Maladministrasi", "TM"), ("", ""), (None, ""),
])
def test_opinion_code(printed, code):
    assert opinion_code(printed) == code


def test_reviewed_rows_are_refused_with_the_reason(merge):
    review = {("f.csv", "https://a.com/1", "Jawa Tengah", "2024", "pekppp"): "a province average"}
    r = {"_file": "f.csv", "url": "https://a.com/1", "entity_as_printed": "Jawa Tengah",
         "year": "2024", "kind": "pekppp"}
    assert merge.reviewed(r, review) == "a province average"
    assert merge.reviewed({**r, "year": "2023"}, review) == ""
