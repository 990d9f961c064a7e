"""Official bands at every boundary, every era, and the cross-era guard."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import DataError
from analysis.scales import (
    OmbudsmanBand,
    PekpppBand,
    check_same_era,
    method_era,
    ombudsman_band,
    pekppp_band,
    percentile_rank,
    score_change,
    zscore,
)

# (score, year, zone, opinion, grade): every boundary of every regime, both sides.
OMBUDSMAN_CASES = [
    *[(s, y, z, o, None) for y in (2015, 2016, 2017, 2018, 2019, 2021) for s, z, o in [
        (0.0, "merah", "Kepatuhan Rendah"), (50.99, "merah", "Kepatuhan Rendah"),
        (51.0, "kuning", "Kepatuhan Sedang"), (80.99, "kuning", "Kepatuhan Sedang"),
        (81.0, "hijau", "Kepatuhan Tinggi"), (100.0, "hijau", "Kepatuhan Tinggi")]],
    *[(s, y, z, o, g) for y in (2022, 2023, 2024) for s, z, o, g in [
        (0.0, "merah", "Kualitas Terendah", "E"), (31.99, "merah", "Kualitas Terendah", "E"),
        (32.0, "merah", "Kualitas Rendah", "D"), (53.99, "merah", "Kualitas Rendah", "D"),
        (54.0, "kuning", "Kualitas Sedang", "C"), (77.99, "kuning", "Kualitas Sedang", "C"),
        (78.0, "hijau", "Kualitas Tinggi", "B"), (87.99, "hijau", "Kualitas Tinggi", "B"),
        (88.0, "hijau", "Kualitas Tertinggi", "A"), (100.0, "hijau", "Kualitas Tertinggi", "A")]],
]


@pytest.mark.parametrize(("score", "year", "zone", "opinion", "grade"), OMBUDSMAN_CASES)
def test_ombudsman_boundaries(score, year, zone, opinion, grade):
    assert ombudsman_band(score, year) == OmbudsmanBand(zone, opinion, grade)


def test_seed_values_get_their_official_bands():
    assert ombudsman_band(95.25, 2024).opinion == "Kualitas Tertinggi"   # Pandeglang
    assert ombudsman_band(82.15, 2021).zone == "hijau"                   # Banyumas
    assert ombudsman_band(31.56, 2015).zone == "merah"                   # Banyumas
    assert pekppp_band(2.97) == PekpppBand("C", "Cukup")                 # Banjarnegara, self
    assert pekppp_band(4.56) == PekpppBand("A", "Pelayanan Prima")       # Banjarnegara


def test_the_same_score_changes_zone_between_eras():
    assert ombudsman_band(79.0, 2021).zone == "kuning"
    assert ombudsman_band(79.0, 2022).zone == "hijau"
    assert ombudsman_band(52.0, 2021).zone == "kuning"
    assert ombudsman_band(52.0, 2022).zone == "merah"


def test_vectorized_matches_scalar_row_for_row():
    scores = np.array([c[0] for c in OMBUDSMAN_CASES])
    years = np.array([c[1] for c in OMBUDSMAN_CASES])
    frame = ombudsman_band(scores, years)
    assert list(frame.columns) == ["zone", "opinion", "grade"]
    expected = [tuple(c[2:]) for c in OMBUDSMAN_CASES]
    got = [(z, o, None if pd.isna(g) else g)
           for z, o, g in zip(frame.zone, frame.opinion, frame.grade, strict=True)]
    assert got == expected


def test_vectorized_broadcasts_one_year_and_keeps_missing_scores():
    frame = ombudsman_band(pd.Series([95.0, np.nan, 40.0]), 2023)
    assert frame["zone"].isna().tolist() == [False, True, False]
    assert frame["zone"].iloc[[0, 2]].tolist() == ["hijau", "merah"]
    assert (frame["zone"] > "kuning").tolist() == [True, False, False]


@pytest.mark.parametrize(("year", "message"), [
    (2020, "no ombudsman method era covers this year"),
    (2014, "no ombudsman method era covers this year"),
    (2025, "the score bands of era 'ombudsman-2025' are not known"),
])
def test_years_without_known_bands_raise(year, message):
    with pytest.raises(DataError, match=message):
        ombudsman_band(90.0, year)


@pytest.mark.parametrize("score", [-0.01, 100.01])
def test_scores_outside_the_scale_raise(score):
    with pytest.raises(DataError, match="outside 0-100"):
        ombudsman_band(score, 2023)


PEKPPP_CASES = [
    (5.0, "A", "Pelayanan Prima"), (4.51, "A", "Pelayanan Prima"),
    (4.50, "A-", "Sangat Baik"), (4.01, "A-", "Sangat Baik"),
    (4.00, "B", "Baik"), (3.51, "B", "Baik"),
    (3.50, "B-", "Baik dengan Catatan"), (3.01, "B-", "Baik dengan Catatan"),
    (3.00, "C", "Cukup"), (2.51, "C", "Cukup"),
    (2.50, "C-", None), (2.01, "C-", None),
]


@pytest.mark.parametrize(("ipp", "category", "predicate"), PEKPPP_CASES)
def test_pekppp_boundaries(ipp, category, predicate):
    assert pekppp_band(ipp) == PekpppBand(category, predicate)


def test_pekppp_vectorized():
    frame = pekppp_band([c[0] for c in PEKPPP_CASES])
    assert frame["category"].tolist() == [c[1] for c in PEKPPP_CASES]
    assert [None if pd.isna(p) else p for p in frame["predicate"]] == [c[2] for c in PEKPPP_CASES]


@pytest.mark.parametrize(("ipp", "message"), [
    (2.0, "no published rule gives the band below 2.01"),
    (5.01, "outside 0-5"),
    (-1, "outside 0-5"),
])
def test_pekppp_unknown_or_out_of_scale(ipp, message):
    with pytest.raises(DataError, match=message):
        pekppp_band(ipp)


def test_every_band_cites_a_source_and_says_how_it_is_known():
    bands = analysis.load("bands")
    assert bands["source_id"].notna().all()
    assert set(bands["basis"].astype(str)) <= {"stated", "inferred"}
    # the Ombudsman bands are all stated by sources; the PEKPPP ladder below A is inferred
    omb = bands[bands["instrument"] == "ombudsman"]
    assert (omb["basis"] == "stated").all()


def test_bands_of_an_era_tile_the_scale_without_gaps():
    bands = analysis.load("bands")
    for era, group in bands.groupby("era", observed=True):
        group = group.sort_values("lower")
        if group["instrument"].iloc[0] == "ombudsman":
            assert group["lower"].iloc[0] == 0, era
            assert (group["upper"].iloc[:-1].to_numpy() == group["lower"].iloc[1:].to_numpy()).all()
            assert group["upper"].iloc[-1] == 100
        else:
            assert np.allclose(group["lower"].iloc[1:].to_numpy(),
                               group["upper"].iloc[:-1].to_numpy() + 0.01)
            assert group["upper"].iloc[-1] == 5


@pytest.mark.parametrize(("instrument", "year", "era"), [
    ("ombudsman", 2015, "ombudsman-2015"), ("ombudsman", 2019, "ombudsman-2015"),
    ("ombudsman", 2021, "ombudsman-2021"), ("ombudsman", 2022, "ombudsman-2022"),
    ("ombudsman", 2024, "ombudsman-2022"), ("ombudsman", 2025, "ombudsman-2025"),
    ("pekppp", 2017, "pekppp"), ("pekppp", 2025, "pekppp"),
])
def test_method_era(instrument, year, era):
    assert method_era(instrument, year) == era


def test_method_era_refuses_unknowns():
    with pytest.raises(DataError, match="unknown instrument"):
        method_era("skm", 2023)
    with pytest.raises(DataError, match="no ombudsman method era covers"):
        method_era("ombudsman", [2019, 2020])


def test_percentile_rank_and_zscore_within_year_and_type():
    f = pd.DataFrame({"year": [2023] * 3 + [2021] * 2,
                      "entity_type": ["kota"] * 5,
                      "score": [60.0, 70.0, 80.0, 50.0, 90.0]})
    assert percentile_rank(f).round(6).tolist() == [33.333333, 66.666667, 100.0, 50.0, 100.0]
    z = zscore(f)
    assert z.iloc[:3].round(6).tolist() == [-1.0, 0.0, 1.0]
    assert z.iloc[3:].round(6).tolist() == [-0.707107, 0.707107]


def test_cross_era_comparison_is_refused_unless_asked_for():
    f = pd.DataFrame({"entity": ["A", "A", "B", "B"], "year": [2021, 2023, 2021, 2023],
                      "score": [80.0, 90.0, 60.0, 70.0]})
    with pytest.raises(DataError, match="span method eras .*not comparable across eras"):
        score_change(f, 2021, 2023)
    with pytest.raises(DataError, match="allow_cross_era=True"):
        check_same_era(f)
    out = score_change(f, 2021, 2023, allow_cross_era=True)
    assert out["change"].tolist() == [10.0, 10.0]
    assert out["era_start"].tolist() == ["ombudsman-2021"] * 2
    check_same_era(f[f.year == 2023])  # one era: no error


# --- the instrument rules read from data/ (issue 16) ---------------------------------------

def test_era_breaks_are_the_first_years_after_the_first_era():
    from analysis.scales import era_breaks

    assert era_breaks("ombudsman") == [2021, 2022, 2025]
    assert era_breaks("pekppp") == []          # one era: nothing to break


def test_era_break_positions_lie_midway_between_eras():
    from analysis.scales import era_break_positions

    # 2019|2021 (no assessment in 2020), 2021|2022, 2024|2025
    assert era_break_positions("ombudsman") == [2020.0, 2021.5, 2024.5]
    assert era_break_positions("pekppp") == []


@pytest.mark.parametrize("name", ["era_breaks", "era_break_positions", "assessment_years",
                                  "census_years"])
def test_rules_refuse_an_unknown_instrument(name):
    import analysis.scales as scales

    with pytest.raises(DataError, match=r"unknown instrument 'kemenpan'.*'ombudsman', 'pekppp'"):
        getattr(scales, name)("kemenpan")


def test_census_years_are_the_near_census_eras():
    from analysis.scales import assessment_years, census_years

    assert census_years() == [2021, 2022, 2023, 2024]      # not 2019 (sample), not 2025 (310 loci)
    assert census_years("pekppp") == []
    assert set(census_years()) < set(assessment_years("ombudsman"))


@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_zone_grades_of_the_graded_years(year):
    from analysis.scales import zone_grades

    assert zone_grades(year) == {"merah": ("E", "D"), "kuning": ("C",), "hijau": ("B", "A")}


@pytest.mark.parametrize(("year", "message"), [
    (2021, "era 'ombudsman-2021' has no grades"), (2019, "era 'ombudsman-2015' has no grades"),
    (2025, "era 'ombudsman-2025' has no grades"), (2020, "no ombudsman method era covers")])
def test_zone_grades_refuse_years_without_grades(year, message):
    from analysis.scales import zone_grades, zones_from_grade_counts

    with pytest.raises(DataError, match=message):
        zone_grades(year)
    with pytest.raises(DataError, match=message):
        zones_from_grade_counts({"A": 1}, year)


def test_zones_from_grade_counts_groups_each_grade_into_its_zone():
    from analysis.scales import zones_from_grade_counts

    assert zones_from_grade_counts({"A": 1, "B": 2, "C": 4, "D": 8, "E": 16}, 2023) == {
        "merah": 24, "kuning": 4, "hijau": 3}
    # lower-case keys (the n_a ... n_e columns); a grade left out counts 0
    assert zones_from_grade_counts({"a": 5, "e": 1}, 2022) == {"merah": 1, "kuning": 0, "hijau": 5}
    assert zones_from_grade_counts({}, 2024) == {"merah": 0, "kuning": 0, "hijau": 0}


@pytest.mark.parametrize(("counts", "message"), [
    ({"F": 1}, "'F': is not a grade of 2023; grades are A, B, C, D, E"),
    ({"A": None}, "is not a count"),
    ({"A": 1.5}, "is not a count"), ({"A": -1}, "is not a count")])
def test_zones_from_grade_counts_refuses_what_is_not_a_grade_count(counts, message):
    from analysis.scales import zones_from_grade_counts

    with pytest.raises(DataError, match=message):
        zones_from_grade_counts(counts, 2023)


def test_summary_grade_counts_become_the_same_zones_in_coverage_and_trends():
    """2024 printed only the five opinion counts (A 337, B 157, C 70, D 14, E 9 of 587)."""
    from analysis.coverage import population_cells
    from analysis.trends import zone_shares_over_time

    s = analysis.load("ombudsman_summary")
    row = s[(s["year"] == 2024) & (s["entity_type"] == "all") & (s["scope"] == "national")]
    assert len(row) == 1 and row["n_hijau"].isna().all()
    cells = population_cells(2024).groupby("zone")["n_population"].sum()   # over the strata
    assert cells.to_dict() == {"hijau": 337 + 157, "kuning": 70, "merah": 14 + 9}
    shares = zone_shares_over_time(s).set_index("year").loc[2024]
    assert shares["basis"] == "from opinion counts" and shares["n"] == 587
    assert shares["hijau"] == pytest.approx(494 / 587)
    assert shares["merah"] == pytest.approx(23 / 587)


@pytest.mark.parametrize(("score", "scale_max", "expected"), [
    (0.0, None, True), (100.0, None, True), (100.01, None, False), (108.0, None, False),
    (None, None, False), (100.0, 100, True), (74.45, 110, False), (100.0, 110, False),
    (108.0, 110, False), (99.0, 105, False)])
def test_on_standard_scale_at_every_boundary(score, scale_max, expected):
    from analysis.scales import on_standard_scale

    frame = pd.DataFrame({"score": [score], "scale_max": pd.array([scale_max], dtype="Int64")})
    assert on_standard_scale(frame).tolist() == [expected]
    if scale_max is None:      # a table without the column: the score alone decides
        assert on_standard_scale(frame[["score"]]).tolist() == [expected]


def test_on_standard_scale_keeps_the_index_and_reads_another_column():
    from analysis.scales import on_standard_scale

    frame = pd.DataFrame({"value": [50.0, 101.0]}, index=[7, 3])
    out = on_standard_scale(frame, value="value")
    assert out.dtype == bool and out.index.tolist() == [7, 3] and out.tolist() == [True, False]


def test_on_standard_scale_leaves_out_the_curated_0_110_scores():
    from analysis.scales import on_standard_scale

    omb = analysis.load("ombudsman")
    off = omb[omb["score"].notna() & ~on_standard_scale(omb)]
    # ATR/BPN 2019 (74.45 of 110) and Kemnaker 2017 (108)
    assert sorted(off["score"].tolist()) == [74.45, 108.0]
    assert (off["scale_max"] == 110).all()


def test_code_lists_come_from_the_descriptor():
    from analysis.loading import schema
    from analysis.scales import CATEGORIES, ENTITY_TYPES, GRADES, ZONES, entity_types

    def enum(table, field):
        return tuple(next(f for f in schema(table)["fields"] if f["name"] == field)
                     ["constraints"]["enum"])

    assert ZONES == enum("ombudsman", "zone") == ("merah", "kuning", "hijau")   # lowest first
    assert GRADES == enum("ombudsman", "grade") == ("E", "D", "C", "B", "A")
    assert CATEGORIES == enum("pekppp", "category") and CATEGORIES[-1] == "A"
    assert ENTITY_TYPES == enum("pekppp", "entity_type") == tuple(entity_types())
    assert ENTITY_TYPES == ("kementerian", "lembaga", "provinsi", "kota", "kabupaten")


def test_old_names_still_import_from_scales():
    import analysis.banding as banding
    import analysis.scales as scales

    for name in banding.__all__:
        assert getattr(scales, name) is getattr(banding, name), name
