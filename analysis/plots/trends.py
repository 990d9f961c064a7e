"""Charts of change over time: trajectories, regression to the mean, trends within eras.

No line crosses a method-era break: eras come from ``data/eras.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.plots.common import _era_lines, _join, published, source_line
from analysis.plots.style import PALETTE, add_footer, house_style, new_figure
from analysis.plots.text import label, number
from analysis.scales import on_standard_scale

__all__ = ["trajectories", "rtm_plot", "era_trends_plot"]


def trajectories(frame: pd.DataFrame, entities, *, lang: str = "en"):
    """Score trajectories of a few entities, broken at every method-era change.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from analysis.scales import method_era

    with house_style():
        colours = [PALETTE["blue"], PALETTE["orange"], PALETTE["bluish_green"],
                   PALETTE["reddish_purple"], PALETTE["vermillion"], PALETTE["sky_blue"]]
        fig, ax = new_figure(width=7.5, height=4.6)
        data = frame[frame["entity"].isin(list(entities)) & frame["score"].notna()
                     & on_standard_scale(frame)].copy()
        data["era"] = method_era("ombudsman", data["year"].to_numpy())
        for k, e in enumerate(entities):
            g = data[data["entity"] == e].sort_values("year")
            first = True
            for _, seg in g.groupby("era", sort=True):
                ax.plot(seg["year"], seg["score"], marker="o", color=colours[k % 6],
                        label=e if first else None, linewidth=1.8)
                first = False
        years = sorted(data["year"].astype(int).unique())
        _era_lines(ax, years, lang)
        ax.set_xticks(years)
        ax.set_ylim(0, 102)
        ax.set_ylabel(label("axis.score", lang))
        ax.set_xlabel(label("axis.year", lang))
        ax.set_title(label("trajectories.title", lang))
        ax.legend(loc="lower right", fontsize=8)
        add_footer(fig, source_line(data, "Ombudsman RI", lang), label("trajectories.note", lang),
                   lang=lang)
        return fig


def rtm_plot(pairs: pd.DataFrame, summary: pd.Series, start: int, end: int, *,
             lang: str = "en", coverage: str | None = None, ceiling: float = 95.0):
    """Change against baseline, with the band pure measurement noise would give.

    Parameters
    ----------
    pairs, summary : DataFrame, Series
        Output of :func:`analysis.trends.regression_to_mean`.
    start, end : int
        The two years.
    lang : {"en", "id"}
    coverage : str, optional
        What the pairs cover (passed by the notebook: selection into both years).
    ceiling : float
        Follow-up scores at or above it are drawn hollow (the censored check's
        ceiling).

    Returns
    -------
    matplotlib.figure.Figure
    """
    s = summary
    with house_style():
        fig, ax = new_figure(width=7.4, height=4.8)
        top = pairs["followup"] >= ceiling
        ax.scatter(pairs.loc[~top, "baseline"], pairs.loc[~top, "change"], s=18,
                   color=PALETTE["blue"], alpha=0.85, zorder=3,
                   label=label("rtm_plot.below", lang, end=end, ceiling=ceiling))
        ax.scatter(pairs.loc[top, "baseline"], pairs.loc[top, "change"], s=18,
                   facecolor="white", edgecolor=PALETTE["blue"], linewidth=0.9, zorder=3,
                   label=label("rtm_plot.at_ceiling", lang, end=end, ceiling=ceiling))
        x = np.linspace(pairs["baseline"].min(), pairs["baseline"].max(), 50)
        mb, mc = pairs["baseline"].mean(), pairs["change"].mean()
        lo, hi = s["slope_noise_low"], s["slope_noise_high"]
        ax.fill_between(x, mc + lo * (x - mb), mc + hi * (x - mb), color="#bbbbbb", alpha=0.5,
                        linewidth=0, zorder=1,
                        label=label("rtm_plot.noise", lang, lo=lo, hi=hi,
                                    rlo=s["reliability_low"], rhi=s["reliability_high"]))
        ax.plot(x, mc + s["slope_observed"] * (x - mb), color=PALETTE["vermillion"], zorder=2,
                label=label("rtm_plot.observed", lang, slope=s["slope_observed"],
                            lo=s["slope_ci_low"], hi=s["slope_ci_high"]))
        ax.axhline(0, color="#888888", linewidth=0.8)
        ax.set_xlabel(label("rtm_plot.x", lang, start=start))
        ax.set_ylabel(label("rtm_plot.y", lang, start=start, end=end))
        ax.set_title(label("rtm_plot.title", lang, start=start, end=end))
        ax.legend(loc="upper right", fontsize=7.5)
        note = label("rtm_plot.note", lang, n=int(s["n"]), r=s["oldham_r"],
                     lo=s["oldham_ci_low"], hi=s["oldham_ci_high"])
        add_footer(fig, published(lang), _join(note, coverage), lang=lang)
        return fig


def era_trends_plot(trends: pd.DataFrame, effects: pd.DataFrame | None = None, *,
                    lang: str = "en", coverage: str | None = None):
    """Year effects within each method era, with the era's average slope.

    Parameters
    ----------
    trends : DataFrame
        Output of :func:`analysis.trends.within_era_trend`; only the eras it
        holds get a slope line (the notebook leaves out an era whose slope
        it does not stand behind).
    effects : DataFrame, optional
        Output of :func:`analysis.trends.year_effects` (drawn as points with
        95% intervals, one panel per era). Without it, only the slopes are
        drawn as a coefficient plot.
    lang : {"en", "id"}
    coverage : str, optional
        Caveats and coverage, passed by the notebook.

    Returns
    -------
    matplotlib.figure.Figure
    """
    with house_style():
        if effects is None or effects.empty:
            return _slope_coefficients(trends, lang, coverage)
        eras = list(dict.fromkeys(effects.sort_values("year")["era"]))
        widths = [max(2, effects[effects["era"] == e]["year"].nunique()) for e in eras]
        fig, axes = new_figure(1, len(eras), width=8.4, height=4.4, squeeze=False,
                               gridspec_kw={"width_ratios": widths})
        axes = axes[0]
        slopes = trends.set_index("era") if len(trends) else pd.DataFrame()
        for ax, era in zip(axes, eras, strict=True):
            g = effects[effects["era"] == era].sort_values("year")
            _era_panel(ax, g, slopes.loc[era] if era in slopes.index else None, lang)
            ax.set_xlabel(f"{era} ({g['n_entities'].iloc[0]} " + label("entities", lang) + ")")
            ax.legend(loc="upper left", fontsize=7)
        axes[0].set_ylabel(label("era_trends_plot.y", lang))
        axes[0].set_title(label("era_trends_plot.title", lang))
        add_footer(fig, published(lang), _join(label("era_trends_plot.note", lang), coverage),
                   lang=lang)
        return fig


def _era_panel(ax, g: pd.DataFrame, slope: pd.Series | None, lang: str) -> None:
    """One era's year effects with intervals, n per year, and its slope if given."""
    ax.errorbar(g["year"], g["effect"], yerr=[g["effect"] - g["ci_low"],
                                              g["ci_high"] - g["effect"]],
                fmt="o-", color=PALETTE["blue"], capsize=3, linewidth=1.2,
                label=label("era_trends_plot.effect", lang))
    first = g["year"].min()
    for r in g.itertuples():
        if r.year == first:
            ax.annotate(label("era_trends_plot.reference", lang) + f"\nn={r.n_obs}",
                        (r.year, r.effect), xytext=(0, -6), textcoords="offset points",
                        ha="center", va="top", fontsize=7)
        else:
            ax.annotate(number(r.effect, lang, "+.1f") + f"\nn={r.n_obs}", (r.year, r.ci_high),
                        xytext=(0, 3), textcoords="offset points", ha="center",
                        va="bottom", fontsize=7)
    if slope is not None:
        xs = np.array([g["year"].min(), g["year"].max()], dtype=float)
        centre = g["effect"].mean() - slope["slope"] * g["year"].mean()
        ax.plot(xs, centre + slope["slope"] * xs, color=PALETTE["vermillion"],
                linestyle=(0, (4, 3)), linewidth=1,
                label=label("era_trends_plot.slope", lang, slope=slope["slope"],
                            lo=slope["ci_low"], hi=slope["ci_high"]))
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(g["year"].tolist())
    ax.set_xlim(g["year"].min() - 0.5, g["year"].max() + 0.5)
    top = float(g["ci_high"].max())
    ax.set_ylim(min(-0.25 * max(top, 5), float(g["ci_low"].min()) - 2),
                top + 0.25 * max(top, 5) + 4)


def _slope_coefficients(trends, lang, coverage):
    """Coefficient plot of the within-era slopes (when no year effects are given)."""
    fig, ax = new_figure(width=7.0, height=3.2)
    y = np.arange(len(trends))
    ax.errorbar(trends["slope"], y, xerr=[trends["slope"] - trends["ci_low"],
                                          trends["ci_high"] - trends["slope"]],
                fmt="o", color=PALETTE["blue"], capsize=4)
    labels = [label("era_trends_plot.slope_row", lang, era=r.era, first=r.first_year,
                    last=r.last_year, e=r.n_entities, n=r.n_obs) for r in trends.itertuples()]
    ax.set_yticks(y, labels, fontsize=8)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(label("era_trends_plot.slope_x", lang))
    ax.set_title(label("era_trends_plot.slope_title", lang))
    add_footer(fig, published(lang), _join(label("era_trends_plot.slope_note", lang), coverage),
               lang=lang)
    return fig
