"""Charts of agreement: self-assessment against the ministry, and the two instruments."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.plots.common import _join, _local_types, _short_name, source_line
from analysis.plots.style import PALETTE, ZONE_COLOURS, add_footer, house_style, new_figure
from analysis.plots.text import label, number

__all__ = ["self_vs_ministry_plot", "bland_altman_plot", "instruments_scatter"]


def _pairs_source(pairs: pd.DataFrame, lang: str) -> str:
    """Source line of self-vs-ministry pairs: the documents of both sides."""
    src = pd.DataFrame({"source_id": list(pairs["self_source"]) + list(pairs["ministry_source"])})
    return source_line(src, label("publisher.kemenpan_local", lang), lang)


def self_vs_ministry_plot(pairs: pd.DataFrame, *, lang: str = "en"):
    """Dumbbell chart of each self-assessment against the ministry's evaluation.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from analysis.scales import category_floors

    with house_style():
        fig, ax = new_figure(width=7.5, height=1.6 + 0.45 * max(len(pairs), 2))
        y = np.arange(len(pairs))
        for i, r in enumerate(pairs.itertuples()):
            ax.plot([r.self, r.ministry], [i, i], color="#999999", zorder=1)
            ax.text(max(r.self, r.ministry) + 0.12, i, number(r.diff, lang, "+.2f"), va="center",
                    fontsize=8)
        ax.scatter(pairs["self"], y, color=PALETTE["orange"], s=40, zorder=3,
                   label=label("assessor.self", lang))
        ax.scatter(pairs["ministry"], y, color=PALETTE["blue"], s=40, zorder=3,
                   marker="s", label=label("assessor.ministry", lang))
        ax.set_yticks(y, [f"{e} {yr}" for e, yr in zip(pairs["entity"], pairs["year"],
                                                       strict=True)])
        ax.invert_yaxis()
        ax.set_xlim(0, 5.4)
        ax.set_ylim(len(pairs) - 0.4, -0.8)
        for lo, c in category_floors():
            ax.axvline(lo - 0.005, color="#dddddd", linewidth=0.8, zorder=0)
            ax.text(lo + 0.02, -0.7, c, fontsize=7, color="#666666")
        ax.set_xlabel(label("axis.ipp", lang))
        ax.set_title(label("self_vs_ministry_plot.title", lang))
        ax.legend(loc="lower left", fontsize=8)
        add_footer(fig, _pairs_source(pairs, lang),
                   label("self_vs_ministry_plot.note", lang, n=len(pairs)), lang=lang)
        return fig


def bland_altman_plot(pairs: pd.DataFrame, stats: pd.Series, *, lang: str = "en"):
    """Bland-Altman plot: difference (self - ministry) against the mean of the two.

    Draws the mean difference and the limits of agreement only where
    ``stats`` holds them: :func:`analysis.agreement.bland_altman` refuses them
    below its minimum number of pairs, and then only the differences are drawn.

    Returns
    -------
    matplotlib.figure.Figure
    """
    with house_style():
        fig, ax = new_figure(width=7.0, height=4.4)
        ax.scatter(pairs["mean"], pairs["diff"], color=PALETTE["blue"], s=40, zorder=3)
        for r in pairs.itertuples():
            ax.annotate(f"{r.entity} {r.year}", (r.mean, r.diff), xytext=(5, 4),
                        textcoords="offset points", fontsize=7.5)
        ax.axhline(0, color="black", linewidth=0.8)
        drawn = pd.notna(stats["bias"])
        if drawn:
            ax.axhline(stats["bias"], color=PALETTE["vermillion"],
                       label=label("bland_altman_plot.bias", lang, bias=stats["bias"]))
        if drawn and pd.notna(stats["sd"]):
            for v in (stats["loa_low"], stats["loa_high"]):
                ax.axhline(v, color=PALETTE["vermillion"], linestyle=(0, (4, 3)))
            ax.plot([], [], color=PALETTE["vermillion"], linestyle=(0, (4, 3)),
                    label=label("bland_altman_plot.loa", lang, lo=stats["loa_low"],
                                hi=stats["loa_high"]))
        ax.set_xlabel(label("bland_altman_plot.x", lang))
        ax.set_ylabel(label("bland_altman_plot.y", lang))
        ax.set_xlim(2.5, 5.0)
        ax.set_title(label("bland_altman_plot.title", lang))
        if drawn:
            ax.legend(loc="center left", fontsize=8)
        note = label("bland_altman_plot.note" if drawn else "bland_altman_plot.note_few", lang,
                     n=int(stats["n"]))
        add_footer(fig, _pairs_source(pairs, lang), note, lang=lang)
        return fig


def instruments_scatter(both: pd.DataFrame, rho: pd.Series, *, lang: str = "en",
                        coverage: str | None = None):
    """Ombudsman score against PEKPPP index for entities with both in one year, with bands.

    Every pair is plotted: both axes are set from the data. The zone bands are
    those of the method era most pairs fall in (from ``data/eras.csv``).
    Points are labelled where a label fits clear of the other points and
    labels (see :func:`analysis.plots.labels.place_labels`); the footer says
    how many are unlabelled.

    Parameters
    ----------
    both : DataFrame
        Output of :func:`analysis.agreement.instruments_side_by_side`.
    rho : Series
        Output of :func:`analysis.agreement.rank_correlation` (``n``, ``rho``,
        ``ci_low``, ``ci_high``, ``p_value``).
    lang : {"en", "id"}
    coverage : str, optional
        What the pairs cover (passed by the notebook).

    Returns
    -------
    matplotlib.figure.Figure
    """
    with house_style():
        fig, ax = new_figure(width=8.2, height=5.6)
        x_low = float(np.floor(min(both["score"].min(), 80) / 5) * 5) if len(both) else 50.0
        y_low = float(np.floor(min(both["ipp"].min(), 3.0) * 2) / 2 - 0.25) if len(both) else 3.0
        era = _bands_era(both["year"])
        band_labels = _band_backdrop(ax, era["era"], x_low, y_low)
        markers = dict(zip(_local_types(), ["s", "o", "^"], strict=False))
        for t, g in both.groupby("entity_type"):
            ax.scatter(g["score"], g["ipp"], marker=markers.get(t, "o"), s=40,
                       color=PALETTE["blue"], edgecolor="black", linewidth=0.4, label=t, zorder=3)
        ax.set_xlim(x_low, 101)
        ax.set_ylim(y_low, 5.2)
        ax.set_xlabel(label("instruments_scatter.x", lang, first=era["first_year"],
                            last=era["last_year"]))
        ax.set_ylabel(label("instruments_scatter.y", lang))
        ax.set_title(label("instruments_scatter.title", lang))
        legend = ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        missed = _label_points(ax, both.reset_index(drop=True), [*band_labels, legend])
        src = pd.DataFrame({"source_id": list(both["score_source"]) + list(both["ipp_source"])})
        add_footer(fig, source_line(src, label("publisher.both", lang), lang),
                   _join(_scatter_note(both, rho, missed, lang), coverage), lang=lang)
        return fig


def _bands_era(years) -> pd.Series:
    """Return the Ombudsman era (row of ``data/eras.csv``) whose bands the scatter shows.

    The era most of ``years`` fall in, among eras with published bands; without
    years, the latest such era.
    """
    from analysis.scales import eras, method_era, zone_spans

    table = eras()
    table = table[table["instrument"] == "ombudsman"].set_index("era", drop=False)
    banded = [e for e in table.index if zone_spans(e)]
    counts = pd.Series(method_era("ombudsman", np.asarray(years, dtype=int))).value_counts()
    counts = counts[counts.index.isin(banded)]
    return table.loc[counts.index[0] if len(counts) else banded[-1]]


def _band_backdrop(ax, era: str, x_low: float, y_low: float) -> list:
    """Shade the era's zones and rule the category floors; return the band labels drawn."""
    from analysis.scales import category_floors, zone_spans

    band_labels = []
    for lo, hi, z in zone_spans(era):
        ax.axvspan(lo, hi, color=ZONE_COLOURS[z], alpha=0.12, zorder=0)
        if hi > x_low:   # label only the zones inside the plotted range
            band_labels.append(ax.text(min(hi, 100) - 0.5, 5.08, z, ha="right",
                                       fontsize=7.5, color="#333333"))
    for lo, c in category_floors():
        if lo < y_low:
            continue
        ax.axhline(lo - 0.005, color="#cccccc", linewidth=0.8, zorder=0)
        band_labels.append(ax.text(0.01, lo + 0.02, c, fontsize=7, color="#555555",
                                   transform=ax.get_yaxis_transform()))
    return band_labels


def _label_points(ax, data: pd.DataFrame, avoid: list) -> int:
    """Label the points where a label fits, farthest from the cloud's centre first."""
    from analysis.plots.labels import place_labels

    texts = [f"{_short_name(e)} {y}" for e, y in zip(data["entity"], data["year"],
                                                      strict=True)]
    spread = ((data["score"] - data["score"].median()) / max(data["score"].std(), 1e-9)) ** 2 \
        + ((data["ipp"] - data["ipp"].median()) / max(data["ipp"].std(), 1e-9)) ** 2
    order = list(spread.sort_values(ascending=False, kind="stable").index)
    return place_labels(ax, data["score"].to_numpy(), data["ipp"].to_numpy(), texts,
                        avoid=avoid, order=order)


def _scatter_note(both, rho, missed: int, lang: str) -> str:
    """Footer of :func:`instruments_scatter`: n, Spearman's rho, unlabelled points."""
    pv = ("p < " + number(0.01, lang) if rho["p_value"] < 0.01
          else "p = " + number(rho["p_value"], lang, ".2f"))
    ci = (label("instruments_scatter.ci", lang, lo=rho["ci_low"], hi=rho["ci_high"])
          if "ci_low" in rho and pd.notna(rho["ci_low"]) else "")
    note = label("instruments_scatter.note", lang, n=int(rho["n"]), e=both["entity"].nunique(),
                 rho=rho["rho"], ci=ci, pv=pv)
    if missed:
        note += label("instruments_scatter.missed", lang, missed=missed)
    return note
