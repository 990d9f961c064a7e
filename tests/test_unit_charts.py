"""Charts of service units: both languages, title, source and coverage; nothing off the canvas."""

from __future__ import annotations

import functools

import pytest

from analysis import units
from analysis.plots import units as charts


@functools.cache
def _figures(lang):
    scores = units.unit_scores(lang=lang)
    by_type = units.scores_by_type(lang=lang)
    pairs = units.entity_vs_units()
    regional = scores[(scores.era == "ombudsman-2022") & scores.regional]
    return {
        "unit_type_strip": charts.unit_type_strip(scores, by_type, era="ombudsman-2022",
                                                  title="T", lang=lang, coverage="C"),
        "unit_gap_chart": charts.unit_gap_chart(regional, pairs, title="T", lang=lang,
                                                coverage="C"),
        "entity_vs_units_chart": charts.entity_vs_units_chart(pairs, title="T", lang=lang,
                                                              coverage="C"),
        "pekppp_units_chart": charts.pekppp_units_chart(units.pekppp_unit_values(lang=lang),
                                                        title="T", lang=lang, coverage="C"),
    }


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_unit_chart_has_title_source_coverage_and_version(lang):
    figures = _figures(lang)
    assert set(charts.__all__) == set(figures) | {"TYPE_STYLE"}
    assert all(hasattr(charts, name) for name in charts.__all__)
    words = {"en": ("Source:", "Coverage: C", "Data version:"),
             "id": ("Sumber:", "Cakupan: C", "Versi data:")}[lang]
    for name, fig in figures.items():
        footer = fig.get_supxlabel()
        assert all(w in footer for w in words), name
        assert fig.get_suptitle() == "T", name


def test_every_label_stays_on_the_canvas():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for name, fig in _figures("en").items():
        FigureCanvasAgg(fig)
        renderer = fig.canvas.get_renderer()
        fig.draw(renderer)
        page = fig.bbox
        texts = [fig._suptitle, fig._supxlabel]
        for ax in fig.axes:
            lo, hi = sorted(ax.get_xlim())
            shown = [t for t in ax.get_xticklabels() if lo <= t.get_position()[0] <= hi]
            texts += ax.get_yticklabels() + shown + [ax.xaxis.label, ax.yaxis.label]
            legend = ax.get_legend()
            if legend is not None:
                texts.append(legend)
        for t in texts:
            if t is None or (hasattr(t, "get_text") and not t.get_text()):
                continue
            box = t.get_window_extent(renderer)
            assert box.x0 >= page.x0 - 1 and box.x1 <= page.x1 + 1, (name, str(t))
            assert box.y0 >= page.y0 - 1 and box.y1 <= page.y1 + 1, (name, str(t))


def test_type_labels_follow_the_language():
    en = [t.get_text() for t in _figures("en")["unit_type_strip"].axes[0].get_yticklabels()]
    idn = [t.get_text() for t in _figures("id")["unit_type_strip"].axes[0].get_yticklabels()]
    assert any("Education (Dinas Pendidikan)" in t for t in en)
    assert any("Dinas pendidikan" in t for t in idn)
