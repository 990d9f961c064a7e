"""A static HTML report of the executed notebooks: ``make report`` -> ``build/report/``.

Pages: an index, one page per notebook (executed, figures embedded), a figure
gallery, the data dictionary (``data/README.md``) and a page for every
government (:mod:`analysis.site`, under ``entities/``). The index and every
page of a government have an Indonesian twin (``index.id.html``, from
``README.id.md``; ``entities/*.id.html``); every page carries an EN | ID switch,
which on a page that is only in English leads to the Indonesian index. Everything is local:
no script, style or font is fetched, so the report reads offline and in any
browser.
"""

from __future__ import annotations

import html
import json
import shutil
from collections import Counter
from pathlib import Path

from analysis import paths
from analysis.plots.text import label

__all__ = ["build_report", "readme_intro"]

_CSS = """
body{font-family:DejaVu Sans,Verdana,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;
color:#222;line-height:1.5;overflow-wrap:break-word}
nav{margin-bottom:1.5em;padding-bottom:.5em;border-bottom:1px solid #ccc}
nav a{margin-right:1em}
img{max-width:100%;height:auto}
pre,code{font-family:DejaVu Sans Mono,monospace;font-size:.9em}
pre{white-space:pre-wrap;overflow-wrap:anywhere;max-width:100%}
div.highlight pre,.jp-InputArea pre{white-space:pre;overflow-x:auto}
.jp-InputArea,.input_area,div.highlight{background:#f6f6f6;border-radius:4px;padding:.2em .6em;
max-width:100%;overflow-x:auto}
.jp-InputPrompt,.jp-OutputPrompt,.prompt{display:none}
.jp-OutputArea-output,.output_html,.jp-RenderedHTMLCommon{max-width:100%;overflow-x:auto}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0;display:block;max-width:100%;
overflow-x:auto}
th,td{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}
td{overflow-wrap:break-word;min-width:3em}
.figure{margin:1.5em 0;padding-top:.5em;border-top:1px solid #eee}
.figure .meta{color:#555;font-size:.9em}
.toc{background:#f6f6f6;border-radius:4px;padding:.5em 1em;margin:1em 0}
.toc ul{margin:.2em 0}
.figlinks{background:#f6f6f6;border-radius:4px;padding:.5em 1em;margin:1em 0}
details>summary{cursor:pointer;font-weight:bold}
nav .lang{float:right}
nav .lang a{margin:0 .2em}
nav .lang a[aria-current]{font-weight:bold;color:#222;text-decoration:none}
"""


def _page(title: str, body: str, nav: str, lang: str = "en", name: str | None = None) -> str:
    """Return a page; ``name``: its file, to put the EN | ID switch atop (None: no switch).

    The switch leads to the page's Indonesian twin (``index.id.html`` for
    ``index.html``) and, from a page that is only in English, to the
    Indonesian index, saying so in its title.
    """
    from analysis.site_html import lang_switch

    switch = ""
    if name is not None:
        stem = name.removesuffix(".html").removesuffix(".id")
        if stem in _TWINS:
            switch = lang_switch(f"{stem}.html", f"{stem}.id.html", lang)
        else:
            switch = lang_switch(name, "index.id.html", lang,
                                 id_title=label("site.report.english_only", "id"))
    return (f"<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>"
            f"<body><nav>{switch}{nav}</nav>{body}</body></html>\n")


#: pages of the report's top folder that have an Indonesian twin (``<stem>.id.html``)
_TWINS = ("index", "figures")


def _notebook_lang(nb) -> str:
    """Return the language of a notebook: its metadata ``analysis.lang``, else English."""
    return nb.metadata.get("analysis", {}).get("lang", "en")


def _notebook_title(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "notebook"


def _markdown(text: str) -> str:
    import mistune

    return mistune.create_markdown(plugins=["table"])(text)


_WIDGET = "application/vnd.jupyter.widget-view+json"


def _static_outputs(nb) -> None:
    """Replace interactive outputs (widgets, scripts) by a note: the report runs no code."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if _WIDGET in data or "application/javascript" in data:
                out["data"] = {"text/html": "<p><em>Interactive explorer: open this notebook "
                                            "in JupyterLab (make lab) to use it.</em></p>"}
                out["metadata"] = {}


def _figure_links(figures) -> str:
    """Return the box for the top of a notebook page: links to its figures."""
    if not len(figures):
        return ""
    links = " · ".join(f'<a href="figures.html#{html.escape(r.name)}">'
                       f"{html.escape(r.title or r.name)}</a>" for r in figures.itertuples())
    return (f'<div class="figlinks"><strong>Figures of this notebook ({len(figures)}):'
            f"</strong> {links}</div>")


def _figure_cells(nb, names) -> dict[str, str]:
    """Map each figure name to the id of the notebook cell that saves it.

    The cell is found by the name given to ``save_figure`` or ``save_figures``
    in its source; an f-string name (``f"00_sample_vs_population_{year}"``)
    matches every name it can produce.
    """
    from analysis.plots.index import saved_name_patterns

    found = {}
    for cell in nb.cells:
        if cell.cell_type != "code" or "id" not in cell:
            continue
        for pattern in saved_name_patterns(cell.source):
            for name in names:
                if name not in found and pattern.fullmatch(name):
                    found[name] = cell.id
    return found


def _figures_body(table, titles: dict[str, str], cells: dict[str, str],
                  lang: str = "en") -> str:
    """Return the figures page: a table of contents by notebook, then each figure once.

    The title is drawn in each image, so it is not repeated as a heading: the
    heading line gives the figure's file name and a link back to the notebook
    cell that draws it (``cells``: name to link), or to the notebook. ``table``
    holds the figures of ``lang`` (:func:`analysis.plots.index.figure_table`).
    """
    esc = html.escape
    toc, items = [], []
    for notebook, group in table.groupby("notebook", sort=True):
        stem = notebook.removesuffix(".ipynb")
        entries = "".join(f'<li><a href="#{html.escape(r.name)}">{html.escape(r.title or r.name)}'
                          "</a></li>" for r in group.itertuples())
        toc.append(f'<li><a href="{esc(stem)}.html" lang="en">'
                   f"{esc(titles.get(stem, notebook) or '(no notebook)')}</a>"
                   f"<ul>{entries}</ul></li>")
        for r in group.itertuples():
            target = cells.get(r.name, f"{stem}.html")
            back = (f' · {esc(label("site.figures.drawn_in", lang))} <a href="{esc(target)}">'
                    f"{esc(notebook)}</a>" if notebook else "")
            items.append(
                f'<div class="figure" id="{html.escape(r.name)}">'
                f'<p class="meta"><code>{html.escape(r.name)}</code>{back}</p>'
                f'<img src="figures/{html.escape(r.png)}" alt="{html.escape(r.title or r.name)}">'
                f"<p>{html.escape(r.caption)}</p></div>")
    return (f"<h1>{esc(label('site.figures.title', lang))}</h1>"
            f"<p>{esc(label('site.figures.intro', lang, n=len(table)))} "
            "<code>figures/</code>.</p>"
            f'<div class="toc"><strong>{esc(label("site.figures.contents", lang))}</strong>'
            f'<ul>{"".join(toc)}</ul></div>' + "".join(items))


# Sections of data/README.md that are long lists: shown last, folded.
_LONG_LISTS = ("Conflicts between sources", "Printed labels that disagree")


def _data_body(readme: str) -> str:
    """Return the data page: contents, then column definitions before the long lists.

    ``data/README.md`` is split at its ``## `` headings; the long lists of
    conflicts and disagreeing labels move to the end, folded in ``<details>``,
    and every heading gets an anchor for the table of contents.
    """
    import re

    head, *parts = re.split(r"(?m)^(?=## )", readme)
    sections = [(part.splitlines()[0][3:].strip(), part) for part in parts]
    short = [sec for sec in sections if not sec[0].startswith(_LONG_LISTS)]
    long = [sec for sec in sections if sec[0].startswith(_LONG_LISTS)]
    used: set[str] = set()

    def anchor(text: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", re.sub(r"<[^>]+>", "", text).lower()).strip("-")
        slug, n = base or "section", 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        return slug

    toc: list[tuple[int, str, str]] = []

    def with_ids(fragment: str) -> str:
        def add(m):
            level, inner = int(m.group(1)), m.group(2)
            slug = anchor(inner)
            toc.append((level, slug, re.sub(r"<[^>]+>", "", inner)))
            return f'<h{level} id="{slug}">{inner}</h{level}>'

        return re.sub(r"<h([23])>(.*?)</h\1>", add, fragment)

    body = [_markdown(head)]
    body += [with_ids(_markdown(text)) for _, text in short]
    for title, text in long:
        heading, rest = with_ids(_markdown(text)).split("</h2>", 1)
        body.append(f"{heading}</h2><details><summary>Show the list ({html.escape(title)})"
                    f"</summary>{rest}</details>")
    return body[0] + _toc(toc) + "".join(body[1:])


def _toc(entries: list[tuple[int, str, str]]) -> str:
    """Return a nested list of links from (level 2 or 3, anchor, text) entries."""
    out = []
    for i, (level, slug, text) in enumerate(entries):
        out.append(f'<li><a href="#{slug}">{text}</a>')   # text is HTML already
        following = entries[i + 1][0] if i + 1 < len(entries) else 2
        if level == 2 and following == 3:
            out.append("<ul>")
        elif level == 3 and following == 2:
            out.append("</li></ul></li>")
        else:
            out.append("</li>")
    return f'<div class="toc"><strong>Contents</strong><ul>{"".join(out)}</ul></div>'


def readme_intro(readme: str) -> str:
    """Return the text between ``<!-- intro -->`` and ``<!-- end of intro -->`` in a README.

    The report's front page opens with it, so the README's headings can change freely.

    Raises
    ------
    ValueError
        When either marker is missing, or the end comes before the start.
    """
    start, end = "<!-- intro -->", "<!-- end of intro -->"
    i, j = readme.find(start), readme.find(end)
    if i < 0 or j < i:
        raise ValueError(f"README.md must hold the report's intro between {start!r} and "
                         f"{end!r} (in that order); add the two markers around it")
    return readme[i + len(start):j]


def build_report(build_dir: Path | None = None, *, execute: bool = True,
                 executed_dir: Path | None = None, figures_dir: Path | None = None,
                 stream=None) -> Path:
    """Build the report and return the path of its ``index.html``.

    Parameters
    ----------
    build_dir : Path, optional
        Where ``notebooks/`` (executed copies) and ``report/`` go (default
        :func:`analysis.paths.build_dir`).
    execute : bool
        Execute the notebooks first (default; :func:`analysis.reproduce.run`,
        progress lines to ``stream``). With False, nothing is executed: the
        report is built from the executed copies already there.
    executed_dir : Path, optional
        Where the executed copies are (default ``build_dir/notebooks``).
    figures_dir : Path, optional
        The figures the gallery shows (default :func:`analysis.paths.figures_dir`).

    Raises
    ------
    FileNotFoundError
        With ``execute=False``, when a notebook has no executed copy.
    """
    from analysis.plots.index import figure_table
    from analysis.reproduce import run as run_notebooks
    from analysis.site import build_site

    build = Path(build_dir or paths.build_dir())
    figures = Path(figures_dir or paths.figures_dir())
    if execute:
        run_notebooks(html=False, build_dir=build, figures_dir=figures, stream=stream)
        executed_dir = build / "notebooks"
    executed_dir = Path(executed_dir or build / "notebooks")
    site = build / "report"
    if site.exists():
        shutil.rmtree(site)
    (site / "figures").mkdir(parents=True)
    pages = _executed_pages(executed_dir)
    shared = Counter(stem[:2] for stem, _ in pages)   # a number two notebooks share: in full
    nav = " ".join(['<a href="index.html">Index</a>'] +
                   [f'<a href="{stem}.html">{stem if shared[stem[:2]] > 1 else stem[:2]}</a>'
                    for stem, _ in pages] +
                   ['<a href="figures.html">Figures</a>', '<a href="data.html">Data</a>'])
    table = figure_table(figures)
    titles = {stem: _notebook_title(nb) for stem, nb in pages}
    cells = {name: f"{stem}.html#cell-id={cell}" for stem, nb in pages
             for name, cell in _figure_cells(nb, table["name"]).items()}
    _write_notebook_pages(site, pages, table, titles, nav)
    for lang, name in (("en", "figures.html"), ("id", "figures.id.html")):
        shown = figure_table(figures, lang)
        for r in shown.itertuples():
            shutil.copy2(figures / r.png, site / "figures" / r.png)
        (site / name).write_text(_page(label("site.figures.title", lang),
                                       _figures_body(shown, titles, cells, lang),
                                       nav if lang == "en" else _nav_id(), lang, name=name),
                                 encoding="utf-8")
    data_readme = (paths.data_dir() / "README.md").read_text(encoding="utf-8")
    (site / "data.html").write_text(_page("Data dictionary", _data_body(data_readme), nav,
                                          name="data.html"), encoding="utf-8")
    for lang, name in (("en", "index.html"), ("id", "index.id.html")):
        page_nav = nav if lang == "en" else _nav_id()
        (site / name).write_text(_page(label("site.report.title", lang),
                                       _index_body(pages, len(table), lang), page_nav, lang,
                                       name=name), encoding="utf-8")
    (site / "manifest.json").write_text(json.dumps(
        {"pages": [f"{stem}.html" for stem, _ in pages] + ["figures.html", "data.html",
                                                           "index.id.html", "figures.id.html"],
         "figures": list(table["png"])}, indent=1), encoding="utf-8")
    build_site(site)
    return site / "index.html"


def _executed_pages(executed_dir: Path) -> list[tuple[str, object]]:
    """Return (stem, executed notebook) of every notebook, in reading order."""
    import nbformat

    from analysis.reproduce import notebooks

    pages = []
    for nb_path in notebooks():
        executed = executed_dir / nb_path.name
        if not executed.exists():
            raise FileNotFoundError(f"no executed copy of {nb_path.name} in {executed_dir}; "
                                    "run 'python -m analysis reproduce' or build with "
                                    "execute=True")
        pages.append((nb_path.stem, nbformat.read(executed, as_version=4)))
    return pages


def _write_notebook_pages(site: Path, pages, table, titles: dict[str, str], nav: str) -> None:
    """Write one HTML page per executed notebook, led by links to its figures."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="basic")
    for stem, nb in pages:
        _static_outputs(nb)
        body, _ = exporter.from_notebook_node(nb)
        mine = table[table["notebook"] == f"{stem}.ipynb"]
        (site / f"{stem}.html").write_text(
            _page(titles[stem], _figure_links(mine) + body, nav, name=f"{stem}.html"),
            encoding="utf-8")


def _nav_id() -> str:
    """Return the links atop the Indonesian index: itself and the Indonesian entity index."""
    return (f'<a href="index.id.html">{html.escape(label("site.report.title", "id"))}</a> '
            f'<a href="entities/index.id.html">{html.escape(label("site.nav.all", "id"))}</a>')


def _index_body(pages, n_figures: int, lang: str = "en") -> str:
    """Return the index page: the README's introduction and a list of the analyses.

    In Indonesian the introduction is ``README.id.md``'s, the notebooks written
    in Indonesian (metadata ``analysis.lang``) come first, the analyses written
    in English are listed as such (``lang="en"`` on the list), and the figures
    link leads to the Indonesian figures page.
    """
    esc = html.escape

    def rows(language: str) -> str:
        return "".join(f'<li><a href="{stem}.html">{esc(_notebook_title(nb))}</a></li>'
                       for stem, nb in pages if _notebook_lang(nb) == language)

    readme = "README.md" if lang == "en" else f"README.{lang}.md"
    intro = readme_intro((paths.root() / readme).read_text(encoding="utf-8"))
    entities, figures = (("entities/index.html", "figures.html") if lang == "en" else
                         (f"entities/index.{lang}.html", f"figures.{lang}.html"))
    lists = [f"<h2>{esc(label('site.report.analyses', lang))}</h2>"
             f'<ol lang="en">{rows("en")}</ol>',
             f"<h2>{esc(label('site.report.start_id', lang))}</h2>"
             f'<ul lang="id">{rows("id")}</ul>']
    return (f"<h1>{esc(label('site.report.heading', lang))}</h1>{_markdown(intro)}"
            + "".join(lists if lang == "en" else lists[::-1]) +
            f'<p><a href="{figures}">{esc(label("site.report.figures", lang, n=n_figures))}'
            f'</a> · <a href="data.html">{esc(label("site.report.data", lang))}</a> · '
            f'<a href="{entities}">{esc(label("site.report.entities", lang))}</a></p>')
