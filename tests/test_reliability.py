"""Reliability in the data: every source typed, every scored row rated, every conflict decided."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis import DataError
from analysis.reliability import (
    SCORED,
    conflict_decisions,
    green_excess_by_confidence,
    keep_confidence,
    reliability_counts,
    scored_rows,
)
from analysis.scales import check_same_era, method_era


def test_every_source_has_a_type():
    sources = analysis.load("sources")
    assert sources["source_type"].notna().all()
    types = sources.set_index("source_id")["source_type"]
    assert types["nusareport-2026-01-15-evaluasi-2025"] == "news"
    assert types[types.index.str.startswith("menpan.go.id")].eq("issuer").all()
    assert types[types.index.str.startswith("disinfecting2u")].eq("rewrite").all()


@pytest.mark.parametrize("table", list(SCORED))
def test_every_scored_row_has_n_sources_and_confidence(table):
    frame = analysis.load(table)
    scored = frame[frame[SCORED[table]].notna()]
    assert scored["confidence"].notna().all() and scored["n_sources"].notna().all()
    assert (scored["n_sources"] >= 1).all()
    unscored = frame[frame[SCORED[table]].isna()]
    assert unscored["confidence"].isna().all()


def test_a_row_resting_only_on_blogs_or_rewrites_is_never_high():
    counts = reliability_counts()
    assert (counts["rows"] > 0).all()  # source types with no row are left out
    weak = counts[counts["source_type"].isin(["blog", "rewrite"])]
    assert len(weak) and (weak["high"] == 0).all()
    rows = scored_rows("ombudsman")
    high = rows[rows["confidence"] == "high"]
    assert ((high["source_type"] == "issuer") | (high["n_sources"] >= 2)).all()


def test_every_conflict_has_a_decision_and_a_reason():
    c = analysis.load("conflicts")
    assert c["decision"].notna().all() and (c["reason"].str.len() > 20).all()
    tied = c[c["decision"] == "tied"]
    assert tied["kept"].isna().all()  # tied: neither value is kept
    assert int(conflict_decisions()["conflicts"].sum()) == len(c)


def test_no_flagged_value_kept_over_a_clean_one():
    """The values the curators' notes call a probable typo or a low-quality copy lost."""
    omb = analysis.load("ombudsman").set_index(["entity", "year"])["score"]
    assert omb[("Kota Malang", 2021)] == 87.29             # not reniastuti's 97.29
    assert omb[("Provinsi Bali", 2022)] == 94.01           # not tribunnews's 54.01
    assert omb[("Provinsi Bali", 2023)] == 96.46           # its units average 96.46
    assert omb[("Provinsi Jawa Tengah", 2023)] == 94.52    # two outlets, not the rewrite's 94.4
    assert omb[("Kabupaten Grobogan", 2022)] == 98.02
    pek = analysis.load("pekppp").set_index(["entity", "year", "assessor"])["ipp"]
    assert pek[("Kota Kupang", 2025, "ministry")] == 4.02
    # the province-wide average 4,44 is not the provincial government's own index
    assert pek[("Provinsi Jawa Tengah", 2024, "ministry")] == 4.53


def test_tied_values_are_left_empty():
    omb = analysis.load("ombudsman").set_index(["entity", "year"])["score"]
    assert pd.isna(omb[("Kabupaten Nagekeo", 2024)])        # 80,42 and 80,43, both ANTARA Kupang


def test_lumajang_self_assessment():
    pek = analysis.load("pekppp").set_index(["entity", "year", "assessor"])
    assert pek.loc[("Kabupaten Lumajang", 2024, "self"), "ipp"] == 2.97
    assert pek.loc[("Kabupaten Lumajang", 2025, "self"), "ipp"] == 3.28
    assert pek.loc[("Kabupaten Lumajang", 2025, "self"), "category"] == "B-"


def test_era_scale_and_opinion_columns():
    omb = analysis.load("ombudsman")
    assert (omb["era"].astype(str) == method_era("ombudsman", omb["year"].to_numpy())).all()
    over = omb[omb["score"] > 100]
    assert len(over) and (over["scale_max"] == 110).all()
    scored = omb[omb["score"].notna()]
    assert scored["scale_max"].isin([100, 110]).all()
    assert omb.loc[omb["opinion"].notna() & omb["opinion_code"].isna(), "opinion"].str.contains(
        "tertinggi dan tinggi|pelayanan|sangat tinggi|^$", case=False).all()
    units = analysis.load("ombudsman_units")
    assert (units.loc[units["score"] > 100, "scale_max"] == 110).all()


def test_2025_opinion_scores_are_not_mixed_with_earlier_years():
    omb = analysis.load("ombudsman")
    both = omb[omb["year"].isin([2024, 2025]) & omb["score"].notna()]
    with pytest.raises(DataError, match="allow_cross_era=True"):
        check_same_era(both)
    check_same_era(both, allow_cross_era=True)


def test_keep_confidence_and_its_errors():
    omb = analysis.load("ombudsman")
    medium_up = keep_confidence(omb, "medium")
    assert set(medium_up["confidence"].astype(str)) == {"medium", "high"}
    with pytest.raises(DataError, match="unknown confidence 'certain'"):
        keep_confidence(omb, "certain")
    with pytest.raises(DataError, match="no 'confidence' column"):
        keep_confidence(analysis.load("regions"))


def test_green_excess_on_high_rows_only():
    e = green_excess_by_confidence().set_index("year")
    assert (e["rows_high"] < e["rows_all"]).all()
    assert e.loc[2022, "green_excess_high"] > e.loc[2022, "green_excess_all"] > 20
