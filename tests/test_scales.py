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
