"""Every figure the notebooks save keeps its text on the canvas, and its labels apart.

The notebooks' code cells run here in-process (no kernel), with ``save_figure``
and ``save_figures`` replaced by a recorder (fixture ``saved_figures`` in
conftest.py), so the figures checked are exactly the ones the notebooks save,
in English and in Indonesian (``<name>.id``), drawn from the real data as the
notebooks draw them. Each figure is drawn once; every text artist that is
actually drawn (titles, axis and tick labels, annotations, legends, footers)
must lie inside the canvas, and chosen groups of labels must not overlap each
other. Indonesian labels are longer: they are checked the same way.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import pytest

from analysis import paths

_ELSEWHERE: dict[str, str] = {}   # figures with a known defect, name -> reason (none now)
_COMMITTED = sorted(p.stem for p in (paths.root() / "figures").glob("*.png"))


def _drawn_texts(fig):
    """Draw ``fig``; return (text, window extent) of every non-empty text it drew."""
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    from analysis.plots.style import figure_rc

    FigureCanvasAgg(fig)   # the charts build figures without pyplot; draw them with Agg
    drawn = []
    original = Text.draw

    def draw(self, renderer):
        original(self, renderer)
        if self.get_visible() and self.get_text().strip():
            # the text alone: an Annotation's own extent also spans its leader line
            drawn.append((self, Text.get_window_extent(self, renderer)))

    Text.draw = draw
    try:
        with mpl.rc_context(figure_rc(fig)):   # as save_figure does
            fig.canvas.draw()
    finally:
        Text.draw = original
    return drawn


def _outside(fig, drawn, tolerance=0.5):
    canvas = fig.bbox
    return [f"{t.get_text()!r} spans x {b.x0:.0f}-{b.x1:.0f}, y {b.y0:.0f}-{b.y1:.0f} "
            f"on a {canvas.width:.0f} x {canvas.height:.0f} canvas"
            for t, b in drawn
            if b.x0 < canvas.x0 - tolerance or b.x1 > canvas.x1 + tolerance
            or b.y0 < canvas.y0 - tolerance or b.y1 > canvas.y1 + tolerance]


def _overlapping(drawn, shrink=1.0):
    """Pairs of drawn texts in the same axes (or both on the figure) whose boxes overlap."""
    groups = defaultdict(list)
    for text, box in drawn:
        groups[id(text.axes)].append((text, box))
    clashes = []
    for items in groups.values():
        for (a, ba), (b, bb) in itertools.combinations(items, 2):
            if (min(ba.x1, bb.x1) - max(ba.x0, bb.x0) > shrink
                    and min(ba.y1, bb.y1) - max(ba.y0, bb.y0) > shrink):
                clashes.append(f"{a.get_text()!r} overlaps {b.get_text()!r}")
    return clashes


def _on_spines(drawn):
    """Texts written into an axes (notes, value labels) that lie across one of its spines."""
    clashes = []
    for text, box in drawn:
        ax = text.axes
        if ax is None or text not in ax.texts:
            continue
        for side, spine in ax.spines.items():
            if not spine.get_visible():
                continue
            line = spine.get_window_extent()
            if (min(box.x1, line.x1) - max(box.x0, line.x0) > 0.5
                    and min(box.y1, line.y1) - max(box.y0, line.y0) > -0.5):
                clashes.append(f"{text.get_text()!r} lies on the {side} axis line")
    return clashes


def test_the_notebooks_save_every_committed_figure(saved_figures):
    assert sorted(saved_figures) == _COMMITTED


@pytest.mark.parametrize("name", _COMMITTED)
def test_no_text_outside_the_canvas_and_no_labels_on_each_other(saved_figures, name):
    if name in _ELSEWHERE:
        pytest.xfail(_ELSEWHERE[name])
    fig = saved_figures[name]
    drawn = _drawn_texts(fig)
    assert drawn, "nothing was drawn"
    problems = _outside(fig, drawn) + _overlapping(drawn) + _on_spines(drawn)
    assert not problems, f"{name}: " + "; ".join(problems)


def _number(text):
    try:   # a decimal point in English, a decimal comma in Indonesian
        return float(text.get_text().replace(",", "."))
    except ValueError:
        return None


@pytest.mark.parametrize("name", [n for n in _COMMITTED if "tile_map" in n])
def test_colour_scale_covers_every_value_drawn(saved_figures, name):
    fig = saved_figures[name]
    bars = [ax for ax in fig.axes if hasattr(ax, "_colorbar")]
    assert len(bars) == 1
    norm = bars[0]._colorbar.norm
    values = [v for ax in fig.axes if ax not in bars for t in ax.texts
              if (v := _number(t)) is not None]
    assert values, "no values printed in the tiles"
    assert norm.vmin <= min(values) and max(values) <= norm.vmax, (norm.vmin, norm.vmax,
                                                                   min(values), max(values))


def test_tile_map_widens_a_scale_too_narrow_for_its_values():
    import pandas as pd

    from analysis.plots.charts import province_tile_map

    fig = province_tile_map(pd.Series({"Maluku": 2.91, "Aceh": 4.56}), provinces=38,
                            vmin=3.5, vmax=4.0, title="t", label="l")
    norm = next(ax for ax in fig.axes if hasattr(ax, "_colorbar"))._colorbar.norm
    assert (norm.vmin, norm.vmax) == (2.91, 4.56)


def test_scores_by_year_columns_keep_apart(saved_figures):
    """Each year's points stay in their own column, with a clear gap to the next year's."""
    import numpy as np

    fig = saved_figures["00_scores_by_year"]
    _drawn_texts(fig)
    ax = fig.axes[0]
    extents = defaultdict(lambda: [np.inf, -np.inf])
    for coll in ax.collections:
        offsets = coll.get_offsets()
        if not len(offsets):
            continue
        radius = np.sqrt(coll.get_sizes()[0]) / 2 * fig.dpi / 72   # marker radius in pixels
        pixels = ax.transData.transform(offsets)
        for (year, _), (x, _) in zip(offsets, pixels, strict=True):
            e = extents[round(year)]
            e[0], e[1] = min(e[0], x - radius), max(e[1], x + radius)
    years = sorted(extents)
    spacing = ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0]
    for a, b in itertools.pairwise(years):
        gap = (extents[b][0] - extents[a][1]) / spacing
        assert gap >= 0.25 * (b - a), f"{a} and {b}: gap {gap:.2f} of a year"
