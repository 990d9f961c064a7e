"""Everything the data holds about one entity, in one call: :func:`profile`.

A regional analyst asks "what do we know about Kabupaten Banjarnegara?". The
answer is spread over six tables; :func:`profile` gathers it for any common
spelling of the name and says which assessment years have a published value
and which do not.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field

import pandas as pd

from analysis.errors import DataError, check_lang
from analysis.plots.text import label, reader_frame

__all__ = ["Profile", "profile", "units_of", "citation"]

@dataclass
class Profile:
    """One entity's rows from every table (see :func:`profile`).

    Attributes
    ----------
    entity : str
        Canonical name.
    entity_type, province, region_code : str or None
        From ``data/regions.csv`` (None for ministries and agencies).
    ombudsman, pekppp, self_vs_ministry, units, sources, coverage : DataFrame
        Described in :func:`profile`.
    """

    entity: str
    entity_type: str | None
    province: str | None
    region_code: str | None
    ombudsman: pd.DataFrame
    pekppp: pd.DataFrame
    self_vs_ministry: pd.DataFrame
    units: pd.DataFrame
    sources: pd.DataFrame
    coverage: pd.DataFrame
    lang: str = "en"
    _figures: dict = field(default_factory=dict, repr=False)

    def years(self, instrument: str = "ombudsman", published: bool = True) -> list[int]:
        """Assessment years with (or, with ``published=False``, without) a published value."""
        c = self.coverage[self.coverage["instrument"] == instrument]
        return [int(y) for y in c.loc[c["published"] == published, "year"]]

    def coverage_text(self, instrument: str = "ombudsman") -> str:
        """One sentence: the years with a value and the years without."""
        have, lack = self.years(instrument, True), self.years(instrument, False)
        parts = []
        if have:
            parts.append(label("profile.found", self.lang, years=_span_text(have)))
        if lack:
            parts.append(label("profile.missing", self.lang, years=_span_text(lack)))
        return "; ".join(parts)

    def history_figure(self, instrument: str = "ombudsman"):
        """Return the history chart over each year's official bands (None without values)."""
        from analysis.explorer import entity_history
        from analysis.plots.history import history_figure

        frame = self.ombudsman if instrument == "ombudsman" else self.pekppp
        value = "score" if instrument == "ombudsman" else "ipp"
        if frame.empty or frame[value].isna().all():
            return None
        rows = frame.assign(entity=self.entity)
        hist = entity_history(rows, self.entity, instrument)
        return history_figure(hist, self.entity, instrument, lang=self.lang)

    def to_frame(self) -> pd.DataFrame:
        """Every row of this entity in one long table (instrument, year, …), for a CSV."""
        parts = [self.ombudsman.assign(instrument="ombudsman", level="entity"),
                 self.pekppp.assign(instrument="pekppp", level="entity"),
                 self.units.assign(level="unit")]
        parts = [p for p in parts if len(p)]
        if not parts:
            return pd.DataFrame(columns=["instrument", "level", "year"])
        out = pd.concat(parts, ignore_index=True)
        first = ["instrument", "level", "year"]
        return out[first + [c for c in out.columns if c not in first]]

    def __repr__(self) -> str:
        lang = self.lang
        lines = [label("profile.title", lang, entity=self.entity)]
        for k in ("ombudsman", "pekppp"):
            lines.append(f"  {label(f'profile.{k}', lang)}: {self.coverage_text(k)}")
        lines.append("  " + label("profile.counts", lang, n=len(self.units), m=len(self.sources)))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from analysis.plots.style import figure_png

        lang = self.lang

        def t(key, **fmt):
            return label(f"profile.{key}", lang, **fmt)

        esc = html.escape
        out = [f"<div class='analysis-profile' lang='{lang}'><h3>{esc(self.entity)}</h3>",
               f"<p><em>{esc(t('sample'))}</em></p>"]
        for instrument, frame in (("ombudsman", self.ombudsman), ("pekppp", self.pekppp)):
            out.append(f"<h4>{esc(t(instrument))}</h4>")
            out.append(f"<p>{esc(self.coverage_text(instrument))}</p>")
            fig = self.history_figure(instrument)
            if fig is not None:
                png = base64.b64encode(figure_png(fig)).decode("ascii")
                out.append(f"<img alt='{esc(self.entity)}: {esc(t(instrument))}' "
                           f"style='max-width:100%' src='data:image/png;base64,{png}'>")
            if len(frame):
                out.append(_table_html(frame.drop(columns=["url"], errors="ignore"), lang))
        if len(self.self_vs_ministry):
            out.append(f"<h4>{esc(t('self_vs_ministry'))}</h4>")
            out.append(_table_html(self.self_vs_ministry, lang))
        if len(self.units):
            out.append(f"<h4>{esc(t('units'))}</h4>")
            out.append(_table_html(self.units.drop(columns=["entity"], errors="ignore"), lang))
        out.append(f"<h4>{esc(t('sources'))}</h4><ul>")
        for s in self.sources.itertuples(index=False):
            date = "" if pd.isna(s.published) else f", {str(s.published)[:10]}"
            name = f"{esc(str(s.publisher))}: <cite>{esc(str(s.title))}</cite>{esc(date)}"
            url = s.url if isinstance(s.url, str) and s.url.startswith("http") else None
            out.append(f"<li><a href='{esc(url, quote=True)}'>{name}</a></li>" if url
                       else f"<li>{name}</li>")
        out.append("</ul>")
        out.append(f"<p>{t('cite', cite=citation(lang, markup=True))}</p></div>")
        return "".join(out)


def citation(lang: str = "en", markup: bool = False) -> str:
    """Return how to cite the data, in ``lang`` (in English, :func:`analysis.cite`'s text).

    Parameters
    ----------
    lang : {"en", "id"}
    markup : bool
        HTML, the data's title (a name, kept as published) in ``<cite>``.
    """
    from analysis.loading import data_version, descriptor

    title = descriptor()["title"]
    if markup:            # the label's own words hold no HTML character (a test checks)
        title = f"<cite>{html.escape(title)}</cite>"
    return label("profile.citation", lang, title=title, version=data_version())


def _span_text(years: list[int]) -> str:
    """2015, 2016, 2017, 2019 -> '2015-2017, 2019'."""
    runs, start, prev = [], None, None
    for y in sorted(years):
        if start is None:
            start = prev = y
        elif y == prev + 1:
            prev = y
        else:
            runs.append((start, prev))
            start = prev = y
    if start is not None:
        runs.append((start, prev))
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _table_html(frame: pd.DataFrame, lang: str = "en") -> str:
    """Return a table as a reader sees it: headers and coded values in ``lang``."""
    return reader_frame(frame, lang).to_html(index=False, na_rep="", border=0,
                                             classes="analysis-table")


def _official_zone(score, year, on_scale: bool) -> tuple[str | None, str | None]:
    """Zone and opinion of one score under its year's rules (None where no band applies).

    ``on_scale``: whether the row is on the 0-100 scale the bands read
    (:func:`analysis.scales.on_standard_scale`).
    """
    from analysis.scales import ombudsman_band

    if not on_scale:
        return None, None
    try:
        band = ombudsman_band(float(score), int(year))
    except DataError:
        return None, None
    return band.zone, band.opinion


def _official_category(ipp) -> str | None:
    from analysis.scales import pekppp_band

    if pd.isna(ipp):
        return None
    try:
        return pekppp_band(float(ipp)).category
    except DataError:
        return None


def units_of(entity: str, lang: str = "en") -> pd.DataFrame:
    """Return an entity's published service-unit values, both instruments.

    A thin alias of :func:`analysis.units.entity_units` (the module that owns
    the unit rules), kept for the explorer and profiles.

    Returns
    -------
    DataFrame
        ``instrument``, ``entity``, ``year``, ``era``, ``assessor``, ``unit``
        (as printed), ``unit_type``, ``label``, ``value``, ``scale``,
        ``printed_label``, ``source_id`` (see :func:`analysis.units.entity_units`).
    """
    from analysis.units import entity_units

    return entity_units(entity, lang=lang)


def _ombudsman_rows(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    cols = ["year", "score", "zone", "official_zone", "opinion", "official_opinion", "grade",
            "rank", "rank_of", "rank_scope", "rank_in_province", "rank_in_province_of",
            "era", "source_id", "publisher", "url"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    from analysis.scales import method_era, on_standard_scale

    rows = rows.sort_values(["year", "source_id"]).copy()
    official = [_official_zone(s, y, ok) for s, y, ok in
                zip(rows["score"], rows["year"], on_standard_scale(rows), strict=True)]
    rows["official_zone"] = pd.array([o[0] for o in official], dtype="string")
    rows["official_opinion"] = pd.array([o[1] for o in official], dtype="string")
    rows["era"] = method_era("ombudsman", rows["year"].astype(int).to_numpy())
    rows = rows.merge(sources[["source_id", "publisher", "url"]], on="source_id", how="left")
    return rows.reindex(columns=cols).reset_index(drop=True)


def _pekppp_rows(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    cols = ["year", "assessor", "ipp", "category", "official_category", "predicate", "rank",
            "rank_of", "rank_scope", "source_id", "publisher", "url"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    rows = rows.sort_values(["year", "assessor"]).copy()
    rows["official_category"] = pd.array([_official_category(v) for v in rows["ipp"]],
                                         dtype="string")
    rows = rows.merge(sources[["source_id", "publisher", "url"]], on="source_id", how="left")
    return rows.reindex(columns=cols).reset_index(drop=True)


def _coverage(om: pd.DataFrame, pk: pd.DataFrame) -> pd.DataFrame:
    from analysis.scales import assessment_years

    out = []
    for instrument, frame, value in (("ombudsman", om, "score"), ("pekppp", pk, "ipp")):
        valued = frame[frame[value].notna()] if len(frame) else frame
        have = {int(y) for y in valued["year"]} if len(valued) else set()
        labelled = {int(y) for y in frame["year"]} if len(frame) else set()
        for y in assessment_years(instrument):
            out.append({"instrument": instrument, "year": y, "published": y in have,
                        "label_only": y in labelled - have})
    return pd.DataFrame(out)


def profile(name: str, lang: str | None = None, *, ombudsman: pd.DataFrame | None = None,
            pekppp: pd.DataFrame | None = None) -> Profile:
    """Everything the data holds about one entity, for any common spelling of its name.

    Parameters
    ----------
    name : str
        Any spelling :func:`analysis.regions.canonical_name` accepts
        ("Kab. Banjarnegara", "pemkab banjarnegara", "Kemlu").
    lang : {"en", "id"}, optional
        Language of the profile's text and chart (default: the environment
        variable ``ANALYSIS_LANG``, else English).
    ombudsman, pekppp : DataFrame, optional
        Your own tables (from :func:`analysis.read_scores`) instead of the
        curated ones.

    Returns
    -------
    Profile
        ``.entity`` (canonical name) and DataFrames:

        - ``ombudsman``: ``year``, ``score``, ``zone`` (printed),
          ``official_zone`` and ``official_opinion`` (under that year's rules;
          empty where no band applies: 2025, scores on the 0-110 scale),
          ``opinion`` and ``grade`` (printed), ``rank``, ``rank_of``,
          ``rank_scope``, ``rank_in_province``, ``rank_in_province_of``,
          ``era``, ``source_id``, ``publisher``, ``url``;
        - ``pekppp``: ``year``, ``assessor``, ``ipp``, ``category`` (printed),
          ``official_category``, ``predicate``, ``rank``, ``rank_of``,
          ``rank_scope``, ``source_id``, ``publisher``, ``url``;
        - ``self_vs_ministry``: see :func:`analysis.agreement.self_vs_ministry`;
        - ``units``: see :func:`units_of`;
        - ``sources``: ``source_id``, ``publisher``, ``title``, ``url``,
          ``published``, ``accessed`` of every document behind a row;
        - ``coverage``: ``instrument``, ``year`` (every assessment year),
          ``published`` (a value was found), ``label_only`` (only a zone or
          opinion was printed).

    Raises
    ------
    analysis.DataError
        When the name matches no known entity (with the nearest candidates).

    Examples
    --------
    >>> import analysis
    >>> p = analysis.profile("Kab. Banjarnegara")
    >>> p.entity
    'Kabupaten Banjarnegara'
    >>> p.pekppp.set_index("assessor").loc["self", "ipp"]  # doctest: +SKIP
    2.97
    """
    from analysis.agreement import self_vs_ministry
    from analysis.loading import load
    from analysis.regions import canonical_name, resolve

    lang = check_lang(lang)
    entity = canonical_name(name)
    info = resolve([entity]).iloc[0]
    om_all = load("ombudsman") if ombudsman is None else ombudsman
    pk_all = load("pekppp") if pekppp is None else pekppp
    sources = load("sources")
    om = om_all[om_all["entity"].astype(str) == entity]
    pk = pk_all[pk_all["entity"].astype(str) == entity]
    units = units_of(entity, lang=lang)
    used = pd.concat([om["source_id"], pk["source_id"], units["source_id"]]).astype(str)
    src = sources[sources["source_id"].isin(set(used))]
    src = src[["source_id", "publisher", "title", "url", "published", "accessed"]]
    pairs = self_vs_ministry(pk) if len(pk) else self_vs_ministry(pk_all.iloc[:0])

    def _none(v):
        return None if v is None or pd.isna(v) or v == "" else str(v)

    return Profile(
        entity=entity, entity_type=_none(info["entity_type"]), province=_none(info["province"]),
        region_code=_none(info["region_code"]),
        ombudsman=_ombudsman_rows(om, sources), pekppp=_pekppp_rows(pk, sources),
        self_vs_ministry=pairs, units=units,
        sources=src.sort_values("source_id").reset_index(drop=True),
        coverage=_coverage(om, pk), lang=lang)
