"""The pages of the entity site: one per entity (with its charts and CSV), one per province.

Each entity page is generated from :func:`analysis.profile`; the province
pages list the governments of a province with their latest values.
:func:`analysis.site.build_site` writes them.
"""

from __future__ import annotations

import html

import pandas as pd

from analysis.site_html import (
    _ASSESSOR,
    _nav,
    _num,
    _page,
    _rank,
    _source_link,
    _table,
    _text,
    entity_slug,
)

_INSTRUMENTS = {"ombudsman": ("Ombudsman compliance score", "points, 0-100"),
                "pekppp": ("PEKPPP public-service index (KemenPAN-RB)", "index, 0-5")}


def _coverage_html(p, instrument: str) -> str:
    """Return the coverage sentence and a row of every assessment year: published or not."""
    label = "score" if instrument == "ombudsman" else "index value"
    c = p.coverage[p.coverage["instrument"] == instrument]
    cells, years = [], []
    for r in c.itertuples(index=False):
        years.append(f"<th>{int(r.year)}</th>")
        if r.published:
            cells.append("<td>published</td>")
        elif r.label_only:
            cells.append('<td class="none">label only, no value</td>')
        else:
            cells.append('<td class="none">none found</td>')
    missing = [str(y) for y in p.years(instrument, published=False)]
    listed = (", ".join(missing[:-1]) + " or " + missing[-1]) if len(missing) > 1 else (
        "".join(missing))
    gaps = (f"No published {label} found for {listed}: those years have no value in the table "
            "below, and the chart does not draw a line across them." if missing else "")
    summary = html.escape(p.coverage_text(instrument))
    return (f'<p class="coverage">Coverage: {summary}.</p>'
            f'<table class="cov"><tr>{"".join(years)}</tr><tr>{"".join(cells)}</tr></table>'
            f'<p class="note">{html.escape(gaps)}</p>')


def _ombudsman_table(frame: pd.DataFrame) -> str:
    rows = []
    for r in frame.itertuples(index=False):
        prov = _rank(r.rank_in_province, r.rank_in_province_of, "in province")
        rows.append([str(int(r.year)), _num(r.score), html.escape(_text(r.zone)),
                     html.escape(_text(r.official_zone)), html.escape(_text(r.opinion)),
                     html.escape(_text(r.official_opinion)), html.escape(_text(r.grade)),
                     _rank(r.rank, r.rank_of, r.rank_scope), prov, html.escape(_text(r.era)),
                     _source_link(r.source_id, r.url)])
    return _table(["Year", "Score", "Zone (printed)", "Zone (official bands)",
                   "Opinion (printed)", "Opinion (official bands)", "Grade (printed)",
                   "Rank (printed, of, scope)", "Rank in province", "Method era", "Source"],
                  rows)


def _pekppp_table(frame: pd.DataFrame) -> str:
    rows = [[str(int(r.year)), html.escape(_ASSESSOR.get(_text(r.assessor), _text(r.assessor))),
             _num(r.ipp), html.escape(_text(r.category)), html.escape(_text(r.official_category)),
             html.escape(_text(r.predicate)), _rank(r.rank, r.rank_of, r.rank_scope),
             _source_link(r.source_id, r.url)] for r in frame.itertuples(index=False)]
    return _table(["Year", "Assessor", "Index (0-5)", "Category (printed)",
                   "Category (official bands)", "Predicate (printed)",
                   "Rank (printed, of, scope)", "Source"], rows)


def _pairs_table(frame: pd.DataFrame) -> str:
    rows = [[str(int(r.year)), _num(r.self), html.escape(_text(r.self_category)),
             _num(r.ministry), html.escape(_text(r.ministry_category)), _num(r.diff)]
            for r in frame.itertuples(index=False)]
    return _table(["Year", "Self-assessment", "Category", "KemenPAN-RB evaluation", "Category",
                   "Self minus ministry"], rows)


def _units_table(frame: pd.DataFrame, urls: dict[str, str]) -> str:
    rows = [[html.escape(_text(r.instrument)), str(int(r.year)),
             html.escape(_ASSESSOR.get(_text(r.assessor), _text(r.assessor))),
             html.escape(_text(r.unit)), html.escape(_text(r.label)), _num(r.value),
             html.escape(_text(r.scale)), html.escape(_text(r.printed_label)),
             _source_link(r.source_id, urls.get(_text(r.source_id)))]
            for r in frame.itertuples(index=False)]
    return _table(["Instrument", "Year", "Assessor", "Unit (as printed)", "Unit type", "Value",
                   "Scale", "Zone or category (printed)", "Source"], rows)


def _sources_list(frame: pd.DataFrame) -> str:
    items = []
    for s in frame.itertuples(index=False):
        date = _text(s.published)[:10] or "date not printed"
        label = html.escape(f"{_text(s.publisher)}: {_text(s.title)}")
        link = (f'<a href="{html.escape(s.url, quote=True)}">{label}</a>'
                if isinstance(s.url, str) and s.url.startswith("http") else label)
        items.append(f"<li>{link} ({html.escape(date)}; accessed "
                     f"{html.escape(_text(s.accessed)[:10])}; <code>{html.escape(s.source_id)}"
                     "</code>)</li>")
    return f"<ul>{''.join(items)}</ul>"


def _latest(p) -> dict:
    """Return the newest published value of each instrument (ministry before self)."""
    out = {}
    om = p.ombudsman[p.ombudsman["score"].notna()]
    if len(p.ombudsman) and not len(om):
        r = p.ombudsman.sort_values(["year", "source_id"]).iloc[-1]
        printed = [f"{k} {_text(r[k])}" for k in ("zone", "opinion", "grade") if _text(r[k])]
        out["ombudsman_label"] = (f"no score; {', '.join(printed) or 'a mention'} printed "
                                  f"({int(r['year'])})")
    if len(p.units):
        out["units"] = len(p.units)
    if len(om):
        r = om.sort_values(["year", "source_id"]).iloc[-1]
        out["ombudsman"] = {"year": int(r["year"]), "value": _num(r["score"]),
                            "zone": _text(r["official_zone"]) or _text(r["zone"])}
    pk = p.pekppp[p.pekppp["ipp"].notna()]
    if len(pk):
        pk = pk.assign(_own=(pk["assessor"].astype(str) == "ministry").astype(int))
        r = pk.sort_values(["year", "_own", "source_id"]).iloc[-1]
        out["pekppp"] = {"year": int(r["year"]), "value": _num(r["ipp"]),
                         "assessor": _text(r["assessor"])}
    return out


def _latest_cells(latest: dict) -> list[str]:
    om, pk = latest.get("ombudsman"), latest.get("pekppp")
    om_text = (f"{om['value']} ({om['year']}{', ' + om['zone'] if om['zone'] else ''})"
               if om else latest.get("ombudsman_label", "none found"))
    if not om and not pk and latest.get("units"):
        om_text += f" (service units only: {latest['units']} values)"
    pk_text = (f"{pk['value']} ({pk['year']}, {_ASSESSOR.get(pk['assessor'], pk['assessor'])})"
               if pk else "none found")
    return [html.escape(om_text), html.escape(pk_text)]


def _entity_files(entity: str, cite: str, province_pages: dict[str, str], dpi: int):
    """Render one entity: its page, CSV and charts (PNG at ``dpi``). Returns (files, summary)."""
    from analysis.plots.style import figure_png
    from analysis.profiles import profile

    p = profile(entity)
    slug = entity_slug(p.entity)
    files: dict[str, bytes] = {}
    urls = dict(zip(p.sources["source_id"].astype(str), p.sources["url"], strict=True))
    esc = html.escape
    where = (f'<a href="{esc(province_pages[p.province])}">{esc(p.province)}</a>'
             if p.province in province_pages else esc(p.province or "national"))
    body = [f"<h1>{esc(p.entity)}</h1>",
            f"<p>Type: {esc(p.entity_type or 'unknown')} · Province: {where}"
            + (f" · Kemendagri code {esc(p.region_code)}" if p.region_code else "") + "</p>",
            '<p class="note">These values are what the Ombudsman, KemenPAN-RB, news outlets and '
            "regional offices printed, not the official full lists: a missing year means no "
            "published value was found, not a low score.</p>",
            f'<p class="tools"><a href="{slug}.csv" download>Download this entity\'s rows '
            f"(CSV, {len(p.to_frame())} rows)</a></p>"]
    for instrument, (title, unit) in _INSTRUMENTS.items():
        frame = p.ombudsman if instrument == "ombudsman" else p.pekppp
        body.append(f'<h2 id="{instrument}">{esc(title)}</h2>')
        body.append(_coverage_html(p, instrument))
        fig = p.history_figure(instrument)
        if fig is not None:
            name = f"charts/{slug}-{instrument}.png"
            files[name] = figure_png(fig, dpi=dpi)
            body.append(f'<img src="{name}" alt="{esc(p.entity)}: {esc(title)} by year ({unit}); '
                        f'{esc(p.coverage_text(instrument))}">')
        if len(frame):
            body.append(_ombudsman_table(frame) if instrument == "ombudsman"
                        else _pekppp_table(frame))
    if len(p.self_vs_ministry):
        body.append('<h2 id="self-vs-ministry">Self-assessment against the ministry\'s '
                    "evaluation</h2>")
        body.append('<p class="note">Self-assessments are reported by the assessed body.</p>')
        body.append(_pairs_table(p.self_vs_ministry))
    if len(p.units):
        n = len(p.units)
        body.append(f'<h2 id="units">Service units ({n} value{"s" if n != 1 else ""})</h2>')
        body.append(_units_table(p.units, urls))
    body.append(f'<h2 id="sources">Sources ({len(p.sources)} documents)</h2>')
    body.append(_sources_list(p.sources))
    body.append('<h2 id="cite">How to cite this page</h2>')
    body.append(f'<p class="cite">{esc(p.entity)}: published public-service scores, page '
                f"<code>entities/{slug}.html</code> of the report. {esc(cite)}</p>")
    nav = _nav(*([(province_pages[p.province], p.province)]
                 if p.province in province_pages else []))
    files[f"{slug}.html"] = _page(p.entity, "".join(body), nav).encode("utf-8")
    files[f"{slug}.csv"] = p.to_frame().to_csv(index=False, lineterminator="\n").encode("utf-8")
    summary = {"slug": slug, "name": p.entity, "type": p.entity_type or "",
               "province": p.province or "", "latest": _latest(p)}
    return files, summary


def _province_pages(summaries: list[dict], province_pages: dict[str, str]) -> dict[str, str]:
    """One page per province: the provincial government, then its regencies and cities."""
    from analysis.loading import load

    regions = load("regions")
    by_name = {s["name"]: s for s in summaries}
    out = {}
    for province, page in province_pages.items():
        members = regions[regions["province"].astype(str) == province]
        rows, n = [], 0
        order = members.assign(_first=members["type"].astype(str) != "provinsi",
                               _name=members["name"].astype(str))
        for r in order.sort_values(["_first", "_name"]).itertuples():
            name = f"Provinsi {r.name}" if r.type == "provinsi" else str(r.name)
            s = by_name.get(name)
            if s:
                n += 1
                cells = [f'<a href="{s["slug"]}.html">{html.escape(name)}</a>',
                         *_latest_cells(s["latest"])]
            else:
                cells = [html.escape(name), "none found", "none found"]
            rows.append([html.escape(str(r.type))] + cells)
        body = (f"<h1>{html.escape(province)}</h1>"
                f"<p>{n} of its {len(members)} governments (the province, its regencies and "
                "cities) have a page: at least one row in the data (a value, a printed zone or "
                "opinion, or a service unit); the others are listed without a link. A missing "
                "value means none was found, not a low score.</p>"
                + _table(["Type", "Government", "Latest Ombudsman score (year, zone)",
                          "Latest PEKPPP index (year, assessor)"], rows))
        out[page] = _page(f"{province}: governments", body, _nav())
    return out
