"""Every chart draws in both languages, with a title, a source line and a coverage note."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis import DataError
from analysis.agreement import (
    bland_altman,
    instruments_side_by_side,
    rank_correlation,
    self_vs_ministry,
)
from analysis.coverage import zone_shares
from analysis.plots import charts
from analysis.plots.tilemap import TILES_34, TILES_38, tile_layout
from analysis.ranking import rank_intervals
from analysis.trends import (
    ceiling_share,
    regression_to_mean,
    within_era_trend,
    year_effects,
    zone_shares_over_time,
)


def _figures(lang):
    omb = analysis.load("ombudsman")
    pek = analysis.load("pekppp")
    shares = zone_shares_over_time(analysis.load("ombudsman_summary"))
    pairs = self_vs_ministry(pek)
    both = instruments_side_by_side(omb, pek)
    prov = omb[(omb.entity_type == "provinsi") & (omb.year == 2024) & omb.score.notna()]
    rtm_pairs, rtm = regression_to_mean(omb, 2022, 2024)
    return {
        "scores_by_year": charts.scores_by_year(omb, lang=lang),
        "coverage_heatmap": charts.coverage_heatmap(omb, lang=lang),
        "score_distributions": charts.score_distributions(omb, lang=lang),
        "zone_shares_bars": charts.zone_shares_bars(shares, lang=lang),
        "ceiling_plot": charts.ceiling_plot(ceiling_share(omb[omb.score <= 100]), lang=lang),
        "pekppp_categories": charts.pekppp_categories(pek, lang=lang),
        "rank_interval_plot": charts.rank_interval_plot(
            rank_intervals(prov, n_frame=34), lang=lang,
            title="Province governments, 2024: rank intervals of the published compliance scores"),
        "province_tile_map": charts.province_tile_map(prov.set_index("province")["score"],
                                                      title="T", label="L", lang=lang),
        "within_province": charts.within_province(omb, "Banten", [2023, 2024], lang=lang),
        "self_vs_ministry_plot": charts.self_vs_ministry_plot(pairs, lang=lang),
        "bland_altman_plot": charts.bland_altman_plot(
            pairs, bland_altman(pairs["self"], pairs["ministry"]), lang=lang),
        "instruments_scatter": charts.instruments_scatter(
            both, rank_correlation(both["score"], both["ipp"]), lang=lang),
        "zone_share_lines": charts.zone_share_lines(shares, lang=lang),
        "trajectories": charts.trajectories(omb, ["Kabupaten Banyumas"], lang=lang),
        "rtm_plot": charts.rtm_plot(rtm_pairs, rtm, 2022, 2024, lang=lang),
        "era_trends_plot": charts.era_trends_plot(within_era_trend(omb[omb.score <= 100]),
                                                  year_effects(omb[omb.score <= 100]),
                                                  lang=lang),
        "sample_vs_population": charts.sample_vs_population(zone_shares(omb, 2023), lang=lang),
    }


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_chart_has_title_source_and_version(lang):
    figures = _figures(lang)
    # exactly: every public chart is drawn here, and the one public helper is named
    assert set(charts.__all__) == set(figures) | {"source_line"}
    assert all(callable(getattr(charts, name)) for name in charts.__all__)
    word = {"en": ("Source:", "Data version:"), "id": ("Sumber:", "Versi data:")}[lang]
    for name, fig in figures.items():
        footer = fig.get_supxlabel()
        assert word[0] in footer and word[1] in footer, name
        titles = [ax.get_title(loc="left") or ax.get_title() for ax in fig.axes]
        assert any(titles), f"{name} has no title"


def test_indonesian_labels_differ_from_english():
    en = _figures("en")["zone_share_lines"].axes[0].get_title(loc="left")
    idn = _figures("id")["zone_share_lines"].axes[0].get_title(loc="left")
    assert en != idn and "Proporsi" in idn


def test_tile_layouts_cover_both_province_frames():
    regions = analysis.load("regions")
    provinces = regions[regions["type"] == "provinsi"]
    now = set(provinces["name"])
    then = set(provinces.loc[provinces["code_2019"].notna(), "name"])  # the 34 of 2019
    assert set(TILES_38) == now and len(TILES_38) == 38
    assert set(TILES_34) == then and len(TILES_34) == 34
    assert len(set(TILES_38.values())) == 38 and len(set(TILES_34.values())) == 34
    with pytest.raises(DataError, match="no tile layout"):
        tile_layout(36)


def test_tile_map_chooses_the_frame_from_the_data_and_refuses_unknown_names():
    fig = charts.province_tile_map(pd.Series({"Papua Selatan": 4.0, "Aceh": 4.5}), title="T",
                                   label="L")
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert "PSEL" in labels                       # a new Papua province: 38-province layout
    fig = charts.province_tile_map(pd.Series({"Aceh": 4.5}), title="T", label="L")
    assert "PSEL" not in {t.get_text() for t in fig.axes[0].texts}
    with pytest.raises(DataError, match="not in the 34-province layout"):
        charts.province_tile_map(pd.Series({"Atlantis": 1.0}), title="T", label="L")


def _boxes_of_texts(fig):
    """Window extents of every text that is drawn (tick labels only inside the view limits)."""
    from matplotlib.text import Text

    fig.draw_without_rendering()
    r = fig._get_renderer()
    texts = [fig._supxlabel] if fig._supxlabel is not None else []
    for ax in fig.axes:
        texts += [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
        texts += list(ax.texts)
        if ax.get_legend() is not None:
            texts += list(ax.get_legend().get_texts())
        for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            lo, hi = min(lo, hi), max(lo, hi)
            texts += [t.label1 for t in axis.get_major_ticks() if lo <= t.get_loc() <= hi]
    return [(t, Text.get_window_extent(t, r)) for t in texts
            if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize("name", ["rank_interval_plot", "instruments_scatter", "rtm_plot",
                                  "era_trends_plot", "sample_vs_population"])
def test_every_text_of_my_charts_stays_on_the_canvas(name):
    fig = _figures("en")[name]
    canvas = fig.bbox
    for t, box in _boxes_of_texts(fig):
        assert box.x0 >= canvas.x0 - 1 and box.x1 <= canvas.x1 + 1, (name, t.get_text()[:40])
        assert box.y0 >= canvas.y0 - 1 and box.y1 <= canvas.y1 + 1, (name, t.get_text()[:40])


@pytest.mark.parametrize("lang", ["en", "id"])
def test_no_text_of_any_chart_leaves_the_canvas(lang):
    """Longer Indonesian titles too (two were cut at the right edge)."""
    outside = []
    for name, fig in _figures(lang).items():
        canvas = fig.bbox
        outside += [(name, t.get_text()[:40]) for t, box in _boxes_of_texts(fig)
                    if box.x0 < canvas.x0 - 1 or box.x1 > canvas.x1 + 1
                    or box.y0 < canvas.y0 - 1 or box.y1 > canvas.y1 + 1]
    assert not outside, outside


def test_long_rank_titles_are_wrapped_inside_the_canvas():
    omb = analysis.load("ombudsman")
    prov = omb[(omb.entity_type == "provinsi") & (omb.year == 2024) & omb.score.notna()]
    fig = charts.rank_interval_plot(rank_intervals(prov), title="Province governments, 2024: "
                                    "rank intervals of the published compliance scores")
    fig.draw_without_rendering()
    title = fig.axes[0]._left_title                # the house style titles on the left
    assert "\n" in title.get_text()
    assert title.get_window_extent(fig._get_renderer()).x1 <= fig.bbox.x1


def test_instruments_scatter_plots_every_pair_and_labels_overlap_nothing():
    omb, pek = analysis.load("ombudsman"), analysis.load("pekppp")
    both = instruments_side_by_side(omb, pek)
    both = both[both.era == "ombudsman-2022"]
    fig = charts.instruments_scatter(both, rank_correlation(both["score"], both["ipp"]))
    ax = fig.axes[0]
    lo, hi = ax.get_ylim()
    assert lo < both["ipp"].min() and both["ipp"].max() < hi          # no pair hidden
    lo, hi = ax.get_xlim()
    assert lo < both["score"].min() and both["score"].max() < hi
    fig.draw_without_rendering()
    r = fig._get_renderer()
    from matplotlib.text import Text

    labels = [Text.get_window_extent(t, r) for t in ax.texts        # "<name> <year>" labels
              if any(ch.isdigit() for ch in t.get_text()[-4:])]
    text_boxes = [Text.get_window_extent(t, r) for t in ax.texts]
    assert len(labels) >= len(both) // 2
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not a.overlaps(b)
    points = ax.transData.transform(both[["score", "ipp"]].to_numpy(dtype=float))
    half = 3.2 * fig.dpi / 72
    for box in labels:
        for x, y in points:
            assert not (box.x0 < x + half and x - half < box.x1 and box.y0 < y + half
                        and y - half < box.y1)
    assert all(fig.bbox.contains(b.x0, b.y0) and fig.bbox.contains(b.x1, b.y1)
               for b in text_boxes)
