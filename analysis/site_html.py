"""The HTML pieces every page of the entity site is made of: style, page frame, cells.

Plain functions that return escaped HTML text, shared by the entity and
province pages (:mod:`analysis.site_pages`) and the searchable index
(:mod:`analysis.site_search`); :mod:`analysis.site` builds the site.
"""

from __future__ import annotations

import html
import re
import unicodedata

import pandas as pd

__all__ = ["entity_slug"]

_ASSESSOR = {"ministry": "KemenPAN-RB evaluation", "self": "self-assessment"}

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
"""


def entity_slug(name: str) -> str:
    """Return the file name stem of a page: 'Kabupaten Banjarnegara' -> 'kabupaten-banjarnegara'."""
    return re.sub(r"[^a-z0-9]+", "-", _fold(name)).strip("-")


def _fold(text: str) -> str:
    """Lower case, accents removed (the search box does the same to what is typed)."""
    text = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _page(title: str, body: str, nav: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width\">"
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>"
            f"<body><nav>{nav}</nav>{body}</body></html>\n")


def _nav(*extra: tuple[str, str]) -> str:
    links = [("../index.html", "Report"), ("index.html", "All governments")] + list(extra)
    return " ".join(f'<a href="{html.escape(h)}">{html.escape(t)}</a>' for h, t in links)


def _num(value) -> str:
    """95.25 -> '95.25', 96.0 -> '96', missing -> ''."""
    if value is None or pd.isna(value):
        return ""
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


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


def _rank(rank, of, scope) -> str:
    if rank is None or pd.isna(rank):
        return ""
    text = f"{int(rank)}"
    if of is not None and not pd.isna(of):
        text += f" of {int(of)}"
    if _text(scope):
        text += f" ({scope})"
    return html.escape(text)
