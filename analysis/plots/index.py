"""The figure index, ``figures/README.md`` and ``figures/README.id.md``, from the figures.

:func:`analysis.plots.save_figures` stores each figure's title and caption in
its PNG, in English (``<name>.png``) and in Indonesian (``<name>.id.png``);
this module reads them back and writes one index per language, each linking
to the other, grouped by the notebook that saves the figure. Never edit the
indexes by hand.

A figure belongs to the notebook whose code names it in a ``save_figure`` or
``save_figures`` call (an f-string name matches every name it can produce);
a figure no notebook names falls to a notebook with its two-digit prefix that
saves figures. So two notebooks may share a prefix (``00_start_here`` saves
the ``00_`` figures, ``00_mulai_di_sini`` saves none).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from analysis import paths

__all__ = ["figure_table", "render_index", "write_index", "saved_name_patterns", "INDEX_FILES"]

#: Index file of each language, in the figures folder.
INDEX_FILES = {"en": "README.md", "id": "README.id.md"}

_SAVE_CALL = re.compile(r'save_figures?\(\s*(?:\w+\s*,\s*)?f?"([^"]+)"')


def saved_name_patterns(source: str) -> list[re.Pattern]:
    """Return a pattern for each figure name given to ``save_figure(s)`` in ``source``.

    Examples
    --------
    >>> [p.pattern for p in saved_name_patterns('save_figures(f"00_x_{year}", build)')]
    ['00_x_.+']
    """
    return [re.compile(".+".join(re.escape(part) for part in re.split(r"\{[^}]*\}", literal)))
            for literal in _SAVE_CALL.findall(source)]


def _notebook_owners(names) -> dict[str, str]:
    """Map each figure name to the file name of the notebook that saves it ("" if none)."""
    notebooks = sorted(paths.notebooks_dir().glob("[0-9][0-9]_*.ipynb"))
    patterns = {}
    for nb in notebooks:
        cells = json.loads(nb.read_text(encoding="utf-8")).get("cells", [])
        code = "\n".join("".join(c.get("source", "")) for c in cells
                         if c.get("cell_type") == "code")
        patterns[nb.name] = saved_name_patterns(code)
    owners = {}
    for name in names:
        named = [nb for nb, pats in patterns.items() if any(p.fullmatch(name) for p in pats)]
        same = [nb.name for nb in notebooks if nb.name[:2] == name[:2]]
        owners[name] = (named or [nb for nb in same if patterns[nb]] or same or [""])[0]
    return owners


def figure_table(directory: Path | None = None, lang: str = "en"):
    """Return one row per figure in the folder, in one language.

    Parameters
    ----------
    directory : Path, optional
        The figures folder (default :func:`analysis.paths.figures_dir`).
    lang : {"en", "id"}
        English figures (``<name>.png``) or Indonesian ones (``<name>.id.png``).

    Returns
    -------
    DataFrame
        Columns: ``name`` (the figure's name, the English file stem),
        ``notebook`` (file name of the notebook that saves it, or empty),
        ``title``, ``caption`` (in ``lang``), ``png``, ``svg`` (file names in
        ``lang``; ``svg`` empty if missing).
    """
    import pandas as pd
    from PIL import Image

    from analysis.plots.save import figure_stem

    directory = Path(directory or paths.figures_dir())
    suffix = figure_stem("", lang)
    pngs = [p for p in sorted(directory.glob("*.png"))
            if (p.stem.endswith(suffix) if suffix else "." not in p.stem)]
    names = [p.stem.removesuffix(suffix) for p in pngs]
    owners = _notebook_owners(names)
    rows = []
    for name, png in zip(names, pngs, strict=True):
        with Image.open(png) as im:
            info = dict(im.text) if hasattr(im, "text") else {}
        svg = png.with_suffix(".svg")
        rows.append({
            "name": name,
            "notebook": owners[name],
            "title": info.get("Title", ""),
            "caption": info.get("Description", ""),
            "png": png.name,
            "svg": svg.name if svg.exists() else "",
        })
    return pd.DataFrame(rows, columns=["name", "notebook", "title", "caption", "png", "svg"])


def render_index(directory: Path | None = None, lang: str = "en") -> str:
    """Return the text of the index of the figures in ``lang`` (``INDEX_FILES[lang]``)."""
    from analysis.plots.text import LANGS, label

    table = figure_table(directory, lang)
    other = [f"[{INDEX_FILES[o]}]({INDEX_FILES[o]})" for o in LANGS if o != lang]
    lines = [f"# {label('index.title', lang)}", "",
             f"*{label('index.other', lang, link=', '.join(other))}*", "",
             label("index.generated", lang), label("index.formats", lang), ""]
    for notebook, group in table.groupby("notebook", sort=True):
        lines += [f"## {notebook or label('index.no_notebook', lang)}", ""]
        for r in group.itertuples():
            lines.append(f"### {r.title or r.name}")
            lines.append("")
            lines.append(f"![{r.title or r.name}]({r.png})")
            lines.append("")
            if r.caption:
                lines += [r.caption, ""]
            files = f"[PNG]({r.png})" + (f" · [SVG]({r.svg})" if r.svg else "")
            lines += [f"`{r.name}` — {files}", ""]
    return "\n".join(lines).rstrip() + "\n"


def write_index(directory: Path | None = None) -> Path:
    """Write the index of each language into the figures folder; return the English one's path."""
    directory = paths.ensure_dir(directory or paths.figures_dir())
    for lang, file in INDEX_FILES.items():
        (directory / file).write_text(render_index(directory, lang), encoding="utf-8")
    return directory / INDEX_FILES["en"]
