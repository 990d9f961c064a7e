"""Interactive exploration in JupyterLab: pick an instrument, a year, a type, a province, an entity.

The logic lives in plain functions that return DataFrames and figures (and are
unit-tested); :func:`explore` only wires them to ipywidgets. It works on the
curated tables or on a user's own table from :func:`analysis.read_scores`
(alone or combined with the curated data by :func:`analysis.importing.combine`).

Every function that takes an entity accepts any spelling that
:func:`analysis.regions.canonical_name` accepts ("Kab. Banjarnegara",
"pemkab banjarnegara").

The plain functions live in :mod:`analysis.explorer_logic` and are importable
from here as before.
"""

from __future__ import annotations

import html

import pandas as pd

from analysis.errors import DataError
from analysis.explorer_logic import (
    _entity_units,
    entity_choices,
    entity_history,
    filter_options,
    peer_rank,
    published_rank,
    resolve_entity,
    rows_behind,
    rows_html,
    self_ministry_gap,
)
from analysis.plots.history import history_figure
from analysis.plots.text import LANGS, label, plain_number, reader_frame, value_text

__all__ = ["entity_history", "peer_rank", "published_rank", "self_ministry_gap",
           "rows_behind", "history_figure", "rows_html", "entity_choices", "filter_options",
           "resolve_entity", "Explorer", "explore", "DEFAULT_ENTITY", "ALL"]

#: the entity the explorer opens on when the data has it
DEFAULT_ENTITY = "Kabupaten Banjarnegara"

#: the value of a filter that does not filter ("all years", "all types", ...)
ALL = "all"

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

    Every word it shows (labels, options, status lines, table headers) is a
    row ``explorer.*``, ``column.*`` or ``value.*`` of the label table
    (:mod:`analysis.plots.text`), in English or Indonesian.
    """

    def __init__(self, ombudsman: pd.DataFrame, pekppp: pd.DataFrame, lang: str = "en",
                 entity: str | None = None):
        import ipywidgets as w

        if lang not in LANGS:
            raise DataError.plain(f"unknown language {lang!r}", "use 'en' or 'id'")
        self.lang = lang
        self.data = {"ombudsman": ombudsman, "pekppp": pekppp}
        t = self._t
        self.instrument = w.ToggleButtons(
            options=[(t(f"instrument.{k}"), k) for k in ("ombudsman", "pekppp")],
            value="ombudsman", description=t("control.instrument"),
            style={"button_width": "190px"})
        self.year = w.Dropdown(description=t("control.year"))
        self.kind = w.Dropdown(description=t("control.type"))
        self.province = w.Dropdown(description=t("control.province"))
        self.entity = w.Dropdown(description=t("control.entity"), layout=w.Layout(width="420px"))
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
    def _t(self, key: str, **fmt) -> str:
        """Return the explorer's label ``explorer.<key>`` in its language."""
        return label(f"explorer.{key}", self.lang, **fmt)

    def _type(self, kind: str, where: str = "type") -> str:
        """Return a type code in words (``where``: "type" in a list, "kind" in a sentence)."""
        key = f"{where}.{kind}"
        try:
            return self._t(key)
        except KeyError:
            return kind

    @property
    def frame(self) -> pd.DataFrame:
        """The table of the chosen instrument."""
        return self.data[self.instrument.value]

    def _filters_text(self) -> str:
        t = self._t
        year, kind, province = self.filters()
        parts = [t(f"instrument.{self.instrument.value}"),
                 str(year) if year is not None else t("all_years")]
        if kind is not None:
            parts.append(self._type(kind))
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
            t = self._t
            f = self.frame
            opts = filter_options(f)
            self._set_options(self.year, [(str(y), y) for y in opts["years"]], t("all_years"))
            year, _, _ = self.filters()
            opts = filter_options(f, year=year)
            self._set_options(self.kind, [(self._type(k), k) for k in opts["entity_types"]],
                              t("all_types"))
            year, kind, _ = self.filters()
            opts = filter_options(f, year=year, entity_type=kind)
            self._set_options(self.province, [(p, p) for p in opts["provinces"]],
                              t("all_provinces"))
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
        t = self._t
        instrument = self.instrument.value
        entity = self.entity.value
        self._clear()
        if entity is None:
            what = t(f"what.{instrument}")
            if self._wanted:
                self.message.value = "<p>" + html.escape(t(
                    "gone", entity=self._wanted, what=what, filters=self._filters_text())) + "</p>"
            else:
                self.message.value = "<p>" + html.escape(t(
                    "none", what=what, filters=self._filters_text())) + "</p>"
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
            self.rank.value = f"<p>{html.escape(self.rank_text(entity, year))}</p>"
        if instrument == "pekppp":
            gap = self_ministry_gap(f, entity)
            if len(gap):
                self.pairs.value = reader_frame(gap[["year", "self", "ministry", "diff"]],
                                                self.lang).to_html(index=False)
        units = _entity_units(entity, instrument, self.lang)
        if len(units):
            self.units.value = reader_frame(units, self.lang).to_html(index=False, na_rep="")
        self.rows.value = rows_html(rows_behind(f, entity), lang=self.lang)

    def rank_text(self, entity: str, year: int) -> str:
        """Return the status line of a year: the score's place among its type's scores."""
        f = self.frame
        try:
            r = published_rank(f, entity, year)
        except DataError:
            return self._t("no_score_year", entity=entity, year=year)
        text = self._t("rank", year=r["year"], score=plain_number(r["score"], self.lang),
                       rank=r["rank"], n=r["n"], kind=self._type(r["entity_type"], "kind"))
        if r["printed_rank"] is not None:
            of = f"/{int(r['printed_rank_of'])}" if r["printed_rank_of"] else ""
            scope = value_text("rank_scope", r["printed_rank_scope"] or "", self.lang)
            text += self._t("printed_rank", rank=int(r["printed_rank"]), of=of, scope=scope)
        return text

    def _repr_mimebundle_(self, **kwargs):
        return self.box._repr_mimebundle_(**kwargs)


def explore(ombudsman: pd.DataFrame | None = None, pekppp: pd.DataFrame | None = None, *,
            entity: str | None = None, lang: str | None = None) -> Explorer:
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
    lang : {"en", "id"}, optional
        Language of the controls, messages and chart (default: the
        environment variable ``ANALYSIS_LANG``, else English).

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
    from analysis.errors import check_lang
    from analysis.loading import load

    lang = check_lang(lang)
    return Explorer(load("ombudsman") if ombudsman is None else ombudsman,
                    load("pekppp") if pekppp is None else pekppp, lang=lang, entity=entity)
