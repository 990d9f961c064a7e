"""Data checks: every value traceable to its excerpt, merge reproducible, floors met."""

from __future__ import annotations

import importlib.util
import shutil

import pandas as pd
import pytest

import analysis
from analysis import paths
from analysis.checks import label_disagreements, summary_inconsistencies
from analysis.datadoc import render_data_readme


def _merge_module():
    spec = importlib.util.spec_from_file_location(
        "merge_curation", paths.root() / "tools" / "merge_curation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("table", "value"), [
    ("ombudsman", "score"), ("ombudsman_units", "score"),
    ("pekppp", "ipp"), ("pekppp_units", "ipp"),
])
def test_every_value_appears_in_its_excerpt(table, value):
    merge = _merge_module()
    frame = analysis.load(table)
    missing = [
        (r.entity, r.year, getattr(r, value))
        for r in frame.itertuples()
        if pd.notna(getattr(r, value)) and not merge.in_quote(
            f"{getattr(r, value):.2f}".rstrip("0").rstrip("."), str(r.excerpt))
    ]
    assert not missing, f"{len(missing)} values not found in their excerpt: {missing[:5]}"


def test_summary_counts_appear_in_their_excerpt():
    merge = _merge_module()
    s = analysis.load("ombudsman_summary")
    cols = ["n_assessed", "n_hijau", "n_kuning", "n_merah", "n_a", "n_b", "n_c", "n_d", "n_e"]
    for r in s.itertuples():
        for c in cols:
            v = getattr(r, c)
            if pd.notna(v):
                assert merge.in_quote(str(int(v)), str(r.excerpt)), (r.year, r.entity_type, c, v)


def test_in_quote_reads_indonesian_decimals():
    merge = _merge_module()
    assert merge.in_quote("95.25", "nilai 95,25 kategori A")
    assert merge.in_quote("99.23", "2018 (99, 23).")
    assert merge.in_quote("80", "Makassar 80 poin")
    assert not merge.in_quote("95.2", "nilai 95,25")      # a prefix is not a match
    assert not merge.in_quote("5.25", "nilai 95,25")      # nor a suffix


def test_merge_reproduces_every_table_and_the_complete_conflict_list(tmp_path):
    """Re-running the merge on curation/raw gives the committed tables byte for byte."""
    root = tmp_path / "repo"
    shutil.copytree(paths.root() / "data", root / "data")
    shutil.copytree(paths.root() / "curation", root / "curation")
    _merge_module().main(root)
    for name in ["ombudsman", "ombudsman_units", "ombudsman_summary", "pekppp", "pekppp_units",
                 "sources", "conflicts", "search_log"]:
        fresh = (root / "data" / f"{name}.csv").read_bytes()
        assert fresh == (paths.data_dir() / f"{name}.csv").read_bytes(), (
            f"data/{name}.csv differs from a fresh merge; run 'python tools/merge_curation.py'")
    assert (root / "curation" / "rejected.csv").read_bytes() == (
        paths.root() / "curation" / "rejected.csv").read_bytes()


def test_every_conflict_names_both_sources_that_exist():
    conflicts = analysis.load("conflicts")
    sources = set(analysis.load("sources")["source_id"])
    merged = conflicts[conflicts["kept_source_id"].notna()]
    assert merged["other_source_id"].isin(sources).all()
    assert merged["kept_source_id"].isin(sources).all()
    assert (conflicts["kept"] != conflicts["other"]).all()


def test_floors_of_the_first_pass():
    omb = analysis.load("ombudsman")
    scored = omb[omb["score"].notna()]
    assert len(scored) >= 400
    assert scored["province"].nunique() >= 30
    assert scored["year"].nunique() >= 5
    assert set(scored["entity_type"].astype(str)) == {"kementerian", "lembaga", "provinsi",
                                                       "kota", "kabupaten"}
    assert analysis.load("ombudsman_units")["score"].notna().sum() >= 60
    pek = analysis.load("pekppp")
    assert pek["ipp"].notna().sum() >= 60


def test_self_assessments_with_their_ministry_counterpart():
    pek = analysis.load("pekppp")
    wide = pek.pivot_table(index=["entity", "year"], columns="assessor", values="ipp",
                           observed=True)
    pairs = wide.dropna()
    assert ("Kabupaten Banjarnegara", 2024) in pairs.index
    assert pairs.loc[("Kabupaten Banjarnegara", 2024)].to_dict() == {"ministry": 4.56,
                                                                      "self": 2.97}
    assert ("Kota Madiun", 2024) in pairs.index


def test_national_zone_counts_for_the_census_years():
    s = analysis.load("ombudsman_summary")
    national = s[(s["scope"] == "national") & (s["entity_type"] == "all")].set_index("year")
    assert national.loc[2022, ["n_assessed", "n_hijau", "n_kuning", "n_merah"]].tolist() == [
        586, 272, 250, 64]
    assert national.loc[2023, ["n_assessed", "n_hijau", "n_kuning", "n_merah"]].tolist() == [
        586, 414, 133, 39]
    assert national.loc[2021, ["n_hijau", "n_kuning", "n_merah"]].tolist() == [179, 316, 92]
    assert national.loc[2024, ["n_a", "n_b", "n_c", "n_d", "n_e"]].tolist() == [
        337, 157, 70, 14, 9]


def test_summary_counts_add_up():
    assert summary_inconsistencies().empty


def test_printed_labels_that_disagree_are_listed_not_changed():
    d = label_disagreements()
    pandeglang = d[(d["entity"] == "Kabupaten Pandeglang") & (d["year"] == 2024)]
    assert pandeglang[["field", "printed", "official"]].to_numpy().tolist() == [
        ["opinion", "kualitas tinggi", "Kualitas Tertinggi"]]
    # the row itself keeps what was printed
    omb = analysis.load("ombudsman").set_index(["entity", "year"])
    assert omb.loc[("Kabupaten Pandeglang", 2024), "opinion"] == "kualitas tinggi"
    assert (d["explanation"].str.len() > 0).all()


def test_pandeglang_and_banten_from_the_seeds():
    omb = analysis.load("ombudsman").set_index(["entity", "year"])
    assert omb.loc[("Kabupaten Pandeglang", 2024), "score"] == 95.25
    assert omb.loc[("Kabupaten Pandeglang", 2024), "rank_in_province"] == 3
    assert omb.loc[("Kabupaten Pandeglang", 2023), "rank_in_province"] == 8
    assert omb.loc[("Provinsi Banten", 2023), "score"] == 91.16
    units = analysis.load("ombudsman_units")
    pandeglang = units[(units["entity"] == "Kabupaten Pandeglang") & (units["year"] == 2024)]
    assert sorted(pandeglang["score"]) == [92.23, 94.19, 94.5, 95.03, 97.73, 97.82]


def test_data_readme_is_up_to_date():
    assert (paths.data_dir() / "README.md").read_text(encoding="utf-8") == render_data_readme(), (
        "data/README.md is stale; run 'python -m analysis datadoc'")


def test_manifest_of_table_shapes():
    """A changed table shows up as a reviewed diff of this manifest (democracyData's habit)."""
    expected = {"regions": 552, "eras": 5, "bands": 17}
    for name, rows in expected.items():
        assert len(analysis.load(name)) == rows, name


def test_sweep_table_covers_every_province_and_year():
    from analysis.datadoc import sweep_table

    sweep = sweep_table()
    omb = sweep[sweep["instrument"] == "ombudsman"]
    pek = sweep[sweep["instrument"] == "pekppp"]
    # every assessment year of eras.csv: Ombudsman 2015-2019 and 2021-2025, PEKPPP 2017-2025
    assert omb["province"].nunique() == 34 and len(omb) == 34 * 10
    assert pek["province"].nunique() == 34 and len(pek) == 34 * 9
    complete = sweep[sweep["status"] == "complete"]
    assert (complete["covered"] == complete["total"]).all()
    assert ((sweep["status"] == "none") == (sweep["rows"] == 0)).all()
    jambi = omb.set_index(["province", "year"]).loc[("Jambi", 2023)]
    assert jambi["status"] == "complete" and jambi["total"] == 11


def test_search_log_counts_every_logged_search():
    log = analysis.load("search_log")
    assert len(log) > 300 and log["pass"].isin([2, 3, 4, 5]).all()
    assert set(log["instrument"].astype(str)) <= {"ombudsman", "pekppp"}
    assert (log["province"] != "unresolved").mean() > 0.95
