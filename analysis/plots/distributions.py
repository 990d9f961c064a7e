"""Charts of how scores are distributed: by year and type, by zone, at the ceiling, by category.

Each function draws what it is given; sentences about today's data are passed
in by the notebook that found them (``note=``, ``coverage=``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.plots.common import (
    _era_lines,
    _era_lines_between,
    _finish,
    _join,
    _local_types,
    published,
    source_line,
)
from analysis.plots.style import PALETTE, ZONE_COLOURS, add_footer, house_style, new_figure
from analysis.plots.text import label, number
from analysis.scales import on_standard_scale

__all__ = ["score_distributions", "zone_shares_bars", "ceiling_plot", "pekppp_categories",
           "zone_share_lines"]

_TYPE_COLOURS = [PALETTE["reddish_purple"], PALETTE["sky_blue"], PALETTE["blue"]]


def score_distributions(frame: pd.DataFrame, *, lang: str = "en"):
    """Box and strip plot of local-government scores per year, by entity type.

    Returns
    -------
    matplotlib.figure.Figure
    """
    with house_style():
        data = frame[frame["score"].notna() & on_standard_scale(frame)].copy()
        data["entity_type"] = data["entity_type"].astype(str)
        types = _local_types()
        data = data[data["entity_type"].isin(types)]
        years = sorted(data["year"].astype(int).unique())
        fig, ax = new_figure(width=9.0, height=4.8)
        width = 0.25
        for k, (t, c) in enumerate(zip(types, _TYPE_COLOURS, strict=True)):
            pos, vals = [], []
            for i, y in enumerate(years):
                v = data[(data["year"] == y) & (data["entity_type"] == t)]["score"].to_numpy()
                if len(v):
                    pos.append(i + (k - 1) * width)
                    vals.append(v)
            if vals:
                _box_strip(ax, pos, vals, c)
                ax.scatter([], [], color=c, s=30, label=f"{t} (n = {sum(map(len, vals))})")
        ax.set_xticks(range(len(years)), [str(y) for y in years])
        _era_lines_between(ax, years)
        ax.set_ylim(0, 103)
        ax.set_ylabel(label("axis.score", lang))
        ax.set_xlabel(label("axis.year", lang) + label("score_distributions.dashed", lang))
        ax.set_title(label("score_distributions.title", lang))
        ax.legend(loc="lower left", fontsize=8, ncols=3)
        return _finish(fig, data, "Ombudsman RI", lang)


def _box_strip(ax, pos, vals, colour):
    """Boxes without fliers at ``pos``, with every value jittered over them."""
    bp = ax.boxplot(vals, positions=pos, widths=0.25 * 0.85, patch_artist=True,
                    showfliers=False, manage_ticks=False)
    for patch in bp["boxes"]:
        patch.set(facecolor=colour, alpha=0.55, edgecolor="black", linewidth=0.6)
    for part in ("medians", "whiskers", "caps"):
        for line in bp[part]:
            line.set(color="black", linewidth=0.7)
    rng = np.random.default_rng(7)
    for p, v in zip(pos, vals, strict=True):
        ax.scatter(p + rng.uniform(-0.08, 0.08, len(v)), v, s=5, color=colour,
                   edgecolor="none", alpha=0.8, zorder=3)


def zone_shares_bars(shares: pd.DataFrame, *, lang: str = "en", note: str | None = None):
    """Stacked bars of the national zone shares per year (official counts).

    Parameters
    ----------
    shares : DataFrame
        Output of :func:`analysis.trends.zone_shares_over_time`.
    lang : {"en", "id"}
    note : str, optional
        What the counts cover (passed by the notebook, e.g. which years have no
        complete national counts); replaces the plain default.

    Returns
    -------
    matplotlib.figure.Figure
    """
    with house_style():
        fig, ax = new_figure(width=7.5, height=4.6)
        x = np.arange(len(shares))
        bottom = np.zeros(len(shares))
        for zone in reversed(ZONE_COLOURS):   # worst zone at the bottom
            v = shares[zone].to_numpy() * 100
            ax.bar(x, v, bottom=bottom, color=ZONE_COLOURS[zone], label=label(f"zone.{zone}", lang),
                   edgecolor="white", width=0.65)
            for xi, b, h in zip(x, bottom, v, strict=True):
                if h >= 4:
                    ax.text(xi, b + h / 2, f"{h:.0f}", ha="center", va="center", fontsize=8,
                            color="white" if zone != "kuning" else "black")
            bottom += v
        starred = shares["basis"] == "from opinion counts"
        labels = [f"{y}\nn = {n}" + ("*" if s else "")
                  for y, n, s in zip(shares["year"], shares["n"], starred, strict=True)]
        ax.set_xticks(x, labels)
        for i in range(len(shares) - 1):
            if shares["era"].iloc[i] != shares["era"].iloc[i + 1]:
                ax.axvline(i + 0.5, color="#333333", linestyle=(0, (4, 3)), linewidth=1)
                ax.text(i + 0.5, 101, label("zone_shares_bars.band_change", lang),
                        ha="center", va="bottom", fontsize=7.5)
        ax.set_ylim(0, 108)
        ax.set_ylabel(label("axis.share", lang))
        ax.set_xlabel(label("axis.year", lang))
        ax.set_title(label("zone_shares_bars.title", lang))
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        text = note or label("zone_shares_bars.note", lang)
        if starred.any():
            text = f"{text}; * " + label("zones_from_opinions", lang)
        add_footer(fig, source_line(shares, "Ombudsman RI", lang), text, lang=lang)
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
        ax.set_ylabel(label("ceiling_plot.y", lang, threshold=threshold))
        ax.set_xlabel(label("axis.year", lang))
        ax.set_title(label("ceiling_plot.title", lang, threshold=threshold))
        ax.legend(loc="upper left", fontsize=8)
        add_footer(fig, published(lang), _join(label("ceiling_plot.note", lang), coverage,
                                         extra_first=True), lang=lang)
        return fig


def pekppp_categories(pekppp: pd.DataFrame, *, lang: str = "en", note: str | None = None):
    """Count PEKPPP values per category (derived from the index), by year and assessor.

    Parameters
    ----------
    pekppp : DataFrame
        Rows of the ``pekppp`` table.
    lang : {"en", "id"}
    note : str, optional
        A remark on the values (passed by the notebook), added to the footer.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from analysis.plots.style import CATEGORY_COLOURS
    from analysis.scales import category_floors, pekppp_band

    with house_style():
        floors = category_floors()
        low = min(lo for lo, _ in floors)            # below it no band is known
        banded = pekppp["ipp"].round(2) >= low
        data = pekppp[pekppp["ipp"].notna() & banded].copy()
        data["derived"] = pekppp_band(data["ipp"].to_numpy())["category"].astype(str).to_numpy()
        groups = data.groupby(["year", "assessor"], observed=True)
        keys = list(groups.groups)
        # wide enough for two-line ticks ("2025" over "evaluasi") side by side
        fig, ax = new_figure(width=max(7.5, 2.2 + 0.62 * len(keys)), height=4.4)
        x = np.arange(len(keys))
        bottom = np.zeros(len(keys))
        for _, c in reversed(floors):                # lowest category at the bottom
            v = np.array([int((groups.get_group(k)["derived"] == c).sum()) for k in keys])
            ax.bar(x, v, bottom=bottom, color=CATEGORY_COLOURS[c], label=c, edgecolor="white")
            bottom += v
        ax.set_xticks(x, [f"{y}\n" + label(f"assessor_short.{a}", lang) for y, a in keys],
                      fontsize=8.5)
        ax.set_ylabel(label("axis.count", lang))
        ax.set_xlabel(label("pekppp_categories.x", lang))
        ax.set_title(label("pekppp_categories.title", lang))
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(handles[::-1], labels[::-1], title=label("pekppp_categories.legend", lang),
                  loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        n_low = int((pekppp["ipp"].round(2) < low).sum())
        own = label("pekppp_categories.note", lang, n=len(data), n_low=n_low,
                    low=number(low, lang, ".2f"))
        add_footer(fig, source_line(pekppp, "KemenPAN-RB", lang), _join(own, note), lang=lang)
        return fig


def zone_share_lines(shares: pd.DataFrame, *, lang: str = "en", note: str | None = None):
    """National zone shares as lines, one segment per method era (no line crosses a break).

    Parameters
    ----------
    shares : DataFrame
        Output of :func:`analysis.trends.zone_shares_over_time`.
    lang : {"en", "id"}
    note : str, optional
        What changed between the eras shown (passed by the notebook, e.g. the
        zone cut-offs of each year); the footer says only that lines stay
        within an era when it is not given.

    Returns
    -------
    matplotlib.figure.Figure
    """
    with house_style():
        fig, ax = new_figure(width=7.5, height=4.4)
        zones = list(ZONE_COLOURS)
        for zone in zones:
            first = True
            for _, g in shares.groupby("era", sort=True):
                ax.plot(g["year"], g[zone] * 100, marker="o", color=ZONE_COLOURS[zone],
                        label=label(f"zone.{zone}", lang) if first else None, linewidth=2)
                first = False
        ax.set_ylim(0, 100)
        for r in shares.itertuples():
            _point_labels(ax, r.year, {z: getattr(r, z) * 100 for z in zones},
                          prefer={zones[1]: "below"})
        _era_lines(ax, shares["year"].tolist() + [shares["year"].min() - 1], lang)
        ax.set_xticks(sorted(shares["year"]))
        ax.set_ylim(0, 100)
        ax.set_ylabel(label("axis.share", lang))
        ax.set_xlabel(label("axis.year", lang))
        ax.set_title(label("zone_share_lines.title", lang))
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8)
        add_footer(fig, source_line(shares, "Ombudsman RI", lang),
                   note or label("zone_share_lines.note", lang), lang=lang)
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
