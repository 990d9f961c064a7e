"""Charts of service units: what a government's score is made of.

Each function draws what it is given (frames from :mod:`analysis.units`) in
the house style, writes the source and coverage lines under the figure, and
returns the figure; saving is left to :func:`analysis.plots.save_figure`.
Sentences about today's data are passed in by the notebook (``coverage``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.plots.charts import source_line
from analysis.plots.style import PALETTE, ZONE_COLOURS, add_footer, house_style, new_figure
from analysis.plots.text import fill, label, labels

__all__ = ["TYPE_STYLE", "unit_type_strip", "unit_gap_chart", "entity_vs_units_chart",
           "pekppp_units_chart"]

#: Colour and marker per unit type (Okabe-Ito colours; shape as a second cue).
TYPE_STYLE = {
    "dukcapil": (PALETTE["blue"], "o"),
    "dpmptsp": (PALETTE["orange"], "s"),
    "dinas_sosial": (PALETTE["reddish_purple"], "^"),
    "dinas_pendidikan": (PALETTE["vermillion"], "v"),
    "dinas_kesehatan": (PALETTE["bluish_green"], "D"),
    "puskesmas": (PALETTE["sky_blue"], "P"),
    "rsud": (PALETTE["yellow"], "X"),
    "samsat": ("#ffffff", "h"),
}
_OTHER_STYLE = (PALETTE["grey"], "o")

_TEXT_KEYS = ("score", "ipp", "median", "n_one", "n_many", "entity", "entity_ipp", "units",
              "other", "diff", "n_units", "ministry", "self", "equal", "unequal", "zero")


def _texts(lang: str) -> dict[str, str]:
    """Return the labels of the unit charts in ``lang``, from the label table (plots/text.csv)."""
    label("units.score", lang)   # refuses an unknown language
    table = labels()             # unformatted: the charts fill the fields themselves
    return {k: table[f"units.{k}"][lang] for k in _TEXT_KEYS}


def _style(code: str) -> tuple[str, str]:
    return TYPE_STYLE.get(code, _OTHER_STYLE)


def _dodged(ax, values: pd.Series, codes: pd.Series, row: int, *, size: float) -> None:
    """Draw one row's units in three lanes (by rank), so equal values do not hide each other."""
    order = np.argsort(values.to_numpy(dtype=float), kind="stable")
    lane = np.empty(len(order))
    lane[order] = ((np.arange(len(order)) % 3) - 1) * 0.17 if len(order) > 1 else 0.0
    for code in sorted(set(codes)):
        mask = (codes == code).to_numpy()
        colour, marker = _style(code)
        ax.scatter(values.to_numpy(dtype=float)[mask], row + lane[mask], s=size, color=colour,
                   marker=marker, edgecolor="black", linewidth=0.35, zorder=3)


def _unit_row(ax, row: int, values: pd.Series, codes: pd.Series, own: float, *,
              size: float) -> None:
    """Draw one entity's units on row ``row``: their range, each unit, and its own value."""
    ax.plot([values.min(), values.max()], [row, row], color="#b0b0b0", linewidth=1.2, zorder=1)
    _dodged(ax, values, codes, row, size=size)
    if not np.isnan(own):
        ax.scatter([own], [row], marker="|", s=170, color="black", linewidth=2.2, zorder=4)


def _row_legend(ax, codes, lang: str, own_label: str, loc: str) -> None:
    """Legend of the unit types drawn, and of the black bar for the entity's own value."""
    from matplotlib.lines import Line2D

    bar = Line2D([], [], linestyle="", marker="|", color="black", markersize=11,
                 markeredgewidth=2.2, label=own_label)
    ax.legend(handles=_type_legend(ax, codes, lang, extra=[bar]), loc=loc, fontsize=7.5,
              frameon=True, framealpha=0.9, edgecolor="#dddddd")


def _title(fig, text: str) -> None:
    """Title at the figure's left edge, so long row labels never push it out."""
    fig.suptitle(text, x=0.01, ha="left", fontsize=11, fontweight="bold")


def unit_type_strip(scores: pd.DataFrame, summary: pd.DataFrame, *, era: str, title: str,
                    lang: str = "en", coverage: str | None = None):
    """Strip chart of unit scores by unit type within one method era, best median first.

    Parameters
    ----------
    scores : DataFrame
        Unit rows from :func:`analysis.units.unit_scores` (rows of other eras
        and rows off the standard scale are left out here).
    summary : DataFrame
        :func:`analysis.units.scores_by_type` for the same rows; gives the
        order (median) and the counts.
    era : str
        The method era to draw (for example ``"ombudsman-2022"``); its zone
        bands, where it has any, are shaded.
    title : str
        Figure title (the notebook names the years).
    lang : {"en", "id"}
        Language of the labels.
    coverage : str, optional
        Coverage note for the footer.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from analysis.scales import eras, zone_spans

    text = _texts(lang)
    names = _type_labels(lang)
    data = scores[(scores["era"] == era) & scores["on_scale"]]
    order = summary[summary["era"] == era].reset_index(drop=True)
    spans = zone_spans(era) if era in set(eras()["era"]) else []
    with house_style():
        fig, ax = new_figure(width=7.5, height=1.5 + 0.5 * max(len(order), 2))
        for lo, hi, zone in spans:
            ax.axvspan(lo, hi, color=ZONE_COLOURS[zone], alpha=0.08, zorder=0, linewidth=0)
            ax.text((lo + hi) / 2, -0.75, zone, ha="center", va="center", fontsize=7.5,
                    color="#555555")
        for i, r in enumerate(order.itertuples()):
            vals = np.sort(data.loc[data["unit_type"].astype(str) == r.unit_type,
                                    "score"].to_numpy(dtype=float))
            k = np.arange(len(vals))
            jitter = ((k % 5) - 2) * 0.07
            colour, marker = _style(r.unit_type)
            ax.scatter(vals, i + jitter, s=22, color=colour, marker=marker, edgecolor="black",
                       linewidth=0.35, alpha=0.85, zorder=3)
            ax.plot([r.median, r.median], [i - 0.34, i + 0.34], color="black", linewidth=2.2,
                    zorder=4, label=text["median"] if i == 0 else None)
        ax.set_yticks(range(len(order)), [
            f"{names.get(r.unit_type, r.label)}\n" + fill(
                text["n_one" if r.n_entities == 1 else "n_many"], lang, m=r.median,
                n=r.n_units, e=r.n_entities)
            for r in order.itertuples()], fontsize=8)
        ax.set_ylim(len(order) - 0.5, -1.1)
        ax.set_xlim(0, 101.5)  # a unit at 100 stays whole
        ax.set_xticks(range(0, 101, 20))
        ax.set_xlabel(text["score"])
        ax.grid(axis="y", visible=False)
        ax.legend(loc="lower left", fontsize=8)
        _title(fig, title)
        add_footer(fig, source_line(data, lang=lang), coverage, lang=lang)
        return fig


def _type_labels(lang: str) -> dict[str, str]:
    """Label of each unit type in ``lang`` (``data/unit_types.csv``), by code."""
    from analysis.unit_types import unit_types

    table = unit_types()
    return dict(zip(table["code"], table[f"label_{lang}"], strict=True))


def _type_legend(ax, codes, lang, *, extra=()):
    from matplotlib.lines import Line2D

    labels = _type_labels(lang)
    handles = []
    for code in [c for c in labels if c in set(codes) and c in TYPE_STYLE]:
        colour, marker = TYPE_STYLE[code]
        handles.append(Line2D([], [], linestyle="", marker=marker, color=colour,
                              markeredgecolor="black", markeredgewidth=0.4, markersize=6,
                              label=labels[code]))
    if any(c not in TYPE_STYLE for c in codes):
        handles.append(Line2D([], [], linestyle="", marker=_OTHER_STYLE[1],
                              color=_OTHER_STYLE[0], markeredgecolor="black",
                              markeredgewidth=0.4, markersize=6, label=_texts(lang)["other"]))
    handles.extend(extra)
    return handles


def unit_gap_chart(scores: pd.DataFrame, pairs: pd.DataFrame, *, title: str,
                   min_units: int = 5, lang: str = "en", coverage: str | None = None):
    """Each government's units on one line, from its worst to its best, with its own score.

    Parameters
    ----------
    scores : DataFrame
        Unit rows from :func:`analysis.units.unit_scores`, already restricted
        by the notebook to one method era (rows off the standard scale are
        left out here).
    pairs : DataFrame
        :func:`analysis.units.entity_vs_units` for the same era: the entity's
        own score (drawn as a black bar) where one was published.
    title : str
        Figure title.
    min_units : int
        Fewest units an entity-year needs to be drawn (default 5).
    lang : {"en", "id"}
        Language of the labels.
    coverage : str, optional
        Coverage note for the footer.

    Returns
    -------
    matplotlib.figure.Figure
    """
    text = _texts(lang)
    data = scores[scores["on_scale"]].assign(entity=lambda f: f["entity"].astype(str))
    n = data.groupby(["entity", "year"])["score"].transform("size")
    data = data[n >= min_units]
    own = {(r.entity, int(r.year)): r.entity_score for r in pairs.itertuples()}
    rows = []
    for (entity, year), g in data.groupby(["entity", "year"]):
        rows.append((entity, int(year), own.get((entity, int(year)), np.nan),
                     float(g["score"].mean()), len(g)))
    rows = pd.DataFrame(rows, columns=["entity", "year", "own", "mean", "n"])
    rows["key"] = rows["own"].fillna(rows["mean"])
    rows = rows.sort_values(["key", "entity"], ascending=[False, True], ignore_index=True)
    with house_style():
        fig, ax = new_figure(width=7.5, height=1.9 + 0.3 * max(len(rows), 2))
        for i, r in enumerate(rows.itertuples()):
            g = data[(data["entity"] == r.entity) & (data["year"] == r.year)]
            _unit_row(ax, i, g["score"], g["unit_type"].astype(str), r.own, size=26)
        ax.set_yticks(range(len(rows)), [f"{e} {y}  ({fill(text['units'], lang, n=k)})" for e, y, k
                                         in zip(rows["entity"], rows["year"], rows["n"],
                                                strict=True)], fontsize=8)
        ax.set_ylim(len(rows) - 0.5, -0.7)
        ax.set_xlim(right=101.5)
        ax.set_xlabel(text["score"])
        ax.grid(axis="y", visible=False)
        _row_legend(ax, set(data["unit_type"].astype(str)), lang, text["entity"], "upper left")
        _title(fig, title)
        add_footer(fig, source_line(data, lang=lang), coverage, lang=lang)
        return fig


def entity_vs_units_chart(pairs: pd.DataFrame, *, title: str, lang: str = "en",
                          coverage: str | None = None):
    """Entity score minus the mean of its published units, against how many units were printed.

    Parameters
    ----------
    pairs : DataFrame
        :func:`analysis.units.entity_vs_units` (one or several eras; each era
        has its own marker).
    title : str
        Figure title.
    lang : {"en", "id"}
        Language of the labels.
    coverage : str, optional
        Coverage note for the footer.

    Returns
    -------
    matplotlib.figure.Figure
    """
    text = _texts(lang)
    markers = ["o", "s", "^", "D"]
    with house_style():
        fig, ax = new_figure(width=7.5, height=4.8)
        top = int(pairs["n_units"].max())
        ax.axhline(0, color="black", linewidth=0.9, zorder=1)
        ax.annotate(text["zero"], (1.25, 0), xytext=(0, 5), textcoords="offset points",
                    fontsize=7.5, color="#333333", va="bottom", ha="left")
        eras = sorted(set(pairs["era"].astype(str)))
        shift = np.linspace(-0.2, 0.2, len(eras)) if len(eras) > 1 else [0.0]
        for era, marker, off in zip(eras, markers, shift, strict=False):
            p = pairs[pairs["era"].astype(str) == era].sort_values(["n_units", "difference"])
            exact = (p["difference"].abs() <= 0.01 + 1e-9).to_numpy()
            # points of one era and unit count side by side, so none hides another
            k = p.groupby("n_units").cumcount().to_numpy()
            x = p["n_units"].to_numpy(dtype=float) + off + ((k % 6) - 2.5) * 0.045
            y = p["difference"].to_numpy(dtype=float)
            for mask, colour, word in ((exact, PALETTE["bluish_green"], text["equal"]),
                                       (~exact, PALETTE["vermillion"], text["unequal"])):
                if mask.any():
                    ax.scatter(x[mask], y[mask], marker=marker, s=30, color=colour,
                               edgecolor="black", linewidth=0.4, zorder=3, alpha=0.9,
                               label=f"{era}: {word} (n = {int(mask.sum())})")
        ax.set_xticks(range(1, top + 1))
        ax.set_xlim(0.4, top + 0.6)
        ax.set_xlabel(text["n_units"])
        ax.set_ylabel(text["diff"])
        ax.legend(loc="upper right", fontsize=7.5, frameon=True, framealpha=0.9,
                  edgecolor="#dddddd")
        _title(fig, title)
        docs = pd.DataFrame({"source_id": pairs["source_ids"].str.split(";").explode()})
        add_footer(fig, source_line(docs, lang=lang), coverage, lang=lang)
        return fig


def pekppp_units_chart(values: pd.DataFrame, *, title: str, lang: str = "en",
                       coverage: str | None = None):
    """PEKPPP unit values per provider, year and assessor, with the provider's own index.

    Parameters
    ----------
    values : DataFrame
        :func:`analysis.units.pekppp_unit_values`.
    title : str
        Figure title.
    lang : {"en", "id"}
        Language of the labels.
    coverage : str, optional
        Coverage note for the footer.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from analysis.scales import category_floors

    text = _texts(lang)
    keys = values[["entity", "year", "assessor"]].drop_duplicates().reset_index(drop=True)
    lo = min(float(values["ipp"].min()), float(values["entity_ipp"].min(skipna=True))) - 0.1
    with house_style():
        fig, ax = new_figure(width=7.5, height=1.9 + 0.34 * max(len(keys), 2))
        for floor, cat in category_floors():
            if floor > lo:
                ax.axvline(floor - 0.005, color="#dddddd", linewidth=0.8, zorder=0)
                ax.text(floor + 0.01, -0.75, cat, fontsize=7, color="#666666")
        for i, k in enumerate(keys.itertuples()):
            g = values[(values["entity"] == k.entity) & (values["year"] == k.year)
                       & (values["assessor"] == k.assessor)]
            own = g["entity_ipp"].dropna()
            _unit_row(ax, i, g["ipp"], g["unit_type"].astype(str),
                      own.iloc[0] if len(own) else np.nan, size=30)
        ax.set_yticks(range(len(keys)), [f"{e} {y} ({text[a]})" for e, y, a in
                                         zip(keys["entity"], keys["year"], keys["assessor"],
                                             strict=True)], fontsize=8)
        ax.set_ylim(len(keys) - 0.5, -1.0)
        ax.set_xlim(lo, 5.05)
        ax.set_xlabel(text["ipp"])
        ax.grid(axis="y", visible=False)
        _row_legend(ax, set(values["unit_type"]), lang, text["entity_ipp"], "center left")
        _title(fig, title)
        add_footer(fig, source_line(values, label("publisher.kemenpan_local", lang), lang),
                   coverage, lang=lang)
        return fig
