"""Service units: the unit type rules, and the analyses of what an entity's score is made of."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import DataError, unit_types, units
from analysis.unit_types import classify_units, unit_type, with_unit_type

# ---------------------------------------------------------------------------
# unit types: the code table and its rules

@pytest.mark.parametrize(("name", "code"), [
    ("Dinas Kependudukan dan Catatan Sipil (Disdukcapil)", "dukcapil"),
    ("Dispendukcapil", "dukcapil"),               # not 'Dispendik' (education)
    ("Disdukcatpil", "dukcapil"),
    ("Dinas Pendidikan (Dispendik)", "dinas_pendidikan"),
    ("Dindikbud Kabupaten Serang", "dinas_pendidikan"),
    ("DPM-PTSP", "dpmptsp"),
    ("Badan Pelayanan Perizinan Terpadu (BP2T) Kota palu", "dpmptsp"),
    ("Dinsos P3AP2KB", "dinas_sosial"),
    ("Dinas Kesehatan (DKK)", "dinas_kesehatan"),
    ("Puskesmas Kecamatan Kebon Jeruk", "puskesmas"),  # Puskesmas before Kecamatan
    ("Kantor Kecamatan Tebet", "kecamatan"),
    ("UPTD Puskesmas Pondok Aren", "puskesmas"),
    ("Puskemas Naibonat", "puskesmas"),           # as misprinted
    ("rumah sakit daerah", "rsud"),
    ("Rumah Sakit Jiwa (RSJ) Ghrasia", "rsud"),
    ("SMPN 9 Palembang", "sekolah"),
    ("Polresta Sorong Kota", "polisi"),           # police before 'Kota ...'
    ("Polsek Kebayoran Baru", "polisi"),
    ("SPKT Polda Metro Jaya", "polisi"),
    ("Lapas Kelas IIA Kupang", "lapas_rutan"),
    ("Rutan Salemba", "lapas_rutan"),
    ("Kantor Imigrasi Kelas I Jakarta Selatan", "imigrasi"),
    ("Kantah Boalemo", "kantor_pertanahan"),
    ("Kantor Pertanahan Kota Ambon", "kantor_pertanahan"),  # land office before 'Kota ...'
    ("Kantor Wilayah ATR/BPN Provinsi Maluku", "kantor_pertanahan"),
    ("UPT Pengelola Pendapatan Simpang Tiga", "samsat"),
    ("Samsat Provinsi Riau", "samsat"),
    ("Kecamatan Jebres Kota Surakarta", "kecamatan"),
    ("Kota Jakarta Barat", "wilayah_administrasi"),
    ("Direktorat Pengawasan Alat Kesehatan", "unit_kementerian"),
    ("Dinas Perhubungan - izin pembangunan pelabuhan khusus", "other"),
])
def test_unit_type_rules(name, code):
    assert unit_type(name) == code


def test_unit_type_refuses_a_blank_name():
    with pytest.raises(DataError, match="column 'unit'.*is not a unit name"):
        unit_type("  ")


def test_every_unit_row_has_the_type_its_printed_name_gives():
    for table in ("ombudsman_units", "pekppp_units"):
        frame = analysis.load(table)
        assert frame["unit_type"].notna().all(), table
        expected = classify_units(frame["unit"].astype(str))
        assert (frame["unit_type"].astype(str) == expected).all(), (
            f"{table}: unit_type is stale; run 'python tools/merge_curation.py'")


def test_at_least_95_percent_of_rows_get_a_type_other_than_other():
    shares = units.unit_type_shares()
    for table, part in shares.groupby("table"):
        assert part["rows"].sum() == len(analysis.load(table))
        assert part["share"].sum() == pytest.approx(100, abs=0.2)
        other = part.loc[part["unit_type"] == "other", "rows"].sum()
        assert other / part["rows"].sum() < 0.05, table


def test_descriptor_enumeration_is_the_code_table():
    codes = unit_types.unit_types()["code"].tolist()
    assert codes[-1] == unit_types.OTHER
    for table in ("ombudsman_units", "pekppp_units"):
        field = next(f for f in analysis.loading.schema(table)["fields"]
                     if f["name"] == "unit_type")
        assert field["constraints"]["enum"] == codes, table


def _table_with(monkeypatch, row, column, value):
    bad = analysis.load("unit_types")
    bad.loc[row, column] = value
    monkeypatch.setattr(unit_types, "load", lambda name: bad.copy())


def test_a_broken_pattern_is_named_with_file_row_and_column(monkeypatch):
    _table_with(monkeypatch, 0, "pattern", "puskesmas(")
    with pytest.raises(DataError, match=r"data/unit_types.csv, row 2, column 'pattern': "
                                        r"'puskesmas\(': is not a regular expression"):
        unit_type("Dinas Sosial")


def test_only_the_last_rule_may_lack_a_pattern(monkeypatch):
    _table_with(monkeypatch, 1, "pattern", pd.NA)
    with pytest.raises(DataError, match="row 3, column 'pattern'.*only the last rule"):
        unit_type("Dinas Sosial")


def test_with_unit_type_puts_the_column_after_unit_and_recomputes_it():
    header, rows = with_unit_type(["entity", "unit", "unit_type", "year"],
                                  [{"entity": "A", "unit": "Disdukcapil", "unit_type": "stale",
                                    "year": "2024"}])
    assert header == ["entity", "unit", "unit_type", "year"]
    assert rows[0]["unit_type"] == "dukcapil"
    header, rows = with_unit_type(["entity", "year"], [{"entity": "A", "year": "2024"}])
    assert header == ["entity", "year"] and "unit_type" not in rows[0]


# ---------------------------------------------------------------------------
# analyses on small frames whose answer is known

def _units(rows):
    return pd.DataFrame(rows, columns=["entity", "unit", "unit_type", "year", "score",
                                       "source_id"])


SYNTH = _units([
    ("A", "Dinsos", "dinas_sosial", 2023, 90.0, "s1"),
    ("A", "Disdik", "dinas_pendidikan", 2023, 60.0, "s1"),
    ("A", "Puskesmas X", "puskesmas", 2023, 75.0, "s1"),
    ("B", "Dinas Sosial", "dinas_sosial", 2023, 70.0, "s2"),
    ("B", "Dinas Sosial", "dinas_sosial", 2025, 80.0, "s3"),   # another era
    ("P", "Polres Q", "polisi", 2018, 107.0, "s4"),            # a 0-110 survey ...
    ("P", "Polres R", "polisi", 2018, 98.0, "s4"),             # ... so this is 0-110 too
    ("P", "Polres S", "polisi", 2018, 90.0, "s5"),             # other document: 0-100
])


def test_a_0_110_survey_is_off_the_scale_whole():
    u = units.unit_scores(SYNTH).set_index("unit")
    assert not u.loc["Polres Q", "on_scale"] and not u.loc["Polres R", "on_scale"]
    assert u.loc["Polres R", "scale_max"] == 110
    assert u.loc["Polres S", "on_scale"] and u.loc["Dinsos", "on_scale"]
    # a scale_max column, where a table has one, decides
    given = units.unit_scores(SYNTH.assign(scale_max=[100, 100, 100, 100, 100, 110, 110, 110]))
    assert given.set_index("unit").loc["Polres S", "on_scale"] == False  # noqa: E712


def test_scores_by_type_never_pools_eras_or_scales():
    s = units.scores_by_type(SYNTH)
    social = s[s["unit_type"] == "dinas_sosial"].set_index("era")
    assert social.loc["ombudsman-2022", "n_units"] == 2
    assert social.loc["ombudsman-2022", "mean"] == 80.0     # A 90 and B 70, not B 2025
    assert social.loc["ombudsman-2025", "mean"] == 80.0 and social.loc["ombudsman-2025",
                                                                       "n_units"] == 1
    police = s[s["unit_type"] == "polisi"]
    assert police["n_units"].tolist() == [1] and police["max"].tolist() == [90.0]


def test_scores_by_type_keeps_self_assessment_apart():
    p = pd.DataFrame({"entity": ["A", "A", "B"], "unit": ["RSUD", "RSUD", "RSUD"],
                      "unit_type": ["rsud"] * 3, "year": [2024] * 3,
                      "assessor": ["self", "ministry", "ministry"], "ipp": [5.0, 4.0, 3.0]})
    s = units.scores_by_type(p, instrument="pekppp").set_index("assessor")
    assert s.loc["ministry", "mean"] == 3.5 and s.loc["self", "mean"] == 5.0
    with pytest.raises(DataError, match="unknown instrument"):
        units.scores_by_type(p, instrument="ipp")


def test_unit_spread_best_worst_and_n():
    s = units.unit_spread(SYNTH)
    assert s["entity"].tolist() == ["A"]                    # B and P have one unit per year
    r = s.iloc[0]
    assert (r.best_unit, r.worst_unit, r.spread, r.n_units, r.units_mean) == (
        "Dinsos", "Disdik", 30.0, 3, 75.0)
    assert units.unit_spread(SYNTH, min_units=4).empty


def test_entity_vs_units_difference_and_range():
    entity = pd.DataFrame({"entity": ["A", "B", "P"], "entity_type": ["kota"] * 3,
                           "year": [2023, 2023, 2018], "score": [95.0, 70.0, 108.0],
                           "source_id": ["s1", "x", "s4"]})
    p = units.entity_vs_units(SYNTH, entity).set_index("entity")
    assert p.loc["A", "difference"] == 20.0 and not p.loc["A", "within_range"]
    assert p.loc["A", "same_source"] and not p.loc["B", "same_source"]
    assert p.loc["B", "difference"] == 0.0 and p.loc["B", "within_range"]
    assert "P" not in p.index                               # 108 is on the 0-110 scale
    summary = units.entity_vs_units_summary(p.reset_index(), min_units=1)
    assert summary[["n_pairs", "n_within_range", "n_exact"]].to_numpy().tolist() == [[2, 1, 1]]
    assert units.entity_vs_units_summary(p.reset_index())["n_pairs"].tolist() == [1]


def test_recurring_units_match_by_type_or_by_name_and_never_cross_eras():
    u = _units([
        ("A", "Dinsos-PMD", "dinas_sosial", 2022, 60.0, "s"),
        ("A", "Dinas Sosial", "dinas_sosial", 2023, 95.0, "t"),
        ("A", "UPT Puskesmas Koba", "puskesmas", 2022, 80.0, "s"),
        ("A", "Puskesmas Koba", "puskesmas", 2023, 82.5, "t"),
        ("A", "Puskesmas Lain", "puskesmas", 2023, 70.0, "t"),
        ("A", "Dinas Sosial", "dinas_sosial", 2025, 88.0, "u"),
    ])
    r = units.recurring_units(u)
    social = r[r["unit_key"] == "dinas_sosial"]
    assert social["year"].tolist() == [2022, 2023, 2025]
    assert social["change"].tolist()[1] == 35.0 and np.isnan(social["change"].tolist()[2])
    koba = r[r["unit_key"] == "puskesmas koba"]
    assert koba["change"].tolist()[1] == 2.5
    assert "puskesmas lain" not in set(r["unit_key"])


# ---------------------------------------------------------------------------
# golden values from the seeds

def test_pandeglang_2024_units_and_its_entity_score():
    u = units.entity_units("Pemkab Pandeglang")
    y = u[(u["instrument"] == "ombudsman") & (u["year"] == 2024)].set_index("unit_type")
    assert y.loc["dinas_sosial", "value"] == 97.73
    assert y.loc["dukcapil", "value"] == 94.50
    assert y.loc["dpmptsp", "value"] == 94.19
    assert y.loc["dinas_pendidikan", "value"] == 92.23
    puskesmas = y.loc["puskesmas"].set_index("unit")["value"]
    assert puskesmas["Puskesmas Cimanuk"] == 97.82 and puskesmas["Puskesmas Bangkonol"] == 95.03
    pairs = units.entity_vs_units().set_index(["entity", "year"])
    p = pairs.loc[("Kabupaten Pandeglang", 2024)]
    assert p["entity_score"] == 95.25 and p["units_mean"] == 95.25 and p["n_units"] == 6
    spread = units.unit_spread().set_index(["entity", "year"]).loc[("Kabupaten Pandeglang", 2024)]
    assert spread["spread"] == 5.59 and spread["worst_type"].startswith("Education")


def test_entity_units_both_instruments_and_unknown_names():
    u = units.entity_units("Kabupaten Sleman", lang="id")
    assert set(u["instrument"]) == {"ombudsman", "pekppp"}
    pek = u[u["instrument"] == "pekppp"].set_index("unit_type")
    assert pek.loc["rsud", "value"] == 4.66 and pek.loc["rsud", "scale"] == "0-5"
    assert pek.loc["rsud", "label"] == "Rumah sakit (RSUD)"
    assert units.entity_units("Kabupaten Banjarnegara")["instrument"].tolist() == ["pekppp"]
    empty = units.entity_units("Kabupaten Banyumas")
    assert empty.empty and "unit_type" in empty.columns
    with pytest.raises(DataError):
        units.entity_units("Kabupaten Tidakada")
    with pytest.raises(DataError, match="unknown language"):
        units.entity_units("Kabupaten Sleman", lang="fr")


def test_unit_gains_weigh_each_unit_one_nth():
    g = units.unit_gains(SYNTH).set_index("unit")
    assert g.loc["Disdik", "gain_if_best"] == 10.0           # (90 - 60) / 3
    assert g.loc["Dinsos", "gain_if_best"] == 0.0
    assert "Polres S" not in g.index                          # one unit on the scale: no gap
    pandeglang = units.unit_gains().query("entity == 'Kabupaten Pandeglang' and year == 2024")
    assert pandeglang.iloc[0]["unit"] == "Dinas Pendidikan (Dindik)"
    assert pandeglang.iloc[0]["gain_if_best"] == 0.93         # (97.82 - 92.23) / 6


def test_pekppp_units_against_the_providers_index():
    v = units.pekppp_unit_values().set_index(["entity", "unit"])
    assert v.loc[("Kabupaten Jember", "rumah sakit daerah"), "entity_ipp"] == 4.62
    assert np.isnan(v.loc[("Kabupaten Banjarnegara", "UPTD Puskesmas Banjarnegara 1"),
                          "entity_ipp"])
    u = pd.DataFrame({"entity": ["A"], "year": [2024], "assessor": ["ministry"], "unit": ["RSUD"],
                      "unit_type": ["rsud"], "ipp": [4.5], "source_id": ["s"]})
    own = pd.DataFrame({"entity": ["A", "A"], "year": [2024, 2024],
                        "assessor": ["self", "ministry"], "ipp": [2.0, 4.0]})
    assert units.pekppp_unit_values(u, own)["entity_ipp"].tolist() == [4.0]  # same assessor only
    p = units.entity_vs_units(instrument="pekppp").set_index(["entity", "year", "assessor"])
    assert p.loc[("Kabupaten Jember", 2024, "ministry"), "units_mean"] == 4.62  # 4.75 4.59 4.51
    assert p.loc[("Kota Surakarta", 2024, "self"), "difference"] == -0.27
    with pytest.raises(DataError, match="unknown instrument"):
        units.entity_vs_units(instrument="kemenpan")
