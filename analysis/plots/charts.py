"""Charts of the curated tables, each returning a matplotlib Figure.

Chart functions take a DataFrame in the schema of :func:`analysis.load`, draw
in the house style, put the source line and coverage note under the figure,
and return the figure; saving is left to :func:`analysis.plots.save_figure`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.plots.style import PALETTE, ZONE_COLOURS, add_footer, house_style, new_figure

__all__ = ["scores_by_year", "source_line", "coverage_heatmap", "score_distributions",
           "zone_shares_bars", "ceiling_plot", "pekppp_categories", "rank_interval_plot",
           "province_tile_map", "within_province", "self_vs_ministry_plot",
           "bland_altman_plot", "instruments_scatter", "zone_share_lines", "trajectories",
           "rtm_plot", "era_trends_plot", "sample_vs_population"]

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
    offset = _year_offsets(data)
    for key, colour, label in [("hijau", ZONE_COLOURS["hijau"], "hijau"),
                               ("kuning", ZONE_COLOURS["kuning"], "kuning"),
                               ("merah", ZONE_COLOURS["merah"], "merah"),
                               ("none", PALETTE["grey"], text["no_zone"])]:
        mask = (zone == key).to_numpy()
        if mask.any():
            ax.scatter(data["year"].to_numpy(dtype=float)[mask] + offset[mask],
                       data["score"].to_numpy()[mask], s=14, color=colour,
                       edgecolor="black", linewidth=0.3, label=label, zorder=3)
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


# ---------------------------------------------------------------------------
# Shared labels (English / Indonesian)
_L = {
    "en": {
        "year": "Assessment year", "score": "Compliance score (points, 0-100)",
        "ipp": "Indeks Pelayanan Publik (index, 0-5)", "share": "Share of entities (%)",
        "era_break": "method or band change", "no2020": "no assessment in 2020",
        "hijau": "hijau (green)", "kuning": "kuning (yellow)", "merah": "merah (red)",
        "from_opinions": "zones computed from the printed A-E counts",
        "count": "Entities (count)",
    },
    "id": {
        "year": "Tahun penilaian", "score": "Nilai kepatuhan (poin, 0-100)",
        "ipp": "Indeks Pelayanan Publik (indeks, 0-5)", "share": "Persentase entitas (%)",
        "era_break": "perubahan metode atau batas zona", "no2020": "tidak ada penilaian 2020",
        "hijau": "hijau", "kuning": "kuning", "merah": "merah",
        "from_opinions": "zona dihitung dari jumlah opini A-E yang dimuat",
        "count": "Jumlah entitas",
    },
}
_ERA_BREAKS = (2020, 2021.5, 2024.5)  # between 2019|2021, 2021|2022, 2024|2025


def _era_lines(ax, years, lang):
    """Mark method-era breaks that fall inside the plotted years."""
    lo, hi = min(years), max(years)
    first = True
    for b in _ERA_BREAKS:
        if lo < b < hi:
            ax.axvline(b, color="#555555", linestyle=(0, (4, 3)), linewidth=0.9, zorder=1,
                       label=_L[lang]["era_break"] if first else None)
            first = False


def _finish(fig, frame, publisher, lang, coverage=None):
    from analysis.coverage import coverage_note

    note = coverage if coverage is not None else (
        coverage_note(frame, lang=lang) if "score" in frame else None)
    add_footer(fig, source_line(frame, publisher), note, lang=lang)
    return fig


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
    from analysis.loading import load

    with house_style():
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
        fig, (ax, bx) = new_figure(1, 2, width=9.5, height=8.2,
                                   gridspec_kw={"width_ratios": [3.2, 1],
                                                "height_ratios": [1]})
        im = ax.imshow(table.to_numpy(), aspect="auto", cmap="Blues", vmin=0)
        ax.set_xticks(range(len(years)), [str(y) for y in years], rotation=0, fontsize=8)
        ax.set_yticks(range(len(provinces)), provinces, fontsize=7.5)
        ax.grid(False)
        for (i, j), v in np.ndenumerate(table.to_numpy()):
            if v:
                ax.text(j, i, str(v), ha="center", va="center", fontsize=6.5,
                        color="white" if v > table.to_numpy().max() / 2 else "black")
        title = {"en": "Published scores in the data, by province and year",
                 "id": "Nilai yang dipublikasikan dalam data, per provinsi dan tahun"}[lang]
        ax.set_title(title)
        ax.set_xlabel(_L[lang]["year"])
        del im  # the counts are written in the cells
        scored = frame[frame["score"].notna()]
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
        bx.set_title({"en": "By entity type", "id": "Per jenis entitas"}[lang])
        bx.set_xlabel({"en": "scores (count)", "id": "jumlah nilai"}[lang])
        k = scored[scored["region_code"].isna()]
        if len(k):   # under the axis label, never on the axis
            bx.annotate({"en": f"{len(k)} scores of ministries\nand agencies: no province,\n"
                               "not in the map",
                         "id": f"{len(k)} nilai kementerian\ndan lembaga: tanpa provinsi,\n"
                               "tidak di peta"}[lang],
                        xy=(0, 0), xycoords=(bx.transAxes, bx.xaxis.label), xytext=(0, -4),
                        textcoords="offset points", ha="left", va="top", fontsize=7,
                        color="#555555")
        return _finish(fig, frame, "Ombudsman RI", lang)


def score_distributions(frame: pd.DataFrame, *, lang: str = "en"):
    """Box and strip plot of local-government scores per year, by entity type.

    Returns
    -------
    matplotlib.figure.Figure
    """
    with house_style():
        data = frame[frame["score"].notna() & (frame["score"] <= 100)].copy()
        data["entity_type"] = data["entity_type"].astype(str)
        data = data[data["entity_type"].isin(["provinsi", "kota", "kabupaten"])]
        years = sorted(data["year"].astype(int).unique())
        types = ["provinsi", "kota", "kabupaten"]
        colours = [PALETTE["reddish_purple"], PALETTE["sky_blue"], PALETTE["blue"]]
        fig, ax = new_figure(width=9.0, height=4.8)
        width = 0.25
        for k, (t, c) in enumerate(zip(types, colours, strict=True)):
            pos, vals = [], []
            for i, y in enumerate(years):
                v = data[(data["year"] == y) & (data["entity_type"] == t)]["score"].to_numpy()
                if len(v):
                    pos.append(i + (k - 1) * width)
                    vals.append(v)
            if vals:
                bp = ax.boxplot(vals, positions=pos, widths=width * 0.85, patch_artist=True,
                                showfliers=False, manage_ticks=False)
                for patch in bp["boxes"]:
                    patch.set(facecolor=c, alpha=0.55, edgecolor="black", linewidth=0.6)
                for part in ("medians", "whiskers", "caps"):
                    for line in bp[part]:
                        line.set(color="black", linewidth=0.7)
                rng = np.random.default_rng(7)
                for p, v in zip(pos, vals, strict=True):
                    ax.scatter(p + rng.uniform(-0.08, 0.08, len(v)), v, s=5, color=c,
                               edgecolor="none", alpha=0.8, zorder=3)
                ax.scatter([], [], color=c, s=30, label=f"{t} (n = {sum(map(len, vals))})")
        ax.set_xticks(range(len(years)), [str(y) for y in years])
        for i, y in enumerate(years[:-1]):
            if any(y < b < years[i + 1] for b in _ERA_BREAKS):
                ax.axvline(i + 0.5, color="#555555", linestyle=(0, (4, 3)), linewidth=0.9)
        ax.set_ylim(0, 103)
        ax.set_ylabel(_L[lang]["score"])
        ax.set_xlabel(_L[lang]["year"] + {"en": " (dashed: method or band change)",
                                          "id": " (garis putus: perubahan metode)"}[lang])
        ax.set_title({"en": "Published compliance scores of local governments, by year and type",
                      "id": "Nilai kepatuhan pemerintah daerah yang dipublikasikan, per tahun "
                            "dan jenis"}[lang])
        ax.legend(loc="lower left", fontsize=8, ncols=3)
        return _finish(fig, data, "Ombudsman RI", lang)


def zone_shares_bars(shares: pd.DataFrame, *, lang: str = "en"):
    """Stacked bars of the national zone shares per year (official counts).

    Parameters
    ----------
    shares : DataFrame
        Output of :func:`analysis.trends.zone_shares_over_time`.
    lang : {"en", "id"}

    Returns
    -------
    matplotlib.figure.Figure
    """
    with house_style():
        fig, ax = new_figure(width=7.5, height=4.6)
        x = np.arange(len(shares))
        bottom = np.zeros(len(shares))
        for zone in ["merah", "kuning", "hijau"]:
            v = shares[zone].to_numpy() * 100
            ax.bar(x, v, bottom=bottom, color=ZONE_COLOURS[zone], label=_L[lang][zone],
                   edgecolor="white", width=0.65)
            for xi, b, h in zip(x, bottom, v, strict=True):
                if h >= 4:
                    ax.text(xi, b + h / 2, f"{h:.0f}", ha="center", va="center", fontsize=8,
                            color="white" if zone != "kuning" else "black")
            bottom += v
        labels = [f"{y}\nn = {n}" + ("*" if b == "from opinion counts" else "")
                  for y, n, b in zip(shares["year"], shares["n"], shares["basis"], strict=True)]
        ax.set_xticks(x, labels)
        for i in range(len(shares) - 1):
            if shares["era"].iloc[i] != shares["era"].iloc[i + 1]:
                ax.axvline(i + 0.5, color="#333333", linestyle=(0, (4, 3)), linewidth=1)
                ax.text(i + 0.5, 101, {"en": "band change", "id": "batas zona berubah"}[lang],
                        ha="center", va="bottom", fontsize=7.5)
        ax.set_ylim(0, 108)
        ax.set_ylabel(_L[lang]["share"])
        ax.set_xlabel(_L[lang]["year"])
        ax.set_title({"en": "National zone shares of all assessed entities (official counts)",
                      "id": "Proporsi zona nasional seluruh entitas yang dinilai (jumlah resmi)"
                      }[lang])
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        note = {"en": "all entities assessed each year (census years only; 2015-2019 samples "
                      "and the 2025 opinion method have no complete national counts); "
                      "* " + _L["en"]["from_opinions"],
                "id": "semua entitas yang dinilai (hanya tahun sensus); * "
                      + _L["id"]["from_opinions"]}[lang]
        add_footer(fig, source_line(shares, "Ombudsman RI"), note, lang=lang)
        return fig


def ceiling_plot(ceiling: pd.DataFrame, *, threshold: float = 95.0, lang: str = "en",
                 coverage: str | None = None):
    """Share of published scores at or above ``threshold`` per year, with 95% intervals.

    Returns
    -------
    matplotlib.figure.Figure
    """
    with house_style():
        fig, ax = new_figure(width=7.5, height=4.4)
        for _, g in ceiling.groupby("era", sort=True):
            ax.errorbar(g["year"], g["share"] * 100,
                        yerr=[(g["share"] - g["ci_low"]) * 100, (g["ci_high"] - g["share"]) * 100],
                        marker="o", color=PALETTE["blue"], capsize=3, linewidth=1.4)
            for r in g.itertuples():
                ax.text(r.year, r.ci_high * 100 + 1.5, f"{r.k}/{r.n}", ha="center", fontsize=7)
        _era_lines(ax, ceiling["year"].tolist(), lang)
        ax.set_xticks(sorted(ceiling["year"].unique()))
        ax.set_ylim(0, max(60, float(ceiling["ci_high"].max() * 100 + 8)))
        ax.set_ylabel({"en": f"Scores at or above {threshold:g} (% of published scores)",
                       "id": f"Nilai {threshold:g} ke atas (% dari nilai yang dimuat)"}[lang])
        ax.set_xlabel(_L[lang]["year"])
        ax.set_title({"en": f"Ceiling compression: share of scores at or above {threshold:g}",
                      "id": f"Pemampatan di batas atas: proporsi nilai {threshold:g} ke atas"
                      }[lang])
        ax.legend(loc="upper left", fontsize=8)
        note = {"en": "lines join years of one method era only; bars are 95% Wilson intervals "
                      "for this sample",
                "id": "garis hanya menghubungkan tahun dalam satu era metode; interval Wilson "
                      "95% untuk sampel ini"}[lang]
        add_footer(fig, "Ombudsman RI via published documents, see data/sources.csv",
                   f"{coverage}; {note}" if coverage else note, lang=lang)
        return fig


def pekppp_categories(pekppp: pd.DataFrame, *, lang: str = "en"):
    """Count PEKPPP values per category (derived from the index), by year and assessor.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from analysis.plots.style import CATEGORY_COLOURS
    from analysis.scales import pekppp_band

    with house_style():
        data = pekppp[pekppp["ipp"].notna() & (pekppp["ipp"].round(2) >= 2.01)].copy()
        data["derived"] = pekppp_band(data["ipp"].to_numpy())["category"].astype(str).to_numpy()
        cats = ["C-", "C", "B-", "B", "A-", "A"]
        groups = data.groupby(["year", "assessor"], observed=True)
        keys = list(groups.groups)
        fig, ax = new_figure(width=7.5, height=4.4)
        x = np.arange(len(keys))
        bottom = np.zeros(len(keys))
        for c in cats:
            v = np.array([int((groups.get_group(k)["derived"] == c).sum()) for k in keys])
            ax.bar(x, v, bottom=bottom, color=CATEGORY_COLOURS[c], label=c, edgecolor="white")
            bottom += v
        ax.set_xticks(x, [f"{y}\n{a}" for y, a in keys])
        ax.set_ylabel(_L[lang]["count"])
        ax.set_xlabel({"en": "Evaluation year and assessor (ministry / self)",
                       "id": "Tahun evaluasi dan penilai (kementerian / mandiri)"}[lang])
        ax.set_title({"en": "PEKPPP categories of the published index values",
                      "id": "Kategori PEKPPP dari nilai indeks yang dipublikasikan"}[lang])
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(handles[::-1], labels[::-1], title={"en": "category", "id": "kategori"}[lang],
                  loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        n_low = int((pekppp["ipp"].round(2) < 2.01).sum())
        note = {"en": f"{len(data)} values; categories derived from the index with the ladder in "
                      f"data/bands.csv (below A inferred from printed labels); {n_low} value(s) "
                      "below 2.01 have no known band and are left out; mostly winners",
                "id": f"{len(data)} nilai; kategori diturunkan dari indeks (data/bands.csv); "
                      f"{n_low} nilai di bawah 2,01 tidak dihitung"}[lang]
        add_footer(fig, source_line(pekppp, "KemenPAN-RB"), note, lang=lang)
        return fig


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
        y = np.arange(n)
        ax.hlines(y, data["rank_low"], data["rank_high"], color="#33536e", linewidth=1.0,
                  zorder=2,
                  label={"en": f"90% interval,\nerror SD {data['sd_high'].iloc[0]:.1f} points",
                         "id": f"interval 90%,\nSD galat {data['sd_high'].iloc[0]:.1f} poin"
                         }[lang] if n else None)
        ax.hlines(y, data["rank_low_sd_low"], data["rank_high_sd_low"], color="#9ab8d6",
                  linewidth=5.0, zorder=1,
                  label={"en": f"90% interval,\nerror SD {data['sd_low'].iloc[0]:.1f} points",
                         "id": f"interval 90%,\nSD galat {data['sd_low'].iloc[0]:.1f} poin"
                         }[lang] if n else None)
        ax.scatter(data["rank"], y, color=PALETTE["blue"], s=18, zorder=3,
                   label={"en": "rank of the\npublished score",
                          "id": "peringkat nilai\nyang dipublikasikan"}[lang])
        labels = [f"{_short_name(e)}  {s:.2f}" for e, s in zip(data["entity"], data["score"],
                                                                 strict=True)]
        ax.set_yticks(y, labels, fontsize=7.5)
        ax.set_ylim(n - 0.4, -0.6)
        n_ranked = int(data["n_ranked"].iloc[0]) if n else 0
        ax.set_xlim(0.3, n_ranked + 0.7)
        step = 1 if n_ranked <= 25 else 5
        ax.set_xticks(range(1, n_ranked + 1, step) if step == 1
                      else [1, *range(step, n_ranked + 1, step)])
        ax.tick_params(axis="x", labelsize=7.5)
        ax.set_xlabel({"en": f"Rank among the {n_ranked} with a published score (1 = highest)",
                       "id": f"Peringkat di antara {n_ranked} yang nilainya dipublikasikan "
                             "(1 = tertinggi)"}[lang])
        ax.set_title("\n".join(textwrap.wrap(title, 58)))
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7.5, handlelength=1.8,
                  labelspacing=1.0)
        n_frame = data["n_frame"].iloc[0] if n else pd.NA
        what = group or {"en": "entities", "id": "entitas"}[lang]
        frame_note = ""
        if n and pd.notna(n_frame):
            frame_note = {"en": f"{n_ranked} of the {int(n_frame)} {what} assessed have a "
                                "published score; the others could rank anywhere (among all "
                                f"{int(n_frame)}, a rank can be up to {int(n_frame) - n_ranked} "
                                "places lower); ",
                          "id": f"{n_ranked} dari {int(n_frame)} {what} yang dinilai memiliki "
                                "nilai yang dipublikasikan; "}[lang]
        note = {"en": f"{frame_note}intervals assume each score carries normal measurement error "
                      "of the stated SD (an assumption, not the Ombudsman's error model) and "
                      "cover that error only, not which scores got published; not the official "
                      "ranking",
                "id": f"{frame_note}interval mengasumsikan galat pengukuran normal dengan SD "
                      "tersebut (asumsi, bukan model galat Ombudsman); bukan peringkat resmi"
                }[lang]
        add_footer(fig, "Ombudsman RI via published documents, see data/sources.csv",
                   f"{note}; {coverage}" if coverage else note, lang=lang)
        return fig


def province_tile_map(values: pd.Series, *, title: str, label: str, lang: str = "en",
                      coverage: str | None = None, provinces: int | None = None,
                      vmin: float | None = None, vmax: float | None = None, fmt="{:.1f}",
                      publisher: str = "Ombudsman RI"):
    """Tile-grid map of one value per province (see :mod:`analysis.plots.tilemap`).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from analysis.plots.tilemap import tile_map

    with house_style():
        fig, ax = new_figure(width=8.6, height=4.4)
        mappable = tile_map(ax, values, provinces=provinces, vmin=vmin, vmax=vmax, fmt=fmt)
        fig.colorbar(mappable, ax=ax, shrink=0.7, label=label)
        ax.set_title(title)
        missing = {"en": "hatched grey: no value published",
                   "id": "arsir abu-abu: tidak ada nilai yang dipublikasikan"}[lang]
        add_footer(fig, f"{publisher} via published documents, see data/sources.csv",
                   f"{coverage}; {missing}" if coverage else missing, lang=lang)
        return fig


def within_province(frame: pd.DataFrame, province: str, years, *, lang: str = "en"):
    """Scores of the province government, regencies and cities of one province, per year.

    Returns
    -------
    matplotlib.figure.Figure
    """
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
        ax.set_xlabel(_L[lang]["score"])
        from analysis.scales import method_era

        eras = set(method_era("ombudsman", years))
        ax.set_title({"en": f"{province}: published scores of its governments",
                      "id": f"{province}: nilai pemerintah daerah yang dipublikasikan"}[lang])
        ax.legend(title={"en": "year", "id": "tahun"}[lang], loc="upper left",
                  bbox_to_anchor=(1.0, 1.0), fontsize=7.5)
        from analysis.coverage import coverage

        cov = coverage(data, by=("year", "province"))
        parts = [f"{int(r.year)}: {int(r.n_sample)}" + (
            f" of {int(r.n_population)}" if pd.notna(r.n_population) else "")
            for r in cov.itertuples()]
        note = {"en": "governments with a published score (of the province government, regencies "
                      f"and cities) {'; '.join(parts)}; {len(eras)} method era(s): compare "
                      "positions within a year, not raw scores across eras",
                "id": "pemerintah dengan nilai yang dipublikasikan "
                      f"{'; '.join(parts).replace(' of ', ' dari ')}; bandingkan posisi dalam "
                      "satu tahun"}[lang]
        add_footer(fig, source_line(data, "Ombudsman RI"), note, lang=lang)
        return fig


def _pairs_source(pairs: pd.DataFrame) -> str:
    """Source line of self-vs-ministry pairs: the documents of both sides."""
    src = pd.DataFrame({"source_id": list(pairs["self_source"]) + list(pairs["ministry_source"])})
    return source_line(src, "KemenPAN-RB and local governments")


def self_vs_ministry_plot(pairs: pd.DataFrame, *, lang: str = "en"):
    """Dumbbell chart of each self-assessment against the ministry's evaluation.

    Returns
    -------
    matplotlib.figure.Figure
    """
    with house_style():
        fig, ax = new_figure(width=7.5, height=1.6 + 0.45 * max(len(pairs), 2))
        y = np.arange(len(pairs))
        for i, r in enumerate(pairs.itertuples()):
            ax.plot([r.self, r.ministry], [i, i], color="#999999", zorder=1)
            ax.text(max(r.self, r.ministry) + 0.12, i, f"{r.diff:+.2f}", va="center",
                    fontsize=8)
        ax.scatter(pairs["self"], y, color=PALETTE["orange"], s=40, zorder=3,
                   label={"en": "self-assessment (mandiri)", "id": "penilaian mandiri"}[lang])
        ax.scatter(pairs["ministry"], y, color=PALETTE["blue"], s=40, zorder=3,
                   marker="s", label={"en": "KemenPAN-RB evaluation",
                                      "id": "evaluasi KemenPAN-RB"}[lang])
        ax.set_yticks(y, [f"{e} {yr}" for e, yr in zip(pairs["entity"], pairs["year"],
                                                       strict=True)])
        ax.invert_yaxis()
        ax.set_xlim(0, 5.4)
        ax.set_ylim(len(pairs) - 0.4, -0.8)
        from analysis.scales import category_floors

        for lo, c in category_floors():
            ax.axvline(lo - 0.005, color="#dddddd", linewidth=0.8, zorder=0)
            ax.text(lo + 0.02, -0.7, c, fontsize=7, color="#666666")
        ax.set_xlabel(_L[lang]["ipp"])
        ax.set_title({"en": "Self-assessment against the ministry's evaluation (PEKPPP)",
                      "id": "Penilaian mandiri dibandingkan evaluasi kementerian (PEKPPP)"}[lang])
        ax.legend(loc="lower left", fontsize=8)
        note = {"en": f"every pair found in the published sources: n = {len(pairs)}; "
                      "self-assessments are reported by the assessed body itself",
                "id": f"semua pasangan yang ditemukan: n = {len(pairs)}; penilaian mandiri "
                      "dilaporkan oleh instansi yang dinilai"}[lang]
        add_footer(fig, _pairs_source(pairs), note, lang=lang)
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
                       label={"en": f"mean difference {stats['bias']:+.2f}",
                              "id": f"rata-rata selisih {stats['bias']:+.2f}"}[lang])
        if drawn and pd.notna(stats["sd"]):
            for v in (stats["loa_low"], stats["loa_high"]):
                ax.axhline(v, color=PALETTE["vermillion"], linestyle=(0, (4, 3)))
            ax.plot([], [], color=PALETTE["vermillion"], linestyle=(0, (4, 3)),
                    label={"en": f"95% limits of agreement {stats['loa_low']:+.2f} to "
                                 f"{stats['loa_high']:+.2f}",
                           "id": f"batas kesepakatan 95% {stats['loa_low']:+.2f} s.d. "
                                 f"{stats['loa_high']:+.2f}"}[lang])
        ax.set_xlabel({"en": "Mean of self and ministry (index, 0-5)",
                       "id": "Rata-rata mandiri dan kementerian (indeks, 0-5)"}[lang])
        ax.set_ylabel({"en": "Self minus ministry (index points)",
                       "id": "Mandiri dikurangi kementerian (poin indeks)"}[lang])
        ax.set_xlim(2.5, 5.0)
        ax.set_title({"en": "Bland-Altman agreement of self-assessment and ministry evaluation",
                      "id": "Kesepakatan Bland-Altman penilaian mandiri dan evaluasi kementerian"
                      }[lang])
        if drawn:
            ax.legend(loc="center left", fontsize=8)
        note = ({"en": f"n = {int(stats['n'])} pairs",
                 "id": f"n = {int(stats['n'])} pasangan"}[lang] if drawn else
                {"en": f"n = {int(stats['n'])} pairs: too few for a mean difference or limits "
                       "of agreement; the differences only",
                 "id": f"n = {int(stats['n'])} pasangan: terlalu sedikit untuk batas "
                       "kesepakatan; hanya selisihnya"}[lang])
        add_footer(fig, _pairs_source(pairs), note, lang=lang)
        return fig


def instruments_scatter(both: pd.DataFrame, rho: pd.Series, *, lang: str = "en",
                        coverage: str | None = None):
    """Ombudsman score against PEKPPP index for entities with both in one year, with bands.

    Every pair is plotted: both axes are set from the data. Points are
    labelled where a label fits clear of the other points and labels (see
    :func:`analysis.plots.labels.place_labels`); the footer says how many
    are unlabelled.

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
    from analysis.plots.labels import place_labels
    from analysis.scales import category_floors, zone_spans

    with house_style():
        fig, ax = new_figure(width=8.2, height=5.6)
        x_low = float(np.floor(min(both["score"].min(), 80) / 5) * 5) if len(both) else 50.0
        y_low = float(np.floor(min(both["ipp"].min(), 3.0) * 2) / 2 - 0.25) if len(both) else 3.0
        band_labels = []
        for lo, hi, z in zone_spans("ombudsman-2022"):
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
        markers = {"provinsi": "s", "kota": "o", "kabupaten": "^"}
        for t, g in both.groupby("entity_type"):
            ax.scatter(g["score"], g["ipp"], marker=markers.get(t, "o"), s=40,
                       color=PALETTE["blue"], edgecolor="black", linewidth=0.4, label=t, zorder=3)
        ax.set_xlim(x_low, 101)
        ax.set_ylim(y_low, 5.2)
        ax.set_xlabel({"en": "Ombudsman compliance score (points, 0-100; 2022-2024 zones)",
                       "id": "Nilai kepatuhan Ombudsman (poin, 0-100; zona 2022-2024)"}[lang])
        ax.set_ylabel({"en": "PEKPPP index, ministry evaluation (0-5)",
                       "id": "Indeks PEKPPP, evaluasi kementerian (0-5)"}[lang])
        ax.set_title({"en": "The two instruments side by side (same entity, same year)",
                      "id": "Dua instrumen berdampingan (entitas dan tahun yang sama)"}[lang])
        legend = ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        data = both.reset_index(drop=True)
        texts = [f"{_short_name(e)} {y}" for e, y in zip(data["entity"], data["year"],
                                                          strict=True)]
        # the points farthest from the centre of the cloud are labelled first
        spread = ((data["score"] - data["score"].median()) / max(data["score"].std(), 1e-9)) ** 2 \
            + ((data["ipp"] - data["ipp"].median()) / max(data["ipp"].std(), 1e-9)) ** 2
        order = list(spread.sort_values(ascending=False, kind="stable").index)
        missed = place_labels(ax, data["score"].to_numpy(), data["ipp"].to_numpy(), texts,
                              avoid=[*band_labels, legend], order=order)
        pv = "p < 0.01" if rho["p_value"] < 0.01 else f"p = {rho['p_value']:.2f}"
        ci = (f", 95% CI {rho['ci_low']:.2f} to {rho['ci_high']:.2f}"
              if "ci_low" in rho and pd.notna(rho["ci_low"]) else "")
        note = {"en": f"every pair plotted: n = {int(rho['n'])} entity-years of "
                      f"{both['entity'].nunique()} entities; Spearman rho = {rho['rho']:.2f}"
                      f"{ci} ({pv}), the interval treating the pairs as a random sample"
                      + (f"; {missed} point(s) unlabelled where labels would overlap"
                         if missed else ""),
                "id": f"semua pasangan: n = {int(rho['n'])} entitas-tahun dari "
                      f"{both['entity'].nunique()} entitas; rho Spearman = {rho['rho']:.2f}"
                      f"{ci.replace('CI', 'IK').replace(' to ', ' s.d. ')} ({pv})"
                      + (f"; {missed} titik tanpa label" if missed else "")}[lang]
        if coverage:
            note = f"{note}; {coverage}"
        src = pd.DataFrame({"source_id": list(both["score_source"]) + list(both["ipp_source"])})
        add_footer(fig, source_line(src, "Ombudsman RI and KemenPAN-RB"), note, lang=lang)
        return fig


def _short_name(entity: str) -> str:
    """Entity name shortened for a point label ("Kab. Kupang", "Prov. Jambi")."""
    return entity.replace("Provinsi ", "Prov. ").replace("Kabupaten ", "Kab. ")


def zone_share_lines(shares: pd.DataFrame, *, lang: str = "en"):
    """National zone shares as lines, one segment per method era (no line crosses a break).

    Returns
    -------
    matplotlib.figure.Figure
    """
    with house_style():
        fig, ax = new_figure(width=7.5, height=4.4)
        zones = ["hijau", "kuning", "merah"]
        for zone in zones:
            first = True
            for _, g in shares.groupby("era", sort=True):
                ax.plot(g["year"], g[zone] * 100, marker="o", color=ZONE_COLOURS[zone],
                        label=_L[lang][zone] if first else None, linewidth=2)
                first = False
        ax.set_ylim(0, 100)
        for r in shares.itertuples():
            _point_labels(ax, r.year, {z: getattr(r, z) * 100 for z in zones},
                          prefer={"kuning": "below"})
        _era_lines(ax, shares["year"].tolist() + [shares["year"].min() - 1], lang)
        ax.set_xticks(sorted(shares["year"]))
        ax.set_ylim(0, 100)
        ax.set_ylabel(_L[lang]["share"])
        ax.set_xlabel(_L[lang]["year"])
        ax.set_title({"en": "National zone shares over time (official counts)",
                      "id": "Proporsi zona nasional dari waktu ke waktu (jumlah resmi)"}[lang])
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8)
        note = {"en": "2021 used green from 81, 2022-2024 from 78: the 2021-2022 step mixes real "
                      "change with the new bands and method",
                "id": "2021 hijau mulai 81, 2022-2024 mulai 78: lonjakan 2021-2022 mencampur "
                      "perubahan nyata dengan batas dan metode baru"}[lang]
        add_footer(fig, source_line(shares, "Ombudsman RI"), note, lang=lang)
        return fig


_LABEL_PLACES = {   # offset (points), ha, va
    "above": ((0, 5), "center", "bottom"), "below": ((0, -6), "center", "top"),
    "right": ((7, 0), "left", "center"), "left": ((-7, 0), "right", "center"),
}


def _point_labels(ax, x: float, values: dict[str, float], *, prefer: dict[str, str],
                  fontsize: float = 7.5, marker: float = 4.0):
    """Write each value (rounded) next to its point at ``x``, so no two labels collide.

    Each label goes above its point (or where ``prefer`` says) unless it would
    overlap another label, another point of the same ``x`` or leave the axes;
    of the placements without such a clash, the one that moves fewest labels
    from their preferred place (sideways counts more) is taken. Extents are
    estimated in points from the axes' size, before drawing.
    """
    import itertools

    fig = ax.get_figure()
    y0, y1 = ax.get_ylim()
    per_unit = ax.get_position().height * fig.get_figheight() * 72 / (y1 - y0)
    height, width = fontsize * 1.2, fontsize * 0.65
    names = list(values)

    def box(name, place):
        (dx, dy), ha, va = _LABEL_PLACES[place]
        w = width * len(f"{values[name]:.0f}")
        y = (values[name] - y0) * per_unit + dy
        bottom = {"bottom": y, "top": y - height, "center": y - height / 2}[va]
        left = {"left": dx, "right": dx - w, "center": dx - w / 2}[ha]
        return left, left + w, bottom, bottom + height

    def clash(a, b):
        return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]

    def cost(name, place):
        preferred = prefer.get(name, "above")
        return 0 if place == preferred else {"above": 1, "below": 1, "right": 2, "left": 3}[place]

    top = (y1 - y0) * per_unit
    points = {n: (-marker, marker, (values[n] - y0) * per_unit - marker,
                  (values[n] - y0) * per_unit + marker) for n in names}
    best, best_cost = None, None
    for choice in itertools.product(list(_LABEL_PLACES), repeat=len(names)):
        boxes = {n: box(n, c) for n, c in zip(names, choice, strict=True)}
        if any(b[2] < 0 or b[3] > top for b in boxes.values()):
            continue
        if any(clash(boxes[a], boxes[b]) for a, b in itertools.combinations(names, 2)):
            continue
        if any(clash(boxes[a], points[b]) for a in names for b in names if a != b):
            continue
        total = sum(cost(n, c) for n, c in zip(names, choice, strict=True))
        if best_cost is None or total < best_cost:
            best, best_cost = choice, total
    for name, place in zip(names, best or [prefer.get(n, "above") for n in names], strict=True):
        offset, ha, va = _LABEL_PLACES[place]
        ax.annotate(f"{values[name]:.0f}", (x, values[name]), xytext=offset,
                    textcoords="offset points", ha=ha, va=va, fontsize=fontsize,
                    color=ZONE_COLOURS.get(name, "#222222"))


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
                     & (frame["score"] <= 100)].copy()
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
        ax.set_ylabel(_L[lang]["score"])
        ax.set_xlabel(_L[lang]["year"])
        ax.set_title({"en": "Trajectories: lines never cross a method-era break",
                      "id": "Lintasan: garis tidak melintasi perubahan era metode"}[lang])
        ax.legend(loc="lower right", fontsize=8)
        add_footer(fig, source_line(data, "Ombudsman RI"),
                   {"en": "only years with a published score are shown",
                    "id": "hanya tahun dengan nilai yang dipublikasikan"}[lang], lang=lang)
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
    with house_style():
        fig, ax = new_figure(width=7.4, height=4.8)
        top = pairs["followup"] >= ceiling
        ax.scatter(pairs.loc[~top, "baseline"], pairs.loc[~top, "change"], s=18,
                   color=PALETTE["blue"], alpha=0.85, zorder=3,
                   label={"en": f"entity (score {end} below {ceiling:g})",
                          "id": f"entitas (nilai {end} di bawah {ceiling:g})"}[lang])
        ax.scatter(pairs.loc[top, "baseline"], pairs.loc[top, "change"], s=18,
                   facecolor="white", edgecolor=PALETTE["blue"], linewidth=0.9, zorder=3,
                   label={"en": f"entity at the ceiling ({end} score {ceiling:g} or more)",
                          "id": f"entitas di batas atas (nilai {end} {ceiling:g} ke atas)"}[lang])
        x = np.linspace(pairs["baseline"].min(), pairs["baseline"].max(), 50)
        mb, mc = pairs["baseline"].mean(), pairs["change"].mean()
        lo, hi = summary["slope_noise_low"], summary["slope_noise_high"]
        ax.fill_between(x, mc + lo * (x - mb), mc + hi * (x - mb), color="#bbbbbb", alpha=0.5,
                        linewidth=0, zorder=1,
                        label={"en": f"measurement noise alone: slope {lo:.2f} to {hi:.2f} "
                                     f"(reliability {summary['reliability_low']:.2f}-"
                                     f"{summary['reliability_high']:.2f})",
                               "id": f"galat pengukuran saja: kemiringan {lo:.2f} s.d. {hi:.2f} "
                                     f"(reliabilitas {summary['reliability_low']:.2f}-"
                                     f"{summary['reliability_high']:.2f})"}[lang])
        ax.plot(x, mc + summary["slope_observed"] * (x - mb), color=PALETTE["vermillion"],
                zorder=2,
                label={"en": f"observed slope {summary['slope_observed']:.2f} (95% CI "
                             f"{summary['slope_ci_low']:.2f} to {summary['slope_ci_high']:.2f})",
                       "id": f"kemiringan teramati {summary['slope_observed']:.2f} (IK 95% "
                             f"{summary['slope_ci_low']:.2f} s.d. "
                             f"{summary['slope_ci_high']:.2f})"}[lang])
        ax.axhline(0, color="#888888", linewidth=0.8)
        ax.set_xlabel({"en": f"Score in {start} (points)", "id": f"Nilai {start} (poin)"}[lang])
        ax.set_ylabel({"en": f"Change {start}-{end} (points)",
                       "id": f"Perubahan {start}-{end} (poin)"}[lang])
        ax.set_title({"en": f"Change {start}-{end} against the {start} score",
                      "id": f"Perubahan {start}-{end} terhadap nilai {start}"}[lang])
        ax.legend(loc="upper right", fontsize=7.5)
        note = {"en": f"n = {int(summary['n'])} entities with a published score in both years "
                      f"(one method era); Oldham's r (Pitman-Morgan test) = "
                      f"{summary['oldham_r']:.2f} (95% CI {summary['oldham_ci_low']:.2f} to "
                      f"{summary['oldham_ci_high']:.2f}); the noise band assumes no true change, "
                      "independent errors of equal variance and a reliability from adjacent "
                      "years",
                "id": f"n = {int(summary['n'])} entitas dengan nilai di kedua tahun; r Oldham "
                      f"(uji Pitman-Morgan) = {summary['oldham_r']:.2f}; pita galat mengasumsikan "
                      "tanpa perubahan nyata dan reliabilitas dari tahun berdekatan"}[lang]
        add_footer(fig, "Ombudsman RI via published documents, see data/sources.csv",
                   f"{note}; {coverage}" if coverage else note, lang=lang)
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
            ax.errorbar(g["year"], g["effect"], yerr=[g["effect"] - g["ci_low"],
                                                      g["ci_high"] - g["effect"]],
                        fmt="o-", color=PALETTE["blue"], capsize=3, linewidth=1.2,
                        label={"en": "year effect (95% CI)", "id": "efek tahun (IK 95%)"}[lang])
            first = g["year"].min()
            for r in g.itertuples():
                if r.year == first:
                    ax.annotate({"en": "reference", "id": "acuan"}[lang] + f"\nn={r.n_obs}",
                                (r.year, r.effect), xytext=(0, -6), textcoords="offset points",
                                ha="center", va="top", fontsize=7)
                else:
                    ax.annotate(f"{r.effect:+.1f}\nn={r.n_obs}", (r.year, r.ci_high),
                                xytext=(0, 3), textcoords="offset points", ha="center",
                                va="bottom", fontsize=7)
            if era in slopes.index:
                t = slopes.loc[era]
                xs = np.array([g["year"].min(), g["year"].max()], dtype=float)
                centre = g["effect"].mean() - t["slope"] * g["year"].mean()
                ax.plot(xs, centre + t["slope"] * xs, color=PALETTE["vermillion"],
                        linestyle=(0, (4, 3)), linewidth=1,
                        label={"en": f"average slope {t['slope']:+.1f}/yr "
                                     f"(95% CI {t['ci_low']:.1f} to {t['ci_high']:.1f})",
                               "id": f"kemiringan rata-rata {t['slope']:+.1f}/thn"}[lang])
            ax.axhline(0, color="black", linewidth=0.8)
            ax.set_xticks(g["year"].tolist())
            ax.set_xlim(g["year"].min() - 0.5, g["year"].max() + 0.5)
            top = float(g["ci_high"].max())
            ax.set_ylim(min(-0.25 * max(top, 5), float(g["ci_low"].min()) - 2),
                        top + 0.25 * max(top, 5) + 4)
            ax.set_xlabel(f"{era} ({g['n_entities'].iloc[0]} "
                          + {"en": "entities)", "id": "entitas)"}[lang])
            ax.legend(loc="upper left", fontsize=7)
        axes[0].set_ylabel({"en": "Points above the era's first year",
                            "id": "Poin di atas tahun pertama era"}[lang])
        axes[0].set_title({"en": "Year effects within each method era (entity fixed effects)",
                           "id": "Efek tahun dalam setiap era (efek tetap entitas)"}[lang])
        note = {"en": "OLS with entity fixed effects per era, errors clustered by entity; "
                      "entities with 2+ published scores in the era; intervals cover "
                      "within-entity noise, not which entities got published",
                "id": "OLS dengan efek tetap entitas per era, galat dikelompokkan per entitas"
                }[lang]
        add_footer(fig, "Ombudsman RI via published documents, see data/sources.csv",
                   f"{note}; {coverage}" if coverage else note, lang=lang)
        return fig


def _slope_coefficients(trends, lang, coverage):
    """Coefficient plot of the within-era slopes (when no year effects are given)."""
    fig, ax = new_figure(width=7.0, height=3.2)
    y = np.arange(len(trends))
    ax.errorbar(trends["slope"], y, xerr=[trends["slope"] - trends["ci_low"],
                                          trends["ci_high"] - trends["slope"]],
                fmt="o", color=PALETTE["blue"], capsize=4)
    labels = [f"{r.era} ({r.first_year}-{r.last_year})\n{r.n_entities} entities, "
              f"{r.n_obs} scores" for r in trends.itertuples()]
    ax.set_yticks(y, labels, fontsize=8)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel({"en": "Average change per year within an entity (points per year, 95% CI)",
                   "id": "Rata-rata perubahan per tahun dalam entitas (poin per tahun, "
                         "IK 95%)"}[lang])
    ax.set_title({"en": "Trend within each method era", "id": "Tren dalam setiap era"}[lang])
    note = {"en": "OLS with entity fixed effects, errors clustered by entity",
            "id": "OLS dengan efek tetap entitas, galat dikelompokkan per entitas"}[lang]
    add_footer(fig, "Ombudsman RI via published documents, see data/sources.csv",
               f"{note}; {coverage}" if coverage else note, lang=lang)
    return fig


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
        for k, (col, label, hatch) in enumerate([
                ("population_share", {"en": "all assessed (official counts)",
                                      "id": "semua yang dinilai (jumlah resmi)"}[lang], None),
                ("sample_share", {"en": "published sample in this data",
                                  "id": "sampel yang dipublikasikan"}[lang], "//")]):
            vals = shares[col].to_numpy() * 100
            pos = x + (k - 0.5) * width
            ax.bar(pos, vals, width, color=[ZONE_COLOURS[z] for z in shares["zone"]],
                   hatch=hatch, edgecolor="white" if hatch is None else "#333333",
                   linewidth=0.6, label=label)
            top = vals
            if col == "sample_share" and "excess_ci_low" in shares:
                lo = shares["population_share"].to_numpy() * 100 + shares["excess_ci_low"]
                hi = shares["population_share"].to_numpy() * 100 + shares["excess_ci_high"]
                ax.errorbar(pos, vals, yerr=[vals - lo, hi - vals], fmt="none",
                            ecolor="black", capsize=3, linewidth=0.9)
                top = np.maximum(vals, hi)
            for xi, v, t in zip(pos, vals, top, strict=True):
                ax.text(xi, t + 1.5, f"{v:.0f}", ha="center", va="bottom", fontsize=8)
        ax.set_xticks(x, [_L[lang][z] for z in shares["zone"]])
        ax.set_ylabel(_L[lang]["share"])
        ax.set_ylim(0, 108)
        ax.set_title({"en": f"{year}: the published sample against all assessed entities",
                      "id": f"{year}: sampel yang dipublikasikan dibanding semua entitas"}[lang])
        ax.legend(loc="upper right", fontsize=8)
        r = shares.iloc[0]
        n, big_n = int(shares["n_sample"].sum()), int(shares["n_population"].sum())
        h = shares.set_index("zone").loc["hijau"]
        p = r["p_value"]
        pv = "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
        ci = (f" (95% CI {h['excess_ci_low']:+.1f} to {h['excess_ci_high']:+.1f})"
              if "excess_ci_low" in shares else "")
        note = {"en": f"n = {n} published scores of {big_n} assessed entities; excess share of "
                      f"hijau in the sample: {h['difference']:+.1f} points{ci}; bars: the share "
                      "the same publication process would give, exact conditional interval (it "
                      f"covers chance in who got printed, not the selection); {r['test']}: {pv}",
                "id": f"n = {n} nilai dari {big_n} entitas; kelebihan proporsi hijau: "
                      f"{h['difference']:+.1f} poin"
                      f"{ci.replace('CI', 'IK').replace(' to ', ' s.d. ')}; {pv}"}[lang]
        src = pd.DataFrame({"source_id": [r["population_source"]]})
        add_footer(fig, source_line(src, "Ombudsman RI") + " (population); sample: "
                   "data/ombudsman.csv", note, lang=lang)
        return fig
