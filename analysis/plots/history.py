"""One entity's values over the years, drawn over each year's official bands.

Used by the explorer (:func:`analysis.explore`) and by entity profiles
(:func:`analysis.profile`). Lines join only years of one method era and never
cross a year without a published value, so a gap in the data is never drawn
as a line.
"""

from __future__ import annotations

import pandas as pd

from analysis.plots.text import label, labels, plain_number

__all__ = ["history_figure"]

_VALUE = {"ombudsman": "score", "pekppp": "ipp"}


def _assessor(who: str, lang: str) -> str:
    """Legend entry of an assessor ("ministry", "self"); an unknown one as given."""
    key = f"assessor.{who}"   # a glossary term
    return label(key, lang) if key in labels() else who


def _segments(g: pd.DataFrame):
    """Split one series into runs of consecutive published years within one era."""
    g = g.sort_values("year")
    run = []
    prev = None
    for r in g.itertuples(index=False):
        if prev is not None and (r.era != prev.era or r.year != prev.year + 1):
            yield pd.DataFrame(run)
            run = []
        run.append(r._asdict())
        prev = r
    if run:
        yield pd.DataFrame(run)


def history_figure(history: pd.DataFrame, entity: str, instrument: str = "ombudsman",
                   lang: str = "en"):
    """Score history of one entity over the zone or category bands of each era.

    Parameters
    ----------
    history : DataFrame
        From :func:`analysis.explorer.entity_history`: ``year``, the value
        column (``score`` or ``ipp``), ``era``, ``source_id`` and, for PEKPPP,
        ``assessor``.
    entity : str
        The title.
    instrument : {"ombudsman", "pekppp"}
    lang : {"en", "id"}

    Returns
    -------
    matplotlib.figure.Figure
    """
    from analysis.plots.style import PALETTE, ZONE_COLOURS, add_footer, house_style, new_figure

    value = _VALUE[instrument]
    history = history[history[value].notna()]
    with house_style():
        fig, ax = new_figure(width=7.0, height=3.8)
        if instrument == "ombudsman":
            from analysis.scales import eras, zone_spans

            table = eras()
            for r in table[table["instrument"] == "ombudsman"].itertuples():
                for lo, hi, z in zone_spans(r.era):   # eras without published bands draw none
                    ax.fill_between([r.first_year - 0.5, r.last_year + 0.5], lo, hi,
                                    color=ZONE_COLOURS[z], alpha=0.12, lw=0)
            ax.set_ylim(0, 100)
            ax.set_ylabel(label("axis.score", lang))
        else:
            from analysis.scales import category_floors

            for lo, c in category_floors():
                ax.axhline(lo, color="#cccccc", lw=0.8)
                ax.text(1.0, lo + 0.02, c, transform=ax.get_yaxis_transform(), fontsize=7)
            low = min([2.0] + [float(v) - 0.2 for v in history[value]])
            ax.set_ylim(low, 5.0)
            ax.set_ylabel(label("history.y_pekppp", lang))
            if lang != "en":                          # 4,5 in Indonesian, not 4.5
                from matplotlib.ticker import FuncFormatter

                ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: plain_number(v, lang, 1)))
        groups = (history.groupby("assessor", sort=True) if "assessor" in history
                  else [(None, history)])
        colours = [PALETTE["blue"], PALETTE["orange"]]
        for k, (who, g) in enumerate(groups):
            legend = _assessor(who, lang) if who else None
            for seg in _segments(g):
                ax.plot(seg["year"], seg[value], marker="o", color=colours[k % 2],
                        label=legend)
                legend = None
        from analysis.scales import assessment_years

        years = sorted(int(y) for y in history["year"].unique())
        ticks = ([y for y in assessment_years(instrument) if years[0] <= y <= years[-1]]
                 if years else [])
        if ticks:
            ax.set_xticks(ticks)
            ax.set_xlim(ticks[0] - 0.6, ticks[-1] + 0.6)
            for tick, y in zip(ax.get_xticklabels(), ticks, strict=True):
                if y not in years:
                    tick.set_color("#aaaaaa")
        ax.set_title(entity)
        if "assessor" in history and len(history):
            ax.legend(fontsize=8)
        n = history["source_id"].nunique()
        note = label("history.note", lang, n=len(years), m=len(ticks), a=ticks[0] if ticks else "",
                     b=ticks[-1] if ticks else "")
        add_footer(fig, label("history.sources", lang, n=n, s="s" if n != 1 else ""), note,
                   lang=lang)
        return fig
