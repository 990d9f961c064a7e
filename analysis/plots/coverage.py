"""Charts of what the data covers: scores per year, per province, sample against population.

Each function takes tables in the schema of :func:`analysis.load` (or the
output of an analysis function), draws in the house style, writes the source
line and coverage note under the figure and returns the figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.plots.common import _finish, source_line
from analysis.plots.style import PALETTE, ZONE_COLOURS, add_footer, house_style, new_figure
from analysis.plots.text import label, number
from analysis.scales import gap_years

__all__ = ["scores_by_year", "coverage_heatmap", "sample_vs_population"]


def scores_by_year(frame: pd.DataFrame, *, lang: str = "en"):
    """Strip chart of scores by assessment year, coloured by the zone printed.

    Parameters
    ----------
    frame : DataFrame
        Rows of the ``ombudsman`` table (or a user's table in its schema).
    lang : {"en", "id"}
        Language of the labels.

    Returns
    -------
    matplotlib.figure.Figure
    """
    with house_style():
        return _scores_by_year(frame, lang)


def _gap_runs(years: list[int]) -> list[tuple[int, int]]:
    """Return the runs of years between eras, without an assessment, inside ``years``."""
    gaps = [g for g in gap_years("ombudsman") if years and years[0] < g < years[-1]]
    runs: list[tuple[int, int]] = []
    for g in gaps:
        if runs and runs[-1][1] == g - 1:
            runs[-1] = (runs[-1][0], g)
        else:
            runs.append((g, g))
    return runs


def _scores_by_year(frame, lang):
    data = frame.dropna(subset=["score"]).sort_values(["year", "score", "entity"])
    fig, ax = new_figure(width=7.5, height=4.6)
    zone = data["zone"].astype("string").fillna("none")
    offset = _year_offsets(data)
    groups = [(z, c, z) for z, c in ZONE_COLOURS.items()]
    for key, colour, text in [*groups, ("none", PALETTE["grey"], label("zone.none", lang))]:
        mask = (zone == key).to_numpy()
        if mask.any():
            ax.scatter(data["year"].to_numpy(dtype=float)[mask] + offset[mask],
                       data["score"].to_numpy()[mask], s=14, color=colour,
                       edgecolor="black", linewidth=0.3, label=text, zorder=3)
    years = sorted(set(data["year"].dropna().astype(int)))
    for a, b in _gap_runs(years):
        ax.axvspan(a - 0.5, b + 0.5, color="#f2f2f2", zorder=0)
        ax.text((a + b) / 2, 2, label("scores_by_year.gap", lang,
                                      year=str(a) if a == b else f"{a}-{b}"),
                ha="center", va="bottom", fontsize=7.5, color="#555555")
    ax.set_xticks(range(min(years), max(years) + 1) if years else [])
    ax.set_ylim(0, 100)
    ax.set_xlabel(label("axis.year", lang))
    ax.set_ylabel(label("axis.score", lang))
    ax.set_title(label("scores_by_year.title", lang))
    ax.legend(loc="lower right", ncols=2, fontsize=8)
    coverage = label("scores_by_year.coverage", lang, n=len(data), e=data["entity"].nunique(),
                     y=len(years))
    add_footer(fig, source_line(data, lang=lang), coverage, lang=lang)
    return fig


def _year_offsets(data: pd.DataFrame, *, half_width: float = 0.3, step: float = 0.06,
                  bin_width: float = 2.0) -> np.ndarray:
    """Horizontal offsets that spread each year's points without leaving its column.

    Points are grouped in score bins of ``bin_width`` points and set side by side
    within a bin, centred on the year. Spacing is ``step`` (in years) unless the
    year's fullest bin would then be wider than ``2 * half_width``; then it
    shrinks for that year, so a column never reaches its neighbours (the column
    takes the outline of the year's distribution).
    """
    year = data["year"].to_numpy()
    key = pd.DataFrame({"year": year, "bin": np.floor(data["score"].to_numpy() / bin_width)})
    k = key.groupby(["year", "bin"]).cumcount().to_numpy()
    n = key.groupby(["year", "bin"])["year"].transform("size").to_numpy()
    widest = key.assign(n=n).groupby("year")["n"].transform("max").to_numpy()
    spacing = np.minimum(step, 2 * half_width / np.maximum(widest - 1, 1))
    return (k - (n - 1) / 2) * spacing


def coverage_heatmap(frame: pd.DataFrame, *, lang: str = "en"):
    """Heatmap of published scores per year and province (2019 frame), with type counts.

    Parameters
    ----------
    frame : DataFrame
        Rows of ``ombudsman`` with ``province`` (2025 frame) and ``region_code``.
    lang : {"en", "id"}

    Returns
    -------
    matplotlib.figure.Figure
    """
    with house_style():
        fig, (ax, bx) = new_figure(1, 2, width=9.5, height=8.2,
                                   gridspec_kw={"width_ratios": [3.2, 1],
                                                "height_ratios": [1]})
        _province_counts(ax, frame, lang)
        _type_counts(bx, frame[frame["score"].notna()], lang)
        return _finish(fig, frame, "Ombudsman RI", lang)


def _province_counts(ax, frame, lang):
    """Left panel of :func:`coverage_heatmap`: scores per province (2019 frame) and year."""
    from analysis.loading import load

    regions = load("regions").set_index("region_code")
    data = frame[frame["score"].notna() & frame["region_code"].notna()].copy()
    prov_code = data["region_code"].astype(str).str[:2]
    data["province_2019"] = prov_code.map(
        regions["province_2019"].groupby(regions["province_code"]).first())
    table = data.pivot_table(index="province_2019", columns="year", values="score",
                             aggfunc="count", fill_value=0, observed=True)
    provinces = sorted(regions.loc[regions["type"] == "provinsi", "province_2019"].unique())
    years = sorted(frame["year"].dropna().astype(int).unique())
    table = table.reindex(index=provinces, columns=years, fill_value=0)
    ax.imshow(table.to_numpy(), aspect="auto", cmap="Blues", vmin=0)
    ax.set_xticks(range(len(years)), [str(y) for y in years], rotation=0, fontsize=8)
    ax.set_yticks(range(len(provinces)), provinces, fontsize=7.5)
    ax.grid(False)
    for (i, j), v in np.ndenumerate(table.to_numpy()):   # the counts are written in the cells
        if v:
            ax.text(j, i, str(v), ha="center", va="center", fontsize=6.5,
                    color="white" if v > table.to_numpy().max() / 2 else "black")
    ax.set_title(label("coverage_heatmap.title", lang))
    ax.set_xlabel(label("axis.year", lang))


def _type_counts(bx, scored, lang):
    """Right panel of :func:`coverage_heatmap`: scores per entity type."""
    order = (list(scored["entity_type"].cat.categories)   # the descriptor's order
             if isinstance(scored["entity_type"].dtype, pd.CategoricalDtype)
             else sorted(scored["entity_type"].dropna().astype(str).unique()))
    types = scored["entity_type"].astype(str).value_counts().reindex(order, fill_value=0)
    bx.barh(range(len(types)), types.to_numpy(), color=PALETTE["blue"], height=0.6)
    bx.set_box_aspect(1.2)
    bx.set_xlim(0, max(int(types.max()), 1) * 1.25)   # room for the count after each bar
    for i, v in enumerate(types.to_numpy()):
        bx.text(v, i, f" {v}", va="center", fontsize=7.5)
    bx.set_yticks(range(len(types)), types.index)
    bx.invert_yaxis()
    bx.set_title(label("coverage_heatmap.by_type", lang))
    bx.set_xlabel(label("coverage_heatmap.count", lang))
    k = scored[scored["region_code"].isna()]
    if len(k):   # under the axis label, never on the axis
        bx.annotate(label("coverage_heatmap.no_province", lang, k=len(k)),
                    xy=(0, 0), xycoords=(bx.transAxes, bx.xaxis.label), xytext=(0, -4),
                    textcoords="offset points", ha="left", va="top", fontsize=7,
                    color="#555555")


def sample_vs_population(shares: pd.DataFrame, *, lang: str = "en"):
    """Zone shares of the published sample against the official counts of one year.

    Parameters
    ----------
    shares : DataFrame
        Output of :func:`analysis.coverage.zone_shares` (one year and type).
    lang : {"en", "id"}

    Returns
    -------
    matplotlib.figure.Figure
    """
    with house_style():
        year = int(shares["year"].iloc[0])
        fig, ax = new_figure(width=6.8, height=4.3)
        x = np.arange(len(shares))
        width = 0.38
        for k, (col, hatch) in enumerate([("population_share", None),
                                          ("sample_share", "//")]):
            vals = shares[col].to_numpy() * 100
            pos = x + (k - 0.5) * width
            ax.bar(pos, vals, width, color=[ZONE_COLOURS[z] for z in shares["zone"]],
                   hatch=hatch, edgecolor="white" if hatch is None else "#333333",
                   linewidth=0.6, label=label(f"sample_vs_population.{col}", lang))
            top = vals
            if col == "sample_share" and "excess_ci_low" in shares:
                lo = shares["population_share"].to_numpy() * 100 + shares["excess_ci_low"]
                hi = shares["population_share"].to_numpy() * 100 + shares["excess_ci_high"]
                ax.errorbar(pos, vals, yerr=[vals - lo, hi - vals], fmt="none",
                            ecolor="black", capsize=3, linewidth=0.9)
                top = np.maximum(vals, hi)
            for xi, v, t in zip(pos, vals, top, strict=True):
                ax.text(xi, t + 1.5, f"{v:.0f}", ha="center", va="bottom", fontsize=8)
        ax.set_xticks(x, [label(f"zone.{z}", lang) for z in shares["zone"]])
        ax.set_ylabel(label("axis.share", lang))
        ax.set_ylim(0, 108)
        ax.set_title(label("sample_vs_population.title", lang, year=year))
        ax.legend(loc="upper right", fontsize=8)
        from analysis.selection import zone_test_name

        r = shares.iloc[0]
        h = shares.set_index("zone").loc[next(iter(ZONE_COLOURS))]   # the best zone, hijau
        p = r["p_value"]
        ci = (label("ci95_signed", lang, lo=h["excess_ci_low"], hi=h["excess_ci_high"])
              if "excess_ci_low" in shares else "")
        note = label("sample_vs_population.note", lang, n=int(shares["n_sample"].sum()),
                     big_n=int(shares["n_population"].sum()), diff=h["difference"], ci=ci,
                     test=zone_test_name(r["test_key"], r["test_strata"], lang),
                     pv="p < " + number(0.001, lang) if p < 0.001
                     else "p = " + number(p, lang, ".3f"))
        src = pd.DataFrame({"source_id": [r["population_source"]]})
        add_footer(fig, label("sample_vs_population.source", lang,
                              source=source_line(src, "Ombudsman RI", lang)), note, lang=lang)
        return fig
