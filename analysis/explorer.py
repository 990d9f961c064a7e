"""Interactive exploration in JupyterLab: pick an instrument, a year, a type, a province, an entity.

The logic lives in plain functions that return DataFrames and figures (and are
unit-tested); :func:`explore` only wires them to ipywidgets. It works on the
curated tables or on a user's own table from :func:`analysis.read_scores`
(alone or combined with the curated data by :func:`analysis.importing.combine`).

Every function that takes an entity accepts any spelling that
:func:`analysis.regions.canonical_name` accepts ("Kab. Banjarnegara",
"pemkab banjarnegara").
"""

from __future__ import annotations

import html

import pandas as pd

from analysis.errors import DataError
from analysis.plots.history import history_figure

__all__ = ["entity_history", "peer_rank", "published_rank", "self_ministry_gap",
           "rows_behind", "history_figure", "rows_html", "entity_choices", "filter_options",
           "resolve_entity", "Explorer", "explore", "DEFAULT_ENTITY", "ALL"]

_VALUE = {"ombudsman": "score", "pekppp": "ipp"}

#: the entity the explorer opens on when the data has it
DEFAULT_ENTITY = "Kabupaten Banjarnegara"

#: the value of a filter that does not filter ("all years", "all types", ...)
ALL = "all"

# plain labels for the explorer's controls, English and Indonesian side by side
_LABELS = {
    "en": {
        "instrument": {"ombudsman": "Ombudsman compliance", "pekppp": "PEKPPP index"},
        "entity_type": {"kementerian": "Ministry (kementerian)", "lembaga": "Agency (lembaga)",
                        "provinsi": "Province (provinsi)", "kota": "City (kota)",
                        "kabupaten": "Regency (kabupaten)"},
        "all_years": "all years", "all_types": "all types", "all_provinces": "all provinces",
        "Instrument": "Instrument", "Year": "Year", "Type": "Type", "Province": "Province",
        "Entity": "Entity",
        "gone": "{entity} has no published {what} that fits these filters ({filters}). "
                "Choose another entity from the list, or widen the filters.",
        "none": "No entity has a published {what} that fits these filters ({filters}).",
        "what": {"ombudsman": "Ombudsman compliance score", "pekppp": "PEKPPP index value"},
        "rank": "{year}: {score:g} points, {rank} of {n} published {kind} scores in this data "
                "for {year} (a sample of what was printed, not the official ranking).",
        "printed_rank": " Printed rank: {rank}{of} ({scope}).",
        "no_score_year": "{entity} has no published score for {year}.",
    },
    "id": {
        "instrument": {"ombudsman": "Kepatuhan Ombudsman", "pekppp": "Indeks PEKPPP"},
        "entity_type": {"kementerian": "Kementerian", "lembaga": "Lembaga",
                        "provinsi": "Provinsi", "kota": "Kota", "kabupaten": "Kabupaten"},
        "all_years": "semua tahun", "all_types": "semua jenis", "all_provinces": "semua provinsi",
        "Instrument": "Instrumen", "Year": "Tahun", "Type": "Jenis", "Province": "Provinsi",
        "Entity": "Instansi",
        "gone": "{entity} tidak memiliki {what} yang dipublikasikan untuk filter ini "
                "({filters}). Pilih instansi lain dari daftar, atau longgarkan filter.",
        "none": "Tidak ada instansi dengan {what} yang dipublikasikan untuk filter ini "
                "({filters}).",
        "what": {"ombudsman": "nilai kepatuhan Ombudsman", "pekppp": "nilai indeks PEKPPP"},
        "rank": "{year}: {score:g} poin, urutan {rank} dari {n} nilai {kind} yang "
                "dipublikasikan dalam data ini untuk {year} (sampel dari yang dimuat, bukan "
                "peringkat resmi).",
        "printed_rank": " Peringkat yang dimuat: {rank}{of} ({scope}).",
        "no_score_year": "{entity} tidak memiliki nilai yang dipublikasikan untuk {year}.",
    },
}


def _check_instrument(instrument):
    if instrument not in _VALUE:
        raise DataError.plain(f"unknown instrument {instrument!r}", "use 'ombudsman' or 'pekppp'")


def _valued(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows that carry a value (score or index): what the explorer can show."""
    value = "score" if "score" in frame else "ipp"
    return frame[frame[value].notna()]


def resolve_entity(frame: pd.DataFrame, entity: str) -> str:
    """Return the name ``frame`` uses for ``entity``, accepting any common spelling.

    An exact name of the table is taken as it is; anything else goes through
    :func:`analysis.regions.canonical_name` ("Kab. Banjarnegara" ->
    "Kabupaten Banjarnegara").

    Raises
    ------
    analysis.DataError
        When the spelling names no known entity (with the nearest candidates).
    """
    names = set(frame["entity"].astype(str).unique())
    if entity in names:
        return entity
    from analysis.regions import canonical_name

    return canonical_name(entity)


def filter_options(frame: pd.DataFrame, *, year=None, entity_type=None) -> dict:
    """Years, types and provinces that have a published value, given the other filters.

    Returns
    -------
    dict
        ``years`` (sorted ints), ``entity_types`` (in the order of
        ``analysis.scales``' entity types) and ``provinces`` (sorted names), each
        drawn only from rows that carry a value.
    """
    from analysis.scales import entity_types

    f = _valued(frame)
    years = sorted(int(y) for y in f["year"].dropna().unique())
    if year is not None:
        f = f[f["year"] == year]
    present = set(f["entity_type"].astype(str))
    kinds = [t for t in entity_types() if t in present]
    if entity_type is not None:
        f = f[f["entity_type"].astype(str) == entity_type]
    provinces = sorted(f["province"].dropna().astype(str).unique())
    return {"years": years, "entity_types": kinds, "provinces": provinces}


def entity_choices(frame: pd.DataFrame, *, year=None, entity_type=None, province=None) -> list:
    """Entities with a published value matching the filters, sorted (the explorer's list)."""
    f = _valued(frame)
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
    entity = resolve_entity(frame, entity)
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

    entity = resolve_entity(frame, entity)
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

    entity = resolve_entity(pekppp, entity)
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
    entity = resolve_entity(frame, entity)
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


def published_rank(frame: pd.DataFrame, entity: str, year: int) -> pd.Series:
    """Where an entity's score stands among the published scores of its type in one year.

    This is a position within the sample this table holds (what the press and
    regional offices printed), not the official ranking; the printed rank, when
    the source gave one, is returned beside it with its scope.

    Returns
    -------
    Series
        ``entity``, ``year``, ``entity_type``, ``score``, ``rank`` (1 = highest,
        ties share the best rank), ``n`` (published scores of that type and
        year), ``printed_rank``, ``printed_rank_of``, ``printed_rank_scope``.

    Raises
    ------
    analysis.DataError
        When the entity has no score in that year.
    """
    entity = resolve_entity(frame, entity)
    f = frame[(frame["year"] == year) & frame["score"].notna()]
    row = f[f["entity"].astype(str) == entity]
    if row.empty:
        raise DataError.plain(f"no published score for {entity!r} in {year}",
                              "pick a year in which the entity has a score")
    r = row.iloc[0]
    kind = str(r["entity_type"])
    peers = f[f["entity_type"].astype(str) == kind]
    score = float(r["score"])
    rank = int((peers["score"].astype(float) > score).sum()) + 1

    def _get(col):
        v = r[col] if col in r.index else None
        return None if v is None or pd.isna(v) else v

    return pd.Series({"entity": entity, "year": int(year), "entity_type": kind,
                      "score": score, "rank": rank, "n": int(len(peers)),
                      "printed_rank": _get("rank"), "printed_rank_of": _get("rank_of"),
                      "printed_rank_scope": _get("rank_scope")})


class Explorer:
    """The explorer's state and widgets; :func:`explore` builds one.

    Every control is an attribute (``instrument``, ``year``, ``kind``,
    ``province``, ``entity``), and so is every part of the view (``message``,
    ``chart`` — an image widget holding the PNG of the history chart —
    ``rank``, ``pairs`` and ``rows``), so a script or a test can set values and
    read what the explorer shows. Displayed in a notebook it is the widget box
    :attr:`box`.

    Behaviour: it opens on :data:`DEFAULT_ENTITY` (or the first entity) with
    its chart; every filter change redraws; the chosen entity stays chosen
    while it fits the filters, and when it no longer does the explorer says so
    in words instead of jumping to another entity; the lists offer only years,
    types and provinces with a published value for the chosen instrument.
    """

    def __init__(self, ombudsman: pd.DataFrame, pekppp: pd.DataFrame, lang: str = "en",
                 entity: str | None = None):
        import ipywidgets as w

        if lang not in _LABELS:
            raise DataError.plain(f"unknown language {lang!r}", "use 'en' or 'id'")
        self.lang = lang
        self.text = _LABELS[lang]
        self.data = {"ombudsman": ombudsman, "pekppp": pekppp}
        t = self.text
        self.instrument = w.ToggleButtons(
            options=[(t["instrument"][k], k) for k in ("ombudsman", "pekppp")],
            value="ombudsman", description=t["Instrument"], style={"button_width": "190px"})
        self.year = w.Dropdown(description=t["Year"])
        self.kind = w.Dropdown(description=t["Type"])
        self.province = w.Dropdown(description=t["Province"])
        self.entity = w.Dropdown(description=t["Entity"], layout=w.Layout(width="420px"))
        self.message = w.HTML()
        self.chart = w.Image(format="png", layout=w.Layout(max_width="700px"))
        self.rank = w.HTML()
        self.pairs = w.HTML()
        self.rows = w.HTML()
        self.units = w.HTML()
        self.box = w.VBox([self.instrument, w.HBox([self.year, self.kind, self.province]),
                           self.entity, self.message, self.chart, self.rank, self.pairs,
                           self.units, self.rows])
        self._busy = False
        self._wanted = None             # the entity the user chose last
        if entity is not None:
            wanted = resolve_entity(self.frame, entity)
        elif DEFAULT_ENTITY in entity_choices(self.frame):
            wanted = DEFAULT_ENTITY
        else:
            wanted = None            # a user's own table without it: open on its first entity
        self._refresh(wanted=wanted)
        for control in (self.instrument, self.year, self.kind, self.province):
            control.observe(self._on_filter, "value")
        self.entity.observe(self._on_entity, "value")

    # -- state -------------------------------------------------------------
    @property
    def frame(self) -> pd.DataFrame:
        """The table of the chosen instrument."""
        return self.data[self.instrument.value]

    def _filters_text(self) -> str:
        t = self.text
        year, kind, province = self.filters()
        parts = [t["instrument"][self.instrument.value],
                 str(year) if year is not None else t["all_years"]]
        if kind is not None:
            parts.append(t["entity_type"].get(kind, kind))
        if province is not None:
            parts.append(province)
        return ", ".join(parts)

    def filters(self) -> tuple:
        """Return the chosen year, type and province (None where the filter is "all")."""
        return tuple(None if c.value == ALL else c.value
                     for c in (self.year, self.kind, self.province))

    def _set_options(self, control, options, none_label):
        current = control.value
        values = [v for _, v in options]
        control.options = [(none_label, ALL)] + options
        control.value = current if current in values else ALL

    def _refresh(self, wanted=None):
        """Recompute the lists from the filters, keep the entity if it fits, redraw."""
        self._busy = True
        try:
            t = self.text
            f = self.frame
            opts = filter_options(f)
            self._set_options(self.year, [(str(y), y) for y in opts["years"]], t["all_years"])
            year, _, _ = self.filters()
            opts = filter_options(f, year=year)
            self._set_options(self.kind, [(t["entity_type"].get(k, k), k)
                                          for k in opts["entity_types"]], t["all_types"])
            year, kind, _ = self.filters()
            opts = filter_options(f, year=year, entity_type=kind)
            self._set_options(self.province, [(p, p) for p in opts["provinces"]],
                              t["all_provinces"])
            year, kind, province = self.filters()
            choices = entity_choices(f, year=year, entity_type=kind, province=province)
            wanted = wanted or self._wanted
            self.entity.options = choices
            if wanted in choices:
                self.entity.value = wanted
            elif wanted is None and choices:
                self.entity.value = choices[0]
            else:
                self.entity.value = None
            self._wanted = wanted if wanted is not None else self.entity.value
        finally:
            self._busy = False
        self.show()

    def _on_filter(self, change):
        if not self._busy:
            self._refresh()

    def _on_entity(self, change):
        if self._busy or change["new"] is None:
            return
        self._wanted = change["new"]
        self.show()

    # -- view --------------------------------------------------------------
    def _clear(self):
        self.chart.value = b""
        self.chart.layout.display = "none"
        for part in (self.rank, self.pairs, self.rows, self.units):
            part.value = ""

    def show(self):
        """Redraw the view for the current controls (called on every change)."""
        t = self.text
        instrument = self.instrument.value
        entity = self.entity.value
        self._clear()
        if entity is None:
            what = t["what"][instrument]
            if self._wanted:
                self.message.value = "<p>" + html.escape(t["gone"].format(
                    entity=self._wanted, what=what, filters=self._filters_text())) + "</p>"
            else:
                self.message.value = "<p>" + html.escape(t["none"].format(
                    what=what, filters=self._filters_text())) + "</p>"
            return
        self.message.value = ""
        from analysis.plots.style import figure_png

        f = self.frame
        hist = entity_history(f, entity, instrument)
        fig = history_figure(hist, entity, instrument, lang=self.lang)
        self.chart.value = figure_png(fig)
        self.chart.layout.display = None
        year = self.filters()[0]
        if instrument == "ombudsman" and year is not None:
            try:
                r = published_rank(f, entity, year)
                kind = t["entity_type"].get(r["entity_type"], r["entity_type"])
                text = t["rank"].format(year=r["year"], score=r["score"], rank=r["rank"],
                                        n=r["n"], kind=kind)
                if r["printed_rank"] is not None:
                    of = f"/{int(r['printed_rank_of'])}" if r["printed_rank_of"] else ""
                    text += t["printed_rank"].format(rank=int(r["printed_rank"]), of=of,
                                                     scope=r["printed_rank_scope"] or "")
            except DataError:
                text = t["no_score_year"].format(entity=entity, year=year)
            self.rank.value = f"<p>{html.escape(text)}</p>"
        if instrument == "pekppp":
            gap = self_ministry_gap(f, entity)
            if len(gap):
                self.pairs.value = gap[["year", "self", "ministry", "diff"]].to_html(index=False)
        units = _entity_units(entity, instrument, self.lang)
        if len(units):
            self.units.value = units.to_html(index=False, na_rep="")
        self.rows.value = rows_html(rows_behind(f, entity))

    def _repr_mimebundle_(self, **kwargs):
        return self.box._repr_mimebundle_(**kwargs)


def _entity_units(entity: str, instrument: str, lang: str = "en") -> pd.DataFrame:
    """Return the entity's service units of one instrument (from the curated unit tables)."""
    from analysis.profiles import units_of

    units = units_of(entity, lang=lang)
    units = units[units["instrument"] == instrument]
    keep = ["year", "assessor", "unit", "label", "value", "printed_label", "source_id"]
    if instrument == "ombudsman":
        keep.remove("assessor")
    return units[keep]


def explore(ombudsman: pd.DataFrame | None = None, pekppp: pd.DataFrame | None = None, *,
            entity: str | None = None, lang: str = "en") -> Explorer:
    """Open the explorer (ipywidgets) on the curated data or on tables you pass.

    Parameters
    ----------
    ombudsman, pekppp : DataFrame, optional
        Tables in the schema of ``analysis.load``; for example a user's own
        table from :func:`analysis.read_scores`, or one combined with the
        curated data. Default: the curated tables.
    entity : str, optional
        The entity to open on, in any common spelling (default
        :data:`DEFAULT_ENTITY` when the data has it).
    lang : {"en", "id"}
        Language of the controls, messages and chart.

    Returns
    -------
    Explorer
        Display it in JupyterLab (make it the value of the cell).

    Examples
    --------
    >>> import analysis
    >>> ex = analysis.explore()                     # doctest: +SKIP
    >>> ex.year.value = 2024                        # doctest: +SKIP
    >>> ex.rank.value                               # doctest: +SKIP
    """
    from analysis.loading import load

    return Explorer(load("ombudsman") if ombudsman is None else ombudsman,
                    load("pekppp") if pekppp is None else pekppp, lang=lang, entity=entity)
