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
    ex.year.value = None
    assert ex.rank.value == ""


def test_entity_that_no_longer_fits_is_named_not_replaced(ex):
    before = bytes(ex.chart.value)
    ex.province.value = "Banten"
    assert ex.entity.value is None                          # no silent jump
    assert "Kabupaten Banjarnegara" in ex.message.value and "Banten" in ex.message.value
    assert bytes(ex.chart.value) == b""
    ex.province.value = None                                # back: the entity returns
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


def test_lists_offer_only_what_has_data():
    omb = analysis.load("ombudsman")
    opts = filter_options(omb)
    valued = omb[omb["score"].notna()]
    assert opts["years"] == sorted(int(y) for y in valued["year"].unique())
    ex = analysis.explore()
    for y in [v for _, v in ex.year.options if v is not None]:
        ex.year.value = y
        for name in ex.entity.options:     # every entity offered has a score that year
            assert ((valued["entity"] == name) & (valued["year"] == y)).any(), (name, y)
        break


def test_every_offered_year_has_entities_with_a_score():
    ex = analysis.explore()
    for y in [v for _, v in ex.year.options if v is not None]:
        ex.year.value = y
        assert len(ex.entity.options) > 0, y


def test_indonesian_labels():
    ex = analysis.explore(lang="id")
    assert [label for label, _ in ex.instrument.options][0] == "Kepatuhan Ombudsman"
    ex.province.value = "Banten"
    assert "tidak memiliki" in ex.message.value


def test_open_on_any_spelling():
    ex = analysis.explore(entity="Pemkab Banyumas")
    assert ex.entity.value == "Kabupaten Banyumas"
