"""The pages of the entity site: one per entity (with its charts and CSV), one per province.

Each entity page is generated from :func:`analysis.profile`, in English and in
Indonesian (``x.html`` and ``x.id.html``, each with a switch to the other);
the province pages list the governments of a province with their latest
values, in both languages too. :func:`analysis.site.build_site` writes them.
"""

from __future__ import annotations

import html

import pandas as pd

from analysis.plots.text import LANGS, label, value_text
from analysis.site_html import (
    _assessor,
    _label_html,
    _nav,
    _num,
    _page,
    _rank,
    _source_link,
    _table,
    _text,
    entity_slug,
    page_name,
)

_INSTRUMENTS = ("ombudsman", "pekppp")


def _headers(lang: str, *keys: str) -> list[str]:
    """Column headers: ``column.<key>`` rows, or ``site.col.<key>`` where the key has a dot."""
    return [label(k if "." in k else f"column.{k}", lang) for k in keys]


def _coverage_html(p, instrument: str, lang: str) -> str:
    """Return the coverage sentence and a row of every assessment year: published or not."""
    c = p.coverage[p.coverage["instrument"] == instrument]
    cells, years = [], []
    for r in c.itertuples(index=False):
        years.append(f"<th>{int(r.year)}</th>")
        if r.published:
            cells.append(f"<td>{html.escape(label('site.cov.published', lang))}</td>")
        elif r.label_only:
            cells.append(f'<td class="none">{html.escape(label("site.cov.label_only", lang))}'
                         "</td>")
        else:
            cells.append(f'<td class="none">{html.escape(label("site.cov.none", lang))}</td>')
    missing = [str(y) for y in p.years(instrument, published=False)]
    listed = (label("site.cov.or", lang, a=", ".join(missing[:-1]), b=missing[-1])
              if len(missing) > 1 else "".join(missing))
    gaps = (label("site.cov.gaps", lang, what=label(f"site.what.{instrument}", lang),
                  years=listed) if missing else "")
    summary = label("site.cov.summary", lang, text=p.coverage_text(instrument))
    return (f'<p class="coverage">{html.escape(summary)}</p>'
            f'<table class="cov"><tr>{"".join(years)}</tr><tr>{"".join(cells)}</tr></table>'
            f'<p class="note">{html.escape(gaps)}</p>')


def _ombudsman_table(frame: pd.DataFrame, lang: str) -> str:
    def words(v):
        return html.escape(_text(v))

    rows = []
    for r in frame.itertuples(index=False):
        prov = _rank(r.rank_in_province, r.rank_in_province_of, label("site.in_province", lang),
                     lang)
        rows.append([str(int(r.year)), _num(r.score, lang), words(r.zone),
                     words(r.official_zone), words(r.opinion), words(r.official_opinion),
                     words(r.grade), _rank(r.rank, r.rank_of, r.rank_scope, lang), prov,
                     words(r.era), _source_link(r.source_id, r.url)])
    return _table(_headers(lang, "year", "score", "zone", "official_zone", "opinion",
                           "official_opinion", "grade", "site.col.rank", "rank_in_province",
                           "era", "source_id"), rows)


def _pekppp_table(frame: pd.DataFrame, lang: str) -> str:
    rows = [[str(int(r.year)), _assessor(r.assessor, lang), _num(r.ipp, lang),
             html.escape(_text(r.category)), html.escape(_text(r.official_category)),
             html.escape(_text(r.predicate)), _rank(r.rank, r.rank_of, r.rank_scope, lang),
             _source_link(r.source_id, r.url)] for r in frame.itertuples(index=False)]
    return _table(_headers(lang, "year", "assessor", "ipp", "category", "official_category",
                           "predicate", "site.col.rank", "source_id"), rows)


def _pairs_table(frame: pd.DataFrame, lang: str) -> str:
    rows = [[str(int(r.year)), _num(r.self, lang), html.escape(_text(r.self_category)),
             _num(r.ministry, lang), html.escape(_text(r.ministry_category)),
             _num(r.diff, lang)] for r in frame.itertuples(index=False)]
    return _table(_headers(lang, "year", "self", "site.col.category", "ministry",
                           "site.col.category", "diff"), rows)


def _units_table(frame: pd.DataFrame, urls: dict[str, str], lang: str) -> str:
    rows = [[html.escape(str(value_text("instrument", _text(r.instrument), lang))),
             str(int(r.year)), _assessor(r.assessor, lang), html.escape(_text(r.unit)),
             html.escape(_text(r.label)), _num(r.value, lang), html.escape(_text(r.scale)),
             html.escape(_text(r.printed_label)),
             _source_link(r.source_id, urls.get(_text(r.source_id)))]
            for r in frame.itertuples(index=False)]
    return _table(_headers(lang, "instrument", "year", "assessor", "unit", "label", "value",
                           "scale", "printed_label", "source_id"), rows)


def _sources_list(frame: pd.DataFrame, lang: str) -> str:
    """Return the source documents: publishers as recorded, titles as printed (in ``<cite>``)."""
    items = []
    for s in frame.itertuples(index=False):
        date = _text(s.published)[:10] or label("site.source.no_date", lang)
        name = f"{html.escape(_text(s.publisher))}: <cite>{html.escape(_text(s.title))}</cite>"
        link = (f'<a href="{html.escape(s.url, quote=True)}">{name}</a>'
                if isinstance(s.url, str) and s.url.startswith("http") else name)
        accessed = label("site.source.accessed", lang, date=_text(s.accessed)[:10])
        items.append(f"<li>{link} ({html.escape(date)}; {html.escape(accessed)}; "
                     f"<code>{html.escape(s.source_id)}</code>)</li>")
    return f"<ul>{''.join(items)}</ul>"


def _latest(p) -> dict:
    """Return the newest published value of each instrument (ministry before self), as data."""
    out = {}
    om = p.ombudsman[p.ombudsman["score"].notna()]
    if len(p.ombudsman) and not len(om):
        r = p.ombudsman.sort_values(["year", "source_id"]).iloc[-1]
        out["ombudsman_label"] = {"year": int(r["year"]),
                                  "printed": [(k, _text(r[k])) for k in ("zone", "opinion", "grade")
                                              if _text(r[k])]}
    if len(p.units):
        out["units"] = len(p.units)
    if len(om):
        r = om.sort_values(["year", "source_id"]).iloc[-1]
        out["ombudsman"] = {"year": int(r["year"]), "value": float(r["score"]),
                            "zone": _text(r["official_zone"]) or _text(r["zone"])}
    pk = p.pekppp[p.pekppp["ipp"].notna()]
    if len(pk):
        pk = pk.assign(_own=(pk["assessor"].astype(str) == "ministry").astype(int))
        r = pk.sort_values(["year", "_own", "source_id"]).iloc[-1]
        out["pekppp"] = {"year": int(r["year"]), "value": float(r["ipp"]),
                         "assessor": _text(r["assessor"])}
    return out


def _latest_cells(latest: dict, lang: str = "en") -> list[str]:
    """Return the two cells of the latest values (escaped HTML) in ``lang``."""
    om, pk = latest.get("ombudsman"), latest.get("pekppp")
    none = label("site.cov.none", lang)
    if om:
        om_text = (f"{_num(om['value'], lang)} ({om['year']}"
                   f"{', ' + om['zone'] if om['zone'] else ''})")
    elif "ombudsman_label" in latest:
        printed = latest["ombudsman_label"]
        parts = [label(f"site.latest.{k}", lang, value=v) for k, v in printed["printed"]]
        om_text = label("site.latest.no_score", lang, year=printed["year"],
                        printed=", ".join(parts) or label("site.latest.mention", lang))
    else:
        om_text = none
    if not om and not pk and latest.get("units"):
        om_text += label("site.latest.units_only", lang, n=latest["units"])
    pk_text = (f"{_num(pk['value'], lang)} ({pk['year']}, "
               f"{value_text('assessor', pk['assessor'], lang)})" if pk else none)
    return [html.escape(om_text), html.escape(pk_text)]


def _entity_files(entity: str, cite: str, province_pages: dict[str, str], dpi: int):
    """Render one entity in both languages: pages, CSV and charts (PNG at ``dpi``).

    ``cite`` is kept for old calls; each page cites the data in its language.
    Returns (files, summary).
    """
    from analysis.profiles import profile

    files: dict[str, bytes] = {}
    for lang in LANGS:
        p = profile(entity, lang=lang)
        files.update(_entity_page(p, province_pages, dpi))
    slug = entity_slug(p.entity)
    files[f"{slug}.csv"] = p.to_frame().to_csv(index=False, lineterminator="\n").encode("utf-8")
    summary = {"slug": slug, "name": p.entity, "type": p.entity_type or "",
               "province": p.province or "", "latest": _latest(p)}
    return files, summary


def _entity_page(p, province_pages: dict[str, str], dpi: int) -> dict[str, bytes]:
    """Render one entity's page and charts in the profile's language."""
    from analysis.plots.style import figure_png
    from analysis.profiles import citation

    lang, slug, esc = p.lang, entity_slug(p.entity), html.escape
    files: dict[str, bytes] = {}
    urls = dict(zip(p.sources["source_id"].astype(str), p.sources["url"], strict=True))
    prov_page = (page_name(province_pages[p.province].removesuffix(".html"), lang)
                 if p.province in province_pages else None)
    where = (f'<a href="{esc(prov_page)}">{esc(p.province)}</a>' if prov_page
             else esc(p.province or label("site.national", lang)))
    facts = _label_html("site.entity.facts", lang, where=where,
                        type=esc(p.entity_type or label("site.entity.unknown_type", lang)))
    if p.region_code:
        facts += esc(label("site.entity.code", lang, code=p.region_code))
    body = [f"<h1>{esc(p.entity)}</h1>", f"<p>{facts}</p>",
            f'<p class="note">{esc(label("site.entity.note", lang))}</p>',
            f'<p class="tools"><a href="{slug}.csv" download>'
            f'{esc(label("site.entity.csv", lang, n=len(p.to_frame())))}</a></p>']
    for instrument in _INSTRUMENTS:
        title = label(f"site.instrument.{instrument}", lang)
        frame = p.ombudsman if instrument == "ombudsman" else p.pekppp
        body.append(f'<h2 id="{instrument}">{esc(title)}</h2>')
        body.append(_coverage_html(p, instrument, lang))
        fig = p.history_figure(instrument)
        if fig is not None:
            name = f"charts/{slug}-{instrument}{'' if lang == 'en' else '.' + lang}.png"
            files[name] = figure_png(fig, dpi=dpi)
            alt = label("site.entity.chart_alt", lang, entity=p.entity, title=title,
                        unit=label(f"site.unit.{instrument}", lang),
                        coverage=p.coverage_text(instrument))
            body.append(f'<img src="{name}" alt="{esc(alt)}">')
        if len(frame):
            body.append(_ombudsman_table(frame, lang) if instrument == "ombudsman"
                        else _pekppp_table(frame, lang))
    if len(p.self_vs_ministry):
        body.append(f'<h2 id="self-vs-ministry">{esc(label("site.entity.self_vs_ministry", lang))}'
                    "</h2>")
        body.append(f'<p class="note">{esc(label("site.entity.self_note", lang))}</p>')
        body.append(_pairs_table(p.self_vs_ministry, lang))
    if len(p.units):
        n = len(p.units)
        heading = label("site.entity.units_one" if n == 1 else "site.entity.units_many", lang, n=n)
        body.append(f'<h2 id="units">{esc(heading)}</h2>')
        body.append(_units_table(p.units, urls, lang))
    body.append(f'<h2 id="sources">{esc(label("site.entity.sources", lang, n=len(p.sources)))}'
                "</h2>")
    body.append(_sources_list(p.sources, lang))
    body.append(f'<h2 id="cite">{esc(label("site.entity.cite_heading", lang))}</h2>')
    body.append('<p class="cite">' + _label_html(
        "site.entity.cite", lang, entity=esc(p.entity),
        page=f"<code>entities/{page_name(slug, lang)}</code>",
        cite=citation(lang, markup=True)) + "</p>")
    nav = _nav(lang, slug, *([(prov_page, p.province)] if prov_page else []))
    files[page_name(slug, lang)] = _page(p.entity, "".join(body), nav, lang).encode("utf-8")
    return files


def _province_pages(summaries: list[dict], province_pages: dict[str, str]) -> dict[str, str]:
    """One page per province and language: the provincial government, its regencies, cities."""
    from analysis.loading import load

    regions = load("regions")
    by_name = {s["name"]: s for s in summaries}
    out = {}
    for province, page in province_pages.items():
        members = regions[regions["province"].astype(str) == province]
        order = members.assign(_first=members["type"].astype(str) != "provinsi",
                               _name=members["name"].astype(str))
        order = order.sort_values(["_first", "_name"])
        stem = page.removesuffix(".html")
        for lang in LANGS:
            rows, n = [], 0
            for r in order.itertuples():
                name = f"Provinsi {r.name}" if r.type == "provinsi" else str(r.name)
                s = by_name.get(name)
                if s:
                    n += 1
                    cells = [f'<a href="{page_name(s["slug"], lang)}">{html.escape(name)}</a>',
                             *_latest_cells(s["latest"], lang)]
                else:
                    none = html.escape(label("site.cov.none", lang))
                    cells = [html.escape(name), none, none]
                rows.append([html.escape(str(r.type))] + cells)
            intro = label("site.province.intro", lang, n=n, m=len(members))
            body = (f"<h1>{html.escape(province)}</h1><p>{html.escape(intro)}</p>"
                    + _table(_headers(lang, "entity_type", "site.col.government",
                                      "site.col.latest_ombudsman", "site.col.latest_pekppp"),
                             rows))
            out[page_name(stem, lang)] = _page(label("site.province.title", lang,
                                                     province=province),
                                               body, _nav(lang, stem), lang)
    return out
