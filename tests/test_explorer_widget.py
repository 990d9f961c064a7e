"""The explorer through its own widgets: set values, read what it shows."""

from __future__ import annotations

import pytest

import analysis
from analysis.explorer import DEFAULT_ENTITY, filter_options

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def ex():
    return analysis.explore()


def test_opens_on_a_real_view(ex):
    assert ex.entity.value == DEFAULT_ENTITY == "Kabupaten Banjarnegara"
    assert bytes(ex.chart.value).startswith(PNG) and len(ex.chart.value) > 5000
    assert ex.message.value == ""
    assert "<table" in ex.rows.value


def test_filters_show_their_all_choice_not_a_blank(ex):
    for control in (ex.year, ex.kind, ex.province):
        assert control.index == 0 and control.label.startswith("all ")
    assert ex.filters() == (None, None, None)


def test_plain_labels_not_codes(ex):
    labels = [label for label, _ in ex.instrument.options]
    assert labels == ["Ombudsman compliance", "PEKPPP index"]
    kinds = dict(ex.kind.options)
    assert "Regency (kabupaten)" in kinds and kinds["Regency (kabupaten)"] == "kabupaten"


def test_choosing_a_year_redraws_and_shows_the_rank(ex):
    assert ex.rank.value == ""
    ex.year.value = 2023
    assert ex.entity.value == "Kabupaten Banjarnegara"      # stays chosen
    assert "2023:" in ex.rank.value and "published" in ex.rank.value
    ex.year.value = "all"
    assert ex.rank.value == ""


def test_entity_that_no_longer_fits_is_named_not_replaced(ex):
    before = bytes(ex.chart.value)
    ex.province.value = "Banten"
    assert ex.entity.value is None                          # no silent jump
    assert "Kabupaten Banjarnegara" in ex.message.value and "Banten" in ex.message.value
    assert bytes(ex.chart.value) == b""
    ex.province.value = "all"                                # back: the entity returns
    assert ex.entity.value == "Kabupaten Banjarnegara"
    assert bytes(ex.chart.value) == bytes(before) and ex.message.value == ""


def test_switching_instrument_keeps_the_entity(ex):
    ex.instrument.value = "pekppp"
    assert ex.entity.value == "Kabupaten Banjarnegara"
    assert "2.97" in ex.pairs.value and "4.56" in ex.pairs.value
    ex.instrument.value = "ombudsman"
    assert ex.entity.value == "Kabupaten Banjarnegara"


def test_choosing_another_entity_redraws(ex):
    first = bytes(ex.chart.value)
    ex.entity.value = "Kabupaten Banyumas"
    assert bytes(ex.chart.value).startswith(PNG) and bytes(ex.chart.value) != bytes(first)
    ex.year.value = 2023                                    # and Banyumas stays chosen
    assert ex.entity.value == "Kabupaten Banyumas"
    assert "96.98 points" in ex.rank.value


def test_lists_offer_exactly_what_has_data():
    omb = analysis.load("ombudsman")
    opts = filter_options(omb)
    valued = omb[omb["score"].notna()]
    assert opts["years"] == sorted(int(y) for y in valued["year"].unique())
    ex = analysis.explore()
    years = [v for _, v in ex.year.options if v != "all"]
    assert years == opts["years"]
    for y in years:      # every year, not only the first: the entities with a score, no other
        ex.year.value = y
        scored = set(valued.loc[valued["year"] == y, "entity"].astype(str))
        assert scored and set(ex.entity.options) == scored, y


def test_indonesian_labels():
    ex = analysis.explore(lang="id")
    assert [label for label, _ in ex.instrument.options][0] == "Kepatuhan Ombudsman"
    ex.province.value = "Banten"
    assert "tidak memiliki" in ex.message.value


def test_open_on_any_spelling():
    ex = analysis.explore(entity="Pemkab Banyumas")
    assert ex.entity.value == "Kabupaten Banyumas"


def test_shows_the_entitys_service_units():
    ex = analysis.explore(entity="Kabupaten Pandeglang")
    assert "Puskesmas Cimanuk" in ex.units.value and "97.82" in ex.units.value
    assert "Community health centre" in ex.units.value      # the unit type's label
    ex.entity.value = "Kabupaten Banyumas"
    assert "Cimanuk" not in ex.units.value


def _shown_words(ex) -> set[str]:
    """Every word the explorer shows now: controls, their options, status lines, tables."""
    from conftest import visible_words

    parts = [c.description for c in (ex.instrument, ex.year, ex.kind, ex.province, ex.entity)]
    parts += [str(label) for c in (ex.instrument, ex.year, ex.kind, ex.province)
              for label, _ in c.options]
    parts += [ex.message.value, ex.rank.value, ex.pairs.value, ex.units.value, ex.rows.value]
    return visible_words(" <p> ".join(parts))


def test_indonesian_explorer_shows_no_english_label_word(english_words):
    """Every state a reader reaches: opening, a year's rank, PEKPPP pairs, units, a lost entity."""
    ex = analysis.explore(lang="id")
    seen = _shown_words(ex)
    ex.year.value = 2023
    assert ex.rank.value == ("<p>2023: 93,16 poin, urutan ke-24 dari 159 nilai kabupaten yang "
                             "dipublikasikan dalam data ini untuk tahun 2023 (sampel dari yang "
                             "dimuat media, bukan peringkat resmi).</p>")
    seen |= _shown_words(ex)
    ex.year.value = "all"
    ex.instrument.value = "pekppp"
    assert "2,97" in ex.pairs.value and "4,56" in ex.pairs.value and "Penilai" in ex.units.value
    seen |= _shown_words(ex)
    ex.instrument.value = "ombudsman"
    ex.province.value = "Banten"
    assert "tidak memiliki" in ex.message.value
    seen |= _shown_words(ex)
    ex = analysis.explore(lang="id", entity="Kabupaten Banyumas")     # a printed rank, scoped
    ex.year.value = 2023
    assert "Peringkat yang dimuat sumber: 7/415 (nasional, kabupaten)" in ex.rank.value
    seen |= _shown_words(ex)
    ex = analysis.explore(lang="id", entity="Kabupaten Pandeglang")   # service units
    seen |= _shown_words(ex)
    assert not seen & english_words, sorted(seen & english_words)
