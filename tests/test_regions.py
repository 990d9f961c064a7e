"""Canonical names and the regions table, with real spellings from the sources."""

from __future__ import annotations

import pytest

import analysis
from analysis import DataError
from analysis.regions import canonical_name, entity_type_of, resolve


def test_regions_counts_match_the_official_totals():
    # Kepmendagri 300.2.2-2430/2025: 38 provinces, 416 regencies, 98 cities.
    regions = analysis.load("regions")
    counts = regions["type"].value_counts()
    assert counts["provinsi"] == 38
    assert counts["kabupaten"] == 416
    assert counts["kota"] == 98
    # The 34-province frame of Permendagri 72/2019, which the Ombudsman assessed through 2024.
    assert regions["province_2019"].nunique() == 34
    assert regions["region_code"].is_unique


def test_new_papua_provinces_carry_their_pre_2022_province():
    regions = analysis.load("regions").set_index("region_code")
    assert regions.loc["93", "province_2019"] == "Papua"           # Papua Selatan
    assert regions.loc["96", "province_2019"] == "Papua Barat"     # Papua Barat Daya
    assert regions.loc["93.01", "code_2019"] == "91.01"            # Merauke
    assert regions.loc["96.01", "name_2019"] == "Kabupaten Sorong"


@pytest.mark.parametrize(("printed", "canonical"), [
    ("Pemkab Banjarnegara", "Kabupaten Banjarnegara"),
    ("Kab. Banjarnegara", "Kabupaten Banjarnegara"),
    ("Kabupaten Banjarnegara", "Kabupaten Banjarnegara"),
    ("Pemprov Jateng", "Provinsi Jawa Tengah"),
    ("Pemprov Banten", "Provinsi Banten"),
    ("Pemerintah Provinsi Sulawesi Utara", "Provinsi Sulawesi Utara"),
    ("Sulut", "Provinsi Sulawesi Utara"),
    ("Sultra", "Provinsi Sulawesi Tenggara"),
    ("Pemprov Jatim", "Provinsi Jawa Timur"),
    ("Jabar", "Provinsi Jawa Barat"),
    ("Pemda DIY", "Provinsi Daerah Istimewa Yogyakarta"),
    ("DKI Jakarta", "Provinsi Daerah Khusus Ibukota Jakarta"),
    ("Kaltim", "Provinsi Kalimantan Timur"),
    ("NTB", "Provinsi Nusa Tenggara Barat"),
    ("NTT", "Provinsi Nusa Tenggara Timur"),
    ("Pemko Pekanbaru", "Kota Pekanbaru"),
    ("Pemkot Magelang", "Kota Magelang"),
    ("Kota Pare Pare", "Kota Parepare"),
    ("Kabupaten Toba Samosir", "Kabupaten Toba"),
    ("Kabupaten Pahuwato", "Kabupaten Pohuwato"),
    ("Kab. Kep. Seribu", "Kabupaten Administrasi Kepulauan Seribu"),
    ("Kemlu", "Kementerian Luar Negeri"),
    ("Kementerian Luar Negeri Republik Indonesia (Kemlu)", "Kementerian Luar Negeri"),
    ("BPOM", "Badan Pengawas Obat dan Makanan"),
    ("Badan Pengawas Obat dan Makanan (Badan POM)", "Badan Pengawas Obat dan Makanan"),
    ("Kemenkes", "Kementerian Kesehatan"),
    ("Kementerian ATR/BPN", "Kementerian Agraria dan Tata Ruang/Badan Pertanahan Nasional"),
])
def test_real_spellings_resolve(printed, canonical):
    assert canonical_name(printed) == canonical


def test_kabupaten_and_kota_of_one_name_stay_apart():
    assert canonical_name("Kabupaten Bogor") == "Kabupaten Bogor"
    assert canonical_name("Kota Bogor") == "Kota Bogor"
    with pytest.raises(DataError, match="ambiguous: 'Kabupaten Bogor' or 'Kota Bogor'"):
        canonical_name("Bogor")


def test_sulut_and_sultra_are_different_provinces():
    assert canonical_name("Sulut") != canonical_name("Sultra")


def test_unknown_name_lists_the_nearest_candidates():
    with pytest.raises(DataError) as info:
        canonical_name("Kabupaten Banjarnegri")
    assert "unknown entity name" in str(info.value)
    assert "nearest: 'Kabupaten Banjarnegara'" in str(info.value)


def test_resolve_returns_type_code_and_province_row_for_row():
    out = resolve(["Pemkab Banyumas", "Kemlu", "Pemprov Jateng", "Pemkab Banyumas"])
    assert out["entity"].tolist() == ["Kabupaten Banyumas", "Kementerian Luar Negeri",
                                      "Provinsi Jawa Tengah", "Kabupaten Banyumas"]
    assert out["entity_type"].tolist() == ["kabupaten", "kementerian", "provinsi", "kabupaten"]
    assert out.loc[0, "region_code"] == "33.02" and out.loc[2, "region_code"] == "33"
    assert out.loc[0, "province"] == "Jawa Tengah"


def test_resolve_reports_every_bad_name():
    with pytest.raises(DataError) as info:
        resolve(["Kota Xyzzy", "Pemkab Banyumas", "Bogor"])
    assert len(info.value.problems) == 2


def test_entity_type_of():
    assert entity_type_of("Pemkot Magelang") == "kota"
    assert entity_type_of("BPOM") == "lembaga"


def test_every_curated_entity_is_canonical():
    for table in ["ombudsman", "pekppp"]:
        frame = analysis.load(table)
        resolved = resolve(frame["entity"])
        assert (resolved["entity"] == frame["entity"]).all()
        assert (resolved["entity_type"].astype(str) == frame["entity_type"].astype(str)).all()
        codes = resolved["region_code"].astype("string").fillna("")
        assert (codes == frame["region_code"].astype("string").fillna("")).all()
