"""analysis.profile: one entity in one call, any common spelling."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis import DataError


@pytest.mark.parametrize("spelling", ["Kabupaten Banjarnegara", "Kab. Banjarnegara",
                                      "pemkab banjarnegara", "Pemkab Banjarnegara"])
def test_any_spelling_gives_the_same_profile(spelling):
    p = analysis.profile(spelling)
    assert p.entity == "Kabupaten Banjarnegara"
    assert p.entity_type == "kabupaten" and p.province == "Jawa Tengah"


def test_banjarnegara_self_against_ministry_golden_values():
    p = analysis.profile("Kab. Banjarnegara")
    pk = p.pekppp[p.pekppp["year"] == 2024].set_index("assessor")
    assert pk.loc["self", "ipp"] == 2.97 and pk.loc["ministry", "ipp"] == 4.56
    assert pk.loc["ministry", "official_category"] == "A"
    pair = p.self_vs_ministry.set_index("year").loc[2024]
    assert (pair["self"], pair["ministry"], pair["diff"]) == (2.97, 4.56, -1.59)


def test_ombudsman_rows_carry_printed_and_official_labels_and_sources():
    p = analysis.profile("Pemkab Pandeglang")
    row = p.ombudsman.set_index("year").loc[2024]
    assert row["score"] == 95.25
    assert row["official_zone"] == "hijau" and row["official_opinion"] == "Kualitas Tertinggi"
    assert row["era"] == "ombudsman-2022"
    assert isinstance(row["url"], str) and row["url"].startswith("http")
    assert set(p.ombudsman["source_id"]) <= set(p.sources["source_id"])
    assert {"year", "score", "zone", "official_zone", "opinion", "rank", "rank_of",
            "rank_scope", "source_id"} <= set(p.ombudsman.columns)


def test_units_of_pandeglang_seed_values():
    p = analysis.profile("Kabupaten Pandeglang")
    u = p.units[(p.units["instrument"] == "ombudsman") & (p.units["year"] == 2024)]
    values = dict(zip(u["unit"], u["value"], strict=True))
    assert 97.82 in values.values() and 92.23 in values.values()
    assert set(u["source_id"]) <= set(p.sources["source_id"])


def test_coverage_says_which_years_have_a_value():
    p = analysis.profile("Kabupaten Banyumas")
    have = p.years("ombudsman")
    lack = p.years("ombudsman", published=False)
    assert 2015 in have and 2020 not in have + lack      # 2020: no national assessment
    assert set(have).isdisjoint(lack)
    assert sorted(have + lack) == analysis.scales.assessment_years("ombudsman")
    text = p.coverage_text("ombudsman")
    assert "published value found for" in text
    if lack:
        assert "no published value found for" in text


def test_years_without_value_are_never_joined_by_a_line():
    p = analysis.profile("Kabupaten Banyumas")
    fig = p.history_figure("ombudsman")
    ax = fig.axes[0]
    have = set(p.years("ombudsman"))
    for line in ax.get_lines():
        xs = [int(x) for x in line.get_xdata()]
        assert set(xs) <= have
        assert all(b - a == 1 for a, b in zip(xs, xs[1:], strict=False)), xs    # never across a gap


def test_repr_html_shows_the_chart_and_every_source():
    p = analysis.profile("Kabupaten Banjarnegara")
    page = p._repr_html_()
    assert page.count("<img") >= 1 and "data:image/png;base64," in page
    for url in p.sources["url"].dropna():
        if url.startswith("http"):
            assert url.replace("&", "&amp;") in page
    assert "Kabupaten Banjarnegara" in repr(p)


def test_profile_in_indonesian():
    p = analysis.profile("Kab. Banjarnegara", lang="id")
    assert "ditemukan" in p.coverage_text("ombudsman")
    with pytest.raises(DataError, match="unknown language"):
        analysis.profile("Kab. Banjarnegara", lang="fr")


def test_unknown_name_names_the_nearest_candidates():
    with pytest.raises(DataError, match="Banjarnegara"):
        analysis.profile("Kabupaten Banjarnegaraa")


def test_ministry_profile_and_csv_frame():
    p = analysis.profile("Kemlu")
    assert p.entity == "Kementerian Luar Negeri" and p.province is None
    frame = p.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == len(p.ombudsman) + len(p.pekppp) + len(p.units)


def test_explorer_functions_accept_the_same_spellings():
    from analysis.explorer import entity_history, rows_behind

    omb = analysis.load("ombudsman")
    a = entity_history(omb, "Kab. Banjarnegara")
    b = entity_history(omb, "Kabupaten Banjarnegara")
    pd.testing.assert_frame_equal(a, b)
    assert len(rows_behind(omb, "pemkab banjarnegara")) == len(
        omb[omb["entity"] == "Kabupaten Banjarnegara"])


def test_public_names():
    assert callable(analysis.profile) and callable(analysis.explore)
    import analysis.explore as old_path  # the old module path keeps working ...

    assert callable(old_path.entity_history)
    assert callable(analysis.explore)       # ... and the name stays callable after it


@pytest.mark.parametrize("name", ["Kabupaten Banjarnegara", "Kabupaten Pandeglang", "Kemlu",
                                  "Provinsi Jawa Tengah",
                                  "Kabupaten Banyumas"])
def test_indonesian_profile_shows_no_english_label_word(name, english_words):
    """repr, coverage sentences and the HTML view (its tables' headers and coded values)."""
    from conftest import visible_words

    p = analysis.profile(name, lang="id")
    page = p._repr_html_()
    assert "<th>Tahun</th>" in page and "Kutip sebagai" in page
    text = " <p> ".join([repr(p), p.coverage_text("ombudsman"), p.coverage_text("pekppp"),
                         page])
    seen = visible_words(text)
    assert not seen & english_words, sorted(seen & english_words)


def test_citation_in_english_is_the_packages_citation():
    from analysis.profiles import citation

    assert citation("en") == analysis.cite()
    assert "Versi data" in citation("id") and "<cite>" in citation("id", markup=True)


def test_indonesian_history_chart_writes_decimal_commas():
    fig = analysis.profile("Kab. Banjarnegara", lang="id").history_figure("pekppp")
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "4,5" in ticks and not any("." in t for t in ticks), ticks


def test_profile_and_explorer_follow_analysis_lang(monkeypatch):
    """ANALYSIS_LANG=id makes the default language Indonesian; lang= still wins."""
    import analysis
    from analysis import DataError

    monkeypatch.setenv("ANALYSIS_LANG", "id")
    assert analysis.profile("Kabupaten Banjarnegara").lang == "id"
    assert analysis.profile("Kabupaten Banjarnegara", lang="en").lang == "en"
    assert analysis.explore(entity="Kabupaten Banjarnegara").lang == "id"
    monkeypatch.setenv("ANALYSIS_LANG", "fr")
    with pytest.raises(DataError, match="'fr'"):
        analysis.profile("Kabupaten Banjarnegara")
