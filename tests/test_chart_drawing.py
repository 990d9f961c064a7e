"""What the charts draw: each chart is built from a small frame and its artists are read back.

Points sit at the input values, bars are as tall as the counts, era lines stand
where ``data/eras.csv`` puts the breaks, limits hold every value, and titles
come from the label table in both languages.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon, Rectangle

import analysis
from analysis.plots import charts
from analysis.plots.text import label, labels
from analysis.scales import era_break_positions, gap_years

ERA_BREAKS = [2020.0, 2021.5, 2024.5]   # between 2015-2019|2021, 2021|2022-2024, 2024|2025


def _offsets(ax):
    """(x, y) of every point drawn by scatter, in drawing order."""
    return np.vstack([c.get_offsets() for c in ax.collections
                      if isinstance(c, PathCollection) and len(c.get_offsets())])


def _vlines(ax):
    """x of every vertical line spanning the axes (axvline)."""
    return sorted(float(line.get_xdata()[0]) for line in ax.lines
                  if isinstance(line, Line2D) and len(line.get_xdata()) == 2
                  and line.get_xdata()[0] == line.get_xdata()[1]
                  and tuple(line.get_ydata()) == (0, 1))


def _spans(ax):
    """(left, right) in data units of every vertical band (axvspan) across the axes."""
    out = []
    for p in ax.patches:
        if isinstance(p, Polygon):
            xy = p.get_xy()
            out.append((float(xy[:, 0].min()), float(xy[:, 0].max())))
        elif isinstance(p, Rectangle) and p.get_transform().contains_branch_seperately(
                ax.transData)[0] and p.get_y() == 0 and p.get_height() == 1 \
                and not p.get_transform().contains_branch_seperately(ax.transData)[1]:
            out.append((float(p.get_x()), float(p.get_x() + p.get_width())))
    return sorted(out)


def _bars(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def _footer(fig):
    return fig._supxlabel.get_text() if fig._supxlabel else ""


def _scores(rows):
    return pd.DataFrame(rows, columns=["entity", "entity_type", "year", "score", "zone",
                                       "source_id"])


# --- the era rules -----------------------------------------------------------------------

def test_era_breaks_and_gap_come_from_the_eras_table():
    assert era_break_positions("ombudsman") == ERA_BREAKS
    assert gap_years("ombudsman") == [2020]
    assert era_break_positions("pekppp") == []


def test_an_extra_era_reaches_the_era_lines(monkeypatch):
    import analysis.scales

    real = analysis.scales.eras()
    extra = real[real["era"] == "ombudsman-2025"].assign(era="ombudsman-2026",
                                                         first_year=2026, last_year=2026)
    monkeypatch.setattr(analysis.scales, "eras",
                        lambda: pd.concat([real, extra], ignore_index=True))
    ceiling = pd.DataFrame({"year": [2024, 2025, 2026],
                            "era": ["ombudsman-2022", "ombudsman-2025", "ombudsman-2026"],
                            "share": [0.2, 0.3, 0.4], "ci_low": [0.1, 0.2, 0.3],
                            "ci_high": [0.3, 0.4, 0.5], "k": [2, 3, 4], "n": [10, 10, 10]})
    ax = charts.ceiling_plot(ceiling).axes[0]
    assert _vlines(ax) == [2024.5, 2025.5]


# --- coverage ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "id"])
def test_scores_by_year_puts_each_score_at_its_year_and_shades_the_gap(lang):
    frame = _scores([("A", "kota", 2019, 40.0, "merah", "s1"),
                     ("B", "kota", 2019, 85.0, "hijau", "s1"),
                     ("A", "kota", 2021, 70.0, "kuning", "s2"),
                     ("C", "kota", 2022, 90.0, None, "s2")])
    fig = charts.scores_by_year(frame, lang=lang)
    ax = fig.axes[0]
    points = _offsets(ax)
    assert sorted(points[:, 1]) == [40.0, 70.0, 85.0, 90.0]
    assert np.allclose(np.round(points[:, 0]), points[:, 0], atol=0.31)   # within the year
    assert sorted(np.round(points[:, 0])) == [2019, 2019, 2021, 2022]
    assert _spans(ax) == [(2019.5, 2020.5)]
    assert label("scores_by_year.gap", lang, year=2020) in [t.get_text() for t in ax.texts]
    assert ax.get_ylim() == (0, 100)
    assert ax.get_title(loc="left") == label("scores_by_year.title", lang)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["hijau", "kuning", "merah", label("zone.none", lang)]


def test_scores_by_year_without_the_gap_year_inside_shades_nothing():
    frame = _scores([("A", "kota", 2022, 70.0, "kuning", "s"),
                     ("B", "kota", 2023, 80.0, "hijau", "s")])
    ax = charts.scores_by_year(frame).axes[0]
    assert _spans(ax) == []


def test_coverage_heatmap_counts_scores_per_province_year_and_type():
    omb = analysis.load("ombudsman")
    sub = omb[omb["year"].isin([2023, 2024]) & omb["score"].notna()].head(60)
    fig = charts.coverage_heatmap(sub)
    ax, bx = fig.axes[:2]
    grid = ax.images[0].get_array()
    assert grid.sum() == sub["region_code"].notna().sum()
    widths = {t.get_text(): p.get_width() for t, p in zip(bx.get_yticklabels(), _bars(bx),
                                                          strict=True)}
    counts = sub["entity_type"].astype(str).value_counts()
    assert all(widths[t] == counts.get(t, 0) for t in widths)


def test_sample_vs_population_bars_are_the_shares():
    from analysis.coverage import zone_shares

    shares = zone_shares(analysis.load("ombudsman"), 2023)
    ax = charts.sample_vs_population(shares, lang="id").axes[0]
    heights = [p.get_height() for p in _bars(ax)]
    expected = list(shares["population_share"] * 100) + list(shares["sample_share"] * 100)
    assert np.allclose(heights, expected)
    assert ax.get_title(loc="left") == label("sample_vs_population.title", "id", year=2023)


# --- distributions -------------------------------------------------------------------------

def test_score_distributions_marks_the_era_change_between_year_slots():
    frame = _scores([(e, t, y, s, None, "s") for e, t in (("A", "kota"), ("B", "provinsi"))
                     for y, s in ((2021, 70.0), (2022, 80.0), (2023, 85.0))]
                    + [("X", "kota", 2022, 105.0, None, "s")])   # off the 0-100 scale: left out
    ax = charts.score_distributions(frame).axes[0]
    assert _vlines(ax) == [0.5]                 # between 2021 (slot 0) and 2022 (slot 1)
    assert 105.0 not in _offsets(ax)[:, 1]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["provinsi (n = 3)", "kota (n = 3)"]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_zone_shares_bars_stack_the_shares_and_star_opinion_counts(lang):
    shares = pd.DataFrame({"year": [2021, 2022], "n": [500, 580],
                           "basis": ["zone counts", "from opinion counts"],
                           "era": ["ombudsman-2021", "ombudsman-2022"],
                           "hijau": [0.5, 0.6], "kuning": [0.3, 0.3], "merah": [0.2, 0.1],
                           "source_id": ["a", "b"]})
    fig = charts.zone_shares_bars(shares, lang=lang, note="my note")
    ax = fig.axes[0]
    heights = [round(p.get_height(), 6) for p in _bars(ax)]
    assert heights == [20.0, 10.0, 30.0, 30.0, 50.0, 60.0]      # merah, kuning, hijau
    tops = [round(p.get_y() + p.get_height(), 6) for p in _bars(ax)]
    assert tops == [20.0, 10.0, 50.0, 40.0, 100.0, 100.0]        # stacked up to 100%
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2021\nn = 500", "2022\nn = 580*"]
    assert _vlines(ax) == [0.5]
    footer = _footer(fig).replace("\n", " ")
    assert "my note; * " + label("zones_from_opinions", lang) in footer


def test_ceiling_plot_draws_shares_with_intervals_and_era_lines():
    ceiling = pd.DataFrame({"year": [2019, 2021, 2022, 2023],
                            "era": ["ombudsman-2015", "ombudsman-2021", "ombudsman-2022",
                                    "ombudsman-2022"],
                            "share": [0.1, 0.2, 0.5, 0.7], "ci_low": [0.05, 0.1, 0.4, 0.6],
                            "ci_high": [0.2, 0.3, 0.6, 0.9], "k": [1, 2, 5, 7],
                            "n": [10, 10, 10, 10]})
    ax = charts.ceiling_plot(ceiling, threshold=90).axes[0]
    ys = sorted(y for line in ax.lines if line.get_marker() == "o" for y in line.get_ydata())
    assert np.allclose(ys, [10, 20, 50, 70])
    assert _vlines(ax) == [2020.0, 2021.5]
    assert ax.get_ylim()[1] >= 90 + 8
    assert ax.get_title(loc="left") == label("ceiling_plot.title", "en", threshold=90)


def test_pekppp_categories_bars_count_each_category():
    from analysis.scales import category_floors

    pek = pd.DataFrame({"year": [2023] * 5, "assessor": ["ministry"] * 5,
                        "ipp": [4.8, 4.6, 4.2, 3.2, 1.5], "source_id": ["s"] * 5})
    fig = charts.pekppp_categories(pek, note="a remark")
    ax = fig.axes[0]
    cats = [c for _, c in reversed(category_floors())]
    heights = dict(zip(cats, [p.get_height() for p in _bars(ax)], strict=True))
    assert heights == {"C-": 0, "C": 0, "B-": 1, "B": 0, "A-": 1, "A": 2}
    footer = _footer(fig).replace("\n", " ")
    assert "1 value(s) below 2.01" in footer and footer.rstrip().count("a remark") == 1


def test_zone_share_lines_never_cross_an_era_break():
    shares = pd.DataFrame({"year": [2021, 2022, 2023],
                           "era": ["ombudsman-2021", "ombudsman-2022", "ombudsman-2022"],
                           "hijau": [0.5, 0.6, 0.7], "kuning": [0.3, 0.3, 0.2],
                           "merah": [0.2, 0.1, 0.1], "source_id": ["a", "b", "c"]})
    fig = charts.zone_share_lines(shares, lang="id", note="catatan")
    ax = fig.axes[0]
    assert _vlines(ax) == [2021.5]
    drawn = [line for line in ax.lines if line.get_marker() == "o"]
    for line in drawn:
        x = list(line.get_xdata())
        assert x in ([2021], [2022, 2023])
    hijau = [list(line.get_ydata()) for line in drawn if line.get_xdata()[0] == 2022][0]
    assert np.allclose(hijau, [60, 70])
    assert "catatan" in _footer(fig)


# --- ranking -------------------------------------------------------------------------------

def _ranks():
    return pd.DataFrame({"entity": ["Provinsi A", "Provinsi B", "Provinsi C"],
                         "score": [90.0, 80.0, 70.0], "rank": [1, 2, 3],
                         "rank_low": [1, 1, 2], "rank_high": [2, 3, 3],
                         "rank_low_sd_low": [1, 1, 2], "rank_high_sd_low": [2, 3, 3],
                         "sd_low": [5.0] * 3, "sd_high": [6.0] * 3,
                         "n_ranked": [3] * 3, "n_frame": [10] * 3})


@pytest.mark.parametrize("lang", ["en", "id"])
def test_rank_interval_plot_draws_ranks_and_both_intervals(lang):
    fig = charts.rank_interval_plot(_ranks(), title="T", lang=lang)
    ax = fig.axes[0]
    assert list(_offsets(ax)[:, 0]) == [1, 2, 3]
    thin, thick = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert [tuple(s[:, 0]) for s in thin.get_segments()] == [(1, 2), (1, 3), (2, 3)]
    assert thick.get_linewidth()[0] > thin.get_linewidth()[0]
    assert ax.get_xlim() == (0.3, 3.7)
    assert [t.get_text() for t in ax.get_legend().get_texts()][0] == label(
        "rank_interval_plot.interval", lang, sd=6.0)
    # the score in the language's convention: a decimal comma in Indonesian
    assert {"en": "Prov. A  90.00", "id": "Prov. A  90,00"}[lang] == (
        ax.get_yticklabels()[0].get_text())
    assert label("rank_interval_plot.frame", lang, n=3, m=10, what=label("entities", lang),
                 down=7)[:20] in _footer(fig).replace("\n", " ")


def test_within_province_draws_every_score_of_the_province():
    omb = analysis.load("ombudsman")
    fig = charts.within_province(omb, "Banten", [2023, 2024], lang="id")
    ax = fig.axes[0]
    expected = omb[(omb["province"] == "Banten") & omb["year"].isin([2023, 2024])
                   & omb["score"].notna()]["score"]
    assert sorted(_offsets(ax)[:, 0]) == sorted(expected)
    assert " dari " in _footer(fig)
    assert ax.get_title(loc="left") == label("within_province.title", "id", province="Banten")


# --- agreement -----------------------------------------------------------------------------

def _pairs():
    return pd.DataFrame({"entity": ["Kota A", "Kota B"], "year": [2023, 2024],
                         "self": [4.5, 3.9], "ministry": [3.5, 4.0], "diff": [1.0, -0.1],
                         "mean": [4.0, 3.95], "self_source": ["a", "b"],
                         "ministry_source": ["c", "d"]})


def test_self_vs_ministry_plot_puts_both_values_on_each_row():
    ax = charts.self_vs_ministry_plot(_pairs(), lang="id").axes[0]
    points = _offsets(ax)
    assert points.tolist() == [[4.5, 0], [3.9, 1], [3.5, 0], [4.0, 1]]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        label("assessor.self", "id"), label("assessor.ministry", "id")]


def test_bland_altman_plot_draws_bias_and_limits_where_given():
    stats = pd.Series({"n": 12, "bias": 0.4, "sd": 0.3, "loa_low": -0.2, "loa_high": 1.0})
    ax = charts.bland_altman_plot(_pairs(), stats).axes[0]
    assert _offsets(ax).tolist() == [[4.0, 1.0], [3.95, -0.1]]
    flat = sorted(float(line.get_ydata()[0]) for line in ax.lines
                  if len(line.get_ydata()) == 2 and line.get_ydata()[0] == line.get_ydata()[1])
    assert flat == [-0.2, 0.0, 0.4, 1.0]
    few = pd.Series({"n": 2, "bias": np.nan, "sd": np.nan, "loa_low": np.nan,
                     "loa_high": np.nan})
    ax = charts.bland_altman_plot(_pairs(), few).axes[0]
    assert ax.get_legend() is None


def test_instruments_scatter_plots_every_pair_over_the_bands_of_its_era():
    both = pd.DataFrame({"entity": ["Provinsi A", "Kota B", "Kabupaten C"],
                         "entity_type": ["provinsi", "kota", "kabupaten"],
                         "year": [2022, 2023, 2024], "score": [70.0, 85.0, 95.0],
                         "ipp": [3.2, 4.1, 4.7], "score_source": ["a", "b", "c"],
                         "ipp_source": ["d", "e", "f"]})
    rho = pd.Series({"n": 3, "rho": 1.0, "ci_low": np.nan, "ci_high": np.nan, "p_value": 0.3})
    ax = charts.instruments_scatter(both, rho).axes[0]
    assert sorted(map(tuple, _offsets(ax).tolist())) == [(70.0, 3.2), (85.0, 4.1), (95.0, 4.7)]
    assert ax.get_xlabel() == label("instruments_scatter.x", "en", first=2022, last=2024)
    spans = [(round(a, 2), round(b, 2)) for a, b in _spans(ax)]
    assert spans == [(0.0, 54.0), (54.0, 78.0), (78.0, 100.0)]   # 2022-2024 zones, bands.csv
    assert ax.get_xlim()[0] <= 70 and ax.get_ylim()[0] <= 3.2


# --- trends --------------------------------------------------------------------------------

def test_trajectories_break_at_every_era_and_leave_out_other_scales():
    frame = _scores([("A", "kota", y, s, None, "s") for y, s in
                     ((2019, 60.0), (2021, 65.0), (2022, 70.0), (2023, 75.0))]
                    + [("A", "kota", 2018, 104.0, None, "s")])
    ax = charts.trajectories(frame, ["A"], lang="id").axes[0]
    runs = [list(line.get_xdata()) for line in ax.lines if line.get_marker() == "o"]
    assert runs == [[2019], [2021], [2022, 2023]]
    assert _vlines(ax) == [2020.0, 2021.5]
    assert ax.get_title(loc="left") == label("trajectories.title", "id")


def test_rtm_plot_draws_pairs_hollow_at_the_ceiling():
    pairs = pd.DataFrame({"baseline": [60.0, 80.0, 90.0], "change": [10.0, 5.0, 6.0],
                          "followup": [70.0, 85.0, 96.0]})
    summary = pd.Series({"n": 3, "slope_noise_low": -0.4, "slope_noise_high": -0.2,
                         "reliability_low": 0.6, "reliability_high": 0.8,
                         "slope_observed": -0.3, "slope_ci_low": -0.5, "slope_ci_high": -0.1,
                         "oldham_r": -0.2, "oldham_ci_low": -0.5, "oldham_ci_high": 0.1})
    ax = charts.rtm_plot(pairs, summary, 2022, 2024, ceiling=95).axes[0]
    full, hollow = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert full.get_offsets().tolist() == [[60.0, 10.0], [80.0, 5.0]]
    assert hollow.get_offsets().tolist() == [[90.0, 6.0]]
    assert ax.get_title(loc="left") == label("rtm_plot.title", "en", start=2022, end=2024)


def test_era_trends_plot_draws_one_panel_per_era_with_the_effects():
    effects = pd.DataFrame({"era": ["ombudsman-2015"] * 2 + ["ombudsman-2022"] * 3,
                            "year": [2015, 2016, 2022, 2023, 2024],
                            "effect": [0.0, 3.0, 0.0, 2.0, 4.0],
                            "ci_low": [0.0, 1.0, 0.0, 1.0, 2.0],
                            "ci_high": [0.0, 5.0, 0.0, 3.0, 6.0],
                            "n_obs": [5, 5, 9, 9, 9], "n_entities": [5, 5, 9, 9, 9]})
    trends = pd.DataFrame({"era": ["ombudsman-2022"], "slope": [2.0], "ci_low": [1.0],
                           "ci_high": [3.0]})
    fig = charts.era_trends_plot(trends, effects, lang="id")
    first, second = fig.axes[:2]
    assert list(first.lines[0].get_ydata()) == [0.0, 3.0]
    assert list(second.lines[0].get_ydata()) == [0.0, 2.0, 4.0]
    assert len(second.get_legend().get_texts()) == 2 and len(first.get_legend().get_texts()) == 1
    assert second.get_xlabel() == "ombudsman-2022 (9 entitas)"
    assert second.get_ylim()[1] >= 6.0


# --- the label table -----------------------------------------------------------------------

def test_every_label_key_used_by_the_charts_is_in_the_table():
    import re
    from pathlib import Path

    folder = Path(analysis.__file__).parent / "plots"
    used = set()
    for path in folder.glob("*.py"):
        used |= set(re.findall(r'label\(\s*"([^"]+)"', path.read_text(encoding="utf-8")))
    assert used, "no label() call found"
    used = {k for k in used if "\\" not in k}   # not a key: label("\n".join(...))
    assert used - set(labels()) == set()


def test_label_refuses_unknown_language_key_and_missing_field():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        label("axis.year", "fr")
    with pytest.raises(KeyError, match="no label 'nope'"):
        label("nope")
    with pytest.raises(KeyError):
        label("n_of", "en", n=1)


def test_the_figures_keep_working_from_the_old_path():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        from analysis.plots.charts import scores_by_year
        from analysis.plots.coverage import scores_by_year as moved
    assert scores_by_year is moved
    assert analysis.plots.scores_by_year is moved


def test_a_label_row_with_an_unquoted_comma_is_refused(tmp_path, monkeypatch):
    from analysis.plots import text

    copy = tmp_path / "text.csv"
    copy.write_text("key,en,id\naxis.year,Year,Tahun, penilaian\n", encoding="utf-8")
    monkeypatch.setattr(text, "_TABLES", (copy,))
    text.labels.cache_clear()
    try:
        with pytest.raises(ValueError, match="row 2: key 'axis.year' has more cells than the"):
            label("axis.year")
    finally:
        monkeypatch.undo()
        text.labels.cache_clear()
