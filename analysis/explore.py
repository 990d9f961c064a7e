"""Interactive exploration in JupyterLab: pick an instrument, a year, a type, a province, an entity.

The logic lives in plain functions that return DataFrames and figures (and are
unit-tested); :func:`explore` only wires them to ipywidgets. It works on the
curated tables or on a user's own table from :func:`analysis.read_scores`
(alone or combined with the curated data by :func:`analysis.importing.combine`).
"""

from __future__ import annotations

import html

import pandas as pd

from analysis.errors import DataError

__all__ = ["entity_history", "peer_rank", "self_ministry_gap", "rows_behind",
           "history_figure", "rows_html", "entity_choices", "explore"]

_VALUE = {"ombudsman": "score", "pekppp": "ipp"}


def _check_instrument(instrument):
    if instrument not in _VALUE:
        raise DataError.plain(f"unknown instrument {instrument!r}", "use 'ombudsman' or 'pekppp'")


def entity_choices(frame: pd.DataFrame, *, year=None, entity_type=None, province=None) -> list:
    """Entities of ``frame`` matching the filters, sorted (the explorer's entity list)."""
    f = frame
    if year is not None:
        f = f[f["year"] == year]
    if entity_type is not None:
        f = f[f["entity_type"].astype(str) == entity_type]
    if province is not None:
        f = f[f["province"].astype("string") == province]
    return sorted(f["entity"].astype(str).unique())


def entity_history(frame: pd.DataFrame, entity: str, instrument: str = "ombudsman"
                   ) -> pd.DataFrame:
    """Every row of one entity, by year, with the official band of its value.

    Returns
    -------
    DataFrame
        ``year``, the value column (``score`` or ``ipp``), ``assessor`` (PEKPPP),
        the printed label (``zone`` or ``category``), ``official`` (the band
        of the value under the rules of its year; empty where none is known),
        ``era``, ``source_id``.
    """
    from analysis.scales import method_era, ombudsman_band, pekppp_band

    _check_instrument(instrument)
    value = _VALUE[instrument]
    rows = frame[frame["entity"].astype(str) == entity].sort_values("year").copy()
    if rows.empty:
        raise DataError.plain(f"no rows for {entity!r}",
                              "pick an entity from entity_choices(frame)")
    official = []
    for r in rows.itertuples():
        v = getattr(r, value)
        try:
            if pd.isna(v):
                official.append("")
            elif instrument == "ombudsman":
                official.append(ombudsman_band(float(v), int(r.year)).zone or "")
            else:
                official.append(pekppp_band(float(v)).category or "")
        except DataError:
            official.append("")
    out = pd.DataFrame({"year": rows["year"].astype(int).to_numpy(),
                        value: rows[value].astype(float).to_numpy()})
    if instrument == "pekppp":
        out["assessor"] = rows["assessor"].astype(str).to_numpy()
        out["printed"] = rows["category"].astype("string").to_numpy()
    else:
        out["printed"] = rows["zone"].astype("string").to_numpy()
    out["official"] = official
    out["era"] = method_era(instrument, out["year"].to_numpy())
    out["source_id"] = rows["source_id"].astype(str).to_numpy()
    return out.reset_index(drop=True)


def peer_rank(frame: pd.DataFrame, entity: str, year: int, n_users: int | None = None
              ) -> pd.Series:
    """Rank of an entity among the same type in the same year, with a 90% interval.

    The interval assumes measurement error calibrated on test-retest
    correlations (:func:`analysis.ranking.rank_intervals`); ``n_users`` is
    ignored and kept for old calls.

    Returns
    -------
    Series
        ``entity``, ``year``, ``entity_type``, ``score``, ``rank``, ``rank_low``,
        ``rank_high``, ``n_ranked`` (see :func:`analysis.ranking.rank_intervals`).
    """
    from analysis.ranking import rank_intervals

    row = frame[(frame["entity"].astype(str) == entity) & (frame["year"] == year)]
    if row.empty or row["score"].isna().all():
        raise DataError.plain(f"no score for {entity!r} in {year}",
                              "pick a year in which the entity has a score")
    kind = str(row["entity_type"].iloc[0])
    peers = frame[(frame["year"] == year) & (frame["entity_type"].astype(str) == kind)]
    ranks = rank_intervals(peers, n_users=n_users)
    return ranks[ranks["entity"] == entity].iloc[0]


def self_ministry_gap(pekppp: pd.DataFrame, entity: str) -> pd.DataFrame:
    """Return the entity's self-assessment against the ministry's evaluation, where both exist."""
    from analysis.agreement import self_vs_ministry

    pairs = self_vs_ministry(pekppp)
    return pairs[pairs["entity"] == entity].reset_index(drop=True)


def rows_behind(frame: pd.DataFrame, entity: str, sources: pd.DataFrame | None = None
                ) -> pd.DataFrame:
    """Return the rows behind the view with their source's publisher, title and address.

    Rows of a user's own table (``source_id`` starting with ``user:``) keep
    their source label and have no address.
    """
    from analysis.loading import load

    sources = load("sources") if sources is None else sources
    rows = frame[frame["entity"].astype(str) == entity].sort_values("year")
    keep = [c for c in ["entity", "year", "assessor", "score", "ipp", "zone", "opinion",
                        "category", "rank", "rank_of", "source_id", "origin"] if c in rows]
    out = rows[keep].merge(sources[["source_id", "publisher", "title", "url"]], on="source_id",
                           how="left")
    return out.reset_index(drop=True)


def rows_html(rows: pd.DataFrame) -> str:
    """Return an HTML table of :func:`rows_behind`, every source address clickable."""
    cells = []
    cols = [c for c in rows.columns if c not in ("url", "title")]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols) + "<th>source</th>"
    for r in rows.itertuples(index=False):
        rec = r._asdict()
        tds = "".join(f"<td>{'' if pd.isna(rec[c]) else html.escape(str(rec[c]))}</td>"
                      for c in cols)
        url, title = rec.get("url"), rec.get("title")
        if isinstance(url, str) and url.startswith("http"):
            link = (f'<a href="{html.escape(url, quote=True)}" target="_blank" '
                    f'rel="noopener">{html.escape(str(title or url))}</a>')
        else:
            link = html.escape(str(rec.get("source_id", "")))
        cells.append(f"<tr>{tds}<td>{link}</td></tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(cells)}</tbody></table>"


def history_figure(history: pd.DataFrame, entity: str, instrument: str = "ombudsman",
                   lang: str = "en"):
    """Score history of one entity over the zone or category bands of each era."""
    from analysis.plots.style import PALETTE, ZONE_COLOURS, add_footer, house_style, new_figure

    _check_instrument(instrument)
    value = _VALUE[instrument]
    with house_style():
        fig, ax = new_figure(width=7.0, height=3.8)
        if instrument == "ombudsman":
            from analysis.scales import eras, zone_spans

            table = eras()
            for r in table[table["instrument"] == "ombudsman"].itertuples():
                spans = zone_spans(r.era)
                x0 = r.first_year - 0.5
                for lo, hi, z in spans:     # eras without published bands draw none
                    ax.fill_between([x0, r.last_year + 0.5 + (r.last_year == 2019)], lo, hi,
                                    color=ZONE_COLOURS[z], alpha=0.12, lw=0)
            ax.set_ylim(0, 100)
            ax.set_ylabel("Compliance score (points, 0-100)" if lang == "en"
                          else "Nilai kepatuhan (poin, 0-100)")
        else:
            from analysis.scales import category_floors

            for lo, c in category_floors():
                ax.axhline(lo, color="#cccccc", lw=0.8)
                ax.text(1.0, lo + 0.02, c, transform=ax.get_yaxis_transform(), fontsize=7)
            ax.set_ylim(2.0, 5.0)
            ax.set_ylabel("PEKPPP index (0-5)" if lang == "en" else "Indeks PEKPPP (0-5)")
        groups = history.groupby("assessor") if "assessor" in history else [(None, history)]
        colours = [PALETTE["blue"], PALETTE["orange"]]
        for k, (who, g) in enumerate(groups):
            for _, seg in g.groupby("era", sort=True):
                ax.plot(seg["year"], seg[value], marker="o", color=colours[k % 2],
                        label=who if who and _ == g["era"].iloc[0] else None)
        years = sorted(history["year"].unique())
        ax.set_xticks(years)
        ax.set_xlim(min(years) - 0.6, max(years) + 0.6)
        ax.set_title(entity)
        if "assessor" in history:
            ax.legend(fontsize=8)
        n = history["source_id"].nunique()
        add_footer(fig, f"{n} source document{'s' if n != 1 else ''}, see the table below",
                   "bands: the zones or categories of each year's rules; lines stop at "
                   "method-era breaks" if lang == "en" else
                   "pita: zona atau kategori menurut aturan tiap tahun", lang=lang)
        return fig


def explore(ombudsman: pd.DataFrame | None = None, pekppp: pd.DataFrame | None = None):
    """Open the explorer (ipywidgets) on the curated data or on tables you pass.

    Parameters
    ----------
    ombudsman, pekppp : DataFrame, optional
        Tables in the schema of ``analysis.load``; for example a user's own
        table from :func:`analysis.read_scores`, or one combined with the
        curated data. Default: the curated tables.

    Returns
    -------
    ipywidgets.VBox
        Display it in JupyterLab (it is the value of the cell).
    """
    import ipywidgets as w
    import matplotlib.pyplot as plt

    from analysis.loading import load

    data = {"ombudsman": load("ombudsman") if ombudsman is None else ombudsman,
            "pekppp": load("pekppp") if pekppp is None else pekppp}
    instrument = w.ToggleButtons(options=["ombudsman", "pekppp"], description="Instrument")
    year = w.Dropdown(description="Year")
    kind = w.Dropdown(description="Type")
    province = w.Dropdown(description="Province")
    entity = w.Dropdown(description="Entity", layout=w.Layout(width="420px"))
    out = w.Output()

    def refresh_filters(*_):
        f = data[instrument.value]
        year.options = [("all", None)] + [(str(y), int(y)) for y in
                                          sorted(f["year"].dropna().unique())]
        kind.options = [("all", None)] + [(t, t) for t in
                                          sorted(f["entity_type"].astype(str).unique())]
        province.options = [("all", None)] + [(p, p) for p in
                                              sorted(f["province"].dropna().astype(str).unique())]
        refresh_entities()

    def refresh_entities(*_):
        f = data[instrument.value]
        entity.options = entity_choices(f, year=year.value, entity_type=kind.value,
                                        province=province.value)

    def show(*_):
        out.clear_output()
        if not entity.value:
            return
        with out:
            from IPython.display import HTML, display

            f = data[instrument.value]
            hist = entity_history(f, entity.value, instrument.value)
            fig = history_figure(hist, entity.value, instrument.value)
            display(fig)
            plt.close("all")
            if instrument.value == "ombudsman" and year.value is not None:
                try:
                    r = peer_rank(f, entity.value, year.value)
                    display(HTML(f"<p>Rank {r['rank']} of {r['n_ranked']} "
                                 f"{r['entity_type']} in the data for {year.value} "
                                 f"(90% interval {r['rank_low']}-{r['rank_high']}).</p>"))
                except DataError as err:
                    display(HTML(f"<p>{html.escape(str(err))}</p>"))
            if instrument.value == "pekppp":
                gap = self_ministry_gap(f, entity.value)
                if len(gap):
                    display(gap[["year", "self", "ministry", "diff"]])
            display(HTML(rows_html(rows_behind(f, entity.value))))

    instrument.observe(refresh_filters, "value")
    for widget in (year, kind, province):
        widget.observe(refresh_entities, "value")
    entity.observe(show, "value")
    refresh_filters()
    return w.VBox([instrument, w.HBox([year, kind, province]), entity, out])
