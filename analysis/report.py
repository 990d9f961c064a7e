"""A static HTML report of the executed notebooks: ``make report`` -> ``build/report/``.

Pages: an index, one page per notebook (executed, figures embedded), a figure
gallery and the data dictionary (``data/README.md``). Everything is local:
no script, style or font is fetched, so the report reads offline and in any
browser.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

from analysis import paths

__all__ = ["build_report"]

_CSS = """
body{font-family:DejaVu Sans,Verdana,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;
color:#222;line-height:1.5}
nav{margin-bottom:1.5em;padding-bottom:.5em;border-bottom:1px solid #ccc}
nav a{margin-right:1em}
img{max-width:100%;height:auto}
pre,code{font-family:DejaVu Sans Mono,monospace;font-size:.9em}
.jp-InputArea,.input_area,div.highlight{background:#f6f6f6;border-radius:4px;padding:.2em .6em}
.jp-InputPrompt,.jp-OutputPrompt,.prompt{display:none}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}
th,td{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}
.figure{margin:1.5em 0}
"""


def _page(title: str, body: str, nav: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head>"
            f"<body><nav>{nav}</nav>{body}</body></html>\n")


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
    import nbformat
    from nbconvert import HTMLExporter

    from analysis.plots.index import figure_table
    from analysis.reproduce import notebooks
    from analysis.reproduce import run as run_notebooks

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
    nbs = notebooks()
    pages = []
    for nb_path in nbs:
        executed = executed_dir / nb_path.name
        if not executed.exists():
            raise FileNotFoundError(f"no executed copy of {nb_path.name} in {executed_dir}; "
                                    "run 'python -m analysis reproduce' or build with "
                                    "execute=True")
        pages.append((nb_path.stem, nbformat.read(executed, as_version=4)))
    nav = " ".join(['<a href="index.html">Index</a>'] +
                   [f'<a href="{stem}.html">{stem[:2]}</a>' for stem, _ in pages] +
                   ['<a href="figures.html">Figures</a>', '<a href="data.html">Data</a>'])
    exporter = HTMLExporter(template_name="basic")
    for stem, nb in pages:
        _static_outputs(nb)
        body, _ = exporter.from_notebook_node(nb)
        (site / f"{stem}.html").write_text(_page(_notebook_title(nb), body, nav),
                                           encoding="utf-8")
    table = figure_table(figures)
    items = []
    for r in table.itertuples():
        shutil.copy2(figures / r.png, site / "figures" / r.png)
        items.append(f'<div class="figure"><h3>{html.escape(r.title or r.name)}</h3>'
                     f'<img src="figures/{html.escape(r.png)}" alt="{html.escape(r.title)}">'
                     f"<p>{html.escape(r.caption)}</p><p><small>{html.escape(r.notebook)}"
                     "</small></p></div>")
    (site / "figures.html").write_text(
        _page("Figures", "<h1>Figures</h1>" + "".join(items), nav), encoding="utf-8")
    data_readme = (paths.data_dir() / "README.md").read_text(encoding="utf-8")
    (site / "data.html").write_text(_page("Data dictionary", _markdown(data_readme), nav),
                                    encoding="utf-8")
    rows = "".join(f'<li><a href="{stem}.html">{html.escape(_notebook_title(nb))}</a></li>'
                   for stem, nb in pages)
    readme = (paths.root() / "README.md").read_text(encoding="utf-8")
    intro = readme.split("## Quick start")[0].split("\n", 1)[1]
    body = (f"<h1>How Indonesia grades its public-service providers</h1>{_markdown(intro)}"
            f"<h2>Analyses</h2><ol>{rows}</ol>"
            f'<p><a href="figures.html">All {len(table)} figures</a> · '
            f'<a href="data.html">Data dictionary and sources</a></p>')
    (site / "index.html").write_text(_page("Report", body, nav), encoding="utf-8")
    (site / "manifest.json").write_text(json.dumps(
        {"pages": [f"{stem}.html" for stem, _ in pages] + ["figures.html", "data.html"],
         "figures": list(table["png"])}, indent=1), encoding="utf-8")
    return site / "index.html"
