"""Charts of the curated tables, each returning a matplotlib Figure.

Chart functions take a DataFrame in the schema of :func:`analysis.load`, draw
in the house style, put the source line and coverage note under the figure,
and return the figure; saving is left to :func:`analysis.plots.save_figure`.
"""

from __future__ import annotations

import pandas as pd

from analysis.plots.style import PALETTE, ZONE_COLOURS, add_footer, house_style, new_figure

__all__ = ["scores_by_year", "source_line"]

_TEXT = {
    "en": {
        "title": "Published Ombudsman compliance scores in this data, by assessment year",
        "x": "Assessment year",
        "y": "Compliance score (points, 0-100)",
        "no_zone": "zone not printed",
        "gap": "no national\nassessment\nin 2020",
        "coverage": "{n} entity-years with a score, {e} entities, {y} years: a sample of what "
                    "the press printed, not the official lists (most assessed entities "
                    "are missing)",
    },
    "id": {
        "title": "Nilai kepatuhan Ombudsman yang dipublikasikan dalam data ini, "
                 "per tahun penilaian",
        "x": "Tahun penilaian",
        "y": "Nilai kepatuhan (poin, 0-100)",
        "no_zone": "zona tidak dicetak",
        "gap": "tidak ada\npenilaian nasional\n2020",
        "coverage": "{n} entitas-tahun bernilai, {e} entitas, {y} tahun: sampel dari yang dimuat "
                    "media, bukan daftar resmi (sebagian besar entitas yang dinilai tidak ada)",
    },
}


def source_line(frame: pd.DataFrame, publisher: str = "Ombudsman RI") -> str:
    """Return the figure's source line: who published, via how many documents."""
    n = frame["source_id"].nunique()
    return f"{publisher} via {n} published document{'s' if n != 1 else ''}, see data/sources.csv"


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
        return _scores_by_year(frame, _TEXT[lang], lang)


def _scores_by_year(frame, text, lang):
    data = frame.dropna(subset=["score"]).sort_values(["year", "score", "entity"])
    fig, ax = new_figure(width=7.5, height=4.6)
    zone = data["zone"].astype("string").fillna("none")
    # small deterministic horizontal offsets, centred on the year, so that
    # points of one year do not hide each other
    k = data.groupby("year").cumcount().to_numpy()
    n = data.groupby("year")["year"].transform("size").to_numpy()
    offset = ((k % 7) - (pd.Series(n).clip(upper=7).to_numpy() - 1) / 2) * 0.08
    for key, colour, label in [("hijau", ZONE_COLOURS["hijau"], "hijau"),
                               ("kuning", ZONE_COLOURS["kuning"], "kuning"),
                               ("merah", ZONE_COLOURS["merah"], "merah"),
                               ("none", PALETTE["grey"], text["no_zone"])]:
        mask = (zone == key).to_numpy()
        if mask.any():
            ax.scatter(data["year"].to_numpy(dtype=float)[mask] + offset[mask],
                       data["score"].to_numpy()[mask], s=28, color=colour,
                       edgecolor="black", linewidth=0.4, label=label, zorder=3)
    years = sorted(set(data["year"].dropna().astype(int)))
    if years and years[0] < 2020 < years[-1]:
        ax.axvspan(2019.5, 2020.5, color="#f2f2f2", zorder=0)
        ax.text(2020, 2, text["gap"], ha="center", va="bottom", fontsize=7.5, color="#555555")
    ax.set_xticks(range(min(years), max(years) + 1) if years else [])
    ax.set_ylim(0, 100)
    ax.set_xlabel(text["x"])
    ax.set_ylabel(text["y"])
    ax.set_title(text["title"])
    ax.legend(loc="lower right", ncols=2, fontsize=8)
    coverage = text["coverage"].format(n=len(data), e=data["entity"].nunique(), y=len(years))
    add_footer(fig, source_line(data), coverage, lang=lang)
    return fig
