"""The HTML pieces every page of the entity site is made of: style, page frame, cells.

Plain functions that return escaped HTML text, shared by the entity and
province pages (:mod:`analysis.site_pages`) and the searchable index
(:mod:`analysis.site_search`); :mod:`analysis.site` builds the site.

Every page is written in English and in Indonesian: ``x.html`` and its twin
``x.id.html`` (:func:`page_name`), each with a language switch to the other.
Their words are rows ``site.*`` of the label table (:mod:`analysis.plots.text`).
"""

from __future__ import annotations

import html
import re
import unicodedata

import pandas as pd

from analysis.plots.text import label, plain_number, value_text

__all__ = ["entity_slug", "page_name"]

_CSS = """
body{font-family:DejaVu Sans,Verdana,sans-serif;max-width:1100px;margin:1.5em auto;
padding:0 1em;color:#222;line-height:1.45}
nav{border-bottom:1px solid #ccc;padding-bottom:.4em;margin-bottom:1em}
nav a{margin-right:1em}
h2{margin-top:1.6em;border-top:1px solid #eee;padding-top:.4em}
img{max-width:100%;height:auto;display:block;margin:.5em 0}
table{border-collapse:collapse;font-size:.85em;display:block;max-width:100%;overflow-x:auto}
th,td{border:1px solid #ddd;padding:.15em .45em;text-align:left;vertical-align:top}
tbody tr:nth-child(even){background:#fafafa}
.note{color:#555;font-size:.9em}
.cov td.none{color:#999}
.cite,.tools{background:#f3f3f3;border-radius:4px;padding:.5em 1em;margin:1em 0}
.tools input{font-size:1.1em;width:22em;max-width:100%}
nav .lang{float:right;margin-right:0}
nav .lang a{margin:0 .2em}
nav .lang a[aria-current]{font-weight:bold;color:#222;text-decoration:none}
"""


def entity_slug(name: str) -> str:
    """Return the file name stem of a page: 'Kabupaten Banjarnegara' -> 'kabupaten-banjarnegara'."""
    return re.sub(r"[^a-z0-9]+", "-", _fold(name)).strip("-")


def _fold(text: str) -> str:
    """Lower case, accents removed (the search box does the same to what is typed)."""
    text = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def page_name(stem: str, lang: str = "en") -> str:
    """Return a page's file name in ``lang``: 'kota-bogor' -> 'kota-bogor.html', '.id.html'."""
    return f"{stem}.html" if lang == "en" else f"{stem}.{lang}.html"


def lang_switch(en_href: str, id_href: str, lang: str, id_title: str | None = None) -> str:
    """Return the EN | ID switch: a link to each language's page, the current one marked.

    ``id_title``: the Indonesian link's tooltip, where it leads to another
    page than the twin (default: the language's name).
    """
    links = []
    for code, href in (("en", en_href), ("id", id_href)):
        here = ' aria-current="page"' if code == lang else ""
        title = (id_title if code == "id" and id_title else label("site.lang_name", code))
        links.append(f'<a href="{html.escape(href, quote=True)}" hreflang="{code}" lang="{code}"'
                     f' title="{html.escape(title, quote=True)}"{here}>{code.upper()}</a>')
    return f'<span class="lang">{" | ".join(links)}</span>'


def _page(title: str, body: str, nav: str, lang: str = "en") -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width\">"
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>"
            f"<body><nav>{nav}</nav>{body}</body></html>\n")


def _nav(lang: str, stem: str, *extra: tuple[str, str]) -> str:
    """Return the links atop a page: report, every government, ``extra``, the language switch.

    ``stem``: the page's name without ``.html``; the switch links to its twins.
    """
    links = [(f"../{page_name('index', lang)}", label("site.nav.report", lang)),
             (page_name("index", lang), label("site.nav.all", lang))] + list(extra)
    return (lang_switch(page_name(stem, "en"), page_name(stem, "id"), lang)
            + " ".join(f'<a href="{html.escape(h)}">{html.escape(t)}</a>' for h, t in links))


def _label_html(key: str, lang: str, **fields: str) -> str:
    """Return the label ``key`` as HTML: its words escaped, ``fields`` (HTML) put in as given."""
    marks = {k: f"\x00{i}\x00" for i, k in enumerate(fields)}
    text = html.escape(label(key, lang, **marks))
    for k, mark in marks.items():
        text = text.replace(mark, fields[k])
    return text


def _assessor(code, lang: str) -> str:
    """Return an assessor code in words ("self" -> "self-assessment" / "penilaian mandiri")."""
    return html.escape(str(value_text("assessor", _text(code), lang)))


def _num(value, lang: str = "en") -> str:
    """95.25 -> '95.25' ('95,25' in Indonesian), 96.0 -> '96', missing -> ''."""
    return plain_number(value, lang)


def _text(value) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _table(header: list[str], rows: list[list[str]]) -> str:
    """Return an HTML table; cells are HTML already (escaped by the caller)."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _source_link(source_id, url) -> str:
    label = html.escape(_text(source_id))
    if isinstance(url, str) and url.startswith("http"):
        return f'<a href="{html.escape(url, quote=True)}">{label}</a>'
    return label


def _rank(rank, of, scope, lang: str = "en") -> str:
    if rank is None or pd.isna(rank):
        return ""
    text = f"{int(rank)}"
    if of is not None and not pd.isna(of):
        text = label("site.rank_of", lang, rank=int(rank), of=int(of))
    if _text(scope):
        text += f" ({value_text('rank_scope', _text(scope), lang)})"
    return html.escape(text)
