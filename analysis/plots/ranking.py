"""Charts of places: rank intervals, the province tile map, governments within a province."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.plots.common import _join, _short_name, published, source_line
from analysis.plots.style import PALETTE, add_footer, house_style, new_figure
from analysis.plots.text import label, number

__all__ = ["rank_interval_plot", "province_tile_map", "within_province"]


def rank_interval_plot(ranks: pd.DataFrame, *, title: str, lang: str = "en", top: int = 40,
                       coverage: str | None = None, group: str | None = None):
    """Plot rank intervals under assumed measurement error (see ``rank_intervals``).

    One row per entity, by score; the dot is the observed rank among the
    entities with a published value, the thick bar its interval under the
    lower plausible error SD, the thin bar under the higher one. The x axis
    is the rank, so the reader sees how far each place could move.

    Parameters
    ----------
    ranks : DataFrame
        Output of :func:`analysis.ranking.rank_intervals` for one group.
    title : str
        Figure title (wrapped to the figure's width).
    lang : {"en", "id"}
    top : int
        At most this many entities (the highest scores).
    coverage : str, optional
        What the ranks cover and how the SD was calibrated (passed by the notebook).
    group : str, optional
        What is ranked, for the frame note (e.g. "province governments").

    Returns
    -------
    matplotlib.figure.Figure
    """
    import textwrap

    with house_style():
        data = ranks.sort_values(["score", "entity"], ascending=[False, True]).head(top)
        n = len(data)
        fig, ax = new_figure(width=8.6, height=1.9 + 0.22 * n)
        _rank_bars(ax, data, lang)
        n_ranked = int(data["n_ranked"].iloc[0]) if n else 0
        ax.set_xlim(0.3, n_ranked + 0.7)
        step = 1 if n_ranked <= 25 else 5
        ax.set_xticks(range(1, n_ranked + 1, step) if step == 1
                      else [1, *range(step, n_ranked + 1, step)])
        ax.tick_params(axis="x", labelsize=7.5)
        ax.set_xlabel(label("rank_interval_plot.x", lang, n=n_ranked))
        ax.set_title("\n".join(textwrap.wrap(title, 58)))
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7.5, handlelength=1.8,
                  labelspacing=1.0)
        add_footer(fig, published(lang), _join(_rank_note(data, n_ranked, group, lang), coverage),
                   lang=lang)
        return fig


def _rank_bars(ax, data, lang):
    """Draw the two intervals and the observed rank of each entity, one row each."""
    n = len(data)
    y = np.arange(n)
    ax.hlines(y, data["rank_low"], data["rank_high"], color="#33536e", linewidth=1.0,
              zorder=2,
              label=label("rank_interval_plot.interval", lang, sd=data["sd_high"].iloc[0])
              if n else None)
    ax.hlines(y, data["rank_low_sd_low"], data["rank_high_sd_low"], color="#9ab8d6",
              linewidth=5.0, zorder=1,
              label=label("rank_interval_plot.interval", lang, sd=data["sd_low"].iloc[0])
              if n else None)
    ax.scatter(data["rank"], y, color=PALETTE["blue"], s=18, zorder=3,
               label=label("rank_interval_plot.rank", lang))
    labels = [f"{_short_name(e)}  " + number(s, lang, ".2f")
              for e, s in zip(data["entity"], data["score"], strict=True)]
    ax.set_yticks(y, labels, fontsize=7.5)
    ax.set_ylim(n - 0.4, -0.6)


def _rank_note(data, n_ranked, group, lang) -> str:
    """Footer of :func:`rank_interval_plot`: the frame of the ranks and what the intervals mean."""
    n = len(data)
    n_frame = data["n_frame"].iloc[0] if n else pd.NA
    what = group or label("entities", lang)
    frame_note = ""
    if n and pd.notna(n_frame):
        frame_note = label("rank_interval_plot.frame", lang, n=n_ranked, m=int(n_frame),
                           what=what, down=int(n_frame) - n_ranked)
    return label("rank_interval_plot.note", lang, frame=frame_note)


def province_tile_map(values: pd.Series, *, title: str, label: str, lang: str = "en",
                      coverage: str | None = None, provinces: int | None = None,
                      vmin: float | None = None, vmax: float | None = None, fmt="{:.1f}",
                      publisher: str = "Ombudsman RI"):
    """Tile-grid map of one value per province (see :mod:`analysis.plots.tilemap`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from analysis.plots.text import label as text
    from analysis.plots.tilemap import tile_map

    with house_style():
        fig, ax = new_figure(width=8.6, height=4.4)
        mappable = tile_map(ax, values, provinces=provinces, vmin=vmin, vmax=vmax, fmt=fmt,
                            lang=lang)
        fig.colorbar(mappable, ax=ax, shrink=0.7, label=label)
        ax.set_title(title)
        add_footer(fig, published(lang, publisher),
                   _join(text("province_tile_map.missing", lang), coverage, extra_first=True),
                   lang=lang)
        return fig


def within_province(frame: pd.DataFrame, province: str, years, *, lang: str = "en"):
    """Scores of the province government, regencies and cities of one province, per year.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from analysis.coverage import coverage
    from analysis.scales import method_era

    with house_style():
        data = frame[(frame["province"] == province) & frame["year"].isin(list(years))
                     & frame["score"].notna()].copy()
        data["entity"] = data["entity"].astype(str)
        order = data.groupby("entity")["score"].mean().sort_values(ascending=False).index
        years = sorted(data["year"].astype(int).unique())
        markers = ["o", "s", "^", "D", "v"]
        colours = [PALETTE["blue"], PALETTE["orange"], PALETTE["bluish_green"],
                   PALETTE["reddish_purple"], PALETTE["vermillion"]]
        fig, ax = new_figure(width=7.8, height=1.3 + 0.2 * len(order))
        pos = {e: i for i, e in enumerate(order)}
        for k, y in enumerate(years):
            g = data[data["year"] == y]
            ax.scatter(g["score"], g["entity"].map(pos), marker=markers[k % 5],
                       color=colours[k % 5], s=22, label=str(y), zorder=3)
        ax.set_yticks(range(len(order)), list(order), fontsize=7.5)
        ax.invert_yaxis()
        ax.set_xlabel(label("axis.score", lang))
        ax.set_title(label("within_province.title", lang, province=province))
        ax.legend(title=label("within_province.legend", lang), loc="upper left",
                  bbox_to_anchor=(1.0, 1.0), fontsize=7.5)
        cov = coverage(data, by=("year", "province"))
        parts = [f"{int(r.year)}: " + (
            label("n_of", lang, n=int(r.n_sample), m=int(r.n_population))
            if pd.notna(r.n_population) else f"{int(r.n_sample)}") for r in cov.itertuples()]
        note = label("within_province.note", lang, parts="; ".join(parts),
                     eras=len(set(method_era("ombudsman", years))))
        add_footer(fig, source_line(data, "Ombudsman RI", lang), note, lang=lang)
        return fig
