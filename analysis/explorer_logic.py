"""The explorer's logic: plain functions that return DataFrames, HTML and ranks.

What :class:`analysis.explorer.Explorer` shows, computed without widgets so it
can be tested and used in scripts: the filters' options, the entity list, an
entity's history with official bands, its published rank, its
self-assessment against the ministry's evaluation and the rows behind the
view with their sources. Import these from :mod:`analysis.explorer`.

Every function that takes an entity accepts any spelling that
:func:`analysis.regions.canonical_name` accepts ("Kab. Banjarnegara",
"pemkab banjarnegara").
"""

from __future__ import annotations

import html

import pandas as pd

from analysis.errors import DataError

__all__ = ["entity_history", "peer_rank", "published_rank", "self_ministry_gap",
           "rows_behind", "rows_html", "entity_choices", "filter_options", "resolve_entity"]

_VALUE = {"ombudsman": "score", "pekppp": "ipp"}


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


def rows_html(rows: pd.DataFrame, lang: str = "en") -> str:
    """Return an HTML table of :func:`rows_behind`, every source address clickable.

    Headers and coded values are in ``lang`` ("en" or "id"; see
    :func:`analysis.plots.text.reader_frame`); the titles of the sources are
    shown as printed, in ``<cite>``.
    """
    from analysis.plots.text import label, reader_frame

    cells = []
    cols = [c for c in rows.columns if c not in ("url", "title")]
    shown = reader_frame(rows[cols], lang)
    head = ("".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
            + f"<th>{html.escape(label('column.document', lang))}</th>")
    for r, words in zip(rows.itertuples(index=False), shown.itertuples(index=False),
                        strict=True):
        rec = r._asdict()
        tds = "".join(f"<td>{'' if pd.isna(v) else html.escape(str(v))}</td>" for v in words)
        url, title = rec.get("url"), rec.get("title")
        if isinstance(url, str) and url.startswith("http"):
            link = (f'<a href="{html.escape(url, quote=True)}" target="_blank" '
                    f'rel="noopener"><cite>{html.escape(str(title or url))}</cite></a>')
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


def _entity_units(entity: str, instrument: str, lang: str = "en") -> pd.DataFrame:
    """Return the entity's service units of one instrument (from the curated unit tables)."""
    from analysis.unit_rows import entity_units

    units = entity_units(entity, lang=lang)
    units = units[units["instrument"] == instrument]
    keep = ["year", "assessor", "unit", "label", "value", "printed_label", "source_id"]
    if instrument == "ombudsman":
        keep.remove("assessor")
    return units[keep]
